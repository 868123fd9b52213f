"""Stage 1–2: decoded text → numbered lines with the features later stages score on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from banmian import credits
from banmian.textfix import HAN, close_letter_spacing, undouble, width

_INDENT = re.compile(r"^[ \t\u3000\u00a0]+")
# a line that ends a sentence or a paragraph as printed
TERMINAL = re.compile(r"[。！？!?…：:；;]$|[。！？!?…][”’」』）)]+$|[）)]$")
_INNER_STOP = re.compile(r"[。！？；]")
_PUNCT = re.compile(r"[，。、；：！？,;:!?]")
_LEADING_CLOSE = re.compile(r"^[，。、；：！？,.;:!?”’」』）)]")

# ---------------------------------------------------------------- furniture patterns
_DATE_FULL = re.compile(
    r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]"
    r"|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
_DATE_PART = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月$|^\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]$")
_PAGE_NO = re.compile(r"^第\s*[0-9〇零一二三四五六七八九十]{1,3}\s*版$|^[0-9]{1,2}\s*版$")
_SECTION = re.compile(rf"^[0-9]{{1,2}}\s+[{HAN}·]{{2,8}}$|^[{HAN}]{{2,6}}\s+[0-9]{{1,2}}$")
_STAFF = re.compile(r"^(?:责任编辑|责编|美编|美术编辑|编辑|校对|本版编辑|图片编辑|版面设计)\s*[:：]")
_CONTACT = re.compile(r"^(?:电话|新闻热线|传真|邮箱|电子信箱|E-mail)\s*[:：。]|https?://|www\.")
_MASTHEAD = re.compile(
    r"^(?:[A-Z]{3,}(?:\s+[A-Z]{3,})+|国内统一连续出版物号.*|.*代号\s*\d.*|今日\s*\d+\s*版|.{0,8}网址[:：].*)$"
)


def furniture_reason(text: str) -> str | None:
    """Why ``text`` is page furniture (header/footer), or None. Letter spacing is ignored."""
    t = text.strip()
    if not t:
        return None
    closed = re.sub(r"[ \u3000]+", " ", t)
    compact = re.sub(r"[ \u3000]+", "", t)
    if _DATE_FULL.match(closed) or _DATE_FULL.match(compact):
        return "date"
    if _DATE_PART.match(closed):
        return "date part"
    if _PAGE_NO.match(closed) or _PAGE_NO.match(compact):
        return "page number"
    if _SECTION.match(closed) and len(compact) <= 10:
        return "page number and section"
    if _STAFF.match(compact):
        return "staff credit"
    if _CONTACT.search(closed) and len(compact) <= 40:
        return "contact"
    if _MASTHEAD.match(closed):
        return "masthead"
    return None


@dataclass(frozen=True, slots=True)
class Line:
    """One input line and its features. ``no`` is 1-based; ``text`` has its indent removed."""

    no: int
    raw: str
    text: str
    indent: float  # width of leading blanks, in Han-character units
    width: float  # printed width of ``text``
    doubled: str | None  # the text with fake bold undone, when the whole line was doubled
    spaced: bool  # letter-spaced (``中 国 海 油``)
    terminal: bool  # ends a sentence (。！？…) or a bracket
    inner_stop: bool  # has a full stop / semicolon before its last glyph
    punct: int  # how many punctuation marks
    furniture: str | None  # why it is furniture, if it is
    byline: tuple[credits.Author, ...] | None
    jump_from: int | None
    jump_to: int | None
    leading_close: bool  # starts with closing punctuation: can only continue a sentence

    @property
    def blank(self) -> bool:
        return not self.text


def _indent_width(s: str) -> float:
    return sum(1.0 if c == "\u3000" else 0.5 for c in s)


def make_line(no: int, raw: str) -> Line:
    """Compute the features of one raw line (no trailing newline)."""
    raw = raw.rstrip("\n")
    m = _INDENT.match(raw)
    indent = _indent_width(m.group(0)) if m else 0.0
    text = raw.strip(" \t\u3000\u00a0\r\f\v")
    if not text:
        return Line(no, raw, "", 0.0, 0.0, None, False, False, False, 0, None, None, None, None, False)
    und, changed = undouble(text)
    spaced = close_letter_spacing(text)[1]
    jf, rest = credits.jump_from(text)
    jt, _ = credits.jump_to(rest)
    byl = credits.parse_byline(text)
    return Line(
        no=no,
        raw=raw,
        text=text,
        indent=indent,
        width=width(text),
        doubled=und if changed else None,
        spaced=spaced,
        terminal=bool(TERMINAL.search(text)),
        inner_stop=bool(_INNER_STOP.search(text[:-1])),
        punct=len(_PUNCT.findall(text)),
        furniture=furniture_reason(text),
        byline=tuple(byl) if byl else None,
        jump_from=jf,
        jump_to=jt,
        leading_close=bool(_LEADING_CLOSE.match(text)),
    )


def split_lines(text: str) -> list[str]:
    """Split decoded page text into raw lines: CRLF/CR/form feed all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")


def make_lines(text: str) -> list[Line]:
    """All lines of a page, numbered from 1, blank ones included."""
    return [make_line(i, raw) for i, raw in enumerate(split_lines(text), 1)]


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Maximal runs of non-blank lines (what a blank line separates in the dump)."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.blank:
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(ln)
    if cur:
        out.append(cur)
    return out
