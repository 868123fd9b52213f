"""The ``banmian`` command line (also ``python -m banmian``); usage in ``docs/cli.md``.

    banmian parse PATH... [-o OUTDIR] [--format json|jsonl|md|txt] [--explain]
    banmian ingest PATH... [--db FILE] [--paper P] [--date YYYY-MM-DD] [--page N]
    banmian search QUERY [--db FILE] [--json] [--limit N] [filters]
    banmian --version

``ingest`` and ``search`` live in ``banmian.archive.cli`` (registered here by
``add_subcommands``; their exit statuses follow the same rules).

Inputs: a file, ``-`` (the bytes of stdin), or a directory (every ``*.txt`` directly in it,
sorted by name).  A ``*.pdf`` file goes to the PDF front end (``banmian.pdf.front``): its
json output is one ``banmian.issue/1`` document, the other formats render every page.  Outputs:

- with ``-o OUTDIR``: one file per input, ``OUTDIR/<input stem><.json|.jsonl|.md|.txt>``;
  OUTDIR is created if needed; stdin is named ``stdin``.
- without ``-o`` and a single file or ``-``: the rendering of that page on stdout.
- without ``-o`` and several inputs (more than one PATH, or any directory): every page on
  stdout, in input order — ``json`` as JSON Lines of page documents (one compact
  ``banmian.page/1`` document per line), ``jsonl`` as the article lines of all pages (each
  carries its ``source``), ``md`` / ``txt`` with a ``==> NAME <==`` line before each page.

Errors: an input banmian cannot use (missing, unreadable, undecodable, empty) or an output
it cannot write is reported as one line ``banmian: error: …`` on stderr; a batch goes on
with the other inputs and reports all failures at the end.  Exit status: 0 when every input
was written, 2 when any input (or the command line) was unusable, 1 when banmian itself
failed on an input (a bug: please report it; ``BANMIAN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from banmian import __version__
from banmian.archive.cli import add_subcommands
from banmian.decode import decode_bytes, read_page
from banmian.errors import InputError
from banmian.export import FORMATS, render
from banmian.pdf.front import render_pdf
from banmian.pipeline import parse_page

__all__ = ["EXIT_BUG", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_SIGPIPE = 141  # 128 + SIGPIPE, what a shell reports for a process killed by it

STDIN = "-"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line: ``banmian: error: …``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"banmian: error: {message}; see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``banmian`` argument parser (``parse``, ``ingest``, ``search``, ``--version``)."""
    parser = _Parser(
        prog="banmian",
        description="Turn text dumps of Chinese newspaper pages into structured articles.",
    )
    parser.add_argument("--version", action="version", version=f"banmian {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser(
        "parse",
        help="parse page dumps into articles",
        description=(
            "Parse page dumps into articles. One input without -o is written to stdout; "
            "several inputs without -o are all written to stdout (json as one page "
            "document per line); with -o each input gets its own file in OUTDIR."
        ),
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a page dump (UTF-8, UTF-16 with BOM, or GB18030), a PDF (*.pdf: every page), '-' for stdin, "
        "or a directory (every *.txt in it, sorted)",
    )
    p.add_argument(
        "-o",
        "--output-dir",
        metavar="OUTDIR",
        help="write one file per input to OUTDIR (created if missing), named after the "
        "input with the format's extension: page.txt -> OUTDIR/page.json",
    )
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="json",
        help="output format (default: json): json = the banmian.page/1 document, "
        "jsonl = one article per line, md = Markdown, txt = plain text",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="include the parser's decisions (the trail) in json/jsonl output",
    )
    add_subcommands(sub)
    return parser


@dataclass(frozen=True, slots=True)
class _Input:
    """One page to parse: a file path, or stdin when ``path`` is ``None``."""

    name: str
    path: Path | None

    @property
    def stem(self) -> str:
        return "stdin" if self.path is None else self.path.stem

    @property
    def source(self) -> str | None:
        return None if self.path is None else self.path.name


def _expand(paths: Sequence[str], failures: list[str]) -> list[_Input]:
    """Turn PATH arguments into inputs; an empty directory is a failure, not an input."""
    inputs: list[_Input] = []
    for arg in paths:
        if arg == STDIN:
            inputs.append(_Input("<stdin>", None))
            continue
        p = Path(arg)
        if p.is_dir():
            found = sorted((f for f in p.glob("*.txt") if f.is_file()), key=lambda f: f.name)
            if not found:
                failures.append(
                    f"{arg}: no *.txt files in this directory; give page files or another directory"
                )
            inputs += [_Input(str(f), f) for f in found]
        else:
            inputs.append(_Input(arg, p))
    return inputs


