"""The order of search hits, computed without ranking every match of a broad query.

Costs in FTS5 (measured over a million generated articles):

- ``bm25()`` costs a microsecond or two per matching row, and before the first row it
  evaluates each phrase of the query over the *whole* index to count the documents that
  have it (the IDF): ~25 ms for ``的`` (in ~90 % of articles), and 100 ms and more for a
  phrase whose every character pair is common (FTS5 checks positions in every document
  that holds all of them — a quarter of the archive, in generated text);
- stepping through matches newest first, without ranking, stops at the ``LIMIT``: a
  fraction of a millisecond for 20 hits.

So ranking is **limited** to queries that are cheap to rank:

- a query is ranked by BM25 (best first, ties by id), over all its candidates (the FTS5
  expression's matches, after the filters), when it is *specific*: every phrase it looks
  up has a token (a character pair, a character, a word) in at most ``RANK_LIMIT``
  documents, and it has at most ``RANK_LIMIT`` candidates — nearly every query for a name,
  a term or a quotation;
- any other query has its hits in **recency order**: newest document first (the highest id:
  the latest ingested), score ``0``.  FTS5 iterates its matches in id order natively and
  stops at the ``LIMIT``, so the cost is bounded whatever the archive's size.  With that
  many hits the user narrows the query or the filters.

Both checks step through at most ``RANK_LIMIT + 1`` entries (a token's document list,
then the candidates' ids), never ranking; the second is skipped when the first implies it
(no OR: the matches are among the documents of one rare token).  The order is total and depends only on the
archive, not on ``limit`` / ``offset``: paging is consistent, and ``limit=None`` returns the
same order in full.

``doc_texts`` gives the text each document is searched in (a joined article's for schema 3,
a part's before) for the exact check and the snippets.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from banmian.archive.index import chain, chain_texts
from banmian.archive.query import Node, Or, Term

__all__ = ["RANK_LIMIT", "bounded", "candidates", "doc_texts", "grouped", "part_filter", "specific"]

RANK_LIMIT = 5_000
# a phrase of ``tokens.term_match``'s expressions: `grams : "近年 年来"` (tokens hold no quote)
_PHRASE = re.compile(r'(\w+) : "([^"]*)"')
STREAM = 1000  # candidates fetched at a time in recency order when the caller checks them

_FROM_FTS = " FROM article_fts WHERE article_fts MATCH ?"
_FROM_JOINED = (
    " FROM article_fts JOIN articles a ON a.id = article_fts.rowid JOIN pages p ON p.id = a.page_id"
    " JOIN issues i ON i.id = p.issue_id LEFT JOIN papers pp ON pp.id = i.paper_id"
    " WHERE article_fts MATCH ?"
)


def _source(expr: str, where: str, args: Sequence[Any]) -> tuple[str, list[Any]]:
    """The FROM … WHERE clause of the candidates, and its parameters."""
    return (_FROM_JOINED + where if where else _FROM_FTS), [expr, *args]


def specific(conn: sqlite3.Connection, node: Node) -> bool:
    """Whether every phrase the query looks up (its positive terms) has a token in at most
    ``RANK_LIMIT`` documents: then finding all its matches is cheap.  A phrase made only of
    common tokens is not (FTS5 checks positions in every document that has them all)."""
    known: dict[str, bool] = {}

    def rare(column: str, token: str) -> bool:
        key = f'{column} : "{token}"'
        if key not in known:
            known[key] = (
                conn.execute(
                    "SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT 1 OFFSET ?", (key, RANK_LIMIT)
                ).fetchone()
                is None
            )
        return known[key]

    for column, tokens in _phrases(node):
        # pairs first: a pair of characters is rarer than a single one or a number
        if not any(rare(column, t) for t in sorted(tokens, key=lambda t: (len(t) != 2, t))):
            return False
    return True


def bounded(node: Node) -> bool:
    """Whether a *specific* query has at most ``RANK_LIMIT`` candidates whatever the archive:
    its positive terms are all required (no OR), so its matches are among the documents of
    any one term's rare token."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Or):
        return False
    return all(bounded(n) for n in node.positive)


def _phrases(node: Node) -> list[tuple[str, list[str]]]:
    """``(column, tokens)`` of each positive term's FTS5 phrase (``tokens.term_match`` form)."""
    if isinstance(node, Term):
        # a term's first phrase; a lone last character's `AND chars : "…"` only narrows it
        return [(column, phrase.split()) for column, phrase in _PHRASE.findall(node.expr)[:1]]
    if isinstance(node, Or):
        return [p for n in node.options for p in _phrases(n)]
    return [p for n in node.positive for p in _phrases(n)]


