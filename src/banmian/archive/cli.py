"""The archive's subcommands, ``banmian ingest``, ``search`` and ``serve`` (usage in ``docs/cli.md``).

``add_subcommands(subparsers)`` registers them on the ``banmian`` parser; each sets
``args.handler`` to a function ``(args) -> exit status``.  Exit status: 0 on success, 2 when
the command line, the archive, the query or any input was unusable (one line
``banmian: error: …`` each on stderr), 1 when banmian failed on an input (a bug), 130
when ingest was interrupted (what is committed stays; run it again to finish).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from banmian.archive.db import DEFAULT_DB, connect
from banmian.archive.ingest import Defaults, ingest_paths
from banmian.archive.meta import parse_date
from banmian.archive.search import Filters, Hit, search
from banmian.errors import InputError
from banmian.model import KINDS

__all__ = ["add_subcommands", "cmd_ingest", "cmd_search", "cmd_serve"]

EXIT_OK, EXIT_BUG, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _date(text: str) -> str:
    iso = parse_date(text)
    if iso is None:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)")
    return iso


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r} (use 1, 2, …)")
    return n


def _limit(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a limit: {text!r} (use 0 for all, or 1, 2, …)")
    return n


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 65536):
        raise argparse.ArgumentTypeError(f"not a port: {text!r} (use 1 to 65535, e.g. 8000)")
    return int(text)


def add_subcommands(sub: Any) -> None:
    """Add ``ingest``, ``search`` and ``serve`` to ``sub`` (the object ``add_subparsers`` returned)."""
    db_help = f"the archive file (default: {DEFAULT_DB} in the working directory)"
    p = sub.add_parser(
        "ingest",
        help="parse pages and store them in an archive",
        description=(
            "Parse page dumps and e-paper PDFs (each PDF page one page) and store their papers, issues, "
            "pages, articles and authors in an SQLite archive. Each page is stored whole in one "
            "transaction (a few pages share one); pages already stored (same text) are skipped; a bad "
            "file is reported and the others go on."
        ),
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="a page dump or PDF, or a directory (every *.txt and *.pdf below it)"
    )
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=db_help + "; created if missing")
    p.add_argument("--paper", metavar="NAME", help="paper name when neither the page nor its path gives one")
    p.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="issue date when neither the page nor its path gives one",
    )
    p.add_argument(
        "--page",
        type=_positive,
        metavar="N",
        help="page number when neither the page nor its path gives one (not for PDFs of several pages)",
    )
    p.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="parse in N worker processes (default: one per CPU for 16 files or more)",
    )
    p.set_defaults(handler=cmd_ingest)

    s = sub.add_parser(
        "search",
        help="search an archive",
        description=(
            'Search the archive\'s articles (Chinese substrings, words, "phrases", AND / OR / NOT, '
            "-term, parentheses) and print the hits, best first."
        ),
    )
    s.add_argument("query", metavar="QUERY", help="what to search for (quote it for the shell)")
    s.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=db_help)
    s.add_argument(
        "--json", action="store_true", help="print a JSON list of hits (article, source, score, snippet)"
    )
    s.add_argument(
        "--limit", type=_limit, default=20, metavar="N", help="at most N hits (default 20; 0 = all)"
    )
    s.add_argument("--paper", metavar="NAME", help="only this paper")
    s.add_argument(
        "--from", dest="date_from", type=_date, metavar="DATE", help="only issues on or after DATE"
    )
    s.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="only issues on or before DATE")
    s.add_argument("--page", type=_positive, metavar="N", help="only page N")
    s.add_argument("--author", metavar="NAME", help="only articles credited to NAME")
    s.add_argument("--kind", choices=KINDS, help="only articles of this kind")
    s.set_defaults(handler=cmd_search)

    w = sub.add_parser(
        "serve",
        help="browse and search an archive in a web browser",
        description=(
            "Serve the archive read-only as a web interface (search, articles, pages, browsing) and a "
            "JSON API (OpenAPI docs at /docs). Listens on 127.0.0.1 (this machine only) unless --host says otherwise."
        ),
    )
    w.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=db_help + "; opened read-only")
    w.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    w.add_argument(
        "--port", type=_port, default=8000, metavar="PORT", help="port to listen on (default 8000)"
    )
    w.set_defaults(handler=cmd_serve)


def _error(message: str) -> None:
    print("banmian: error: " + " ".join(message.splitlines()), file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Run ``banmian ingest``: summary line on stdout, failures on stderr."""
    defaults = Defaults(paper=args.paper, date=args.date, page=args.page)
    try:
        report = ingest_paths(args.db, args.paths, defaults=defaults, jobs=args.jobs)
    except InputError as e:
        _error(str(e))
        return EXIT_USAGE
    for failure in report.failures:
        _error(failure)
    print(report.summary(args.db), flush=True)
    if report.interrupted:
        _error("interrupted; the pages stored so far are kept, run the same command again to finish")
        return EXIT_INTERRUPTED
    if report.failures:
        return EXIT_USAGE if len(report.failures) > report.bugs else EXIT_BUG
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Run ``banmian serve`` until Ctrl-C; 2 for an unusable archive or address."""
    from banmian.web.server import serve  # FastAPI and uvicorn load only for this command

    try:
        serve(args.db, args.host, args.port)
    except InputError as e:
        _error(str(e))
        return EXIT_USAGE
    return EXIT_OK


def _format(n: int, hit: Hit) -> str:
    where = " ".join(
        x
        for x in (
            hit.date or "(no date)",
            hit.paper or "",
            f"p.{hit.page}" if hit.page else "",
            f"#{hit.article_index}",
        )
        if x
    )
    head = " / ".join(hit.article["headline"] or []) or "(no headline)"
    score = f"score {hit.score:.2f}" if hit.ranked else "newest first"
    return f"{n}. {head}\n   {where}  {hit.article['kind']}  {score}  {hit.source}\n   {hit.snippet}\n"


def cmd_search(args: argparse.Namespace) -> int:
    """Run ``banmian search``: ranked hits on stdout (text, or JSON with ``--json``)."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        _error(f"--from {args.date_from} is after --to {args.date_to}; swap them")
        return EXIT_USAGE
    filters = Filters(
        paper=args.paper,
        date_from=args.date_from,
        date_to=args.date_to,
        page=args.page,
        author=args.author,
        kind=args.kind,
    )
    try:
        conn = connect(args.db, readonly=True)
        try:
            hits = search(conn, args.query, filters=filters, limit=args.limit or None)
        finally:
            conn.close()
    except InputError as e:
        _error(str(e))
        return EXIT_USAGE
    if args.json:
        out = json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1) + "\n"
    elif not hits:
        out = "no hits\n"
    else:
        out = "\n".join(_format(n, h) for n, h in enumerate(hits, 1))
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(out)
    else:
        sys.stdout.flush()
        buffer.write(out.encode("utf-8"))
        buffer.flush()
    return EXIT_OK
