"""Stage 6: which story owns which headline lines — one global assignment.

Headline runs that no body separates form a *cluster* (e.g. three articles' headlines
printed in one block). Each cluster's lines are cut into *units* (a line fusing two
headlines gives two units), and the units are partitioned into contiguous *groups*;
each group goes to one story, or stands alone as a brief. The score of a group for a
story is its text affinity (shared Han characters and bigrams with the story's body)
plus a position prior (right before the story is likeliest, right after it less so,
farther away less still) minus a cost per group. Each cluster is solved exactly by a
memoised search; a story claimed by two clusters goes to the stronger claim and the
other cluster is solved again without it, until no story is claimed twice.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from banmian import thresholds as T
from banmian.roles import Run
from banmian.stories import Story
from banmian.textfix import HAN, clean_headline

_HAN_RE = re.compile(f"[{HAN}]")
_SPLIT_GAP = re.compile(r"[ \u3000]{2,}")
GROUP_COST = 1.0  # per group: keeps a headline's lines together unless the text says otherwise
CUT_AT_GAP = 0.3  # … unless a wide blank or a change of style already marks the seam
CUT_IN_LINE = 2.0  # cutting a line in two: only when its parts plainly belong to different stories
CUT_IN_RUN = 1.5  # cutting between lines no blank separates: they are usually one headline wrapped
BRIEF_SCORE = 0.5  # a group no story wants is worth this as a stand-alone notice


@dataclass(frozen=True, slots=True)
class Unit:
    """One headline piece: a whole line, or one of the headlines fused on a line."""

    line: int
    text: str
    run: int  # index of its run in the page's run list
    wide_gap: bool = False  # a wide blank or a change of style separates it from the piece before


def _style(tok: str) -> str:
    if len(tok) >= 4 and len(tok) % 2 == 0 and tok[0::2] == tok[1::2]:
        return "doubled"
    return "single" if len(tok) == 1 else "word"


def split_units(raw: str) -> list[tuple[str, bool]]:
    """Cut a headline line into pieces at blanks, and say for each piece whether a *wide*
    gap (two blanks or more) or a change of style (doubled / letter-spaced / plain) comes
    before it: ``建建立立…  高空建索道`` → two pieces, the second after a wide gap. Each
    piece is cleaned; letter-spaced glyphs stay one piece."""
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
            if cur and (st != cur_style or st == "word") and not (cur_style == "word" and st == "single"):
                pieces.append((" ".join(cur), wide))
                cur = []
                wide = st != cur_style
            cur.append(tok)
            cur_style = st
        if cur:
            pieces.append((" ".join(cur), wide))
    out = [(clean_headline(p)[0], w) for p, w in pieces]
    return [(p, w) for p, w in out if p]


def _grams(text: str) -> tuple[set[str], set[str]]:
    han = "".join(_HAN_RE.findall(text))
    return set(han), {han[i : i + 2] for i in range(len(han) - 1)}


def affinity(unit: str, body: tuple[set[str], set[str]]) -> float:
    """Share of the unit's Han characters and bigrams found in a body (0–1)."""
    uni, bi = _grams(unit)
    if not uni:
        return 0.0
    a = len(uni & body[0]) / len(uni)
    b = len(bi & body[1]) / len(bi) if bi else a
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


def _candidates(cluster: list[int], stories: list[Story]) -> list[tuple[int, float]]:
    """The stories a cluster's headlines may belong to, with each one's position prior.

    Only the ``T.WINDOW`` nearest stories on each side are candidates: farther ones
    could not beat the brief score on the prior alone, and the window keeps the whole
    assignment linear in the page's length.
    """
    first, last = cluster[0], cluster[-1]
    after = bisect.bisect_right([s.first_run for s in stories], last)  # first story after the cluster
    out: list[tuple[int, float]] = []
    for k, idx in enumerate(range(after, min(len(stories), after + T.WINDOW))):
        out.append((idx, T.ADJ_BEFORE - 2 * T.DISTANCE_DECAY * k))
    for k, idx in enumerate(range(after - 1, max(-1, after - 1 - T.WINDOW), -1)):
        out.append((idx, T.ADJ_AFTER - 2 * T.DISTANCE_DECAY * k))
    return out


