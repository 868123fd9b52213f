"""Generated e-paper PDF pages with exact gold, for the PDF tests and the PDF benchmark.

Needs reportlab (the ``test`` extra), imported when a page is drawn; the parser never imports
this module.  The articles are ``banmian.synth`` articles (invented text with its
``newspaper-page-gold/1`` gold); this module lays them out the way an e-paper prints them:

- a grid of ``columns`` body columns (body type ``BODY`` pt, leading 1.4), the page made of
  rows of *modules*; a module spans one or more columns, and a slot of a row may stack two
  narrow modules; the reading order (and the gold's order) is row by row, slot by slot, top
  to bottom within a slot;
- a news module: kicker / title / subtitle centred over the module at three sizes (the
  title ``TITLE`` pt when it spans three columns or more), the title wrapped when too long,
  drawn twice with a small offset when fake bold; a byline line; the body wrapped to the
  column width, first lines indented two ems, balanced over the module's columns; jump
  markers ``（上接第N版）`` / ``（下转第N版）`` on lines of their own;
- a photo module: optional title, a grey photo box, the caption across the module;
- a brief: a headline alone;
- a running head (section, date, page number) and a footer (责任编辑：…).

Fonts: by default every page is set in reportlab's built-in CID font ``STSong-Light``, which
is not embedded (a viewer, pdfium too, substitutes a system CJK font). ``embedded_font()``
registers a TrueType CJK font found on the machine (Debian's ``fonts-wqy-microhei``, which
``scripts/install_browser.sh`` installs) and ``make_page(…, font=that name)`` sets the page in
it: reportlab embeds a subset, as real e-papers do. reportlab embeds a TrueType font as
one-byte *simple* fonts of 256 glyphs each (not as one CID font with two-byte codes, which
e-papers use), and pdfium caches the glyph boxes of one-byte codes only: pages set so load
faster in pdfium than either the default or a real e-paper (``bench/bench_pdf.py``).

Guarantee: ``make_page(seed, …).gold`` is exact for the drawn page (same text, paragraphs,
headline lines, authors and jump pages), and equal arguments draw the same page.
"""

from __future__ import annotations

import datetime
import io
import math
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from banmian.synth import SynthOptions, generate_page

FONT = "STSong-Light"
EMBEDDED = "BanmianEmbeddedCJK"  # the reportlab name ``embedded_font()`` registers
# TrueType CJK fonts to embed, tried in order before asking fontconfig: (path, face index)
_EMBEDDABLE = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
)
BODY = 10.0  # body type, pt
LEADING = 1.4  # line pitch / type size
TITLE = 22.0
MARGIN = 40.0
_NO_START = "，。、；：！？）》”’%"  # never starts a line (kinsoku): one more glyph moves down

# synth phenomena that belong to a text dump, not to a printed page, are switched off
_OPTIONS = SynthOptions(
    p_mixed_widths=0.0,
    p_indent_variants=0.0,
    p_no_indent=0.0,
    p_column_breaks=0.0,
    p_break_before_open=0.0,
    p_headline_after=0.0,
    p_headline_grouped=0.0,
    p_fused_headlines=0.0,
    p_fake_bold=0.0,
    p_letter_spaced=0.0,
    p_extractor_spaces=0.0,
    p_furniture=0.0,
    p_jump_own_line=0.0,
    p_continued_from=0.15,
    p_continued_to=0.12,
    p_photo=0.15,
    p_brief=0.05,
    p_kicker=0.3,
    p_subtitle=0.25,
)


@dataclass(frozen=True)
class Op:
    """One drawing operation in page coordinates (y grows downwards from the page top)."""

    kind: str  # "text" (``x``/``y`` = left end of the baseline; ``w``: justify to) or "box" (top left)
    x: float
    y: float
    size: float = BODY  # text: type size; box: unused
    text: str = ""
    w: float = 0.0
    h: float = 0.0


@dataclass
class _Module:
    art: dict[str, Any]
    span: int
    ops: list[Op] = field(default_factory=list)
    height: float = 0.0


@dataclass(frozen=True)
class PdfTestPage:
    """A drawn page: its size, drawing operations and gold (``newspaper-page-gold/1``)."""

    width: float
    height: float
    ops: tuple[Op, ...]
    gold: dict[str, Any]
    font: str = FONT  # the reportlab font the page is set in


