"""Search for the web: filters from form fields, hits with safe HTML snippets, result-set export.

The HTML pages and the JSON API both go through ``SearchForm.from_fields`` (every field a
string as typed; ``BadRequest`` with a one-line message for a bad date, page or kind) and
``run`` (the query goes to ``banmian.archive.search``, which compiles it to a quoted FTS5
expression; ``QueryError`` for a query it cannot run).  Snippets are made with sentinel marks
that cannot occur in stored text (pages with NUL are refused at ingest), then escaped, so
``snippet_html`` is markup-safe with only ``<mark>`` added.  ``export_rows`` streams every
hit of a query as JSON Lines or CSV.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from markupsafe import Markup, escape

from banmian.archive.joined import joined_articles
from banmian.archive.meta import parse_date
from banmian.archive.query import QueryError, parse
from banmian.archive.search import Filters, Hit, article_dicts, matching_ids, search
from banmian.model import KINDS

__all__ = [
    "EXPORT_COLUMNS",
    "BadRequest",
    "SearchForm",
    "export_ids",
    "export_rows",
    "hit_dict",
    "marked",
    "run",
]

_OPEN, _CLOSE = "\x00[", "\x00]"
MAX_QUERY = 500


class BadRequest(ValueError):
    """A search form field banmian cannot use, with a one-line message."""


@dataclass(frozen=True)
class SearchForm:
    """The search fields as given (``q`` stripped; empty fields are ``None``)."""

    q: str = ""
    paper: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int | None = None
    author: str | None = None
    kind: str | None = None

    @classmethod
    def from_fields(
        cls,
        q: str | None = None,
        paper: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        page: str | int | None = None,
        author: str | None = None,
        kind: str | None = None,
    ) -> SearchForm:
        """Check and normalise the fields; ``BadRequest`` for a field that cannot be used."""

        def blank(s: str | None) -> str | None:
            return s.strip() or None if s is not None else None

        dates = []
        for label, value in (("from", blank(date_from)), ("to", blank(date_to))):
            iso = parse_date(value) if value else None
            if value and iso is None:
                raise BadRequest(f"{label} date {value!r} is not a date; use YYYY-MM-DD")
            dates.append(iso)
        if dates[0] and dates[1] and dates[0] > dates[1]:
            raise BadRequest(f"from date {dates[0]} is after to date {dates[1]}; swap them")
        number = None
        text = blank(str(page)) if page is not None else None
        if text:
            if not text.isascii() or not text.isdigit() or int(text) <= 0 or int(text) > 10**6:
                raise BadRequest(f"page {text!r} is not a page number; use 1, 2, …")
            number = int(text)
        kind = blank(kind)
        if kind and kind not in KINDS:
            raise BadRequest(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        query = (q or "").strip()
        if len(query) > MAX_QUERY:
            raise BadRequest(f"the query is longer than {MAX_QUERY} characters; shorten it")
        return cls(query, blank(paper), dates[0], dates[1], number, blank(author), kind)

    @property
    def filters(self) -> Filters:
        return Filters(self.paper, self.date_from, self.date_to, self.page, self.author, self.kind)

    def params(self, **extra: Any) -> dict[str, Any]:
        """The fields as URL parameters (``from`` / ``to`` for the dates), empty ones left out."""
        out = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        for old, new in (("date_from", "from"), ("date_to", "to")):
            if old in out:
                out[new] = out.pop(old)
        return {**out, **{k: v for k, v in extra.items() if v is not None}}


def marked(snippet: str) -> Markup:
    """A sentinel-marked snippet as HTML: the text escaped, the matches in ``<mark>``."""
    html = str(escape(snippet))
    return Markup(html.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>"))


def hit_dict(hit: Hit) -> dict[str, Any]:
    """A hit for the API: ``Hit.to_dict()`` with ``snippet`` in ``[…]`` marks and ``snippet_html``."""
    out = hit.to_dict()
    out["snippet"] = hit.snippet.replace(_OPEN, "[").replace(_CLOSE, "]")
    out["snippet_html"] = str(marked(hit.snippet))
    return out


def run(conn: sqlite3.Connection, form: SearchForm, *, limit: int, offset: int = 0) -> tuple[list[Hit], bool]:
    """``limit`` hits from ``offset`` and whether there are more; ``QueryError`` for a bad query."""
    if not form.q:
        raise QueryError("query: type something to search for")
    hits = search(conn, form.q, filters=form.filters, limit=limit + 1, offset=offset, mark=(_OPEN, _CLOSE))
    return hits[:limit], len(hits) > limit


EXPORT_COLUMNS = (
    "rank",
    "id",
    "paper",
    "date",
    "page",
    "article_index",
    "kind",
    "headline",
    "kicker",
    "title",
    "subtitle",
    "authors",
    "dateline",
    "continued_from",
    "continued_to",
    "source",
    "text",
)


def _flat(
    rank: int, aid: int, doc: dict[str, Any], where: dict[str, Any], joined: dict[str, Any] | None
) -> dict[str, Any]:
    dl = doc["dateline"] or {}
    return {
        "rank": rank,
        "id": aid,
        "paper": where["paper"],
        "date": where["date"],
        "page": where["page"],
        "article_index": where["article_index"],
        "kind": doc["kind"],
        "headline": " / ".join(doc["headline"] or []),
        "kicker": doc["kicker"],
        "title": doc["title"],
        "subtitle": doc["subtitle"],
        "authors": "、".join(a["name"] for a in doc["authors"]),
        "dateline": " ".join(x for x in (dl.get("source"), dl.get("place"), dl.get("date")) if x),
        "continued_from": doc["continued_from"],
        "continued_to": doc["continued_to"],
        "source": where["source"],
        "text": "\n".join((joined or doc)["paragraphs"]),
    }


def export_ids(conn: sqlite3.Connection, form: SearchForm, *, limit: int | None = None) -> list[int]:
    """The ids of every hit of the query, best first (at most ``limit``); ``QueryError`` for a bad query."""
    if not form.q:
        raise QueryError("query: type something to search for")
    ids = matching_ids(conn, parse(form.q), filters=form.filters)
    return ids[:limit] if limit else ids


def export_rows(conn: sqlite3.Connection, ids: list[int], fmt: str) -> Iterator[str]:
    """The articles ``ids`` (in that order) as JSON Lines (``fmt="jsonl"``) or CSV text chunks.

    JSON Lines: each line the article in the page schema's form plus ``rank``, ``id``,
    ``paper``, ``date``, ``page``, ``article_index``, ``source`` and ``joined`` (the joined
    article when it is continued across pages, else ``null``).  CSV: a header, then the flat
    ``EXPORT_COLUMNS`` (authors joined by ``、``, paragraphs by newlines; ``text`` is the
    joined article's for a continued one: what the query matched).
    """
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    if fmt == "csv":
        writer.writeheader()
    rank = 0
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        docs = article_dicts(conn, chunk)
        joined = joined_articles(conn, chunk, docs)
        for aid in chunk:
            rank += 1
            doc, where = docs[aid]
            whole = joined[aid] if len(joined[aid]["parts"]) > 1 else None
            if fmt == "csv":
                writer.writerow(_flat(rank, aid, doc, where, whole))
            else:
                line = {"rank": rank, "id": aid, **doc, **where, "joined": whole}
                buf.write(json.dumps(line, ensure_ascii=False) + "\n")
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.getvalue():
        yield buf.getvalue()
