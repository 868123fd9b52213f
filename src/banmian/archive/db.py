"""The archive's SQLite file: schema, connections and the small write helpers ingest uses.

The file is the product: plain SQLite (stdlib ``sqlite3``), WAL journal, documented in
``docs/archive.md``.  Tables:

- ``papers(id, name)`` — one row per newspaper name seen;
- ``issues(id, paper_id, date)`` — one paper on one day (``paper_id`` / ``date`` may be NULL
  when unknown);
- ``pages(id, issue_id, page_number, source, path, content_hash, text, furniture,
  unassigned, meta_from, n_articles, parser_version, ingested_at)`` — the page's text as
  decoded, its SHA-256 (``content_hash``, unique: the same text is stored once);
- ``articles(id, page_id, article_index, kind, headline, headline_text, kicker, title,
  subtitle, dateline_source, dateline_place, dateline_date, paragraphs, body,
  continued_from, continued_to, lines)`` — JSON-form fields as columns; list fields
  (``headline``, ``paragraphs``, ``lines``) as JSON text;
- ``authors(id, article_id, position, name, role)``;
- ``article_fts`` — contentless FTS5 index over ``banmian.archive.tokens.doc_columns``, one
  document per joined article (rowid = its first part's ``articles.id``;
  ``banmian.archive.index``);
- ``links(from_article, to_article, issue_id, from_page, to_page, score)`` — continuation
  links between the parts of a continued article (``banmian.archive.links``);
- ``meta(key, value)`` — schema and tokenizer versions.

Views for ``pandas.read_sql`` / Datasette: ``article_view``, ``author_view``, ``page_view``.

Contract: ``connect(path, create=True)`` opens (creating if needed) a writable archive;
``connect(path, readonly=True)`` opens an existing one read-only.  Anything wrong with the
file a user gave (missing, not SQLite, not an archive, a newer schema) is an
``InputError`` with a one-line message.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from banmian.archive.tokens import TOKENIZER_VERSION
from banmian.errors import InputError

__all__ = ["DEFAULT_DB", "PAGE_SIZE", "SCHEMA_VERSION", "connect", "issue_id", "paper_id"]

DEFAULT_DB = "banmian.db"
SCHEMA_VERSION = 3
# Older schemas are read (read-only) and upgraded (writable): schema 1 had no links table (it
# reads as unlinked); schema 2 indexed every part of a continued article on its own (it reads
# as before: a phrase across a jump is not found); schema 3 indexes the joined article.
OLDEST_READABLE = 1
# The page size of a new archive file (SQLite's default: 4096). A stored page's text is ~10 KB
# and an article's row several, so with small pages most rows spill into chains of overflow
# pages; with 32 KiB pages they fit, and writing a page costs the writer ~15% less CPU
# (20,000 generated pages: 1.7 instead of 2.0 ms a page), the file ~2% smaller.
PAGE_SIZE = 32768

LINKS = """
CREATE TABLE IF NOT EXISTS links (
  from_article INTEGER PRIMARY KEY REFERENCES articles(id),  -- the part ending （下转第X版）
  to_article INTEGER NOT NULL UNIQUE REFERENCES articles(id), -- its part on page X, starting （上接第Y版）
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  from_page INTEGER NOT NULL,                 -- Y, the first part's page number
  to_page INTEGER NOT NULL,                   -- X
  score REAL NOT NULL                         -- headline overlap + 0.5 x text continuity
);
CREATE INDEX IF NOT EXISTS links_pair ON links(issue_id, from_page, to_page);
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS issues (
  id INTEGER PRIMARY KEY,
  paper_id INTEGER REFERENCES papers(id),
  date TEXT                                   -- YYYY-MM-DD or NULL
);
CREATE INDEX IF NOT EXISTS issues_paper_date ON issues(paper_id, date);
CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  page_number INTEGER,
  source TEXT NOT NULL,                       -- the path as given to ingest
  path TEXT NOT NULL,                         -- the resolved absolute path
  content_hash TEXT NOT NULL UNIQUE,          -- sha256 hex of the decoded text (UTF-8)
  text TEXT NOT NULL,                         -- the page as decoded
  furniture TEXT NOT NULL,                    -- JSON [{"line", "text"}]
  unassigned TEXT NOT NULL,                   -- JSON [{"line", "text"}]
  meta_from TEXT NOT NULL,                    -- JSON {"paper"|"date"|"page": "furniture"|"path"|"option"}
  n_articles INTEGER NOT NULL,
  parser_version TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_issue ON pages(issue_id, page_number);
