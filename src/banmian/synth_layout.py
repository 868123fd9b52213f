"""Layout primitives of the synthetic page generator: how an extractor prints text.

Pure functions (randomness only through an explicit ``random.Random`` or callback): column
wrapping by printed width with kinsoku, Chinese numerals, fake bold, letter spacing,
extractor spaces between digits and Han characters, and column-break blank lines.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable

from banmian import synth_text as T

CLOSE = "，。、；：？！”’）》」』…—%·"  # never starts a line: hangs past the margin instead
OPEN = "“‘（《「『"  # never ends a line: moves down with the next character
TOKEN = re.compile(r"[0-9A-Za-z.%]+|……|——|.", re.S)
ALNUM_HAN = re.compile(r"(?<=[0-9A-Za-z%])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])")
CN_DIGITS = "零一二三四五六七八九"
BREAK_BEFORE = "“《（"
WEEKDAYS = "一二三四五六日"


def cwidth(s: str) -> float:
    """Printed width: ASCII counts 0.5, everything else 1."""
    return sum(0.5 if ord(c) < 0x80 else 1.0 for c in s)


def wrap(text: str, width: int, first: float) -> list[str]:
    """Wrap at ``width`` (``first`` for line one); ASCII runs stay whole, closing punctuation
    hangs up to two characters past the margin, an opening bracket never ends a line."""
    lines: list[str] = []
    cur, w, limit = "", 0.0, first
    for t in TOKEN.findall(text):
        tw = cwidth(t)
        if cur and w + tw > limit:
            if t[0] in CLOSE and w + tw <= limit + 2:
                cur, w = cur + t, w + tw
                continue
            carry = cur[-1] if len(cur) > 1 and cur[-1] in OPEN else ""
            lines.append(cur[: len(cur) - len(carry)].rstrip(" "))
            cur, w, limit = carry, cwidth(carry), width
        if not cur and t == " ":
            continue
        cur, w = cur + t, w + tw
    if cur.strip():
        lines.append(cur.rstrip(" "))
    return lines


def cn_num(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十二, 二十)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def fake_bold(s: str) -> str:
    """Every non-space glyph doubled, as an extractor prints overprinted bold."""
    return "".join(c if c == " " else c * 2 for c in s)


def letter_space(s: str) -> str:
    """Glyphs separated by single spaces."""
    return " ".join(c for c in s if c != " ")


def extractor_spaces(s: str, rng: random.Random) -> str:
    """Spaces an extractor puts between digit/Latin runs and Han characters (70% of joints)."""
    return ALNUM_HAN.sub(lambda m: " " if rng.random() < 0.7 else "", s)


def column_breaks(
    body: list[tuple[str, str]], every: int, before_open: Callable[[], bool]
) -> list[tuple[str, str]]:
    """Insert ``("", "blank")`` column breaks into rendered ``(text, role)`` lines.

    A break follows every ``every`` lines, and also precedes a line starting with “《（ when
    ``before_open()`` says so; never before the first line and never two within two lines.
    """
    out: list[tuple[str, str]] = []
    since = 0
    for i, ln in enumerate(body):
        if i and since >= 2 and (since >= every or (ln[0][:1] in BREAK_BEFORE and before_open())):
            out.append(("", "blank"))
            since = 0
        out.append(ln)
        since += 1
    return out


def jump_marker(rng: random.Random, direction: str, page: int) -> str:
    """A jump marker: ``（上接第X版）`` (direction "from") or ``（下转第X版）`` / ``（转第X版）`` ("to"),
    the page number in Chinese or Arabic numerals."""
    if direction == "from":
        return rng.choice((f"（上接第{cn_num(page)}版）", f"（上接第{page}版）", f"（上接第 {page} 版）"))
    return rng.choice((f"（下转第{cn_num(page)}版）", f"（下转第{page}版）", f"（转第{page}版）"))


def furniture(
    rng: random.Random, page: int, d: datetime.date, p_spaced: float
) -> tuple[list[str], list[str]]:
    """Running-head lines for the top of the page and editor lines for its bottom.

    Top lines carry the page number, section and date (a short one letter-spaced with
    probability ``p_spaced``); the bottom may be empty.
    """
    sec = rng.choice(T.SECTIONS)
    date = f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"
    paper = T.place(rng, suffix=False) + rng.choice(("日报", "晚报", "新闻"))
    top = rng.choice(
        (
            [f"{page:02d} {sec}", date],
            [date, f"第{page}版 {sec}"],
            [f"{page:02d}", sec, date],
            [paper, date, f"第 {page} 版"],
            [f"第{cn_num(page)}版 {sec}"],
            [f"{sec} {date} 第{page}版"],
            # a paper of lettered sections, a dotted date, the lunar date
            [f"A{page:02d} {sec}", f"{d.year}.{d.month}.{d.day} 星期{WEEKDAYS[d.weekday()]}"],
            [paper, f"{date} 农历{rng.choice(('腊月廿六', '正月初八', '二月十五', '八月十六'))}"],
            [f"- {page} -", f"{page:02d} {sec} {date} 责编：{T.person(rng)}"],
        )
    )
    if page == 1 and rng.random() < 0.5:  # a front page: the masthead over the head, the weather
        lo = rng.randint(-8, 20)
        top = [
            paper,
            f"{T.place(rng, suffix=False)}区委宣传部主管主办",
            f"{date} 今日{rng.randint(4, 16)}版",
            f"天气：{rng.choice(('晴', '多云', '小雨'))} {lo}℃～{lo + rng.randint(3, 10)}℃",
        ]
    ed, ed2 = T.person(rng), T.person(rng)
    bottom = rng.choice(
        (
            [f"责任编辑：{ed}"],
            [f"责任编辑：{ed}　美编：{ed2}"],
            [f"责编：{ed} 电话：（0{rng.randint(100, 999)}）{rng.randint(60000000, 89999999)}"],
            [f"责编：{ed}", f"美编：{ed2}"],
            [f"组版：{ed}　校对：{ed2}"],
            [f"值班主任：{ed}　首席编辑：{ed2}"],
            [],
        )
    )
    return [letter_space(x) if len(x) < 12 and rng.random() < p_spaced else x for x in top], bottom
