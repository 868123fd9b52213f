"""Characters with boxes and type sizes from the pages of a PDF, read with pypdfium2.

``read_pdf(path)`` opens a document and returns, per page, its size and its printed
characters as columns (``Chars``: the characters, their loose boxes in top-down page
coordinates, their type sizes) cut into *runs*: glyphs that follow each other in the
content stream on one baseline band with small gaps (usually one text object, a printed
line or a piece of one).  Only characters the content stream prints are kept: the spaces
and line ends pdfium generates, control characters and printed blanks are left out (a blank
is seen again as a gap between glyphs by ``layout``).

Speed: pdfium has no bulk call for character boxes, so each printed character costs one
``FPDFText_GetLooseCharBox`` call, made through a ctypes prototype without argument
conversion (half the call cost); the text comes in one ``FPDFText_GetText`` call, and the
font size (``FPDFText_GetFontSize``) is asked only where the baseline may change: when the
box bottom (baseline plus the font's descent) differs from the previous glyph's or the
glyph does not follow it on its line.  The runs are cut in the same pass.

Contracts:
- coordinates are PDF points with the origin at the page's top-left corner and y growing
  downwards (``top < bottom``), so reading order sorts by ``(top, left)``;
- a size is the font size pdfium reports (text matrix applied), or the box height when
  pdfium reports none;
- ``Chars.from_glyphs(glyphs)`` cuts the runs of hand-made glyphs by the same rule
  (``continues``) as the extraction;
- a file that is missing, not a PDF, encrypted or damaged, and a document none of whose pages
  has a text layer, raise ``banmian.errors.InputError`` with a one-line message (the CLI
  prints it and exits 2); a scanned page among text pages comes back with no glyphs.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from banmian.errors import InputError
from banmian.lines import Box

__all__ = ["BAND_EM", "RUN_GAP_EM", "Chars", "Glyph", "PdfPageText", "continues", "iter_pdf", "read_pdf"]

_SKIP = frozenset((0xA0, 0x3000, 0xFFFE, 0xFFFF, 0xFEFF))
_SKIP_CHARS = frozenset(map(chr, _SKIP))
BAND_EM = 0.3  # glyph centres within this many ems (of the smaller type) share a baseline band
RUN_GAP_EM = 0.6  # a wider gap ends a run (narrower than any column gutter)
BACK_EM = 0.5  # a glyph may start this far left of the previous one's right edge (kerning)


class Glyph(NamedTuple):
    """One printed character: its text, loose box (top-down coordinates) and type size."""

    char: str
    left: float
    top: float
    right: float
    bottom: float
    size: float

    @property
    def cy(self) -> float:
        """The vertical centre of the box."""
        return (self.top + self.bottom) / 2


def continues(prev: Glyph, g: Glyph) -> bool:
    """True when ``g`` goes on the run of ``prev``: same baseline band, a small gap."""
    em = min(prev.size, g.size)
    return abs(g.cy - prev.cy) <= BAND_EM * em and -BACK_EM * em <= g.left - prev.right <= RUN_GAP_EM * em


class Chars(NamedTuple):
    """The printed glyphs of a page as columns (index ``k`` is one glyph), in content order.

    ``starts`` holds the index of each run's first glyph (ascending, ``0`` first when there
    are glyphs); a run ends where the next begins.
    """

    text: str
    left: list[float]
    top: list[float]
    right: list[float]
    bottom: list[float]
    size: list[float]
    starts: list[int]

    def glyph(self, k: int) -> Glyph:
        """Glyph ``k`` as a ``Glyph``."""
        return Glyph(self.text[k], self.left[k], self.top[k], self.right[k], self.bottom[k], self.size[k])

    def glyphs(self) -> tuple[Glyph, ...]:
        """Every glyph as a ``Glyph`` (for tests and debugging: the layout reads the columns)."""
        return tuple(
            map(Glyph, self.text, self.left, self.top, self.right, self.bottom, self.size)  # type: ignore[arg-type]
        )

    def runs(self) -> list[range]:
        """The glyph indexes of each run."""
        ends = [*self.starts[1:], len(self.text)]
        return [range(a, b) for a, b in zip(self.starts, ends, strict=True)]

    @classmethod
    def from_glyphs(cls, glyphs: Sequence[Glyph]) -> Chars:
        """Columns of ``glyphs`` (in the given order), runs cut by ``continues``."""
        if not glyphs:
            return cls("", [], [], [], [], [], [])
        starts = [k for k in range(len(glyphs)) if k == 0 or not continues(glyphs[k - 1], glyphs[k])]
        text, left, top, right, bottom, size = zip(*glyphs, strict=True)
        return cls("".join(text), [*left], [*top], [*right], [*bottom], [*size], starts)


@dataclass(frozen=True, slots=True)
class PdfPageText:
    """The glyphs of one PDF page (``number`` is 1-based) in content-stream order, and the
    boxes of its pictures (``figures``: images and filled shapes, such as photos)."""

    number: int
    width: float
    height: float
    chars: Chars
    figures: tuple[Box, ...] = ()

    @property
    def glyphs(self) -> tuple[Glyph, ...]:
        """The glyphs one by one (built on demand; the layout reads ``chars``)."""
        return self.chars.glyphs()


def _open(path: str | Path) -> Any:
    import pypdfium2 as pdfium

    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise InputError(f"{name}: no such file; check the path", name=name)
    try:
        with p.open("rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise InputError(
            f"{name}: cannot read ({e.strerror or e}); check its permissions", name=name
        ) from None
    if b"%PDF-" not in head:
        raise InputError(f"{name}: not a PDF file (no %PDF- header); give a PDF or a text dump", name=name)
    try:
        return pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as e:
        raise InputError(
            f"{name}: cannot open this PDF ({e}); repair it or remove its password first", name=name
        ) from None


_FAST: dict[str, Any] = {}


def _fast(name: str, restype: Any = ctypes.c_int) -> Any:
    """The pdfium function ``name`` without ctypes argument conversion (half the call cost).

    Called with a text page handle, a Python int and, for the boxes, a ``byref``.
    """
    fn = _FAST.get(name)
    if fn is None:
        import pypdfium2.raw as raw

        addr = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
        fn = _FAST[name] = ctypes.CFUNCTYPE(restype)(addr)
    return fn


_FIGURE_MIN = 1.0  # pictures thinner than this (points) are rules, not figures


def _figures(page: Any, height: float) -> tuple[Box, ...]:
    """The boxes of the page's images and filled shapes (top level of the content stream)."""
    import pypdfium2.raw as raw

    vp, ci = ctypes.c_void_p, ctypes.c_int
    count = _proto("FPDFPage_CountObjects", ci, vp)
    get = _proto("FPDFPage_GetObject", vp, vp, ci)
    kind = _proto("FPDFPageObj_GetType", ci, vp)
    mode = _proto("FPDFPath_GetDrawMode", ci, vp, vp, vp)
    bounds = _proto("FPDFPageObj_GetBounds", ci, vp, vp, vp, vp, vp)
    image, path = raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    box = (ctypes.c_float * 4)()
    b0, b1, b2, b3 = (ctypes.byref(box, 4 * k) for k in range(4))
    handle = ctypes.cast(page.raw, vp).value
    out: list[Box] = []
    for i in range(count(handle)):
        obj = get(handle, i)
        t = kind(obj)
        if t == path:
            if not mode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not fill.value:
                continue
        elif t != image:
            continue
        if bounds(obj, b0, b1, b2, b3):  # left, bottom, right, top in PDF space
            left, bottom, right, top = box
            if right - left >= _FIGURE_MIN and top - bottom >= _FIGURE_MIN:
                out.append((left, height - top, right, height - bottom))
    return tuple(out)