CREATE INDEX IF NOT EXISTS pages_path ON pages(path);
CREATE TABLE IF NOT EXISTS articles (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  article_index INTEGER NOT NULL,             -- 0-based, reading order on the page
  kind TEXT NOT NULL,
  headline TEXT,                              -- JSON list of lines, or NULL
  headline_text TEXT NOT NULL,                -- the headline lines joined by newlines ('' if none)
  kicker TEXT, title TEXT, subtitle TEXT,
  dateline_source TEXT, dateline_place TEXT, dateline_date TEXT,
  paragraphs TEXT NOT NULL,                   -- JSON list
  body TEXT NOT NULL,                         -- the paragraphs joined by newlines
  continued_from INTEGER, continued_to INTEGER,
  lines TEXT NOT NULL,                        -- JSON list of 1-based input line numbers
  UNIQUE (page_id, article_index)
);
CREATE INDEX IF NOT EXISTS articles_kind ON articles(kind);
CREATE TABLE IF NOT EXISTS authors (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS authors_article ON authors(article_id);
CREATE INDEX IF NOT EXISTS authors_name ON authors(name);
LINKS_TABLE
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(chars, grams, content='', tokenize='ascii');

CREATE VIEW IF NOT EXISTS page_view AS
SELECT p.id AS page_id, pp.name AS paper, i.date AS date, p.page_number, p.source,
       p.n_articles, p.meta_from, p.content_hash, p.parser_version, p.ingested_at
FROM pages p JOIN issues i ON i.id = p.issue_id LEFT JOIN papers pp ON pp.id = i.paper_id;
CREATE VIEW IF NOT EXISTS article_view AS
SELECT a.id AS article_id, pp.name AS paper, i.date AS date, p.page_number, a.article_index,
       a.kind, a.headline_text AS headline, a.kicker, a.title, a.subtitle,
       (SELECT group_concat(name, '、') FROM (SELECT name FROM authors au
          WHERE au.article_id = a.id ORDER BY au.position)) AS authors,
       a.dateline_source, a.dateline_place, a.dateline_date, a.body,
       length(a.body) AS body_chars, a.continued_from, a.continued_to,
       p.source, a.page_id
FROM articles a JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id
LEFT JOIN papers pp ON pp.id = i.paper_id;
CREATE VIEW IF NOT EXISTS author_view AS
SELECT au.name, au.role, au.position, a.id AS article_id, a.headline_text AS headline,
       a.kind, pp.name AS paper, i.date AS date, p.page_number
FROM authors au JOIN articles a ON a.id = au.article_id JOIN pages p ON p.id = a.page_id
JOIN issues i ON i.id = p.issue_id LEFT JOIN papers pp ON pp.id = i.paper_id;
""".replace("LINKS_TABLE", LINKS)


def _fail(path: Path, why: str) -> InputError:
    return InputError(f"{path}: {why}", name=str(path))


def connect(path: str | Path, *, create: bool = False, readonly: bool = False) -> sqlite3.Connection:
    """Open the archive at ``path`` (autocommit mode: callers ``BEGIN`` their own transactions).

    ``create=True`` makes the file and its schema if missing (and upgrades nothing: a file
    with another schema version is refused).  Without it a missing file is an
    ``InputError``.  ``readonly=True`` opens with ``mode=ro``.
    """
    p = Path(path)
    if p.is_dir():
        raise _fail(p, "is a directory; give the archive file with --db")
    if not p.exists() and not create:
        raise _fail(p, "no archive here; run 'banmian ingest PAGES --db FILE' first or give --db")
    try:
        if readonly:
            conn = sqlite3.connect(p.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
        else:
            conn = sqlite3.connect(p, isolation_level=None, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as e:
        raise _fail(p, f"cannot open as an SQLite archive ({e}); give another --db") from None
    if version == 0 and not tables and create and not readonly:
        _create(conn)
    elif OLDEST_READABLE <= version < SCHEMA_VERSION and "articles" in tables and not readonly:
        _upgrade(conn, version)
    elif not OLDEST_READABLE <= version <= SCHEMA_VERSION or "articles" not in tables:
        conn.close()
        if version > SCHEMA_VERSION:
            raise _fail(p, f"archive schema {version} is newer than this banmian reads; upgrade banmian")
        raise _fail(p, "not a banmian archive; give another --db")
    if not readonly:
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash never corrupts, commits stay atomic
        conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _create(conn: sqlite3.Connection) -> None:
    """Create the schema in an empty database (``PAGE_SIZE``), in WAL mode."""
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before anything is written: fixed from then on
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    for stmt in _statements(SCHEMA):
        conn.execute(stmt)
    conn.executemany(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
        [("schema_version", str(SCHEMA_VERSION)), ("tokenizer_version", TOKENIZER_VERSION)],
    )
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")


def _upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Bring an older archive to this schema, in one transaction.

    From 1: add the links table, link what is stored (the index follows the links).  From 2:
    the parts of each continued article were indexed one by one; drop those documents and
    index each joined article once.
    """
    from banmian.archive import index

    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have upgraded it
    if version >= SCHEMA_VERSION:
        conn.execute("COMMIT")
        return
    if version < 2:
        for stmt in _statements(LINKS):
            conn.execute(stmt)
        index.relink_all(conn)
    else:
        linked = [r[0] for r in conn.execute("SELECT from_article FROM links UNION SELECT to_article FROM links")]
        index.drop_docs(conn, [[aid] for aid in linked])
        index.add_docs(conn, index.chains(conn, linked))
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
    )
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split the schema script into statements (it has no ';' inside strings)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def paper_id(conn: sqlite3.Connection, name: str | None) -> int | None:
    """The id of paper ``name`` (inserted if new), or ``None`` for an unknown paper."""
    if name is None:
        return None
    row = conn.execute("SELECT id FROM papers WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO papers(name) VALUES (?)", (name,)).lastrowid or 0)


def issue_id(conn: sqlite3.Connection, paper: int | None, date: str | None) -> int:
    """The id of the issue (``paper``, ``date``), inserted if new; NULLs compare equal here."""
    row = conn.execute(
        "SELECT id FROM issues WHERE paper_id IS ? AND date IS ? ORDER BY id LIMIT 1", (paper, date)
    ).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO issues(paper_id, date) VALUES (?, ?)", (paper, date)).lastrowid or 0)
