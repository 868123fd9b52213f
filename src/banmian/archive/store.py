"""Pages into rows (``prepare``, in worker processes) and rows into the archive (``Batch``).

Contract:
- ``prepare`` parses one page and builds every row it needs — JSON fields encoded, search
  tokens made — without touching the database, so the writing process only inserts;
- every page is stored *whole* inside one transaction: its page, articles, authors and index
  rows, and the continuation links (``banmian.archive.index``) of every page pair it takes
  part in.  ``Batch`` puts several consecutive pages in one transaction (at most
  ``BATCH_PAGES`` pages or ``BATCH_SECONDS`` seconds of writing).  Any committed state is therefore the archive of a *prefix* of the input (in
  input order) — what an uninterrupted run has after the same pages — and a rerun adds the
  rest; a kill loses at most the uncommitted batch, which the rerun writes again;
- a page whose decoded text is stored (same SHA-256, ``pages.content_hash``) is a no-op,
  whatever its path; a page whose ``path`` is stored with *other* text (the file was
  re-extracted) replaces that page.

Why batches: SQLite's full-text index writes a new segment (and merges segments) at every
commit; committing every page made that most of the writing cost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from banmian import __version__
from banmian.archive.db import issue_id, paper_id
from banmian.archive.index import delete_articles, relink_page, relink_pairs, search_text
from banmian.archive.meta import resolve
from banmian.archive.tokens import doc_columns
from banmian.model import Article, Page
from banmian.pipeline import parse_page

__all__ = ["BATCH_PAGES", "BATCH_SECONDS", "FTS_AUTOMERGE", "Batch", "Defaults", "Prepared", "digest_of", "is_stored", "prepare", "tune_index", "write"]

BATCH_PAGES = 64  # pages per transaction at most
BATCH_SECONDS = 0.5  # … and at most this long between commits
# FTS5 merges its index segments whenever this many share a level (FTS5's default: 4). On a
# large archive those merges were a third of the writer's time (at 1M articles: 3.4 ms of
# writing per page with 4, 2.3 ms with 8); a query then reads at most twice as many segments.
FTS_AUTOMERGE = 8


@dataclass(frozen=True)
class Defaults:
    """Paper, date (``YYYY-MM-DD``) and page number to use when a page and its path say nothing."""

    paper: str | None = None
    date: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class Prepared:
    """A page parsed and turned into rows, ready for ``write`` (built in a worker process).

    ``articles``: per article, its column values (``_article_row``), its authors
    ``(name, role)`` and its index tokens ``(chars, grams)``.
    """

    source: str
    where: str
    digest: str
    text: str
    paper: str | None
    date: str | None
    page_values: tuple[object, ...]
    articles: tuple[tuple[tuple[object, ...], tuple[tuple[str, str], ...], str, str], ...]


def digest_of(text: str) -> str:
    """The content hash stored in ``pages.content_hash``: SHA-256 of the UTF-8 text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _article_row(a: Article) -> tuple[object, ...]:
    dl = a.dateline
    return (
        a.kind,
        json.dumps(list(a.headline), ensure_ascii=False) if a.headline is not None else None,
        "\n".join(a.headline or ()),
        a.kicker,
        a.title,
        a.subtitle,
        dl.source if dl else None,
        dl.place if dl else None,
        dl.date if dl else None,
        json.dumps(list(a.paragraphs), ensure_ascii=False),
        a.text,
        a.continued_from,
        a.continued_to,
        json.dumps(list(a.lines)),
    )


def prepare(
    text: str,
    *,
    source: str,
    path: Path | None = None,
    defaults: Defaults = Defaults(),
    parsed: Page | None = None,
    pdf: tuple[int, int] | None = None,
) -> Prepared:
    """Parse one page (unless ``parsed`` is given) and build its rows; no database access.

    ``pdf``: (PDF page number, pages in the PDF) for a page of a PDF; its ``where`` is
    ``PATH#page=N`` so each page of one file is its own page.
    """
    page = parsed if parsed is not None else parse_page(text, source=path.name if path is not None else source)
    meta = resolve(
        page, text, path, paper=defaults.paper, date=defaults.date, page_number=defaults.page, pdf=pdf
    )
    arts = []
    for a in page.articles:
        row = _article_row(a)
        chars, grams = doc_columns(search_text(str(row[2]), str(row[10])))
        arts.append((row, tuple((au.name, au.role) for au in a.authors), chars, grams))
    where = str(path.resolve()) if path is not None else source
    return Prepared(
        source=source,
        where=where if pdf is None else f"{where}#page={pdf[0]}",
        digest=digest_of(text),
        text=text,
        paper=meta.paper,
        date=meta.date,
        page_values=(
            meta.page,
            json.dumps([s.to_dict() for s in page.furniture], ensure_ascii=False),
            json.dumps([s.to_dict() for s in page.unassigned], ensure_ascii=False),
            json.dumps(meta.origin, sort_keys=True),
            len(page.articles),
        ),
        articles=tuple(arts),
    )


def tune_index(conn: sqlite3.Connection) -> None:
    """Set the full-text index's merge policy (``FTS_AUTOMERGE``; stored in the index, so
    it holds for every later writer too)."""
    conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('automerge', ?)", (FTS_AUTOMERGE,))


