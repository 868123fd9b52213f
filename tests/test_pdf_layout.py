"""The PDF front end's geometry: extraction, fake bold, lines, reading order, indents.

Unit tests on hand-made glyphs (no PDF) plus a few tiny PDFs drawn with reportlab's built-in
CID font ``STSong-Light`` (no font file).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from banmian.errors import InputError
from banmian.pdf.extract import Chars, Glyph, read_pdf
from banmian.pdf.layout import layout_page
from banmian.pdf.order import reading_order
from banmian.pdf.runs import build_lines, drop_fake_bold, line_text

reportlab = pytest.importorskip("reportlab")


def row(text: str, x: float, top: float, size: float = 10.0, pitch: float | None = None) -> list[Glyph]:
    """Glyphs of ``text`` set solid from ``x`` on a line whose box starts at ``top``."""
    step = pitch or size
    return [Glyph(c, x + k * step, top, x + k * step + size, top + size, size) for k, c in enumerate(text)]


def texts(plines: list) -> list[str]:
    return ["" if p is None else p.raw for p in plines]


# ---------------------------------------------------------------- fake bold
def test_overprinted_duplicates_are_dropped_and_genuine_repeats_kept() -> None:
    title = row("常常读书", 100, 50, 22)
    again = [
        g._replace(left=g.left + 2.2, right=g.right + 2.2, top=g.top - 0.9, bottom=g.bottom - 0.9)
        for g in title
    ]
    kept = drop_fake_bold(title + again)
    assert "".join(g.char for g in kept) == "常常读书"  # 常常 stand one em apart: both stay
    assert kept == title  # the first stroke is the one kept


def test_duplicate_of_another_size_or_far_away_is_text() -> None:
    a = row("中", 100, 50, 22)
    b = row("中", 101, 50, 14)  # same place, other size: not an overprint
    c = row("中", 100 + 0.3 * 22, 50, 22)  # offset over 0.2 em
    assert len(drop_fake_bold(a + b + c)) == 3


# ---------------------------------------------------------------- lines and order
def test_glyphs_on_one_baseline_form_one_line_and_gutters_split_lines() -> None:
    chars = Chars.from_glyphs(row("甲乙丙丁", 0, 0) + row("子丑寅卯", 50, 0))  # 10 pt gutter = 1 em
    assert [line_text(ln, chars) for ln in build_lines(chars)] == ["甲乙丙丁", "子丑寅卯"]


def test_line_written_out_of_order_comes_out_whole() -> None:
    g = row("一二三四五六", 0, 0)
    chars = Chars.from_glyphs(g[3:] + g[:3])
    assert [line_text(ln, chars) for ln in build_lines(chars)] == ["一二三四五六"]


def two_columns_under_a_headline() -> list[Glyph]:
    """A headline across two columns, then two columns of body set on the same baselines."""
    out = row("大标题横跨两栏", 20, 0, 20)
    left = ["　　甲一甲一甲一", "甲二甲二甲二甲二", "甲三甲三。"]
    right = ["乙一乙一乙一乙一", "乙二乙二乙二乙二", "乙三。"]
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        top = 30 + k * 14
        out += row(a.lstrip("　"), 20 if a[0] == "　" else 0, top)
        out += row(b, 90, top)
    return out


def test_columns_are_read_one_after_the_other_not_line_by_line() -> None:
    got = texts(layout_page(two_columns_under_a_headline()))
    assert got == [
        "大标题横跨两栏",
        "",
        "\u3000\u3000甲一甲一甲一",
        "甲二甲二甲二甲二",
        "甲三甲三。",
        "",
        "乙一乙一乙一乙一",
        "乙二乙二乙二乙二",
        "乙三。",
    ]


def test_side_by_side_modules_keep_their_headlines() -> None:
    """Two modules in one row, headlines on one band: each headline before its own body."""
    glyphs: list[Glyph] = []
    for x, name in ((0, "甲"), (120, "乙")):
        glyphs += row(f"{name}新闻标题", x, 0, 18)
        for k in range(4):
            glyphs += row(name * 10, x, 28 + k * 14)
    chars = Chars.from_glyphs(glyphs)
    leaves = reading_order(build_lines(chars), 10.0, chars)
    read = [line_text(ln, chars) for leaf in leaves for ln in leaf]
    assert read == ["甲新闻标题", *["甲" * 10] * 4, "乙新闻标题", *["乙" * 10] * 4]


def test_centred_headline_heads_the_columns_beyond_its_ends() -> None:
    """A short headline centred over four columns still comes before the first column."""
    glyphs = row("短标题", 105, 0, 20)
    for c in range(4):
        for k in range(3):
            glyphs += row(f"{c}栏正文正文", c * 70, 30 + k * 14)
    got = [t for t in texts(layout_page(glyphs)) if t]
    assert got[0] == "短标题"
    assert got[1:4] == ["0栏正文正文"] * 3


def test_blank_in_a_justified_line_does_not_split_it() -> None:
    glyphs = row("本报讯", 0, 0, pitch=11) + row("（记者甲乙）今日", 45, 0, pitch=11)
    assert texts(layout_page(glyphs)) == ["本报讯 （记者甲乙）今日"]


def justified_column_with_a_wide_blank(x: float) -> list[Glyph]:
    """Four justified lines of 12 glyphs (120 pt); the second has a blank 0.7 em wide (over a
    run's gap, so it comes out of extraction in two pieces) between 本报讯 and the rest."""
    out = row("　甲一甲一甲一甲一甲一".lstrip("　"), x + 20, 0)
    out += row("本报讯", x, 14) + row("（记者甲乙）今日", x + 37, 14, pitch=10.375)
    out += row("甲三甲三甲三甲三甲三甲三", x, 28) + row("甲四甲四。", x, 42)
    return out


def test_a_justified_line_cut_at_a_wide_blank_stays_in_its_column() -> None:
    """The pieces of one printed line, bridged by the lines above and below it, are one line:
    the column is one block, not cut row by row around the line."""
    glyphs = justified_column_with_a_wide_blank(0) + [
        g._replace(char="乙") for g in justified_column_with_a_wide_blank(130)
    ]
    got = texts(layout_page(glyphs))
    assert got == [
        "\u3000\u3000甲一甲一甲一甲一甲一",
        "本报讯 （记者甲乙）今日",
        "甲三甲三甲三甲三甲三甲三",
        "甲四甲四。",
        "",
        "\u3000\u3000乙乙乙乙乙乙乙乙乙乙",
        "乙乙乙 乙乙乙乙乙乙乙乙",
        "乙乙乙乙乙乙乙乙乙乙乙乙",
        "乙乙乙乙乙",
    ]


def test_blank_in_a_short_line_is_kept() -> None:
    """Two gaps, one of them a blank: the tracking is the smaller, so the blank shows."""
    assert texts(layout_page(row("袁嘉", 0, 0) + row("摄", 25, 0))) == ["袁嘉 摄"]


def test_fake_bold_drawn_glyph_by_glyph_is_read_once() -> None:
    """Each glyph followed by its own overprint (a run broken at every glyph)."""
    first = row("海洋强国", 100, 50, 22)
    again = [g._replace(left=g.left + 2.2, right=g.right + 2.2, top=g.top - 0.9) for g in first]
    both = [g for pair in zip(first, again, strict=True) for g in pair]
    assert texts(layout_page(both)) == ["海洋强国"]
    digits = row("2024", 0, 0, pitch=5)  # half-width: the overprint stays in the glyph's run
    twice = [g for d in digits for g in (d, d._replace(left=d.left + 0.5, right=d.right + 0.5))]
    assert "".join(g.char for g in drop_fake_bold(twice)) == "2024"


def test_runs_cut_while_reading_follow_the_glyph_rule(tmp_path: Path) -> None:
    from banmian.pdf.testpages import draw as draw_pages
    from banmian.pdf.testpages import make_page

    pdf = tmp_path / "one.pdf"
    draw_pages([make_page(2)], pdf)
    (page,) = read_pdf(pdf)
    assert len(page.chars.starts) > 100
    assert Chars.from_glyphs(page.glyphs).starts == page.chars.starts


def test_centred_headline_heads_columns_whose_first_lines_are_short() -> None:
    """Outer columns opening with a short indented byline (its end three ems from the next
    column) still belong under a headline centred over the middle columns."""
    glyphs = row("居中标题文字", 75, 0, 20)  # 75..195 over columns 0..60, 70..130, 140..200, 210..270
    for c in range(4):
        glyphs += row("作者" if c in (0, 3) else f"{c}栏正文正文", c * 70 + (20 if c in (0, 3) else 0), 30)
        for k in range(1, 4):
            glyphs += row(f"{c}栏正文正文", c * 70, 30 + k * 14)
    got = [t for t in texts(layout_page(glyphs)) if t]
    assert got[0] == "居中标题文字"
    assert got[1:5] == ["\u3000\u3000作者", "0栏正文正文", "0栏正文正文", "0栏正文正文"]


def test_running_head_first_photo_caption_under_its_title_foot_last() -> None:
    """A running head over a page whose left module is a photo (title, picture, caption)."""
    glyphs = row("要闻", 40, 20, 12) + row("二〇二四年一月一日", 250, 21, 10.5) + row("第三版", 560, 21, 10.5)
    glyphs += row("晨练", 200, 60, 14)
    photo = (40.0, 90.0, 400.0, 300.0)
    glyphs += row("图为老人晨练。", 60, 310) + row("本报记者 张三 摄", 60, 324)
    glyphs += row("右边新闻标题", 470, 60, 22)
    for x in (450, 580):
        for k in range(10):
            glyphs += row(f"{x}正文正文正文", x, 95 + 14 * k)
    glyphs += row("责任编辑：李四", 40, 360, 9)
    laid = [p for p in layout_page(glyphs, [photo]) if p is not None]
    got = [p.raw for p in laid]
    assert [p.raw for p in laid if p.band] == ["要闻", "二〇二四年一月一日", "第三版", "责任编辑：李四"]
    assert got[:3] == ["要闻", "二〇二四年一月一日", "第三版"]
    assert got[3:6] == ["晨练", "\u3000\u3000图为老人晨练。", "\u3000\u3000本报记者 张三 摄"]
    assert got[6] == "右边新闻标题" and got[-1] == "责任编辑：李四"


# ---------------------------------------------------------------- real PDFs
def draw(tmp_path: Path, lines: list[tuple[float, float, float, str]], name: str = "t.pdf") -> Path:
    from reportlab.pdfgen import canvas

    from banmian.pdf.testpages import FONT, _metrics

    _metrics()
    path = tmp_path / name
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    for x, y, size, text in lines:
        c.setFont(FONT, size)
        c.drawString(x, 300 - y, text)
    c.save()
    return path


def test_extraction_gives_top_down_boxes_and_type_sizes(tmp_path: Path) -> None:
    pdf = draw(tmp_path, [(20, 40, 22, "标题文字"), (20, 80, 10, "正文第一行")])
    (page,) = read_pdf(pdf)
    assert page.number == 1 and (page.width, page.height) == (400, 300)
    assert "".join(g.char for g in page.glyphs) == "标题文字正文第一行"
    title, body = page.glyphs[0], page.glyphs[4]
    assert (title.size, body.size) == (22.0, 10.0)
    assert title.top < title.bottom < body.top  # y grows downwards
    assert title.left == pytest.approx(20, abs=0.1) and title.right - title.left == pytest.approx(22, abs=0.2)


def test_fake_bold_drawn_twice_is_read_once(tmp_path: Path) -> None:
    pdf = draw(tmp_path, [(20, 40, 22, "海洋强国"), (22.2, 39.2, 22, "海洋强国"), (20, 80, 10, "正文正文。")])
    raw = read_pdf(pdf)[0].glyphs
    assert texts(layout_page(raw)) == ["海洋强国", "", "正文正文。"]


def test_running_head_lines_are_furniture_by_position() -> None:
    from banmian.pdf.front import BAND_REASON, page_lines
    from banmian.pdf.layout import PLine

    head = PLine("城乡视窗·专刊", 12.0, 40.0, 20.0, 124.0, 32.0, True)
    credit = PLine("本报记者 张三 摄", 10.0, 40.0, 600.0, 150.0, 610.0, True)
    body = PLine("城乡视窗", 10.0, 40.0, 60.0, 80.0, 70.0)
    lines, boxes = page_lines([head, None, body, None, credit])
    assert lines[0].furniture == BAND_REASON and lines[0].size == 12.0
    assert lines[2].furniture is None  # the same words in the body are text
    assert lines[4].furniture is None and lines[4].byline  # a photo credit stays a credit
    assert boxes == {
        1: (40.0, 20.0, 124.0, 32.0),
        3: (40.0, 60.0, 80.0, 70.0),
        5: (40.0, 600.0, 150.0, 610.0),
    }


def test_pictures_are_read_with_their_boxes(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from banmian.pdf.testpages import FONT, _metrics

    _metrics()
    path = tmp_path / "photo.pdf"
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    c.setFillGray(0.7)
    c.rect(20, 300 - 200, 160, 120, stroke=0, fill=1)  # a photo: top 80, bottom 200
    c.rect(200, 300 - 200, 160, 120, stroke=1, fill=0)  # a frame: not a picture
    c.setFillGray(0)
    c.setFont(FONT, 10)
    c.drawString(20, 300 - 215, "图片说明文字。")
    c.save()
    (page,) = read_pdf(path)
    assert page.figures == ((20.0, 80.0, 180.0, 200.0),)


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 300, 400, fill=1)
    c.save()
    with pytest.raises(InputError, match="OCR") as e:
        read_pdf(path)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("content", [b"", b"not a pdf at all", b"%PDF-1.4\n garbage"])
def test_unusable_files_are_input_errors(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError):
        read_pdf(path)
    with pytest.raises(InputError, match="no such file"):
        read_pdf(tmp_path / "missing.pdf")
