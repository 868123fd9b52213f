"""Unit tests of ``banmian.stories``: body runs → stories, and each story's lines → paragraphs."""

from __future__ import annotations

import pytest
from pagetext import nbsp_free, page, wrap

from banmian import parse_page
from banmian.credits import Author
from banmian.lines import make_lines
from banmian.roles import assign_roles
from banmian.stories import (
    NBSP,
    build_stories,
    lead_width,
    paragraph_starts,
    paragraphs,
    soft_boundaries,
    split_story,
)

TEA_1 = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力。"
TEA_2 = "镇农业服务中心负责人介绍，今年全镇茶园面积达到三千多亩，春茶产量预计比去年增长一成。"
TEA_3 = "茶农老周说，他常常天不亮就上山，人人都想赶在雨前多采一些。"
PARK_1 = "滨江公园的樱花进入盛花期，吸引了大批市民前来赏花拍照，园内游客比平日多了三成。"
PARK_2 = "公园管理处在主要路口增设了引导员，并开通了预约入园通道，方便游客错峰游览。"


def stories(text: str):
    return build_stories(assign_roles(make_lines(text)))


def paras(text: str) -> list[str]:
    """Paragraphs of the only story of ``text``."""
    (story,) = stories(text)
    return [nbsp_free(p) for p in paragraphs(story)]


# ---------------------------------------------------------------- paragraphs


def test_wrapped_lines_are_joined_without_spaces():
    assert paras(page(wrap(TEA_2))) == [TEA_2]


def test_an_indent_starts_a_paragraph():
    assert paras(page(wrap(TEA_1), wrap(TEA_2), wrap(TEA_3))) == [TEA_1, TEA_2, TEA_3]


def test_a_blank_line_in_mid_sentence_does_not_end_the_paragraph():
    lines = wrap(TEA_2)
    assert paras(page(wrap(TEA_1), lines[:2], "", lines[2:], wrap(TEA_3))) == [TEA_1, TEA_2, TEA_3]


def test_a_column_break_after_a_full_line_keeps_the_paragraph():
    lines = wrap(TEA_1)
    assert paras(page(lines[:3], "", lines[3:])) == [TEA_1]


def test_short_last_line_then_unindented_line_starts_a_paragraph():
    text = page(wrap(TEA_1), wrap(TEA_2, indent=False), wrap(TEA_3))
    assert paras(text) == [TEA_1, TEA_2, TEA_3]


def test_a_short_line_broken_mid_clause_in_indented_text_goes_on():
    # the extractor broke a line early mid-clause (`以“壮丽七十` / `年 荧屏…`): in text whose
    # paragraphs open indented, an unindented line after it continues the paragraph
    early = ["\u3000\u3000镇农业服务中心负责人介绍，", "今年，全镇茶园", "面积达到三千多亩，春茶产量", "预计比去年增长一成。"]
    assert paras(page(wrap(TEA_1), early, wrap(TEA_3))) == [TEA_1, "".join(early).strip(), TEA_3]


def test_a_short_subhead_with_a_comma_still_ends_its_paragraph():
    # a subhead (`医者仁心，大爱无疆`) whose next paragraph lost its indent: two paragraphs
    text = page(wrap(TEA_1), "\u3000\u3000茶香四溢，春意正浓", wrap(TEA_2, indent=False))
    assert paras(text) == [TEA_1, "茶香四溢，春意正浓", TEA_2]


def test_a_line_opening_with_closing_punctuation_never_starts_a_paragraph():
    # a short line, then a line that starts with `”`: the quotation goes on
    text = page("\u3000\u3000他说：“今年的茶", "”茶农们都笑了。")
    assert paras(text) == ["他说：“今年的茶”茶农们都笑了。"]


def test_extractor_spaces_around_digits_are_closed_in_body_text():
    text = page(wrap("村民们在10 月 14 日上午来到书屋，共有 1200 册新书上架。"))
    (p,) = paras(text)
    assert "10月14日" in p
    assert "1200册" in p


def test_a_space_printed_between_names_is_kept():
    (p,) = paras(page("\u3000\u3000本报讯 （通讯员 林晓帆 沈一鸣）", "近日，云岭镇的春茶开采了。"))
    assert "林晓帆 沈一鸣" in p


def test_printed_blanks_are_kept_as_fixed_spaces():
    (story,) = stories(page(wrap(TEA_1)))
    assert paragraphs(story)[0].startswith("本报讯" + NBSP + "近日")


