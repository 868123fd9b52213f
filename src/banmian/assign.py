"""Stage 6: which story owns which headline lines — one global assignment.

Headline runs that no body separates form a *cluster* (e.g. three articles' headlines
printed in one block). Each cluster's lines are cut into *units* (a line fusing two
headlines gives two units), and the units are partitioned into contiguous *groups*;
each group goes to one story, or stands alone as a brief. The score of a group for a
story is its text affinity (shared Han characters and bigrams with the story's body)
plus a position prior (right before the story is likeliest, right after it less so,
farther away less still) minus a cost per group. All clusters of the page are solved
together by one left-to-right beam search (``_viterbi``), so a story claimed by two
clusters goes to whichever claim makes the whole page score best.
"""

from __future__ import annotations

import bisect
import heapq
import operator
import re
from dataclasses import dataclass, replace

from banmian import credits
from banmian import thresholds as T
from banmian.lines import Box, Line
from banmian.roles import Run
from banmian.stories import Story
from banmian.textfix import HAN, clean_headline, undouble_whole, width

_NON_HAN = re.compile(f"[^{HAN}]+")
_SPLIT_GAP = re.compile(r"[ \u3000]{2,}")
NEVER = 1e6  # a cut that punctuation forbids


@dataclass(frozen=True, slots=True)
class Unit:
    """One headline piece: a whole line, or one of the headlines fused on a line."""

    line: int
    text: str
    run: int  # index of its run in the page's run list
    wide_gap: bool = False  # a wide blank or a change of style separates it from the piece before
    open_bracket: bool = False  # a bracket or quote opened in its run is still open after it
    tag: bool = False  # opens the column tag that ends its run: `（人民论坛）`
    apart: bool = False  # (line boxes) its line stands in another layout block than the previous unit's
    bold: bool = False  # its whole line is fake bold (glyphs drawn twice)


def _style(tok: str) -> str:
    if undouble_whole(tok) is not None:  # fake bold, glyphs drawn twice or three times
        return "doubled"
    return "single" if len(tok) == 1 else "word"


def split_units(raw: str, *, ends_run: bool = False) -> list[tuple[str, bool]]:
    """Cut a headline line into pieces at blanks, and say for each piece whether a *wide*
    gap (two blanks or more) or a change of style (doubled / letter-spaced / plain) comes
    before it: ``建建立立…  高空建索道`` → two pieces, the second after a wide gap. Each
    piece is cleaned; letter-spaced glyphs stay one piece.

    On the last line of a headline run (``ends_run``), a single blank after a whole title
    (``T.FUSED_TITLE_WIDTH``) is a seam as well: nothing wraps on from what follows it, so
    it is a headline of its own fused on. Earlier in a run the same blank is a title's
    own pause that wraps on (`…市场保供 加大` / `对湖北…`)."""
    whole = undouble_whole(raw)
    if whole is not None:  # the whole line is fake bold: one piece, blanks and all
        return [(whole, False)]
    pieces: list[tuple[str, bool]] = []
    for n, chunk in enumerate(_SPLIT_GAP.split(raw.strip())):
        toks = chunk.split()
        cur: list[str] = []
        cur_style = ""
        wide = n > 0
        for tok in toks:
            st = _style(tok)
            if st == "single" and len(toks) >= 3:
                st = "spaced"
            if cur and (st != cur_style or st == "word") and {cur_style, st} != {"word", "single"}:
                done = " ".join(cur)
                pieces.append((done, wide))
                cur = []
                # a whole title before a single blank: what follows is another headline
                wide = st != cur_style or (ends_run and width(done) >= T.FUSED_TITLE_WIDTH)
            cur.append(tok)
            cur_style = st
        if cur:
            pieces.append((" ".join(cur), wide))
    out = [(clean_headline(p)[0], w) for p, w in pieces]
    return [(p, w) for p, w in out if p]


_OPEN, _CLOSE = "（(“‘《「『【", "）)”’》」』】"


