#!/usr/bin/env python3
"""Parse the evaluation pages kept outside the repo and score them with the shared scorer.

Usage: python scripts/eval_dev.py [--corpus ../shared/corpus/dev] [--out out/dev] [--quiet]
Writes one ``NAME.json`` per page into --out, then runs ``../shared/eval/score.py``.
The pages are read from ../shared and never copied into the repository.
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--out", default=str(ROOT / "out" / "dev"))
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "eval" / "score.py"))
    ap.add_argument("--quiet", action="store_true", help="print only the summary line")
    a = ap.parse_args()
    corpus, out = Path(a.corpus), Path(a.out)
    if not corpus.is_dir() or not Path(a.scorer).exists():
        print(f"eval_dev: {corpus} or {a.scorer} not found (the evaluation pages live outside the repo)")
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for txt in sorted(corpus.glob("*.txt")):
        page = parse_page(read_page(txt), source=txt.name)
        (out / f"{txt.stem}.json").write_text(json.dumps(page.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    res = subprocess.run([sys.executable, a.scorer, "--gold", str(corpus), "--pred", str(out)],
                         capture_output=True, text=True, check=False)
    lines = res.stdout.splitlines()
    print("\n".join(lines[-1:] if a.quiet else lines))
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
