"""``banmian ingest`` and ``banmian search`` through the front door: ``main([...])`` and a
real subprocess; their docs in ``docs/cli.md`` against ``--help``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from archive_pages import HAND_PAGE, write_pages

from banmian.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    pages = tmp_path / "pages"
    write_pages(pages, range(4000, 4012))
    hand = pages / "rmrb" / "2023-01-17" / "02.txt"
    hand.parent.mkdir(parents=True)
    hand.write_text(HAND_PAGE, encoding="utf-8")
    path = tmp_path / "a.db"
    assert main(["ingest", str(pages), "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and re.fullmatch(
        r"13 pages added \(\d+ articles\), 0 replaced, 0 unchanged, 0 failed in .*\n", out
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_text_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "东西部协作", "--db", str(db))
    assert (code, err) == (0, "")
    assert out.startswith("1. 东西部协作结硕果\n   2023-01-17 rmrb p.2 #0  news  score ")
    assert "[东西部协作]" in out
    code, out, err = run(capsys, "search", "东西部协作", "--db", str(db), "--json")
    hits = json.loads(out)
    assert (code, err, len(hits)) == (0, "", 1)
    assert hits[0]["headline"] == ["东西部协作结硕果"] and hits[0]["source"].endswith("02.txt")
    assert isinstance(hits[0]["score"], float) and "[东西部协作]" in hits[0]["snippet"]


def test_limit_and_filters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "search", "的", "--db", str(db), "--json", "--limit", "0")
    every = json.loads(out)
    _, out, _ = run(capsys, "search", "的", "--db", str(db), "--json")
    assert len(every) > 20 and len(json.loads(out)) == 20
    _, out, _ = run(capsys, "search", "的", "--db", str(db), "--json", "--limit", "0", "--paper", "rmrb")
    assert {h["paper"] for h in json.loads(out)} == {"rmrb"} or json.loads(out) == []
    _, out, _ = run(
        capsys,
        "search",
        "服务",
        "--db",
        str(db),
        "--json",
        "--limit",
        "0",
        "--paper",
        "rmrb",
        "--from",
        "2023-01-17",
        "--to",
        "2023-01-17",
        "--page",
        "2",
        "--kind",
        "news",
    )
    assert len(json.loads(out)) >= 2
    code, out, _ = run(capsys, "search", "服务", "--db", str(db), "--from", "2030-01-01")
    assert (code, out) == (0, "no hits\n")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["search", '"就业'], 'query: a " is not closed'),
        (["search", "(就业"], "query: a ( is not closed"),
        (["search", "*"], "query: * has no letter"),
        (["search", "NOT 就业"], "query: NOT only removes hits"),
        (["search", "就业", "--limit", "-1"], "not a limit"),
        (["search", "就业", "--from", "2023-02-30"], "not a date"),
        (["search", "就业", "--from", "2023-02-02", "--to", "2023-01-01"], "is after --to"),
        (["search", "就业", "--kind", "poem"], "invalid choice"),
        (["ingest", "x.txt", "--page", "0"], "not a positive number"),
    ],
)
def test_user_errors_are_one_line(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, out, err = run(capsys, *argv, "--db", str(db))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("banmian: error: ") and needle in err, err


def test_missing_and_foreign_archives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "就业", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no archive here" in err and len(err.splitlines()) == 1
    junk = tmp_path / "junk.db"
    junk.write_text("hello" * 100, encoding="utf-8")
    for argv in (["search", "就业"], ["ingest", str(junk)]):
        code, _, err = run(capsys, *argv, "--db", str(junk))
        assert code == 2 and err.startswith("banmian: error: ") and len(err.splitlines()) == 1


def test_ingest_batch_with_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, range(3))
    (pages / "bad.txt").write_bytes(b"\xff\xfe\xfd" * 3 + b"abc\xff")
    code, out, err = run(capsys, "ingest", str(pages), "--db", str(tmp_path / "a.db"))
    assert code == 2 and out.startswith("3 pages added")
    assert err.splitlines() == [err.strip()] and "bad.txt" in err
    code, out, err = run(capsys, "ingest", str(pages / "p0000.txt"), "--db", str(tmp_path / "a.db"))
    assert (code, err) == (0, "") and out.startswith("0 pages added (0 articles), 0 replaced, 1 unchanged")


def test_subprocess_ingest_and_search(tmp_path: Path) -> None:
    (tmp_path / "2023-01-17").mkdir()
    (tmp_path / "2023-01-17" / "02.txt").write_text(HAND_PAGE, encoding="utf-8")
    env = dict(os.environ)
    env.pop("BANMIAN_DEBUG", None)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["LC_ALL"] = "C"
    ingest = subprocess.run(
        [sys.executable, "-m", "banmian", "ingest", "2023-01-17"], cwd=tmp_path, env=env, capture_output=True
    )
    assert ingest.returncode == 0 and (tmp_path / "banmian.db").exists(), ingest.stderr
    found = subprocess.run(
        [sys.executable, "-m", "banmian", "search", "金融服务", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
    )
    assert found.returncode == 0 and found.stderr == b""
    hits = json.loads(found.stdout.decode("utf-8"))
    assert [h["source"] for h in hits] == [os.path.join("2023-01-17", "02.txt")]


# -- docs/cli.md against --help ------------------------------------------------------------


def _help_options(text: str) -> set[str]:
    section = text.split("options:", 1)[1]
    return set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", section))


@pytest.mark.parametrize("command", ["ingest", "search"])
def test_docs_match_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert main([command, "--help"]) == 0
    help_text = capsys.readouterr().out
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = doc.split(f"## `banmian {command}`", 1)[1].split("\n## ", 1)[0]
    table = section.split("### Options", 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    documented = {flag for row in rows for flag in re.findall(r"`(--?[a-z][a-z-]*)", row)}
    assert documented == _help_options(help_text)
    synopsis = doc.split("```", 2)[1]
    for flag in documented - {"-h", "--help"}:
        assert flag in synopsis.split(f"banmian {command}", 1)[1].split("banmian ", 1)[0], flag
