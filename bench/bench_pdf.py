"""Throughput of the PDF front end on one core, beside ``pdftotext`` on the same files.

    python bench/bench_pdf.py [--pages N] [--repeat R] [--json]

Draws N generated e-paper pages (``banmian.pdf.testpages``, needs reportlab from the test
extra; untimed) into one PDF, then times, R times each, keeping the best round:

- ``banmian``: ``banmian.pdf.front.parse_pdf`` — characters, layout and the article
  pipeline, one ``Page`` per PDF page — end to end, and each stage on its own:
  ``characters`` (``extract.read_pdf``; of it, ``pdfium load`` is pdfium alone loading each
  page and its text page, no character read), ``layout`` (``layout.layout_page``: fake bold,
  lines, reading order, indents), ``line features`` (``front.page_lines``: the text path's
  ``lines.make_line`` per line) and ``article pipeline`` (``pipeline.parse_lines``);
- ``pdftotext``: poppler's ``pdftotext -enc UTF-8 FILE -`` (text only, no articles) as a
  subprocess, when it is on PATH (Debian: poppler-utils); the report says when it is not.

Two fonts. The main run sets the pages in reportlab's ``STSong-Light``: a CID font with
two-byte codes, not embedded (pdfium substitutes a system CJK font). Unless ``--no-embedded``,
the same pages are drawn again in a TrueType CJK font of the machine that reportlab embeds
(``testpages.embedded_font()``; Debian's fonts-wqy-microhei) and timed end to end, with
pdfium's load and the characters stage; the report names the font file, or says there is
none. reportlab embeds it as one-byte simple fonts of 256 glyphs, and pdfium caches glyph
boxes for one-byte codes only, so that run loads about twice as fast: a best case. Real
e-papers embed CID fonts with two-byte codes, whose glyph boxes pdfium reads from FreeType
glyph by glyph, embedded or not; the main run is the closer to them (docs/pdf.md, Speed).

Both run pinned to one CPU (``sched_setaffinity`` where the OS has it).  It prints pages/s
for each and their ratio; the issue's goal is at least a third of ``pdftotext``'s speed.
Stage times are each a best round of their own, so they need not add up to the total.
Nothing asserts on timing: exit 0 after reporting, 2 when it cannot run (no reportlab).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

GOAL_RATIO = 1 / 3


def _pin() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _pdfium_load(pdf: Path) -> None:
    """pdfium alone: open the document, load each page and its text page, read nothing."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        for k in range(len(doc)):
            page = raw.FPDF_LoadPage(doc.raw, k)
            raw.FPDFText_ClosePage(raw.FPDFText_LoadPage(page))
            raw.FPDF_ClosePage(page)
    finally:
        doc.close()


def _stages(pdf: Path, repeat: int, *, full: bool = True) -> dict[str, float]:
    """Seconds (best round) of each stage of the PDF path over the whole file (only pdfium's
    load and the characters unless ``full``)."""
    from banmian.pdf.extract import read_pdf
    from banmian.pdf.front import page_lines
    from banmian.pdf.layout import layout_page
    from banmian.pipeline import parse_lines

    if not full:
        return {
            "pdfium load": _best(lambda: _pdfium_load(pdf), repeat),
            "characters": _best(lambda: read_pdf(pdf), repeat),
        }
    texts = read_pdf(pdf)
    laid = [layout_page(t.chars, t.figures) for t in texts]
    featured = [page_lines(p)[0] for p in laid]
    return {
        "pdfium load": _best(lambda: _pdfium_load(pdf), repeat),
        "characters": _best(lambda: read_pdf(pdf), repeat),
        "layout": _best(lambda: [layout_page(t.chars, t.figures) for t in texts], repeat),
        "line features": _best(lambda: [page_lines(p) for p in laid], repeat),
        "article pipeline": _best(lambda: [parse_lines(f, "issue.pdf") for f in featured], repeat),
    }


def _pdftotext(exe: str | None, pdf: Path, repeat: int) -> float | None:
    """Seconds (best round) of ``pdftotext`` over the file; None without it."""
    if exe is None:
        return None
    cmd = [exe, "-enc", "UTF-8", str(pdf), "-"]
    subprocess.run(cmd, check=True, capture_output=True)
    return _best(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat)


def _embedded_run(pages: int, repeat: int, tmp: Path, exe: str | None) -> dict[str, Any]:
    """The same pages set in an embedded TrueType font: end to end, pdfium load, characters."""
    from banmian.pdf.front import parse_pdf
    from banmian.pdf.testpages import draw, embedded_font, embedded_font_file, make_page

    font = embedded_font()
    if font is None:
        return {"font": None, "note": "no TrueType CJK font on this machine (Debian: fonts-wqy-microhei)"}
    pdf = tmp / "embedded.pdf"
    draw([make_page(s, gutter_em=0.8 if s % 3 == 2 else 1.0, font=font) for s in range(pages)], pdf)
    parse_pdf(pdf)  # warm-up
    t_ours = _best(lambda: parse_pdf(pdf), repeat)
    out: dict[str, Any] = {
        "font": embedded_font_file(),
        "encoding": "embedded TrueType subsets as one-byte simple fonts (reportlab)",
        "pdf_bytes": pdf.stat().st_size,
        "banmian_pages_per_s": round(pages / t_ours, 1),
        "banmian_ms_per_page": round(1000 * t_ours / pages, 2),
        "stage_ms_per_page": {
            k: round(1000 * v / pages, 2) for k, v in _stages(pdf, repeat, full=False).items()
        },
    }
    t_theirs = _pdftotext(exe, pdf, repeat)
    if t_theirs is not None:
        out["pdftotext_pages_per_s"] = round(pages / t_theirs, 1)
        out["ratio_to_pdftotext"] = round(t_theirs / t_ours, 3)
    return out


