"""Stage 3a: cut a block of the dump where more than one item stands in it, a blank line
missing between them. Each cut is a small function over a block's lines returning its
pieces (``("other", lines)``), all scored as runs by ``roles`` afterwards: headline lines
glued over an indented first paragraph (``split_glued_headline``) or under a finished body
(``split_trailing_headline``), an item beginning at a dateline, after a sign-off or at a
change of column (``split_item_starts``), and headline lines inside a block
(``split_inner_headlines``). Where blank lines do set items apart and one is missing only
now and then, only the cuts that a headline's marks, a dateline or a sign-off make certain
are made (``marked``).
"""

from __future__ import annotations

from collections.abc import Iterable

from banmian import credits
from banmian import thresholds as T
from banmian.column import (
    AUTHOR_NOTE,
    END_CREDIT,
    closes,
    column_width,
    ends_sentence,
    opening,
    opens_body,
    set_indented,
)
from banmian.lines import Line

_GLUED_MAX = 4  # lines of a headline glued over its dateline (kicker, a title wrapped, subtitle)


def split_glued_headline(lns: list[Line], item_start: bool = False) -> list[tuple[str, list[Line]]]:
    """Cut headline lines printed right above an indented first paragraph, with no blank
    line between (extractors that drop blank lines): up to three unindented lines with no
    punctuation and not as wide as the column, directly followed by an indented line; or
    up to ``_GLUED_MAX`` unindented lines that stop no sentence, whatever their marks, over
    an indented dateline. Only called where the text before has finished (a new item may
    begin). ``item_start``: an item surely begins here (the text before jumped to another
    page, `（下转第3版）`), so the text under the headline may open unindented too (a caption)."""
    k = 0
    while k < min(3, len(lns) - 1) and lns[k].indent == 0 and lns[k].punct == 0 and not lns[k].jump_from:
        k += 1
    # (under the headline, unindented running text: punctuated, and more than one line of it)
    if k > 0 and (lns[k].indent > 0 or (item_start and lns[k].punct > 0 and len(lns) - k >= 2)):
        col = column_width(lns[k:])
        if all(abs(ln.width - col) > T.COLUMN_CHANGE for ln in lns[:k]):  # not a wrapped line of the column
            return [("other", lns[:k]), ("other", lns[k:])]
    # over an indented dateline the lines above are its headline, a title listing names
    # with their marks too (`习近平同保加利亚、罗马尼亚、捷克、斯` / `洛伐克…元首互致贺电`):
    # unindented lines that stop no sentence
    k = 0
    while k < min(_GLUED_MAX, len(lns) - 1) and _may_head(lns[k]):
        k += 1
    if k > 0 and lns[k].indent > 0 and credits.starts_story(opening(lns[k : k + 2])):
        return [("other", lns[:k]), ("other", lns[k:])]
    return [("other", lns)]


def _may_head(ln: Line) -> bool:
    """An unindented line that stops no sentence, nor opens a jump marker."""
    return ln.indent == 0 and not ln.inner_stop and not ends_sentence(ln) and ln.jump_from is None


_TAIL_MAX = 6  # lines of a headline under a body (kicker, a title wrapped twice, subtitle)


