"""Read-only access to the archive for the web interface: connections, pages, articles, browsing.

``Archive(path)`` checks once that ``path`` is a banmian archive (``InputError`` otherwise) and
then hands out read-only connections (``mode=ro`` URI plus ``PRAGMA query_only``), one per
request.  The functions below turn rows into plain dicts that the templates and the JSON API
share: ``article(conn, id)``, ``page(conn, id)``, ``papers``, ``issues``, ``issue``.

Continued articles: ingest links the parts (``banmian.archive.links``); ``continuations``
gives the linked part before and after an article, and ``article`` carries the joined
article (all parts, the split paragraph rejoined).  A part whose other part is not in the
archive gets no link, and the page number alone is shown.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from banmian.archive.db import connect
from banmian.archive.joined import group, joined_article
from banmian.archive.search import article_dicts

__all__ = ["Archive", "article", "continuations", "issue", "issues", "page", "papers"]


class Archive:
    """A banmian archive file opened read-only, one connection per call of ``open``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        connect(self.path, readonly=True).close()  # InputError for a missing or foreign file
        self.uri = self.path.resolve().as_uri() + "?mode=ro"

    def open(self) -> sqlite3.Connection:
        """A new read-only connection; usable from any thread (each request owns its own)."""
        conn = sqlite3.connect(self.uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA query_only = ON")
        return conn


_WHERE = """
SELECT p.id, p.page_number, p.source, p.issue_id, i.date, i.paper_id, pp.name
FROM pages p JOIN issues i ON i.id = p.issue_id LEFT JOIN papers pp ON pp.id = i.paper_id
WHERE p.id = ?
"""


def _page_head(conn: sqlite3.Connection, page_id: int) -> dict[str, Any] | None:
    row = conn.execute(_WHERE, (page_id,)).fetchone()
    if row is None:
        return None
    pid, number, source, issue_id, date, paper_id, paper = row
    return {
        "id": pid,
        "page_number": number,
        "source": source,
        "issue_id": issue_id,
        "date": date,
        "paper_id": paper_id,
        "paper": paper,
    }


def _headline(article: dict[str, Any]) -> str:
    return " / ".join(article.get("headline") or []) or ""


def continuations(conn: sqlite3.Connection, article_id: int) -> dict[str, list[dict[str, Any]]]:
    """The parts linked before and after this one (``links`` table, made at ingest).

    ``{"from": [...], "to": [...]}``: each item ``{"id", "page_id", "page_number",
    "headline"}`` — the part this one continues (``from``) and the part continuing it
    (``to``).  An empty list when the other part is not in the archive.
    """
    out: dict[str, list[dict[str, Any]]] = {"from": [], "to": []}
    chain = group(conn, article_id)
    if article_id not in chain:
        return out
    k = chain.index(article_id)
    for key, other in (
        ("from", chain[k - 1] if k else None),
        ("to", chain[k + 1] if k + 1 < len(chain) else None),
    ):
        if other is None:
            continue
        row = conn.execute(
            "SELECT a.page_id, p.page_number, a.headline_text FROM articles a JOIN pages p ON p.id = a.page_id"
            " WHERE a.id = ?",
            (other,),
        ).fetchone()
        pg, n, h = row
        out[key] = [{"id": other, "page_id": pg, "page_number": n, "headline": h.replace("\n", " / ")}]
    return out


def article(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The stored article in the page schema's form, plus ``id``, ``where``, ``continuations``
    and ``joined`` (the whole continued article, ``banmian.archive.joined.joined_article``)."""
    docs = article_dicts(conn, [article_id])
    if article_id not in docs:
        return None
    doc, where = docs[article_id]
    page_id, index = conn.execute(
        "SELECT page_id, article_index FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    head = _page_head(conn, page_id) or {}
    return {
        "id": article_id,
        **doc,
        "page_id": page_id,
        "issue_id": head.get("issue_id"),
        "paper_id": head.get("paper_id"),
        "paper": where["paper"],
        "date": where["date"],
        "page": where["page"],
        "article_index": index,
        "source": where["source"],
        "continuations": continuations(conn, article_id),
        "joined": joined_article(conn, article_id),
    }


def page(conn: sqlite3.Connection, page_id: int) -> dict[str, Any] | None:
    """A stored page: where it is, its text lines, furniture, unassigned lines and articles.

    ``line_articles`` maps each 1-based line number (as a string key in JSON) to the
    ``article_index`` of the article built from it; ``articles`` are in reading order.
    """
    head = _page_head(conn, page_id)
    if head is None:
        return None
    text, furniture, unassigned = conn.execute(
        "SELECT text, furniture, unassigned FROM pages WHERE id = ?", (page_id,)
    ).fetchone()
    ids = [
        r[0]
        for r in conn.execute("SELECT id FROM articles WHERE page_id = ? ORDER BY article_index", (page_id,))
    ]
    docs = article_dicts(conn, ids)
    articles = []
    line_articles: dict[int, int] = {}
    for aid in ids:
        doc, where = docs[aid]
        articles.append({"id": aid, "article_index": where["article_index"], **doc})
        for n in doc["lines"]:
            line_articles.setdefault(int(n), where["article_index"])
    return {
        **head,
        "lines": text.split("\n"),
        "furniture": json.loads(furniture),
        "unassigned": json.loads(unassigned),
        "articles": articles,
        "line_articles": line_articles,
    }


def papers(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every paper (``id`` 0 and ``name`` None for pages of no known paper) with its issue count and dates."""
    rows = conn.execute(
        "SELECT coalesce(i.paper_id, 0), pp.name, count(DISTINCT i.id), min(i.date), max(i.date), count(p.id)"
        " FROM issues i LEFT JOIN papers pp ON pp.id = i.paper_id JOIN pages p ON p.issue_id = i.id"
        " GROUP BY coalesce(i.paper_id, 0) ORDER BY pp.name IS NULL, pp.name"
    ).fetchall()
    return [
        {"id": pid, "name": name, "issues": n, "first": first, "last": last, "pages": np}
        for pid, name, n, first, last, np in rows
    ]


def issues(conn: sqlite3.Connection, paper_id: int) -> tuple[str | None, list[dict[str, Any]]] | None:
    """The paper's name and its issues, newest first (``paper_id`` 0: the issues of no known paper)."""
    name = None
    if paper_id:
        row = conn.execute("SELECT name FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            return None
        name = row[0]
    rows = conn.execute(
        "SELECT i.id, i.date, count(p.id), sum(p.n_articles) FROM issues i JOIN pages p ON p.issue_id = i.id"
        " WHERE i.paper_id IS ? GROUP BY i.id ORDER BY i.date IS NULL, i.date DESC, i.id",
        (paper_id or None,),
    ).fetchall()
    return name, [{"id": i, "date": d, "pages": n, "articles": a or 0} for i, d, n, a in rows]


def issue(conn: sqlite3.Connection, issue_id: int) -> dict[str, Any] | None:
    """An issue with its pages (in page order) and each page's article headlines."""
    row = conn.execute(
        "SELECT i.id, i.date, coalesce(i.paper_id, 0), pp.name FROM issues i"
        " LEFT JOIN papers pp ON pp.id = i.paper_id WHERE i.id = ?",
        (issue_id,),
    ).fetchone()
    if row is None:
        return None
    pages: list[dict[str, Any]] = []
    by_id: dict[int, dict[str, Any]] = {}
    for pid, number, source, n in conn.execute(
        "SELECT id, page_number, source, n_articles FROM pages WHERE issue_id = ?"
        " ORDER BY page_number IS NULL, page_number, source",
        (issue_id,),
    ):
        by_id[pid] = {"id": pid, "page_number": number, "source": source, "n_articles": n, "articles": []}
        pages.append(by_id[pid])
    for aid, pid, kind, head in conn.execute(
        "SELECT a.id, a.page_id, a.kind, a.headline_text FROM articles a JOIN pages p ON p.id = a.page_id"
        " WHERE p.issue_id = ? ORDER BY a.page_id, a.article_index",
        (issue_id,),
    ):
        by_id[pid]["articles"].append({"id": aid, "kind": kind, "headline": head.replace("\n", " / ")})
    return {"id": row[0], "date": row[1], "paper_id": row[2], "paper": row[3], "pages": pages}
