"""``banmian ingest`` of e-paper PDFs: each PDF page an archive page, paper / date / page from
the running head, the path or the PDF page number; a PDF without a text layer is a bad file
and the batch goes on.  The PDFs are generated (``banmian.pdf.testpages``, reportlab)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from archive_pages import write_pages

from banmian.archive import Defaults, connect, ingest_paths, search
from banmian.archive.ingest import expand, is_pdf, pdf_pages
from banmian.archive.meta import from_issue_path, resolve
from banmian.model import Page
from banmian.pdf.front import parse_pdf

pytest.importorskip("reportlab")

from banmian.pdf.testpages import draw, make_page  # noqa: E402  (needs reportlab when drawing)

SEEDS = (11, 12, 13)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``issue/青洼日报_20240109.pdf`` (three pages), ``scan.pdf`` (no text layer) and two text pages."""
    root = tmp_path_factory.mktemp("pdfs")
    folder = root / "issue"
    folder.mkdir()
    draw([make_page(s) for s in SEEDS], folder / "青洼日报_20240109.pdf")
    draw([make_page(5)], folder / "scan.pdf", scanned=True)
    write_pages(folder, [1, 2])
    return folder


def rows(db: Path) -> list[tuple]:
    with contextlib.closing(connect(db, readonly=True)) as conn:
        return conn.execute(
            "SELECT p.source, p.path, p.page_number, i.date, pp.name, p.meta_from, p.n_articles, p.text"
            " FROM pages p JOIN issues i ON i.id = p.issue_id LEFT JOIN papers pp ON pp.id = i.paper_id"
            " ORDER BY p.id"
        ).fetchall()


def test_sources_find_pdfs_and_read_their_pages(pdfs: Path) -> None:
    items, failures = expand([str(pdfs)])
    names = [Path(s).name for s, _ in items]
    assert failures == [] and names == ["p0001.txt", "p0002.txt", "scan.pdf", "青洼日报_20240109.pdf"]
    assert is_pdf(pdfs / "scan.pdf") and not is_pdf(pdfs / "p0001.txt")
    pages = pdf_pages(pdfs / "青洼日报_20240109.pdf")
    assert [p.number for p in pages] == [1, 2, 3]
    # the same pages as the PDF front end's own parse_pdf: the archive stores what it gives
    assert [p.page for p in pages] == parse_pdf(pdfs / "青洼日报_20240109.pdf")
    for p in pages:
        lines = p.text.split("\n")
        for a in p.page.articles:
            assert all(1 <= n <= len(lines) and lines[n - 1].strip() for n in a.lines)
    assert from_issue_path(Path("rmrb/2019-02-02.pdf")) == ("rmrb", "2019-02-02")
    assert from_issue_path(Path("x/rmrb-20190202.pdf")) == ("rmrb", "2019-02-02")
    assert from_issue_path(Path("notes.pdf")) == (None, None)


def test_ingest_pdf_pages_and_skip_a_scan(pdfs: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    report = ingest_paths(db, [str(pdfs)], jobs=2)
    assert (report.added, report.unchanged, report.bugs) == (5, 0, 0)  # 3 PDF pages + 2 text pages
    assert len(report.failures) == 1 and "scan.pdf" in report.failures[0] and "OCR" in report.failures[0]
    got = rows(db)
    pdf_rows = [r for r in got if ".pdf" in r[0]]
    assert [r[0].rsplit("/", 1)[-1] for r in pdf_rows] == [f"青洼日报_20240109.pdf#page={n}" for n in (1, 2, 3)]
    for n, r in zip((1, 2, 3), pdf_rows, strict=True):
        assert r[1].endswith(f"#page={n}") and Path(r[1].split("#")[0]).is_absolute()
    parsed = parse_pdf(pdfs / "青洼日报_20240109.pdf")
    for r, page in zip(pdf_rows, parsed, strict=True):
        number, date, paper, origin, n_articles = r[2], r[3], r[4], json.loads(r[5]), r[6]
        assert n_articles == len(page.articles) > 0
        assert paper == "青洼日报" and origin["paper"] == "path"  # the running head names no paper
        assert date is not None and number is not None
        assert origin["date"] in ("furniture", "path") and origin["page"] in ("furniture", "pdf")
    assert report.articles == sum(r[6] for r in got)
    with contextlib.closing(connect(db, readonly=True)) as conn:
        first = parsed[0].articles[0]
        probe = max(first.paragraphs, key=len)[:8]
        hits = search(conn, f'"{probe}"')
        assert any(h.source.endswith("#page=1") for h in hits)
    again = ingest_paths(db, [str(pdfs)], jobs=1)
    assert (again.added, again.unchanged, len(again.failures)) == (0, 5, 1)
    assert rows(db) == got


def test_multi_page_pdf_numbers_pages_by_pdf_page(tmp_path: Path) -> None:
    """Each page's number from its running head, else its PDF page number; never the path's or
    --page (which would give every page of the file the same number)."""
    pdf = tmp_path / "pdfs" / "晨报_20230117_p05.pdf"
    pdf.parent.mkdir()
    draw([make_page(s) for s in SEEDS], pdf)
    db = tmp_path / "a.db"
    ingest_paths(db, [str(pdf)], defaults=Defaults(page=99))
    for (_, _, number, _, paper, origin, _, _), seed in zip(rows(db), SEEDS, strict=True):
        assert paper == "晨报" and json.loads(origin)["page"] == "furniture"
        assert number == make_page(seed).gold["page"]["number"]
    bare = Page()  # no furniture at all
    meta = resolve(bare, "", pdf, page_number=99, pdf=(2, 3))
    assert (meta.paper, meta.date, meta.page) == ("晨报", "2023-01-17", 2) and meta.origin["page"] == "pdf"
    one = resolve(bare, "", pdf, page_number=99, pdf=(1, 1))  # one page: as a text file
    assert one.page == 5 and one.origin["page"] == "path"
    assert resolve(bare, "", tmp_path / "scan.pdf", page_number=99, pdf=(1, 1)).page == 99


def test_pdf_and_text_share_one_archive(pdfs: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    ingest_paths(db, [str(pdfs / "p0001.txt"), str(pdfs / "青洼日报_20240109.pdf")], jobs=1)
    with contextlib.closing(connect(db, readonly=True)) as conn:
        assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 4
        sources = {h.source.split("#")[0][-4:] for h in search(conn, "的", limit=0)}
        assert sources == {".txt", ".pdf"}
    with contextlib.closing(sqlite3.connect(db)) as raw:
        raw.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
