"""Unit tests of ``banmian.assign``: which story owns which headline lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pagetext import nbsp_free, page, wrap

from banmian import parse_page
from banmian.assign import Unit, affinity, assign_headlines, han, split_units
from banmian.briefs import split_for_briefs
from banmian.lines import make_lines
from banmian.roles import assign_roles
from banmian.stories import build_stories, paragraphs

TEA_1 = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力。"
TEA_2 = "镇农业服务中心负责人介绍，今年全镇茶园面积达到三千多亩，春茶产量预计比去年增长一成。"
PARK_1 = "本报讯 近日，滨江公园的樱花进入盛花期，吸引了大批市民前来赏花拍照，园内游客比平日多了三成。"
PARK_2 = "公园管理处在主要路口增设了引导员，并开通了预约入园通道，方便游客错峰游览樱花美景。"
CONT_1 = "（上接第一版）在企业和高校之间架起沟通桥梁，让更多青年人才愿意来、留得住、干得好。"
CONT_2 = "会上，五家企业代表与驻区高校签订了人才培养合作协议，双方将在共建实习基地等方面开展合作。"
TEA_HEAD = "云岭春茶采摘进入旺季"
PARK_HEAD = "滨江樱花进入盛花期"


def headlines(text: str) -> list[tuple[str, ...] | None]:
    return [a.headline for a in parse_page(text).articles]


def first_para(article) -> str:
    return nbsp_free(article.paragraphs[0])


# ---------------------------------------------------------------- split_units


def test_split_units_cuts_a_fused_line_at_a_wide_gap():
    assert split_units(f"{TEA_HEAD}  {PARK_HEAD}") == [(TEA_HEAD, False), (PARK_HEAD, True)]


def test_split_units_cuts_at_a_change_from_fake_bold_to_plain():
    assert split_units("春春茶茶上上市市  樱花盛开") == [("春茶上市", False), ("樱花盛开", True)]


LONG_TITLE = "全市中小学校冬季运动会开幕"  # 13 glyphs: a whole title


def test_a_single_blank_after_a_whole_title_ending_its_run_is_a_seam():
    assert split_units(f"{LONG_TITLE} 樱花盛开", ends_run=True) == [(LONG_TITLE, False), ("樱花盛开", True)]


def test_the_same_blank_inside_a_run_is_a_pause_that_wraps_on():
    assert split_units(f"{LONG_TITLE} 樱花盛开", ends_run=False) == [(LONG_TITLE, False), ("樱花盛开", False)]


def test_parallel_phrases_around_a_single_blank_stay_one_headline():
    assert split_units("春茶飘香 游客盈门", ends_run=True) == [("春茶飘香", False), ("游客盈门", False)]


def test_split_units_keeps_letter_spaced_glyphs_together():
    assert split_units("滨 江 樱 花 盛 开") == [("滨江樱花盛开", False)]


def test_split_units_cleans_fake_bold():
    assert split_units("““春春茶茶””上上市市") == [("“春茶”上市", False)]


def test_split_units_of_a_blank_line_is_empty():
    assert split_units("\u3000 ") == []


# ---------------------------------------------------------------- affinity


def test_affinity_is_one_when_the_body_holds_every_bigram():
    assert affinity("春茶采摘", han("茶农们忙着春茶采摘")) == 1.0


def test_affinity_is_zero_without_shared_characters():
    assert affinity("樱花盛开", han("茶农们忙着采摘春茶")) == 0.0


def test_affinity_ignores_non_han_text():
    assert affinity("2025 GDP", han("2025 GDP")) == 0.0


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="春茶采摘樱花盛开滨江云岭镇，。12", max_size=12),
    st.text(alphabet="春茶采摘樱花盛开滨江云岭镇，。12", max_size=40),
)
def test_affinity_is_a_share_between_zero_and_one(unit, body):
    assert 0.0 <= affinity(unit, han(body)) <= 1.0


# ---------------------------------------------------------------- assign_headlines


def _assign(text: str):
    runs = assign_roles(make_lines(text))
    stories = build_stories(runs)
    owned, briefs, trail = assign_headlines(runs, stories)
    return stories, owned, briefs, trail


def test_a_headline_right_above_its_story_is_owned_by_it():
    stories, owned, briefs, trail = _assign(page(TEA_HEAD, "", wrap(TEA_1)))
    assert len(stories) == 1
    assert [u.text for u in owned[0]] == [TEA_HEAD]
    assert briefs == []
    assert trail


def test_a_wrapped_headline_stays_one_group():
    _stories, owned, _briefs, _trail = _assign(page("云岭春茶", "采摘进入旺季", "", wrap(TEA_1)))
    assert [u.line for u in owned[0]] == [1, 2]


def test_a_page_without_headlines_assigns_nothing():
    assert _assign(page(wrap(TEA_1)))[1:] == ({}, [], [])


# ---------------------------------------------------------------- through parse_page


def test_headline_printed_after_its_article_goes_to_it_by_its_words():
    text = page(wrap(TEA_1), wrap(TEA_2), "", TEA_HEAD, "", PARK_HEAD, "", wrap(PARK_1), wrap(PARK_2))
    arts = parse_page(text).articles
    assert [a.headline for a in arts] == [(TEA_HEAD,), (PARK_HEAD,)]
    assert first_para(arts[0]) == TEA_1


def test_headline_at_the_foot_of_the_page_goes_to_the_last_article():
    text = page(TEA_HEAD, "", wrap(TEA_1), wrap(TEA_2), "", wrap(PARK_1), wrap(PARK_2), "", PARK_HEAD)
    assert headlines(text) == [(TEA_HEAD,), (PARK_HEAD,)]


def test_headline_less_continuation_does_not_steal_the_next_headline():
    text = page(wrap(CONT_1, indent=False), wrap(CONT_2), "", PARK_HEAD, "", wrap(PARK_1), wrap(PARK_2))
    arts = parse_page(text).articles
    assert [a.headline for a in arts] == [None, (PARK_HEAD,)]
    assert arts[0].continued_from == 1
    assert first_para(arts[1]) == PARK_1


def test_continuation_stays_headline_less_when_the_next_headline_follows_its_body():
    text = page(
        wrap(CONT_1, indent=False),
        wrap(CONT_2),
        "",
        "\u3000\u3000□记者 林晓帆",
        wrap(PARK_1),
        wrap(PARK_2),
        "",
        PARK_HEAD,
    )
    assert headlines(text) == [None, (PARK_HEAD,)]


# two stories under one line fusing their headlines; the park story has a byline line
FUSED_PAGE = (
    f"{TEA_HEAD}  {PARK_HEAD}",
    "",
    wrap(TEA_1),
    wrap(TEA_2),
    "",
    "\u3000\u3000□记者 林晓帆",
    wrap(PARK_1),
    wrap(PARK_2),
)


def test_fused_headline_line_is_shared_out():
    text = page(*FUSED_PAGE)
    arts = parse_page(text).articles
    assert [a.headline for a in arts] == [(TEA_HEAD,), (PARK_HEAD,)]
    assert 1 in arts[0].lines and 1 in arts[1].lines


def test_fake_bold_headline_is_repaired():
    (art,) = parse_page(page("““云云岭岭春春茶茶””开开采采", "", wrap(TEA_1))).articles
    assert art.headline == ("“云岭春茶”开采",)


def test_letter_spaced_headline_is_closed():
    (art,) = parse_page(page("滨 江 樱 花 盛 开", "", wrap(PARK_1))).articles
    assert art.headline == ("滨江樱花盛开",)


def test_kicker_title_and_subtitle():
    text = page(
        "云岭镇抢抓晴好天气——", "春茶采摘进入旺季", "——全镇茶园面积达到三千多亩", "", wrap(TEA_1), wrap(TEA_2)
    )
    (art,) = parse_page(text).articles
    assert art.headline == ("云岭镇抢抓晴好天气——", "春茶采摘进入旺季", "——全镇茶园面积达到三千多亩")
    assert (art.kicker, art.title, art.subtitle) == (
        "云岭镇抢抓晴好天气——",
        "春茶采摘进入旺季",
        "——全镇茶园面积达到三千多亩",
    )


def test_a_headline_no_story_wants_is_a_brief():
    text = page(TEA_HEAD, "", wrap(TEA_1), wrap(TEA_2), "", "本报今日推出春季旅游专刊")
    arts = parse_page(text).articles
    assert [a.kind for a in arts] == ["news", "brief"]
    assert arts[1].headline == ("本报今日推出春季旅游专刊",)
    assert arts[1].paragraphs == ()


def test_a_notice_over_a_headless_continuation_is_a_brief():
    """Right before a story without a headline, a line stands where its headline would; a
    line named as a notice that shares nothing with the story stays a notice of its own."""
    assert headlines(page("更正启事", "", wrap(CONT_1), wrap(CONT_2))) == [("更正启事",), None]
    assert headlines(page("春季旅游专刊", "", wrap(CONT_1), wrap(CONT_2))) == [("春季旅游专刊",)]
    # the paper speaking of itself (`本版…`, `…本报`) names a notice too
    assert headlines(page("本版投稿邮箱已更新", "", wrap(CONT_1), wrap(CONT_2))) == [("本版投稿邮箱已更新",), None]


def test_a_kicker_named_as_a_notice_that_shares_the_storys_words_stays_its_kicker():
    notice = "人才合作公告"  # shares `人才` `合作` with the story
    text = page(notice, "", "五家企业与高校签订协议", "", wrap(CONT_2))
    assert headlines(text) == [(notice, "五家企业与高校签订协议")]


def test_parse_page_is_deterministic():
    text = page("06 体育", "2025年4月12日 星期六", "", *FUSED_PAGE, "", "责编：韩素秋")
    first = parse_page(text, explain=True).to_dict(trail=True)
    assert first["trail"]
    assert all(parse_page(text, explain=True).to_dict(trail=True) == first for _ in range(3))
    assert parse_page(text).articles == parse_page(text, explain=True).articles


# ---------------------------------------------------------------- split_for_briefs


def test_split_for_briefs_cuts_a_story_where_the_briefs_words_begin():
    body_b = PARK_1.replace("本报讯 近日，", "")
    text = page(wrap(TEA_1), wrap(TEA_2), "", wrap(body_b), wrap(PARK_2))
    runs = assign_roles(make_lines(text))
    (story,) = build_stories(runs)
    brief = [Unit(line=99, text=PARK_HEAD, run=0)]
    split = split_for_briefs([story], [brief])
    assert split is not None
    assert [[nbsp_free(p) for p in paragraphs(s)] for s in split] == [[TEA_1, TEA_2], [body_b, PARK_2]]


def test_split_for_briefs_leaves_stories_alone_when_nothing_matches():
    (story,) = build_stories(assign_roles(make_lines(page(wrap(TEA_1), wrap(TEA_2)))))
    assert split_for_briefs([story], [[Unit(line=99, text="本报今日推出春季旅游专刊", run=0)]]) is None


def test_two_stacked_headlines_over_two_bodies_give_two_articles():
    body_b = PARK_1.replace("本报讯 近日，", "")
    text = page(TEA_HEAD, "", PARK_HEAD, "", wrap(TEA_1), wrap(TEA_2), "", wrap(body_b), wrap(PARK_2))
    arts = parse_page(text).articles
    assert [a.headline for a in arts] == [(TEA_HEAD,), (PARK_HEAD,)]
    assert [len(a.paragraphs) for a in arts] == [2, 2]


@pytest.mark.parametrize(("kicker", "cut"), [("春光正好，游人如织——", False), ("春光正好，游人如织", True)])
def test_a_title_printed_apart_from_its_kicker_heads_a_body_only_if_the_kicker_does_not_lead_on(kicker, cut):
    body_b = PARK_1.replace("本报讯 近日，", "")
    text = page(wrap(TEA_1), wrap(TEA_2), "", wrap(body_b), wrap(PARK_2))
    (story,) = build_stories(assign_roles(make_lines(text)))
    owned = {0: [Unit(line=97, text=kicker, run=0), Unit(line=99, text=PARK_HEAD, run=1)]}
    split = split_for_briefs([story], [], owned)
    assert (split is not None) is cut


def test_a_column_tag_wrapped_over_several_pieces_stays_with_its_title():
    head = ["春 茶 飘 香 ， 游 人 如 织", "（ 本 报 观 察   春 日   走 进", "茶 乡 的 一 天 ）"]
    text = page(head, "", "\u3000\u3000□记者 林晓帆", wrap(TEA_1), wrap(TEA_2), "", wrap("春日走进茶乡，一天从清晨开始。" + TEA_2))
    arts = parse_page(text).articles
    assert [a.headline is not None for a in arts] == [True]
    assert "".join(arts[0].headline or ()).replace(" ", "") == "春茶飘香，游人如织（本报观察春日走进茶乡的一天）"


def test_no_cut_before_a_column_tag_wrapped_over_several_pieces():
    from banmian.assign import NEVER, _clusters, _cut_cost, _units

    text = page(["春茶飘香，游人如织", "（本报观察·春日·走进", "茶乡的一天）"], "", wrap(TEA_1), wrap(TEA_2))
    runs = assign_roles(make_lines(text))
    (cluster,) = _clusters(runs)
    units = _units(runs, cluster)
    assert [u.tag for u in units] == [False, True, False]
    assert _cut_cost(units[0], units[1]) == NEVER


# ---------------------------------------------------------------- unfinished headlines
# A kicker leading on (`…：`, `…——`) straight into its body, or a subtitle with no title
# above it, leaves its headline unfinished where it stands: the title printed elsewhere,
# fused onto another headline's line, is taken back at a small price.

TEA_TITLE = "云岭镇茶园里的忙碌春天"  # the park story's title is printed after it, past a wide gap


@pytest.mark.parametrize(
    ("lone", "expected"),
    [
        ("滨江公园：", ("滨江公园：", "樱花盛开引客来")),  # a kicker: reads before its title
        ("——游客错峰游览樱花美景", ("樱花盛开引客来", "——游客错峰游览樱花美景")),  # a subtitle: after it
    ],
)
def test_an_unfinished_headline_takes_back_its_title_fused_onto_another_line(lone, expected):
    text = page(
        f"{TEA_TITLE}  樱花盛开引客来",
        "",
        wrap(TEA_1),
        wrap(TEA_2),
        "",
        lone,
        "",
        wrap(PARK_1.replace("滨江公园的樱花", "滨江公园的樱花盛开")),
        wrap(PARK_2),
    )
    assert headlines(text) == [(TEA_TITLE,), expected]


def test_a_title_closed_by_its_column_tag_stands_alone_rather_than_lead_the_next_headline():
    # a displaced title (its body merged into the story above, which already has a
    # headline) before the next story's kicker and title: the search must neither glue
    # it onto them nor give the next story two groups in a row
    from banmian.assign import _Problem, _viterbi

    top = _Problem([0], [3.0], [Unit(1, "春茶上市", 0)], [[5.0]])
    units = [Unit(9, "年货市场人气旺（大数据观察）", 1), Unit(11, "滨江公园", 2), Unit(12, PARK_HEAD, 2)]
    cluster = _Problem([1, 0], [3.0, 1.5], units, [[1.27, 1.86], [3.13, 0.72], [2.18, 1.57]])
    path = _viterbi([top, cluster])
    assert [(story, new) for _k, story, new in path] == [(0, True), (-1, True), (1, True), (1, False)]


def test_a_headline_printed_after_its_story_does_not_go_to_the_continuation_below_it():
    text = page(wrap(TEA_1), wrap(TEA_2), "", TEA_HEAD, "", wrap(CONT_1), wrap(CONT_2))
    arts = parse_page(text).articles
    assert [(a.headline, a.continued_from) for a in arts] == [((TEA_HEAD,), None), (None, 1)]


def test_a_generic_photo_title_goes_to_the_photo_item_not_the_headline_above_it():
    # `图片报道` printed under another article's title: nothing in the caption echoes it,
    # yet it is the photo item's title (PHOTO_LABELS)
    caption = "滨江公园的樱花进入盛花期，吸引了大批市民前来赏花拍照。图为游客在樱花树下合影留念。"
    text = page("春茶采摘进入旺季", "图片报道", "", wrap(TEA_1 + TEA_2, col=12), "", wrap(caption, col=12), "\u3000\u3000林晓帆摄")
    arts = parse_page(text).articles
    assert [(a.kind, a.headline) for a in arts] == [("news", ("春茶采摘进入旺季",)), ("photo", ("图片报道",))]


def test_two_titles_each_closed_by_a_column_tag_are_never_one_headline():
    # only a subtitle follows a title its column tag closed (EXTEND_AFTER_TAG), even when the
    # second title's words are all in the body below
    body = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，茶农增收有了新门路，镇上的加工厂也开足了马力。"
    text = page("云岭春茶采摘正当时（乡村振兴一线）", "茶农增收有了新门路（一线观察）", "", wrap(body, col=14))
    heads = [a.headline for a in parse_page(text).articles]
    assert all(len(h or ()) == 1 for h in heads), heads


def test_titles_printed_apart_in_either_order_each_head_their_body():
    """Two titles in blocks of their own over two bodies, the later body's title first: it
    heads the text from the body it names, though its block stands first; a narrower block
    over the title (a kicker) does not."""
    body_b = PARK_1.replace("本报讯 近日，", "")
    text = page(wrap(TEA_1), wrap(TEA_2), "", wrap(body_b), wrap(PARK_2))
    (story,) = build_stories(assign_roles(make_lines(text)))
    # (the first block no narrower than the second: a narrower one may be its kicker)
    park, tea = Unit(line=97, text="滨江公园" + PARK_HEAD, run=0), Unit(line=99, text=TEA_HEAD, run=1)
    split = split_for_briefs([story], [], {0: [park, tea]})
    assert split is not None and [s.body[0].text for s in split] == [wrap(TEA_1)[0].strip(), wrap(body_b)[0].strip()]
    kicker = Unit(line=97, text=PARK_HEAD, run=0)
    assert split_for_briefs([story], [], {0: [kicker, Unit(line=99, text="云岭镇" + TEA_HEAD, run=1)]}) is None


def test_a_notice_in_the_block_of_another_items_title_is_an_item_of_its_own():
    """A notice's name (`欢迎订阅…`) printed in one block with the title of the article above
    is cut from it as cheaply as a change of type: two items, not one headline."""
    notice = "欢迎订阅2026年度本报"
    text = page(wrap(TEA_1), wrap(TEA_2), "", TEA_HEAD, notice, "", PARK_HEAD, "", wrap(PARK_1), wrap(PARK_2))
    arts = parse_page(text).articles
    assert [(a.kind, a.headline) for a in arts] == [("news", (TEA_HEAD,)), ("brief", (notice,)), ("news", (PARK_HEAD,))]
