"""Ingest page dumps into the archive: decode, parse, decide paper/date/page, store.

Contract:
- every page is written in ONE transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): a run that is
  killed leaves the archive as it was after the last committed page, and running the same
  command again completes it;
- a page whose decoded text is already stored (same SHA-256, ``pages.content_hash``) is a
  no-op, whatever its path; a file whose resolved path is stored with *other* text (the
  file was re-extracted) replaces that page;
- a file that cannot be read is reported (one line) and skipped; the rest go on;
- paper, date and page number come from ``banmian.archive.meta.resolve``;
- continuation links (``banmian.archive.links``) touching the page are recomputed in the
  same transaction, so the links never depend on the order pages were ingested in.

Directories are walked recursively for ``*.txt`` files, in sorted path order, so reruns see
the pages in the same order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from banmian import __version__
from banmian.archive.db import connect, issue_id, paper_id
from banmian.archive.links import relink_page, relink_pairs, unlink_page
from banmian.archive.meta import resolve
from banmian.archive.tokens import doc_columns
from banmian.decode import read_page
from banmian.errors import InputError
from banmian.model import Article
from banmian.pipeline import parse_page

__all__ = [
    "Defaults",
    "IngestReport",
    "Prepared",
    "Progress",
    "digest_of",
    "expand",
    "ingest_paths",
    "prepare",
    "search_text",
    "store_page",
    "write",
]


@dataclass(frozen=True)
class Defaults:
    """Paper, date (``YYYY-MM-DD``) and page number to use when a page and its path say nothing."""

    paper: str | None = None
    date: str | None = None
    page: int | None = None


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    articles: int = 0
    failures: list[str] = field(default_factory=list)
    bugs: int = 0
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return self.added + self.replaced + self.unchanged

    def summary(self, db: str) -> str:
        rate = (self.added + self.replaced) / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.added} pages added ({self.articles} articles), {self.replaced} replaced, "
            f"{self.unchanged} unchanged, {len(self.failures)} failed in {self.seconds:.1f} s "
            f"({rate:.0f} pages/s) -> {db}"
        )


class Progress:
    """A one-line progress display (``\\r``-rewritten): pages done, rate and time left.

    Writes only when ``enabled`` (by default: when ``stream`` is a terminal), at most ten
    times a second; ``close()`` ends the line.
    """

    def __init__(self, total: int, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled if enabled is not None else bool(isatty and isatty())
        self.start = self.last = time.monotonic()
        self.width = 0

    def line(self, now: float) -> str:
        """The text of the progress line at time ``now``."""
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        pct = 100 * self.done / self.total if self.total else 100.0
        eta = f"{int(left // 60)}:{int(left % 60):02d}"
        return f"ingest {self.done}/{self.total} pages {pct:3.0f}%  {rate:.0f} pages/s  ETA {eta}"

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last >= 0.1 or self.done == self.total):
            self.last = now
            self._write(self.line(now))

    def _write(self, text: str) -> None:
        pad = max(0, self.width - len(text))
        self.width = len(text)
        with contextlib.suppress(OSError, ValueError):
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self._write(self.line(time.monotonic()))
            with contextlib.suppress(OSError, ValueError):
                self.stream.write("\n")
                self.stream.flush()


def expand(paths: Sequence[str]) -> tuple[list[tuple[str, Path]], list[str]]:
    """``(source as given, path)`` for every file to ingest, and the arguments that give none.

    A directory yields every ``*.txt`` below it (recursively, sorted by relative path); a
    directory without any is a failure.  Files are taken as given (a missing one fails
    later, when it is read).
    """
    items: list[tuple[str, Path]] = []
    failures: list[str] = []
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            found = sorted((f for f in p.rglob("*.txt") if f.is_file()), key=lambda f: f.relative_to(p).parts)
            if not found:
                failures.append(
                    f"{arg}: no *.txt files in this directory; give page files or another directory"
                )
            items += [(os.path.join(arg, *f.relative_to(p).parts), f) for f in found]
        else:
            items.append((arg, p))
    return items, failures


def search_text(headline_text: str, body: str) -> str:
    """The text an article is searched in: its headline lines, a newline, its paragraphs."""
    return f"{headline_text}\n{body}"


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


def _delete_page(conn: sqlite3.Connection, page: int) -> None:
    """Remove one page with its articles, authors, links and index entries (inside a
    transaction), then recompute the links of the page pairs it took part in."""
    touched = unlink_page(conn, page)
    rows = conn.execute("SELECT id, headline_text, body FROM articles WHERE page_id = ?", (page,)).fetchall()
    for aid, head, body in rows:
        chars, grams = doc_columns(search_text(head, body))
        conn.execute(
            "INSERT INTO article_fts(article_fts, rowid, chars, grams) VALUES ('delete', ?, ?, ?)",
            (aid, chars, grams),
        )
    conn.execute(
        "DELETE FROM authors WHERE article_id IN (SELECT id FROM articles WHERE page_id = ?)", (page,)
    )
    conn.execute("DELETE FROM articles WHERE page_id = ?", (page,))
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


@dataclass(frozen=True)
class Prepared:
    """A page parsed and turned into rows, ready for ``write`` (built in a worker process)."""

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


def prepare(text: str, *, source: str, path: Path | None = None, defaults: Defaults = Defaults()) -> Prepared:
    """Parse one page and build its rows (no database access)."""
    page = parse_page(text, source=path.name if path is not None else source)
    meta = resolve(page, text, path, paper=defaults.paper, date=defaults.date, page_number=defaults.page)
    arts = []
    for a in page.articles:
        chars, grams = doc_columns(search_text("\n".join(a.headline or ()), a.text))
        arts.append((_article_row(a), tuple((au.name, au.role) for au in a.authors), chars, grams))
    return Prepared(
        source=source,
        where=str(path.resolve()) if path is not None else source,
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


def write(conn: sqlite3.Connection, prep: Prepared) -> str:
    """Store one prepared page in one transaction; return ``added``, ``replaced`` or ``unchanged``.

    ``unchanged``: this text is already stored (nothing written).  ``replaced``: a page
    stored from the same resolved path with other text was removed first.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM pages WHERE content_hash = ?", (prep.digest,)).fetchone():
            conn.execute("ROLLBACK")
            return "unchanged"
        status = "added"
        for (old,) in conn.execute("SELECT id FROM pages WHERE path = ?", (prep.where,)).fetchall():
            _delete_page(conn, old)
            status = "replaced"
        issue = issue_id(conn, paper_id(conn, prep.paper), prep.date)
        number, furniture, unassigned, origin, n_articles = prep.page_values
        pid = conn.execute(
            "INSERT INTO pages(issue_id, page_number, source, path, content_hash, text, furniture, unassigned,"
            " meta_from, n_articles, parser_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                issue,
                number,
                prep.source,
                prep.where,
                prep.digest,
                prep.text,
                furniture,
                unassigned,
                origin,
                n_articles,
                __version__,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        ).lastrowid
        for n, (row, authors, chars, grams) in enumerate(prep.articles):
            aid = conn.execute(
                "INSERT INTO articles(page_id, article_index, kind, headline, headline_text, kicker, title,"
                " subtitle, dateline_source, dateline_place, dateline_date, paragraphs, body, continued_from,"
                " continued_to, lines) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (pid, n, *row),
            ).lastrowid
            conn.executemany(
                "INSERT INTO authors(article_id, position, name, role) VALUES (?,?,?,?)",
                [(aid, k, name, role) for k, (name, role) in enumerate(authors)],
            )
            conn.execute("INSERT INTO article_fts(rowid, chars, grams) VALUES (?, ?, ?)", (aid, chars, grams))
        relink_page(conn, int(pid or 0))  # this page's jumps, both directions, in this transaction
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return status