def test_a_datelines_blank_before_a_date_is_printed_but_extractor_gaps_go():
    text = page(wrap("本报讯 3 月 2 日，社区长者食堂正式开门迎客。"), wrap("老人们说， 20 元就能吃上三菜一汤。"))
    (story,) = stories(text)
    assert paragraphs(story) == [
        "本报讯" + NBSP + "3月2日，社区长者食堂正式开门迎客。",
        "老人们说，20元就能吃上三菜一汤。",
    ]


def test_jump_markers_are_not_paragraph_text():
    text = page(
        wrap("（上接第一版）在企业和高校之间架起桥梁。", indent=False),
        wrap("双方将在共建实习基地等方面开展合作。（下转第5版）"),
    )
    assert paras(text) == ["在企业和高校之间架起桥梁。", "双方将在共建实习基地等方面开展合作。"]


def test_paragraph_starts_give_reasons():
    (story,) = stories(page(wrap(TEA_1), wrap(TEA_2)))
    starts = paragraph_starts(story)
    assert starts[0] == (0, "first line")
    assert [why for _, why in starts[1:]] == ["indented"]


# ---------------------------------------------------------------- stories


def test_one_article_across_a_column_break_is_one_story():
    lines = wrap(TEA_2)
    assert len(stories(page(wrap(TEA_1), lines[:2], "", lines[2:]))) == 1


def test_a_headline_between_closed_bodies_starts_a_new_story():
    text = page(wrap(TEA_1), "", "滨江樱花进入盛花期", "", wrap(PARK_1))
    assert len(stories(text)) == 2


def test_a_dateline_starts_a_new_story():
    text = page(wrap(PARK_1), "", wrap(TEA_1))
    got = stories(text)
    assert len(got) == 2
    assert got[1].reason == "opens with a dateline"


def test_a_jump_from_marker_starts_a_new_story():
    text = page(wrap(PARK_1), "", wrap("（上接第一版）在企业和高校之间架起桥梁。", indent=False))
    got = stories(text)
    assert len(got) == 2
    assert got[1].body[0].jump_from == 1


def test_a_jump_to_marker_ends_a_story():
    first = wrap(PARK_1)
    first[-1] += "（下转第5版）"
    text = page(first, "", wrap(PARK_2))
    assert len(stories(text)) == 2


def test_a_photo_credit_ends_its_item_even_when_the_next_text_is_unindented_mid_sentence():
    caption = wrap("近日，云岭镇的茶园里一片忙碌，茶农们趁着晴好天气抢摘春茶。")
    after = wrap(PARK_1, indent=False)
    text = page(caption, "\u3000\u3000林晓帆摄", "", after[:2], "", after[2:])
    got = stories(text)
    assert len(got) == 2
    assert got[0].body[-1].credit and got[1].reason == "a photo credit ends the item above"


def test_a_change_of_column_width_starts_a_new_story():
    text = page(wrap(TEA_1, col=14), "", wrap(PARK_1, col=18))
    got = stories(text)
    assert [s.width for s in got] == [14.0, 18.0]


def test_bylines_above_a_body_go_with_it():
    text = page("\u3000\u3000□记者 林晓帆", "\u3000\u3000通讯员 周若谷 报道", wrap(TEA_1))
    (story,) = stories(text)
    assert [ln.no for ln in story.bylines] == [1, 2]
    assert [ln.no for ln in story.body] == list(range(3, 3 + len(wrap(TEA_1))))


def test_a_byline_starts_a_new_story():
    text = page(wrap(PARK_1), "", "\u3000\u3000□记者 林晓帆", wrap(TEA_2))
    got = stories(text)
    assert len(got) == 2
    assert [ln.text for ln in got[1].bylines] == ["□记者 林晓帆"]


# ---------------------------------------------------------------- soft boundaries and splitting


def test_soft_boundary_after_blank_closed_paragraph_and_indent():
    text = page(wrap(PARK_1), wrap(PARK_2), "", wrap(TEA_2))
    (story,) = stories(text)
    at = len(wrap(PARK_1)) + len(wrap(PARK_2))
    assert soft_boundaries(story) == [at]


def test_no_soft_boundary_inside_a_sentence():
    lines = wrap(TEA_2)
    (story,) = stories(page(lines[:2], "", lines[2:]))
    assert soft_boundaries(story) == []