def _solve(
    units: list[Unit], table: list[list[float]], priors: list[float], banned: frozenset[int]
) -> tuple[float, list]:
    """Best partition of ``units`` into groups → story (or -1: brief). Exact, memoised."""
    n, m = len(units), len(table[0]) if table else 0

    @cache
    def best(i: int, used: frozenset[int]) -> tuple[float, tuple]:
        if i == n:
            return 0.0, ()
        top: tuple[float, tuple] = (float("-inf"), ())
        for j in range(i + 1, min(n, i + T.MAX_GROUP) + 1):
            options = [(-1, BRIEF_SCORE)]
            for s in range(m):
                if s in used or s in banned:
                    continue
                options.append((s, priors[s] + sum(table[u][s] for u in range(i, j))))
            cut = 0.0
            if j < n and units[j].line == units[j - 1].line:
                cut = CUT_AT_GAP if units[j].wide_gap else CUT_IN_LINE
            elif j < n and units[j].run == units[j - 1].run:
                cut = CUT_IN_RUN
            for s, sc in options:
                rest = best(j, used | {s} if s >= 0 else used)
                total = sc - GROUP_COST - cut + rest[0]
                if total > top[0]:
                    top = (total, ((i, j, s, sc),) + rest[1])
        return top

    score, plan = best(0, frozenset())
    return score, list(plan)


def assign_headlines(runs: list[Run], stories: list[Story]) -> tuple[dict[int, list[Unit]], list[list[Unit]], list[str]]:
    """Map story index → its headline units; also the stand-alone groups and a trail."""
    bodies = [_grams("".join(ln.text for ln in s.body[:60])) for s in stories]
    problems: list[tuple[list[int], list[float], list[Unit], list[list[float]]]] = []
    for cl in _clusters(runs):
        units = [Unit(ln.no, txt, ri, w) for ri in cl for ln in runs[ri].lines for txt, w in split_units(ln.text)]
        if not units:
            continue
        cands = _candidates(cl, stories)
        priors = [p for _, p in cands]
        table = [[T.AFFINITY_WEIGHT * affinity(u.text, bodies[s]) * _mass(u.text) for s, _ in cands] for u in units]
        problems.append(([s for s, _ in cands], priors, units, table))
    banned: list[set[int]] = [set() for _ in problems]
    plans: list[list] = [[] for _ in problems]
    todo = set(range(len(problems)))
    for _ in range(len(stories) + 2):
        for k in sorted(todo):
            cands, priors, units, table = problems[k]
            if cands:
                local = frozenset(i for i, s in enumerate(cands) if s in banned[k])
                plan = _solve(units, table, priors, local)[1]
                plans[k] = [(i, j, cands[c] if c >= 0 else -1, sc) for i, j, c, sc in plan]
            else:
                plans[k] = [(0, len(units), -1, 0.0)]
        todo = set()
        claims: dict[int, list[tuple[float, int]]] = {}
        for k, plan in enumerate(plans):
            for _i, _j, s, sc in plan:
                if s >= 0:
                    claims.setdefault(s, []).append((sc, k))
        conflict = False
        for s, cl in claims.items():
            if len(cl) > 1:
                cl.sort(key=lambda x: (-x[0], x[1]))
                for _sc, k in cl[1:]:
                    banned[k].add(s)
                    todo.add(k)
                conflict = True
        if not conflict:
            break
    owned: dict[int, list[Unit]] = {}
    briefs: list[list[Unit]] = []
    trail: list[str] = []
    for (_c, _p, units, _t), plan in zip(problems, plans, strict=True):
        for i, j, s, sc in plan:
            group = units[i:j]
            if s >= 0 and s not in owned:
                owned[s] = group
                trail.append(f"lines {[u.line for u in group]} → story {s} (score {sc:.2f})")
            else:
                briefs.append(group)
                trail.append(f"lines {[u.line for u in group]} → stand-alone (no story wants them)")
    return owned, briefs, trail
