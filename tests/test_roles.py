"""Unit tests of ``banmian.roles``: furniture, byline, headline or body for every line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pagetext import page, wrap

from banmian import parse_page
from banmian.column import closes, column_width
from banmian.lines import make_line, make_lines
from banmian.roles import assign_roles, headline_score

TEA_1 = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力。"
TEA_2 = "镇农业服务中心负责人介绍，今年全镇茶园面积达到三千多亩，春茶产量预计比去年增长一成。"
LETTER = (
    "全区广大志愿者：过去一年，你们走街串巷、扶老助残，用行动温暖了这座城市。新的一年，让我们继续携手同行！"
)


def roles(text: str) -> dict[int, str]:
    """Input line number → role, for every non-blank line."""
    return {ln.no: run.role for run in assign_roles(make_lines(text)) for ln in run.lines}


def role_of(text: str, line: str) -> str:
    lines = text.split("\n")
    return roles(text)[lines.index(line) + 1]


# ---------------------------------------------------------------- a whole small page


def test_every_role_on_a_small_page():
    text = page(
        "06 体育",
        "2025年4月12日 星期六",
        "",
        "春茶采摘进入旺季",
        "",
        "\u3000\u3000□记者 林晓帆",
        wrap(TEA_1),
        wrap(TEA_2),
        "",
        "责编：韩素秋",
    )
    r = roles(text)
    assert r[1] == r[2] == "furniture"
    assert r[4] == "headline"
    assert r[6] == "byline"
    n = len(text.split("\n"))
    assert {r[k] for k in range(7, n - 1)} == {"body"}
    assert r[n] == "furniture"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "春茶采摘进入旺季",
                "\u3000\u3000□记者 林晓帆",
                "06 体育",
                "（下转第5版）",
                *wrap(TEA_1),
                *wrap(TEA_2),
                "““春春茶茶””上上市市",
            ]
        ),
        max_size=25,
    )
)
def test_every_non_blank_line_gets_exactly_one_role_in_order(lines):
    runs = assign_roles(make_lines("\n".join(lines)))
    placed = [ln.no for run in runs for ln in run.lines]
    assert placed == [k for k, t in enumerate(lines, 1) if t.strip()]
    assert {run.role for run in runs} <= {"furniture", "byline", "headline", "body"}


# ---------------------------------------------------------------- headline vs body


def test_fake_bold_headline_is_a_headline():
    text = page("““春春茶茶””上上市市", "", wrap(TEA_1))
    assert roles(text)[1] == "headline"


def test_letter_spaced_headline_is_a_headline():
    text = page("滨 江 樱 花 盛 开", "", wrap(TEA_1))
    assert roles(text)[1] == "headline"


def test_wrapped_headline_lines_form_one_headline_run():
    text = page("全区一季度重点项目", "集中开工", "", wrap(TEA_1))
    runs = assign_roles(make_lines(text))
    assert runs[0].role == "headline"
    assert [ln.no for ln in runs[0].lines] == [1, 2]


def test_an_indented_short_line_is_body():
    text = page(wrap(TEA_1), "\u3000\u3000茶农笑了", wrap(TEA_2))
    assert role_of(text, "\u3000\u3000茶农笑了") == "body"


def test_text_continuing_a_sentence_after_a_column_break_is_body():
    lines = wrap(TEA_1)
    text = page("春茶采摘进入旺季", "", lines[:3], "", lines[3:])
    assert {roles(text)[k] for k in range(3, len(lines) + 4) if text.split("\n")[k - 1]} == {"body"}


def test_a_column_fragment_after_a_quoted_name_is_body():
    # a column ends on a quote that closes a name, not a sentence; the next column's short
    # fragment (two lines, a blank after it) still continues the same sentence
    text = page(
        "春茶采摘进入旺季",
        "",
        "　　镇里今年推出“绿水",
        "青山采茶节”",
        "",
        "等一系列活动，吸引了不",
        "少外地游客前来体验采",
        "",
        "茶、制茶的乐趣。",
    )
    assert role_of(text, "等一系列活动，吸引了不") == "body"


# a headline and a first paragraph, then (after a column fragment) the next paragraph
_TEA_BEFORE = ("春茶采摘进入旺季", "", "　　镇里今年推出了采茶节，", "白天采茶制茶，晚上品茶赏", "月，吸引了不少外地游客。", "")
_TEA_AFTER = ("　　镇农业服务中心负责人介", "绍，今年全镇茶园面积达到", "三千多亩。")


def test_a_column_fragment_that_flows_on_into_the_next_column_is_body():
    # three full lines between column breaks, stopping mid-sentence; the next column opens
    # unindented (the same sentence) before the next indented paragraph
    text = page(
        *_TEA_BEFORE,
        "“采茶节的意义在于让更多",
        "游客走进茶园，了解茶叶从",
        "采摘到制作的全过程，也为",
        "",
        "茶农增加了收入。”",
        *_TEA_AFTER,
    )
    assert role_of(text, "游客走进茶园，了解茶叶从") == "body"


def test_a_column_fragment_wrapped_after_an_enumeration_comma_is_body():
    # three unpunctuated-looking lines between column breaks, the first ending in `、`:
    # text wrapped mid-list, not a headline (a headline's lines are not cut after `、`)
    text = page(
        *_TEA_BEFORE,
        "“茶乡新秀”称号获得者、",
        "年轻的制茶师林晓帆老师则",
        "说这是茶乡给游客的一个新",
        "",
        "的体验，让更多人爱上了",
        "这里的春茶。",
        *_TEA_AFTER,
    )
    assert role_of(text, "年轻的制茶师林晓帆老师则") == "body"


def test_a_dateline_opening_is_body_even_when_short():
    text = page("春茶采摘进入旺季", "", "本报讯 近日，云岭镇", "春茶开采")
    assert roles(text)[3] == "body"


def test_headline_printed_after_its_body_is_still_a_headline():
    text = page(wrap(TEA_1), wrap(TEA_2), "", "春茶采摘进入旺季")
    assert roles(text)[len(text.split("\n"))] == "headline"


# ---------------------------------------------------------------- dates: furniture or body


def test_a_date_on_an_indented_body_line_is_body():
    text = page(
        "致全区志愿者的一封信",
        "",
        wrap(LETTER),
        "\u3000\u3000青澜新区志愿服务联合会",
        "\u3000\u30002025年1月2日",
        "",
        "滨江樱花进入盛花期",
        "",
        wrap(TEA_1),
    )
    assert role_of(text, "\u3000\u30002025年1月2日") == "body"


def test_a_bare_date_beside_the_page_header_is_furniture():
    text = page("06 体育", "2025年4月12日", "", "春茶采摘进入旺季", "", wrap(TEA_1))
    assert roles(text)[2] == "furniture"


def test_a_page_number_scrap_beside_furniture_is_furniture():
    text = page("06", "2025年4月12日 星期六", "", "春茶采摘进入旺季", "", wrap(TEA_1))
    assert roles(text)[1] == "furniture"


def test_a_page_number_dropped_between_columns_is_furniture_and_the_sentence_goes_on():
    text = page("春茶采摘进入旺季", "", "　　镇里今年推出了采茶节，吸引了", "", "07", "", "不少外地游客。")
    assert roles(text)[5] == "furniture"
    (art,) = parse_page(text).articles
    assert art.paragraphs == ("镇里今年推出了采茶节，吸引了不少外地游客。",)


def test_a_front_pages_publisher_and_qr_prompt_beside_its_head_are_furniture():
    text = page(
        "青川湾晚报", "青川湾区委宣传部主管主办", "2025年4月12日 星期六 今日8版", "",
        "春茶采摘进入旺季", "", wrap(TEA_1), "", "导读", "▶文旅融合，点亮春节经济 详见第5版", "",
        "扫码关注青川湾晚报客户端",
    )
    r = roles(text)
    assert r[1] == r[2] == r[3] == "furniture" and r[5] == "headline"
    assert [r[k] for k in sorted(r)][-3:] == ["furniture"] * 3


def test_a_short_kicker_and_title_under_the_running_head_stay_a_headline():
    text = page("06 体育", "2025年4月12日 星期六", "", "春耕", "备耕忙", "", wrap(TEA_1))
    r = roles(text)
    assert r[4] == r[5] == "headline"


@pytest.mark.parametrize("under", ["□记者 林晓 报道", wrap(TEA_1)])
def test_a_short_title_under_the_running_head_over_a_byline_or_an_opening_is_a_headline(under):
    text = page("06 体育 2025年4月12日 星期六", "", "晨 练", "", under, "", wrap(TEA_2))
    assert roles(text)[3] == "headline"
    text = page("06 2025年4月12日 星期六", "", "体 育", "", under, "", wrap(TEA_2))
    assert roles(text)[3] == "furniture"  # a section name is the running head's


def test_the_papers_name_over_the_running_head_is_furniture_not_a_notice():
    text = page("青川湾晚报", "2025年4月12日 星期六", "", "春茶采摘进入旺季", "", wrap(TEA_1))
    r = roles(text)
    assert r[1] == "furniture" and r[4] == "headline"


# ---------------------------------------------------------------- headline_score terms


def _score(*raw: str) -> float:
    return headline_score([make_line(k, t) for k, t in enumerate(raw, 1)], None, 0.0, None)[0]


def test_headline_score_favours_short_unpunctuated_lines():
    assert _score("春茶采摘进入旺季") > 0
    assert _score("全区一季度重点项目", "集中开工") > 0


def test_headline_score_rejects_indented_running_text():
    assert _score(*wrap(TEA_2)) < 0


def test_headline_score_rejects_a_dateline_opening():
    assert _score("本报讯 近日") < 0


def test_headline_score_gives_its_reasons():
    score, why = headline_score([make_line(1, "\u3000\u3000茶农笑了。")], None, 0.0, None)
    assert score < 0
    assert "indented" in why


# ---------------------------------------------------------------- helpers


def test_column_width_is_the_most_common_line_width():
    lines = [make_line(k, t) for k, t in enumerate(wrap(TEA_1 + TEA_2, col=14), 1)]
    assert column_width(lines) == 14.0


def test_column_width_without_repeats_skips_the_widest():
    lines = [make_line(1, "春" * 10), make_line(2, "春" * 16), make_line(3, "春" * 12)]
    assert column_width(lines) == 12.0


def test_lines_ending_short_paragraphs_count_half_in_the_column_width():
    texts = [
        "\u3000\u3000茶农们趁着晴好天气抢摘新春茶",  # 16 wide, wrapped at the edge
        "镇上的加工厂开足了马力，茶香飘满",  # 16, wrapped
        "巷，游人络绎不绝。",  # 9: ends its paragraph
        "\u3000\u3000茶农们都笑了。",  # three one-line paragraphs, 9 wide each
        "\u3000\u3000游客也很满意。",
        "\u3000\u3000大家都很高兴。",
    ]
    lines = [make_line(k, t) for k, t in enumerate(texts, 1)]
    assert column_width(lines) == 16.0


def test_column_width_of_nothing_is_zero():
    assert column_width([]) == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开足了马力。", True),
        ("“收成好！”", True),
        ("（宋佳音）", True),
        ("制图：沈一鸣", True),  # a design credit under the last paragraph
        ("版式：沈一鸣", True),  # … the layout's
        ("茶农们趁着晴好天气", False),
        ("镇上的加工厂，", False),
        ("推出“绿水青山”", False),  # a quote closing a name: the sentence goes on
    ],
)
def test_closes_says_whether_text_may_stop_after_a_line(text, expected):
    assert closes(make_line(1, text)) is expected


def test_a_source_credit_wrapped_over_lines_closes_the_body_above_a_headline():
    text = page(
        wrap(TEA_1),
        "\u3000\u3000数据来源：青澜市统计局、青澜市",
        "商务局《春茶产销报告》",
        "",
        "滨江樱花进入盛花期",
        "",
        "游客错峰赏花",
        "",
        wrap("公园管理处在主要路口增设了引导员，方便游客错峰游览。"),
    )
    roles = {r.lines[0].text: r.role for r in assign_roles(make_lines(text))}
    assert roles["滨江樱花进入盛花期"] == "headline"


def test_a_short_exclaiming_run_before_a_continuation_is_its_repeated_headline():
    cont = "（上接第一版）在企业和高校之间架起沟通桥梁，让更多青年人才愿意来、留得住、干得好。"
    text = page(wrap(TEA_1), wrap(TEA_2), "", "人才留得住，干得好！（来", "自基层一线的报道）", "", wrap(cont, indent=False))
    roles = {r.lines[0].text: r.role for r in assign_roles(make_lines(text))}
    assert roles["人才留得住，干得好！（来"] == "headline"


def test_a_kicker_over_a_fake_bold_title_is_display_type_even_ending_in_an_ellipsis():
    text = page(wrap(TEA_1), wrap(TEA_2), "", "赏花、踏青、品茶……", "", "春春茶茶飘飘香香游游客客来来", "", wrap(TEA_1))
    roles = {r.lines[0].text: r.role for r in assign_roles(make_lines(text))}
    assert roles["赏花、踏青、品茶……"] == "headline"


def test_a_dump_without_blank_lines_still_separates_its_articles():
    park = "公园管理处在主要路口增设了引导员，并开通了预约入园通道，方便游客错峰游览樱花美景。"
    text = page(
        "云岭春茶采摘进入旺季",
        wrap(TEA_1),
        wrap(TEA_2),
        "滨江樱花进入盛花期",  # under a finished paragraph, over an indented one: a headline
        "游客错峰赏花",
        wrap(park),
        "茶乡迎来旅游热",  # before a byline: a headline however wide
        "\u3000\u3000□记者 林晓帆",
        wrap(TEA_1),
    )
    assert "" not in text.split("\n")
    runs = assign_roles(make_lines(text))
    heads = [[ln.text for ln in r.lines] for r in runs if r.role == "headline"]
    assert heads == [["云岭春茶采摘进入旺季"], ["滨江樱花进入盛花期", "游客错峰赏花"], ["茶乡迎来旅游热"]]


def test_a_dense_block_whose_dateline_follows_a_finished_sentence_is_parsed_in_finite_time():
    import threading

    text = page(wrap(TEA_1), "本报北京3月2日", "电 （记者林晓帆）近日，云岭镇的茶园里一片忙碌。", wrap(TEA_2))
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(assign_roles(make_lines(text))), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert done, "assign_roles did not finish"


def test_in_a_dense_dump_a_signature_under_the_text_is_not_a_headline():
    text = page("云岭春茶采摘进入旺季", wrap(TEA_1), "（林晓帆）", "滨江樱花进入盛花期", wrap(TEA_2))
    runs = assign_roles(make_lines(text))
    heads = [[ln.text for ln in r.lines] for r in runs if r.role == "headline"]
    assert heads == [["云岭春茶采摘进入旺季"], ["滨江樱花进入盛花期"]]


def test_a_title_boxed_narrow_between_wide_text_is_display_type():
    wide = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力，全镇春茶产量预计比去年增长一成，茶农的收入也跟着涨了。"
    head = ["跌倒探测、生命体征监", "护、慢性病智能管理等", "产品服务纷纷涌现", "科技助养老 服务更精", "准（本报观察）"]
    text = page(wrap(wide, col=22), "", head, "", wrap(wide, col=22))
    roles = [(r.lines[0].text, r.role) for r in assign_roles(make_lines(text))]
    assert (head[0], "headline") in roles


# ---------------------------------------------------------------- dense dumps: where an item begins

PARK = "公园管理处在主要路口增设了引导员，并开通了预约入园通道，方便游客错峰游览樱花美景，游园秩序井然。"
DATELINED = "新华社昆明3月2日电 （记者林晓帆）近日，滇池湖畔的樱花迎来盛花期，吸引了大批市民游客前来观赏。"


def _bodies(text: str) -> list[str]:
    assert "" not in text.split("\n")  # a dense dump: no blank line anywhere
    return ["".join(a.paragraphs) for a in parse_page(text).articles]


def test_in_a_dense_dump_a_paragraph_opening_with_a_dateline_starts_another_item():
    # a continuation from another page (no headline) runs straight into a dated report
    cont = "（上接第一版）" + TEA_2
    text = page(wrap(cont, indent=False), wrap(PARK), wrap(DATELINED), wrap(TEA_2))
    bodies = _bodies(text)
    assert len(bodies) == 2
    assert bodies[1].startswith("新华社昆明3月2日电")


def test_in_a_dense_dump_a_dateline_wrapped_after_its_date_still_starts_an_item():
    text = page(wrap("（上接第一版）" + TEA_2, indent=False), "\u3000\u3000新华社昆明 3 月 2 日", wrap("电 " + PARK, indent=False))
    assert len(_bodies(text)) == 2


def test_in_a_dense_dump_a_change_of_column_width_starts_another_item():
    caption = (
        "图为游客在滇池湖畔的樱花林中拍照留念，湖面上的红嘴鸥不时掠过人群，引来阵阵欢呼。"
        "连日来，湖畔步道上赏花的市民游客络绎不绝，景区增派了志愿者引导游客有序游览。"
    )  # wrapped wider than the column (four lines): the width it wraps at tells it apart
    text = page(wrap("（上接第一版）" + TEA_2, indent=False), wrap(PARK), wrap(caption, col=26), "\u3000\u3000林晓帆摄")
    arts = parse_page(text).articles
    assert len(arts) == 2
    assert arts[1].paragraphs[0].startswith("图为")


def test_in_a_dense_dump_a_report_read_on_in_one_column_stays_one_item():
    # what must not be cut: paragraphs of one column, a list of short items among them
    items = ["\u3000\u3000（一）茶园管护；", "\u3000\u3000（二）茶叶加工；", "\u3000\u3000（三）品牌推广。"]
    text = page(wrap(TEA_1), wrap(TEA_2), items, wrap(PARK), wrap(TEA_2))
    assert len(_bodies(text)) == 1


def test_in_a_dense_dump_a_trailing_headline_as_wide_as_the_column_is_still_a_headline():
    title = "滨江樱花迎来盛花期游人如织"  # 13 glyphs in a 14-glyph column, no punctuation
    text = page(wrap(TEA_1), wrap(PARK), title, "05 综合")
    arts = parse_page(text).articles
    assert [list(a.headline) for a in arts] == [[title]]


def test_on_a_page_of_unwrapped_paragraphs_a_headline_glued_to_its_body_is_cut_off():
    # one line per paragraph (a web page's text): a headline right above its first paragraph
    # is still a headline; blank lines stand only between articles
    items = [
        ("茶乡春来早", "\u3000\u3000" + TEA_1, "\u3000\u3000" + TEA_2),
        ("樱花开了，游客来了", "\u3000\u3000" + DATELINED, "\u3000\u3000" + PARK),
        ("滨江樱花进入盛花期", "\u3000\u3000" + PARK, "\u3000\u3000" + TEA_2),
    ]
    arts = parse_page(page(*[ln for item in items for ln in (*item, "")])).articles
    assert [list(a.headline or []) for a in arts] == [[item[0]] for item in items]
    assert [len(a.paragraphs) for a in arts] == [2, 2, 2]


def test_a_wide_column_is_not_taken_for_unwrapped_paragraphs():
    # a lead set across the page wraps at 30 glyphs: still wrapped text, nothing cut out of it
    text = page("茶乡春来早", "", wrap(TEA_1 + TEA_2 + PARK, col=30))
    arts = parse_page(text).articles
    assert len(arts) == 1 and len(arts[0].paragraphs) == 1


# ---------------------------------------------------------------- a blank line missing now and then

def _blank_page(*middle: str | list[str]) -> str:
    """A page whose blank lines set items apart (furniture, two items around ``middle``)."""
    return page(
        "05 综合", "", "春茶开采", "", wrap(TEA_1), wrap(TEA_2), "", *middle, "", "樱花盛开", "", wrap(PARK), wrap(TEA_2)
    )


def test_a_fake_bold_headline_glued_between_two_bodies_is_cut_out():
    text = _blank_page(wrap(PARK), "滨滨江江樱樱花花进进入入盛盛花花期期", wrap(DATELINED))
    heads = [list(a.headline or []) for a in parse_page(text).articles]
    assert ["滨江樱花进入盛花期"] in heads


def test_a_headline_glued_over_a_dateline_is_cut_out():
    text = _blank_page(wrap(PARK), "滨江樱花进入盛花期", wrap(DATELINED))
    arts = parse_page(text).articles
    assert any(list(a.headline or []) == ["滨江樱花进入盛花期"] and a.paragraphs[0].startswith("新华社") for a in arts)


def test_a_subhead_inside_a_block_stays_in_the_body():
    # unmarked, over a paragraph that is no dateline: where blank lines set items apart,
    # a short line between paragraphs inside a block is the article's own subhead
    text = _blank_page(wrap(PARK), "游园秩序井然", wrap(TEA_2))
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["春茶开采"], ["樱花盛开"]]
    assert "游园秩序井然" in arts[0].paragraphs


def test_a_signature_over_a_photo_credit_is_no_headline():
    text = _blank_page(wrap(PARK), "（林晓帆）", "张三 摄")
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["春茶开采"], ["樱花盛开"]]
    assert arts[0].paragraphs[-1].endswith("（林晓帆）")


def test_a_dated_report_glued_under_another_body_starts_another_item():
    # a blank line is missing between a finished text and a report that opens with its dateline
    text = _blank_page(wrap(PARK), wrap(DATELINED))
    bodies = ["".join(a.paragraphs) for a in parse_page(text).articles]
    assert len(bodies) == 3 and bodies[1].startswith("新华社昆明3月2日电")


def test_a_preamble_under_a_headline_stays_with_the_dated_report_after_it():
    # right under its headline, what stands before the dateline is the item's own (a lead quote)
    quote = wrap("“茶叶是乡亲们的致富叶。”", indent=True)
    text = _blank_page("滇池樱花迎来盛花期", "", quote, wrap(DATELINED))
    arts = parse_page(text).articles
    assert len(arts) == 3 and arts[1].paragraphs[0] == "“茶叶是乡亲们的致富叶。”"


def test_a_letter_closing_with_the_dispatch_of_the_report_after_it_is_one_item():
    # a letter printed in full, its dispatch `（新华社…电）`, and the report on it: one item
    letter = wrap(LETTER) + ["\u3000\u3000（新华社昆明3月2日电）"]
    text = _blank_page(wrap(PARK), letter, wrap(DATELINED))
    assert len(parse_page(text).articles) == 2


def test_in_a_dense_dump_a_closing_dispatch_over_a_dated_report_is_no_headline():
    text = page("茶乡春来早", wrap(TEA_1), wrap(TEA_2), "（本报昆明3月2日电）", wrap(DATELINED), wrap(PARK))
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["茶乡春来早"], []]
    assert arts[0].paragraphs[-1].endswith("（本报昆明3月2日电）")


def test_an_unmarked_headline_glued_under_a_body_and_over_a_dated_report_is_cut_out():
    # the blank line under the body above is missing; the one under the headline is there
    text = _blank_page(wrap(PARK), "滨江樱花进入盛花期", "", wrap(DATELINED))
    arts = parse_page(text).articles
    assert any(list(a.headline or []) == ["滨江樱花进入盛花期"] and a.paragraphs[0].startswith("新华社") for a in arts)


def test_on_a_page_of_unwrapped_indented_paragraphs_a_punctuated_kicker_is_display_type():
    # one indented line per paragraph: an unindented line is display type, marks and all
    kicker = "春茶开采、游客增多、订单不断，云岭镇——"
    items = [
        ("樱花开了游客来了", "\u3000\u3000" + PARK, "\u3000\u3000" + TEA_2),
        (kicker, "茶乡春来早", "\u3000\u3000" + TEA_1, "\u3000\u3000" + TEA_2),
    ]
    arts = parse_page(page(*[ln for item in items for ln in (*item, "")])).articles
    assert [list(a.headline or []) for a in arts] == [[items[0][0]], [kicker, "茶乡春来早"]]


@pytest.mark.parametrize("signoff", ["（本报记者 林晓帆）", "（新华社昆明3月2日电）", "（沈一鸣）"])
def test_a_text_signed_off_in_brackets_ends_its_item_where_a_blank_line_is_missing(signoff):
    # a credit, a dispatch or a signature closes the item; the paragraph after it is another's
    text = _blank_page(wrap(PARK), "\u3000\u3000" + signoff, wrap(TEA_2))
    bodies = ["".join(a.paragraphs) for a in parse_page(text).articles]
    assert len(bodies) == 3 and bodies[0].replace("\u00a0", " ").endswith(signoff) and bodies[1] == TEA_2


def test_a_design_credit_after_a_signed_off_text_stays_with_it():
    text = _blank_page(wrap(PARK), "\u3000\u3000（本报记者 林晓帆）", "\u3000\u3000制图：沈一鸣")
    assert len(parse_page(text).articles) == 2


def test_a_title_glued_over_a_one_line_caption_is_cut_off():
    # a photo item's short title right above its caption, which the column does not wrap
    text = page(
        "春茶开采", "", wrap(TEA_1), "", "晨练", "\u3000\u3000市民在滨江公园晨练。", "\u3000\u3000\u3000\u3000林晓帆 摄"
    )
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["春茶开采"], ["晨练"]]
    assert arts[1].kind == "photo" and arts[1].paragraphs == ("市民在滨江公园晨练。",)


def test_a_short_flush_line_over_an_indented_line_is_a_title_only_at_an_item_start():
    # must not change: the same two lines after a paragraph that has not finished are its text
    text = page("春茶开采", "", wrap(TEA_1)[:-1] + ["晨练", "\u3000\u3000" + TEA_2])
    assert [list(a.headline or []) for a in parse_page(text).articles] == [["春茶开采"]]


def test_the_line_after_a_jump_marker_inside_a_block_opens_another_item():
    # no blank line after `…（下转第3版）`: the text there cannot go on on this page
    lines = wrap(TEA_1 + TEA_2)
    lines[-1] += "（下转第3版）"
    # a photo's title and its caption, which opens unindented
    text = page("春茶开采", *lines, "樱花 盛开", wrap("春分时节，" + PARK + "图为游客在公园赏花。", indent=False), "\u3000\u3000林晓帆摄")
    arts = parse_page(text).articles
    assert ["".join(a.headline or []).replace(" ", "") for a in arts] == ["春茶开采", "樱花盛开"]
    assert arts[0].continued_to == 3 and arts[1].kind == "photo"


def test_a_headline_block_after_a_jump_marker_keeps_its_lines_together():
    # must not change: kicker and title under `（下转第3版）` are one headline, not a title and text
    text = page("春茶开采", "", wrap(TEA_1), "（下转第3版）", "", "服务乡村振兴", "樱花公园迎来春天", "", wrap(PARK))
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["春茶开采"], ["服务乡村振兴", "樱花公园迎来春天"]]


@pytest.mark.parametrize(
    "closing",
    ["（新华社云南昆明市3月2日电）", "（综合本报记者林晓帆、沈一鸣、程雨桐、许安然、柯岚、温冉报道）"],
)
def test_a_headline_under_a_closing_bracket_wrapped_over_lines_is_cut_off(closing: str):
    # no blank lines: `（新华社云南昆明市3月2日` + `电）` closes the text (or a credit wrapped
    # over three lines); the line under it is the next item's title (over its byline), not
    # the end of that bracket's paragraph
    lines = wrap(TEA_1 + TEA_2) + wrap(closing)
    assert not lines[-1].startswith("\u3000")
    text = page("春茶开采", *lines, "樱花盛开，游客来了（春日走笔）", "文/图 林晓帆", wrap(PARK))
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["春茶开采"], ["樱花盛开，游客来了（春日走笔）"]]
    assert arts[0].paragraphs[-1] == closing


def test_a_title_listing_names_glued_over_a_dateline_is_a_headline():
    # no blank lines: a title may carry a list's marks; over an indented dateline it is one
    text = page(
        "06 体育",
        "2025年4月12日 星期六",
        "习近平同甲国、乙国、丙国",
        "元首互致贺电",
        wrap(DATELINED),
        wrap(PARK),
    )
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["习近平同甲国、乙国、丙国", "元首互致贺电"]]
    assert arts[0].paragraphs[0].startswith("新华社")


def test_a_change_of_column_is_seen_though_the_first_lines_indent_is_written_narrow():
    # no blank lines, no dateline: the text wraps at 16 glyphs, then at 12. The extractor wrote
    # each paragraph's two-glyph indent as one blank, so those lines look narrower (15.5)
    first = [ln.replace("\u3000\u3000", " ") for ln in wrap(TEA_1 + TEA_2, col=16) + wrap(TEA_2 + TEA_1, col=16)]
    text = page("春茶开采", *first, *wrap(PARK + PARK, col=12))
    arts = parse_page(text).articles
    assert len(arts) == 2 and arts[1].paragraphs == (PARK + PARK,)


def test_a_column_wide_line_over_a_continuation_is_its_repeated_headline():
    # no blank lines, no indents: the line between finished text and `（上接第一版）` is the
    # continuation's headline, though it is as wide as the column
    first = wrap(TEA_1 + TEA_2, indent=False)
    text = page("春茶开采", *first, "滨江公园游客错峰游览樱花美景", "（上接第一版）" + wrap(PARK, indent=False)[0], *wrap(PARK, indent=False)[1:])
    arts = parse_page(text).articles
    assert [list(a.headline or []) for a in arts] == [["春茶开采"], ["滨江公园游客错峰游览樱花美景"]]
    assert arts[1].continued_from == 1


def test_a_fake_bold_title_ending_in_an_exclamation_is_cut_out_of_a_block():
    # no blank lines: fake bold is display type whatever its marks (`真真棒棒！！`)
    text = page("春茶开采", wrap(TEA_1), "樱樱花花开开了了，，真真美美！！", wrap(PARK))
    heads = [list(a.headline or []) for a in parse_page(text).articles]
    assert heads == [["春茶开采"], ["樱花开了，真美！"]]


def test_a_headline_under_a_one_line_caption_is_cut_off():
    # no blank lines: a photo's caption on one indented line, then the next item's title
    # over its continuation; one line of body above a tail is enough when it is indented
    text = page(
        "春茶开采",
        wrap(TEA_1),
        "樱花盛开",
        "□记者 林晓帆 报道",
        "\u3000\u3000" + PARK,
        "云岭茶园迎来采摘旺季",
        "（上接第一版）" + TEA_2,
    )
    heads = [list(a.headline or []) for a in parse_page(text).articles]
    assert heads == [["春茶开采"], ["樱花盛开"], ["云岭茶园迎来采摘旺季"]]


def test_a_title_closed_by_its_column_tag_inside_a_block_is_a_headline():
    # no blank lines: `…话丰收（一线见闻）` ends with a bracket, but no sentence: the indented
    # paragraph under it opens another item
    title = ["地处云岭深处，面对山高路远", "不气馁，搞活茶叶促增收", "山区茶农有了新盼头", "采茶季里话丰收", "茶香飘出大山（一线见闻）"]
    text = page("春茶开采", wrap(TEA_1), *title, wrap(PARK))
    heads = [list(a.headline or []) for a in parse_page(text).articles]
    assert heads == [["春茶开采"], title]


def test_a_short_block_stopping_at_a_comma_is_running_text():
    # a column break leaves two short lines apart; the last ends with a comma, where no
    # headline stops
    scrap = ["“看着茶园一年比一年好，", "心里别提多高兴了，”老周说，"]
    text = page("春茶开采", "", wrap(TEA_1), "", *scrap, "", wrap("镇上的加工厂也开足了马力。" + TEA_2, indent=False))
    assert role_of(text, scrap[0]) == role_of(text, scrap[1]) == "body"
    assert [list(a.headline or []) for a in parse_page(text).articles] == [["春茶开采"]]


def test_a_title_glued_under_a_body_over_a_wide_caption_is_cut_off():
    # blank lines set items apart, one is missing under the body: the short line there is
    # the title of the photo whose caption, set across columns, follows the next blank
    caption = "\u3000\u3000" + PARK + "图为游客在公园赏花。"
    text = _blank_page(wrap(TEA_2), "樱花烂漫", "", caption, "\u3000\u3000\u3000\u3000林晓帆 摄")
    arts = parse_page(text).articles
    assert ["樱花烂漫"] in [list(a.headline or []) for a in arts]
    assert all("樱花烂漫" not in "".join(a.paragraphs) for a in arts)
