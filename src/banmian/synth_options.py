"""Options of the synthetic page generator (``banmian.synth``): the phenomena a page may
show and the probability of each, with presets for clean pages and single phenomena."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# Each phenomenon: the SynthOptions fields that switch it on (``SynthOptions.only``).
PHENOMENA: dict[str, tuple[str, ...]] = {
    "mixed_widths": ("p_mixed_widths",),
    "indent_variants": ("p_indent_variants",),
    "no_indent": ("p_no_indent",),
    "column_breaks": ("p_column_breaks", "p_break_before_open"),
    "kicker_subtitle": ("p_kicker", "p_subtitle"),
    "wrapped_title": ("p_long_title",),
    "headline_after": ("p_headline_after",),
    "headline_grouped": ("p_headline_grouped",),
    "fused_headlines": ("p_fused_headlines", "p_headline_grouped"),
    "fake_bold": ("p_fake_bold",),
    "letter_spaced": ("p_letter_spaced",),
    "genuine_doubles": ("p_genuine_doubles",),
    "byline_lines": ("p_byline_line",),
    "inline_datelines": ("p_inline_dateline", "p_inline_byline"),
    "closing_credits": ("p_closing_credit",),
    "continued_from": ("p_continued_from",),
    "continued_to": ("p_continued_to",),
    "photos": ("p_photo",),
    "briefs": ("p_brief",),
    "furniture": ("p_furniture",),
    "extractor_spaces": ("p_extractor_spaces",),
    "subheads": ("p_subheads",),
}


# Forced probabilities below 1 where "always" would make a degenerate page (only briefs).
FORCED: dict[tuple[str, str], float] = {
    ("photos", "p_photo"): 0.4,
    ("briefs", "p_brief"): 0.25,
    ("fused_headlines", "p_headline_grouped"): 0.5,
}


@dataclass(frozen=True)
class SynthOptions:
    """Probabilities of each phenomenon (per page or per article, as noted); 0 = never, 1 = always."""

    width_min: int = 11  # column width range, in full-width characters
    width_max: int = 20
    p_mixed_widths: float = 0.5  # page: each article draws its own column width
    p_indent_variants: float = 0.5  # article: indent other than two U+3000
    p_no_indent: float = 0.1  # article: no first-line indent (first line just 2 chars shorter)
    p_column_breaks: float = 0.85  # article: a blank line every N body lines
    break_every: tuple[int, int] = (8, 30)
    p_break_before_open: float = 0.4  # line: extra break before a line starting with “《（
    p_kicker: float = 0.2  # article: kicker line (引题) above the title
    p_subtitle: float = 0.15  # article: subtitle line (副题 ——…)
    p_long_title: float = 0.15  # article: long title wrapped onto two lines
    p_headline_after: float = 0.12  # article: headline printed after its body
    p_headline_grouped: float = 0.12  # article: starts a block grouping 2-3 articles' headlines
    p_fused_headlines: float = 0.3  # adjacent headlines of two articles: fused onto one line
    p_fake_bold: float = 0.08  # article: every headline glyph doubled
    p_letter_spaced: float = 0.08  # article: headline glyphs separated by spaces
    p_genuine_doubles: float = 0.1  # article: title with real repeated glyphs (常常, 人人)
    p_byline_line: float = 0.5  # article: byline on a line of its own
    p_inline_dateline: float = 0.55  # article: 本报讯 / 本报X电 / 新华社X电 opening the body
    p_inline_byline: float = 0.5  # article with dateline: bracketed （记者 X） after it
    p_closing_credit: float = 0.12  # article: （本报记者 X、Y） or （X） ending the last paragraph
    p_continued_from: float = 0.1  # article: continued from an earlier page (（上接第X版）)
    p_continued_to: float = 0.08  # article: continued on a later page (（下转第X版）)
    p_repeat_headline: float = 0.4  # continuation part: prints its headline again
    p_jump_own_line: float = 0.2  # jump marker on a line of its own instead of glued
    p_photo: float = 0.12  # article: a photo item with a caption
    p_brief: float = 0.04  # article: a headline-only notice
    p_furniture: float = 0.9  # page: running heads / editor lines at top and bottom
    p_furniture_spaced: float = 0.2  # furniture line: letter-spaced
    p_extractor_spaces: float = 0.25  # article: spaces between digits/Latin and Han (10 月 14 日)
    p_subheads: float = 0.3  # long article: unpunctuated subheading paragraphs

    @classmethod
    def plain(cls) -> SynthOptions:
        """Clean pages: one fixed width, U+3000 indents, headline above body, no other phenomenon."""
        zero = {f.name: 0.0 for f in fields(cls) if f.name.startswith("p_")}
        return cls(**zero)

    @classmethod
    def only(cls, *names: str) -> SynthOptions:
        """``plain()`` with the named phenomena (keys of ``PHENOMENA``) forced on."""
        on: dict[str, Any] = {}
        for n in names:
            for f in PHENOMENA[n]:
                on[f] = max(on.get(f, 0.0), FORCED.get((n, f), 1.0))
        return replace(cls.plain(), **on)
