"""Golden whole-page cases: every article of each hand-written page must come out exact.

Each case is ``tests/golden/<category>/<name>.txt`` with its gold ``<name>.gold.json`` (the
``newspaper-page-gold/1`` format of the evaluation corpus).  A case listed in
``tests/golden/known_failures.txt`` (one ``category/name.txt`` per line, ``#`` comments) is a
strict xfail: once it passes, the test fails until the line is removed from the list.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scoring import describe, flat, score_page

from banmian import parse_page

GOLDEN = Path(__file__).parent / "golden"
JUMP = re.compile(r"（(?:上接|下转|转)第 ?[0-9一二三四五六七八九十]+ ?版）")
KNOWN_FAILURES = GOLDEN / "known_failures.txt"


def known_failures() -> set[str]:
    """Case paths (relative to ``tests/golden``) listed as known failures."""
    out = set()
    for raw in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.add(entry)
    return out


def cases() -> list[str]:
    """Every case path, sorted; each has a sibling ``.gold.json``."""
    return sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.glob("*/*.txt"))


def _params() -> list:
    failing = known_failures()
    return [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="listed in known_failures.txt"))
        if c in failing
        else c
        for c in cases()
    ]


def test_case_files_are_consistent() -> None:
    names = cases()
    assert 12 <= len(names) <= 60
    assert known_failures() <= set(names), "known_failures.txt lists a case that does not exist"
    for name in names:
        gold = json.loads(
            (GOLDEN / name).with_suffix("").with_suffix(".gold.json").read_text(encoding="utf-8")
        )
        assert gold["format"] == "newspaper-page-gold/1" and gold["articles"], name
        text = flat(JUMP.sub("", (GOLDEN / name).read_text(encoding="utf-8")))
        for a in gold["articles"]:
            assert all(flat(p) in text for p in a["paragraphs"]), (name, a["headline"])


@pytest.mark.parametrize("name", _params())
def test_golden_case(name: str) -> None:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    _assert_exact(name, text)


def _assert_exact(name: str, text: str) -> None:
    gold = json.loads((GOLDEN / name).with_suffix("").with_suffix(".gold.json").read_text(encoding="utf-8"))
    res = score_page(gold, parse_page(text, source=name).to_dict())
    assert res["exact"] == res["gold_articles"] and res["spurious_pred"] == 0, f"{name}\n{describe(res)}"


@pytest.mark.parametrize("name", [c for c in cases() if c not in known_failures()])
def test_golden_case_with_tab_indents(name: str) -> None:
    """An extractor that writes each two-glyph paragraph indent as one tab changes nothing."""
    text = (GOLDEN / name).read_text(encoding="utf-8")
    _assert_exact(name, re.sub(r"(?m)^\u3000\u3000", "\t", text))