def _metrics() -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics


_embedded: dict[str, str | None] = {}


def _fc_candidates() -> list[tuple[str, int]]:
    """TrueType-outline CJK fonts fontconfig knows, as (path, face index)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run(
            [exe, ":lang=zh:fontformat=TrueType", "file", "index"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[tuple[str, int]] = []
    for line in sorted(out.splitlines()):  # `path: :index=0`
        path, _, rest = line.partition(":")
        index = rest.rpartition("=")[2]
        if path and index.isdigit():
            found.append((path.strip(), int(index)))
    return found


def embedded_font() -> str | None:
    """Register a TrueType CJK font of this machine with reportlab, for pages whose font is
    embedded (``make_page(…, font=embedded_font())``); None when there is none.

    The font's file name is ``embedded_font_file()``. Fonts with PostScript outlines (OTF/CFF,
    such as Noto CJK) are skipped: reportlab embeds TrueType outlines only.
    """
    if "name" not in _embedded:
        _metrics()
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        _embedded["name"] = _embedded["file"] = None
        for path, index in (*_EMBEDDABLE, *_fc_candidates()):
            if not Path(path).is_file():
                continue
            try:
                font = TTFont(EMBEDDED, path, subfontIndex=index)
            except Exception:  # reportlab's TTFError and friends: not a usable TrueType font
                continue
            if font.face.charToGlyph.get(ord("中")) is None:
                continue
            pdfmetrics.registerFont(font)
            _embedded["name"], _embedded["file"] = EMBEDDED, Path(path).name
            break
    return _embedded["name"]


def embedded_font_file() -> str | None:
    """The file name of the font ``embedded_font()`` registered (None: none)."""
    embedded_font()
    return _embedded["file"]


def _wrap(text: str, first: float, rest: float, size: float, font: str = FONT) -> list[str]:
    """Greedy wrap of ``text`` at printed widths ``first`` (first line) and ``rest`` (pt)."""
    sw = _metrics().stringWidth
    out: list[str] = []
    cur, limit = "", first
    for ch in text:
        if cur and sw(cur + ch, font, size) > limit + 0.01:
            carry = cur[-1] if ch in _NO_START and len(cur) > 2 else ""
            out.append(cur[: len(cur) - len(carry)])
            cur, limit = carry, rest
        cur += ch
    if cur:
        out.append(cur)
    # no line of one glyph (a widow, which typesetters avoid; pdfium also drops a text object
    # of a single glyph of a font it has no metrics for): take one more from the line above
    if len(out) >= 2 and len(out[-1]) == 1:
        out[-2], out[-1] = out[-2][:-1], out[-2][-1] + out[-1]
    return out


def _byline(art: dict[str, Any]) -> tuple[list[tuple[str, list[str]]], str | None]:
    """Byline groups ``(role word, names)`` printed before the body for the authors not named
    in the text, and the photo credit printed after it."""
    paras = art.get("paragraphs") or []
    missing = [a for a in art["authors"] if not any(a["name"] in p for p in paras)]
    by_role: dict[str, list[str]] = {}
    for a in missing:
        by_role.setdefault(a["role"], []).append(a["name"])
    words = {"reporter": "本报记者", "correspondent": "通讯员", "author": "□"}
    groups = [(w, by_role[r]) for r, w in words.items() if r in by_role]
    after = " ".join(by_role["photographer"]) + " 摄" if "photographer" in by_role else None
    return groups, after


class _Layout:
    """Lays out one page's modules; ``fake_bold`` is the share of titles drawn twice."""

    def __init__(self, seed: int, columns: int, gutter_em: float, fake_bold: float, font: str = FONT) -> None:
        self.font = font
        self.r = random.Random(seed * 7919 + columns)
        self.columns, self.fake_bold = columns, fake_bold
        self.col_chars = self.r.randint(10, 13)
        self.colw = self.col_chars * BODY
        self.gutter = gutter_em * BODY
        self.pitch = BODY * LEADING

    def width(self, span: int) -> float:
        return span * self.colw + (span - 1) * self.gutter

    # -- modules -------------------------------------------------------------------------
    def headline(self, m: _Module, y: float) -> float:
        """Draw the headline lines centred over the module; return the y below them."""
        head = m.art.get("headline")
        if not head:
            return y
        w = self.width(m.span)
        title_size = TITLE if m.span >= 3 else 18.0 if m.span == 2 else 15.0
        if m.art["kind"] in ("photo", "brief"):
            title_size = 14.0
        subs = [h for h in head if h.startswith("——")]
        mains = [h for h in head if not h.startswith("——")]
        kicker = mains[0] if len(mains) == 2 else None
        bold = m.art["kind"] == "news" and self.r.random() < self.fake_bold
        for h in head:
            size = 13.0 if h == kicker or h in subs else title_size
            for part in _wrap(h, w, w, size, self.font):
                y += size * 1.3
                x = (w - _metrics().stringWidth(part, self.font, size)) / 2
                m.ops.append(Op("text", x, y, size, part))
                if bold and size == title_size:
                    m.ops.append(Op("text", x + 0.1 * size, y - 0.04 * size, size, part))
        return y + BODY * 0.9

    def body_lines(self, m: _Module, width: float) -> list[tuple[str, float, float]]:
        """Body lines of a module as (text, x offset, justified width or 0); a negative
        offset right-aligns."""
        art = m.art
        groups, after = _byline(art)
        lines: list[tuple[str, float, float]] = []
        if art.get("continued_from"):
            lines.append((f"（上接第{art['continued_from']}版）", 0.0, 0.0))
        sw = _metrics().stringWidth
        for word, names in groups:  # one line per role, names wrapped with the role repeated
            cur = word
            for n in names:
                if cur != word and sw(f"{cur} {n}", self.font, BODY) > width - 2 * BODY:
                    lines.append((cur, 2 * BODY, 0.0))
                    cur = word
                cur = f"{cur} {n}"
            lines.append((cur, 2 * BODY, 0.0))
        for p in art["paragraphs"]:
            wrapped = _wrap(p, width - 2 * BODY, width, BODY, self.font)
            for k, t in enumerate(wrapped):  # justified but for the paragraph's last line
                lines.append(
                    (
                        t,
                        2 * BODY if k == 0 else 0.0,
                        0.0 if k == len(wrapped) - 1 else width - (2 * BODY if k == 0 else 0.0),
                    )
                )
        if after:
            lines.append((after, -1.0, 0.0))
        if art.get("continued_to"):
            lines.append((f"（下转第{art['continued_to']}版）", -1.0, 0.0))
        return lines

    def module(self, m: _Module) -> None:
        """Fill ``m.ops`` (module coordinates, top left = 0, 0) and ``m.height``."""
        y = self.headline(m, 0.0)
        if m.art["kind"] == "photo":
            w = self.width(m.span)
            h = round(w * self.r.uniform(0.45, 0.7), 1)
            m.ops.append(Op("box", 0.0, y, w=w, h=h))
            y += h + 0.4 * BODY
            cols = [self.body_lines(m, w)]
        elif m.art["kind"] == "brief":
            m.height = y
            return
        else:
            lines = self.body_lines(m, self.colw)
            per = math.ceil(len(lines) / m.span)
            cols = [lines[k * per : (k + 1) * per] for k in range(m.span)]
        bottom = y
        for c, col in enumerate(cols):
            x0, cw = c * (self.colw + self.gutter), self.width(m.span) if len(cols) == 1 else self.colw
            yy = y
            for text, dx, just in col:
                yy += self.pitch
                if dx < 0:
                    dx = cw - _metrics().stringWidth(text, self.font, BODY)
                if just and len(cols) > 1:
                    just = min(just, cw)
                m.ops.append(Op("text", x0 + dx, yy - 0.3 * BODY, BODY, text, w=just))
            bottom = max(bottom, yy)
        m.height = bottom

    def span_for(self, art: dict[str, Any]) -> int:
        chars = sum(len(p) for p in art["paragraphs"])
        if art["kind"] == "photo":
            span = self.r.choice((2, 3))
        elif art["kind"] == "brief":
            span = 2
        else:
            span = 1 if chars < 300 else 2 if chars < 800 else 3 if chars < 1500 else 4
        return min(span, self.columns)


