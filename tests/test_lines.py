"""Unit tests of ``banmian.lines``: splitting a dump into lines and the features of each line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.credits import Author
from banmian.lines import blocks, furniture_reason, make_line, make_lines, scrap_furniture, split_lines

# ---------------------------------------------------------------- splitting


def test_split_lines_ends_a_line_at_crlf_cr_lf_and_form_feed():
    assert split_lines("甲\r\n乙\r丙\f丁\n戊") == ["甲", "乙", "丙", "丁", "戊"]


def test_split_lines_keeps_a_trailing_empty_line():
    assert split_lines("甲\n") == ["甲", ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="春茶园林 \u3000，。12", max_size=8), min_size=1, max_size=8))
def test_make_lines_numbers_every_line_from_one(raw_lines):
    lines = make_lines("\n".join(raw_lines))
    assert [ln.no for ln in lines] == list(range(1, len(raw_lines) + 1))
    assert [ln.raw for ln in lines] == raw_lines


def test_blank_lines_are_kept_and_marked_blank():
    lines = make_lines("春茶\n\n\u3000\u3000 \n采摘")
    assert [ln.blank for ln in lines] == [False, True, True, False]


def test_blocks_are_the_runs_between_blank_lines():
    lines = make_lines("\n甲\n乙\n\n\n丙\n")
    assert [[ln.no for ln in b] for b in blocks(lines)] == [[2, 3], [6]]


# ---------------------------------------------------------------- features


def test_indent_is_measured_in_glyphs_and_removed_from_text():
    ln = make_line(7, "\u3000\u3000茶农们趁着晴好天气")
    assert (ln.no, ln.indent, ln.text, ln.width) == (7, 2.0, "茶农们趁着晴好天气", 9.0)
    assert make_line(1, "  春茶").indent == 1.0  # two ASCII blanks make one glyph
    assert make_line(1, "\t春茶").indent == 2.0  # a tab stands for the two-glyph paragraph indent
    assert make_line(1, "春茶").indent == 0.0


def test_width_counts_half_width_digits_as_half():
    assert make_line(1, "面积达到3200亩").width == 7.0


def test_fake_bold_line_carries_its_repair():
    assert make_line(1, "““春春茶茶””上上市市").doubled == "“春茶”上市"


@pytest.mark.parametrize("text", ["他常常说谢谢，人人都夸他。", "常常", "人人都爱看看书"])
def test_genuine_doubles_are_not_fake_bold(text):
    assert make_line(1, text).doubled is None


def test_letter_spaced_line_is_marked_spaced():
    assert make_line(1, "滨 江 樱 花 盛 开").spaced
    assert not make_line(1, "林晓帆 沈一鸣").spaced  # a space between two names is not letter spacing


@pytest.mark.parametrize(
    ("text", "terminal"),
    [
        ("茶农们很高兴。", True),
        ("“收成好！”", True),
        ("（宋佳音）", True),
        ("采访：", True),
        ("茶农们，", False),
        ("春茶", False),
    ],
)
def test_terminal_marks_a_line_that_may_end_a_paragraph(text, terminal):
    assert make_line(1, text).terminal is terminal


def test_inner_stop_and_punct_count():
    ln = make_line(1, "采茶忙。茶农们，笑了")
    assert ln.inner_stop
    assert ln.punct == 2
    assert not make_line(1, "茶农们很高兴。").inner_stop  # the stop at the end is not inner


def test_leading_close_marks_a_line_that_can_only_continue_a_sentence():
    assert make_line(1, "”他笑着说。").leading_close
    assert make_line(1, "，茶农们").leading_close
    assert not make_line(1, "“今年好！”").leading_close


def test_jump_markers_are_read_from_the_line():
    assert make_line(1, "（上接第一版）在企业和高校之间").jump_from == 1
    assert make_line(1, "双方将开展合作。（下转第5版）").jump_to == 5
    assert make_line(1, "（转第十二版）").jump_to == 12
    plain = make_line(1, "见习岗位（共120个）")
    assert (plain.jump_from, plain.jump_to) == (None, None)


def test_byline_line_has_its_authors():
    ln = make_line(1, "\u3000\u3000□记者 林晓帆 报道")
    assert ln.byline == (Author("林晓帆", "reporter"),)
    assert ln.furniture is None


def test_body_line_mentioning_a_reporter_is_not_a_byline():
    ln = make_line(1, "\u3000\u3000茶农老周告诉记者，今年春茶长势好。")
    assert ln.byline is None
    assert ln.credit is None


def test_photo_credit_line_has_its_photographers():
    ln = make_line(1, "柯 岚摄（影像中国）")
    assert ln.credit == (Author("柯岚", "photographer"),)
    assert ln.byline is None


def test_letter_spaced_byline_name_is_one_name():
    assert make_line(1, "本报记者 柯 岚").byline == (Author("柯岚", "reporter"),)


# ---------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    "text",
    [
        "2025年4月12日 星期六",
        "2025年4月12日\u3000星期六",
        "第 3 版",
        "第十二版",
        "06 体育",
        "02 综合新闻",
        "责编：韩素秋",
        "责任编辑：韩素秋　美编：易帆",
        "电话：（010）65367234",
        "要闻",
    ],
)
def test_furniture_reason_recognises_headers_and_footers(text):
    assert furniture_reason(text)
    assert make_line(1, text).furniture


@pytest.mark.parametrize(
    "text",
    [
        "春茶采摘进入旺季",
        "茶农们趁着晴好天气抢摘春茶，",
        "2025年1月2日，全区召开大会。",
        "林晓帆",
        "",
        "第3版的文章说明了一切" * 7,  # longer than any header
    ],
)
def test_furniture_reason_rejects_text(text):
    assert furniture_reason(text) is None


def test_an_indented_date_is_body_not_furniture():
    assert furniture_reason("2025年1月2日", indent=2.0) is None
    assert make_line(1, "\u3000\u30002025年1月2日").furniture is None


def test_a_date_with_weekday_is_furniture_only_when_not_indented():
    assert furniture_reason("2025年4月12日 星期六") is not None
    assert furniture_reason("2025年4月12日 星期六", indent=2.0) is None


def test_staff_credit_and_contact_are_furniture_even_indented():
    assert furniture_reason("责任编辑：韩素秋", indent=2.0) == "staff credit"
    assert furniture_reason("电话：（010）65367234", indent=2.0) == "contact"


def test_letter_spaced_section_header_is_furniture():
    assert furniture_reason("06 体 育")


@pytest.mark.parametrize("text", ["A 0 9 体 育", "A09体育", "体育09版", "0 3 要 闻"])
def test_a_page_number_glued_to_its_section_name_is_furniture(text):
    assert furniture_reason(text) == "page number and section"


@pytest.mark.parametrize("text", ["重点工作09", "A09项目", "体育场09"])
def test_a_number_glued_to_other_words_is_no_running_head(text):
    assert furniture_reason(text) is None


def test_a_letter_spaced_running_head_naming_its_page_in_full_is_furniture():
    assert furniture_reason("第 八 版 乡 村 振 兴") == "page number and section"
    assert furniture_reason("第八版的故事很好看") is None
    assert furniture_reason("第 八 版 的 故 事 很 好 看") is None


@pytest.mark.parametrize("text", ["A13 乡村振兴", "13乡村振兴", "乡村振兴 A13"])
def test_a_page_number_beside_any_section_word_is_a_scrap_of_furniture(text):
    assert scrap_furniture(text)
