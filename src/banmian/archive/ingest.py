"""Ingest page dumps and PDFs into the archive: read, parse, decide paper/date/page, store.

Contract:
- every page is stored whole in one transaction, several consecutive pages sharing one
  (``banmian.archive.store.Batch``: at most 64 pages or half a second): a run that is
  killed leaves the archive as an uninterrupted run had it after some prefix of the pages,
  and running the same command again completes it;
- a page whose decoded text is already stored (same SHA-256, ``pages.content_hash``) is a
  no-op, whatever its path; a file whose resolved path is stored with *other* text (the
  file was re-extracted) replaces that page;
- a file that cannot be read — missing, undecodable, empty, a PDF without a text layer — is
  reported (one line) and skipped; the rest go on;
- each page of a PDF is a page of the archive (``path`` ``FILE#page=N``); a PDF page without
  any text (a full-page picture) is skipped and counted in ``IngestReport.empty``;
- paper, date and page number come from ``banmian.archive.meta.resolve``;
- continuation links (``banmian.archive.links``) touching the page are recomputed in the
  same transaction, so the links never depend on the order pages were ingested in.

Directories are walked recursively for ``*.txt`` and ``*.pdf`` files (``expand``: suffixes
in any case, sorted by relative path, so reruns see the pages in the same order); a file
given by name is a PDF when ``is_pdf`` says so (``.pdf``, or not ``.txt`` and starting
``%PDF-``).  ``pdf_pages`` reads a PDF with the PDF front end (``banmian.pdf``): it runs
its public stages (``read_pdf``, ``layout_page``, ``page_lines``) and the shared
``pipeline.parse_lines`` exactly as ``banmian.pdf.front.parse_pdf_pages`` does, because the
archive stores the laid-out text that the articles' line numbers refer to (a test checks
both give the same pages).  Pages are parsed (and their rows and search
tokens built) in worker processes; the parent only writes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TextIO

from banmian.archive.db import connect
from banmian.archive.index import search_text
from banmian.archive.store import Batch, Defaults, Prepared, digest_of, is_stored, prepare, tune_index, write
from banmian.decode import read_page
from banmian.errors import InputError
from banmian.model import Page

__all__ = [
    "SUFFIXES",
    "Defaults",
    "IngestReport",
    "PdfSourcePage",
    "Prepared",
    "Progress",
    "digest_of",
    "expand",
    "ingest_paths",
    "is_pdf",
    "pdf_pages",
    "prepare",
    "search_text",
    "store_page",
    "write",
]

NO_DEFAULTS = Defaults()
SLAB = 512  # files handed to the workers at a time: at most two slabs of results wait in memory
Result = tuple[str, object]  # ("ok", Prepared) | ("unchanged", source) | ("empty", source) | ("failed" | "bug", message)


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
    empty: int = 0

    @property
    def pages(self) -> int:
        return self.added + self.replaced + self.unchanged

    def summary(self, db: str) -> str:
        rate = (self.added + self.replaced) / self.seconds if self.seconds > 0 else 0.0
        empty = f", {self.empty} PDF pages without text skipped" if self.empty else ""
        return (
            f"{self.added} pages added ({self.articles} articles), {self.replaced} replaced, "
            f"{self.unchanged} unchanged, {len(self.failures)} failed{empty} in {self.seconds:.1f} s "
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


# -- what is read: page dumps and PDFs -------------------------------------------------
SUFFIXES = (".txt", ".pdf")


def expand(paths: Sequence[str]) -> tuple[list[tuple[str, Path]], list[str]]:
    """``(source as given, path)`` for every file to ingest, and the arguments that give none."""
    items: list[tuple[str, Path]] = []
    failures: list[str] = []
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            found = sorted(
                (f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()),
                key=lambda f: f.relative_to(p).parts,
            )
            if not found:
                failures.append(
                    f"{arg}: no *.txt or *.pdf files in this directory; give page files or another directory"
                )
            items += [(os.path.join(arg, *f.relative_to(p).parts), f) for f in found]
        else:
            items.append((arg, p))
    return items, failures


def is_pdf(path: Path) -> bool:
    """Whether ``path`` is read as a PDF (``.pdf``, or not ``.txt`` and starting ``%PDF-``)."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return suffix == ".pdf"
    try:
        with path.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


@dataclass(frozen=True)
class PdfSourcePage:
    """One page of a PDF: its number (1-based), its laid-out text and the parsed page."""

    number: int
    text: str
    page: Page


def pdf_pages(path: Path) -> list[PdfSourcePage]:
    """Every page of the PDF at ``path``, parsed (see the module doc)."""
    from banmian.pdf.extract import read_pdf
    from banmian.pdf.front import page_lines
    from banmian.pdf.layout import layout_page
    from banmian.pipeline import parse_lines

    out = []
    for pt in read_pdf(path):
        lines, _ = page_lines(layout_page(pt.chars))
        text = "\n".join(line.raw for line in lines)
        out.append(PdfSourcePage(pt.number, text, parse_lines(lines, path.name)))
    return out


def store_page(
    conn: sqlite3.Connection,
    text: str,
    *,
    source: str,
    path: Path | None = None,
    defaults: Defaults = NO_DEFAULTS,
) -> tuple[str, int]:
    """Parse ``text`` and store it as one page in one transaction (``prepare`` + ``write``).

    Returns ``(status, articles stored)``; a text already stored is not parsed again.
    """
    if is_stored(conn, digest_of(text)):
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


