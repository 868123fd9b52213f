"""From bytes on disk to the text of one page.

A page dump arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM (as Windows tools
write it) or GB18030/GBK (as older Chinese tools write it).  ``decode_bytes`` finds out
which, strictly: it never guesses its way past a byte it cannot decode and never replaces
characters, so whatever it returns is exactly the text of the file.

The only changes made to the text are to line breaks, so that the parser sees one kind:
CRLF and lone CR become LF, and a form feed (a page or column break in some extractors'
output) becomes a line break too.  Nothing else is normalized — no NFKC, no full-width to
half-width, no whitespace trimming — because the indents (U+3000) and the exact characters
are evidence the parser uses.

Every failure is an ``InputError`` with a one-line message saying what to do.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from banmian.errors import InputError

__all__ = ["decode_bytes", "detect_encoding", "normalize_newlines", "read_page"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CANNOT = "cannot decode as UTF-8, UTF-16 or GB18030; convert it to UTF-8"


def _sniff(data: bytes) -> tuple[str, str] | None:
    """Return (name, decoded text) for the first encoding that fits ``data``, or ``None``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return name, data[len(bom) :].decode(name.removesuffix("-sig"), errors="strict")
            except UnicodeDecodeError:
                return None
    for name in ("utf-8", "gb18030"):
        try:
            return name, data.decode(name, errors="strict")
        except UnicodeDecodeError:
            continue
    return None


def detect_encoding(data: bytes) -> str:
    """Return the name of the encoding ``decode_bytes`` reads ``data`` in.

    A BOM decides (``utf-8-sig``, ``utf-16-le``, ``utf-16-be``); without one, ``utf-8`` if
    the bytes are valid UTF-8, else ``gb18030`` if they are valid GB18030 (a superset of
    GBK and GB2312).  Raises ``InputError`` when the bytes are valid in none of them.
    """
    found = _sniff(data)
    if found is None:
        raise InputError(f"<input>: {_CANNOT}", name="<input>")
    return found[0]


def normalize_newlines(text: str) -> str:
    """Turn CRLF, lone CR and form feed into LF; leave every other character alone."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        text = text.replace("\f", "\n")
    return text


def decode_bytes(data: bytes, *, name: str = "<input>") -> str:
    """Decode the bytes of one page dump to its text, with LF line breaks.

    Contract:
    - a UTF-8 BOM, UTF-16 LE BOM or UTF-16 BE BOM selects that encoding (the BOM is dropped);
    - otherwise strict UTF-8 is tried first, then strict GB18030 (which covers GBK/GB2312);
    - CRLF and lone CR become LF, form feed becomes LF; nothing else is changed;
    - raises ``InputError`` (message prefixed with ``name``) when the bytes decode in none of
      these encodings, when the text contains NUL characters (a binary file, or UTF-16
      without a BOM), or when the page is empty or only whitespace.
    """
    found = _sniff(data)
    if found is None:
        raise InputError(f"{name}: {_CANNOT}", name=name)
    text = found[1]
    if "\x00" in text:
        raise InputError(
            f"{name}: contains NUL bytes (a binary file, or UTF-16 without a BOM?); convert it to UTF-8 text",
            name=name,
        )
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: the page is empty; give a text dump of a newspaper page", name=name)
    return text


def read_page(path: str | os.PathLike[str]) -> str:
    """Read one page dump from ``path`` and return its text as ``decode_bytes`` does.

    Raises ``InputError`` (never ``OSError``) when the file is missing, is a directory, or
    cannot be read, and for everything ``decode_bytes`` rejects.  The message names the path
    as given.
    """
    name = os.fspath(path)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path", name=name) from None
    except IsADirectoryError:
        raise InputError(
            f"{name}: is a directory; give a page file (the CLI accepts directories)", name=name
        ) from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable", name=name) from None
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e}); check the file", name=name) from None
    return decode_bytes(data, name=name)
