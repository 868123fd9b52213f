"""The optional compiled parser (``BANMIAN_COMPILE=1 pip install .``, mypyc) gives exactly
the pure-Python parser's output.

Builds the wheel the way a user would (the project's own build backend, setup.py and the
test extra's mypy), from a copy of the checkout, unpacks it, and parses the same pages in a
subprocess that imports the compiled modules.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from banmian import parse_page
from banmian.synth import generate_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = [(seed, 3500) for seed in range(60)] + [(seed, 20000) for seed in range(3)]

DIGEST = """
import hashlib, json, sys
import banmian.lines
from banmian import parse_page
from banmian.synth import generate_page
h = hashlib.sha256()
for seed, size in json.loads(sys.argv[1]):
    page = parse_page(generate_page(seed, target_chars=size).text, explain=True)
    h.update(json.dumps(page.to_dict(), ensure_ascii=False, sort_keys=True).encode())
print(banmian.lines.__file__, h.hexdigest())
"""


def _digest() -> str:
    h = hashlib.sha256()
    for seed, size in PAGES:
        page = parse_page(generate_page(seed, target_chars=size).text, explain=True)
        h.update(json.dumps(page.to_dict(), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


@pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None, reason="no C compiler")
def test_the_compiled_parser_gives_the_same_pages(tmp_path: Path) -> None:
    pytest.importorskip("mypyc")
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("*.so", "__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "build_backend", src / "build_backend")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    env = {**os.environ, "BANMIAN_COMPILE": "1"}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "wheel"), str(src)],
        check=True,
        env=env,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("banmian-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    assert list((site / "banmian").glob("pipeline*.so")), "the wheel has no compiled modules"
    out = subprocess.run(
        [sys.executable, "-c", DIGEST, json.dumps(PAGES)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
    ).stdout.split()
    assert out[0].endswith(".so")  # the compiled module was the one imported
    assert out[1] == _digest()


@pytest.mark.parametrize(
    ("hook", "args"),
    [("get_requires_for_build_editable", ()), ("prepare_metadata_for_build_editable", ("meta",)), ("build_editable", ("wheel",))],
)
def test_an_editable_install_is_never_compiled(monkeypatch: pytest.MonkeyPatch, hook: str, args: tuple) -> None:
    # pip runs every hook in a process of its own: each editable hook must drop the variable
    sys.path.insert(0, str(ROOT / "build_backend"))
    try:
        import banmian_build
    finally:
        sys.path.remove(str(ROOT / "build_backend"))
    seen = {}
    monkeypatch.setenv("BANMIAN_COMPILE", "1")
    monkeypatch.setattr(banmian_build._setuptools, hook, lambda *a, **k: seen.setdefault("env", os.environ.get("BANMIAN_COMPILE")))
    getattr(banmian_build, hook)(*args)
    assert seen["env"] is None
