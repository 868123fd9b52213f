"""How running text sits in its column: its width, where its lines and sentences end, where
a paragraph or an item opens. Small predicates over ``Line`` that role assignment (``roles``,
``cuts``) and reflow (``stories``) share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from banmian import credits
from banmian import thresholds as T
from banmian.lines import Line

_SENTENCE_END = ("。", "！", "？", "…", "。”", "！”", "？”", "。）", "；")


def column_width(lines: tuple[Line, ...] | list[Line]) -> float:
    """The column width of wrapped text: the most common rounded line width (ties: wider).

    A line that ends a sentence counts half: it may end its paragraph anywhere, while the
    others wrapped at the column's edge (a short block ending in two short paragraphs
    would otherwise look like a narrow column).
    """
    if not lines:
        return 0.0
    counts: dict[int, float] = {}
    for ln in lines:
        w = round(ln.width + ln.indent)
        counts[w] = counts.get(w, 0.0) + (0.5 if ln.terminal else 1.0)
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if len(counts) == len(lines):  # no repeated width: the widest but one (the widest may overflow)
        ws = sorted((ln.width + ln.indent for ln in lines), reverse=True)
        return float(round(ws[1] if len(ws) > 2 else ws[0]))
    return float(best[0])


def ends_sentence(line: Line) -> bool:
    """Whether the line ends a sentence (not merely a clause or a bracket)."""
    return line.text.endswith(_SENTENCE_END)


def opening(lines: list[Line] | tuple[Line, ...]) -> str:
    """The first two lines of a run joined: enough to see a dateline wrapped after `日`."""
    return "".join(ln.text for ln in lines[:2])


_DESIGN = "版式设计|版面设计|版式|制图|设计|绘图|图表"
# design and graphics credits printed under the last paragraph (`版式设计：X`, `制图：X`)
DESIGN_CREDIT = re.compile(rf"^(?:本版)?(?:{_DESIGN})\s*[:：]")
# … and every credit line that closes a body, data sources and cartoons too
END_CREDIT = re.compile(rf"^(?:本版)?(?:{_DESIGN}|漫画|数据来源|资料来源)\s*[:：]")
# an author note under a commentary: `（作者为中央党校教授）`, often wrapped over lines
AUTHOR_NOTE = re.compile(r"^[（(](?:作者|本文作者)(?:为|系|是)")


def closes(line: Line) -> bool:
    """Whether the text may stop after this line: a sentence end (a quote closes one only
    after its stop, `…！”`: `推出“绿水青山”` goes on), a closing bracket, or a design credit
    (``制图：X``) printed under the last paragraph."""
    t = line.text
    return (
        t.endswith(_SENTENCE_END)
        or t.endswith(("」", "』", "）", ")"))
        or (("：" in t or ":" in t) and END_CREDIT.match(t) is not None)  # (a credit has its colon)
    )


def ends_paragraph(line: Line, col: float) -> bool:
    """A paragraph's last line, told without indents: it closes and leaves room in a column
    ``col`` wide."""
    return closes(line) and line.width <= col - T.SHORT_LINE_GAP


def set_indented(lines: Sequence[Line], col: float) -> bool:
    """Whether a run sets its paragraphs indented throughout: two indented lines or more,
    and every line after a paragraph end indented. A stray indent in unindented text (one
    paragraph) is not that."""
    if sum(ln.indent > 0 for ln in lines) < 2:
        return False
    return all(b.indent > 0 for a, b in zip(lines, lines[1:], strict=False) if ends_paragraph(a, col))


def opens_body(lns: list[Line]) -> bool:
    """Whether the first of ``lns`` opens a body: indented, a jump-from marker, or a
    dateline (read across the next line: `本报北京2月26日` / `电（记者…）`)."""
    ln = lns[0]
    return ln.indent > 0 or ln.jump_from is not None or credits.starts_story(opening(lns))


def fits(line: Line, col: float) -> bool:
    """Whether ``line`` is as wide as a column of ``col`` glyphs (within one), its digits and
    Latin printed anywhere from half width (``line.width``) to full width (its length)."""
    return line.width - 1.0 <= col <= len(line.text) + 1.0


def is_unwrapped(widths: list[float]) -> bool:
    """Whether text is not wrapped into columns: one line per paragraph (a web page's text,
    an extractor that joins lines), its median line ``T.UNWRAPPED_WIDTH`` wide or wider
    (``widths``: of its non-blank lines, sorted). On such a page blank lines say nothing of
    where a headline stands either."""
    return bool(widths) and widths[len(widths) // 2] >= T.UNWRAPPED_WIDTH
