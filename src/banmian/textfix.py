"""Small text repairs, each a named function with a stated contract.

Like ftfy, every fix here is reversible in spirit: it only touches a string when the
evidence is unambiguous (a *whole* run of doubled glyphs, a line made entirely of
letter-spaced single characters, a space between a digit and a Han character).
Nothing here applies NFKC or any other normalisation to the body text.
"""

from __future__ import annotations

import re

# Han ideographs (CJK unified, ext. A, compatibility) — what "a Chinese character" means here.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
_WS_RE = re.compile(r"[ \t\u3000\u00a0]+")

# A space an extractor put between a Han character and a digit/Latin letter (`10 月 14 日`):
# a run of blanks after a Han character and before a digit/Latin letter (or `%` `.`), or
# after a digit/Latin letter (or `%`) and before a Han character. The pattern opens with the
# blank it consumes first, then looks behind it (`.` is that blank) for the glyph before the
# run: opening with a character class lets the regex engine skip ahead to the next blank,
# where lookbehind first would be tried at every position of the text.
_BLANK = r"[ \t\u00a0]"
# Full-width punctuation counts as Han here (`明如翡翠， 40年前` is the same extractor gap), and
# a blank beside a full-width bracket or quote is one too (`隐的 《无题》`, `约合 （…）`): those
# glyphs carry their own spacing.
_CJK_CLOSE = "，。、；：！？”’）》」』"
_CJK_OPEN = "“‘（《「『"
_HAN_ALNUM_GAP = re.compile(
    f"{_BLANK}(?:(?<=[{HAN}{_CJK_CLOSE}].){_BLANK}*(?=[0-9A-Za-z%.])|(?<=[0-9A-Za-z%].){_BLANK}*(?=[{HAN}{_CJK_OPEN}])"
    f"|(?<=[{HAN}0-9A-Za-z%].){_BLANK}*(?=[{_CJK_OPEN}])|(?<=[”’）》」』].){_BLANK}*(?=[{HAN}0-9A-Za-z]))"
)
# letter-spaced line: single non-space glyphs separated by blanks, e.g. `中 国 海 油`
_LETTER_SPACED = re.compile(r"^\S(?:[ \u3000]+\S){2,}$")
_MULTI = re.compile(r"\S{2,}")


def width(s: str) -> float:
    """Printed width in Han-character units: full-width glyphs count 1, half-width 0.5.

    Half-width means Latin-1 (ASCII digits and letters above all): encoding to Latin-1
    while dropping everything else counts them in C, which matters on every line.
    """
    return len(s) - 0.5 * len(s.encode("latin-1", "ignore"))


def han_count(s: str) -> int:
    """How many Han characters ``s`` has."""
    return len(_HAN_RE.findall(s))


def collapse_ws(s: str) -> str:
    """Every run of blanks (ASCII, ideographic, no-break) becomes one ASCII space; ends trimmed."""
    return _WS_RE.sub(" ", s).strip()


def remove_alnum_gaps(s: str) -> str:
    """Drop extractor spaces between Han characters and digits/Latin (`10 月` → `10月`), after
    full-width punctuation before digits/Latin (`， 40年`), and beside full-width brackets and
    quotes (`的 《无题》`).

    Spaces between two Han characters are kept: they may separate names as printed.
    """
    if " " not in s and "\t" not in s and "\u00a0" not in s:
        return s  # no gap to close (most paragraphs): spares the regex
    return _HAN_ALNUM_GAP.sub("", s)


def _undouble_exact(s: str) -> str | None:
    """``s`` with every glyph pair halved if ``s`` is *entirely* pairs (``aabbcc``), else None.
    Glyphs drawn three times over (``aaabbbccc``, a heavier fake bold) are undone the same way."""
    if len(s) < 4 or s[0] != s[1] or s.isascii():  # `2200` is a number, not fake bold
        return None
    for k in (2, 3):
        a = s[0::k]
        if len(s) % k == 0 and len(s) >= 2 * k and all(s[i::k] == a for i in range(1, k)) and len(set(a)) >= 2:
            return a
    return None


def undouble_whole(s: str) -> str | None:
    """``s`` with fake bold undone if the whole of it (blanks ignored) is doubled, else None."""
    return _undouble_exact(_WS_RE.sub("", s))


# a run of at least four doubled glyphs inside a longer line (``xx海海洋洋牧牧场场yy``), or of
# three tripled ones
# (one pattern, one pass over the line: most lines have neither)
_FAKE_BOLD_RUN = re.compile(r"((\S)\2\2){3,}|((\S)\4){4,}")


def _undo_run(m: re.Match[str]) -> str:
    return m.group(0)[0 :: 3 if m.group(1) else 2]


def undouble(s: str) -> tuple[str, bool]:
    """Undo fake bold: ``““海海洋洋牧牧场场””`` → ``“海洋牧场”``. Returns (text, changed).

    Only whole doubled runs are repaired: the line (blanks ignored) must consist of glyph
    pairs, or contain a run of at least four pairs; genuine doubles such as ``常常`` or
    ``谢谢`` inside ordinary text are therefore never touched.
    """
    compact = _WS_RE.sub("", s)
    whole = _undouble_exact(compact)
    if whole is not None:
        return whole, True
    out = _FAKE_BOLD_RUN.sub(_undo_run, compact)
    if out != compact:
        return out, True
    return s, False


def close_letter_spacing(s: str) -> tuple[str, bool]:
    """Close up a letter-spaced line (``加 强 政 治 建 设`` → ``加强政治建设``). Returns (text, changed).

    Applies when the line is made of at least three blank-separated single glyphs and no
    blank-separated word is longer than one glyph, except that a wider gap (two or more
    blanks) is kept as one space because it separates words in print.
    """
    t = s.strip()
    if not _LETTER_SPACED.match(t) or _MULTI.search(t):
        return s, False
    parts = re.split(r"[ \u3000]{2,}", t)
    return " ".join(p.replace(" ", "").replace("\u3000", "") for p in parts), True


def clean_headline(s: str) -> tuple[str, list[str]]:
    """Headline text as printed: fake bold undone, letter spacing closed, blanks collapsed.

    Returns the cleaned text and the names of the fixes applied (for the trail).
    """
    fixes: list[str] = []
    t, changed = close_letter_spacing(s)
    if changed:
        fixes.append("close_letter_spacing")
    t2, changed = undouble(t)
    if changed:
        fixes.append("undouble")
        t = t2
    return collapse_ws(t), fixes


def join_wrapped(parts: list[str]) -> str:
    """Join column-wrapped pieces of one paragraph with nothing between them.

    Chinese text has no spaces between words, so a line break inside a paragraph is
    simply removed; blanks printed inside a piece are kept as printed.
    """
    return "".join(parts)
