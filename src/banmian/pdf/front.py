"""The PDF front end: a PDF in, one ``Page`` per PDF page out, through the text pipeline.

``parse_pdf(path)`` reads the glyphs of every page (``extract``), lays them out into lines
in reading order with blank lines between blocks (``layout``), turns them into featured
``Line``s carrying their type size and box (``lines.make_line`` plus ``Line.size`` and
``Line.box``; the lines of the page's running head and foot are furniture by position) and
runs the same stages as the text path (``pipeline.parse_lines``): one pipeline, two front
ends.

``issue_dict(path, pages)`` is the ``banmian.issue/1`` document of a parsed PDF::

    {"schema": "banmian.issue/1", "source": "paper.pdf",
     "pages": [{...the banmian.page/1 document..., "pdf_page": 1, "boxes": {...}}, ...]}

``boxes`` maps each article's 0-based index (as a string, a JSON key) to the boxes of the
lines it was built from, ``[left, top, right, bottom]`` in PDF points from the page's
top-left corner, in the article's line order; ``page_size`` is ``[width, height]``.

Contracts: pages come back in PDF order, one ``Page`` per PDF page (a page without text
gives a ``Page`` without articles); ``InputError`` (one line, exit 2 in the CLI) for a file
that is not a usable PDF or that has no text layer at all (OCR is needed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from banmian.export import render
from banmian.lines import Line, make_line
from banmian.model import Page
from banmian.pdf.extract import PdfPageText, read_pdf
from banmian.pdf.layout import PLine, layout_page
from banmian.pipeline import parse_lines

__all__ = [
    "ISSUE_SCHEMA",
    "PdfPage",
    "featured_lines",
    "issue_dict",
    "page_lines",
    "parse_pdf",
    "parse_pdf_pages",
    "render_pdf",
]

ISSUE_SCHEMA = "banmian.issue/1"


@dataclass(frozen=True, slots=True)
class PdfPage:
    """One parsed PDF page: the ``Page``, its 1-based PDF page number, size and line boxes.

    ``boxes[n]`` is the box of input line ``n`` (1-based, as in ``Article.lines``).
    """

    page: Page
    number: int
    width: float
    height: float
    boxes: dict[int, tuple[float, float, float, float]]

    def article_boxes(self) -> dict[str, list[list[float]]]:
        """Article index (as a string) → the boxes of its lines, in line order."""
        return {
            str(i): [list(self.boxes[n]) for n in a.lines if n in self.boxes]
            for i, a in enumerate(self.page.articles)
        }

    def to_dict(self, *, trail: bool = False) -> dict[str, Any]:
        """The page document plus ``pdf_page``, ``page_size`` and ``boxes``."""
        d = self.page.to_dict(trail=trail)
        d["pdf_page"] = self.number
        d["page_size"] = [round(self.width, 1), round(self.height, 1)]
        d["boxes"] = self.article_boxes()
        return d


_SIZE = Line._fields.index("size")
_BOX = Line._fields.index("box")
_FURNITURE = Line._fields.index("furniture")
BAND_REASON = "running head or foot (page position)"


def _band_furniture(ln: Line) -> bool:
    """A line of the page's running head or foot that the text rules should take as
    furniture: not running text, a byline, a credit or a jump marker."""
    return not (
        ln.furniture or ln.byline or ln.credit or ln.jump_from or ln.jump_to or ln.terminal or ln.inner_stop
    )


def page_lines(plines: list[PLine | None]) -> tuple[list[Line], dict[int, tuple[float, float, float, float]]]:
    """Featured, numbered ``Line``s (blank ones between blocks) and each text line's box.

    A line carries its type size and box (``Line.size``, ``Line.box``), set without
    ``_replace`` (a third of the cost of featuring the line).  A line of the page's running
    head or foot (``PLine.band``) is furniture by its position (``BAND_REASON``) unless it
    reads as running text, a byline, a credit or a jump marker.
    """
    lines: list[Line] = []
    boxes: dict[int, tuple[float, float, float, float]] = {}
    new, at = tuple.__new__, _SIZE
    for k, p in enumerate(plines, 1):
        if p is None:
            lines.append(make_line(k, ""))
            continue
        ln = make_line(k, p.raw)
        box = (p.left, p.top, p.right, p.bottom)
        fields = [*ln[:at], p.size, *ln[at + 1 :]]
        fields[_BOX] = box
        if p.band and _band_furniture(ln):
            fields[_FURNITURE] = BAND_REASON
        lines.append(new(Line, fields))
        boxes[k] = box
    return lines, boxes


def featured_lines(pt: PdfPageText) -> tuple[list[Line], dict[int, tuple[float, float, float, float]]]:
    """The featured lines of one extracted page and their boxes: what ``parse_lines`` reads
    (layout with the page's pictures, then ``page_lines``)."""
    return page_lines(layout_page(pt.chars, pt.figures))


def _parse_one(pt: PdfPageText, source: str | None, explain: bool) -> PdfPage:
    lines, boxes = featured_lines(pt)
    page = parse_lines(lines, source, explain=explain)
    return PdfPage(page, pt.number, pt.width, pt.height, boxes)


def parse_pdf_pages(path: str | Path, *, explain: bool = False) -> list[PdfPage]:
    """Parse every page of the PDF at ``path`` (``InputError`` as in the module doc)."""
    source = Path(path).name
    return [_parse_one(pt, source, explain) for pt in read_pdf(path)]


def parse_pdf(path: str | Path, *, explain: bool = False) -> list[Page]:
    """One ``Page`` per page of the PDF at ``path``, in PDF order."""
    return [p.page for p in parse_pdf_pages(path, explain=explain)]


def issue_dict(source: str | None, pages: list[PdfPage], *, trail: bool = False) -> dict[str, Any]:
    """The ``banmian.issue/1`` document of the parsed pages of one PDF."""
    return {"schema": ISSUE_SCHEMA, "source": source, "pages": [p.to_dict(trail=trail) for p in pages]}


def render_pdf(path: str | Path, fmt: str, *, trail: bool = False, compact: bool = False) -> str:
    """Parse the PDF at ``path`` and render it in the CLI format ``fmt`` (one string).

    ``json``: the ``banmian.issue/1`` document (indented by 1, or on one line when
    ``compact``); ``jsonl``: the article lines of every page in order, each with its
    ``pdf_page``; ``md`` / ``txt``: every page rendered in order, each after a line
    ``==> NAME#page=N <==``.  Raises ``InputError`` like ``parse_pdf``.
    """
    pages = parse_pdf_pages(path, explain=trail)
    source = Path(path).name
    if fmt == "json":
        doc = issue_dict(source, pages, trail=trail)
        return (
            json.dumps(
                doc,
                ensure_ascii=False,
                indent=None if compact else 1,
                separators=(",", ":") if compact else (",", ": "),
            )
            + "\n"
        )
    out: list[str] = []
    for p in pages:
        text = render(p.page, fmt, trail=trail)
        if fmt == "jsonl":
            for line in text.splitlines():
                d = json.loads(line)
                d = {"schema": d.pop("schema"), "source": d.pop("source"), "pdf_page": p.number, **d}
                out.append(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            out.append(f"==> {source}#page={p.number} <==\n\n{text}")
            if p is not pages[-1]:
                out.append("\n")
    return "".join(out)


def text_of(plines: list[PLine | None]) -> str:
    """The laid-out page as a text dump (what the text path would read), for debugging."""
    return "\n".join("" if p is None else p.raw for p in plines)