def run(pages: int, repeat: int, *, embedded: bool = True) -> dict[str, Any]:
    """Draw ``pages`` pages, time both extractors; the report as a dict."""
    from banmian.pdf.front import parse_pdf
    from banmian.pdf.testpages import FONT, draw, make_page

    pinned = _pin()
    tmp = Path(tempfile.mkdtemp(prefix="banmian-bench-"))
    pdf = tmp / "issue.pdf"
    draw([make_page(s, gutter_em=0.8 if s % 3 == 2 else 1.0) for s in range(pages)], pdf)
    parsed = parse_pdf(pdf)  # warm-up, and the article count
    t_ours = _best(lambda: parse_pdf(pdf), repeat)
    stages = _stages(pdf, repeat)
    report: dict[str, Any] = {
        "pages": pages,
        "repeat": repeat,
        "font": f"{FONT} (reportlab built-in CID font, two-byte codes, not embedded)",
        "pdf_bytes": pdf.stat().st_size,
        "articles": sum(len(p.articles) for p in parsed),
        "banmian_pages_per_s": round(pages / t_ours, 1),
        "banmian_ms_per_page": round(1000 * t_ours / pages, 2),
        "stage_ms_per_page": {k: round(1000 * v / pages, 2) for k, v in stages.items()},
        "machine": {
            "platform": platform.platform(),
            "cpu": _cpu(),
            "python": platform.python_version(),
            "affinity": pinned,
        },
    }
    exe = shutil.which("pdftotext")
    t_theirs = _pdftotext(exe, pdf, repeat)
    if exe is None or t_theirs is None:
        report["pdftotext"] = "not installed (Debian: apt-get install poppler-utils); no comparison"
    else:
        version = subprocess.run([exe, "-v"], capture_output=True, text=True).stderr.splitlines()
        report["pdftotext"] = version[0] if version else exe
        report["pdftotext_pages_per_s"] = round(pages / t_theirs, 1)
        report["ratio_to_pdftotext"] = round(t_theirs / t_ours, 3)
        report["meets_goal"] = t_theirs / t_ours >= GOAL_RATIO
    if embedded:
        report["embedded"] = _embedded_run(pages, repeat, tmp, exe)
    shutil.rmtree(tmp, ignore_errors=True)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=30, help="generated pages in the PDF (default 30)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds, best kept (default 3)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--no-embedded", action="store_true", help="skip the run with an embedded TrueType font")
    args = ap.parse_args(argv)
    try:
        import reportlab  # noqa: F401
    except ImportError:
        print("bench_pdf: needs reportlab (pip install -e '.[test]')", file=sys.stderr)
        return 2
    r = run(max(1, args.pages), max(1, args.repeat), embedded=not args.no_embedded)
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return 0
    print(
        f"{r['pages']} generated pages ({r['pdf_bytes']:,} bytes, {r['articles']} articles found), "
        f"best of {r['repeat']}, {r['machine']['affinity']}"
    )
    print(f"font             : {r['font']}")
    print(
        f"banmian PDF path : {r['banmian_pages_per_s']:8.1f} pages/s  ({r['banmian_ms_per_page']} ms/page, articles)"
    )
    st = r["stage_ms_per_page"]
    for name, ms in st.items():
        note = " (of characters: pdfium loading pages and text pages)" if name == "pdfium load" else ""
        print(f"  {name:<17}: {ms:6.2f} ms/page{note}")
    if "pdftotext_pages_per_s" in r:
        print(f"pdftotext        : {r['pdftotext_pages_per_s']:8.1f} pages/s  (text only; {r['pdftotext']})")
        verdict = "meets" if r["meets_goal"] else "misses"
        print(
            f"ratio            : {r['ratio_to_pdftotext']:.2f} of pdftotext's speed ({verdict} the goal of 1/3)"
        )
    else:
        print(f"pdftotext        : {r['pdftotext']}")
    e = r.get("embedded")
    if e is not None and e.get("font") is None:
        print(f"embedded font    : {e['note']}")
    elif e is not None:
        st = e["stage_ms_per_page"]
        ratio = (
            f", {e['ratio_to_pdftotext']:.2f} of pdftotext's {e['pdftotext_pages_per_s']} pages/s"
            if "ratio_to_pdftotext" in e
            else ""
        )
        print(
            f"same pages, font embedded ({e['font']}; {e['encoding']}: a best case for pdfium's load):\n"
            f"  banmian        : {e['banmian_pages_per_s']:8.1f} pages/s  ({e['banmian_ms_per_page']} ms/page{ratio})\n"
            f"  pdfium load    : {st['pdfium load']:6.2f} ms/page, characters {st['characters']:.2f} ms/page"
        )
    m = r["machine"]
    print(f"machine          : {m['cpu']}, {m['platform']}, Python {m['python']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