def test_split_story_keeps_every_line_once_and_bylines_with_the_head():
    text = page("\u3000\u3000□记者 林晓帆", wrap(PARK_1), wrap(PARK_2), "", wrap(TEA_2))
    (story,) = stories(text)
    at = soft_boundaries(story)[0]
    head, tail = split_story(story, at, "test")
    assert head.body + tail.body == story.body
    assert [ln.no for ln in head.bylines] == [1]
    assert tail.bylines == []
    assert tail.reason == "test"
    assert [nbsp_free(p) for p in paragraphs(tail)] == [TEA_2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("春天", 1.0), ("2025年", 2.0), ("“好", 2.0), ("GDP增长", 1.5), ("春，天", 2.0)],
)
def test_lead_width_is_what_cannot_be_split_from_the_first_glyph(text, expected):
    assert lead_width(text) == expected


# ---------------------------------------------------------------- through parse_page


def test_standalone_byline_is_an_author_and_not_paragraph_text():
    text = page(
        "春茶采摘进入旺季", "", "\u3000\u3000□记者 林晓帆", "\u3000\u3000通讯员 周若谷 报道", wrap(TEA_1)
    )
    (art,) = parse_page(text).articles
    assert art.authors == (Author("林晓帆", "reporter"), Author("周若谷", "correspondent"))
    assert [nbsp_free(p) for p in art.paragraphs] == [TEA_1]


def test_inline_dateline_credit_stays_in_text_and_is_an_author():
    first = "本报讯 （记者 林晓帆）近日，云岭镇的茶园里一片忙碌，茶农们抢摘春茶。"
    (art,) = parse_page(page("春茶采摘进入旺季", "", wrap(first))).articles
    assert nbsp_free(art.paragraphs[0]) == first
    assert Author("林晓帆", "reporter") in art.authors


def test_closing_signature_stays_in_text_and_is_an_author():
    (art,) = parse_page(page("春茶采摘进入旺季", "", wrap(TEA_1), wrap(TEA_3 + "（宋佳音）"))).articles
    assert art.paragraphs[-1].endswith("（宋佳音）")
    assert Author("宋佳音", "author") in art.authors


def test_wen_tu_byline_is_a_reporter():
    (art,) = parse_page(page("春茶采摘进入旺季", "", "\u3000\u3000文/图 许安然", wrap(TEA_1))).articles
    assert art.authors == (Author("许安然", "reporter"),)


def test_letter_spaced_byline_names_are_closed_per_name():
    (art,) = parse_page(
        page("春茶采摘进入旺季", "", "\u3000\u3000本报记者 许 朔  温 冉", wrap(TEA_1))
    ).articles
    assert art.authors == (Author("许朔", "reporter"), Author("温冉", "reporter"))


def test_photo_credit_line_is_a_photographer_and_stays_in_the_caption():
    text = page(
        "春茶采摘进入旺季",
        "",
        wrap(TEA_1),
        wrap(TEA_2),
        "",
        "\u3000\u30004月10日，茶农在云岭镇的茶园里采摘春茶。",
        "\u3000\u3000柯 岚摄（影像中国）",
    )
    photo = parse_page(text).articles[-1]
    assert Author("柯岚", "photographer") in photo.authors
    assert nbsp_free(photo.paragraphs[-1]) == "柯 岚摄（影像中国）"


def test_photo_byline_on_its_own_line_is_not_caption_text():
    text = page("云岭春色", "", "\u3000\u3000图为云岭镇的茶农在茶园里采摘春茶。", "许安然 摄")
    (art,) = parse_page(text).articles
    assert art.authors == (Author("许安然", "photographer"),)
    assert art.paragraphs == ("图为云岭镇的茶农在茶园里采摘春茶。",)


def test_a_caption_credited_on_a_byline_line_alone_is_a_photo_item():
    text = page("云岭春色", "", "\u3000\u3000云岭镇的茶农在茶园里采摘春茶。", "\u3000\u3000本报记者 许安然 摄")
    (art,) = parse_page(text).articles
    assert art.kind == "photo" and art.authors == (Author("许安然", "photographer"),)


def test_a_short_report_crediting_only_its_photographer_stays_news():
    # must not change: two paragraphs are a report, though its byline names a photographer only
    text = page("春茶采摘进入旺季", "", "\u3000\u3000许安然 摄", wrap(TEA_1), wrap(TEA_2))
    (art,) = parse_page(text).articles
    assert art.kind == "news" and len(art.paragraphs) == 2


def test_jump_marker_on_its_own_line_sets_continued_to():
    text = page("春茶采摘进入旺季", "", wrap(TEA_1), wrap(TEA_2), "（转第十二版）")
    (art,) = parse_page(text).articles
    assert art.continued_to == 12
    assert all("转第" not in p for p in art.paragraphs)


