"""decode_bytes / read_page: every supported encoding, line breaks, and every refusal."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from banmian.decode import decode_bytes, detect_encoding, normalize_newlines, read_page
from banmian.errors import InputError

PAGE = "02 综合新闻\n　　□记者 林晓帆 报道\n　　本报讯 3月4日，青澜新区\n“一站式”服务（上接第一版）\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16-be"),
        (PAGE.encode("gb18030"), "gb18030"),
        (PAGE.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030", "gbk"],
)
def test_each_encoding_decodes_to_the_same_text(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding
    assert decode_bytes(data) == PAGE


def test_bom_is_dropped_not_kept_as_a_character() -> None:
    assert not decode_bytes(codecs.BOM_UTF8 + "版面".encode()).startswith("\ufeff")
    assert decode_bytes(codecs.BOM_UTF16_LE + "版面".encode("utf-16-le")) == "版面"


def test_gb18030_only_characters() -> None:
    # 𠀀 (U+20000) and € are outside GBK's two-byte range but in GB18030.
    text = "𠀀 €10 䶮\n"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == text


def test_ascii_is_read_as_utf8() -> None:
    assert detect_encoding(b"plain 2026\n") == "utf-8"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("甲\r\n乙\r\n", "甲\n乙\n"),
        ("甲\r乙\r", "甲\n乙\n"),
        ("甲\r\n乙\r丙\n丁", "甲\n乙\n丙\n丁"),
        ("甲\f乙", "甲\n乙"),
        ("甲\r\n\f乙", "甲\n\n乙"),
    ],
    ids=["crlf", "lone-cr", "mixed", "form-feed", "crlf-then-ff"],
)
def test_line_breaks(raw: str, expected: str) -> None:
    assert normalize_newlines(raw) == expected
    assert decode_bytes(raw.encode("utf-8")) == expected
    assert decode_bytes(codecs.BOM_UTF16_LE + raw.encode("utf-16-le")) == expected


def test_no_other_normalization() -> None:
    # full-width digits and letters, ideographic spaces, tabs, trailing spaces survive as is
    text = "　　２０２６年ＡＢＣ\t  \n\u3000 结尾 \n"
    assert decode_bytes(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    "data",
    [
        b"abc\xff\xfe\xfd",  # valid in neither UTF-8 nor GB18030
        b"\x80abc",  # a lone 0x80 is invalid in GB18030 too
        codecs.BOM_UTF16_LE + b"a\x00b",  # odd number of bytes after a UTF-16 BOM
        codecs.BOM_UTF8 + b"\xff\xff",  # a UTF-8 BOM in front of non-UTF-8 bytes
    ],
    ids=["garbage", "lone-0x80", "odd-utf16", "bad-after-bom"],
)
def test_undecodable_raises_input_error(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, name="page.txt")
    msg = str(err.value)
    assert msg.startswith("page.txt: cannot decode")
    assert "convert it to UTF-8" in msg
    assert "\n" not in msg


def test_nul_bytes_are_refused() -> None:
    # UTF-16 without a BOM is valid UTF-8 for ASCII, but full of NULs
    with pytest.raises(InputError, match="NUL"):
        decode_bytes("page 2".encode("utf-16-le"), name="p.txt")


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \t\r\n", "　　\n".encode(), b"\f\f", codecs.BOM_UTF8])
def test_empty_page_raises_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^p\.txt: the page is empty"):
        decode_bytes(data, name="p.txt")


def test_read_page(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_bytes(codecs.BOM_UTF16_BE + PAGE.replace("\n", "\r\n").encode("utf-16-be"))
    assert read_page(f) == PAGE
    assert read_page(str(f)) == PAGE


def test_read_page_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as err:
        read_page(missing)
    assert str(err.value) == f"{missing}: no such file; check the path"
    assert err.value.name == str(missing)


def test_read_page_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_page(tmp_path)


def test_input_error_is_one_line() -> None:
    assert str(InputError("a\nb\r\nc")) == "a b c"
