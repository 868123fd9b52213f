"""The full-text index, one document per article as a reader sees it: a continued article's
linked parts are ONE document, so a phrase that spans a jump (``…带动就`` on page 1,
``业…`` on page 2) and an AND whose terms sit in different parts are found.

- The document of a *chain* of parts (``links``: first part → … → last part; an article
  that is not continued is a chain of one) is stored in ``article_fts`` under the first
  part's id; the other parts have no document of their own.
- Its text (``chain_text``) is ``search_text(headlines, body)``: the parts' distinct
  non-empty headlines joined by newlines, a newline, and the joined paragraphs
  (``joined.join_paragraphs``: the paragraph split at a jump rejoined when the part before
  ends mid-sentence) joined by newlines.  For a chain of one this is exactly the part's own
  ``headline_text`` and ``body``, as stored at ingest.
- ``article_fts`` is contentless, so a document is removed by giving FTS5 the very tokens
  it was indexed with.  Whoever changes links or deletes articles therefore does it inside
  ``regrouped(conn, ids)``: on entry the chains through ``ids`` and their texts are taken
  (from the links as they still are); on exit the chains of their surviving members are
  compared with them, and only the documents of chains that changed are removed (with the
  texts taken on entry) and indexed anew.  Every writer goes through ``relink_pairs``,
  ``relink_page``, ``delete_articles`` or ``relink_all`` here; ``links`` itself never
  touches the index.

Contract: between transactions, ``article_fts`` holds exactly one document per chain, equal
to ``doc_columns(chain_text(chain))``; ``integrity-check`` passes.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from banmian.archive import links
from banmian.archive.joined import join_paragraphs
from banmian.archive.tokens import doc_columns

__all__ = [
    "add_docs",
    "chain",
    "chain_texts",
    "chains",
    "delete_articles",
    "drop_docs",
    "regrouped",
    "relink_all",
    "relink_page",
    "relink_pairs",
    "search_text",
]


def search_text(headline_text: str, body: str) -> str:
    """The text an article is searched in: its headline lines, a newline, its paragraphs."""
    return f"{headline_text}\n{body}"


def chain(conn: sqlite3.Connection, article_id: int) -> list[int]:
    """The parts of ``article_id``'s article in order, following ``links`` both ways."""
    first, seen = article_id, {article_id}
    while (row := conn.execute("SELECT from_article FROM links WHERE to_article = ?", (first,)).fetchone()) and (
        row[0] not in seen
    ):
        first = row[0]
        seen.add(first)
    out, seen = [first], {first}
    while (
        row := conn.execute("SELECT to_article FROM links WHERE from_article = ?", (out[-1],)).fetchone()
    ) and row[0] not in seen:
        out.append(row[0])
        seen.add(row[0])
    return out


def chains(conn: sqlite3.Connection, ids: Iterable[int]) -> list[list[int]]:
    """The distinct chains through the stored articles among ``ids`` (unknown ids are skipped)."""
    wanted = sorted(set(ids))
    existing: set[int] = set()
    for k in range(0, len(wanted), 500):
        part = wanted[k : k + 500]
        existing.update(
            r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(part))})", part)
        )
    out: list[list[int]] = []
    done: set[int] = set()
    for aid in wanted:
        if aid in existing and aid not in done:
            c = chain(conn, aid)
            done.update(c)
            out.append(c)
    return out


def chain_texts(conn: sqlite3.Connection, groups: Sequence[Sequence[int]]) -> list[tuple[str, str]]:
    """``(headlines, body)`` of each chain's document (see the module doc), in order."""
    ids = sorted({i for g in groups for i in g})
    rows: dict[int, tuple[str, str, str]] = {}
    for k in range(0, len(ids), 500):
        part = ids[k : k + 500]
        for aid, head, body, paras in conn.execute(
            f"SELECT id, headline_text, body, paragraphs FROM articles WHERE id IN ({','.join('?' * len(part))})",
            part,
        ):
            rows[aid] = (head, body, paras)
    out = []
    for g in groups:
        if len(g) == 1:
            head, body, _ = rows[g[0]]
            out.append((head, body))
            continue
        heads: list[str] = []
        for aid in g:
            if rows[aid][0] and rows[aid][0] not in heads:
                heads.append(rows[aid][0])
        paragraphs = join_paragraphs([json.loads(rows[aid][2]) for aid in g])
        out.append(("\n".join(heads), "\n".join(paragraphs)))
    return out


