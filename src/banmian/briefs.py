"""Stage 6b: a stand-alone headline may head a body hidden inside another story.

Bodies printed one after another under a block of several headlines are separated by
nothing but a blank line and an indent — exactly like two paragraphs of one article after
a column break — so ``build_stories`` keeps them as one story. When the headline search
(``assign``) leaves a headline group without a story, or gives a story a group whose parts
were printed apart, ``split_for_briefs`` looks for the soft boundary in the nearby stories
where the text that matches that group begins, and splits the story there. So too for the
titles of several articles stacked in one block over their bodies (``_split_stacked``).
"""

from __future__ import annotations

import bisect

from banmian import thresholds as T
from banmian.assign import NEVER, Unit, _cut_cost, affinity, han
from banmian.stories import Story, soft_boundaries, split_story
from banmian.textfix import han_count, width


def split_for_briefs(
    stories: list[Story], briefs: list[list[Unit]], owned: dict[int, list[Unit]] | None = None
) -> list[Story] | None:
    """Give stand-alone headline groups the body they head, when one is hidden in a story.

    Bodies printed one after another under a block of several headlines are separated by
    nothing but a blank line and an indent — exactly like two paragraphs of one article
    after a column break. When a headline group found no story, look at such soft
    boundaries in the nearby stories: if the text after one matches the group clearly
    better than the text before it, an item begins there. The same holds for the second
    half of a fused line (a headline glued to another after a wide gap or a change of
    style) that went along with the first half. Returns the new story list, or None when
    nothing was split.
    """
    cuts: dict[int, set[int]] = {}
    near = _Near(stories)
    for group in briefs:
        _propose_cut(group, near, cuts)
    for owner, group in (owned or {}).items():
        for k, unit in enumerate(group):
            if k and unit.wide_gap and unit.line == group[k - 1].line and _cut_cost(group[k - 1], unit) < NEVER:
                _propose_cut([u for u in group[k:] if u.line == unit.line], near, cuts)
        _split_stacked(group, owner, near, cuts)
        runs = sorted({u.run for u in group})
        if len(runs) > 1:  # headlines printed in separate blocks, taken as one: each may head a body
            parts = [[u for u in group if u.run == r] for r in runs]
            for k, part in enumerate(parts):  # (the first too: the blocks may stand in any order)
                i, j = group.index(part[0]), group.index(part[-1])
                if (k and _cut_cost(group[i - 1], part[0]) >= NEVER) or (
                    j + 1 < len(group) and _cut_cost(part[-1], group[j + 1]) >= NEVER
                ):
                    continue  # a kicker's title, a subtitle: one headline
                if k == 0 and _width(part) < _width(parts[1]):
                    continue  # a shorter block over a title: its kicker (引题), naming its article's facts
                _propose_cut(part, near, cuts, T.SPLIT_RUN_AFFINITY, T.SPLIT_RUN_GAIN)
    if not cuts:
        return None
    return _apply_cuts(stories, cuts)


class _Near:
    """The stories near a headline run, their soft boundaries, and the Han text (``han``)
    on either side of each, each computed once (a page may have many groups to place)."""

    def __init__(self, stories: list[Story]) -> None:
        self.stories = stories
        self._firsts = [s.first_run for s in stories]
        self._lasts = [s.last_run for s in stories]  # increasing too: stories do not overlap
        self._han: dict[tuple[int, int, int], str] = {}
        self._points: dict[int, list[int]] = {}

    def around(self, run: int) -> range:
        """Indexes of the stories that end after ``run - 2·WINDOW`` and start before
        ``run + 8·WINDOW`` (the only ones a headline there may head)."""
        lo = bisect.bisect_left(self._lasts, run - 2 * T.WINDOW)
        hi = bisect.bisect_right(self._firsts, run + 8 * T.WINDOW)
        return range(lo, hi)

    def points(self, si: int) -> list[int]:
        """``soft_boundaries`` of story ``si``."""
        if si not in self._points:
            self._points[si] = soft_boundaries(self.stories[si])
        return self._points[si]

    def text(self, si: int, start: int, end: int) -> str:
        """The ``han`` reading of body lines ``start:end`` of story ``si`` (what ``affinity`` takes)."""
        key = (si, start, end)
        if key not in self._han:
            self._han[key] = han("".join(ln.text for ln in self.stories[si].body[start:end]))
        return self._han[key]

    def stretch(self, si: int, k: int) -> str:
        """The ``text`` of story ``si`` from its ``k``-th soft boundary to the next one (or its end)."""
        points = self.points(si)
        return self.text(si, points[k], points[k + 1] if k + 1 < len(points) else len(self.stories[si].body))


