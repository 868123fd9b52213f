"""Page geometry → printed lines in reading order, with the blocks between them.

Glyphs (``extract.Glyph``) go through four steps, each a pure function:

1. ``drop_fake_bold``: a glyph printed again over itself (same character and type size,
   offset under ``FAKE_BOLD_EM`` em in x and y) is the second stroke of fake bold, not text:
   only the first is kept.  Genuine repeats (常常) stand a whole em apart and stay.
2. ``build_lines``: runs of glyphs on one baseline band (vertical centres within
   ``BAND_EM`` em) with gaps under ``LINE_GAP_EM`` em (of the smaller type) form one line;
   a gap over ``SPACE_EM`` em inside a line is a printed blank (``" "``).
3. ``reading_order``: a recursive XY-cut over the line boxes.  A node is cut along its
   whitespace: all its vertical gaps (columns, side-by-side modules) at least ``COL_GAP_EM``
   body ems wide, or its widest horizontal gap (between rows, between a headline and the
   columns under it).  A horizontal gap wins over vertical ones only when it is at least
   ``ROW_OVER_COL`` times as wide, so the headlines of two side-by-side modules are never
   cut off from their bodies as one strip, while a row gap across the page is cut before
   the gutters inside the rows.  A headline that spans columns covers their gutters, so
   a module's columns are only split below it.  A node whose lines are stacked one above
   the other (one column) is a leaf, read top to bottom.
4. ``leaf_lines``: within a leaf, a block break (a blank line for the text rules) where the
   type changes between display and body sizes or the gap is wider than ``BLOCK_GAP_EM``;
   a body line starting 1.5–4.5 ems right of the column's left edge is a paragraph's first
   line (two U+3000 in ``raw``); lines right-aligned or centred are not indented.

The result, ``layout_page(glyphs)``, is a list of ``PLine`` (text with its indent, type size
and box) and ``None`` for each blank line between blocks, in reading order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from banmian.pdf.extract import Glyph

__all__ = ["PLine", "body_size", "build_lines", "drop_fake_bold", "layout_page", "reading_order"]

FAKE_BOLD_EM = 0.2  # a duplicate glyph offset by less than this (x and y) is an overprint
BAND_EM = 0.3  # glyph centres within this many ems share a baseline band
LINE_GAP_EM = 0.6  # a wider gap ends a line (narrower than any column gutter)
SPACE_EM = 0.15  # a gap this wide inside a line is a printed blank
ROW_JOIN_EM = 1.5  # pieces of one band no further apart than this, alone in a node, are one line
COL_GAP_EM = 0.5  # a vertical gap this wide (body ems) may separate columns
ROW_OVER_COL = 1.5  # a horizontal gap beats vertical ones when this many times wider
BLOCK_GAP_EM = 0.7  # a gap between stacked lines wider than this (beyond the leading) ends a block
HEAD_ROW_EM = 2.5  # body lines this close under a headline are the first row it heads
HEAD_CHAIN_EM = 2.0  # that row goes on sideways across gaps (gutters) up to this wide
DISPLAY_RATIO = 1.25  # type this much larger than the body's is display type (headlines)
INDENT_EM = (1.5, 4.5)  # a first-line indent, in ems of the line's type


class PLine(NamedTuple):
    """One printed line: ``raw`` (the text, with U+3000×2 for a paragraph indent), size, box."""

    raw: str
    size: float
    left: float
    top: float
    right: float
    bottom: float


class _Line(NamedTuple):
    glyphs: tuple[Glyph, ...]
    left: float
    top: float
    right: float
    bottom: float
    size: float


def drop_fake_bold(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """The glyphs without overprinted duplicates (fake bold), first stroke kept, order kept.

    Kept glyphs are filed by character and x-cell one em wide; a glyph looks in its own cell,
    and in the neighbouring one only when under ``FAKE_BOLD_EM`` em from that cell's edge.
    """
    seen: dict[tuple[str, int], list[Glyph]] = {}
    get = seen.get
    out: list[Glyph] = []
    add = out.append
    near, far = FAKE_BOLD_EM, 1.0 - FAKE_BOLD_EM
    for g in glyphs:
        char, left, top, _, _, size = g
        em = size or 1.0
        q = left / em
        cx = int(q // 1)
        own = (char, cx)
        frac = q - cx
        keys = (
            (own,) if near <= frac <= far else ((char, cx - 1), own) if frac < near else (own, (char, cx + 1))
        )
        lim = near * em
        tol = 0.05 * em
        dup = False
        for key in keys:
            filed = get(key)
            if filed:
                for h in filed:
                    if abs(h[1] - left) < lim and abs(h[2] - top) < lim and abs(h[5] - size) <= tol:
                        dup = True
                        break
                if dup:
                    break
        if dup:
            continue
        filed = get(own)
        if filed is None:
            seen[own] = [g]
        else:
            filed.append(g)
        add(g)
    return out


def _mode_size(glyphs: Sequence[Glyph]) -> float:
    return Counter(g.size for g in glyphs).most_common(1)[0][0]


def _make(glyphs: list[Glyph]) -> _Line:
    _, ls, ts, rs, bs, ss = zip(*glyphs, strict=True)
    return _Line(
        tuple(glyphs),
        min(ls),
        min(ts),
        max(rs),
        max(bs),
        ss[0] if len(set(ss)) == 1 else _mode_size(glyphs),
    )


def build_lines(glyphs: Sequence[Glyph]) -> list[_Line]:
    """Group glyphs into lines: same baseline band, left to right, small gaps only.

    Runs are first taken in content-stream order (how a PDF usually writes a line), then
    runs that continue each other on one band are merged, so a line written in pieces or
    out of order comes out whole.
    """
    runs: list[list[Glyph]] = []
    cur: list[Glyph] = []
    band, gap_hi = BAND_EM, LINE_GAP_EM
    pr = pcy = ps = 0.0
    for g in glyphs:
        _, left, top, right, bottom, size = g
        cy = (top + bottom) / 2
        if cur:
            em = ps if ps < size else size
            gap = left - pr
            if abs(cy - pcy) <= band * em and -0.5 * em <= gap <= gap_hi * em:
                cur.append(g)
                pr, pcy, ps = right, cy, size
                continue
            runs.append(cur)
        cur = [g]
        pr, pcy, ps = right, cy, size
    if cur:
        runs.append(cur)
    # merge runs on one band whose ends meet: sort by band then x, join neighbours
    runs.sort(key=lambda r: (round(r[0].cy / max(r[0].size, 1.0) / BAND_EM), r[0].left))
    merged: list[list[Glyph]] = []
    for r in runs:
        if merged:
            m = merged[-1]
            p, g = m[-1], r[0]
            em = min(p.size, g.size)
            if abs(g.cy - p.cy) <= BAND_EM * em and -0.5 * em <= g.left - p.right <= LINE_GAP_EM * em:
                m.extend(r)
                continue
        merged.append(list(r))
    return [_make(m) for m in merged]


def body_size(glyphs: Sequence[Glyph]) -> float:
    """The page's body type: the commonest glyph size (0 for no glyphs)."""
    return _mode_size(glyphs) if glyphs else 0.0