def _apart(prev: Line, ln: Line) -> bool:
    """Whether a headline line stands in another layout block than the line before it:
    beside it (no horizontal overlap), above it, or more than ``T.HEAD_BLOCK_GAP_EM`` ems
    under it. False when either box is unknown (a text dump)."""
    a, b = prev.box, ln.box
    if a is None or b is None:
        return False
    em = min(prev.size, ln.size) or min(a[3] - a[1], b[3] - b[1])
    return min(a[2], b[2]) <= max(a[0], b[0]) or b[1] < a[1] or b[1] - a[3] > T.HEAD_BLOCK_GAP_EM * em


def _units(runs: list[Run], cluster: list[int]) -> list[Unit]:
    """The headline units of a cluster, each knowing whether a bracket or quote opened
    earlier in its run is still open after it (a headline is never cut inside one)."""
    out: list[Unit] = []
    prev: Line | None = None
    for ri in cluster:
        depth = 0
        last = runs[ri].lines[-1]
        first = len(out)
        for ln in runs[ri].lines:
            apart = prev is not None and _apart(prev, ln)
            for txt, wide in split_units(ln.text, ends_run=ln is last):
                depth = max(0, depth + sum(txt.count(c) for c in _OPEN) - sum(txt.count(c) for c in _CLOSE))
                out.append(Unit(ln.no, txt, ri, wide, depth > 0, apart=apart, bold=ln.doubled is not None))
                apart = False
            prev = ln
        # a column tag wrapped over several units (`（人民论坛·` / `70华诞·` / `…回声）`)
        # closes the title before it just as a whole one does
        for k in range(first, len(out)):
            if out[k].text.startswith(("（", "(")) and _COLUMN_TAG.fullmatch("".join(u.text for u in out[k:])):
                out[k] = replace(out[k], tag=True)
                break
    return out


def han(text: str) -> str:
    """The Han characters of ``text`` read without the rest: what a headline is matched
    against. A character or pair of ``_grams`` is in a text exactly when it is a substring
    of its ``han`` (so a pair may span punctuation: `发展，改革` has `展改`)."""
    return _NON_HAN.sub("", text)


def _grams(text: str) -> tuple[set[str], set[str]]:
    """The Han characters of ``text`` and the bigrams of its ``han`` reading."""
    chars = han(text)
    return set(chars), set(map(operator.add, chars, chars[1:]))


def affinity(unit: str | tuple[set[str], set[str]], body: str) -> float:
    """Share of the unit's Han characters and bigrams found in a body (0–1), the body
    given as its ``han`` reading. The unit may be given as text or as its already
    computed (characters, bigrams). (Searching the body's few hundred characters for a
    headline's few grams is cheaper than making the body's set of bigrams.)"""
    uni, bi = _grams(unit) if isinstance(unit, str) else unit
    if not uni:
        return 0.0
    a = _share(uni, body)
    b = _share(bi, body) if bi else a
    return 0.3 * a + 0.7 * b


def _mass(text: str) -> float:
    """How much a unit's affinity counts: by its length, so cutting a line does not add weight."""
    return min(len(text), 16) / 10.0