def _proto(name: str, restype: Any, *argtypes: Any) -> Any:
    """The pdfium function ``name`` with exact prototypes (pointers as ``c_void_p``)."""
    key = f"{name}/proto"
    fn = _FAST.get(key)
    if fn is None:
        import pypdfium2.raw as raw

        addr = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
        fn = _FAST[key] = ctypes.CFUNCTYPE(restype, *argtypes)(addr)
    return fn


def _page_text(raw: Any, handle: Any, n: int) -> str:
    """The text page's characters, one ``str`` character per pdfium character index."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = raw.FPDFText_GetText(handle, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    data = buf.raw[: 2 * max(0, got - 1)]
    text = data.decode("utf-16-le", "surrogatepass")
    if len(text) != len(data) // 2:  # a surrogate pair: keep one unit per index
        text = "".join(map(chr, memoryview(data).cast("H")))
    return text[:n]


def _page_chars(page: Any, height: float) -> Chars:
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    try:
        handle = tp.raw
        n = raw.FPDFText_CountChars(handle)
        if n <= 0:
            return Chars("", [], [], [], [], [], [])
        text = _page_text(raw, handle, n)
        chars: list[str] = []
        lefts: list[float] = []
        tops: list[float] = []
        rights: list[float] = []
        bottoms: list[float] = []
        sizes: list[float] = []
        starts: list[int] = []
        add_c, add_l, add_t, add_r, add_b, add_s = (
            chars.append,
            lefts.append,
            tops.append,
            rights.append,
            bottoms.append,
            sizes.append,
        )
        rect = raw.FS_RECTF()
        prect = ctypes.byref(rect)
        box = memoryview(rect).cast("B").cast("f")  # left, top, right, bottom: one unpacking
        loose_box = _fast("FPDFText_GetLooseCharBox")
        font_size = _fast("FPDFText_GetFontSize", ctypes.c_double)
        skip = _SKIP_CHARS
        band, back, gap_hi = 2 * BAND_EM, -BACK_EM, RUN_GAP_EM  # band: centres are doubled
        size = last_bottom = pr = pcy = -1.0
        lo = hi = bnd = 0.0  # the run's gap and centre limits at its size
        for i, ch in enumerate(text):
            # blanks and line ends (printed or generated by pdfium) are gaps, not glyphs
            if ch <= " " or ch in skip or not loose_box(handle, i, prect):
                continue
            left, top, right, bottom = box
            top = height - top
            bottom = height - bottom
            if bottom <= top:
                continue
            gap = left - pr
            cy = top + bottom
            if bottom == last_bottom and lo <= gap <= hi:  # same baseline and size, next glyph
                if not -bnd <= cy - pcy <= bnd:
                    starts.append(len(chars))
            else:  # maybe another text object: ask the size, test the run at the smaller one
                fs = font_size(handle, i)
                psize = size
                size = round(fs if fs > 0 else bottom - top, 2)
                last_bottom = bottom
                em = psize if psize < size else size
                if not (back * em <= gap <= gap_hi * em and -band * em <= cy - pcy <= band * em):
                    starts.append(len(chars))
                lo, hi, bnd = back * size, gap_hi * size, band * size
            add_c(ch)
            add_l(left)
            add_r(right)
            pr = right
            add_t(top)
            add_b(bottom)
            add_s(size)
            pcy = cy
        return Chars("".join(chars), lefts, tops, rights, bottoms, sizes, starts)
    finally:
        tp.close()


def iter_pdf(path: str | Path) -> Iterator[PdfPageText]:
    """Yield the pages of the PDF at ``path`` one by one (``InputError`` if it cannot be opened)."""
    doc = _open(path)
    try:
        for k in range(len(doc)):
            page = doc[k]
            try:
                w, h = page.get_size()
                chars = _page_chars(page, float(h))
                yield PdfPageText(
                    k + 1, float(w), float(h), chars, _figures(page, float(h)) if chars.text else ()
                )
            finally:
                page.close()
    finally:
        doc.close()


def read_pdf(path: str | Path) -> list[PdfPageText]:
    """All pages of the PDF at ``path``; ``InputError`` when none has a text layer.

    The message of a document without text says that it needs OCR first.
    """
    pages = list(iter_pdf(path))
    if not pages:
        raise InputError(f"{path}: the PDF has no pages; give a PDF with pages", name=str(path))
    if not any(p.chars.text for p in pages):
        raise InputError(
            f"{path}: no text layer (a scanned PDF?); run OCR on it first (e.g. ocrmypdf), then parse the result",
            name=str(path),
        )
    return pages
