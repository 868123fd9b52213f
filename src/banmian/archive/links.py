"""Continuation links: join the part of an article that ends ``（下转第X版）`` to its part on
page X that starts ``（上接第Y版）``, within one issue, at ingest time.

The ``links`` table (documented in ``docs/archive.md``) holds one row per jump:
``from_article`` (the part with ``continued_to = X``) → ``to_article`` (the part on page X
with ``continued_from = Y``, Y the first part's page number), both in the same issue.

Linking rule, for every *page pair* (Y, X) of an issue:

1. candidates are the parts on the pages numbered Y whose ``continued_to`` is X, and the
   parts on the pages numbered X whose ``continued_from`` is Y (page numbers first: a part
   is only ever linked to a part whose jump marker names its page back);
2. each (from, to) pair is scored ``headline + 0.5 × continuity``: ``headline`` is the Dice
   overlap of the two headlines' character bigrams (0 when the continuation does not repeat
   a headline), ``continuity`` is 1 when the text agrees across the jump (the first part
   ends mid-sentence — no sentence-final punctuation — exactly when the second starts
   mid-sentence: no dateline and its first line not indented), else 0;
3. pairs are taken greedily, best score first, ties broken by the parts' article index
   (then page hash), each part used at most once.

The links of a pair depend only on the parts of that pair, never on ids or ingest order, so
``relink_page`` — called in the page's own transaction after it is stored (and, for a
replaced page, after the old one is removed) — recomputes exactly the pairs the page takes
part in and the archive is the same whatever order the pages came in.  Issues whose date is
unknown are never linked (their pages need not be one issue).

Writers call these through ``banmian.archive.index`` (``relink_page``, ``relink_pairs``,
``relink_all``), which keeps the full-text index — one document per joined article — in
step with the links; this module changes the ``links`` table only.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from banmian.archive.tokens import CJK

__all__ = [
    "SENTENCE_END",
    "bigrams",
    "ends_sentence",
    "headline_similarity",
    "page_pairs",
    "pair_parts",
    "relink_all",
    "relink_page",
    "relink_pairs",
    "score",
    "unlink_page",
]

SENTENCE_END = "。！？!?…；;"
_CLOSERS = "”’」』）)】〕"
_INDENT = re.compile(r"^[\u3000 \t]")
_WORD = re.compile(rf"[{CJK}0-9A-Za-z]")


def ends_sentence(paragraph: str) -> bool:
    """Whether ``paragraph`` ends a sentence: after closing quotes/brackets, ``。！？…；`` or
    ``!?;`` (``“好。”`` ends one, ``称为“示范村”`` does not); an empty paragraph does."""
    text = paragraph.rstrip().rstrip(_CLOSERS).rstrip()
    return not text or text[-1] in SENTENCE_END


def bigrams(text: str) -> set[str]:
    """The character bigrams of the letters, digits and Chinese characters of ``text``."""
    chars = "".join(_WORD.findall(text))
    return {chars[k : k + 2] for k in range(len(chars) - 1)} or ({chars} if chars else set())


def headline_similarity(a: str, b: str) -> float:
    """Dice overlap of the two headlines' bigrams, 0.0 (nothing shared, or one empty) to 1.0."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@dataclass(frozen=True)
class _Part:
    id: int
    index: int
    page_hash: str
    headline: str
    first: str  # first paragraph
    last: str  # last paragraph
    dated: bool  # has a dateline: starts a new sentence
    indented: bool  # its first body line is indented in the page text

    @property
    def key(self) -> tuple[int, str]:
        return (self.index, self.page_hash)

    @property
    def starts_mid(self) -> bool:
        return not self.dated and not self.indented and bool(self.first)


_PARTS = """
SELECT a.id, a.article_index, p.content_hash, a.headline_text, a.paragraphs, a.dateline_source,
       a.dateline_place, a.lines, p.text
FROM articles a JOIN pages p ON p.id = a.page_id
WHERE p.issue_id = ? AND p.page_number = ? AND a.{column} = ?
ORDER BY a.article_index, p.content_hash
"""


def _first_line_indented(first: str, lines: list[int], page_lines: list[str]) -> bool:
    """Whether the source line where paragraph ``first`` starts is indented."""
    probe = first[: min(4, len(first))]
    if not probe:
        return False
    for n in lines:
        if 1 <= n <= len(page_lines):
            line = page_lines[n - 1]
            if line.strip().startswith(probe):
                return bool(_INDENT.match(line))
    return False


def _parts(conn: sqlite3.Connection, issue: int, page: int, column: str, other: int) -> list[_Part]:
    out = []
    for aid, idx, digest, head, paras, ds, dp, lines, text in conn.execute(
        _PARTS.format(column=column), (issue, page, other)
    ):
        paragraphs = json.loads(paras)
        first = paragraphs[0] if paragraphs else ""
        out.append(
            _Part(
                id=aid,
                index=idx,
                page_hash=digest,
                headline=head,
                first=first,
                last=paragraphs[-1] if paragraphs else "",
                dated=ds is not None or dp is not None,
                indented=_first_line_indented(first, json.loads(lines), text.split("\n")),
            )
        )
    return out