def candidates(
    conn: sqlite3.Connection,
    expr: str,
    where: str,
    args: Sequence[Any],
    want: int | None,
    *,
    whole: bool = False,
    rankable: bool = True,
    small: bool = False,
) -> Iterator[list[tuple[int, float]]]:
    """``(id, bm25)`` of the candidates in hit order (see the module doc; ``0.0`` when in
    recency order), in lists, until ``want`` have been given (``None``: every one).
    ``whole``: give every candidate, list by list, for as long as the caller asks (it checks
    them and cannot know how many it needs).  ``where`` / ``args``: ``Filters.sql``.
    ``rankable``: ``specific(conn, node)``; when false the hits are in recency order.
    ``small``: the query is known to have at most ``RANK_LIMIT`` candidates (``bounded``)."""
    source, params = _source(expr, where, args)
    limit = "" if want is None or whole else " LIMIT ?"
    more = [] if want is None or whole else [want]
    if rankable and (
        small
        or conn.execute(
            f"SELECT article_fts.rowid{source} ORDER BY article_fts.rowid DESC LIMIT 1 OFFSET ?",
            [*params, RANK_LIMIT],
        ).fetchone()
        is None
    ):
        yield conn.execute(
            f"SELECT article_fts.rowid, bm25(article_fts) AS r{source} ORDER BY r, article_fts.rowid{limit}",
            [*params, *more],
        ).fetchall()
        return
    newest = f"SELECT article_fts.rowid{source}"
    if not whole:
        yield [(r[0], 0.0) for r in conn.execute(f"{newest} ORDER BY article_fts.rowid DESC{limit}", [*params, *more])]
        return
    below: list[Any] = []
    # the first window is what the caller wants: when candidates are sparse in the index
    # (a rare phrase of common tokens), each one more costs a longer scan
    size = want or 64
    while rows := conn.execute(
        f"{newest}{' AND article_fts.rowid < ?' if below else ''} ORDER BY article_fts.rowid DESC LIMIT ?",
        [*params, *below, size],
    ).fetchall():
        yield [(r[0], 0.0) for r in rows]
        if len(rows) < size:
            return  # the index has no more: asking again would scan the rest of it for nothing
        below, size = [rows[-1][0]], min(STREAM, max(64, size * 2))


def grouped(conn: sqlite3.Connection) -> bool:
    """Whether the index holds joined articles (schema 3 and later) rather than parts."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= 3


def doc_texts(conn: sqlite3.Connection, ids: Sequence[int], *, joined: bool) -> dict[int, tuple[str, str]]:
    """``(headline, body)`` each document is searched in: the joined article's when ``joined``
    (its id is the first part's), else the stored part's own."""
    out: dict[int, tuple[str, str]] = {}
    for k in range(0, len(ids), 500):
        part = list(ids[k : k + 500])
        marks = ",".join("?" * len(part))
        linked: set[int] = set()
        if joined:
            linked = {
                r[0] for r in conn.execute(f"SELECT from_article FROM links WHERE from_article IN ({marks})", part)
            }
        for aid, head, body in conn.execute(
            f"SELECT id, headline_text, body FROM articles WHERE id IN ({marks})", part
        ):
            if aid not in linked:
                out[aid] = (head, body)
        chains = [chain(conn, aid) for aid in part if aid in linked]
        out.update(zip((c[0] for c in chains), chain_texts(conn, chains), strict=True))
    return out


def part_filter(
    conn: sqlite3.Connection, ids: Sequence[int], page: int | None, author: str | None
) -> dict[int, int]:
    """Of the documents ``ids`` (the SQL filters passed), those whose joined article has a
    part on ``page`` and a part crediting ``author`` (when given), each mapped to the part
    that stands for it: the first part on ``page``, else the document's own id.  A document
    of one part was checked exactly in SQL and passes as itself."""
    marks = ",".join("?" * len(ids))
    linked = {r[0] for r in conn.execute(f"SELECT from_article FROM links WHERE from_article IN ({marks})", list(ids))}
    out = {aid: aid for aid in ids if aid not in linked}
    for aid in ids:
        if aid not in linked:
            continue
        parts = chain(conn, aid)
        pm = ",".join("?" * len(parts))
        if author is not None and not conn.execute(
            f"SELECT 1 FROM authors WHERE article_id IN ({pm}) AND name = ? LIMIT 1", [*parts, author]
        ).fetchone():
            continue
        if page is None:
            out[aid] = aid
            continue
        on_page = {
            r[0]
            for r in conn.execute(
                f"SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id IN ({pm}) AND p.page_number = ?",
                [*parts, page],
            )
        }
        first = next((x for x in parts if x in on_page), None)
        if first is not None:
            out[aid] = first
    return out
