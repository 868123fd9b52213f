"""Unit tests of ``banmian.credits``: bylines, photo credits, datelines, jump markers, numbers.

Most cases are data: ``tests/cases/credits.tsv`` (input → expected), including the
"must not change" cases of the neighbouring text repairs that decide what is a credit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian import credits
from banmian.credits import (
    Author,
    closing_authors,
    cn_number,
    inline_authors,
    jump_from,
    jump_to,
    merge_authors,
    parse_byline,
    parse_dateline,
    photo_credit,
    split_names,
    starts_story,
)
from banmian.lines import make_line
from banmian.textfix import close_letter_spacing, remove_alnum_gaps, undouble

CASES = Path(__file__).parent / "cases" / "credits.tsv"


def _authors(found: list[Author] | None) -> str:
    return ",".join(f"{a.name}/{a.role}" for a in found) if found else "-"


def _dateline(text: str) -> str:
    d = parse_dateline(text)
    return "-" if d is None else "|".join(x or "-" for x in (d.source, d.place, d.date))


def _page_no(n: int | None) -> str:
    return "-" if n is None else str(n)


def _unchanged(fix: Callable[[str], tuple[str, bool]]) -> Callable[[str], str]:
    def run(text: str) -> str:
        out, changed = fix(text)
        return "=" if not changed and out == text else out

    return run


# kind → function giving the expected column's form
KINDS: dict[str, Callable[[str], str]] = {
    "byline": lambda t: _authors(parse_byline(t)),
    "photo": lambda t: _authors(photo_credit(t)),
    "inline": lambda t: _authors(inline_authors(t)),
    "closing": lambda t: _authors(closing_authors(t)),
    "names": lambda t: ",".join(split_names(t)) or "-",
    "dateline": _dateline,
    "jump_from": lambda t: _page_no(jump_from(t)[0]),
    "jump_to": lambda t: _page_no(jump_to(t)[0]),
    "undouble": _unchanged(undouble),
    "spacing": _unchanged(close_letter_spacing),
    "gaps": lambda t: "=" if remove_alnum_gaps(t) == t else remove_alnum_gaps(t),
    "furniture": lambda t: "+" if make_line(1, t).furniture else "-",
}


def load_cases() -> list:
    params = []
    for no, raw in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        assert len(cols) in (3, 4), f"credits.tsv line {no}: expected 3 or 4 tab-separated columns"
        kind, text, expected = cols[:3]
        note = cols[3] if len(cols) == 4 else ""
        assert kind in KINDS, f"credits.tsv line {no}: unknown kind {kind!r}"
        marks = []
        if note.startswith("xfail:"):
            marks.append(pytest.mark.xfail(strict=True, reason=note[len("xfail:") :].strip()))
        params.append(pytest.param(kind, text, expected, id=f"L{no}-{kind}", marks=marks))
    return params


@pytest.mark.parametrize(("kind", "text", "expected"), load_cases())
def test_case(kind, text, expected):
    assert KINDS[kind](text) == expected


def test_case_file_covers_every_kind():
    kinds = {p.values[0] for p in load_cases()}
    assert kinds == set(KINDS)


# ---------------------------------------------------------------- numbers

CN = "〇一二三四五六七八九"


def chinese(n: int) -> str:
    """1..99 written the way page numbers are printed: 九, 十, 十二, 二十, 二十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN[ones]
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@settings(max_examples=99, deadline=None)
@given(st.integers(1, 99))
def test_cn_number_round_trips_chinese_numerals(n):
    assert cn_number(chinese(n)) == n


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 999))
def test_cn_number_reads_ascii_and_fullwidth_digits(n):
    assert cn_number(str(n)) == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert cn_number(full) == n


@pytest.mark.parametrize("text", ["", "  ", "版", "第五", "abc", "5a"])
def test_cn_number_rejects_non_numbers(text):
    assert cn_number(text) is None


def test_cn_number_reads_liang_and_hundred():
    assert cn_number("两") == 2
    assert cn_number("一百") == 100


# ---------------------------------------------------------------- jump markers


@pytest.mark.parametrize(
    ("marker", "page"),
    [("（上接第一版）", 1), ("（上接第1版）", 1), ("(上接第十版)", 10), ("（接第二十一版）", 21)],
)
def test_jump_from_gives_page_and_the_text_after_it(marker, page):
    assert jump_from(marker + "在企业和高校之间架起桥梁") == (page, "在企业和高校之间架起桥梁")


@pytest.mark.parametrize(
    ("marker", "page"),
    [("（下转第5版）", 5), ("（下转第五版）", 5), ("（转第十二版）", 12), ("(下转第２版)", 2)],
)
def test_jump_to_gives_page_and_the_text_before_it(marker, page):
    assert jump_to("双方将开展合作。" + marker) == (page, "双方将开展合作。")


def test_jump_markers_leave_other_text_alone():
    text = "会上发布了见习岗位（共120个）。"
    assert jump_from(text) == (None, text)
    assert jump_to(text) == (None, text)


# ---------------------------------------------------------------- bylines and credits


def test_parse_byline_ignores_lines_too_long_to_be_a_byline():
    assert parse_byline("记者 " + "林晓帆 " * 12) is None


def test_inline_credit_only_looks_at_the_opening():
    late = "本报讯 近日，" + "茶农们忙着采茶，" * 12 + "（记者 林晓帆）"
    assert inline_authors(late) == []


def test_closing_signature_needs_the_sentence_to_end_first():
    assert closing_authors("大家都说好（宋佳音）") == []
    assert closing_authors("大家都说好。（宋佳音）") == [Author("宋佳音", "author")]


def test_photo_credit_ignores_long_lines():
    assert photo_credit("茶农们在茶园里采摘春茶，" * 4 + "许朔摄") is None


def test_split_names_drops_non_names():
    assert split_names("a b，12，林晓帆") == ["林晓帆"]


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    "text",
    [
        "本报讯 近日，云岭镇",
        "本报北京3月4日电 （记者沈一鸣）",
        "新华社上海5月5日电 近日",
        "据新华社北京3月5日电",
    ],
)
def test_starts_story_on_a_dateline(text):
    assert starts_story(text)


@pytest.mark.parametrize(
    "text",
    ["（上接第一版）本报讯", "茶农们趁着晴好天气", "记者了解到，本报讯", "（本报记者 林晓帆）", "新华社推出微电影《茶乡》"],
)
def test_starts_story_is_false_elsewhere(text):
    assert not starts_story(text)


def test_dateline_date_is_squeezed_but_otherwise_as_printed():
    assert parse_dateline("本报讯 三月四日，") == credits.Dateline("本报讯", None, "三月四日")


# ---------------------------------------------------------------- merging


def test_merge_authors_keeps_each_name_once_first_role_wins_in_order():
    merged = merge_authors(
        [Author("林晓帆", "reporter")],
        [Author("林晓帆", "author"), Author("周若谷", "correspondent")],
        [],
        [Author("许朔", "photographer"), Author("周若谷", "reporter")],
    )
    assert merged == (
        Author("林晓帆", "reporter"),
        Author("周若谷", "correspondent"),
        Author("许朔", "photographer"),
    )


def test_merge_authors_of_nothing_is_empty():
    assert merge_authors() == ()
    assert merge_authors([], []) == ()
