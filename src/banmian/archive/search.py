"""Chinese full-text search over the archive: exact hits, ranked, marked snippets.

``search(conn, query, filters=..., limit=...)`` parses the query (``banmian.archive.query``),
asks the FTS5 index for candidates with a safe expression built from tokens, orders them
(``banmian.archive.rank``: BM25 for a specific query, newest first for a broad one, at a
bounded cost), and — unless the expression is already exact — keeps only the candidates
whose text really matches, so every hit contains what was asked and every article that
does is a hit.  Filters (paper, date range, page, author, kind) are applied in SQL.

Continued articles (schema 3): the index holds one document per joined article
(``banmian.archive.index``), so matching is on the joined text — a string that spans a
jump is found — and a joined article is one hit; its first part (or, with a page or author
filter, the first part that satisfies it) stands for it (``id``, article), with the whole
joined article in ``Hit.joined`` (``banmian.archive.joined``).  ``matching_ids`` (and the
web export) list one id per joined article.  An older archive opened read-only is searched
part by part, the parts of one joined article collapsing into the best-ranked one.

Contract: ``search`` raises ``QueryError`` (one line) for an unusable query and never lets
an ``sqlite3`` error about the query escape; ``Hit.to_dict()`` is the article in the page
schema's form (``banmian.page/1`` article) plus ``source``, ``score`` (higher is better:
minus SQLite's ``bm25``; 0 in recency order), ``ranked``, ``snippet``, where it is
(``paper``, ``date``, ``page``, ``article_index``, ``id``) and ``joined`` (the joined
article: ``paragraphs``, ``text``, ``parts``, ``missing``, …).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from banmian.archive.index import search_text
from banmian.archive.joined import group_keys, joined_articles
from banmian.archive.query import Node, QueryError, Term, parse
from banmian.archive.rank import bounded, candidates, doc_texts, grouped, part_filter, specific
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

    @property
    def per_part(self) -> bool:
        """Whether a filter is about one part of a continued article (page, author)."""
        return self.page is not None or self.author is not None

    def sql(self, *, joined: bool = False) -> tuple[str, list[Any]]:
        """The WHERE conditions (each starting with ``AND``) and their parameters.

        ``joined`` (documents are joined articles, ``a`` their first part): page and author
        let every continued article through, for ``rank.part_filter`` to check its parts.
        """
        where: list[str] = []
        args: list[Any] = []
        for value, cond, per_part in (
            (self.paper, "pp.name = ?", False),
            (self.date_from, "i.date >= ?", False),
            (self.date_to, "i.date <= ?", False),
            (self.page, "p.page_number = ?", True),
            (self.kind, "a.kind = ?", False),
            (self.author, "EXISTS (SELECT 1 FROM authors au WHERE au.article_id = a.id AND au.name = ?)", True),
        ):
            if value is not None:
                if joined and per_part:
                    cond = f"({cond} OR EXISTS (SELECT 1 FROM links l WHERE l.from_article = a.id))"
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
    ranked: bool = True  # False: one of more than rank.RANK_LIMIT candidates, in recency order


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
            "ranked": self.ranked,
        }


Ranked = tuple[list[tuple[int, float]], dict[int, tuple[str, str]], dict[int, int]]


def _ranked(conn: sqlite3.Connection, node: Node, filters: Filters, want: int | None, joined: bool) -> Ranked:
    """``(id, bm25)`` of the first ``want`` exact hits in hit order (``None``: all); the
    documents' texts loaded on the way; and, for joined articles that a page or author filter
    let through by another part than the first, that part's id (it stands for the hit)."""
    where, args = filters.sql(joined=joined)
    post = joined and filters.per_part
    found: list[tuple[int, float]] = []
    texts: dict[int, tuple[str, str]] = {}
    stand: dict[int, int] = {}
    try:
        rankable = specific(conn, node)
        whole = not node.exact or post
        small = rankable and bounded(node)
        for window in candidates(conn, node.fts(), where, args, want, whole=whole, rankable=rankable, small=small):
            if node.exact and not post:
                found += window
                continue
            for k in range(0, len(window), _CHECK):
                part = window[k : k + _CHECK]
                ids = [aid for aid, _ in part]
                passing = part_filter(conn, ids, filters.page, filters.author) if post else {i: i for i in ids}
                loaded = {} if node.exact else doc_texts(conn, [i for i in ids if i in passing], joined=joined)
                for aid, rank in part:
                    if aid not in passing:
                        continue
                    if not node.exact:
                        text = search_text(*loaded[aid])
                        if not node.may_match(text) or not node.matches(fold(text)):
                            continue
                        texts[aid] = loaded[aid]
                    found.append((aid, rank))
                    if passing[aid] != aid:
                        stand[aid] = passing[aid]
                if want is not None and len(found) >= want:
                    return found[:want], texts, stand
    except sqlite3.OperationalError as e:  # the expression is ours: a bug, not the user's
        raise RuntimeError(f"search expression failed: {e} ({node.fts()!r})") from e
    return (found if want is None else found[:want]), texts, stand


