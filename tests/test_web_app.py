"""``banmian serve``'s application through FastAPI's TestClient: every page renders, text is
escaped, nasty queries never give a 500, the JSON API's shapes, JSONL / CSV export, the
read-only connection, continuation links, and the default bind address.

The archive: a few generated pages (``banmian.synth``) plus two hand-made pages of one issue
(晨报, 2023-01-17) — a story continued from page 1 on page 2, an article whose text holds
``<script>`` markup, and a part continued on page 8, which is not in the archive.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from banmian.archive import ingest_paths
from banmian.archive.joined import group_keys
from banmian.archive.search import matching_ids
from banmian.cli import build_parser, main
from banmian.synth import generate_page
from banmian.web import create_app
from banmian.web.results import EXPORT_COLUMNS
from banmian.web.server import DEFAULT_HOST, DEFAULT_PORT, is_loopback

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx is what we pin
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(7100, 7108)
HIT_LINK = r'<div class="title"[^>]*><a href="/article/(\d+)"'

PAGE_1 = """\
2023年1月17日 星期二
第1版 要闻

东西部协作结硕果

　　本报讯 记者 张静 东西部协作持续深化，金融服务下沉到村，带动就业
1200人。各地把协作项目落到实处，产业园区吸纳了大批务工人员。
　　当地负责人介绍，下一步将继续推进消费帮扶。
（下转第2版）

<script>alert("x")</script> & 标记测试

　　本报讯 有读者来信写道<script>alert(1)</script>，编辑部核实后
作出回复。“<b>加粗</b>”这样的文字应当原样显示。
"""

PAGE_2 = """\
2023年1月17日 星期二
第2版 要闻

东西部协作结硕果
（上接第1版）
　　本报讯 帮扶车间开到了村口，群众在家门口就能就业增收。
今年还将新建一批示范项目。

人才振兴