def _read(inp: _Input) -> str:
    """Return the decoded text of one input (``InputError`` when unusable)."""
    if inp.path is not None:
        return read_page(inp.path)
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("<stdin>: not available; give a file path instead of '-'", name="<stdin>")
    return decode_bytes(stream.read(), name="<stdin>")


def _write_stdout(text: str) -> None:
    """Write ``text`` to stdout as UTF-8 whatever the locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _write_file(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` as UTF-8 with LF line ends, replacing it atomically."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _make_outdir(arg: str) -> Path:
    """Create OUTDIR (and parents) or raise ``InputError`` saying why it cannot be used."""
    out = Path(arg)
    if out.exists() and not out.is_dir():
        raise InputError(f"{arg}: exists and is not a directory; give a directory for -o")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(
            f"{arg}: cannot create output directory ({e.strerror or e}); choose another -o"
        ) from None
    if not os.access(out, os.W_OK):
        raise InputError(f"{arg}: output directory is not writable; choose another -o")
    return out


def _cmd_parse(args: argparse.Namespace) -> int:
    """Run ``banmian parse``; returns the exit status (see the module docstring)."""
    fmt: str = args.format
    if args.explain and fmt not in ("json", "jsonl"):
        return _fail([f"--explain needs --format json or jsonl (not {fmt})"])
    failures: list[str] = []
    bugs = 0
    outdir: Path | None = None
    if args.output_dir is not None:
        try:
            outdir = _make_outdir(args.output_dir)
        except InputError as e:
            return _fail([str(e)])
    inputs = _expand(args.paths, failures)
    several = len(args.paths) > 1 or any(a != STDIN and Path(a).is_dir() for a in args.paths)
    written: dict[str, str] = {}
    for inp in inputs:
        pdf = inp.path is not None and inp.path.suffix.lower() == ".pdf"  # the PDF front end
        try:
            text = "" if pdf else _read(inp)
        except InputError as e:
            failures.append(str(e))
            continue
        try:
            if pdf:
                out = render_pdf(inp.path, fmt, trail=args.explain, compact=outdir is None and several)
            else:
                page = parse_page(text, source=inp.source, explain=args.explain)
                out = render(page, fmt, trail=args.explain, compact=outdir is None and several)
        except InputError as e:  # a PDF that cannot be read, or without a text layer
            failures.append(str(e))
            continue
        except Exception as e:  # a bug in banmian, not the user's fault: report and go on
            if os.environ.get("BANMIAN_DEBUG"):
                raise
            bugs += 1
            failures.append(
                f"{inp.name}: internal error ({type(e).__name__}: {e}); please report this bug "
                "with the input (BANMIAN_DEBUG=1 shows the traceback)"
            )
            continue
        if outdir is None:
            if several and fmt in ("md", "txt"):
                out = f"==> {inp.name} <==\n\n{out}\n"
            _write_stdout(out)
            continue
        target = outdir / (inp.stem + FORMATS[fmt])
        if target.name in written:
            failures.append(
                f"{inp.name}: would overwrite {target} written for {written[target.name]}; "
                "rename one of them or parse them into different -o directories"
            )
            continue
        try:
            _write_file(target, out)
        except OSError as e:
            failures.append(f"{target}: cannot write ({e.strerror or e}); check the -o directory")
            continue
        written[target.name] = inp.name
    if failures:
        _fail(failures)
        return EXIT_USAGE if len(failures) > bugs else EXIT_BUG
    return EXIT_OK


def _fail(messages: Sequence[str]) -> int:
    """Print each message as one ``banmian: error:`` line on stderr; return ``EXIT_USAGE``."""
    for m in messages:
        one_line = " ".join(m.splitlines())
        print(f"banmian: error: {one_line}", file=sys.stderr)
    sys.stderr.flush()
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Never raises for user errors and never calls ``sys.exit`` itself: ``--help`` and
    ``--version`` return 0, usage errors 2 (argparse's exits are caught here).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else EXIT_USAGE if e.code else EXIT_OK
    if args.command is None:
        return _fail(["missing command; try 'banmian parse --help'"])
    try:
        return getattr(args, "handler", _cmd_parse)(args)
    except BrokenPipeError:
        # The reader went away (e.g. `banmian parse x | head`): stop quietly, as if killed
        # by SIGPIPE, and keep the interpreter's final flush of stdout from failing again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