def _gaps(spans: list[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    """Gaps at least ``min_gap`` wide between the union of the ``(lo, hi)`` spans."""
    spans = sorted(spans)
    out: list[tuple[float, float]] = []
    reach = spans[0][1]
    for lo, hi in spans[1:]:
        if lo - reach >= min_gap:
            out.append((reach, lo))
        reach = max(reach, hi)
    return out


def _stacked(lines: list[_Line]) -> bool:
    """True when no two lines share height: one column, read top to bottom."""
    s = sorted(lines, key=lambda ln: ln.top)
    return all(b.top >= a.bottom - 0.25 * min(a.size, b.size) for a, b in zip(s, s[1:], strict=False))


def _one_row(node: list[_Line], body: float) -> bool:
    """True for pieces of one line: one band, one type size, gaps under ``ROW_JOIN_EM``."""
    s = sorted(node, key=lambda ln: ln.left)
    size = s[0].size
    return all(
        ln.size == size
        and abs(ln.top - s[0].top) <= BAND_EM * size
        and ln.left - p.right <= ROW_JOIN_EM * size
        for p, ln in zip(s, s[1:], strict=False)
    )


class _Index(NamedTuple):
    """A node's lines sorted for range look-ups: body lines by top, all lines by bottom."""

    body_tops: list[float]
    body: list[tuple[int, _Line]]  # (position in the node, line), by top
    bottoms: list[float]
    by_bottom: list[_Line]


def _index(node: list[_Line], body: float) -> _Index:
    bl = sorted(((k, ln) for k, ln in enumerate(node) if not _display(ln.size, body)), key=lambda e: e[1].top)
    bb = sorted(node, key=lambda ln: ln.bottom)
    return _Index([e[1].top for e in bl], bl, [ln.bottom for ln in bb], bb)


def _column_top(ln: _Line, h: _Line, idx: _Index, others: list[_Line], body: float) -> bool:
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


def _head_extent(h: _Line, idx: _Index, others: list[_Line], body: float) -> tuple[float, float] | None:
    """The x-extent of the columns headline ``h`` heads (see ``_spans``), or None."""
    eps = 1e-6 * (1.0 + abs(h.bottom))
    lo = bisect_left(idx.body_tops, h.bottom - eps)
    hi = bisect_right(idx.body_tops, h.bottom + HEAD_ROW_EM * body + eps)
    near = sorted(
        (e for e in idx.body[lo:hi] if 0 <= e[1].top - h.bottom <= HEAD_ROW_EM * body), key=lambda e: e[0]
    )  # node order, as the stable sort below expects
    row = sorted(
        (ln for _, ln in near if _column_top(ln, h, idx, others, body)),
        key=lambda ln: ln.left,
    )
    seed = [i for i, ln in enumerate(row) if ln.left < h.right and ln.right > h.left]
    if not seed:
        return None
    lo = min(row[q].left for q in seed)
    hi = max(row[q].right for q in seed)
    for ln in row[seed[-1] + 1 :]:  # chain rightwards across gutters
        if ln.left - hi > HEAD_CHAIN_EM * body:
            break
        hi = max(hi, ln.right)
    for ln in sorted(row[: seed[0]], key=lambda ln: -ln.right):  # and leftwards
        if lo - ln.right > HEAD_CHAIN_EM * body:
            break
        lo = min(lo, ln.left)
    centred = abs((lo + hi) / 2 - (h.left + h.right) / 2) <= 1.5 * body
    if centred or abs(lo - h.left) <= body:
        return min(lo, h.left), max(hi, h.right)
    return None


def _spans(node: list[_Line], body: float) -> list[tuple[float, float]]:
    """The x-extent of each line, a headline's widened to the columns it heads.

    A headline is often narrower than its module (centred over six columns, it may cover
    only the middle four), so the gutters under its ends are not gaps between modules.  The
    first row of body lines right under a display line (tops within ``HEAD_ROW_EM`` body
    ems of its bottom), chained sideways from the lines it overlaps across gaps under
    ``HEAD_CHAIN_EM`` ems, gives the columns it heads: the headline is widened to them when
    it is centred on them or flush left with them, and left alone otherwise.
    """
    out = [(ln.left, ln.right) for ln in node]
    heads = [k for k, ln in enumerate(node) if _display(ln.size, body)]
    if not heads:
        return out
    idx = _index(node, body)
    for k in heads:
        ext = _head_extent(node[k], idx, [node[q] for q in heads if q != k], body)
        if ext is not None:
            out[k] = ext
    return out


def reading_order(lines: list[_Line], body: float) -> list[list[_Line]]:
    """The leaves of the XY-cut of ``lines`` in reading order, each top to bottom."""
    out: list[list[_Line]] = []
    stack: list[list[_Line]] = [lines]
    while stack:
        node = stack.pop()
        if len(node) <= 1:
            out += [node] if node else []
            continue
        if _one_row(node, body):  # pieces of one line (a justified line's wide blank)
            out.append([_make(sorted((g for ln in node for g in ln.glyphs), key=lambda g: g.left))])
            continue
        xg = _gaps(_spans(node, body), COL_GAP_EM * body)
        yg = _gaps([(ln.top, ln.bottom) for ln in node], 0.05 * body)
        wx = max((b - a for a, b in xg), default=0.0)
        wy = max((b - a for a, b in yg), default=0.0)
        if xg and not (wy >= ROW_OVER_COL * wx):
            cuts = [(a + b) / 2 for a, b in xg]
            parts: list[list[_Line]] = [[] for _ in range(len(cuts) + 1)]
            for ln in node:
                parts[sum(1 for c in cuts if ln.left > c)].append(ln)
            stack += reversed([p for p in parts if p])
            continue
        if _stacked(node):
            out.append(sorted(node, key=lambda ln: ln.top))
            continue
        if yg:
            a, b = max(yg, key=lambda g: g[1] - g[0])
            cut = (a + b) / 2
            stack.append([ln for ln in node if ln.top > cut])
            stack.append([ln for ln in node if ln.top <= cut])
            continue
        out.append(sorted(node, key=lambda ln: (ln.top, ln.left)))  # overlapping: give up, read by rows
    return out


def _text(line: _Line) -> str:
    """The line's characters; a blank where a gap is wider than the line's tracking allows."""
    gaps = sorted(b.left - a.right for a, b in zip(line.glyphs, line.glyphs[1:], strict=False))
    track = max(0.0, gaps[len(gaps) // 2]) if gaps else 0.0  # justified lines are tracked out
    parts: list[str] = []
    prev: Glyph | None = None
    for g in line.glyphs:
        if prev is not None and g.left - prev.right - track > SPACE_EM * min(g.size, prev.size):
            parts.append(" ")
        parts.append(g.char)
        prev = g
    return "".join(parts)


def _display(size: float, body: float) -> bool:
    return body > 0 and size >= DISPLAY_RATIO * body


def leaf_lines(leaf: list[_Line], body: float) -> list[PLine | None]:
    """One leaf's lines with their indents, ``None`` where a block ends inside it."""
    bodyish = [ln for ln in leaf if not _display(ln.size, body)]
    edge = min((ln.left for ln in bodyish), default=0.0)
    out: list[PLine | None] = []
    prev: _Line | None = None
    for ln in leaf:
        if prev is not None:
            em = min(prev.size, ln.size)
            gap = ln.top - prev.bottom
            pitch_gap = max(0.0, em * 0.4)
            if _display(prev.size, body) != _display(ln.size, body) or gap > pitch_gap + BLOCK_GAP_EM * em:
                out.append(None)
        text = _text(ln)
        if not _display(ln.size, body) and INDENT_EM[0] <= (ln.left - edge) / ln.size <= INDENT_EM[1]:
            text = "\u3000\u3000" + text
        out.append(
            PLine(text, ln.size, round(ln.left, 1), round(ln.top, 1), round(ln.right, 1), round(ln.bottom, 1))
        )
        prev = ln
    return out


def layout_page(glyphs: Sequence[Glyph]) -> list[PLine | None]:
    """Printed lines of one page in reading order, ``None`` between blocks (see the module doc)."""
    kept = drop_fake_bold(glyphs)
    if not kept:
        return []
    body = body_size(kept)
    out: list[PLine | None] = []
    prev: _Line | None = None
    for leaf in reading_order(build_lines(kept), body):
        first = leaf[0]
        # the lines of one headline (kicker, title, subtitle) stay one block
        head_on = (
            prev is not None
            and _display(prev.size, body)
            and _display(first.size, body)
            and 0 <= first.top - prev.bottom <= 1.5 * min(prev.size, first.size)
            and first.left < prev.right
            and first.right > prev.left
        )
        if out and not head_on:
            out.append(None)
        out += leaf_lines(leaf, body)
        prev = leaf[-1]
    return out