def make_page(
    seed: int,
    *,
    columns: int = 6,
    gutter_em: float = 1.0,
    fake_bold: float = 0.3,
    target_chars: int = 3500,
    font: str = FONT,
) -> PdfTestPage:
    """Lay out the articles of ``banmian.synth.generate_page(seed)`` as a printed page, set in
    ``font`` (a reportlab font name: ``FONT`` or ``embedded_font()``'s)."""
    sp = generate_page(seed, target_chars=target_chars, options=_OPTIONS)
    lay = _Layout(seed, columns, gutter_em, fake_bold, font)
    mods = [_Module(a, lay.span_for(a)) for a in sp.gold["articles"]]
    # rows of slots (a slot stacks modules of one span); the last slot of a row is widened
    # to the full page width, as a make-up editor fills a row
    rows: list[list[list[_Module]]] = [[]]
    used = 0
    for m in mods:
        row = rows[-1]
        if row and row[-1][0].span == m.span <= 2 and len(row[-1]) == 1 and lay.r.random() < 0.5:
            row[-1].append(m)
            continue
        if used + m.span > columns:
            for s in row[-1]:
                s.span += columns - used
            rows.append([])
            used = 0
        rows[-1].append([m])
        used += m.span
    for s in rows[-1][-1]:
        s.span += columns - used
    for m in mods:
        lay.module(m)
    page_w = 2 * MARGIN + lay.width(columns)
    ops: list[Op] = []
    gold_arts: list[dict[str, Any]] = []
    number = sp.gold["page"]["number"]
    date = sp.gold["page"]["date"]
    day = datetime.date.fromisoformat(date)
    top = MARGIN + 12.0
    ops.append(Op("text", MARGIN, top, 12.0, "要闻"))
    head_date = f"{day.year}年{day.month}月{day.day}日 星期{'一二三四五六日'[day.weekday()]}"
    ops.append(Op("text", page_w / 2 - 60, top, 10.5, head_date))
    ops.append(Op("text", page_w - MARGIN - 40, top, 10.5, f"第{number}版"))
    cur = top + 1.5 * BODY
    for row in rows:
        x = MARGIN
        row_h = 0.0
        for slot in row:
            yy = cur
            for m in slot:
                ops += [Op(o.kind, o.x + x, o.y + yy, o.size, o.text, o.w, o.h) for o in m.ops]
                gold_arts.append(m.art)
                yy += m.height + 1.6 * BODY
            row_h = max(row_h, yy - cur)
            x += lay.width(slot[0].span) + lay.gutter
        cur += row_h + 0.4 * BODY
    editor = generate_page(seed + 1, target_chars=300, options=_OPTIONS).gold["articles"][0]
    name = (editor["authors"] or [{"name": "林晓"}])[0]["name"]
    cur += BODY
    ops.append(Op("text", MARGIN, cur, 9.0, f"责任编辑：{name}"))
    gold = dict(sp.gold, articles=gold_arts, source=f"pdf-{seed}.pdf")
    return PdfTestPage(page_w, cur + MARGIN, tuple(ops), gold, font)


def draw(pages: list[PdfTestPage], path: str | Path | None = None, *, scanned: bool = False) -> bytes:
    """Draw ``pages`` as one PDF (one PDF page each); write it to ``path`` when given.

    ``scanned=True`` draws only grey boxes where the text would be: a page without a text
    layer, as a scan is.
    """
    from reportlab.pdfgen import canvas

    _metrics()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for p in pages:
        c.setPageSize((p.width, p.height))
        c.setFillGray(0.75)
        for o in p.ops:
            if o.kind == "box" or scanned:
                w = o.w or _metrics().stringWidth(o.text, p.font, o.size)
                h = o.h or o.size
                c.rect(o.x, p.height - o.y - h, w, h, stroke=0, fill=1)
        c.setFillGray(0.0)
        if not scanned:
            for o in p.ops:
                if o.kind == "text":
                    c.setFont(p.font, o.size)
                    natural = _metrics().stringWidth(o.text, p.font, o.size)
                    space = (o.w - natural) / (len(o.text) - 1) if o.w > natural and len(o.text) > 1 else 0
                    c.drawString(o.x, p.height - o.y, o.text, charSpace=space)
        c.showPage()
    c.save()
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
