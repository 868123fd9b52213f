"""The optional compiled parser (``BANMIAN_COMPILE=1 pip install .``, mypyc) gives exactly
the pure-Python parser's output.

Builds the wheel the way a user would (the project's own build backend, setup.py and the
test extra's mypy), from a copy of the checkout, unpacks it, and parses the same pages with
one script in two fresh interpreters: one importing the compiled modules, one the checkout's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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


def _digest(pythonpath: str | None, cwd: Path) -> tuple[str, str]:
    """(file of ``banmian.lines`` imported, hash of the parsed pages) in a fresh interpreter,
    with ``pythonpath`` ahead of the environment's own packages (None: the checkout's)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    out = subprocess.run(
        [sys.executable, "-c", DIGEST, json.dumps(PAGES)], check=True, capture_output=True, text=True, env=env, cwd=cwd
    ).stdout.split()
    return out[0], out[1]


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
    compiled_file, compiled = _digest(str(site), tmp_path)
    pure_file, pure = _digest(None, tmp_path)
    assert compiled_file.endswith(".so") and pure_file.endswith(".py")  # each imported what it should
    assert compiled == pure


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