def score(source: _Part, target: _Part) -> float:
    """How well ``target`` continues ``source``: headline overlap + 0.5 × text continuity."""
    continuity = (not ends_sentence(source.last)) == target.starts_mid
    return headline_similarity(source.headline, target.headline) + (0.5 if continuity else 0.0)


def _issue_dated(conn: sqlite3.Connection, issue: int) -> bool:
    row = conn.execute("SELECT date FROM issues WHERE id = ?", (issue,)).fetchone()
    return row is not None and row[0] is not None


def pair_parts(conn: sqlite3.Connection, issue: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """The ids of every part that a link of the page pairs ``(from page, to page)`` of ``issue``
    may join: the candidates on both sides (whatever is linked now is among them)."""
    out: set[int] = set()
    for a, b in set(pairs):
        for page, column, other in ((a, "continued_to", b), (b, "continued_from", a)):
            out.update(
                r[0]
                for r in conn.execute(
                    "SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id"
                    f" WHERE p.issue_id = ? AND p.page_number = ? AND a.{column} = ?",
                    (issue, page, other),
                )
            )
    return sorted(out)


def relink_pairs(conn: sqlite3.Connection, issue: int, pairs: Iterable[tuple[int, int]]) -> int:
    """Recompute the links of the page pairs ``(from page, to page)`` of ``issue``; return
    the number of links written.  Call inside the caller's transaction.  Links only: the
    full-text index holds one document per joined article, so writers call
    ``banmian.archive.index.relink_pairs``, which keeps it in step."""
    written = 0
    dated = _issue_dated(conn, issue)
    for a, b in sorted(set(pairs)):
        conn.execute("DELETE FROM links WHERE issue_id = ? AND from_page = ? AND to_page = ?", (issue, a, b))
        if not dated or a == b:
            continue
        sources = _parts(conn, issue, a, "continued_to", b)
        targets = _parts(conn, issue, b, "continued_from", a) if sources else []
        scored = sorted(
            ((score(s, t), s, t) for s in sources for t in targets),
            key=lambda x: (-round(x[0], 9), x[1].key, x[2].key),
        )
        used_s: set[int] = set()
        used_t: set[int] = set()
        for value, s, t in scored:
            if s.id in used_s or t.id in used_t:
                continue
            used_s.add(s.id)
            used_t.add(t.id)
            conn.execute(
                "INSERT INTO links(from_article, to_article, issue_id, from_page, to_page, score)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (s.id, t.id, issue, a, b, round(value, 6)),
            )
            written += 1
    return written


def page_pairs(conn: sqlite3.Connection, page_id: int) -> tuple[int, set[tuple[int, int]]] | None:
    """The page's issue and the page pairs its continued parts take part in (``None`` for an
    unknown page; no pairs when it has no page number)."""
    row = conn.execute("SELECT issue_id, page_number FROM pages WHERE id = ?", (page_id,)).fetchone()
    if row is None:
        return None
    issue, number = row
    pairs: set[tuple[int, int]] = set()
    if number is not None:
        for cfrom, cto in conn.execute(
            "SELECT continued_from, continued_to FROM articles WHERE page_id = ?"
            " AND (continued_from IS NOT NULL OR continued_to IS NOT NULL)",
            (page_id,),
        ):
            if cfrom is not None:
                pairs.add((cfrom, number))
            if cto is not None:
                pairs.add((number, cto))
    return issue, pairs


def unlink_page(conn: sqlite3.Connection, page_id: int) -> tuple[int, set[tuple[int, int]]] | None:
    """Delete every link touching the page's articles (before the page is deleted); return
    its issue and page pairs, to be recomputed with ``relink_pairs`` once it is gone."""
    found = page_pairs(conn, page_id)
    conn.execute(
        "DELETE FROM links WHERE from_article IN (SELECT id FROM articles WHERE page_id = ?)"
        " OR to_article IN (SELECT id FROM articles WHERE page_id = ?)",
        (page_id, page_id),
    )
    return found


def relink_page(conn: sqlite3.Connection, page_id: int) -> int:
    """Recompute the links of every page pair the (just stored) page takes part in."""
    found = page_pairs(conn, page_id)
    if found is None:
        return 0
    issue, pairs = found
    return relink_pairs(conn, issue, pairs)


def relink_all(conn: sqlite3.Connection) -> int:
    """Recompute every link of the archive (used when an older archive gains the table).

    Links only: the full-text index is not updated (``banmian.archive.index.relink_all`` does
    both)."""
    conn.execute("DELETE FROM links")
    for (pid,) in conn.execute("SELECT id FROM pages ORDER BY id").fetchall():
        relink_page(conn, pid)
    return int(conn.execute("SELECT count(*) FROM links").fetchone()[0])
