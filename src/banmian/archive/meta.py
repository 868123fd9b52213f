"""Which paper, date and page a page dump is: from its furniture, its path, or the options.

Each field is decided on its own, in this order (the first that gives a value wins):

1. the page's furniture — the running-head lines the parser put in ``page.furniture``, plus
   the lines it left unassigned and the first three non-blank lines of the text (a bare
   page number such as ``05`` at the top is sometimes read as a headline):
   - date: ``2023年1月17日`` (spaces allowed, as in letter-spaced heads);
   - page: ``第2版``, ``第 1 3 版``, ``第十二版`` (not in a jump marker ``（上接第2版）``), ``- 6 -``,
     or a short line starting with the number (``02 要闻``, ``11``, ``A02 要闻``; from the
     first lines only a bare number);
   - paper: a furniture line (not one of the first lines) that is only a paper's name
     ending in ``报`` (``青洼日报``);
2. the path (see ``from_path``; for a PDF also ``from_issue_path``);
3. the ``--paper`` / ``--date`` / ``--page`` options;
4. for a page of a PDF of several pages, the page number is its PDF page number instead of
   the path's and the option's (which would give every page the same number).

``PageMeta.origin`` records where each value came from (stored as ``pages.meta_from``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from banmian.credits import jump_from, jump_to
from banmian.lines import PAGE_DASHED
from banmian.model import Page

__all__ = ["PageMeta", "from_furniture", "from_issue_path", "from_path", "parse_date", "resolve"]

_CN = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_PAGE_NTH = re.compile(r"第([0-9]{1,3}|[一二三四五六七八九十]{1,3})版")
_PAGE_LEAD = re.compile(r"^[A-Za-z]?(\d{1,3})(?:\s+\S{1,12})?$")
_PAGE_DASHED = re.compile(rf"^{PAGE_DASHED}$")  # `- 6 -`
_PAPER = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:日报|晚报|早报|时报|商报|青年报|报)$")
_ISO = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


@dataclass(frozen=True)
class PageMeta:
    """Paper name, ISO date and page number (each possibly ``None``) and their origins."""

    paper: str | None = None
    date: str | None = None
    page: int | None = None
    origin: dict[str, str] = field(default_factory=dict)


def parse_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date written ``YYYY-MM-DD`` or ``YYYYMMDD``, else ``None``."""
    m = _ISO.fullmatch(text.strip())
    if not m:
        return None
    return _iso(m.group(1), m.group(2), m.group(3))


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _cn_number(s: str) -> int | None:
    """1..999 written in digits or Chinese numerals up to 九十九 (``十二``, ``二十``)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN.get(tens, -1) if tens else 1
        o = _CN.get(ones, -1) if ones else 0
        return t * 10 + o if t > 0 and o >= 0 else None
    return _CN.get(s) if len(s) == 1 else None


def from_furniture(
    lines: Iterable[str], *, strict: bool = False
) -> tuple[str | None, str | None, int | None]:
    """``(paper, date, page)`` read from furniture-like lines (see the module docstring).

    ``strict=True`` (for lines that may be headlines or text) reads only dates, ``第N版``
    and lines that are nothing but a page number.
    """
    paper = date = None
    page = None
    for raw in lines:
        # a jump marker (`（上接第2版）`) names another page
        line = jump_to(jump_from(raw.strip())[1])[1].strip()
        tight = re.sub(r"\s+", "", line)
        if re.fullmatch(r"(?:\S )+\S", line):  # letter-spaced: 1 0 / 0 2 要 闻
            line = re.sub(r"^([A-Za-z]?\d+)(\D*)$", r"\1 \2", tight).strip()
        if not tight or len(tight) > 40:
            continue
        if date is None and (m := _DATE_CN.search(tight)):
            date = _iso(*m.groups())
        if page is None:
            if m := _PAGE_NTH.search(tight):
                n = _cn_number(m.group(1))
                page = n if n else None
            else:
                lead = _PAGE_LEAD.match(line) if not strict or line.isdigit() else None
                if (m := _PAGE_DASHED.match(tight) or lead) and int(m.group(1)) > 0:
                    page = int(m.group(1))
        if paper is None and not strict and _PAPER.match(tight) and "版" not in tight:
            paper = tight
    return paper, date, page


def from_path(path: Path) -> tuple[str | None, str | None, int | None]:
    """``(paper, date, page)`` read from a file path.

    Understood: ``PAPER/YYYY-MM-DD/NN.txt`` (also ``YYYYMMDD`` folders and ``pNN``,
    ``page NN``, ``第NN版`` file names), and file names ``PAPER_YYYYMMDD_pNN.txt`` /
    ``PAPER-YYYY-MM-DD-NN.txt`` (any of ``_ - .`` as separators, ``p`` optional, paper
    optional).  A date must be a real calendar date.
    """
    stem = path.stem
    m = re.fullmatch(
        r"(?:(?P<paper>.*?)[_\-. ]+)?(?P<date>\d{4}-?\d{2}-?\d{2})[_\-. ]+"
        r"(?:p|page|第)?[_\-. ]?(?P<page>\d{1,3})版?",
        stem,
        flags=re.IGNORECASE,
    )
    if m and (date := parse_date(m.group("date"))):
        page = int(m.group("page"))
        return (m.group("paper") or None), date, page or None
    m = re.fullmatch(r"(?:p|page|第)?[_\-. ]?(\d{1,3})版?", stem, flags=re.IGNORECASE)
    parts = path.parts
    if m and len(parts) >= 2 and (date := parse_date(parts[-2])):
        paper = parts[-3] if len(parts) >= 3 and parts[-3] not in ("/", "..", ".") else None
        return paper, date, int(m.group(1)) or None
    return None, None, None


def from_issue_path(path: Path) -> tuple[str | None, str | None]:
    """``(paper, date)`` from the path of a whole issue (a PDF of several pages):
    ``PAPER_YYYYMMDD.pdf`` / ``PAPER-YYYY-MM-DD.pdf`` (``_ - .`` as separators, paper
    optional), or ``PAPER/YYYY-MM-DD.pdf``, ``PAPER/YYYYMMDD/NAME.pdf``."""
    m = re.fullmatch(r"(?:(?P<paper>.*?)[_\-. ]+)?(?P<date>\d{4}-?\d{2}-?\d{2})", path.stem)
    if m and (date := parse_date(m.group("date"))):
        paper = m.group("paper") or (path.parts[-2] if len(path.parts) >= 2 else None)
        return (paper if paper not in ("/", "..", ".", "") else None), date
    parts = path.parts
    if len(parts) >= 2 and (date := parse_date(parts[-2])):
        paper = parts[-3] if len(parts) >= 3 and parts[-3] not in ("/", "..", ".") else None
        return paper, date
    return None, None


def _pdf_path(path: Path, pdf: tuple[int, int]) -> tuple[str | None, str | None, int | None]:
    """What the path of a PDF says: a page file's pattern first, then an issue's."""
    paper, date, page = from_path(path)
    if date is None:
        paper, date = from_issue_path(path)
    return paper, date, page if pdf[1] == 1 else None


def resolve(
    page: Page,
    text: str,
    path: Path | None,
    *,
    paper: str | None = None,
    date: str | None = None,
    page_number: int | None = None,
    pdf: tuple[int, int] | None = None,
) -> PageMeta:
    """Decide paper, date and page for one page: furniture, then path, then the options.

    ``pdf``: (PDF page number, pages in the PDF) for a page read from a PDF.
    """
    head = [ln for ln in text.splitlines() if ln.strip()][:3]
    found = from_furniture([s.text for s in page.furniture] + [s.text for s in page.unassigned])
    if None in found:
        extra = from_furniture(head, strict=True)
        found = (found[0], found[1] or extra[1], found[2] or extra[2])
    if path is None:
        from_p: tuple[str | None, str | None, int | None] = (None, None, None)
    else:
        from_p = from_path(path) if pdf is None else _pdf_path(path, pdf)
    if pdf is not None and pdf[1] > 1:
        page_number = None
    values: list[str | int | None] = []
    origin: dict[str, str] = {}
    for name, f, p, o in zip(
        ("paper", "date", "page"), found, from_p, (paper, date, page_number), strict=True
    ):
        last = ("pdf", pdf[0]) if name == "page" and pdf is not None and pdf[1] > 1 else ("pdf", None)
        for where, v in (("furniture", f), ("path", p), ("option", o), last):
            if v is not None:
                values.append(v)
                origin[name] = where
                break
        else:
            values.append(None)
    pa, da, pn = values
    return PageMeta(
        paper=pa if isinstance(pa, str) else None,
        date=da if isinstance(da, str) else None,
        page=pn if isinstance(pn, int) else None,
        origin=origin,
    )
