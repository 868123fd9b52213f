"""Reading order: a recursive XY-cut over the line boxes of a page, aware of headlines.

A node (a set of lines) is cut along its whitespace: all its vertical gaps (columns,
side-by-side modules) at least ``COL_GAP_EM`` body ems wide, or its widest horizontal gap
(between rows, between a headline and the columns under it).  A horizontal gap wins over
vertical ones only when it is at least ``ROW_OVER_COL`` times as wide, so the headlines of
two side-by-side modules are never cut off from their bodies as one strip, while a row gap
across the page is cut before the gutters inside the rows.  A headline that spans columns
covers their gutters (``_spans``), so a module's columns are only split below it.  A node
whose lines are stacked one above the other (one column) is a leaf, read top to bottom;
pieces of one printed line (a justified line's wide blank) are joined back into one line,
alone in a node or in a column whose lines above or below run across their gap
(``_join_pieces``), so such a line does not get its column cut row by row.

Pictures come in as lines without glyphs (size 0): they take up room, so a photo keeps its
title and its caption in one column of the layout, and they are never joined to text.
``bands`` finds the page's running head and foot, which the caller reads first and last.

Nodes are kept sorted by top (the root is sorted once; cutting keeps the order), so only
the x-extents are sorted per node.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import NamedTuple

from banmian.pdf.extract import BAND_EM, Chars
from banmian.pdf.runs import Line, make_line

__all__ = ["COL_GAP_EM", "DISPLAY_RATIO", "ROW_OVER_COL", "bands", "display", "reading_order"]

ROW_JOIN_EM = 1.5  # pieces of one band no further apart than this, alone in a node, are one line
BRIDGE_EM = 2.0  # … or anywhere, when a line of their size this close above or below runs across the gap
COL_GAP_EM = 0.5  # a vertical gap this wide (body ems) may separate columns
ROW_OVER_COL = 1.5  # a horizontal gap beats vertical ones when this many times wider
HEAD_ROW_EM = 2.5  # body lines this close under a headline are the first row it heads
HEAD_CHAIN_EM = 2.0  # that row goes on sideways across gaps (gutters) up to this wide
COLUMN_PEEK_EM = 4.0  # a column's width is read from its lines this far under its top
BAND_GAP_EM = 1.0  # whitespace this high (body ems) sets the page's running head and foot apart
BAND_HEIGHT = 1.6  # a running head or foot is one row: no higher than this many ems of its type
DISPLAY_RATIO = 1.25  # type this much larger than the body's is display type (headlines)

_top = attrgetter("top")
_left = attrgetter("left")
_bottom = attrgetter("bottom")


def display(size: float, body: float) -> bool:
    """True for display type (headlines): ``DISPLAY_RATIO`` times the body size or more."""
    return body > 0 and size >= DISPLAY_RATIO * body


def _threshold(body: float) -> float:
    """The smallest display size for body type ``body`` (infinite without a body size)."""
    return DISPLAY_RATIO * body if body > 0 else float("inf")


def _gaps(spans: list[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    """Gaps at least ``min_gap`` wide between the union of the ``(lo, hi)`` spans (sorted by lo)."""
    out: list[tuple[float, float]] = []
    reach = spans[0][1]
    for lo, hi in spans[1:]:
        if lo - reach >= min_gap:
            out.append((reach, lo))
        if hi > reach:
            reach = hi
    return out


def _stacked(node: list[Line]) -> bool:
    """True when no two lines share height: one column, read top to bottom (node by top)."""
    return all(b.top >= a.bottom - 0.25 * min(a.size, b.size) for a, b in zip(node, node[1:], strict=False))


def _one_row(node: list[Line]) -> bool:
    """True for pieces of one line: one band, one type size, gaps under ``ROW_JOIN_EM``."""
    size = node[0].size
    if size <= 0 or any(ln.size != size for ln in node) or node[-1].top - node[0].top > 2 * BAND_EM * size:
        return False
    s = sorted(node, key=_left)
    return all(
        abs(ln.top - s[0].top) <= BAND_EM * size and ln.left - p.right <= ROW_JOIN_EM * size
        for p, ln in zip(s, s[1:], strict=False)
    )


def _join_pieces(node: list[Line], chars: Chars) -> list[Line] | None:
    """The node (by top) as one column with the pieces of each printed line joined, or None
    when it has no pieces or is not one column even so (it fails at the first sign of that).

    Pieces are lines of one type size on one band (tops within ``BAND_EM`` em), side by side
    with a gap of at most ``ROW_JOIN_EM`` em that a line of the same size right above or
    below (tops within ``BRIDGE_EM`` em) runs across: a justified line cut at a blank wider
    than a run allows (``extract.RUN_GAP_EM``). A gutter is never bridged so by its own
    columns' lines. Pictures (no glyphs) are never joined.
    """
    tops = [ln.top for ln in node]
    out: list[Line] = []
    changed = False
    i, n = 0, len(node)
    while i < n:
        cur = node[i]
        j = i + 1
        while j < n and node[j].top - cur.top <= BAND_EM * cur.size:
            j += 1
        if j - i > 1:
            row = sorted(node[i:j], key=_left)
            cur = row[0]
            for ln in row[1:]:
                size = cur.size
                if not (
                    size > 0
                    and ln.size == size
                    and cur.segs
                    and ln.segs
                    and abs(ln.top - cur.top) <= BAND_EM * size
                    and 0 <= ln.left - cur.right <= ROW_JOIN_EM * size
                    and any(
                        o.size == size and o.segs and o.left < cur.right and o.right > ln.left
                        for o in node[
                            bisect_left(tops, cur.top - BRIDGE_EM * size) : bisect_right(
                                tops, cur.top + BRIDGE_EM * size
                            )
                        ]
                    )
                ):
                    return None  # side by side, and not pieces of one line: not one column
                cur = make_line(chars, sorted([*cur.indexes(), *ln.indexes()], key=chars.left.__getitem__))
            changed = True
        if out and cur.top < out[-1].bottom - 0.25 * min(out[-1].size, cur.size):
            return None  # overlapping rows: not one column
        out.append(cur)
        i = j
    return out if changed else None


class _Index(NamedTuple):
    """A node's lines sorted for range look-ups: body lines by top, all lines by bottom."""

    body_tops: list[float]
    body: list[tuple[int, Line]]  # (position in the node, line), by top
    bottoms: list[float]
    by_bottom: list[Line]