def split_trailing_headline(
    lns: list[Line], nxt: tuple[str, list[Line]] | None, marked: bool = False
) -> list[tuple[str, list[Line]]]:
    """Cut headline lines printed right under a finished paragraph with no blank line
    between (extractors that drop blank lines): a tail of up to six unindented lines
    without sentence punctuation, after a line that ends a sentence, not all of them as
    wide as the column (unless over a byline or a continuation, `（上接第九版）…`), and followed
    by a byline, furniture, an indented paragraph or nothing. Above the tail, a body of two
    lines or more, or one indented line (a one-line caption); a closing bracket wrapped
    into the tail's first line (`（本报伦敦2月2` + `日电）`) ends the body. ``marked``: on a page
    whose blank lines do set items apart, where one is missing only now and then, the tail
    must also bear a headline's marks (``_marked``) or stand over another item — a byline,
    a dateline, a photo's caption set wide — without signing the text (`（贾斌岚）`)."""
    if nxt is not None and not (
        nxt[0] in ("byline", "furniture")
        or nxt[1][0].indent > 0
        or nxt[1][0].jump_from is not None
        or credits.starts_story(nxt[1][0].text)
    ):
        return [("other", lns)]
    # over a byline or a dateline (or a photo's caption set wide), the next item begins for
    # sure: a tail there is a headline even unmarked (where a subhead's paragraph goes on,
    # it goes on undated)
    item_next = nxt is not None and (nxt[0] == "byline" or credits.starts_story(opening(nxt[1])))
    if marked and not item_next and not _marked(lns[-_TAIL_MAX:]):
        # (the cheap tests first: see below; the caption's width is worked out last)
        if nxt is None or lns[-1].punct or lns[-1].indent or not _caption_under(lns, nxt[1]):
            return [("other", lns)]
        item_next = True
    j = len(lns)
    while j > 0 and len(lns) - j < _TAIL_MAX:
        ln = lns[j - 1]
        if ln.indent > 0 or ln.punct > 1 or ln.inner_stop or ends_sentence(ln) or ln.jump_to is not None:
            break
        if END_CREDIT.match(ln.text) or AUTHOR_NOTE.match(ln.text):  # `（作者为…）` closes the body
            break
        if ln.text[0] in "（(" and credits.starts_story(ln.text[1:]):  # … and so does `（本报…电）`
            break
        j -= 1
    if 1 < j < len(lns) - 1 and not closes(lns[j - 1]) and _bracket_wrapped(lns[:j], lns[j].text):
        j += 1  # `（本报伦敦2月2` + `日电）`: the tail's first line ends the body's closing bracket
    # (one line of body above is enough when it is indented: a one-line caption)
    if j == len(lns) or j == 0 or (j == 1 and lns[0].indent == 0) or not closes(lns[j - 1]):
        return [("other", lns)]
    if marked and not (
        _marked(lns[j:])
        # (before another item: unless the tail signs the text above, `（贾斌岚）`)
        or (item_next and not credits.closing_authors("".join(ln.text for ln in lns[j:])))
    ):
        return [("other", lns)]
    col = column_width(lns[:j])
    # before a byline an unfinished tail cannot be running text, however wide, nor over a
    # continuation (`（上接第九版）…`: its repeated headline); nor can an unindented tail after
    # a finished sentence, in text whose paragraphs open indented
    if (
        (nxt is None or (nxt[0] != "byline" and nxt[1][0].jump_from is None))
        and all(abs(ln.width - col) <= 1.0 for ln in lns[j:])
        and not set_indented(lns[:j], col)
    ):
        return [("other", lns)]
    return [("other", lns[:j]), ("other", lns[j:])]


def _caption_under(lns: list[Line], nxt: list[Line]) -> bool:
    """Whether ``nxt`` opens with a line far wider than the column of ``lns``
    (``T.CAPTION_WIDTH_RATIO``): a photo's caption set across columns, another item."""
    first = nxt[0].width + nxt[0].indent
    # (the cheap test first: no column is narrower than MIN_COLUMN glyphs)
    return first > T.CAPTION_WIDTH_RATIO * T.MIN_COLUMN and first > T.CAPTION_WIDTH_RATIO * column_width(lns)


def _bracket_wrapped(above: list[Line], below: str) -> bool:
    """Whether ``below`` closes a bracket left open in the last lines ``above`` (a credit
    wrapped over several: `（综合本报记者李刚、` … `明峰、戴林峰报道）`)."""
    if _balance(below) >= 0:
        return False
    opened = 0
    for ln in reversed(above[-_TAIL_MAX:]):
        opened += _balance(ln.text)
        if opened > 0:
            return True
    return False


