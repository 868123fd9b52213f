"""Unit tests of ``banmian.textfix``: width, fake-bold repair, letter spacing, extractor gaps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.textfix import (
    clean_headline,
    close_letter_spacing,
    collapse_ws,
    han_count,
    join_wrapped,
    remove_alnum_gaps,
    undouble,
    width,
)

# Common Han characters to build invented strings from.
HAN_POOL = "春茶园林山水云岭镇村街巷桥河湖海港船车路灯书屋学校医院农田麦稻花鸟鱼虫风雨雪晴新旧"
han = st.sampled_from(HAN_POOL)
FAST = settings(max_examples=80, deadline=None)


def doubled(s: str) -> str:
    """Every glyph printed twice, as fake-bold extraction does."""
    return "".join(c + c for c in s)


@st.composite
def distinct_neighbours(draw, min_size: int = 2, max_size: int = 12) -> str:
    """A Han string of which no two neighbouring glyphs are the same."""
    n = draw(st.integers(min_size, max_size))
    out = [draw(han)]
    while len(out) < n:
        c = draw(han.filter(lambda c, prev=out[-1]: c != prev))
        out.append(c)
    return "".join(out)


# ---------------------------------------------------------------- width


@pytest.mark.parametrize(
    ("text", "expected"),
    [("春茶", 2.0), ("2025", 2.0), ("GDP增长", 3.5), ("，。", 2.0), ("１２", 2.0), ("", 0.0)],
)
def test_width_counts_han_full_and_ascii_half(text, expected):
    assert width(text) == expected


@FAST
@given(
    st.text(alphabet=HAN_POOL + "0123456789abcXYZ%.，。“” ", max_size=20),
    st.text(alphabet=HAN_POOL + "0123456789abcXYZ%.，。“” ", max_size=20),
)
def test_width_is_additive(a, b):
    assert width(a + b) == width(a) + width(b)


def test_han_count_ignores_digits_and_punctuation():
    assert han_count("今年3月，春茶上市。") == 7


def test_collapse_ws_turns_every_blank_run_into_one_space():
    assert collapse_ws("\u3000春茶 \u3000 采摘\u00a0\t旺季 ") == "春茶 采摘 旺季"


# ---------------------------------------------------------------- undouble (fake bold)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("““春春茶茶采采摘摘””", "“春茶采摘”"),
        ("云云岭岭春春色色", "云岭春色"),
        ("海海港港", "海港"),
        ("““蓝蓝色色粮粮仓仓””开开海海忙忙", "“蓝色粮仓”开海忙"),
        ("云云岭岭 春春色色", "云岭春色"),  # blanks between doubled words are extraction noise
    ],
)
def test_undouble_repairs_whole_fake_bold_line(text, expected):
    assert undouble(text) == (expected, True)


def test_undouble_repairs_a_doubled_run_inside_a_line():
    out, changed = undouble("专题：春春茶茶采采摘摘季季")
    assert changed
    assert out == "专题：春茶采摘季"


@pytest.mark.parametrize(
    "text",
    [
        "常常",
        "人人",
        "谢谢",
        "他常常说谢谢",
        "人人都爱看看书",
        "天天向上",
        "家家户户挂灯笼",
        "高高兴兴过大年",
        "谢谢你们常常来看看",
    ],
)
def test_undouble_keeps_genuine_doubles(text):
    assert undouble(text) == (text, False)


@FAST
@given(distinct_neighbours())
def test_undouble_inverts_fake_bold(s):
    assert undouble(doubled(s)) == (s, True)


@FAST
@given(distinct_neighbours(min_size=1, max_size=20))
def test_undouble_leaves_text_without_repeats_alone(s):
    assert undouble(s) == (s, False)


# ---------------------------------------------------------------- letter spacing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("滨 江 樱 花 盛 开", "滨江樱花盛开"),
        ("滨\u3000江\u3000樱\u3000花", "滨江樱花"),
        ("云 岭  春 色", "云岭 春色"),  # a wider gap separates words in print: kept as one space
    ],
)
def test_close_letter_spacing_closes_spaced_glyphs(text, expected):
    assert close_letter_spacing(text) == (expected, True)


@pytest.mark.parametrize(
    "text",
    [
        "张三 李四",  # two names: the space between them is never closed up
        "张三 李四 王五",
        "林晓帆 沈一鸣",
        "春茶 上市",
        "今年春茶长势很好",
        "龙 巍",  # two glyphs only: a name, not evidence of a spaced line
    ],
)
def test_close_letter_spacing_leaves_words_apart(text):
    assert close_letter_spacing(text) == (text, False)


@FAST
@given(st.text(alphabet=HAN_POOL, min_size=3, max_size=16))
def test_close_letter_spacing_inverts_spacing(s):
    assert close_letter_spacing(" ".join(s)) == (s, True)


# ---------------------------------------------------------------- headlines


def test_clean_headline_undoes_fake_bold_and_names_the_fix():
    assert clean_headline("““春春茶茶””上上市市") == ("“春茶”上市", ["undouble"])


def test_clean_headline_closes_letter_spacing_and_names_the_fix():
    assert clean_headline("滨 江 樱 花 盛 开") == ("滨江樱花盛开", ["close_letter_spacing"])


def test_clean_headline_leaves_a_plain_headline_as_printed():
    assert clean_headline("  春茶采摘进入旺季 ") == ("春茶采摘进入旺季", [])


def test_clean_headline_keeps_genuine_doubles():
    assert clean_headline("常回家看看") == ("常回家看看", [])


# ---------------------------------------------------------------- extractor gaps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 月 14 日上午", "10月14日上午"),
        ("共 1200 册新书", "共1200册新书"),
        ("GDP 增长 6.1%", "GDP增长6.1%"),
        ("增长 12.5% 以上", "增长12.5%以上"),
    ],
)
def test_remove_alnum_gaps_closes_han_digit_gaps(text, expected):
    assert remove_alnum_gaps(text) == expected


@pytest.mark.parametrize("text", ["记者 张三 李四", "张三 李四", "春茶 上市", "ABC DEF", "3 5"])
def test_remove_alnum_gaps_keeps_other_spaces(text):
    assert remove_alnum_gaps(text) == text


@FAST
@given(st.text(alphabet=HAN_POOL + "0123456789 %", max_size=30))
def test_remove_alnum_gaps_is_idempotent(s):
    once = remove_alnum_gaps(s)
    assert remove_alnum_gaps(once) == once


def test_join_wrapped_adds_nothing_between_pieces():
    assert (
        join_wrapped(["茶农们趁着晴好", "天气抢摘春茶，", "镇上的 加工厂"])
        == "茶农们趁着晴好天气抢摘春茶，镇上的 加工厂"
    )
