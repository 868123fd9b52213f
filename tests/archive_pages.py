"""Shared helpers for the archive tests: generated page files and an independent oracle.

``oracle_ids`` decides which stored articles contain a string by plain Python string
operations on the stored headline and body — independently of the tokens, FTS5 and the
query compiler — so the search tests compare the engine with the documented semantics:
case-insensitive substring, whole words at Latin/digit edges.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from pathlib import Path

from banmian.archive.joined import joined_article
from banmian.synth import generate_page

HAN = re.compile(r"[\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# A hand-made page: the example strings, and decoys whose characters are all there
# but not together (bigrams scattered across runs, separated by punctuation).
HAND_PAGE = """\
2023年1月17日 星期二
第2版 要闻

东西部协作结硕果

　　本报讯 东西部协作持续深化，金融服务下沉到村，带动就业
1200人。

金融活水润乡村

　　本报讯 东西部的协作与金融、服务并进，就在家门口
业已见效。就业1人。东西，部协作。

人才振兴

　　本报讯 人才振兴，东西两地互访，部门协同作战，服务
企业，金融机构参与。GDP增长5G网络，COVID-19防控。
"""


@functools.cache
def page_text(seed: int) -> str:
    """The text of generated page ``seed`` (cached for the whole test session)."""
    return generate_page(seed).text


@functools.cache
def gold(seed: int) -> dict:
    return generate_page(seed).gold


def write_pages(folder: Path, seeds: range | list[int]) -> list[Path]:
    """Write generated pages as ``folder/pNNNN.txt``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for s in seeds:
        p = folder / f"p{s:04d}.txt"
        p.write_text(page_text(s), encoding="utf-8")
        out.append(p)
    return out


def stored_texts(conn: sqlite3.Connection) -> dict[int, str]:
    """What each search document holds: an article's headline lines, a newline and its
    paragraphs, keyed by its id — for an article continued across pages (``links``), the
    joined article (its parts' distinct headlines, the joined paragraphs), keyed by its first
    part's id.  Built from ``joined_article``, independently of the index."""
    out: dict[int, str] = {}
    linked = {r[0] for r in conn.execute("SELECT from_article FROM links UNION SELECT to_article FROM links")}
    for aid, head, body in conn.execute("SELECT id, headline_text, body FROM articles"):
        if aid not in linked:
            out[aid] = f"{head}\n{body}"
            continue
        j = joined_article(conn, aid)
        assert j is not None
        if j["id"] in out:
            continue
        heads: list[str] = []
        for part in j["parts"]:
            (h,) = conn.execute("SELECT headline_text FROM articles WHERE id = ?", (part["article_id"],)).fetchone()
            if h and h not in heads:
                heads.append(h)
        out[j["id"]] = "\n".join(heads) + "\n" + "\n".join(j["paragraphs"])
    return out


def _wordish(c: str) -> bool:
    return c.isalnum() and not HAN.match(c)


def contains(text: str, q: str) -> bool:
    """Does ``text`` contain ``q`` (case-insensitively, whole words at Latin/digit edges)?"""
    t, q = text.lower(), q.lower()
    i = t.find(q)
    while i >= 0:
        before = t[i - 1] if i > 0 else ""
        after = t[i + len(q)] if i + len(q) < len(t) else ""
        if not (_wordish(q[0]) and before and _wordish(before)) and not (
            _wordish(q[-1]) and after and _wordish(after)
        ):
            return True
        i = t.find(q, i + 1)
    return False


def oracle_ids(texts: dict[int, str], q: str) -> set[int]:
    return {aid for aid, t in texts.items() if contains(t, q)}


def quoted(q: str) -> str:
    """``q`` as a query phrase (``"`` doubled inside)."""
    return '"' + q.replace('"', '""') + '"'


def archive_rows(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every row of the archive's tables (not the FTS shadow tables, not ``ingested_at``)."""
    out = {}
    for table in ("papers", "issues", "pages", "articles", "authors", "meta"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    return out
