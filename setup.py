"""The compiled parser (optional): ``BANMIAN_COMPILE=1 pip install .`` builds these modules
with mypyc (see ``build_backend/banmian_build.py``); everything else is in pyproject.toml."""

import os

from setuptools import setup

# the text parser's modules: the ones a page passes through, typed throughout
COMPILED = ["model", "decode", "textfix", "lines", "credits", "column", "cuts", "roles", "stories", "assign", "briefs", "pipeline"]


def _ext_modules() -> list:
    if os.environ.get("BANMIAN_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    return mypycify([f"src/banmian/{name}.py" for name in COMPILED], opt_level="3")


setup(ext_modules=_ext_modules())