def _clusters(runs: list[Run]) -> list[list[int]]:
    """Indexes of headline runs grouped into clusters (no body run between them)."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i, r in enumerate(runs):
        if r.role == "headline":
            cur.append(i)
        elif r.role == "body" and cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _under(heads: list[Box], story: Story) -> bool:
    """Whether one of the headline boxes heads the story: the story's opening (its byline or
    first body line) starts under that line (overlapping it by at most a quarter of the
    line's height) and the story's columns overlap the line's width. True without boxes."""
    boxes = [ln.box for ln in (*story.bylines, *story.body) if ln.box is not None]
    if not boxes:
        return True
    top = min(b[1] for b in boxes[:2])
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    return any(top >= h[3] - 0.25 * (h[3] - h[1]) and min(right, h[2]) > max(left, h[0]) for h in heads)


def _candidates(
    cluster: list[int], stories: list[Story], runs: list[Run] | None = None, firsts: list[int] | None = None
) -> list[tuple[int, float]]:
    """The stories a cluster's headlines may belong to, with each one's position prior.

    Only the ``T.WINDOW`` nearest stories on each side are candidates: farther ones
    could not beat the brief score on the prior alone, and the window keeps the whole
    assignment linear in the page's length.

    When the cluster's lines carry boxes (``runs`` given, a PDF page), the layout's reading
    order is trusted: a story before the cluster starts from ``T.ADJ_AFTER_LAID_OUT`` (a
    headline after its story is a text-dump habit), and a story that no line of the cluster
    heads (``_under``: under it and within its width) loses ``T.NOT_UNDER_HEADLINE``.
    Without boxes (a text dump) the priors are the text path's own. ``firsts``: the stories'
    first runs, when the caller has them (one list for all clusters keeps a page linear).
    """
    _first, last = cluster[0], cluster[-1]
    if firsts is None:
        firsts = [s.first_run for s in stories]
    after = bisect.bisect_right(firsts, last)  # first story after the cluster
    boxes = [ln.box for ri in cluster for ln in runs[ri].lines] if runs is not None else []
    # geometry only when every line of the cluster has its box: else the text path's priors
    heads = [b for b in boxes if b is not None] if None not in boxes else []
    adj_after = T.ADJ_AFTER_LAID_OUT if heads else T.ADJ_AFTER
    out: list[tuple[int, float]] = []
    for k, idx in enumerate(range(after, min(len(stories), after + T.WINDOW))):
        out.append((idx, T.ADJ_BEFORE - 2 * T.DISTANCE_DECAY * k))
    for k, idx in enumerate(range(after - 1, max(-1, after - 1 - T.WINDOW), -1)):
        out.append((idx, adj_after - 2 * T.DISTANCE_DECAY * k))
    if heads:
        out = [(idx, p if _under(heads, stories[idx]) else p - T.NOT_UNDER_HEADLINE) for idx, p in out]
    return out


SUBTITLE_DASHES = ("——", "—", "－－")  # a subtitle (副题) opens with a dash
# A kicker that leads into its title ends with a dash, a colon or a verb of saying:
# `…在北京调研时强调`, `李达：`. Nothing can end a headline there.
_COLUMN_TAG = re.compile(r"[（(][^（）()]{1,20}[）)]")
_ENDS_WITH_TAG = re.compile(r"[^（(\s][（(][^（）()]{2,20}[）)]$")
_LEADS_ON = (*SUBTITLE_DASHES, "：", ":", "强调", "指出", "表示", "宣布", "要求")


def _tag_closed(unit: Unit) -> bool:
    """``unit`` ends a title with its column tag (`…（人民论坛）`), no bracket left open."""
    return not unit.open_bracket and _ENDS_WITH_TAG.search(unit.text) is not None


def _closed_by_tag(prev: Unit, unit: Unit) -> bool:
    """``prev`` is a title its column tag closed and ``unit`` no subtitle."""
    return _tag_closed(prev) and not unit.text.startswith(SUBTITLE_DASHES)


def _cut_cost(prev: Unit, unit: Unit) -> float:
    """What it costs to end a group between two neighbouring units of one cluster.

    Never before a subtitle (``——…``) nor after a kicker that leads into its title
    (``…——``): those are halves of one headline by their very punctuation.
    """
    if unit.text.startswith(SUBTITLE_DASHES) or prev.text.endswith(_LEADS_ON) or prev.open_bracket:
        return NEVER
    if unit.tag or _COLUMN_TAG.fullmatch(unit.text):  # `（一线抗疫群英谱）` closes the title before it
        return NEVER
    if _tag_closed(prev):
        return 0.0  # a title closed by its column tag (`…（人民论坛）`) is complete
    if unit.line == prev.line:
        return T.CUT_AT_GAP if unit.wide_gap else T.CUT_IN_LINE
    if unit.run == prev.run:
        # a fake-bold line over a plain one (or under it) that no dash joins: two headlines'
        # type; a notice's name (`更正启事`, `欢迎订阅…`) beside a title: two items
        if unit.bold != prev.bold or _NOTICE.search(unit.text) or _NOTICE.search(prev.text):
            return T.CUT_AT_GAP
        return T.CUT_IN_RUN
    return -T.CUT_BETWEEN_BLOCKS if unit.apart else 0.0


@dataclass(frozen=True, slots=True)
class _Problem:
    """One cluster: its units, candidate stories, their priors, and unit×candidate affinity."""

    cands: list[int]
    priors: list[float]
    units: list[Unit]
    table: list[list[float]]
    incomplete: int = -1  # the story whose headline this cluster leaves unfinished, if any


def _reading_rank(group: list[Unit]) -> int:
    """Where a headline group reads among its story's two: kicker first, subtitle last."""
    if group[0].text.startswith(SUBTITLE_DASHES):
        return 2
    return 0 if group[-1].text.endswith(_LEADS_ON) else 1


def _incomplete(units: list[Unit], cands: list[tuple[int, float]]) -> int:
    """The story right after a cluster whose headline is unfinished there: it ends with a
    kicker that leads on (`李达：`, `…这位村民——`) or opens with a subtitle (`——…`). Its
    missing title was printed elsewhere, fused onto another headline's line. -1: none."""
    if not cands or cands[0][1] != T.ADJ_BEFORE:
        return -1
    if units[-1].text.endswith(_LEADS_ON) or units[0].text.startswith(SUBTITLE_DASHES):
        return cands[0][0]
    return -1


# The generic titles of a photo item (图片报道 "photo report"): no word of them is in the
# caption, so text affinity alone never pairs them with their photo.
PHOTO_LABELS = frozenset({"图片报道", "图片新闻", "新闻图片", "摄影报道"})
# The genre words a headline-only notice prints as its name (`更正启事`, `…招标公告`,
# `欢迎订阅…`), or the paper speaking of itself (`本版投稿邮箱已更新`, `欢迎订阅本报`): such a
# line heads a story only when it shares the story's words (a kicker `三部门公告` over the
# article about that notice does).
_NOTICE = re.compile(r"(?:启事|公告|通告|声明|公示)$|^欢迎订阅|^本版|本报$")


def _is_photo(story: Story) -> bool:
    """A photo item: a caption, or a body with a photo credit (`X摄`)."""
    return story.caption or any(ln.credit for ln in story.body)


# A decision path, as a linked list so that states share their history: (unit, story, new_group, parent)
_Path = tuple | None


_Key = tuple[int, int, int, int]  # (stories with one group, with two: bit masks), open story, lines


def _viterbi(problems: list[_Problem]) -> list[tuple[int, int, bool]]:
    """Best partition and assignment of every unit of the page, in one left-to-right pass.

    State: (stories owning one group, stories owning two, story of the open group (-1
    brief), lines in it). Each unit either extends the open group or starts a new one
    (paying the cut and group costs, and earning the story's prior). A story owns one group,
    or at most two at a price (``T.SECOND_GROUP_COST``: a kicker printed by the body while its
    title was fused onto another headline's line). The candidate windows only move forward,
    so stories behind the window leave the state and the state space stays small; ``T.BEAM``
    bounds it on pathological pages.
    """
    states: dict[_Key, tuple[float, _Path]] = {(0, 0, -1, 0): (0.0, None)}
    max_group, extend_across, group_cost, brief = T.MAX_GROUP, T.EXTEND_ACROSS_BLANK, T.GROUP_COST, T.BRIEF_SCORE
    gate, second_cost = T.SECOND_GROUP_GATE, T.SECOND_GROUP_COST
    unfinished_cost, after_tag = T.SECOND_GROUP_UNFINISHED_COST, T.EXTEND_AFTER_TAG
    unfinished = {pb.incomplete for pb in problems if pb.incomplete >= 0}
    for k, pb in enumerate(problems):
        priors = pb.priors
        bits = [1 << story for story in pb.cands]
        for ui, unit in enumerate(pb.units):
            nxt: dict[_Key, tuple[float, _Path]] = {}

            cut = _cut_cost(pb.units[ui - 1], unit) if ui else 0.0
            row = pb.table[ui]
            # extending past a blank, or past a title its column tag closed (only a
            # subtitle follows one), hints at the next headline
            across = (extend_across if ui and unit.run != pb.units[ui - 1].run else 0.0) + (
                after_tag if ui and _closed_by_tag(pb.units[ui - 1], unit) else 0.0
            )
            step = ui and unit.line != pb.units[ui - 1].line  # MAX_GROUP counts lines
            get = nxt.get
            for (used, used2, cur, size), (score, path) in states.items():
                # each candidate state is kept only when it beats the one already there
                # (the strict ``>`` keeps the first of equals: the search is deterministic)
                if ui and size < max_group:  # extend the open group
                    gain = row[cur] if cur >= 0 else 0.0
                    gain -= across
                    key = (used, used2, cur, size + step)
                    val = score + gain
                    old = get(key)
                    if old is None or val > old[0]:
                        nxt[key] = (val, (ui, cur, False, k, path))
                base = score - group_cost - cut
                key = (used, used2, -1, 1)
                val = base + brief
                old = get(key)
                if old is None or val > old[0]:
                    nxt[key] = (val, (ui, -1, True, k, path))
                for c, story in enumerate(pb.cands):
                    bit = bits[c]
                    if not used & bit:
                        key = (used | bit, used2, c, 1)
                        val = base + (priors[c] + row[c])
                    elif not used2 & bit and row[c] >= gate and c != cur:  # not straight after its first
                        key = (used, used2 | bit, c, 1)
                        val = base + (priors[c] + row[c]) - (unfinished_cost if story in unfinished else second_cost)
                    else:
                        continue
                    old = get(key)
                    if old is None or val > old[0]:
                        nxt[key] = (val, (ui, c, True, k, path))
            states = nxt if len(nxt) <= T.BEAM else dict(heapq.nlargest(T.BEAM, nxt.items(), key=lambda kv: kv[1][0]))
        if k + 1 < len(problems):  # forget stories no later cluster can reach
            low = min(problems[k + 1].cands, default=0)
            keep = ~((1 << low) - 1)  # the stories from ``low`` on
            merged: dict[_Key, tuple[float, _Path]] = {}
            for (used, used2, _cur, _size), entry in states.items():
                key = (used & keep, used2 & keep, -1, 0)
                if key not in merged or entry[0] > merged[key][0]:
                    merged[key] = entry
            states = merged
    _score, path = max(states.values(), key=lambda v: v[0])
    out: list[tuple[int, int, bool]] = []
    while path is not None:
        ui, c, new, k, path = path
        pb = problems[k]
        out.append((k, pb.cands[c] if c >= 0 else -1, new))
    out.reverse()
    return out


def _share(grams: set[str], body: str) -> float:
    """Share of ``grams`` (characters or character pairs) found in a ``han`` reading (0 when
    there are none)."""
    return sum(1 for g in grams if g in body) / len(grams) if grams else 0.0


def _detach_notices(story: int, group: list[Unit], stories: list[Story]) -> list[tuple[int, list[Unit]]]:
    """A group printed in several blocks whose leading blocks share (almost) no pair of
    characters with anything in the story (``T.NOTICE_MAX_SHARE``), nor lead on into the
    next (``——``, ``：``), while the rest shares more and opens no subtitle: those blocks
    are a stand-alone notice (`欢迎订阅…`) printed above the next article's headline, not
    its kicker. Returns (story, units) pieces."""
    if story < 0 or group[0].run == group[-1].run:
        return [(story, group)]
    text = han("".join(ln.text for ln in stories[story].body))

    def share(units: list[Unit]) -> float:
        return _share(_grams("".join(u.text for u in units))[1], text)

    k = 0
    while k < len(group) and group[k].run != group[-1].run:
        if group[k].text.endswith(_LEADS_ON) or share(group[k : k + 1]) > T.NOTICE_MAX_SHARE:
            break
        k += 1
    while k and group[k - 1].run == group[k].run:  # whole blocks only
        k -= 1
    if k == 0 or group[k].text.startswith(SUBTITLE_DASHES) or share(group[k:]) <= T.NOTICE_MAX_SHARE:
        return [(story, group)]
    return [(-1, group[:k]), (story, group[k:])]


def assign_headlines(
    runs: list[Run], stories: list[Story]
) -> tuple[dict[int, list[Unit]], list[list[Unit]], list[tuple[list[int], str]]]:
    """Map story index → its headline units; also the stand-alone groups, and a trail of
    (headline line numbers, what became of them)."""
    bodies: dict[int, str] = {}

    def body(i: int) -> str:  # only stories near a headline are needed
        if i not in bodies:
            # the jump marker (`（上接第一版）`) is no part of the text a headline may echo
            lines = stories[i].body[:60]
            bodies[i] = han("".join(credits.jump_from(ln.text)[1] if ln.jump_from else ln.text for ln in lines))
        return bodies[i]

    problems: list[_Problem] = []
    firsts = [s.first_run for s in stories]
    for cl in _clusters(runs):
        units = _units(runs, cl)
        if not units:
            continue
        cands = _candidates(cl, stories, runs, firsts)
        table = []
        for u in units:
            grams, mass = _grams(u.text), T.AFFINITY_WEIGHT * _mass(u.text)
            row = [mass * affinity(grams, body(s)) for s, _ in cands]
            if _NOTICE.search(u.text) and grams[1]:  # `更正启事`: a notice's own name
                row = [a - (T.NOTICE_PENALTY if _share(grams[1], body(s)) <= T.NOTICE_MAX_SHARE else 0.0)
                       for a, (s, _) in zip(row, cands, strict=True)]
            if u.text in PHOTO_LABELS:  # `图片报道` titles a photo item: its own text shares nothing
                row = [a + (T.PHOTO_LABEL_AFFINITY if _is_photo(stories[s]) else 0.0) for a, (s, _) in zip(row, cands, strict=True)]
            table.append(row)
        # a continuation (`（上接第一版）…`) has no headline of its own, or repeats its
        # first part's: its position alone earns a headline less
        priors = [p - (T.CONTINUATION_PRIOR if stories[s].body[0].jump_from is not None else 0.0) for s, p in cands]
        problems.append(_Problem([s for s, _ in cands], priors, units, table, _incomplete(units, cands)))
    owned: dict[int, list[Unit]] = {}
    briefs: list[list[Unit]] = []
    trail: list[tuple[list[int], str]] = []
    if not problems:
        return owned, briefs, trail
    groups: list[tuple[int, list[Unit]]] = []
    flat = [(k, u) for k, pb in enumerate(problems) for u in pb.units]
    for (_k, story, new), (_k, unit) in zip(_viterbi(problems), flat, strict=True):
        if new or not groups:
            groups.append((story, [unit]))
        else:
            groups[-1][1].append(unit)
    notices: set[int] = set()  # line numbers of the notices cut off a group
    pieces: list[tuple[int, list[Unit]]] = []
    for story, group in groups:
        cut = _detach_notices(story, group, stories)
        if len(cut) > 1:
            notices.update(u.line for u in cut[0][1])
        pieces.extend(cut)
    for story, group in pieces:
        lines = [u.line for u in group]
        if story >= 0:
            if story in owned:
                first = owned[story]
                if group[0].run - first[-1].run <= 1:  # printed together: reading order
                    owned[story] = first + group
                else:  # displaced: a kicker leading on reads first, a subtitle last, else
                    # the group printed nearer the body
                    start = stories[story].body[0].no
                    pair = sorted([first, group], key=lambda g: (_reading_rank(g), g[0].line > start, -g[0].line))
                    owned[story] = pair[0] + pair[1]
            else:
                owned[story] = group
            trail.append((lines, f"lines {lines} → story {story}"))
        else:
            briefs.append(group)
            why = "a notice over another headline, sharing no words with its story" if lines[0] in notices else "no story wants them"
            trail.append((lines, f"lines {lines} → stand-alone ({why})"))
    return owned, briefs, trail