def _index(node: list[Line], body: float) -> _Index:
    thr = _threshold(body)
    bl = [(k, ln) for k, ln in enumerate(node) if ln.size < thr]  # node is by top
    bb = sorted(node, key=_bottom)
    return _Index([e[1].top for e in bl], bl, [ln.bottom for ln in bb], bb)


def _column_top(ln: Line, h: Line, idx: _Index, others: list[Line], body: float) -> bool:
    """Body type starting a column right under ``h``: no line just above, no other headline."""
    eps = 1e-6 * (1.0 + abs(ln.top))
    lo = bisect_left(idx.bottoms, ln.top - body - eps)
    hi = bisect_right(idx.bottoms, ln.top + 0.1 * body + eps)
    return not any(
        o is not ln
        and o is not h
        and o.left < ln.right
        and o.right > ln.left
        and -0.1 * body <= ln.top - o.bottom <= body
        for o in idx.by_bottom[lo:hi]
    ) and not any(
        g.left < ln.right and g.right > ln.left and 0 <= ln.top - g.bottom <= HEAD_ROW_EM * body
        for g in others
    )


def _column(ln: Line, idx: _Index, body: float) -> tuple[float, float]:
    """The x-extent of the column body line ``ln`` tops: its own and that of the body lines
    under it within ``COLUMN_PEEK_EM`` body ems (a first line may be indented or short)."""
    lo, hi = ln.left, ln.right
    end = bisect_right(idx.body_tops, ln.top + COLUMN_PEEK_EM * body)
    for _, o in idx.body[bisect_left(idx.body_tops, ln.top) : end]:
        if o.left < hi and o.right > lo:
            lo, hi = min(lo, o.left), max(hi, o.right)
    return lo, hi


def _head_extent(h: Line, idx: _Index, others: list[Line], body: float) -> tuple[float, float] | None:
    """The x-extent of the columns headline ``h`` heads (see ``_spans``), or None."""
    eps = 1e-6 * (1.0 + abs(h.bottom))
    lo = bisect_left(idx.body_tops, h.bottom - eps)
    hi = bisect_right(idx.body_tops, h.bottom + HEAD_ROW_EM * body + eps)
    near = sorted(
        (e for e in idx.body[lo:hi] if 0 <= e[1].top - h.bottom <= HEAD_ROW_EM * body), key=lambda e: e[0]
    )  # node order, as the stable sort below expects
    row = sorted(_column(ln, idx, body) for _, ln in near if _column_top(ln, h, idx, others, body))
    seed = [i for i, (a, b) in enumerate(row) if a < h.right and b > h.left]
    if not seed:
        return None
    lo_x = min(row[q][0] for q in seed)
    hi_x = max(row[q][1] for q in seed)
    for a, b in row[seed[-1] + 1 :]:  # chain rightwards across gutters
        if a - hi_x > HEAD_CHAIN_EM * body:
            break
        hi_x = max(hi_x, b)
    for a, b in sorted(row[: seed[0]], key=lambda e: -e[1]):  # and leftwards
        if lo_x - b > HEAD_CHAIN_EM * body:
            break
        lo_x = min(lo_x, a)
    centred = abs((lo_x + hi_x) / 2 - (h.left + h.right) / 2) <= 1.5 * body
    if centred or abs(lo_x - h.left) <= body:
        return min(lo_x, h.left), max(hi_x, h.right)
    return None


