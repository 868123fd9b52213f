#!/usr/bin/env python3
"""Parse the evaluation pages kept outside the repo and score them with the shared scorer.

Usage: python scripts/eval_dev.py [--corpus ../shared/corpus/dev] [--out out/dev] [--quiet]
                                  [--variant as-printed|no-blank|half-blank|unwrapped|web]
Writes one ``NAME.json`` per page into --out, then runs ``../shared/eval/score.py``.
The pages are read from ../shared and never copied into the repository.

``--variant`` parses each page as another extractor would have written it (in memory; the
gold stays the same, since blank lines and line breaks are layout, not text):
``no-blank`` drops every blank line, ``half-blank`` every other one (the 2nd, 4th, …);
``unwrapped`` is built from the gold instead of the page: each article's headline lines,
a byline line for each credited person the text does not name, then one indented line per
paragraph, a blank line between articles (jump markers are not rebuilt: continued
articles miss their continuation there); ``web`` likewise, as text copied from a web page:
paragraphs unindented, a blank line before each, two between articles.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from banmian import parse_page  # noqa: E402
from banmian.decode import read_page  # noqa: E402

VARIANTS = ("as-printed", "no-blank", "half-blank", "unwrapped", "web")
_ROLE_WORD = {"reporter": "本报记者 ", "correspondent": "通讯员 ", "author": "□ "}


def page_text(txt: Path, variant: str) -> str:
    """The page's text as ``variant`` has it (see the module's docstring)."""
    if variant in ("unwrapped", "web"):
        return _unwrapped(json.loads(txt.with_name(txt.stem + ".gold.json").read_text("utf-8")), web=variant == "web")
    text = read_page(txt)
    if variant == "as-printed":
        return text
    blanks = 0
    kept = []
    for line in text.split("\n"):
        if not line.strip():
            blanks += 1
            if variant == "no-blank" or blanks % 2 == 0:
                continue
        kept.append(line)
    return "\n".join(kept)


def _unwrapped(gold: dict, web: bool = False) -> str:
    out: list[str] = []
    for art in gold["articles"]:
        out.extend(art.get("headline") or [])
        body = "".join(art["paragraphs"])
        for who in art["authors"]:
            if who["name"] not in body:
                credit = _ROLE_WORD.get(who["role"], "") + who["name"]
                out.append(credit + " 摄" if who["role"] == "photographer" else credit)
        for p in art["paragraphs"]:
            out.extend(["", p] if web else ["\u3000\u3000" + p])
        out.extend(["", ""] if web else [""])
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--out", default=str(ROOT / "out" / "dev"))
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "eval" / "score.py"))
    ap.add_argument("--quiet", action="store_true", help="print only the summary line")
    ap.add_argument("--variant", choices=VARIANTS, default="as-printed", help="parse the pages as another extractor would write them")
    a = ap.parse_args()
    corpus, out = Path(a.corpus), Path(a.out)
    if not corpus.is_dir() or not Path(a.scorer).exists():
        print(f"eval_dev: {corpus} or {a.scorer} not found (the evaluation pages live outside the repo)")
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for txt in sorted(corpus.glob("*.txt")):
        page = parse_page(page_text(txt, a.variant), source=txt.name)
        (out / f"{txt.stem}.json").write_text(json.dumps(page.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    res = subprocess.run([sys.executable, a.scorer, "--gold", str(corpus), "--pred", str(out)],
                         capture_output=True, text=True, check=False)
    lines = res.stdout.splitlines()
    print("\n".join(lines[-1:] if a.quiet else lines))
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
