"""A real browser against ``banmian serve``: Playwright drives Debian's Chromium (headless,
``executable_path=/usr/bin/chromium``; no browser is ever downloaded).

The test starts ``banmian serve`` in a subprocess on a free loopback port, searches, opens the
article, follows its continuation link to the part on the next page, and saves a screenshot,
which must not be blank (decoded here with ``zlib`` / ``struct``: several colours, and more
than a sliver of the image away from the background colour).

Skipped, with the reason, when ``/usr/bin/chromium`` or the Playwright package is missing;
``scripts/test.sh`` installs Chromium in CI (``scripts/install_browser.sh``).
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from pathlib import Path

import pytest
from test_web_app import build_archive

from banmian.web.server import serve_in_subprocess

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing: run scripts/install_browser.sh as root (Debian packages chromium, "
    "fonts-wqy-microhei), or scripts/test.sh with CI=1 or BANMIAN_INSTALL_BROWSER=1",
)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixels (as bytes) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, rows = bytearray(stride), []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    pixels = [row[x : x + 3] for row in rows for x in range(0, stride, bpp)]
    return width, height, pixels


def test_search_open_article_follow_continuation_screenshot(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    db = build_archive(tmp_path / "archive")
    with serve_in_subprocess(db, timeout=20.0) as base, sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1100, "height": 900},
            timeout=30_000,
        )
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(base + "/")
            page.fill("#q", "东西部协作")
            page.click("form.search button[type=submit]")
            page.wait_for_url("**/search?q=*")
            assert page.locator("mark").first.inner_text() == "东西部协作"
            page.locator("ol.hits .title a", has_text="东西部协作结硕果").first.click()
            page.wait_for_url("**/article/*")
            assert "Continued on page 2" in page.inner_text(".article")
            first_url = page.url
            page.click("a.part")
            page.wait_for_url("**/article/*")
            assert page.url != first_url
            assert "Continued from page 1" in page.inner_text(".article")
            assert "帮扶车间开到了村口" in page.inner_text(".article .body")
            assert page.locator("ol.lines li.own").count() >= 3
            shot = tmp_path / "article.png"
            page.screenshot(path=str(shot), full_page=False)
        finally:
            context.close()
    data = shot.read_bytes()
    assert len(data) > 10_000, f"screenshot is only {len(data)} bytes"
    width, height, pixels = png_pixels(data)
    assert (width, height) == (1100, 900)
    colours = Counter(pixels)
    background, most = colours.most_common(1)[0]
    assert len(colours) > 50, f"only {len(colours)} colours"
    assert len(pixels) - most > len(pixels) // 50, "the screenshot is (almost) one colour"
