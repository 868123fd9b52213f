"""The command line through its front door: ``main([...])`` and real subprocesses."""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest

import banmian
from banmian import cli
from banmian.cli import main
from banmian.model import SCHEMA
from banmian.schemafile import load_schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-page.txt"
PAGE_A = "02 综合新闻\n社区食堂\n开进老旧小区\n　　本报讯 3月2日，社区长者食堂\n正式开门迎客。（宋佳音）\n"
PAGE_B = "（上接第一版）在企业和高校之间架\n起沟通桥梁。\n\n责任编辑：韩素秋\n"
VALIDATOR = jsonschema.Draft202012Validator(load_schema())


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A directory with two good pages (UTF-8 and GB18030) and files that are not pages."""
    d = tmp_path / "pages"
    d.mkdir()
    (d / "b-page.txt").write_bytes(PAGE_B.encode("gb18030"))
    (d / "a-page.txt").write_text(PAGE_A, encoding="utf-8")
    (d / "notes.md").write_text("# not a page\n", encoding="utf-8")
    (d / "a-page.gold.json").write_text("{}", encoding="utf-8")
    (d / "sub").mkdir()
    (d / "sub" / "deeper.txt").write_text(PAGE_A, encoding="utf-8")
    return d


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["parse", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_errors(err: str, count: int) -> None:
    lines = err.splitlines()
    assert len(lines) == count, err
    assert all(line.startswith("banmian: error: ") for line in lines), err
    assert "Traceback" not in err


def test_one_file_to_stdout_is_a_valid_page(capsys: pytest.CaptureFixture[str], pages: Path) -> None:
    code, out, err = run(capsys, str(pages / "a-page.txt"))
    assert (code, err) == (0, "")
    doc = json.loads(out)
    VALIDATOR.validate(doc)
    assert doc["schema"] == SCHEMA and doc["source"] == "a-page.txt"
    assert out.startswith('{\n "schema"') and "社区食堂" in out  # indent=1, not \u-escaped
    assert doc == banmian.parse_page(PAGE_A, source="a-page.txt").to_dict()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md", "txt"])
def test_each_format_to_stdout(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, str(SAMPLE), "--format", fmt)
    assert (code, err) == (0, "")
    page = banmian.parse_page(SAMPLE.read_text(encoding="utf-8"), source="sample-page.txt")
    assert out == banmian.export.render(page, fmt)
    if fmt == "json":
        VALIDATOR.validate(json.loads(out))
    if fmt == "jsonl":
        assert all(json.loads(line)["source"] == "sample-page.txt" for line in out.splitlines())


@pytest.mark.parametrize(
    ("fmt", "ext"), [("json", ".json"), ("jsonl", ".jsonl"), ("md", ".md"), ("txt", ".txt")]
)
def test_output_dir_naming(
    capsys: pytest.CaptureFixture[str], pages: Path, tmp_path: Path, fmt: str, ext: str
) -> None:
    outdir = tmp_path / "new" / "out"
    code, out, err = run(capsys, str(pages / "a-page.txt"), "-o", str(outdir), "--format", fmt)
    assert (code, out, err) == (0, "", "")
    assert sorted(p.name for p in outdir.iterdir()) == [f"a-page{ext}"]
    if fmt == "json":
        VALIDATOR.validate(json.loads((outdir / "a-page.json").read_text(encoding="utf-8")))


def test_directory_input_with_output_dir(
    capsys: pytest.CaptureFixture[str], pages: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, str(pages), "--output-dir", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-page.json", "b-page.json"]
    b = json.loads((tmp_path / "out" / "b-page.json").read_text(encoding="utf-8"))
    assert b["source"] == "b-page.txt"
    assert any("上接第一版" in u["text"] for u in b["unassigned"] + b["furniture"]) or b["articles"]


def test_directory_input_to_stdout_is_json_lines_of_pages(
    capsys: pytest.CaptureFixture[str], pages: Path
) -> None:
    code, out, err = run(capsys, str(pages))
    assert (code, err) == (0, "")
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["source"] for d in docs] == ["a-page.txt", "b-page.txt"]  # sorted by name
    for d in docs:
        VALIDATOR.validate(d)


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_several_inputs_to_stdout_get_headers(
    capsys: pytest.CaptureFixture[str], pages: Path, fmt: str
) -> None:
    code, out, _ = run(capsys, str(pages / "b-page.txt"), str(pages / "a-page.txt"), "--format", fmt)
    assert code == 0
    headers = re.findall(r"^==> (.*) <==$", out, flags=re.M)
    assert headers == [str(pages / "b-page.txt"), str(pages / "a-page.txt")]


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = codecs.BOM_UTF16_LE + PAGE_A.replace("\n", "\r\n").encode("utf-16-le")
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    code, out, err = run(capsys, "-")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    VALIDATOR.validate(doc)
    assert doc["source"] is None
    assert doc == banmian.parse_page(PAGE_A).to_dict()


def test_stdin_with_output_dir(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(PAGE_B.encode())))
    code, _, _ = run(capsys, "-", "-o", str(tmp_path), "--format", "md")
    assert code == 0
    assert (tmp_path / "stdin.md").is_file()


def test_bad_files_in_a_batch(capsys: pytest.CaptureFixture[str], pages: Path, tmp_path: Path) -> None:
    (pages / "c-bad.txt").write_bytes(b"abc \xfd\xfe not text \x80")
    (pages / "d-empty.txt").write_bytes("\r\n　　\n".encode())
    outdir = tmp_path / "out"
    code, out, err = run(capsys, str(pages), str(tmp_path / "missing.txt"), "-o", str(outdir))
    assert code == 2
    assert out == ""
    assert sorted(p.name for p in outdir.iterdir()) == ["a-page.json", "b-page.json"]
    assert_one_line_errors(err, 3)
    assert "c-bad.txt: cannot decode as UTF-8, UTF-16 or GB18030; convert it to UTF-8" in err
    assert "d-empty.txt: the page is empty" in err
    assert "missing.txt: no such file" in err


def test_bad_file_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, str(tmp_path / "nope.txt"))
    assert (code, out) == (2, "")
    assert_one_line_errors(err, 1)


def test_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path))
    assert code == 2
    assert_one_line_errors(err, 1)
    assert "no *.txt files" in err


def test_bad_output_dir(capsys: pytest.CaptureFixture[str], pages: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for outdir in (blocker, blocker / "below"):
        code, out, err = run(capsys, str(pages), "-o", str(outdir))
        assert (code, out) == (2, "")
        assert_one_line_errors(err, 1)
        assert "-o" in err


def test_same_stem_twice_is_not_overwritten(
    capsys: pytest.CaptureFixture[str], pages: Path, tmp_path: Path
) -> None:
    (pages / "sub" / "a-page.txt").write_text(PAGE_B, encoding="utf-8")
    code, _, err = run(
        capsys, str(pages / "a-page.txt"), str(pages / "sub" / "a-page.txt"), "-o", str(tmp_path / "o")
    )
    assert code == 2
    assert_one_line_errors(err, 1)
    assert "would overwrite" in err
    assert json.loads((tmp_path / "o" / "a-page.json").read_text(encoding="utf-8"))["articles"] is not None


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(SAMPLE), "--explain")
    assert code == 0
    doc = json.loads(out)
    assert "trail" in doc
    VALIDATOR.validate(doc)
    code, out, err = run(capsys, str(SAMPLE), "--explain", "--format", "md")
    assert (code, out) == (2, "")
    assert_one_line_errors(err, 1)


def test_parser_bug_is_reported_and_the_batch_goes_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path
) -> None:
    real = cli.parse_page

    def flaky(text: str, source: str | None = None, *, explain: bool = False) -> banmian.Page:
        if source == "a-page.txt":
            raise RuntimeError("boom")
        return real(text, source=source, explain=explain)

    monkeypatch.setattr(cli, "parse_page", flaky)
    monkeypatch.delenv("BANMIAN_DEBUG", raising=False)
    code, _, err = run(capsys, str(pages), "-o", str(tmp_path / "o"))
    assert code == 1
    assert_one_line_errors(err, 1)
    assert "internal error (RuntimeError: boom)" in err
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["b-page.json"]


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["parse"], ["parse", "x", "--format", "xml"], ["frobnicate"], []):
        assert main(argv) == 2
        _, err = capsys.readouterr()
        assert_one_line_errors(err, 1)


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"banmian {banmian.__version__}\n"
    assert main(["parse", "--help"]) == 0
    assert "--format" in capsys.readouterr().out


def _help_options(text: str) -> set[str]:
    section = text.split("options:", 1)[1]
    return set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", section))


def _documented_options(doc: str) -> set[str]:
    section = doc.split("### Options", 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {flag for row in rows for flag in re.findall(r"`(--?[a-z][a-z-]*)", row)}


def test_docs_cli_options_match_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--help"]) == 0
    help_text = capsys.readouterr().out
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert (
        _documented_options(doc)
        == _help_options(help_text)
        == {"-h", "--help", "-o", "--output-dir", "--format", "--explain"}
    )
    choices = re.search(r"--format \{([a-z,]+)\}", help_text)
    assert choices is not None
    synopsis = doc.split("```", 2)[1]
    assert f"--format {'|'.join(choices.group(1).split(','))}" in synopsis
    for flag in _help_options(help_text) - {"-h", "--help", "--output-dir"}:
        assert flag in synopsis


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BANMIAN_DEBUG", None)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["LC_ALL"] = "C"  # output must be UTF-8 whatever the locale
    return env


def test_subprocess_module_json_validates() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "banmian", "parse", str(SAMPLE)],
        capture_output=True,
        env=_subprocess_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))
    VALIDATOR.validate(doc)
    assert doc["source"] == "sample-page.txt"


def test_subprocess_batch_with_bad_file(tmp_path: Path, pages: Path) -> None:
    (pages / "c-bad.txt").write_bytes(b"\x80\x80\x80")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "banmian",
            "parse",
            str(pages),
            "--format",
            "jsonl",
            "-o",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        env=_subprocess_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert_one_line_errors(err, 1)
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a-page.jsonl", "b-page.jsonl"]


def test_console_script_stdin() -> None:
    script = Path(sys.executable).parent / "banmian"
    if not script.exists():
        pytest.skip("the banmian console script is not installed next to this python")
    proc = subprocess.run(
        [str(script), "parse", "-", "--format", "json"],
        input=PAGE_A.encode("gb18030"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    VALIDATOR.validate(json.loads(proc.stdout))