def _split_stacked(group: list[Unit], owner: int, near: _Near, cuts: dict[int, set[int]]) -> None:
    """Titles of several articles stacked in one headline block (grouped headlines over
    bodies printed one after the other, in any order), taken as one group.

    The group is cut into titles at the seams where one may end: a new line or block, or
    a wide blank inside a line, that no dash or open bracket ties to what comes before. A
    title heads a body of its own where it matches a stretch of ``owner`` (the story the
    group heads, which swallowed those bodies) as a stand-alone headline would
    (``_best_cut``), while none of the other titles shares much with that stretch
    (``T.SPLIT_STACKED_CROSS``) and one shares clearly more with the body before it
    (``T.SPLIT_STACKED_PREFERENCE``). Each other title is weighed on its own: together,
    the titles of bodies printed further on would drown the one that heads the body
    before. A kicker, or a title wrapped onto a second line, shares the words of the one
    body under both: these tests keep them together.
    """
    points = near.points(owner)
    if not points:
        return  # nowhere to cut
    titles = [[group[0]]]
    for prev, unit in zip(group, group[1:], strict=False):
        seam = unit.wide_gap if unit.line == prev.line else not _wraps(prev, unit, group)
        if seam and _cut_cost(prev, unit) < NEVER:
            titles.append([unit])
        else:
            titles[-1].append(unit)
    if len(titles) < 2:
        return
    for k, title in enumerate(titles):
        if k == 0 and title[0].line == title[-1].line != titles[1][0].line and _width(title) < _width(titles[1]):
            continue  # a shorter first line over a title: its kicker (引题); not a title wrapped
        rest = ["".join(u.text for u in t) for t in titles if t is not title]
        others = "".join(rest)
        if han_count(others) < 4:
            continue
        if affinity("".join(u.text for u in title), near.text(owner, 0, points[0])) >= T.SPLIT_RUN_AFFINITY:
            continue  # the title matches the story's opening: its own headline
        best = _best_cut(title, near, within=range(owner, owner + 1))
        if best is None:
            continue
        _, si, at = best
        # each other title on its own: one that heads a later body shares nothing before
        stretch, above = near.stretch(si, near.points(si).index(at)), near.text(si, 0, at)
        after, before = _best_share(rest, stretch), _best_share(rest, above)
        if after <= T.SPLIT_STACKED_CROSS and before - after >= T.SPLIT_STACKED_PREFERENCE:
            cuts.setdefault(si, set()).add(_back_to_start(title, rest, near, si, at))


def _back_to_start(title: list[Unit], others: list[str], near: _Near, si: int, at: int) -> int:
    """The boundary where the body of ``title`` begins, given the one where its words match
    best (``at``, in story ``si``): the stretches just before it go with it too while they
    share more with ``title`` than with any of the ``others`` titles (a short opening
    paragraph that names fewer of the title's words than the text after it)."""
    points = near.points(si)
    text = "".join(u.text for u in title)
    k = points.index(at)
    while k > 0 and affinity(text, near.stretch(si, k - 1)) > _best_share(others, near.stretch(si, k - 1)):
        k -= 1
    return points[k]


def _best_share(titles: list[str], text: str) -> float:
    """The ``affinity`` with ``text`` of the title that shares most with it."""
    return max((affinity(t, text) for t in titles if han_count(t) >= 2), default=0.0)


def _width(units: list[Unit]) -> float:
    """Printed width of a title's pieces, in glyphs."""
    return sum(width(u.text) for u in units)


def _wraps(prev: Unit, unit: Unit, group: list[Unit]) -> bool:
    """Whether ``unit`` goes on with the title of ``prev``, wrapped: ``prev`` fills the
    measure of its block, the width that another of its lines fills too."""
    lines = {u.line: width(u.text) for u in group if u.run == prev.run}
    full = max(lines.values())
    return lines[prev.line] >= full - 0.5 and sum(w >= full - 0.5 for w in lines.values()) >= 2


def _propose_cut(
    group: list[Unit],
    near: _Near,
    cuts: dict[int, set[int]],
    need_long: float = 0.0,
    gain_need: float = 0.0,
) -> None:
    """Record the soft boundary whose following text matches ``group`` best, if any does
    well enough (``T.SPLIT_MIN_AFFINITY``) and clearly better than the text before it."""
    best = _best_cut(group, near, need_long, gain_need)
    if best is not None:
        cuts.setdefault(best[1], set()).add(best[2])


def _best_cut(
    group: list[Unit], near: _Near, need_long: float = 0.0, gain_need: float = 0.0, within: range | None = None
) -> tuple[float, int, int] | None:
    """(gain, story index, soft boundary) where the text from the boundary on matches
    ``group`` best, if any does well enough and clearly better than the text before it;
    in the stories near the group, or those of ``within``."""
    text = "".join(u.text for u in group)
    glyphs = han_count(text)
    if glyphs < 2:
        return None
    need = max(need_long, T.SPLIT_MIN_AFFINITY) if glyphs >= 4 else T.SPLIT_SHORT_AFFINITY  # a short title must match fully
    gain_need = max(gain_need, T.SPLIT_MIN_GAIN)
    run = group[0].run
    best: tuple[float, int, int] | None = None
    for si in near.around(run) if within is None else within:
        for k, at in enumerate(near.points(si)):
            after = affinity(text, near.stretch(si, k))
            before = affinity(text, near.text(si, max(0, at - 40), at))
            gain = after - before
            if after >= need and gain >= gain_need and (best is None or gain > best[0]):
                best = (gain, si, at)
    return best


def _apply_cuts(stories: list[Story], cuts: dict[int, set[int]]) -> list[Story]:
    out: list[Story] = []
    for si, story in enumerate(stories):
        rest = story
        offset = 0
        for at in sorted(cuts.get(si, ())):
            head, rest = split_story(rest, at - offset, "a stand-alone headline matches the text from here")
            offset = at
            out.append(head)
        out.append(rest)
    return out
