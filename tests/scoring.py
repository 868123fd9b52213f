"""A compact, standard-library scorer for tests: predicted articles against gold.

Same semantics as the evaluation scorer of the corpus (``eval/score.py``): gold and predicted
articles are paired greedily by body character F1 (difflib), best pairs first, a pair needing
F1 >= 0.5; headline-only items pair by headline.  A paired article is *exact* when its body
text (whitespace ignored, but no extra space between two Han characters), its paragraph
split, its headline (lines joined, whitespace-free), its authors (sorted (name, role)) and
its continuation page numbers all equal the gold's.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import Any

WS = re.compile(r"\s+")
HAN_GAP = re.compile(r"[\u4e00-\u9fff][ \t\u3000]+(?=[\u4e00-\u9fff])")
FLAGS = ("text", "paragraphs", "headline_ok", "authors_ok", "continuation_ok")


def flat(s: str | None) -> str:
    """The string without any whitespace."""
    return WS.sub("", s or "")


def body(a: dict[str, Any]) -> str:
    """All paragraphs of an article, concatenated without whitespace."""
    return "".join(flat(p) for p in a.get("paragraphs") or [])


def headline(a: dict[str, Any]) -> str:
    """The headline lines joined without whitespace ('' when there is none)."""
    h = a.get("headline")
    return "".join(flat(x) for x in ([h] if isinstance(h, str) else h or []))


def authors(a: dict[str, Any]) -> list[tuple[str, str]]:
    """Sorted (name, role) pairs, names with whitespace normalised."""
    return sorted((WS.sub(" ", x.get("name") or "").strip(), x.get("role")) for x in a.get("authors") or [])


def char_f1(g: str, p: str) -> float:
    """Character F1 of two strings by difflib matching blocks (1.0 for two empty strings).

    Values below 0.5 (never enough to pair two articles) may be reported as 0.0.
    """
    if not g and not p:
        return 1.0
    if not g or not p:
        return 0.0
    sm = difflib.SequenceMatcher(None, g, p, autojunk=False)
    if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5:  # upper bounds of the F1: no pair
        return 0.0
    return sm.ratio()


def _gaps(a: dict[str, Any]) -> int:
    return sum(len(HAN_GAP.findall(x)) for x in a.get("paragraphs") or [])


def _pair(g_arts: list[dict[str, Any]], p_arts: list[dict[str, Any]]) -> dict[int, tuple[int, float]]:
    """Greedy one-to-one pairing, best F1 first, of gold and predicted articles with F1 >= 0.5.

    Articles pair by body; two body-less items (headline-only notices) pair by headline.
    """
    g_bodies, p_bodies = [body(g) for g in g_arts], [body(p) for p in p_arts]
    g_heads, p_heads = [headline(g) for g in g_arts], [headline(p) for p in p_arts]
    g_bags = [Counter(b or h) for b, h in zip(g_bodies, g_heads, strict=True)]
    p_bags = [Counter(b or h) for b, h in zip(p_bodies, p_heads, strict=True)]
    pairs = []
    for i in range(len(g_arts)):
        for j in range(len(p_arts)):
            by_body = bool(g_bodies[i] or p_bodies[j])
            gs, ps = (g_bodies[i], p_bodies[j]) if by_body else (g_heads[i], p_heads[j])
            if not gs or not ps or 4 * sum((g_bags[i] & p_bags[j]).values()) < len(gs) + len(ps):
                continue  # F1 = 2m / (|g| + |p|) with m <= the common multiset: cannot reach 0.5
            f = char_f1(gs, ps)
            if f >= 0.5:
                pairs.append((f, -i, -j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    match: dict[int, tuple[int, float]] = {}
    for f, mi, mj in pairs:
        i, j = -mi, -mj
        if i not in match and j not in used_p:
            match[i] = (j, f)
            used_p.add(j)
    return match


def score_page(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Score one predicted page (``Page.to_dict()`` or any dict with ``articles``) against gold.

    Returns ``gold_articles``, ``pred_articles``, ``spurious_pred``, ``exact`` (count of exact
    gold articles), one count per flag and ``rows``: per gold article ``matched``, ``pred``,
    ``body_f1``, the flags ``text``, ``paragraphs``, ``headline_ok``, ``authors_ok``,
    ``continuation_ok`` and ``exact``.
    """
    g_arts, p_arts = list(gold.get("articles") or []), list(pred.get("articles") or [])
    match = _pair(g_arts, p_arts)
    rows = []
    for i, g in enumerate(g_arts):
        row: dict[str, Any] = {"gold": i, "headline": headline(g)[:24] or "(none)", "matched": i in match}
        if i not in match:
            row.update({"pred": None, "body_f1": 0.0, "exact": False, **{k: False for k in FLAGS}})
        else:
            j, f = match[i]
            p = p_arts[j]
            row.update(
                pred=j,
                body_f1=round(f, 4),
                text=body(g) == body(p) and _gaps(p) <= _gaps(g),
                paragraphs=[flat(x) for x in g.get("paragraphs") or []]
                == [flat(x) for x in p.get("paragraphs") or []],
                headline_ok=headline(g) == headline(p),
                authors_ok=authors(g) == authors(p),
                continuation_ok=all(
                    (g.get(k) or None) == (p.get(k) or None) for k in ("continued_from", "continued_to")
                ),
            )
            row["exact"] = all(row[k] for k in FLAGS)
        rows.append(row)
    res: dict[str, Any] = {
        "gold_articles": len(g_arts),
        "pred_articles": len(p_arts),
        "spurious_pred": len(p_arts) - len(match),
        "exact": sum(r["exact"] for r in rows),
    }
    res.update({k: sum(r[k] for r in rows) for k in FLAGS})
    res["rows"] = rows
    return res


def describe(res: dict[str, Any]) -> str:
    """A short human-readable table of a ``score_page`` result (for assertion messages)."""
    out = []
    for r in res["rows"]:
        flags = "".join(c if r[k] else "." for c, k in zip("TPHAC", FLAGS, strict=True))
        out.append(f"{'OK ' if r['exact'] else '-- '}{flags} f1={r['body_f1']:.3f} {r['headline']}")
    out.append(f"exact {res['exact']}/{res['gold_articles']}, predicted {res['pred_articles']}")
    return "\n".join(out)