def _balance(text: str) -> int:
    """Brackets a text opens less those it closes."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


_CLAUSE_MARKS = ("，", "、", "：", "；")


def _wrapped_widths(lns: list[Line], ends: list[bool]) -> list[float]:
    """For each line but the last, its width (indent included) if it wrapped at the column's
    edge — the next line goes on unindented, and it neither closes (``ends``) nor stops at
    a clause mark — else -1."""
    return [
        a.width + a.indent if not b.indent and not end and not a.text.endswith(_CLAUSE_MARKS) else -1.0
        for a, b, end in zip(lns, lns[1:], ends, strict=False)
    ]


def _wrap_width(wrapped: list[float]) -> float | None:
    """The column width that lines wrap at, from their ``_wrapped_widths``, when they show it
    plainly: three wrapped lines or more that agree within one glyph, though one of them
    may be narrower (a paragraph's first line, its indent written narrower than it was
    printed: `　　` as one blank); None otherwise (list items, short paragraphs, half-width
    digits). A wider line never agrees: it belongs to another column."""
    ws = sorted(w for w in wrapped if w >= 0)
    if len(ws) < 3 or ws[-1] - ws[1] > 1.0:  # (ws[0]: the narrower one, or agreeing too)
        return None
    return ws[len(ws) // 2]


def _last_paragraph(lines: list[Line]) -> str:
    """The text of the last paragraph of ``lines``: from the last indented line on."""
    start = max((i for i, ln in enumerate(lines) if ln.indent > 0), default=0)
    return "".join(ln.text for ln in lines[start:])


def _same_dispatch(closing: str, dateline: str) -> bool:
    """Whether a text's closing paragraph is the very dateline that opens the next one, in
    brackets (`（新华社北京2月23日电）` over `新华社北京2月23日电 在…之际`): a letter or a
    speech printed in full, and the report on it, are one item of one dispatch."""
    if not closing.startswith(("（", "(")):
        return False
    mine = credits.parse_dateline(closing[1:])
    return mine is not None and mine == credits.parse_dateline(dateline)


def signs_off(above: list[Line], nxt: list[Line]) -> bool:
    """Whether the text above closes with a paragraph that signs it off — in brackets, its
    dispatch or its credit (`（本报北京…2月21日电 记者A、B）`, `（本报记者 A）`, `（赵展慧）`) —
    so that the indented paragraph opening ``nxt`` begins another item: unless it is a
    design credit, or opens with that very dispatch (``_same_dispatch``)."""
    closing = _last_paragraph(above)
    if not closing.startswith(("（", "(")) or END_CREDIT.match(nxt[0].text):
        return False
    if credits.starts_story(closing[1:]):
        return not _same_dispatch(closing, opening(nxt))
    return bool(credits.closing_authors(closing))


def split_item_starts(lns: list[Line], by_width: bool = True) -> list[tuple[str, list[Line]]]:
    """Cut a block where another item plainly begins (a blank line missing there, or none
    on the page): at an indented paragraph after text that ``signs_off``; at a paragraph
    that opens with a dateline (`新华社北京1月29日电`, read across the next line) after text
    that closes, other than with that same dispatch (``_same_dispatch``); or, ``by_width``,
    where the column the text wraps at changes (``_wrap_width`` of the ``T.WIDTH_WINDOW``
    lines on each side, differing by more than ``T.COLUMN_CHANGE``)."""
    if by_width:
        ends = [closes(ln) for ln in lns]
        wrapped = _wrapped_widths(lns, ends)
        plain = [w for w in wrapped if w >= 0]
        # (windows of a block whose wrapped lines all agree cannot differ: no width to compare)
        by_width = len(plain) >= 6 and max(plain) - min(plain) > T.COLUMN_CHANGE
    cuts = [0]
    for k in range(1, len(lns) - 1):
        if lns[k].indent > 0 and lns[k - 1].text[-1] in "）)" and signs_off(lns[cuts[-1] : k], lns[k : k + 2]):
            cuts.append(k)
            continue
        dated = lns[k].text[0] in credits.DATELINE_FIRST  # (the cheap test first)
        if not (dated or by_width) or not (ends[k - 1] if by_width else closes(lns[k - 1])):
            continue
        if dated and credits.starts_story(opening(lns[k : k + 2])):
            if not _same_dispatch(_last_paragraph(lns[cuts[-1] : k]), opening(lns[k : k + 2])):
                cuts.append(k)
            continue
        if by_width and k - cuts[-1] >= 3 and len(lns) - k >= 3:
            # (the lines in [a, b) that wrapped within it: wrapped[a : b - 1])
            before = _wrap_width(wrapped[max(cuts[-1], k - T.WIDTH_WINDOW) : k - 1])
            after = _wrap_width(wrapped[k : k + T.WIDTH_WINDOW - 1]) if before is not None else None
            if before is not None and after is not None and abs(before - after) > T.COLUMN_CHANGE:
                cuts.append(k)
    if len(cuts) == 1:
        return [("other", lns)]
    return [("other", lns[a:b]) for a, b in zip(cuts, [*cuts[1:], len(lns)], strict=True)]


def _may_be_display_loose(ln: Line) -> bool:
    """``_may_be_display`` where every paragraph is one indented line (unwrapped text): any
    unindented line that does not end a sentence, nor opens a dateline or a jump marker."""
    return (
        ln.indent == 0
        and not ends_sentence(ln)
        and ln.jump_from is None
        and ln.jump_to is None
        and not credits.starts_story(ln.text)
    )


def _may_be_display(ln: Line) -> bool:
    """A line that could be a headline line inside a dense block: unindented, no full
    stop in it or at its end, at most one other mark, not a dateline or a jump marker; or
    set in fake bold, whatever its marks (`开开““火火””车车的的你你，，真真棒棒！！`)."""
    if ln.doubled is not None:
        return ln.indent == 0
    return (
        ln.indent == 0
        and not ln.inner_stop
        and ln.punct <= 1
        and not ends_sentence(ln)
        and ln.jump_from is None
        and ln.jump_to is None
        and not credits.starts_story(ln.text)
    )


def cut_inside(pieces: list[tuple[str, list[Line]]], k: int, parts: list[tuple[str, list[Line]]]) -> list[Line]:
    """Put ``parts`` in the place of piece ``k``; the lines of piece ``k`` then."""
    if len(parts) > 1:
        pieces[k : k + 1] = parts
    return pieces[k][1]


def split_inner_headlines(
    lns: list[Line], fresh: bool, marked: bool = False, loose: bool = False
) -> list[tuple[str, list[Line]]]:
    """Cut headline lines out of the middle of a block (dense dumps, where no blank line
    sets them apart): up to ``T.MAX_GROUP`` lines that may be display type
    (``_may_be_display``), after a line that closes its text and before a line that opens
    a body (an indent, a dateline: running text does not stop unfinished there). The
    pieces are scored like any run. ``fresh``: the text before the block has closed, so
    its first lines may be a headline too. ``marked``: on a page whose blank lines do set
    items apart (missing one only now and then), only lines with a headline's marks
    (``_marked``) or over a dateline are cut: a subhead looks like a headline otherwise.
    ``loose``: unwrapped text of indented paragraphs, where any unindented line may be
    display type (``_may_be_display_loose``)."""
    starts: Iterable[int] = range(len(lns))
    if marked:  # a group with a mark, or over a dateline, starts at most MAX_GROUP lines before it
        anchors = [
            k
            for k, ln in enumerate(lns)
            if ln.doubled or ln.spaced or (ln.text[0] in credits.DATELINE_FIRST and credits.DATELINE_HINT.match(ln.text))
        ]
        if not anchors:
            return [("other", lns)]  # (no mark, and no line that may open a dateline: nothing to cut)
        starts = sorted({i for a in anchors for i in range(max(0, a - T.MAX_GROUP), a + 1)})
    display = _may_be_display_loose if loose else _may_be_display
    out: list[tuple[str, list[Line]]] = []
    start = 0
    for i in starts:
        if i < start:
            continue  # (inside the group just cut)
        # (a bracketed line right under the text is its signature `（黎志磊）` or a note)
        bracketed = lns[i].text[0] in "（(" and lns[i].text[-1] in "）)"
        if (closes(lns[i - 1]) if i else fresh) and display(lns[i]) and not bracketed:
            j = i
            while j < len(lns) and j - i < T.MAX_GROUP and display(lns[j]) and not opens_body(lns[j : j + 2]):
                j += 1
            if i < j < len(lns) and opens_body(lns[j : j + 2]) and (
                not marked or _marked(lns[i:j]) or credits.starts_story(opening(lns[j : j + 2]))
            ):
                if i > start:
                    out.append(("other", lns[start:i]))
                out.append(("other", lns[i:j]))
                start = j
    out.append(("other", lns[start:]))
    return out


def _marked(group: list[Line]) -> bool:
    """Whether lines bear a headline's marks, which a subhead or a paragraph never has:
    fake bold or letter spacing."""
    return any(ln.doubled or ln.spaced for ln in group)
