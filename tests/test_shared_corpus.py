"""Regression floors on the evaluation pages kept outside the repository (../shared).

The pages are real newspaper text and are never copied into the repo; this module reads
them where they are and is skipped when they are absent (a checkout without ../shared).
The floors are the parser's measured results, only ever raised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scoring import score_page

from banmian import parse_page
from banmian.decode import read_page

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = CORPUS / "seed" / "xihai-2023-01-p2"
DEV = CORPUS / "dev"
DEV_MIN_EXACT = 0.92  # measured 589/633 = 0.930

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")


def _score(stem: Path) -> dict:
    gold = json.loads(stem.with_suffix(".gold.json").read_text(encoding="utf-8"))
    page = parse_page(read_page(stem.with_suffix(".txt")), source=stem.name + ".txt")
    return score_page(gold, page.to_dict())


def test_specimen_page_is_exact() -> None:
    res = _score(SEED)
    assert res["exact"] == res["gold_articles"] == 9


def test_dev_pages_meet_the_floor() -> None:
    results = [_score(p.with_suffix("")) for p in sorted(DEV.glob("*.txt"))]
    exact = sum(r["exact"] for r in results)
    gold = sum(r["gold_articles"] for r in results)
    assert gold and exact / gold >= DEV_MIN_EXACT, f"{exact}/{gold}"
