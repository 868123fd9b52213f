"""Chinese full-text search over the archive: exact hits, BM25 ranking, marked snippets.

``search(conn, query, filters=..., limit=...)`` parses the query (``banmian.archive.query``),
asks the FTS5 index for candidates with a safe expression built from tokens, ranks them
with ``bm25()``, and — unless the expression is already exact — keeps only the candidates
whose stored text really matches, so every hit contains what was asked and every article
that does is a hit.  Filters (paper, date range, page, author, kind) are applied in SQL.

Continued articles: the parts of one joined article (``banmian.archive.links``) are one hit,
the best-ranked part standing for them (its ``id``, ``score``, ``snippet`` and article), with
the whole joined article in ``Hit.joined`` (``banmian.archive.joined``).  Matching stays per
part: a string that spans the jump (half on one page, half on the next) is not found.
``matching_ids`` (and the web export) list every matching part.

Contract: ``search`` raises ``QueryError`` (one line) for an unusable query and never lets
an ``sqlite3`` error about the query escape; ``Hit.to_dict()`` is the article in the page
schema's form (``banmian.page/1`` article) plus ``source``, ``score`` (higher is better:
minus SQLite's ``bm25``), ``snippet``, where it is (``paper``, ``date``, ``page``,
``article_index``, ``id``) and ``joined`` (the joined article: ``paragraphs``, ``text``,
``parts``, ``missing``, …).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from banmian.archive.ingest import search_text
from banmian.archive.joined import group_keys, joined_articles
from banmian.archive.query import Node, QueryError, Term, parse
from banmian.archive.tokens import fold

__all__ = ["Filters", "Hit", "QueryError", "article_dicts", "matching_ids", "search", "snippet"]


@dataclass(frozen=True)
class Filters:
    """Restrict hits: paper name, dates ``YYYY-MM-DD`` (inclusive), page number, author name, kind."""

    paper: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int | None = None
    author: str | None = None
    kind: str | None = None

    def sql(self) -> tuple[str, list[Any]]:
        """The WHERE conditions (each starting with ``AND``) and their parameters."""
        where: list[str] = []
        args: list[Any] = []
        for value, cond in (
            (self.paper, "pp.name = ?"),
            (self.date_from, "i.date >= ?"),
            (self.date_to, "i.date <= ?"),
            (self.page, "p.page_number = ?"),
            (self.kind, "a.kind = ?"),
            (self.author, "EXISTS (SELECT 1 FROM authors au WHERE au.article_id = a.id AND au.name = ?)"),
        ):
            if value is not None:
                where.append(f" AND {cond}")
                args.append(value)
        return "".join(where), args


@dataclass(frozen=True)
class Hit:
    """One search result: the stored article, where it is, its score and snippet."""

    id: int
    score: float
    snippet: str
    article: dict[str, Any]
    source: str
    paper: str | None
    date: str | None
    page: int | None
    article_index: int
    joined: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.article,
            "source": self.source,
            "score": self.score,
            "snippet": self.snippet,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "article_index": self.article_index,
            "id": self.id,
            "joined": self.joined,
        }


_CANDIDATES = """
SELECT a.id, bm25(article_fts) AS rank, a.headline_text, a.body
FROM article_fts JOIN articles a ON a.id = article_fts.rowid
JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id
LEFT JOIN papers pp ON pp.id = i.paper_id
WHERE article_fts MATCH ?{filters}
ORDER BY rank, a.id
"""


def _ranked(
    conn: sqlite3.Connection, node: Node, filters: Filters, limit: int | None, offset: int
) -> list[tuple[int, float, str, str]]:
    """``(id, bm25, headline_text, body)`` of the exact hits, best first, sliced."""
    where, args = filters.sql()
    sql = _CANDIDATES.format(filters=where)
    params: list[Any] = [node.fts(), *args]
    if node.exact and limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    want = None if limit is None else offset + limit
    found: list[tuple[int, float, str, str]] = []
    try:
        for aid, rank, head, body in conn.execute(sql, params):
            if not node.exact and not node.matches(fold(search_text(head, body))):
                continue
            found.append((aid, rank, head, body))
            if want is not None and not node.exact and len(found) >= want:
                break
    except sqlite3.OperationalError as e:  # the expression is ours: a bug, not the user's
        raise RuntimeError(f"search expression failed: {e} ({node.fts()!r})") from e
    return found if node.exact else found[offset:]


def matching_ids(conn: sqlite3.Connection, query: str | Node, *, filters: Filters = Filters()) -> list[int]:
    """The ids of every article matching ``query`` (exactly), best first."""
    node = parse(query) if isinstance(query, str) else query
    return [f[0] for f in _ranked(conn, node, filters, None, 0)]


def search(
    conn: sqlite3.Connection,
    query: str | Node,
    *,
    filters: Filters = Filters(),
    limit: int | None = 20,
    offset: int = 0,
    mark: tuple[str, str] = ("[", "]"),
) -> list[Hit]:
    """The hits for ``query`` in rank order (best first); ``limit=None`` or ``0``: all of them.

    Raises ``QueryError`` for an unusable query.  Ties in score are broken by article id.
    """
    node = parse(query) if isinstance(query, str) else query
    found = _joined_ranked(conn, node, filters, limit or None, max(0, offset))
    terms = node.terms()
    ids = [f[0] for f in found]
    docs = article_dicts(conn, ids)
    joined = joined_articles(conn, ids, docs)
    hits = []
    for aid, rank, head, body in found:
        article, where = docs[aid]
        hits.append(
            Hit(
                id=aid,
                score=round(-rank, 6),
                snippet=snippet(head, body, terms, mark=mark),
                article=article,
                **where,
                joined=joined[aid],
            )
        )
    return hits


def _joined_ranked(
    conn: sqlite3.Connection, node: Node, filters: Filters, limit: int | None, offset: int
) -> list[tuple[int, float, str, str]]:
    """``_ranked`` with one hit per joined article: the best-ranked part stands for its group.

    Without links the slice is ``_ranked``'s own; with them, more candidates are fetched
    (doubling) until ``offset + limit`` groups are found or the hits run out.
    """
    fetch = None if limit is None else offset + limit
    while True:
        found = _ranked(conn, node, filters, fetch, 0)
        keys = group_keys(conn, [f[0] for f in found])
        seen: set[int] = set()
        unique = []
        for f in found:
            if keys[f[0]] not in seen:
                seen.add(keys[f[0]])
                unique.append(f)
        if fetch is None or len(found) < fetch or len(unique) >= offset + (limit or 0):
            break
        fetch *= 2
    return unique[offset:] if limit is None else unique[offset : offset + limit]


def article_dicts(
    conn: sqlite3.Connection, ids: Sequence[int]
) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    """For each article id: its ``banmian.page/1`` article dict and where it is stored."""
    out: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for chunk in range(0, len(ids), 500):
        part = list(ids[chunk : chunk + 500])
        marks = ",".join("?" * len(part))
        authors: dict[int, list[dict[str, str]]] = {}
        for aid, name, role in conn.execute(
            f"SELECT article_id, name, role FROM authors WHERE article_id IN ({marks}) ORDER BY article_id, position",
            part,
        ):
            authors.setdefault(aid, []).append({"name": name, "role": role})
        for row in conn.execute(
            "SELECT a.id, a.kind, a.headline, a.kicker, a.title, a.subtitle, a.dateline_source, a.dateline_place,"
            " a.dateline_date, a.paragraphs, a.continued_from, a.continued_to, a.lines, p.source, pp.name,"
            " i.date, p.page_number, a.article_index FROM articles a JOIN pages p ON p.id = a.page_id"
            " JOIN issues i ON i.id = p.issue_id LEFT JOIN papers pp ON pp.id = i.paper_id"
            f" WHERE a.id IN ({marks})",
            part,
        ):
            (
                aid,
                kind,
                head,
                kicker,
                title,
                sub,
                ds,
                dp,
                dd,
                paras,
                cfrom,
                cto,
                lines,
                src,
                paper,
                date,
                pn,
                idx,
            ) = row
            article = {
                "kind": kind,
                "headline": json.loads(head) if head is not None else None,
                "kicker": kicker,
                "title": title,
                "subtitle": sub,
                "authors": authors.get(aid, []),
                "dateline": None
                if ds is None and dp is None and dd is None
                else {"source": ds, "place": dp, "date": dd},
                "paragraphs": json.loads(paras),
                "continued_from": cfrom,
                "continued_to": cto,
                "lines": json.loads(lines),
            }
            where = {"source": src, "paper": paper, "date": date, "page": pn, "article_index": idx}
            out[aid] = (article, where)
    return out


def _spans(text: str, terms: Iterable[Term]) -> list[tuple[int, int]]:
    """Merged, sorted ``(start, end)`` of every match of the terms in ``text``."""
    folded = fold(text)
    spans = sorted(
        (m.start(), m.end()) for t in terms for m in t.pattern.finditer(folded) if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def snippet(
    headline: str, body: str, terms: Sequence[Term], *, width: int = 80, mark: tuple[str, str] = ("[", "]")
) -> str:
    """About ``width`` characters of the body around the first match, matches marked.

    Falls back to the headline when the body has no match (or is empty); newlines become
    spaces; ``…`` shows where the text was cut.  The text is not escaped (HTML callers
    escape first and pass their own ``mark``).
    """
    text = body if _spans(body, terms) or not headline else headline
    text = " ".join(text.split("\n"))
    spans = _spans(text, terms)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [text[pos:s], mark[0], text[s:e], mark[1]]
        pos = e
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