def test_dated_signature_of_a_letter_stays_in_the_body():
    text = page(
        "致全区志愿者的一封信",
        "",
        wrap("全区广大志愿者：过去一年，你们走街串巷、扶老助残，温暖了这座城市。"),
        "\u3000\u3000青澜新区志愿服务联合会",
        "\u3000\u30002025年1月2日",
    )
    page_ = parse_page(text)
    (art,) = page_.articles
    assert art.paragraphs[-1] == "2025年1月2日"
    assert page_.furniture == ()


OPINION_1 = "一间改造后的自行车棚，成了老人们每天惦记的饭堂。社区食堂开进老旧小区，看似小事，却解决了不少老人的烦心事。"
OPINION_2 = "期待更多这样的微改造在社区落地，让群众在家门口就能感受到城市发展的温度。"


def test_byline_under_the_last_paragraph_is_an_author_and_not_text():
    text = page("让便利再多一些", "", wrap(OPINION_1), wrap(OPINION_2), "\u3000\u3000本报记者 林晓帆")
    (art,) = parse_page(text).articles
    assert art.authors == (Author("林晓帆", "reporter"),)
    assert [nbsp_free(p) for p in art.paragraphs] == [OPINION_1, OPINION_2]


def test_credit_line_that_is_part_of_the_body_stays_and_credits():
    text = page(
        "让便利再多一些", "", wrap(OPINION_1), wrap(OPINION_2), "\u3000\u3000（本报记者 林晓帆采访整理）"
    )
    (art,) = parse_page(text).articles
    assert art.paragraphs[-1] == "（本报记者 林晓帆采访整理）".replace(" ", NBSP)
    assert art.authors == (Author("林晓帆", "reporter"),)


def test_name_alone_under_the_last_paragraph_is_an_author():
    text = page("让便利再多一些", "", wrap(OPINION_1), wrap(OPINION_2), "\u3000\u3000叶知秋")
    (art,) = parse_page(text).articles
    assert art.authors == (Author("叶知秋", "author"),)


def test_title_and_name_signing_a_piece_is_an_author():
    text = page(
        "致全区志愿者的一封信", "", wrap(OPINION_1), wrap(OPINION_2), "\u3000\u3000青澜新区区长 沈一鸣"
    )
    (art,) = parse_page(text).articles
    assert nbsp_free(art.paragraphs[-1]) == "青澜新区区长 沈一鸣"
    assert art.authors == (Author("沈一鸣", "author"),)


def test_jump_from_marker_on_its_own_line_opens_the_next_story():
    text = "\n".join(
        [
            "乡村书屋添新书",
            "",
            "（上接第一版）",
            "",
            "\u3000\u3000书屋还开设了周末故事会，吸引了",
            "不少孩子前来听讲。",
        ]
    )
    (art,) = parse_page(text).articles
    assert art.continued_from == 1
    assert art.headline == ("乡村书屋添新书",)
    assert art.paragraphs == ("书屋还开设了周末故事会，吸引了不少孩子前来听讲。",)
    assert 3 in art.lines  # the marker line is part of the article's provenance


def test_a_photo_explanation_under_a_wide_caption_is_the_same_photo_item():
    news = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力，全镇春茶产量预计比去年增长一成。"
    caption = "近年来，青澜县利用农村闲置院落，按照就近集中、邻里互助的模式建起一批幸福小院，老人们在小院里居住、娱乐、休闲，晚年生活丰富多彩。"
    text = page(
        "云岭春茶采摘进入旺季",
        "",
        wrap(news, col=12),
        wrap(news, col=12),
        "",
        "幸福小院欢笑多",
        "",
        wrap(caption, col=36),
        "",
        "\u3000\u3000图为两位老人在小院里下棋。",
        "\u3000\u3000林晓帆摄",
    )
    arts = parse_page(text).articles
    photo = arts[-1]
    assert photo.headline == ("幸福小院欢笑多",)
    assert [nbsp_free(p) for p in photo.paragraphs][-2:] == ["图为两位老人在小院里下棋。", "林晓帆摄"]
    assert [(a.name, a.role) for a in photo.authors] == [("林晓帆", "photographer")]


