"""Runs of glyphs → printed lines: fake bold dropped, pieces of one line joined, line text.

Works on the columns of ``extract.Chars`` and its runs (glyphs that follow each other in the
content stream on one baseline band), so nearly all the work is per run, not per glyph:

1. ``kept_runs``: a glyph printed again over itself (same character and type size, offset
   under ``FAKE_BOLD_EM`` em in x and y) is the second stroke of fake bold, not text: only
   the first (in content order) is kept.  Genuine repeats (常常) stand a whole em apart and
   stay.  Only glyphs of *suspect* runs are compared one by one: runs whose boxes (widened
   by ``FAKE_BOLD_EM``) meet another run's, and runs in which a glyph advances less than
   ``FAKE_BOLD_EM`` em past the one before it; an overprint is always in one of those.
2. ``build_lines``: runs that continue each other on one band (a line written in pieces or
   out of order) are joined into one ``Line``: the glyph indexes left to right and the box.
3. ``line_text``: the line's characters, with a blank where a gap is wider than the line's
   own tracking plus ``SPACE_EM`` em (justified lines are tracked out evenly).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from operator import sub
from typing import NamedTuple

from banmian.pdf.extract import BACK_EM, BAND_EM, RUN_GAP_EM, Chars, Glyph, continues

__all__ = [
    "FAKE_BOLD_EM",
    "SPACE_EM",
    "Line",
    "build_lines",
    "drop_fake_bold",
    "kept_runs",
    "line_text",
    "make_line",
]

FAKE_BOLD_EM = 0.2  # a duplicate glyph offset by less than this (x and y) is an overprint
SPACE_EM = 0.15  # a gap this much wider than the line's tracking is a printed blank


class Line(NamedTuple):
    """Printed glyphs on one line: their index ranges (left to right), box and type size.

    A run is a ``Line`` of one range; a line joins runs, or glyphs picked one by one (ranges
    of one).  ``size`` is the commonest size of its glyphs.
    """

    segs: tuple[range, ...]
    left: float
    top: float
    right: float
    bottom: float
    size: float

    def indexes(self) -> list[int]:
        """The glyph indexes, left to right."""
        return [k for r in self.segs for k in r]


def _segs(idx: Sequence[int]) -> tuple[range, ...]:
    """``idx`` as maximal ranges of consecutive indexes, in the given order."""
    out: list[range] = []
    a = prev = idx[0]
    for k in idx[1:]:
        if k != prev + 1:
            out.append(range(a, prev + 1))
            a = k
        prev = k
    out.append(range(a, prev + 1))
    return tuple(out)


def _mode(sizes: list[float]) -> float:
    s0 = sizes[0]
    return s0 if sizes.count(s0) == len(sizes) else Counter(sizes).most_common(1)[0][0]


def make_line(chars: Chars, idx: Sequence[int]) -> Line:
    """The ``Line`` of the glyphs ``idx`` (in the order given): box and commonest size."""
    L, T, R, B, S = chars.left, chars.top, chars.right, chars.bottom, chars.size
    return Line(
        _segs(idx),
        min([L[k] for k in idx]),
        min([T[k] for k in idx]),
        max([R[k] for k in idx]),
        max([B[k] for k in idx]),
        _mode([S[k] for k in idx]),
    )


def _runs(chars: Chars) -> tuple[list[Line], list[bool], list[float]]:
    """Every run as a ``Line``, whether a glyph in it advances less than ``FAKE_BOLD_EM`` em
    past the one before it (so that it may overprint one of its own run), and its largest
    type size."""
    L, T, R, B, S = chars.left, chars.top, chars.right, chars.bottom, chars.size
    adv = [*map(sub, L[1:], L[:-1]), float("inf")]  # a one-glyph run sees only the sentinel
    starts = chars.starts
    out: list[Line] = []
    short: list[bool] = []
    big: list[float] = []
    new = tuple.__new__
    for a, b in zip(starts, [*starts[1:], len(L)], strict=True):
        ss = S[a:b]
        s0 = ss[0]
        if ss.count(s0) == len(ss):
            size = top = s0
        else:
            size, top = _mode(ss), max(ss)
        out.append(new(Line, ((range(a, b),), min(L[a:b]), min(T[a:b]), max(R[a:b]), max(B[a:b]), size)))
        big.append(top)
        short.append(min(adv[a : max(a + 1, b - 1)]) < FAKE_BOLD_EM * top)
    return out, short, big


def _suspects(runs: list[Line], short: list[bool], big: list[float]) -> list[bool]:
    """Which runs may hold an overprint (see the module doc); conservative, never misses one.

    A sweep down the page compares each run with the runs above it that reach its top.
    """
    out = list(short)
    boxes = sorted(
        (r.top, r.bottom, r.left, r.right, FAKE_BOLD_EM * s, i)
        for i, (r, s) in enumerate(zip(runs, big, strict=True))
    )
    reach = max(b[4] for b in boxes) if boxes else 0.0
    active: list[tuple[float, float, float, float, float, int]] = []
    for box in boxes:
        top, _, left, right, tol, i = box
        if active and active[0][1] + reach < top:
            active = [o for o in active if o[1] + reach >= top]
        for o in active:
            t = tol if tol > o[4] else o[4]
            if o[1] + t >= top and o[2] - t <= right and left - t <= o[3]:
                out[i] = out[o[5]] = True
        active.append(box)
    return out


def _dedupe(chars: Chars, runs: list[Line], suspect: list[bool]) -> list[Line]:
    """The runs without the glyphs that overprint an earlier glyph (suspect runs only);
    a suspect run that lost glyphs is cut again into runs by ``extract.continues``."""
    text, L, T, S = chars.text, chars.left, chars.top, chars.size
    seen: dict[tuple[str, int], list[int]] = {}
    near, far = FAKE_BOLD_EM, 1.0 - FAKE_BOLD_EM
    out: list[Line] = []
    for run, sus in zip(runs, suspect, strict=True):
        if not sus:
            out.append(run)
            continue
        kept: list[int] = []
        for g in run.segs[0]:
            char, left, top, size = text[g], L[g], T[g], S[g]
            em = size or 1.0
            q = left / em
            cx = int(q // 1)
            frac = q - cx
            own = (char, cx)
            keys = (
                (own,)
                if near <= frac <= far
                else ((char, cx - 1), own)
                if frac < near
                else (own, (char, cx + 1))
            )
            lim, tol = near * em, 0.05 * em
            if any(
                abs(L[h] - left) < lim and abs(T[h] - top) < lim and abs(S[h] - size) <= tol
                for key in keys
                for h in seen.get(key, ())
            ):
                continue
            seen.setdefault(own, []).append(g)
            kept.append(g)
        if len(kept) == len(run.segs[0]):
            out.append(run)
            continue
        piece: list[int] = []
        for g in kept:
            if piece and not continues(chars.glyph(piece[-1]), chars.glyph(g)):
                out.append(make_line(chars, piece))
                piece = []
            piece.append(g)
        if piece:
            out.append(make_line(chars, piece))
    return out


def kept_runs(chars: Chars) -> list[Line]:
    """The runs of ``chars`` (each a ``Line``), overprinted duplicates left out."""
    if not chars.text:
        return []
    runs, short, big = _runs(chars)
    suspect = _suspects(runs, short, big)
    return _dedupe(chars, runs, suspect) if any(suspect) else runs


def _join(chars: Chars, group: list[Line]) -> Line:
    if len(group) == 1:
        return group[0]
    size = _mode([chars.size[k] for r in group for k in r.indexes()])
    return Line(
        tuple(s for r in group for s in r.segs),
        min(r.left for r in group),
        min(r.top for r in group),
        max(r.right for r in group),
        max(r.bottom for r in group),
        size,
    )


def build_lines(chars: Chars, runs: list[Line] | None = None) -> list[Line]:
    """Join runs (default: ``kept_runs(chars)``) that continue each other on one band.

    Runs are sorted by band, then by their first glyph's left edge, and a run whose first
    glyph continues the last glyph of the line before it (same band, gap within
    ``-BACK_EM``..``RUN_GAP_EM`` em) goes on that line.
    """
    if runs is None:
        runs = kept_runs(chars)
    L, T, R, B, S = chars.left, chars.top, chars.right, chars.bottom, chars.size

    def key(r: Line) -> tuple[int, float]:
        g = r.segs[0].start
        return round((T[g] + B[g]) / 2 / max(S[g], 1.0) / BAND_EM), L[g]

    groups: list[list[Line]] = []
    last = -1
    for r in sorted(runs, key=key):
        g = r.segs[0].start
        if groups:
            p = last
            em = min(S[p], S[g])
            if (
                abs((T[g] + B[g]) - (T[p] + B[p])) <= 2 * BAND_EM * em
                and -BACK_EM * em <= L[g] - R[p] <= RUN_GAP_EM * em
            ):
                groups[-1].append(r)
                last = r.segs[-1].stop - 1
                continue
        groups.append([r])
        last = r.segs[-1].stop - 1
    return [_join(chars, grp) for grp in groups]


def line_text(line: Line, chars: Chars) -> str:
    """The line's characters; a blank where a gap is wider than the line's tracking allows."""
    text, L, R, S = chars.text, chars.left, chars.right, chars.size
    if len(line.segs) == 1:
        a, b = line.segs[0].start, line.segs[0].stop
        if b - a < 2:
            return text[a:b]
        gaps = list(map(sub, L[a + 1 : b], R[a : b - 1]))
        small = min(S[a:b])
    else:
        idx = line.indexes()
        gaps = [L[j] - R[i] for i, j in zip(idx, idx[1:], strict=False)]
        small = min([S[k] for k in idx])
    if max(gaps) - min(gaps) <= SPACE_EM * small:  # even tracking (the median is above the least)
        return "".join([text[r.start : r.stop] for r in line.segs])
    ordered = sorted(gaps)
    track = max(0.0, ordered[(len(ordered) - 1) // 2])  # justified lines are tracked out
    if ordered[-1] - track <= SPACE_EM * small:
        return "".join([text[r.start : r.stop] for r in line.segs])
    idx = line.indexes()
    parts = [text[idx[0]]]
    for a, b, gap in zip(idx, idx[1:], gaps, strict=False):
        if gap - track > SPACE_EM * min(S[a], S[b]):
            parts.append(" ")
        parts.append(text[b])
    return "".join(parts)


def drop_fake_bold(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """``glyphs`` without overprinted duplicates, first stroke kept, order kept (glyph API)."""
    keep = sorted(k for r in kept_runs(Chars.from_glyphs(glyphs)) for k in r.indexes())
    return [glyphs[k] for k in keep]
