"""Generated e-paper PDFs through the PDF front end, scored against their gold.

The pages come from ``banmian.pdf.testpages`` (reportlab, built-in ``STSong-Light``): rows of
multi-column modules, headlines across columns at larger sizes, kicker / title / subtitle at
three sizes, fake-bold titles drawn twice 0.1 em apart, photo boxes with captions, jump
markers, running heads and footers; every third page has narrow (0.8 em) gutters.  The
floors are measured (strict): raise them when the parser gets better.  Pages with 0.7 em
gutters are where ``pdftotext`` reads across the columns, line by line: there the PDF path
must be far ahead of ``pdftotext`` + the text path.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from scoring import describe, score_page

from banmian.cli import main
from banmian.pdf.front import ISSUE_SCHEMA, PdfPage, parse_pdf, parse_pdf_pages
from banmian.pdf.testpages import PdfTestPage, draw, embedded_font, embedded_font_file, make_page
from banmian.pipeline import parse_page

pytest.importorskip("reportlab")

SEEDS = range(24)
# measured on SEEDS: all 131 gold articles exact with the PDF path, all 24 pages (125 of 127
# on the generator's earlier pages; 109 and 16 before the assembly used the line boxes: a
# headline heads only a story under it and within its width, never one before it; headline
# blocks side by side or far apart are cut apart; display type is never a scrap of furniture).
# The last two misses (page 17) went when a notice's name stopped heading stories it shares
# nothing with.
EXACT_FLOOR = 131
PAGES_ALL_EXACT = 24
INTERLEAVED_SEEDS = range(100, 106)  # drawn with 0.7 em gutters


def _pdftotext(path: Path) -> list[str]:
    """The text of each page as ``pdftotext`` gives it."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")


@cache
def issue(tmp: str) -> tuple[list[PdfTestPage], Path]:
    pages = [make_page(s, gutter_em=0.8 if s % 3 == 2 else 1.0) for s in SEEDS]
    path = Path(tmp) / "issue.pdf"
    draw(pages, path)
    return pages, path


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generated pages in one PDF, for the command-line tests."""
    path = tmp_path_factory.mktemp("small") / "issue.pdf"
    draw([make_page(s) for s in range(3)], path)
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[PdfTestPage], Path, list[PdfPage]]:
    pages, path = issue(str(tmp_path_factory.mktemp("pdf")))
    return pages, path, parse_pdf_pages(path)


def test_one_page_per_pdf_page_in_order(generated: tuple) -> None:
    pages, path, parsed = generated
    assert [p.number for p in parsed] == [k + 1 for k in range(len(pages))]
    assert [p.page for p in parsed] == parse_pdf(path)  # deterministic, same pages
    assert all(p.page.source == "issue.pdf" for p in parsed)


def test_exact_articles_floor(generated: tuple) -> None:
    pages, _, parsed = generated
    results = [score_page(t.gold, p.page.to_dict()) for t, p in zip(pages, parsed, strict=True)]
    exact = sum(r["exact"] for r in results)
    gold = sum(r["gold_articles"] for r in results)
    whole = sum(r["exact"] == r["gold_articles"] for r in results)
    report = "\n\n".join(
        f"page {k + 1}\n{describe(r)}" for k, r in enumerate(results) if r["exact"] < r["gold_articles"]
    )
    assert exact >= EXACT_FLOOR, f"{exact}/{gold} exact\n{report}"
    assert whole >= PAGES_ALL_EXACT, f"{whole} pages all exact\n{report}"


def test_body_text_floor(generated: tuple) -> None:
    """Articles whose body text is complete and in order (the body check), whatever the headline."""
    pages, _, parsed = generated
    text_ok = sum(score_page(t.gold, p.page.to_dict())["text"] for t, p in zip(pages, parsed, strict=True))
    gold = sum(len(t.gold["articles"]) for t in pages)
    assert text_ok >= gold - 1  # measured 126/127 (118 before the line boxes reached ``assign``)


def test_every_article_exact_on_a_page_with_a_brief_over_a_headless_continuation(generated: tuple) -> None:
    """A brief stacked right above a headless continuation in the same slot heads it by
    geometry (under it, within its width); the text tells them apart: the brief is named
    as a notice (`…招标公告`) and shares nothing with the continuation."""
    pages, _, parsed = generated
    r = score_page(pages[17].gold, parsed[17].page.to_dict())
    assert r["exact"] == r["gold_articles"], describe(r)


def test_boxes_cover_every_article_line(generated: tuple) -> None:
    _, _, parsed = generated
    p = parsed[0]
    d = p.to_dict()
    assert d["pdf_page"] == 1 and d["page_size"][0] > 0
    assert set(d["boxes"]) == {str(i) for i in range(len(p.page.articles))}
    for i, a in enumerate(p.page.articles):
        boxes = d["boxes"][str(i)]
        assert len(boxes) == len(a.lines)
        for left, top, right, bottom in boxes:
            assert 0 <= left < right <= d["page_size"][0] and 0 <= top < bottom <= d["page_size"][1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_path_beats_pdftotext_and_the_text_path(generated: tuple) -> None:
    pages, path, parsed = generated
    dump = _pdftotext(path)
    ours = [score_page(t.gold, p.page.to_dict())["exact"] for t, p in zip(pages, parsed, strict=True)]
    theirs = [score_page(t.gold, parse_page(dump[k]).to_dict())["exact"] for k, t in enumerate(pages)]
    assert all(a >= b for a, b in zip(ours, theirs, strict=True)), (ours, theirs)  # page by page
    assert sum(ours) >= sum(theirs) + 90, (sum(ours), sum(theirs))  # measured 125 vs 25


def _interleaved(text: str, gold: dict) -> int:
    """Lines of running text that are in no gold article: pieces of two columns run together."""
    bodies = ["".join(re.sub(r"\s+", "", p) for p in a.get("paragraphs") or []) for a in gold["articles"]]
    lines = [re.sub(r"\s+", "", x) for x in text.splitlines()]
    return sum(1 for x in lines if len(x) >= 8 and re.search("[，。]", x) and not any(x in b for b in bodies))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_path_reads_columns_that_pdftotext_interleaves(tmp_path: Path) -> None:
    """Narrow gutters (0.7 em): ``pdftotext`` runs neighbouring columns together line by
    line, which no text rule can undo; the layout reads each column whole."""
    pages = [make_page(s, gutter_em=0.7) for s in INTERLEAVED_SEEDS]
    path = tmp_path / "narrow.pdf"
    draw(pages, path)
    dump = _pdftotext(path)
    parsed = parse_pdf_pages(path)
    for k, t in enumerate(pages):  # the premise: pdftotext does interleave these pages
        assert _interleaved(dump[k], t.gold) >= 40
    ours = [score_page(t.gold, p.page.to_dict())["exact"] for t, p in zip(pages, parsed, strict=True)]
    theirs = [score_page(t.gold, parse_page(dump[k]).to_dict())["exact"] for k, t in enumerate(pages)]
    gold = sum(len(t.gold["articles"]) for t in pages)
    assert all(a >= b for a, b in zip(ours, theirs, strict=True)), (ours, theirs)
    assert sum(ours) >= gold - 5 and sum(theirs) <= 5, (sum(ours), sum(theirs), gold)  # measured 29, 2 of 31


EMBEDDED_SEEDS = range(20, 28)


def test_pages_set_in_an_embedded_font_read_as_well(tmp_path: Path) -> None:
    """Real e-papers embed their fonts: the same pages set in an embedded TrueType subset (other
    glyph boxes, other widths, so other wraps and justified blanks) are read as well. Needs a
    TrueType CJK font on the machine (Debian: fonts-wqy-microhei); skipped without one."""
    font = embedded_font()
    if font is None:
        pytest.skip("no TrueType CJK font on this machine (Debian: fonts-wqy-microhei)")
    pages = [make_page(s, gutter_em=0.8 if s % 3 == 2 else 1.0, font=font) for s in EMBEDDED_SEEDS]
    path = tmp_path / "embedded.pdf"
    data = draw(pages, path)
    assert b"/FontFile2" in data and b"STSong" not in data, embedded_font_file()  # embedded, no substitute
    parsed = parse_pdf_pages(path)
    results = [score_page(t.gold, p.page.to_dict()) for t, p in zip(pages, parsed, strict=True)]
    report = "\n\n".join(describe(r) for r in results if r["exact"] < r["gold_articles"])
    # measured: all 42 exact (41 without joining the pieces of a justified line in its column: seed 25)
    assert all(r["exact"] == r["gold_articles"] for r in results), report


def test_no_embeddable_font_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a TrueType CJK font (no file, nothing from fontconfig) there is no embedded
    variant: ``embedded_font()`` says None, and the test above and the benchmark skip it."""
    from banmian.pdf import testpages

    monkeypatch.setattr(testpages, "_embedded", {})
    monkeypatch.setattr(testpages, "_EMBEDDABLE", (("/nonexistent/font.ttc", 0),))
    monkeypatch.setattr(testpages, "_fc_candidates", lambda: [])
    assert testpages.embedded_font() is None and testpages.embedded_font_file() is None


