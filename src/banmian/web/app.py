"""The web interface of ``banmian serve``: server-rendered pages (FastAPI + Jinja2) and the JSON API.

``create_app(db)`` opens the archive read-only (``InputError`` for a missing or foreign file)
and returns the FastAPI application.  Pages:

- ``/`` and ``/search``: the query box, filters (paper, date range, page, author, kind),
  ranked hits with highlighted snippets, paging (``p``);
- ``/article/{id}``: headline roles, authors, dateline, paragraphs, the other parts of a
  continued article, and the source page with this article's lines highlighted;
- ``/page/{id}``: every article of a page and the page's lines coloured by article;
- ``/browse``, ``/browse/paper/{id}``, ``/issue/{id}``: papers, their issues, an issue's pages;
- ``/api/…`` (``banmian.web.api``) and FastAPI's ``/docs``.

Every template is autoescaped; snippets are escaped before ``<mark>`` is added
(``results.marked``).  HTML responses carry a strict Content-Security-Policy (no scripts).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from banmian import __version__
from banmian.archive.query import QueryError
from banmian.model import KINDS
from banmian.web import api, data
from banmian.web.results import BadRequest, SearchForm, marked, run

__all__ = ["PER_PAGE", "create_app"]

PER_PAGE = 20
MAX_RESULT_PAGE = 500
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
ROLES = {
    "reporter": "记者",
    "correspondent": "通讯员",
    "photographer": "摄影",
    "author": "作者",
    "editor": "编辑",
}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("banmian.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["marked"] = marked
    env.filters["qs"] = urlencode
    env.globals.update(version=__version__, kinds=KINDS, roles=ROLES, per_page=PER_PAGE)
    return env


def _int(text: str | None, default: int, top: int) -> int:
    """A positive number from a URL field, ``default`` when missing or not one, at most ``top``."""
    if text and text.isascii() and text.isdigit():
        return max(1, min(int(text), top))
    return default


def create_app(db: str | Path) -> FastAPI:
    """The application serving the archive ``db`` (opened read-only)."""
    app = FastAPI(
        title="banmian archive",
        version=__version__,
        description="Search and read the articles of a banmian archive (read-only). "
        'Query syntax: Chinese substrings, words, "phrases", AND / OR / NOT, -term, parentheses.',
        redoc_url=None,
    )
    app.state.archive = data.Archive(db)
    env = _environment()

    def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**context), status_code=status)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.url.path.startswith(("/docs", "/openapi")):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.startswith("/openapi"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render("error.html", exc.status_code, title=f"{exc.status_code}", message=str(exc.detail))

    app.include_router(api.router)

    @app.get("/static/style.css", include_in_schema=False)
    def style() -> Response:
        css = resources.files("banmian.web").joinpath("static", "style.css").read_text(encoding="utf-8")
        return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    @app.get("/", include_in_schema=False)
    @app.get("/search", include_in_schema=False)
    def search_page(
        request: Request,
        q: str | None = None,
        paper: str | None = None,
        page: str | None = None,
        author: str | None = None,
        kind: str | None = None,
        p: str | None = None,
    ) -> HTMLResponse:
        args = request.query_params
        raw = {
            "q": q or "",
            "paper": paper or "",
            "from": args.get("from") or "",
            "to": args.get("to") or "",
            "page": page or "",
            "author": author or "",
            "kind": kind or "",
        }
        number = _int(p, 1, MAX_RESULT_PAGE)
        context: dict[str, Any] = {"raw": raw, "hits": [], "error": None, "more": False, "p": number}
        try:
            form = SearchForm.from_fields(q, paper, raw["from"], raw["to"], page, author, kind)
        except BadRequest as e:
            context.update(error=str(e), form=None)
            return render("search.html", 400, **context)
        context["form"] = form
        if form.q:
            with api.connection(request) as conn:
                try:
                    hits, more = run(conn, form, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
                except QueryError as e:
                    context["error"] = str(e)
                    return render("search.html", 400, **context)
                context.update(hits=hits, more=more and number < MAX_RESULT_PAGE)
        else:
            with api.connection(request) as conn:
                context["papers"] = data.papers(conn)
        return render("search.html", **context)

    @app.get("/article/{article_id}", include_in_schema=False)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        with api.connection(request) as conn:
            doc = data.article(conn, article_id)
            page = data.page(conn, doc["page_id"]) if doc else None
        if doc is None or page is None:
            raise StarletteHTTPException(404, f"no article {article_id} in this archive")
        own = {int(n) for n in doc["lines"]}
        return render("article.html", a=doc, page=page, own=own)

    @app.get("/page/{page_id}", include_in_schema=False)
    def page_page(request: Request, page_id: int) -> HTMLResponse:
        with api.connection(request) as conn:
            page = data.page(conn, page_id)
        if page is None:
            raise StarletteHTTPException(404, f"no page {page_id} in this archive")
        furniture = {int(f["line"]) for f in page["furniture"]}
        unassigned = {int(f["line"]) for f in page["unassigned"]}
        return render("page.html", page=page, furniture=furniture, unassigned=unassigned)

    @app.get("/browse", include_in_schema=False)
    def browse(request: Request) -> HTMLResponse:
        with api.connection(request) as conn:
            return render("browse.html", papers=data.papers(conn))

    @app.get("/browse/paper/{paper_id}", include_in_schema=False)
    def browse_paper(request: Request, paper_id: int) -> HTMLResponse:
        with api.connection(request) as conn:
            found = data.issues(conn, paper_id)
        if found is None:
            raise StarletteHTTPException(404, f"no paper {paper_id} in this archive")
        name, issues = found
        return render("paper.html", name=name, paper_id=paper_id, issues=issues)

    @app.get("/issue/{issue_id}", include_in_schema=False)
    def issue_page(request: Request, issue_id: int) -> HTMLResponse:
        with api.connection(request) as conn:
            found = data.issue(conn, issue_id)
        if found is None:
            raise StarletteHTTPException(404, f"no issue {issue_id} in this archive")
        return render("issue.html", issue=found)

    return app