def test_a_long_caption_in_a_narrow_column_is_still_a_photo_item():
    news = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力，全镇春茶产量预计比去年增长一成。"
    caption_1 = "26日，青澜县民族小学各个非遗文化兴趣班迎来了新学期的第一课，孩子们学习剪纸、蜡染、刺绣和民歌等传统非遗文化，感受多姿多彩的民族文化。"
    caption_2 = "近年来，青澜县大力实施非遗文化进校园、进教材、进课堂项目，组织编写校本教材，为学生搭建了多元化的成长平台。"
    text = page(
        "云岭春茶采摘进入旺季",
        "",
        wrap(news, col=8),
        "\u3000\u3000本版制图：沈一鸣",
        "",
        wrap(caption_1, col=8),
        wrap(caption_2, col=8),
        "\u3000\u3000林晓帆摄（影像中国）",
    )
    assert len(wrap(caption_1, col=8) + wrap(caption_2, col=8)) > 14  # longer than 14 lines
    arts = parse_page(text).articles
    assert [a.kind for a in arts] == ["news", "photo"]
    assert [(a.name, a.role) for a in arts[1].authors] == [("林晓帆", "photographer")]


def test_a_caption_broken_over_two_columns_is_one_photo_item():
    news = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力。"
    caption = "12月31日，青澜县山村的索道正式运行，最后一个不通公路的村子打通了对外通道，改变了闭塞的交通状况。"
    lines = wrap(caption, col=14)
    text = page(
        "云岭春茶采摘进入旺季",
        "",
        wrap(news, col=14),
        "",
        lines[:3],
        "",  # a column break in mid-sentence
        lines[3:],
        "\u3000\u3000图为索道在峡谷两岸运行调试。",
        "\u3000\u3000林晓帆摄",
    )
    arts = parse_page(text).articles
    assert [a.kind for a in arts] == ["news", "photo"]
    assert nbsp_free(arts[1].paragraphs[0]) == caption


def test_unwrapped_text_has_a_paragraph_per_line():
    # a web page's text: one line per paragraph, no indents, a blank line between some
    lead = "滨江公园的樱花进入盛花期，吸引了大批市民前来赏花拍照，园内游客比平日多了三成，周末更是人头攒动。"
    more = "公园管理处在主要路口增设了引导员，并开通了预约入园通道，方便游客错峰游览，游园秩序井然有序。"
    last = "管理处提醒，赏花期间园内禁止攀折花枝，游客可通过公园公众号查询实时客流，合理安排出行时间。"
    assert paras(page(lead, "", more, last)) == [lead, more, last]


def test_a_wide_caption_wrapped_mid_sentence_stays_one_paragraph():
    # lines over 40 glyphs that stop mid-sentence were wrapped: not one paragraph each
    text = TEA_1 + TEA_2 + TEA_3 + PARK_1
    lines = wrap(text, col=42, indent=False)
    assert len(lines) >= 3
    assert paras(page(*lines)) == [text]


@pytest.mark.parametrize("day", ["4月10日，", "10日上午，", "10日一大早，", "四月十日，", "4 月 10 日，"])
def test_a_dated_caption_glued_under_a_story_is_its_own_photo_item(day: str):
    # no blank lines: the caption opens with the day the photo was taken, its credit follows
    text = page(
        "春茶采摘进入旺季",
        wrap(TEA_1),
        wrap(TEA_2),
        wrap(day + "茶农在云岭镇的茶园里采摘春茶。"),
        wrap("当日，镇上的加工厂开足了马力。"),
        "\u3000\u3000柯 岚摄（影像中国）",
        "云岭春茶",
    )
    arts = parse_page(text).articles
    assert [a.kind for a in arts] == ["news", "photo"]
    assert arts[1].paragraphs[0] == day.replace(" ", "") + "茶农在云岭镇的茶园里采摘春茶。"
    assert list(arts[1].headline or []) == ["云岭春茶"]


def test_a_photo_report_keeps_its_paragraphs_above_a_dated_one():
    # must not change: `X摄影报道` credits the whole item, not the dated paragraph alone
    text = page(
        "云岭春茶",
        "",
        wrap(TEA_2),
        wrap("4月10日，茶农在云岭镇的茶园里采摘春茶。"),
        "\u3000\u3000柯 岚摄影报道",
    )
    (art,) = parse_page(text).articles
    assert len(art.paragraphs) == 3 and art.kind == "photo"


def test_a_dated_caption_set_wide_under_a_story_is_its_own_photo_item():
    # no blank lines: a caption set across two columns makes the whole block look like one;
    # the report above it is longer than any caption
    text = page(
        "春茶采摘进入旺季",
        wrap(TEA_1),
        wrap(TEA_2 * 4),
        wrap(TEA_2 * 4),
        wrap("4月10日，茶农在云岭镇的茶园里采摘春茶，镇上的加工厂也开足了马力。", col=30),
        "\u3000\u3000柯 岚摄（影像中国）",
        "云岭春茶",
    )
    arts = parse_page(text).articles
    assert [a.kind for a in arts] == ["news", "photo"] and list(arts[1].headline or []) == ["云岭春茶"]