def _spans(node: list[Line], body: float) -> list[tuple[float, float]]:
    """The x-extent of each line, a headline's widened to the columns it heads.

    A headline is often narrower than its module (centred over six columns, it may cover
    only the middle four), so the gutters under its ends are not gaps between modules.  The
    first row of body lines right under a display line (tops within ``HEAD_ROW_EM`` body
    ems of its bottom), chained sideways from the lines it overlaps across gaps under
    ``HEAD_CHAIN_EM`` ems, gives the columns it heads: the headline is widened to them when
    it is centred on them or flush left with them, and left alone otherwise.
    """
    out = [(ln.left, ln.right) for ln in node]
    thr = _threshold(body)
    heads = [k for k, ln in enumerate(node) if ln.size >= thr]
    if not heads:
        return out
    idx = _index(node, body)
    for k in heads:
        ext = _head_extent(node[k], idx, [node[q] for q in heads if q != k], body)
        if ext is not None:
            out[k] = ext
    return out


def _band(lines: list[Line], thr: float) -> int:
    """How many of ``lines`` (by top, or by bottom from the end) form one row of text type."""
    first = lines[0]
    edge = first.bottom
    k = 1
    while k < len(lines) and lines[k].top < edge:
        edge = max(edge, lines[k].bottom)
        k += 1
    if any(ln.size >= thr for ln in lines[:k]) or edge - first.top > BAND_HEIGHT * max(
        ln.size for ln in lines[:k]
    ):
        return 0
    return k


def bands(lines: list[Line], body: float) -> tuple[list[Line], list[Line], list[Line]]:
    """The page's running head and foot, and the lines between (``lines`` sorted by top).

    A head is the top row of the page (lines sharing a band, none in display type) when
    whitespace at least ``BAND_GAP_EM`` body ems high separates it from everything under
    it; a foot is the bottom row likewise.  They are read first and last, whatever the
    columns under them (a running head over a photo would otherwise be cut into columns).
    """
    if len(lines) < 3 or body <= 0:
        return [], lines, []
    thr, gap = _threshold(body), BAND_GAP_EM * body
    k = _band(lines, thr)
    head: list[Line] = []
    if 0 < k < len(lines) and min(ln.top for ln in lines[k:]) - max(ln.bottom for ln in lines[:k]) >= gap:
        head, lines = lines[:k], lines[k:]
    up = sorted(lines, key=lambda ln: -ln.bottom)
    k = _band([Line(ln.segs, ln.left, -ln.bottom, ln.right, -ln.top, ln.size) for ln in up], thr)
    foot: list[Line] = []
    if 0 < k < len(up) and min(ln.top for ln in up[:k]) - max(ln.bottom for ln in up[k:]) >= gap:
        foot = sorted(up[:k], key=_left)
        lines = [ln for ln in lines if all(ln is not f for f in foot)]
    return head, lines, foot


def reading_order(lines: list[Line], body: float, chars: Chars) -> list[list[Line]]:
    """The leaves of the XY-cut of ``lines`` in reading order, each top to bottom.

    ``chars`` holds the glyphs of the lines (pieces of one line are joined into one).
    """
    out: list[list[Line]] = []
    stack: list[list[Line]] = [sorted(lines, key=_top)] if lines else []
    col_gap, row_gap = COL_GAP_EM * body, 0.05 * body
    while stack:
        node = stack.pop()
        if len(node) <= 1:
            out += [node] if node else []
            continue
        if _one_row(node):  # pieces of one line (a justified line's wide blank)
            idx = sorted((k for ln in node for k in ln.indexes()), key=chars.left.__getitem__)
            out.append([make_line(chars, idx)])
            continue
        xg = _gaps(sorted(_spans(node, body)), col_gap)
        yg = _gaps([(ln.top, ln.bottom) for ln in node], row_gap)
        wx = max([b - a for a, b in xg], default=0.0)
        wy = max([b - a for a, b in yg], default=0.0)
        if xg and not (wy >= ROW_OVER_COL * wx):
            cuts = [(a + b) / 2 for a, b in xg]
            parts: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
            for ln in node:
                parts[bisect_left(cuts, ln.left)].append(ln)
            stack += reversed([p for p in parts if p])
            continue
        if _stacked(node):
            out.append(node)
            continue
        if not xg:  # one column whose justified lines some wide blanks cut in pieces
            joined = _join_pieces(node, chars)
            if joined is not None:
                out.append(joined)
                continue
        if yg:
            a, b = max(yg, key=lambda g: g[1] - g[0])
            cut = (a + b) / 2
            stack.append([ln for ln in node if ln.top > cut])
            stack.append([ln for ln in node if ln.top <= cut])
            continue
        out.append(sorted(node, key=lambda ln: (ln.top, ln.left)))  # overlapping: give up, read by rows
    return out