def _job(item: tuple[str, Path]) -> list[Result]:
    """Read and prepare one file in a worker: its pages' results, never raises."""
    source, path = item
    conn = _worker["conn"]
    assert isinstance(conn, sqlite3.Connection)
    defaults = _worker["defaults"]
    assert isinstance(defaults, Defaults)
    return _attempt(conn, source, path, defaults)


def _pdf(conn: sqlite3.Connection, source: str, path: Path, defaults: Defaults) -> list[Result]:
    pages = pdf_pages(path)
    out: list[Result] = []
    for pg in pages:
        name = f"{source}#page={pg.number}"
        if not pg.text.strip():
            out.append(("empty", name))
        elif is_stored(conn, digest_of(pg.text)):
            out.append(("unchanged", name))
        else:
            prep = prepare(
                pg.text, source=name, path=path, defaults=defaults, parsed=pg.page, pdf=(pg.number, len(pages))
            )
            out.append(("ok", prep))
    return out


def _attempt(conn: sqlite3.Connection, source: str, path: Path, defaults: Defaults) -> list[Result]:
    try:
        if is_pdf(path):
            return _pdf(conn, source, path, defaults)
        text = read_page(path)
        if is_stored(conn, digest_of(text)):
            return [("unchanged", source)]
        return [("ok", prepare(text, source=source, path=path, defaults=defaults))]
    except InputError as e:
        return [("failed", str(e))]
    except Exception as e:  # a bug in banmian: report it and go on with the other pages
        if os.environ.get("BANMIAN_DEBUG"):
            raise
        return [
            (
                "bug",
                f"{source}: internal error ({type(e).__name__}: {e}); please report this bug "
                "with the input (BANMIAN_DEBUG=1 shows the traceback)",
            )
        ]


def _count(report: IngestReport, batch: Batch, db: str | Path, kind: str, payload: object) -> None:
    """Write one result (``ok``) or count it."""
    if kind == "ok":
        assert isinstance(payload, Prepared)
        try:
            status = batch.write(payload)
        except sqlite3.Error as e:
            batch.rollback()
            raise InputError(f"{db}: cannot write the archive ({e}); check the disk and --db") from None
        setattr(report, status, getattr(report, status) + 1)
        report.articles += len(payload.articles) if status != "unchanged" else 0
    elif kind in ("unchanged", "empty"):
        setattr(report, kind, getattr(report, kind) + 1)
    else:
        report.failures.append(str(payload))
        report.bugs += kind == "bug"


def _pipeline(pool: Pool, items: list[tuple[str, Path]]) -> Iterator[list[Result]]:
    """The workers' results in input order, two slabs of files queued at a time (so the
    workers never wait for the writer, and unwritten results never fill the memory)."""
    pending: deque[Iterator[list[Result]]] = deque()
    for start in range(0, len(items), SLAB):
        pending.append(pool.imap(_job, items[start : start + SLAB], chunksize=4))
        if len(pending) == 2:
            yield from pending.popleft()
    while pending:
        yield from pending.popleft()


class _Deferred:
    """While installed (main thread only), Ctrl-C only raises a flag, which the loop checks
    between pages: a page is never half in a transaction (``store.Batch``), and the
    interrupt never lands inside the worker pool's own locking (which could hang it)."""

    def __init__(self) -> None:
        self.pending = False
        self.old: object = None

    def __enter__(self) -> _Deferred:
        with contextlib.suppress(ValueError):  # not the main thread: Ctrl-C never reaches it
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                self.old = signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum: int, frame: object) -> None:
        self.pending = True

    def __exit__(self, *exc: object) -> None:
        if self.old is not None:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def ingest_paths(
    db: str | Path,
    paths: Sequence[str],
    *,
    defaults: Defaults = NO_DEFAULTS,
    jobs: int | None = None,
    progress: bool | None = None,
    stream: TextIO | None = None,
) -> IngestReport:
    """Ingest every page under ``paths`` into the archive ``db`` (created if missing).

    Files are read and parsed by ``jobs`` worker processes (default: the CPU count, and none
    for fewer than 16 files) and their pages written by this process, in input order, a
    few pages per transaction (see the module doc).  Raises ``InputError`` only when the
    archive itself cannot be opened or written; bad files are listed in ``report.failures``
    (one line each).  Ctrl-C lets the page being written finish, commits what is written
    and stops (``report.interrupted``).
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
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: index pages stay cached on large archives
        tune_index(conn)
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    bar = Progress(len(items), stream, enabled=progress)
    batch = Batch(conn)
    try:
        with _Deferred() as ctrl_c:
            if pool is not None:
                results: Iterator[list[Result]] = _pipeline(pool, items)
            else:
                results = (_attempt(conn, source, path, defaults) for source, path in items)
            for file_results in results:
                for kind, payload in file_results:
                    _count(report, batch, db, kind, payload)
                    if ctrl_c.pending:
                        raise KeyboardInterrupt
                bar.update()
                if ctrl_c.pending:
                    raise KeyboardInterrupt
            batch.commit()
    except KeyboardInterrupt:
        report.interrupted = True
        batch.commit()  # the pages written so far, each whole
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        bar.close()
        report.seconds = time.monotonic() - start
        conn.close()
    return report