def store_page(
    conn: sqlite3.Connection,
    text: str,
    *,
    source: str,
    path: Path | None = None,
    defaults: Defaults = Defaults(),
) -> tuple[str, int]:
    """Parse ``text`` and store it as one page in one transaction (``prepare`` + ``write``).

    Returns ``(status, articles stored)``; a text already stored is not parsed again.
    """
    if conn.execute("SELECT 1 FROM pages WHERE content_hash = ?", (digest_of(text),)).fetchone():
        return "unchanged", 0
    prep = prepare(text, source=source, path=path, defaults=defaults)
    status = write(conn, prep)
    return status, 0 if status == "unchanged" else len(prep.articles)


# -- the worker side of a parallel run ---------------------------------------------------
_worker: dict[str, object] = {}


def _init_worker(db: str, defaults: Defaults) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _worker["conn"] = connect(db, readonly=True)
    _worker["defaults"] = defaults


def _job(item: tuple[str, Path]) -> tuple[str, object]:
    """Read and prepare one file in a worker: ``(kind, payload)``, never raises."""
    source, path = item
    conn = _worker["conn"]
    assert isinstance(conn, sqlite3.Connection)
    defaults = _worker["defaults"]
    assert isinstance(defaults, Defaults)
    return _attempt(conn, source, path, defaults)


