"""The shared pipeline's geometric rules, which run only when a front end gives line boxes.

A PDF page's lines carry their type size and box (``Line.size``, ``Line.box``); a text dump's
do not, and for it every rule here is off (the text path stays byte-identical). The pages
are made by hand: lines with boxes in PDF points (left, top, right, bottom, y downwards).
"""

from __future__ import annotations

from banmian import thresholds as T
from banmian.assign import NEVER, Unit, _candidates, _cut_cost, _units
from banmian.lines import Line, make_line
from banmian.pdf.front import page_lines
from banmian.pdf.layout import PLine
from banmian.pipeline import parse_lines
from banmian.roles import assign_roles
from banmian.stories import build_stories

TEA_1 = "本报讯 近日，云岭镇的茶园里一片忙碌。茶农们趁着晴好天气抢摘春茶，镇上的加工厂也开足了马力。"
TEA_2 = "镇农业服务中心负责人介绍，今年全镇茶园面积达到三千多亩，春茶产量预计比去年增长一成。"
TEA_HEAD = "云岭春茶采摘进入旺季"
NOTICE = "春茶采摘意见征集公告"  # a brief (a notice printed as a headline alone) sharing words with TEA
BRIEF = "春茶品鉴会本周六举行"  # a brief not named as a notice

Box = tuple[float, float, float, float]
Spec = tuple[str, float, Box] | None  # raw text, type size, box; None: a blank line


def build(spec: list[Spec], *, geometry: bool = True) -> list[Line]:
    """Numbered lines; with ``geometry`` each carries its size and box, as the PDF front end's."""
    out: list[Line] = []
    for no, s in enumerate(spec, 1):
        if s is None:
            out.append(make_line(no, ""))
            continue
        raw, size, box = s
        ln = make_line(no, raw)
        out.append(ln._replace(size=size, box=box) if geometry else ln)
    return out


def column(paras: list[str], left: float, top: float, chars: int = 12, size: float = 10.0) -> list[Spec]:
    """Body lines of ``paras`` wrapped at ``chars`` glyphs, first lines indented, leading 1.4."""
    out: list[Spec] = []
    y = top
    for p in paras:
        for k in range(0, len(p), chars):
            text = p[k : k + chars]
            out.append(
                ("\u3000\u3000" + text if k == 0 else text, size, (left, y, left + chars * size, y + size))
            )
            y += 1.4 * size
    return out


def articles(spec: list[Spec], *, geometry: bool = True) -> list[tuple[str, tuple[str, ...] | None]]:
    return [(a.kind, a.headline) for a in parse_lines(build(spec, geometry=geometry)).articles]


# ---------------------------------------------------------------- Line.box


def test_a_text_line_has_no_box_and_the_pdf_front_end_sets_each_lines_box() -> None:
    assert make_line(1, "正文").box is None
    assert Line._fields[-1] == "box"  # last, with a default: positional construction is unchanged
    lines, boxes = page_lines(
        [PLine("要闻", 12.0, 40.0, 42.0, 64.0, 55.0), None, PLine("正文一句。", 10.0, 40.0, 60.0, 90.0, 70.0)]
    )
    assert [ln.box for ln in lines] == [(40.0, 42.0, 64.0, 55.0), None, (40.0, 60.0, 90.0, 70.0)]
    assert [ln.size for ln in lines] == [12.0, 0.0, 10.0]
    assert boxes == {1: (40.0, 42.0, 64.0, 55.0), 3: (40.0, 60.0, 90.0, 70.0)}
    assert lines[2].text == "正文一句。" and lines[2].terminal  # the text features are the text path's


# ---------------------------------------------------------------- roles: display type is never a scrap


def _page_with_short_title(title_size: float, *, geometry: bool = True) -> list[Line]:
    return build(
        [("要闻", 12.0, (40, 42, 64, 55)), None, ("晨练", title_size, (229, 74, 257, 89)), None]
        + column([TEA_1, TEA_2], 40, 100),
        geometry=geometry,
    )


def test_a_short_title_in_display_type_under_the_running_head_is_not_furniture() -> None:
    runs = assign_roles(_page_with_short_title(14.0))
    role = {ln.text: r.role for r in runs for ln in r.lines}
    assert role["要闻"] == "furniture" and role["晨练"] == "headline"


def test_the_same_scrap_in_body_type_is_still_furniture() -> None:
    role = {ln.text: r.role for r in assign_roles(_page_with_short_title(10.0)) for ln in r.lines}
    assert role["晨练"] == "furniture"


def test_in_a_text_dump_the_scrap_over_an_indented_opening_is_its_title() -> None:
    """Without type sizes, a short line that is no section name, standing over an indented
    opening, is taken for that item's title (roles._titles_next)."""
    lines = _page_with_short_title(14.0, geometry=False)
    role = {ln.text: r.role for r in assign_roles(lines) for ln in r.lines}
    assert role["要闻"] == "furniture" and role["晨练"] == "headline"


# ---------------------------------------------------------------- assign: units in layout blocks


def _cluster_units(spec: list[Spec]) -> list[Unit]:
    runs = assign_roles(build(spec))
    cluster = [i for i, r in enumerate(runs) if r.role == "headline"]
    return _units(runs, cluster)


