"""The JSON Schema of banmian's page output, shipped inside the package.

``src/banmian/schema/page.schema.json`` (draft 2020-12) describes ``Page.to_dict()`` — the
``banmian.page/1`` document that ``banmian parse --format json`` writes — and is documented
field by field in ``docs/schema.md``.  It is package data, so it is available from an
installed wheel as well as from a source checkout.  banmian itself does not depend on a
validator; to validate, install ``jsonschema`` and use ``load_schema()``::

    import jsonschema
    from banmian.schemafile import load_schema
    jsonschema.Draft202012Validator(load_schema()).validate(page.to_dict())
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_FILE", "load_schema", "schema_text"]

#: Where the schema lives, relative to the ``banmian`` package.
SCHEMA_FILE = "schema/page.schema.json"


@cache
def schema_text() -> str:
    """Return the schema file's text exactly as shipped (UTF-8); read once, then cached."""
    return resources.files("banmian").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """Return the page schema as a fresh ``dict`` (callers may mutate their copy).

    Raises ``FileNotFoundError`` only if the package was installed without its data files,
    which is a packaging bug.
    """
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