def _attempt(conn: sqlite3.Connection, source: str, path: Path, defaults: Defaults) -> tuple[str, object]:
    try:
        text = read_page(path)
        if conn.execute("SELECT 1 FROM pages WHERE content_hash = ?", (digest_of(text),)).fetchone():
            return "unchanged", source
        return "ok", prepare(text, source=source, path=path, defaults=defaults)
    except InputError as e:
        return "failed", str(e)
    except Exception as e:  # a bug in banmian: report it and go on with the other pages
        if os.environ.get("BANMIAN_DEBUG"):
            raise
        return "bug", (
            f"{source}: internal error ({type(e).__name__}: {e}); please report this bug "
            "with the input (BANMIAN_DEBUG=1 shows the traceback)"
        )


def ingest_paths(
    db: str | Path,
    paths: Sequence[str],
    *,
    defaults: Defaults = Defaults(),
    jobs: int | None = None,
    progress: bool | None = None,
    stream: TextIO | None = None,
) -> IngestReport:
    """Ingest every page under ``paths`` into the archive ``db`` (created if missing).

    Pages are parsed by ``jobs`` worker processes (default: the CPU count, and none for
    fewer than 16 files) and written by this process, in input order, one transaction
    each.  Raises ``InputError`` only when the archive itself cannot be opened or written;
    bad page files are listed in ``report.failures`` (one line each).  Ctrl-C stops after
    rolling back the page being written (``report.interrupted``).
    """
    connect(db, create=True).close()  # create it; workers start before this process reopens it
    report = IngestReport()
    start = time.monotonic()
    items, report.failures = expand(paths)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(items) >= 16 else 1
    pool = None
    if jobs > 1:
        pool = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(
            jobs, initializer=_init_worker, initargs=(str(db), defaults)
        )
    try:
        conn = connect(db)
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    bar = Progress(len(items), stream, enabled=progress)
    try:
        if pool is not None:
            results: Iterator[tuple[str, object]] = pool.imap(_job, items, chunksize=4)
        else:
            results = (_attempt(conn, source, path, defaults) for source, path in items)
        for kind, payload in results:
            if kind == "ok":
                assert isinstance(payload, Prepared)
                try:
                    status = write(conn, payload)
                except sqlite3.Error as e:
                    raise InputError(
                        f"{db}: cannot write the archive ({e}); check the disk and --db"
                    ) from None
                setattr(report, status, getattr(report, status) + 1)
                report.articles += len(payload.articles) if status != "unchanged" else 0
            elif kind == "unchanged":
                report.unchanged += 1
            else:
                report.failures.append(str(payload))
                report.bugs += kind == "bug"
            bar.update()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        bar.close()
        report.seconds = time.monotonic() - start
        conn.close()
    return report
