"""The JSON API of ``banmian serve`` (documented by FastAPI at ``/docs``, schema at ``/openapi.json``).

- ``GET /api/search``: ranked hits (``q``, filters, ``limit``, ``offset``) — each the stored
  article in the page schema's form plus ``source``, ``score``, ``snippet`` (matches in
  ``[…]``), ``snippet_html`` (escaped, matches in ``<mark>``), ``paper``, ``date``,
  ``page``, ``article_index``, ``id``;
- ``GET /api/articles/{id}``: one article, with ``continuations`` (its linked neighbour
  parts) and ``joined`` (the whole continued article);
- ``GET /api/pages/{id}``: one page — text lines, furniture, unassigned lines, articles;
- ``GET /api/papers``: the papers with their issue counts;
- ``GET /api/export``: every hit of a query as JSON Lines or CSV (a download).

A query or field banmian cannot use is a 400 with ``{"detail": "one line"}``; an unknown id
is a 404.  The query reaches SQLite only through ``banmian.archive.search``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from banmian.archive.query import QueryError
from banmian.web import data
from banmian.web.results import BadRequest, SearchForm, export_ids, export_rows, hit_dict, run

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


@contextlib.contextmanager
def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the served archive, closed afterwards."""
    conn = request.app.state.archive.open()
    try:
        yield conn
    finally:
        conn.close()


class SearchResult(BaseModel):
    """One page of search hits."""

    query: str
    offset: int
    limit: int
    has_more: bool
    hits: list[dict[str, Any]]


Text = Annotated[str | None, Query(max_length=500)]


def _form(
    q: str | None,
    paper: str | None,
    date_from: str | None,
    date_to: str | None,
    page: int | None,
    author: str | None,
    kind: str | None,
) -> SearchForm:
    try:
        return SearchForm.from_fields(q, paper, date_from, date_to, page, author, kind)
    except BadRequest as e:
        raise HTTPException(400, str(e)) from None


@router.get("/search", response_model=SearchResult, summary="Search the articles")
def api_search(
    request: Request,
    q: Annotated[
        str, Query(description='query: Chinese substrings, words, "phrases", AND/OR/NOT, -term, ( )')
    ],
    paper: Text = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD, inclusive")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD, inclusive")] = None,
    page: Annotated[int | None, Query(ge=1, description="only this page number")] = None,
    author: Text = None,
    kind: Annotated[Literal["news", "photo", "commentary", "brief"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> SearchResult:
    """Ranked hits (best first), ``limit`` from ``offset``; ``has_more`` says whether more follow."""
    form = _form(q, paper, date_from, date_to, page, author, kind)
    with connection(request) as conn:
        try:
            hits, more = run(conn, form, limit=limit, offset=offset)
        except QueryError as e:
            raise HTTPException(400, str(e)) from None
    return SearchResult(
        query=form.q, offset=offset, limit=limit, has_more=more, hits=[hit_dict(h) for h in hits]
    )


@router.get("/articles/{article_id}", summary="One article")
def api_article(request: Request, article_id: int) -> dict[str, Any]:
    """The article in the page schema's form plus ``id``, where it is, ``continuations`` and ``joined``."""
    with connection(request) as conn:
        doc = data.article(conn, article_id)
    if doc is None:
        raise HTTPException(404, f"no article {article_id}")
    return doc


@router.get("/pages/{page_id}", summary="One page with its articles")
def api_page(request: Request, page_id: int) -> dict[str, Any]:
    """The page's text lines, furniture, unassigned lines, articles, and which line went where."""
    with connection(request) as conn:
        doc = data.page(conn, page_id)
    if doc is None:
        raise HTTPException(404, f"no page {page_id}")
    return doc


@router.get("/papers", summary="The papers in the archive")
def api_papers(request: Request) -> list[dict[str, Any]]:
    """Each paper (``id`` 0: pages of no known paper) with its issue and page counts and dates."""
    with connection(request) as conn:
        return data.papers(conn)


@router.get(
    "/export",
    summary="Export every hit of a query as JSON Lines or CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}}}},
)
def api_export(
    request: Request,
    q: str,
    format: Literal["jsonl", "csv"] = "jsonl",
    paper: Text = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    page: Annotated[int | None, Query(ge=1)] = None,
    author: Text = None,
    kind: Annotated[Literal["news", "photo", "commentary", "brief"] | None, Query()] = None,
    limit: Annotated[int | None, Query(ge=1, description="at most this many (default: all)")] = None,
) -> StreamingResponse:
    """All hits, best first: JSON Lines (one article a line) or CSV (UTF-8 with a header row)."""
    form = _form(q, paper, date_from, date_to, page, author, kind)
    conn = request.app.state.archive.open()
    try:
        ids = export_ids(conn, form, limit=limit)
    except QueryError as e:
        conn.close()
        raise HTTPException(400, str(e)) from None
    except BaseException:
        conn.close()
        raise

    def chunks() -> Iterator[str]:
        try:
            yield from export_rows(conn, ids, format)
        finally:
            conn.close()

    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson; charset=utf-8"
    name = f"banmian-export.{format}"
    return StreamingResponse(
        chunks(), media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
