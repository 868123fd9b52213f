"""Helpers that lay out invented text the way a page dump prints it (for the stage tests).

``wrap`` cuts a paragraph at a fixed column width measured with ``banmian.textfix.width``,
indents its first line by two ideographic spaces, and — as a typesetter does — never
starts a line with closing punctuation (it hangs at the end of the line before).
"""

from __future__ import annotations

from banmian.textfix import width

INDENT = "\u3000\u3000"
_NO_LINE_START = "，。、；：！？”’）》"


def wrap(text: str, col: float = 14, indent: bool = True) -> list[str]:
    """``text`` as the lines of a column ``col`` glyphs wide."""
    lines: list[str] = []
    cur, w = (INDENT, 2.0) if indent else ("", 0.0)
    for ch in text:
        cw = width(ch)
        if w + cw > col and cur.strip() and ch not in _NO_LINE_START:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def page(*parts: str | list[str]) -> str:
    """Join strings and lists of lines into one page text."""
    out: list[str] = []
    for p in parts:
        out.extend([p] if isinstance(p, str) else p)
    return "\n".join(out)


def nbsp_free(s: str) -> str:
    """Paragraph text with the fixed spaces the parser keeps (U+00A0) as plain spaces."""
    return s.replace("\u00a0", " ")