　　本报讯 人才振兴，东西两地互访，部门协同作战，服务
企业，金融机构参与。
（下转第8版）
"""

NASTY = [
    '"',
    '""',
    '"就业',
    "*",
    "就*",
    "NEAR(就业 服务)",
    "NEAR",
    "-",
    "-就业",
    "--就业",
    ":",
    "chars:就业",
    "grams:就",
    "(",
    ")",
    "((就业",
    "就业)",
    "就业 AND",
    "OR 就业",
    "NOT",
    "就业 NOT",
    "^就业",
    "{就业}",
    "'; DROP TABLE articles; --",
    "\x00",
    "就\x00业",
    "\u3000",
    "<script>alert(1)</script>",
    "就业 " * 80,
]


def build_archive(root: Path) -> Path:
    """Ingest the generated and hand-made pages into ``root/web.db``; return its path."""
    pages = root / "pages"
    pages.mkdir(parents=True)
    for seed in SEEDS:
        (pages / f"g{seed}.txt").write_text(generate_page(seed).text, encoding="utf-8")
    for name, text in (("晨报_20230117_p01.txt", PAGE_1), ("晨报_20230117_p02.txt", PAGE_2)):
        (pages / name).write_text(text, encoding="utf-8")
    db = root / "web.db"
    report = ingest_paths(db, [str(pages)], jobs=1)
    assert report.failures == [] and report.added == len(SEEDS) + 2
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture(scope="module")
def conn(db: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    yield c
    c.close()


def _article_id(conn: sqlite3.Connection, page: int, needle: str) -> int:
    row = conn.execute(
        "SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id"
        " WHERE i.date = '2023-01-17' AND p.page_number = ? AND (a.headline_text || a.body) LIKE ?",
        (page, f"%{needle}%"),
    ).fetchone()
    assert row, (page, needle)
    return int(row[0])


# -- every page renders ------------------------------------------------------------------


def test_every_page_renders(client: TestClient, conn: sqlite3.Connection) -> None:
    urls = ["/", "/search", "/search?q=就业", "/browse", "/docs", "/openapi.json", "/static/style.css"]
    urls += [f"/browse/paper/{pid}" for (pid,) in conn.execute("SELECT id FROM papers")]
    urls += [f"/issue/{iid}" for (iid,) in conn.execute("SELECT id FROM issues")]
    urls += [f"/page/{pid}" for (pid,) in conn.execute("SELECT id FROM pages")]
    urls += [f"/article/{aid}" for (aid,) in conn.execute("SELECT id FROM articles")]
    urls += [f"/api/pages/{pid}" for (pid,) in conn.execute("SELECT id FROM pages")]
    urls += [f"/api/articles/{aid}" for (aid,) in conn.execute("SELECT id FROM articles")]
    assert len(urls) > 30
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
    html = client.get("/").text
    assert 'name="q"' in html and "Query syntax" in html


def test_unknown_ids_are_404(client: TestClient) -> None:
    for url in ("/article/999999", "/page/999999", "/issue/999999", "/browse/paper/999999", "/nowhere"):
        r = client.get(url)
        assert r.status_code == 404 and "text/html" in r.headers["content-type"], url
    for url in ("/api/articles/999999", "/api/pages/999999"):
        r = client.get(url)
        assert r.status_code == 404 and r.json() == {"detail": re.sub(r".*/(\w+)s/(\d+)", r"no \1 \2", url)}


def test_search_page_hits_paging_and_filters(client: TestClient, conn: sqlite3.Connection) -> None:
    html = client.get("/search", params={"q": "东西部协作"}).text
    assert "<mark>东西部协作</mark>" in html
    assert f'href="/article/{_article_id(conn, 1, "东西部协作持续")}"' in html
    total = len(matching_ids(conn, "的"))
    assert total > 20
    first = client.get("/search", params={"q": "的"}).text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/search", params={"q": "的", "p": "2"}).text
    assert 'rel="prev"' in second
    ids = [re.findall(HIT_LINK, t) for t in (first, second)]
    assert len(ids[0]) == 20 and ids[1] and not set(ids[0]) & set(ids[1])
    only = client.get("/search", params={"q": "就业", "paper": "晨报", "page": "2"}).text
    assert re.findall(HIT_LINK, only) == [str(_article_id(conn, 2, "帮扶车间"))]
    assert client.get("/search", params={"q": "就业", "kind": "poem"}).status_code == 400
    assert "is not a date" in client.get("/search", params={"q": "就业", "from": "2023-02-30"}).text
    assert (
        "is after"
        in client.get("/search", params={"q": "就业", "from": "2024-01-01", "to": "2023-01-01"}).text
    )


# -- escaping ----------------------------------------------------------------------------


def test_article_text_is_escaped(client: TestClient, conn: sqlite3.Connection) -> None:
    aid = _article_id(conn, 1, "<script>alert(1)")
    page_id = conn.execute("SELECT page_id FROM articles WHERE id = ?", (aid,)).fetchone()[0]
    issue_id = conn.execute("SELECT issue_id FROM pages WHERE id = ?", (page_id,)).fetchone()[0]
    for url in (f"/article/{aid}", f"/page/{page_id}", "/search?q=读者来信", f"/issue/{issue_id}"):
        html = client.get(url).text
        assert "<script>" not in html and "<b>加粗" not in html, url
    html = client.get(f"/article/{aid}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;加粗&lt;/b&gt;" in html
    assert "&amp;" in html
    hit = client.get("/search", params={"q": "script"}).text
    assert "&lt;<mark>script</mark>&gt;" in hit
    echo = client.get("/search", params={"q": '<img src=x onerror="alert(1)">'}).text
    assert "<img src=x" not in echo and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in echo
    assert "script-src" not in client.get("/").headers["content-security-policy"]


def test_snippet_html_in_the_api_is_escaped(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "alert"}).json()["hits"]
    assert hits and all("<script>" not in h["snippet_html"] for h in hits)
    assert any("&lt;script&gt;<mark>alert</mark>(1)" in h["snippet_html"] for h in hits)
    assert any("<script>[alert](1)" in h["snippet"] for h in hits)  # the plain form is plain text


# -- nasty queries -----------------------------------------------------------------------


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_never_500(client: TestClient, query: str) -> None:
    html = client.get("/search", params={"q": query})
    assert html.status_code in (200, 400), query
    if html.status_code == 400:
        assert 'class="error"' in html.text and "query:" in html.text
    api = client.get("/api/search", params={"q": query})
    assert api.status_code in (200, 400, 422), query
    if api.status_code == 400:
        assert api.json()["detail"].startswith("query:")
    export = client.get("/api/export", params={"q": query, "format": "csv"})
    assert export.status_code in (200, 400, 422), query


def test_nasty_fields_never_500(client: TestClient) -> None:
    for params in (
        {"q": "就业", "p": "-1"},
        {"q": "就业", "p": "99999999999999999999"},
        {"q": "就业", "page": "0"},
        {"q": "就业", "page": "１"},
        {"q": "就业", "from": "2023-01-17'--"},
        {"q": "就业", "author": '"; DROP'},
        {"q": "就业", "paper": "%"},
        {"q": "x" * 600},
    ):
        assert client.get("/search", params=params).status_code in (200, 400), params
    assert client.get("/api/search", params={"q": "就业", "offset": "-1"}).status_code == 422
    assert client.get("/api/search", params={"q": "就业", "limit": "100000"}).status_code == 422
    assert (
        client.get("/api/search", params={"q": "就业", "from": "tomorrow"})
        .json()["detail"]
        .startswith("from date")
    )


# -- JSON API ----------------------------------------------------------------------------


def _one_per_joined_article(conn: sqlite3.Connection, ids: list[int]) -> list[int]:
    keys, seen, out = group_keys(conn, ids), set(), []
    for aid in ids:
        if keys[aid] not in seen:
            seen.add(keys[aid])
            out.append(aid)
    return out


def test_api_search_shape(client: TestClient, conn: sqlite3.Connection) -> None:
    body = client.get("/api/search", params={"q": "就业", "limit": 3}).json()
    assert set(body) == {"query", "offset", "limit", "has_more", "hits"}
    assert body["query"] == "就业" and body["limit"] == 3 and len(body["hits"]) == 3
    assert body["has_more"] == (len(matching_ids(conn, "就业")) > 3)
    hit = body["hits"][0]
    article_keys = {"kind", "headline", "kicker", "title", "subtitle", "authors", "dateline", "paragraphs"}
    assert article_keys | {"continued_from", "continued_to", "lines"} <= set(hit)
    assert {
        "source",
        "score",
        "snippet",
        "snippet_html",
        "paper",
        "date",
        "page",
        "article_index",
        "id",
    } <= set(hit)
    joined = _one_per_joined_article(conn, matching_ids(conn, "就业"))  # parts of one article: one hit
    assert [h["id"] for h in body["hits"]] == joined[:3]
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    nxt = client.get("/api/search", params={"q": "就业", "limit": 3, "offset": 3}).json()
    assert [h["id"] for h in nxt["hits"]] == joined[3:6]
    openapi = client.get("/openapi.json").json()
    assert {"/api/search", "/api/articles/{article_id}", "/api/pages/{page_id}", "/api/export"} <= set(
        openapi["paths"]
    )
    assert not any(p.startswith(("/article/", "/page/", "/browse")) for p in openapi["paths"])


def test_api_article_and_page_shape(client: TestClient, conn: sqlite3.Connection) -> None:
    first, second = _article_id(conn, 1, "东西部协作持续"), _article_id(conn, 2, "帮扶车间")
    a = client.get(f"/api/articles/{first}").json()
    assert a["id"] == first and a["paper"] == "晨报" and a["date"] == "2023-01-17" and a["page"] == 1
    assert a["continued_to"] == 2 and a["continuations"]["to"][0]["id"] == second
    assert a["paragraphs"][-1] == "当地负责人介绍，下一步将继续推进消费帮扶。"
    b = client.get(f"/api/articles/{second}").json()
    assert b["continued_from"] == 1 and [c["id"] for c in b["continuations"]["from"]] == [first]
    p = client.get(f"/api/pages/{a['page_id']}").json()
    assert {
        "id",
        "page_number",
        "source",
        "date",
        "paper",
        "lines",
        "furniture",
        "unassigned",
        "articles",
    } <= set(p)
    assert p["lines"] == PAGE_1.split("\n")
    assert [x["id"] for x in p["articles"]] == sorted(x["id"] for x in p["articles"])
    assert {int(k) for k in p["line_articles"]} == {n for x in p["articles"] for n in x["lines"]}
    papers = client.get("/api/papers").json()
    assert any(pp["name"] == "晨报" and pp["pages"] >= 2 for pp in papers)


def test_continuation_links_on_article_pages(client: TestClient, conn: sqlite3.Connection) -> None:
    first, second = _article_id(conn, 1, "东西部协作持续"), _article_id(conn, 2, "帮扶车间")
    html = client.get(f"/article/{first}").text
    assert f'class="part" href="/article/{second}"' in html and "Continued on page 2" in html
    back = client.get(f"/article/{second}").text
    assert f'class="part" href="/article/{first}"' in back and "Continued from page 1" in back
    lonely = client.get(f"/article/{_article_id(conn, 2, '人才振兴')}").text
    assert "Continued on page 8" in lonely and "the other part is not in the archive" in lonely


def test_article_page_highlights_its_source_lines(client: TestClient, conn: sqlite3.Connection) -> None:
    aid = _article_id(conn, 1, "东西部协作持续")
    lines = json.loads(conn.execute("SELECT lines FROM articles WHERE id = ?", (aid,)).fetchone()[0])
    html = client.get(f"/article/{aid}").text
    own = [int(n) for n in re.findall(r'<li class="own" value="(\d+)">', html)]
    assert own == lines
    page_html = client.get(
        f"/page/{conn.execute('SELECT page_id FROM articles WHERE id = ?', (aid,)).fetchone()[0]}"
    ).text
    assert len(re.findall(r'<li value="\d+" class="a0"', page_html)) == len(lines)


# -- export ------------------------------------------------------------------------------


def test_export_jsonl_and_csv(client: TestClient, conn: sqlite3.Connection) -> None:
    want = matching_ids(conn, "就业")
    r = client.get("/api/export", params={"q": "就业"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="banmian-export.jsonl"' in r.headers["content-disposition"]
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert [x["id"] for x in rows] == want and [x["rank"] for x in rows] == list(range(1, len(want) + 1))
    assert {"paragraphs", "headline", "authors", "paper", "date", "page", "source"} <= set(rows[0])
    c = client.get("/api/export", params={"q": "就业", "format": "csv", "paper": "晨报"})
    assert c.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(c.text)))
    assert tuple(table[0]) == EXPORT_COLUMNS
    assert [int(x["id"]) for x in table] == [x["id"] for x in rows if x["paper"] == "晨报"]
    by_id = {x["id"]: x for x in rows}
    for x in table:  # a continued article's text is the joined one (what the query matched)
        assert x["text"] == "\n".join((by_id[int(x["id"])]["joined"] or by_id[int(x["id"])])["paragraphs"])
    continued = [x for x in rows if x["joined"]]
    assert continued and all(len(x["joined"]["parts"]) > 1 for x in continued)
    limited = client.get("/api/export", params={"q": "就业", "limit": 2}).text.splitlines()
    assert len(limited) == 2
    empty = client.get("/api/export", params={"q": "没有这个词语", "format": "csv"}).text
    assert empty.strip() == ",".join(EXPORT_COLUMNS)
    assert client.get("/api/export", params={"q": "就业", "format": "xml"}).status_code == 422
    assert client.get("/api/export", params={"q": "("}).json()["detail"].startswith("query:")


# -- read-only, bind address, command line ------------------------------------------------


def test_connections_are_read_only(client: TestClient, db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    archive = client.app.state.archive
    assert archive.uri.endswith("?mode=ro")
    conn = archive.open()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
            conn.execute("INSERT INTO papers(name) VALUES ('x')")
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM articles")
    finally:
        conn.close()
    ro = sqlite3.connect(archive.uri, uri=True)  # mode=ro alone, without query_only, refuses too
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ro.execute("UPDATE papers SET name = 'x'")
    ro.close()
    for url in ("/search?q=就业", "/browse", "/api/export?q=的"):
        client.get(url)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_bind_default_is_loopback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8000, "banmian.db")
    assert (DEFAULT_HOST, DEFAULT_PORT) == ("127.0.0.1", 8000)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no archive here" in capsys.readouterr().err
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port" in capsys.readouterr().err


def test_docs_match_serve_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    help_text = capsys.readouterr().out
    options = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", help_text.split("options:", 1)[1]))
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = doc.split("## `banmian serve`", 1)[1].split("\n## ", 1)[0]
    table = section.split("### Options", 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    assert {flag for row in rows for flag in re.findall(r"`(--?[a-z][a-z-]*)", row)} == options