def _write(conn: sqlite3.Connection, groups: Sequence[Sequence[int]], delete: bool) -> None:
    rows = [
        (g[0], *doc_columns(search_text(head, body)))
        for g, (head, body) in zip(groups, chain_texts(conn, groups), strict=True)
    ]
    if delete:
        conn.executemany(
            "INSERT INTO article_fts(article_fts, rowid, chars, grams) VALUES ('delete', ?, ?, ?)", rows
        )
    else:
        conn.executemany("INSERT INTO article_fts(rowid, chars, grams) VALUES (?, ?, ?)", rows)


def add_docs(conn: sqlite3.Connection, groups: Sequence[Sequence[int]]) -> None:
    """Index each chain's document under its first part's id."""
    _write(conn, groups, delete=False)


def drop_docs(conn: sqlite3.Connection, groups: Sequence[Sequence[int]]) -> None:
    """Remove each chain's document (as it was indexed: call before links or parts change)."""
    _write(conn, groups, delete=True)


@contextlib.contextmanager
def regrouped(conn: sqlite3.Connection, ids: Iterable[int]) -> Iterator[None]:
    """Around a change of links or a deletion of articles among ``ids``' chains: afterwards,
    the documents of the chains that changed are replaced (a chain that is still the same
    keeps its document untouched)."""
    before = chains(conn, ids)
    texts = dict(zip(map(tuple, before), chain_texts(conn, before), strict=True))  # while the links still hold
    yield
    after = chains(conn, (m for g in before for m in g))
    old, new = set(texts), {tuple(g) for g in after}
    gone = [(g[0], *doc_columns(search_text(*texts[g]))) for g in map(tuple, before) if g not in new]
    conn.executemany("INSERT INTO article_fts(article_fts, rowid, chars, grams) VALUES ('delete', ?, ?, ?)", gone)
    add_docs(conn, [g for g in after if tuple(g) not in old])


def relink_pairs(conn: sqlite3.Connection, issue: int, pairs: Iterable[tuple[int, int]]) -> int:
    """``links.relink_pairs`` with the index kept in step (inside the caller's transaction)."""
    pairs = set(pairs)
    if not pairs:
        return 0
    with regrouped(conn, links.pair_parts(conn, issue, pairs)):
        return links.relink_pairs(conn, issue, pairs)


def relink_page(conn: sqlite3.Connection, page_id: int) -> int:
    """Recompute the links of every page pair the (just stored) page takes part in."""
    found = links.page_pairs(conn, page_id)
    return 0 if found is None else relink_pairs(conn, *found)


def delete_articles(conn: sqlite3.Connection, page_id: int) -> tuple[int, set[tuple[int, int]]] | None:
    """Delete the page's articles, their authors and links, keeping the index in step; return
    the page's issue and page pairs (to relink once the page is gone), ``None`` if unknown."""
    ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE page_id = ?", (page_id,))]
    with regrouped(conn, ids):
        touched = links.unlink_page(conn, page_id)
        conn.execute(
            "DELETE FROM authors WHERE article_id IN (SELECT id FROM articles WHERE page_id = ?)", (page_id,)
        )
        conn.execute("DELETE FROM articles WHERE page_id = ?", (page_id,))
    return touched


def relink_all(conn: sqlite3.Connection) -> int:
    """Recompute every link of the archive and the documents of the chains (for upgrades)."""
    linked = [r[0] for r in conn.execute("SELECT from_article FROM links UNION SELECT to_article FROM links")]
    with regrouped(conn, linked):
        conn.execute("DELETE FROM links")
    for (pid,) in conn.execute("SELECT id FROM pages ORDER BY id").fetchall():
        relink_page(conn, pid)
    return int(conn.execute("SELECT count(*) FROM links").fetchone()[0])