def test_headline_lines_side_by_side_or_far_apart_are_different_blocks() -> None:
    beside = _cluster_units(
        [(NOTICE, 14.0, (40, 80, 180, 94)), None, (TEA_HEAD, 22.0, (220, 80, 440, 102)), None]
        + column([TEA_1], 220, 110)
    )
    assert [u.apart for u in beside] == [False, True]
    above = _cluster_units(
        [(NOTICE, 14.0, (40, 80, 180, 94)), None, (TEA_HEAD, 22.0, (40, 130, 260, 152)), None]
        + column([TEA_1], 40, 160)
    )
    assert [u.apart for u in above] == [False, True]  # 36 pt under a 14 pt line: over 1.5 ems


def test_kicker_title_and_subtitle_stacked_close_are_one_block() -> None:
    units = _cluster_units(
        [
            ("服务乡村振兴", 13.0, (206, 73, 284, 87)),
            (TEA_HEAD, 22.0, (113, 94, 377, 118)),
            ("——云岭镇春茶见闻", 13.0, (173, 119, 316, 133)),
            None,
        ]
        + column([TEA_1], 60, 141)
    )
    assert len(units) == 3 and not any(u.apart for u in units)


def test_a_cut_between_layout_blocks_earns_a_bonus() -> None:
    a, b = Unit(1, NOTICE, 0), Unit(3, TEA_HEAD, 1)
    assert _cut_cost(a, b) == 0.0
    assert _cut_cost(a, Unit(3, TEA_HEAD, 1, apart=True)) == -T.CUT_BETWEEN_BLOCKS
    assert _cut_cost(a, Unit(3, "——云岭镇春茶见闻", 1, apart=True)) == NEVER  # never before a subtitle


def test_units_of_a_text_dump_are_never_apart() -> None:
    lines = build(
        [(NOTICE, 14.0, (40, 80, 180, 94)), None, (TEA_HEAD, 22.0, (220, 80, 440, 102)), None]
        + column([TEA_1], 220, 110),
        geometry=False,
    )
    runs = assign_roles(lines)
    assert not any(u.apart for u in _units(runs, [i for i, r in enumerate(runs) if r.role == "headline"]))


# ---------------------------------------------------------------- assign: candidate priors


def _priors(spec: list[Spec], *, geometry: bool) -> dict[int, float]:
    runs = assign_roles(build(spec, geometry=geometry))
    stories = build_stories(runs)
    cluster = [i for i, r in enumerate(runs) if r.role == "headline"]
    return dict(_candidates(cluster, stories, runs))


def test_with_boxes_a_story_before_the_headline_is_all_but_never_its_own() -> None:
    spec = column([TEA_1, TEA_2], 40, 100) + [None, (NOTICE, 14.0, (40, 200, 180, 214))]
    assert _priors(spec, geometry=False) == {0: T.ADJ_AFTER}
    assert _priors(spec, geometry=True) == {0: T.ADJ_AFTER_LAID_OUT - T.NOT_UNDER_HEADLINE}


def test_with_boxes_a_story_beside_the_headline_loses_its_prior_and_one_under_it_keeps_it() -> None:
    beside = [(NOTICE, 14.0, (40, 80, 180, 94)), None] + column([TEA_1, TEA_2], 220, 80)
    assert _priors(beside, geometry=False) == {0: T.ADJ_BEFORE}
    assert _priors(beside, geometry=True) == {0: T.ADJ_BEFORE - T.NOT_UNDER_HEADLINE}
    under = [(TEA_HEAD, 22.0, (100, 80, 320, 102)), None] + column([TEA_1, TEA_2], 40, 110)
    assert _priors(under, geometry=True) == {0: T.ADJ_BEFORE}  # centred over the column: overlaps it


# ---------------------------------------------------------------- end to end: briefs stay briefs


def test_a_brief_under_a_headless_story_is_not_its_headline() -> None:
    spec = column([TEA_1, TEA_2], 40, 100) + [None, (BRIEF, 14.0, (40, 200, 180, 214))]
    assert articles(spec, geometry=False) == [("news", (BRIEF,))]  # a text dump's habit: headline after
    assert articles(spec) == [("news", None), ("brief", (BRIEF,))]
    # named as a notice, the text alone keeps it apart (assign._NOTICE)
    spec = column([TEA_1, TEA_2], 40, 100) + [None, (NOTICE, 14.0, (40, 200, 180, 214))]
    assert articles(spec, geometry=False) == articles(spec) == [("news", None), ("brief", (NOTICE,))]


def test_a_brief_beside_a_headless_story_is_not_its_headline() -> None:
    spec = [(NOTICE, 14.0, (40, 80, 180, 94)), None] + column([TEA_1, TEA_2], 220, 80)
    assert articles(spec, geometry=False) == [("news", (NOTICE,))]
    assert articles(spec) == [("brief", (NOTICE,)), ("news", None)]


def test_a_brief_beside_or_above_the_next_modules_headline_stays_apart_from_it() -> None:
    beside = [(NOTICE, 14.0, (40, 80, 180, 94)), None, (TEA_HEAD, 22.0, (220, 80, 440, 102)), None]
    above = [(NOTICE, 14.0, (40, 80, 180, 94)), None, (TEA_HEAD, 22.0, (40, 130, 260, 152)), None]
    for spec in (beside + column([TEA_1, TEA_2], 220, 110), above + column([TEA_1, TEA_2], 40, 160)):
        assert articles(spec) == [("brief", (NOTICE,)), ("news", (TEA_HEAD,))]
        # without boxes the text decides: the notice shares one pair of glyphs with the body
        # (`春茶`), too few for a kicker (assign._detach_notices)
        assert articles(spec, geometry=False) == [("brief", (NOTICE,)), ("news", (TEA_HEAD,))]
