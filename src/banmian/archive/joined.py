"""The joined view of a continued article: all its linked parts, in order, as one article.

``group(conn, article_id)`` is the chain of parts an article belongs to (following the
``links`` table back to the first part and on to the last; an article that is not continued
is a group of one).  ``joined_article(conn, article_id)`` returns that group as one article:

- ``paragraphs``: the parts' paragraphs in order; at each jump, the last paragraph of the
  part before and the first paragraph of the part after are one paragraph again when the
  part before does not end a sentence (``links.ends_sentence``: no ``。！？…；`` after any
  closing quotes), otherwise they stay two;
- ``headline`` (and ``kicker``, ``title``, ``subtitle``): from the first part that has one;
  ``dateline``: the first part's that has one; ``kind``: the first part's;
- ``authors``: every part's credits in order, unique by name (the first role wins);
- ``parts``: ``[{"article_id", "page", "page_id", "source"}]`` in order;
- ``missing``: the page numbers a part points to (``continued_from`` of the first part,
  ``continued_to`` of the last) whose other part is not in the archive (the page is not,
  or holds no part pointing back).

Read-only archives of schema 1 have no ``links`` table: every article is then its own group.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from banmian.archive.links import ends_sentence

__all__ = ["group", "group_keys", "join_paragraphs", "joined_article", "joined_articles"]


def _has_links(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'links'").fetchone()
        is not None
    )


def group(conn: sqlite3.Connection, article_id: int) -> list[int]:
    """The ids of the parts of ``article_id``'s article in order (``[article_id]`` if not continued)."""
    if not _has_links(conn):
        return [article_id]
    first, seen = article_id, {article_id}
    while True:
        row = conn.execute("SELECT from_article FROM links WHERE to_article = ?", (first,)).fetchone()
        if row is None or row[0] in seen:
            break
        first = row[0]
        seen.add(first)
    chain, seen = [first], {first}
    while True:
        row = conn.execute("SELECT to_article FROM links WHERE from_article = ?", (chain[-1],)).fetchone()
        if row is None or row[0] in seen:
            break
        chain.append(row[0])
        seen.add(row[0])
    return chain


def _linked(conn: sqlite3.Connection, ids: Sequence[int]) -> set[int]:
    """The ids among ``ids`` that take part in a link (none without a links table)."""
    linked: set[int] = set()
    if not ids or not _has_links(conn):
        return linked
    for chunk in range(0, len(ids), 400):
        part = list(ids[chunk : chunk + 400])
        marks = ",".join("?" * len(part))
        for a, b in conn.execute(
            f"SELECT from_article, to_article FROM links WHERE from_article IN ({marks}) OR to_article IN ({marks})",
            part + part,
        ):
            linked.update((a, b))
    return linked & set(ids)


def group_keys(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, int]:
    """For each id, the id of the first part of its group (itself when not continued)."""
    linked = _linked(conn, ids)
    return {aid: group(conn, aid)[0] if aid in linked else aid for aid in ids}


def join_paragraphs(parts: Sequence[Sequence[str]]) -> list[str]:
    """The parts' paragraphs as one list, each jump's split paragraph rejoined when the part
    before it ends mid-sentence."""
    out: list[str] = []
    for n, paragraphs in enumerate(parts):
        paras = list(paragraphs)
        if n and out and paras and not ends_sentence(out[-1]):
            out[-1] += paras.pop(0)
        out += paras
    return out


def _assemble(
    ids: Sequence[int], docs: dict[int, tuple[dict[str, Any], dict[str, Any]]], page_ids: dict[int, int]
) -> dict[str, Any]:
    """The joined article of the parts ``ids`` (in order) from their loaded dicts."""
    parts = [docs[i] for i in ids]
    arts = [doc for doc, _ in parts]
    head = next((a for a in arts if a["headline"]), arts[0])
    authors: list[dict[str, str]] = []
    names: set[str] = set()
    for a in arts:
        for au in a["authors"]:
            if au["name"] not in names:
                names.add(au["name"])
                authors.append(dict(au))
    paragraphs = join_paragraphs([a["paragraphs"] for a in arts])
    missing: list[int] = []
    for number in (arts[0]["continued_from"], arts[-1]["continued_to"]):
        if number is not None and number not in missing:
            missing.append(number)
    return {
        "id": ids[0],
        "kind": arts[0]["kind"],
        "headline": head["headline"],
        "kicker": head["kicker"],
        "title": head["title"],
        "subtitle": head["subtitle"],
        "authors": authors,
        "dateline": next((a["dateline"] for a in arts if a["dateline"]), None),
        "paragraphs": paragraphs,
        "text": "\n".join(paragraphs),
        "paper": parts[0][1]["paper"],
        "date": parts[0][1]["date"],
        "parts": [
            {"article_id": i, "page": where["page"], "page_id": page_ids[i], "source": where["source"]}
            for i, (_, where) in zip(ids, parts, strict=True)
        ],
        "missing": missing,
    }


def _page_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in range(0, len(ids), 500):
        part = list(ids[chunk : chunk + 500])
        out.update(
            conn.execute(f"SELECT id, page_id FROM articles WHERE id IN ({','.join('?' * len(part))})", part)
        )
    return out


def joined_articles(
    conn: sqlite3.Connection,
    ids: Sequence[int],
    docs: dict[int, tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> dict[int, dict[str, Any]]:
    """``joined_article`` for many ids at once (``docs``: their ``article_dicts``, if loaded)."""
    from banmian.archive.search import article_dicts

    docs = dict(docs) if docs is not None else article_dicts(conn, ids)
    linked = _linked(conn, ids)
    chains = {aid: group(conn, aid) if aid in linked else [aid] for aid in ids}
    need = sorted({i for chain in chains.values() for i in chain} - set(docs))
    docs.update(article_dicts(conn, need))
    page_ids = _page_ids(conn, sorted({i for chain in chains.values() for i in chain}))
    out: dict[int, dict[str, Any]] = {}
    for aid in ids:
        if aid in docs:
            out[aid] = {**_assemble(chains[aid], docs, page_ids), "article_id": aid}
    return out


def joined_article(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The article ``article_id`` belongs to, all parts joined (see the module doc); ``None``
    for an unknown id.  ``id`` is the first part's id, ``article_id`` the one asked for."""
    return joined_articles(conn, [article_id]).get(article_id)