def _delete_page(conn: sqlite3.Connection, page: int) -> None:
    """Remove one page with its articles, authors, links and index entries (inside a
    transaction), then recompute the links of the page pairs it took part in."""
    touched = delete_articles(conn, page)
    (issue,) = conn.execute("SELECT issue_id FROM pages WHERE id = ?", (page,)).fetchone()
    conn.execute("DELETE FROM pages WHERE id = ?", (page,))
    row = conn.execute(
        "SELECT paper_id FROM issues WHERE id = ? AND NOT EXISTS (SELECT 1 FROM pages WHERE issue_id = ?)",
        (issue, issue),
    ).fetchone()
    if row:
        conn.execute("DELETE FROM issues WHERE id = ?", (issue,))
        conn.execute(
            "DELETE FROM papers WHERE id = ? AND NOT EXISTS (SELECT 1 FROM issues WHERE paper_id = ?)",
            (row[0], row[0]),
        )
    elif touched is not None:
        relink_pairs(conn, *touched)


_INSERT_PAGE = (
    "INSERT INTO pages(issue_id, page_number, source, path, content_hash, text, furniture, unassigned,"
    " meta_from, n_articles, parser_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_ARTICLE = (
    "INSERT INTO articles(id, page_id, article_index, kind, headline, headline_text, kicker, title,"
    " subtitle, dateline_source, dateline_place, dateline_date, paragraphs, body, continued_from,"
    " continued_to, lines) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def is_stored(conn: sqlite3.Connection, digest: str) -> bool:
    """Whether a page with this text (``digest_of``) is in the archive."""
    return conn.execute("SELECT 1 FROM pages WHERE content_hash = ?", (digest,)).fetchone() is not None


def _store(conn: sqlite3.Connection, prep: Prepared) -> str:
    """Write one page inside the caller's transaction; ``added``, ``replaced`` or ``unchanged``."""
    if is_stored(conn, prep.digest):
        return "unchanged"
    status = "added"
    for (old,) in conn.execute("SELECT id FROM pages WHERE path = ?", (prep.where,)).fetchall():
        _delete_page(conn, old)
        status = "replaced"
    issue = issue_id(conn, paper_id(conn, prep.paper), prep.date)
    number, furniture, unassigned, origin, n_articles = prep.page_values
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    values = (prep.source, prep.where, prep.digest, prep.text, furniture, unassigned, origin, n_articles)
    pid = conn.execute(_INSERT_PAGE, (issue, number, *values, __version__, stamp)).lastrowid
    if prep.articles:
        # the ids SQLite would give one by one (max + 1), given here so each table is one call
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
        ids = range(first, first + len(prep.articles))
        rows = [(aid, pid, n, *a[0]) for n, (aid, a) in enumerate(zip(ids, prep.articles, strict=True))]
        conn.executemany(_INSERT_ARTICLE, rows)
        conn.executemany(
            "INSERT INTO authors(article_id, position, name, role) VALUES (?,?,?,?)",
            [(aid, k, name, role) for aid, a in zip(ids, prep.articles, strict=True) for k, (name, role) in enumerate(a[1])],
        )
        conn.executemany(
            "INSERT INTO article_fts(rowid, chars, grams) VALUES (?, ?, ?)",
            [(aid, a[2], a[3]) for aid, a in zip(ids, prep.articles, strict=True)],
        )
    relink_page(conn, int(pid or 0))  # this page's jumps, both directions, in this transaction
    return status


def write(conn: sqlite3.Connection, prep: Prepared) -> str:
    """Store one prepared page in a transaction of its own; ``added``, ``replaced`` or ``unchanged``."""
    batch = Batch(conn, pages=1)
    try:
        status = batch.write(prep)
    except BaseException:
        batch.rollback()
        raise
    batch.commit()
    return status


class Batch:
    """Writes pages in transactions of a few pages each (see the module doc).

    ``write(prep)`` stores one page in the open transaction (opening one if needed) and
    commits once the transaction holds ``pages`` pages or has been open ``seconds``.  If
    storing a page fails, the whole open transaction is rolled back and the error raised:
    what was committed stays, and a rerun writes the rest.  ``commit()`` commits what is
    written (call it at the end); ``rollback()`` drops it.

    No savepoint per page: releasing one makes FTS5 write its pending index data, which is
    the very cost the batch saves.  So a page must not be interrupted half-way: the caller
    defers Ctrl-C while a page is written (``banmian.archive.ingest``).
    """

    def __init__(self, conn: sqlite3.Connection, *, pages: int | None = None, seconds: float | None = None):
        self.conn = conn
        self.pages = BATCH_PAGES if pages is None else pages
        self.seconds = BATCH_SECONDS if seconds is None else seconds
        self.open = False
        self.count = 0
        self.started = 0.0

    def write(self, prep: Prepared) -> str:
        if not self.open:
            self.conn.execute("BEGIN IMMEDIATE")
            self.open, self.count, self.started = True, 0, time.monotonic()
        try:
            status = _store(self.conn, prep)
        except BaseException:
            self.rollback()
            raise
        self.count += status != "unchanged"
        if self.count >= self.pages or time.monotonic() - self.started >= self.seconds:
            self.commit()
        return status

    def commit(self) -> None:
        if self.open:
            self.open = False
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.open:
            self.open = False
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
