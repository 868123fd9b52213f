"""banmian's PEP 517 build backend: setuptools, plus an optional compiled parser.

``BANMIAN_COMPILE=1 pip install .`` compiles the parser's modules (``setup.py``,
``COMPILED``) with mypyc (pinned below, fetched into the build environment only then) into
C extensions beside the pure-Python package; output is identical, a page parses about
1.4x faster (``bench/bench_parse.py``). Without the variable, the package is pure Python.

An editable install (``pip install -e .``) is always pure Python, whatever the variable
says: compiled modules would shadow the sources being edited.
"""

from __future__ import annotations

import os

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - every hook not defined here is setuptools' own

MYPY = "mypy==2.4.1"  # mypyc, the compiler of the parser's modules


def _compiling() -> bool:
    return os.environ.get("BANMIAN_COMPILE") == "1"


def get_requires_for_build_wheel(config_settings=None):  # noqa: ANN001, ANN201 - PEP 517 signature
    if not _compiling():
        return _setuptools.get_requires_for_build_wheel(config_settings)
    # setuptools runs setup.py to answer, before mypyc is there: ask it for a plain build
    os.environ["BANMIAN_COMPILE"] = "0"
    try:
        return [*_setuptools.get_requires_for_build_wheel(config_settings), MYPY]
    finally:
        os.environ["BANMIAN_COMPILE"] = "1"


# pip runs each hook in a process of its own: every editable hook drops the variable
def get_requires_for_build_editable(config_settings=None):  # noqa: ANN001, ANN201
    os.environ.pop("BANMIAN_COMPILE", None)
    return _setuptools.get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):  # noqa: ANN001, ANN201
    os.environ.pop("BANMIAN_COMPILE", None)
    return _setuptools.prepare_metadata_for_build_editable(metadata_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):  # noqa: ANN001, ANN201
    os.environ.pop("BANMIAN_COMPILE", None)
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