# ---------------------------------------------------------------- command line
def test_cli_json_is_the_issue_document(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft202012Validator

    from banmian.schemafile import load_schema

    path = small
    assert main(["parse", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == ISSUE_SCHEMA and doc["source"] == "issue.pdf"
    assert [p["pdf_page"] for p in doc["pages"]] == [1, 2, 3]
    validator = Draft202012Validator(load_schema())
    for p in doc["pages"][:3]:
        page = {k: v for k, v in p.items() if k not in ("pdf_page", "page_size", "boxes")}
        validator.validate(page)  # each page is a banmian.page/1 document plus its PDF fields


def test_cli_md_and_jsonl_follow_page_order(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = small
    parsed = parse_pdf_pages(path)
    assert main(["parse", str(path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    heads = [line for line in md.splitlines() if line.startswith("==> ")]
    assert heads == [f"==> issue.pdf#page={k + 1} <==" for k in range(len(parsed))]
    assert main(["parse", str(path), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == sum(len(p.page.articles) for p in parsed)
    assert [r["pdf_page"] for r in rows] == sorted(r["pdf_page"] for r in rows)


def test_cli_output_dir_and_several_inputs(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small
    txt = tmp_path / "page.txt"
    txt.write_text("标题\n\n\u3000\u3000正文一句。\n", encoding="utf-8")
    assert main(["parse", str(path), str(txt), "-o", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "issue.json").read_text(encoding="utf-8"))["schema"] == ISSUE_SCHEMA
    assert (tmp_path / "out" / "page.json").exists()
    assert main(["parse", str(path), str(txt)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["schema"] for x in lines] == [ISSUE_SCHEMA, "banmian.page/1"]


def test_cli_scanned_pdf_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scan = tmp_path / "scan.pdf"
    draw([make_page(1)], scan, scanned=True)
    txt = tmp_path / "ok.txt"
    txt.write_text("\u3000\u3000正文一句。\n", encoding="utf-8")
    assert main(["parse", str(scan), str(txt)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("banmian: error: ") and "OCR" in err[0]
    assert json.loads(captured.out)["source"] == "ok.txt"  # the batch goes on