_CHECK = 64  # candidates whose text is loaded and checked at a time


def matching_ids(conn: sqlite3.Connection, query: str | Node, *, filters: Filters = Filters()) -> list[int]:
    """The ids of every document matching ``query`` (exactly), in hit order: for schema 3, one
    id per joined article (its first part's)."""
    node = parse(query) if isinstance(query, str) else query
    found, _, stand = _ranked(conn, node, filters, None, grouped(conn))
    return [stand.get(f[0], f[0]) for f in found]


def search(
    conn: sqlite3.Connection,
    query: str | Node,
    *,
    filters: Filters = Filters(),
    limit: int | None = 20,
    offset: int = 0,
    mark: tuple[str, str] = ("[", "]"),
) -> list[Hit]:
    """The hits for ``query`` in hit order (best first, ``banmian.archive.rank``);
    ``limit=None`` or ``0``: all of them.

    Raises ``QueryError`` for an unusable query.  Ties in score are broken by article id.
    """
    node = parse(query) if isinstance(query, str) else query
    joined_index = grouped(conn)
    found, texts, stand = _joined_ranked(conn, node, filters, limit or None, max(0, offset), joined_index)
    terms = node.terms()
    missing = [f[0] for f in found if f[0] not in texts]
    texts.update(doc_texts(conn, missing, joined=joined_index))
    ids = [stand.get(f[0], f[0]) for f in found]
    docs = article_dicts(conn, ids)
    joined = joined_articles(conn, ids, docs)
    hits = []
    for (doc, rank), aid in zip(found, ids, strict=True):
        article, where = docs[aid]
        head, body = texts[doc]
        hits.append(
            Hit(
                id=aid,
                score=round(-rank, 6) + 0.0,  # + 0.0: no -0.0 for unranked hits
                snippet=snippet(head, body, terms, mark=mark),
                article=article,
                **where,
                joined=joined[aid],
                ranked=rank != 0.0,  # bm25 is never 0 for a match: 0 marks recency order
            )
        )
    return hits


def _joined_ranked(
    conn: sqlite3.Connection, node: Node, filters: Filters, limit: int | None, offset: int, joined: bool
) -> Ranked:
    """``_ranked``, one hit per joined article, sliced to ``offset`` / ``limit``.

    Schema 3 indexes each joined article once, so this is ``_ranked``'s own slice.  Older
    archives index the parts: the best-ranked part stands for its group, and more candidates
    are fetched (doubling) until ``offset + limit`` groups are found or the hits run out.
    """
    fetch = None if limit is None else offset + limit
    while True:
        found, texts, stand = _ranked(conn, node, filters, fetch, joined)
        if joined:
            unique = found
            break
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
    return (unique[offset:] if limit is None else unique[offset : offset + limit]), texts, stand


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


def _spans(folded: str, terms: Iterable[Term]) -> list[tuple[int, int]]:
    """Merged, sorted ``(start, end)`` of every match of the terms in ``folded`` (``fold``-ed text)."""
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
    spans = _spans(fold(body), terms)  # fold is one character per character, "\n" -> " "
    text = body
    if not spans and headline:
        text = headline
        spans = _spans(fold(headline), terms)
    text = text.replace("\n", " ")
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
