"""Page geometry → printed lines in reading order, with the blocks between them.

The glyphs of a page (``extract.Chars``: columns cut into content-stream runs) go through
four steps, each a pure function:

1. ``runs.kept_runs``: fake bold (a glyph printed again over itself, offset under 0.2 em)
   dropped, the first stroke kept;
2. ``runs.build_lines``: runs on one baseline band that continue each other joined into
   lines; a gap over ``runs.SPACE_EM`` em beyond the line's tracking is a printed blank;
3. ``order.reading_order``: a recursive XY-cut over the line boxes, headlines widened to
   the columns they head;
4. ``leaf_lines``: within a leaf, a block break (a blank line for the text rules) where the
   type changes between display and body sizes or the gap is wider than ``BLOCK_GAP_EM``;
   a body line starting 1.5–4.5 ems right of the column's left edge is a paragraph's first
   line (two U+3000 in ``raw``); lines right-aligned or centred are not indented.

The result, ``layout_page(chars)``, is a list of ``PLine`` (text with its type size and box)
and ``None`` for each blank line between blocks, in reading order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import NamedTuple

from banmian.pdf.extract import Box, Chars, Glyph
from banmian.pdf.order import DISPLAY_RATIO, bands, display, reading_order
from banmian.pdf.runs import Line, build_lines, drop_fake_bold, kept_runs, line_text

__all__ = [
    "PLine",
    "body_size",
    "build_lines",
    "drop_fake_bold",
    "layout_page",
    "leaf_lines",
    "reading_order",
]

BLOCK_GAP_EM = 0.7  # a gap between stacked lines wider than this (beyond the leading) ends a block
INDENT_EM = (1.5, 4.5)  # a first-line indent, in ems of the line's type
FIGURE_EM = 2.0  # a picture at least this many body ems wide and high holds its place in the layout
HEAD_JOIN_EM = 1.5  # display lines this close under each other are one headline (kicker, title, subtitle)


class PLine(NamedTuple):
    """One printed line: ``raw`` (the text, with U+3000×2 for a paragraph indent), size, box,
    and whether it stands in the page's running head or foot."""

    raw: str
    size: float
    left: float
    top: float
    right: float
    bottom: float
    band: bool = False  # in the page's running head or foot (``order.bands``)


def body_size(chars: Chars, runs: list[Line] | None = None) -> float:
    """The page's body type: the commonest size of the glyphs (of ``runs``), 0 for none."""
    if runs is None or sum(len(s) for r in runs for s in r.segs) == len(chars.size):
        sizes: Sequence[float] = chars.size
    else:
        sizes = [chars.size[k] for r in runs for k in r.indexes()]
    return Counter(sizes).most_common(1)[0][0] if sizes else 0.0


def figure_lines(figures: Sequence[Box], lines: list[Line], body: float) -> list[Line]:
    """The pictures that take up room in the layout, as ``Line``s without glyphs (size 0).

    A picture counts when it is at least ``FIGURE_EM`` body ems wide and high and no line of
    text has its centre on it (a tint or a frame behind text is not a picture).
    """
    least = FIGURE_EM * body
    out: list[Line] = []
    for left, top, right, bottom in figures:
        if right - left < least or bottom - top < least:
            continue
        if any(
            left < (ln.left + ln.right) / 2 < right and top < (ln.top + ln.bottom) / 2 < bottom
            for ln in lines
        ):
            continue
        out.append(Line((), left, top, right, bottom, 0.0))
    return out


def leaf_lines(leaf: list[Line], body: float, chars: Chars) -> list[PLine | None]:
    """One leaf's lines with their indents, ``None`` where a block ends inside it.

    Pictures (lines without glyphs) give nothing, but their left edge counts as the column's
    (a caption whose every line is a paragraph of its own is still indented).
    """
    thr = DISPLAY_RATIO * body if body > 0 else float("inf")
    edge = min([ln.left for ln in leaf if ln.size < thr], default=0.0)
    least, most = INDENT_EM
    new = tuple.__new__  # PLine without its Python-level __new__
    out: list[PLine | None] = []
    prev: Line | None = None
    for ln in leaf:
        if not ln.segs:
            continue
        size = ln.size
        shown = size >= thr
        if prev is not None:
            em = min(prev.size, size)
            if (prev.size >= thr) != shown or ln.top - prev.bottom > max(0.0, em * 0.4) + BLOCK_GAP_EM * em:
                out.append(None)
        text = line_text(ln, chars)
        if not shown and least <= (ln.left - edge) / size <= most:
            text = "\u3000\u3000" + text
        out.append(
            new(
                PLine,
                (
                    text,
                    size,
                    round(ln.left, 1),
                    round(ln.top, 1),
                    round(ln.right, 1),
                    round(ln.bottom, 1),
                    False,
                ),
            )
        )
        prev = ln
    return out


def layout_page(chars: Chars | Sequence[Glyph], figures: Sequence[Box] = ()) -> list[PLine | None]:
    """Printed lines of one page in reading order, ``None`` between blocks (see the module doc).

    ``chars`` is a page's ``Chars`` or a sequence of ``Glyph`` in content order; ``figures``
    the boxes of its pictures (``PdfPageText.figures``), which hold their place in the
    reading order (a photo between its headline and its caption).
    """
    if not isinstance(chars, Chars):
        chars = Chars.from_glyphs(chars)
    runs = kept_runs(chars)
    if not runs:
        return []
    body = body_size(chars, runs)
    out: list[PLine | None] = []
    prev: Line | None = None
    lines = build_lines(chars, runs)
    if figures:
        lines += figure_lines(figures, lines, body)
    head, rest, foot = bands(sorted(lines, key=attrgetter("top")), body)
    leaves = [(True, [ln]) for ln in sorted(head, key=attrgetter("left"))]  # each piece a block
    leaves += [(False, leaf) for leaf in reading_order(rest, body, chars)]
    leaves += [(True, [ln]) for ln in foot]
    for band, leaf in leaves:
        text = [ln for ln in leaf if ln.segs]
        if not text:
            continue
        first = text[0]
        # the lines of one headline (kicker, title, subtitle) stay one block
        head_on = (
            prev is not None
            and display(prev.size, body)
            and display(first.size, body)
            and 0 <= first.top - prev.bottom <= HEAD_JOIN_EM * min(prev.size, first.size)
            and first.left < prev.right
            and first.right > prev.left
        )
        if out and not head_on:
            out.append(None)
        got = leaf_lines(leaf, body, chars)
        out += [p._replace(band=True) for p in got if p is not None] if band else got
        prev = text[-1]
    return out
