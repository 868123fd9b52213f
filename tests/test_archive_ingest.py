"""Ingest: page metadata, re-ingest no-op, replaced files, bad files, kill -9 and rerun,
the progress line, and the documented tables and views."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_pages import HAND_PAGE, archive_rows, gold, page_text, write_pages

from banmian.archive import Defaults, connect, ingest_paths, search
from banmian.archive.db import PAGE_SIZE
from banmian.archive.ingest import Progress, expand
from banmian.archive.meta import from_furniture, from_path
from banmian.archive.search import matching_ids
from banmian.archive.store import FTS_AUTOMERGE
from banmian.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


# -- paper, date and page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("paper/2023-01-17/02.txt", ("paper", "2023-01-17", 2)),
        ("rmrb/20230117/p02.txt", ("rmrb", "2023-01-17", 2)),
        ("2023-01-17/第3版.txt", (None, "2023-01-17", 3)),
        ("x/人民日报_20230117_p02.txt", ("人民日报", "2023-01-17", 2)),
        ("rmrb-20190202-p06.txt", ("rmrb", "2019-02-02", 6)),
        ("gmrb.2019-02-02.page12.txt", ("gmrb", "2019-02-02", 12)),
        ("20230117_02.txt", (None, "2023-01-17", 2)),
        ("rmrb-20191302-p06.txt", (None, None, None)),  # month 13: not a date
        ("notes/page.txt", (None, None, None)),
    ],
)
def test_from_path(path: str, expected: tuple) -> None:
    assert from_path(Path(path)) == expected


def test_from_furniture() -> None:
    assert from_furniture(["青洼日报", "2024年1月9日 星期二", "第 1 3 版"]) == ("青洼日报", "2024-01-09", 13)
    assert from_furniture(["02 要闻", "2023年1月17日 星期二"]) == (None, "2023-01-17", 2)
    assert from_furniture(["第十二版 社会"]) == (None, None, 12)
    assert from_furniture(["社会 2022年6月20日 星期一 第8版"]) == (None, "2022-06-20", 8)
    assert from_furniture(["3 个村率先受益"], strict=True) == (None, None, None)
    assert from_furniture(["05"], strict=True) == (None, None, 5)
    assert from_furniture(["- 6 -", "（上接第2版）泽塘县农村饮"], strict=True) == (None, None, 6)
    # the page a jump marker names is another page
    assert from_furniture(["（上接第2版）泽塘县农村饮水"], strict=True) == (None, None, None)


def test_generated_furniture_agrees_with_gold(tmp_path: Path) -> None:
    seeds = range(2000, 2040)
    write_pages(tmp_path / "pages", seeds)
    ingest_paths(tmp_path / "a.db", [str(tmp_path / "pages")], jobs=1)
    conn = connect(tmp_path / "a.db", readonly=True)
    rows = conn.execute(
        "SELECT source, date, page_number, meta_from FROM pages JOIN issues i ON i.id = issue_id"
    )
    dated = numbered = 0
    for source, date, number, origin in rows:
        g = gold(int(Path(source).stem[1:]))["page"]
        if date is not None:
            assert date == g["date"] and '"date": "furniture"' in origin
            dated += 1
        if number is not None:
            assert number == g["number"]
            numbered += 1
    conn.close()
    assert dated >= 25 and numbered >= 20


def test_options_fill_what_page_and_path_do_not_say(tmp_path: Path) -> None:
    f = tmp_path / "plain.txt"
    f.write_text("社区食堂开进老旧小区\n\n　　本报讯 3月2日，社区长者食堂正式开门迎客。\n", encoding="utf-8")
    ingest_paths(tmp_path / "a.db", [str(f)], defaults=Defaults("晨报", "2020-05-06", 7))
    conn = connect(tmp_path / "a.db", readonly=True)
    assert conn.execute("SELECT paper, date, page_number FROM page_view").fetchall() == [
        ("晨报", "2020-05-06", 7)
    ]
    conn.close()
    g = tmp_path / "hand" / "人民日报_20230118_p05.txt"  # furniture (1月17日, 第2版) beats path and options
    g.parent.mkdir()
    g.write_text(HAND_PAGE, encoding="utf-8")
    ingest_paths(tmp_path / "a.db", [str(g)], defaults=Defaults("晨报", "2020-05-06", 7))
    conn = connect(tmp_path / "a.db", readonly=True)
    row = conn.execute(
        "SELECT paper, date, page_number, meta_from FROM page_view WHERE source LIKE '%人民日报%'"
    ).fetchone()
    assert row[:3] == ("人民日报", "2023-01-17", 2)
    assert row[3] == '{"date": "furniture", "page": "furniture", "paper": "path"}'
    conn.close()


# -- idempotence, replacement, bad files ---------------------------------------------------


def test_reingest_is_a_noop(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", range(20))
    first = ingest_paths(tmp_path / "a.db", [str(tmp_path / "pages")], jobs=2)
    assert (first.added, first.unchanged, first.failures) == (20, 0, [])
    conn = connect(tmp_path / "a.db", readonly=True)
    before = archive_rows(conn)
    stamps = conn.execute("SELECT ingested_at FROM pages ORDER BY id").fetchall()
    conn.close()
    again = ingest_paths(tmp_path / "a.db", [str(tmp_path / "pages")], jobs=1)
    copy = tmp_path / "copy.txt"  # the same text under another name is the same page
    copy.write_text(page_text(3), encoding="utf-8")
    third = ingest_paths(tmp_path / "a.db", [str(copy)])
    assert (again.added, again.unchanged, third.unchanged, third.added) == (0, 20, 1, 0)
    conn = connect(tmp_path / "a.db", readonly=True)
    assert archive_rows(conn) == before
    assert conn.execute("SELECT ingested_at FROM pages ORDER BY id").fetchall() == stamps
    conn.close()


def test_ingest_sets_the_index_merge_policy_and_page_size(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", range(2))
    ingest_paths(tmp_path / "a.db", [str(tmp_path / "pages")], jobs=1)
    conn = connect(tmp_path / "a.db", readonly=True)
    assert conn.execute("SELECT v FROM article_fts_config WHERE k = 'automerge'").fetchone() == (FTS_AUTOMERGE,)
    assert conn.execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_parallel_run_in_slabs_equals_a_serial_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import banmian.archive.ingest as ingest_module
    import banmian.archive.store as store_module

    write_pages(tmp_path / "pages", range(40))
    serial = ingest_paths(tmp_path / "serial.db", [str(tmp_path / "pages")], jobs=1)
    monkeypatch.setattr(ingest_module, "SLAB", 7)  # six slabs, two in flight
    monkeypatch.setattr(store_module, "BATCH_PAGES", 3)  # and many small transactions
    parallel = ingest_paths(tmp_path / "parallel.db", [str(tmp_path / "pages")], jobs=2)
    assert (serial.added, parallel.added, parallel.failures) == (40, 40, [])
    with contextlib.closing(connect(tmp_path / "serial.db", readonly=True)) as a, contextlib.closing(
        connect(tmp_path / "parallel.db", readonly=True)
    ) as b:
        assert archive_rows(a) == archive_rows(b)
        for q in ("就业", "的", '"5G"'):
            assert matching_ids(a, q) == matching_ids(b, q)


def test_changed_file_replaces_its_page(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text(HAND_PAGE, encoding="utf-8")
    ingest_paths(tmp_path / "a.db", [str(f)])
    f.write_text(HAND_PAGE.replace("东西部协作结硕果", "山海协作谱新篇"), encoding="utf-8")
    report = ingest_paths(tmp_path / "a.db", [str(f)])
    assert report.replaced == 1
    conn = connect(tmp_path / "a.db", readonly=True)
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM issues").fetchone()[0] == 1
    assert len(matching_ids(conn, "结硕果")) == 0 and len(matching_ids(conn, "山海协作")) == 1
    conn.close()
    rw = connect(tmp_path / "a.db")
    rw.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
    rw.close()


def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, range(5))
    (pages / "p0002.txt").write_bytes(b"garbage \xff\xfd\xfe")  # neither UTF-8 nor GB18030
    (pages / "p0003.txt").write_text("   \n", encoding="utf-8")
    (pages / "sub").mkdir()
    (pages / "sub" / "x.txt").write_text(page_text(9), encoding="utf-8")  # directories are walked
    report = ingest_paths(tmp_path / "a.db", [str(pages), str(tmp_path / "missing.txt")], jobs=1)
    assert report.added == 4 and report.bugs == 0
    assert len(report.failures) == 3 and all("\n" not in f for f in report.failures)
    assert sorted(f.split(":")[0] for f in report.failures) == sorted(
        [str(pages / "p0002.txt"), str(pages / "p0003.txt"), str(tmp_path / "missing.txt")]
    )


def test_expand_is_sorted_and_keeps_given_paths(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "a/10.txt", "a/9.txt", "c.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    items, failures = expand([str(tmp_path), str(tmp_path / "c.md")])
    assert [s for s, _ in items] == [str(tmp_path / x) for x in ("a/10.txt", "a/9.txt", "b/2.txt", "c.md")]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert expand([str(empty)])[1] and "no *.txt" in expand([str(empty)])[1][0]


def test_not_an_archive(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    for kwargs in ({"create": True}, {"readonly": True}):
        with pytest.raises(InputError, match="junk.db"):
            connect(junk, **kwargs)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(InputError, match="not a banmian archive"):
        connect(other, create=True)
    with pytest.raises(InputError, match="no archive here"):
        connect(tmp_path / "none.db", readonly=True)


# -- kill -9 and rerun ---------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BANMIAN_DEBUG", None)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _pages_stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _ingest_until_ten_pages(pages: Path, db: Path, out: int) -> subprocess.Popen[str]:
    """Start ``banmian ingest`` in its own process group and wait until it has stored ten
    pages (or ended, or a minute passed)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "banmian", "ingest", str(pages), "--db", str(db)],
        env=_env(),
        stdout=out,
        stderr=out,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while _pages_stored(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    return proc


def test_kill_mid_run_then_rerun_equals_one_run(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, range(3000, 3200))
    db = tmp_path / "killed.db"
    proc = _ingest_until_ten_pages(pages, db, subprocess.DEVNULL)
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest process and its workers, mid-run
    proc.wait()
    done = _pages_stored(db)
    assert 10 <= done < 200, f"not killed mid-run ({done} pages stored)"
    rerun = ingest_paths(db, [str(pages)])
    assert rerun.failures == [] and rerun.unchanged == done and rerun.added == 200 - done
    ingest_paths(tmp_path / "one.db", [str(pages)])
    killed, one = connect(db, readonly=True), connect(tmp_path / "one.db", readonly=True)
    assert archive_rows(killed) == archive_rows(one)
    for q in ("就业", "发展", "的", "村民 NOT 游客", '"5G"'):
        assert matching_ids(killed, q) == matching_ids(one, q)
    killed.close()
    one.close()


def test_ctrl_c_commits_whole_pages_and_exits_130(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, range(3000, 3600))
    db = tmp_path / "interrupted.db"
    proc = _ingest_until_ten_pages(pages, db, subprocess.PIPE)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "interrupted" in err and "pages added" in out
    done = _pages_stored(db)
    assert 10 <= done < 600
    with contextlib.closing(connect(db)) as rw:  # every stored page is whole
        rw.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
        assert rw.execute(
            "SELECT count(*) FROM pages p WHERE n_articles != (SELECT count(*) FROM articles WHERE page_id = p.id)"
        ).fetchone()[0] == 0
    added = int(re.match(r"(\d+) pages added", out).group(1))  # type: ignore[union-attr]
    assert added == done
    rerun = ingest_paths(db, [str(pages)])
    assert (rerun.unchanged, rerun.added, rerun.failures) == (done, 600 - done, [])


# -- progress, tables, views, optional pandas ----------------------------------------------


def test_progress_line() -> None:
    out = io.StringIO()
    bar = Progress(4, out, enabled=True)
    for _ in range(4):
        bar.update()
    bar.close()
    text = out.getvalue()
    assert text.startswith("\r") and text.endswith("\n")
    assert re.search(r"ingest 4/4 pages 100%\s+\d+ pages/s\s+ETA 0:00", text)
    quiet = io.StringIO()  # not a terminal: nothing by default
    bar = Progress(2, quiet)
    bar.update()
    bar.close()
    assert quiet.getvalue() == ""


def test_documented_tables_and_views(tmp_path: Path) -> None:
    f = tmp_path / "p.txt"
    f.write_text(HAND_PAGE, encoding="utf-8")
    ingest_paths(tmp_path / "a.db", [str(f)])
    conn = connect(tmp_path / "a.db", readonly=True)
    doc = (ROOT / "docs" / "archive.md").read_text(encoding="utf-8")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for name in (
        "papers",
        "issues",
        "pages",
        "articles",
        "authors",
        "article_fts",
        "page_view",
        "article_view",
        "author_view",
        "meta",
    ):
        section = doc.split(f"### `{name}`", 1)
        assert len(section) == 2, f"docs/archive.md has no section for {name}"
        body = section[1].split("\n### ", 1)[0]
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        assert cols, name
        for col in cols:
            assert f"`{col}`" in body, f"{name}.{col} is not documented"
        conn.execute(f"SELECT * FROM {name} LIMIT 1").fetchall()
    assert search(conn, "东西部协作", limit=1)[0].article["headline"] == ["东西部协作结硕果"]
    conn.close()


def test_pandas_is_not_required() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import banmian.archive, banmian.archive.cli, banmian.cli\n"
        "assert 'pandas' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_env(), check=True)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert "pandas" not in deps


def test_read_sql_with_pandas_when_installed(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    f = tmp_path / "p.txt"
    f.write_text(HAND_PAGE, encoding="utf-8")
    ingest_paths(tmp_path / "a.db", [str(f)])
    with sqlite3.connect(tmp_path / "a.db") as conn:
        df = pd.read_sql("SELECT * FROM article_view", conn)
    assert len(df) >= 3 and "headline" in df.columns
