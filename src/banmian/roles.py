"""Stage 3: give every non-blank line a role — furniture, byline, headline or body.

Furniture and bylines are recognised line by line from their text. What remains is
grouped into *runs* (consecutive lines that a blank line, furniture or a byline does not
interrupt) and each run is scored as a whole: a headline run is display type (short,
unpunctuated, never indented, sometimes fake-bold or letter-spaced), a body run is
column-wrapped running text. The score's terms are in ``thresholds``; the reasons go to
the trail. Headline lines glued to an indented first paragraph are cut off first. In a
dump without blank lines (or with unwrapped, one-line paragraphs) blocks are also cut
where an item begins (a dateline, a sign-off, a change of column) and around headline
lines inside them; where blank lines do set items apart but one is missing now and then,
only such cuts as a headline's marks, a dateline or a sign-off make certain are made.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from banmian import credits
from banmian import thresholds as T
from banmian.lines import BARE_DATE, PAGE_NO, SECTION_NAMES, Line, _compact, blocks, scrap_furniture
from banmian.textfix import width

_WIDTH = attrgetter("width")  # (of a Line: for ``map``)
_TEXT = attrgetter("text")

PHOTO_CREDIT = "photo credit"
JUMP_LINE = "jump marker on its own line"
_SENTENCE_END = ("。", "！", "？", "…", "。”", "！”", "？”", "。）", "；")


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive non-blank lines of one role, with the score and reason that gave it."""

    role: str  # furniture | byline | headline | body
    lines: tuple[Line, ...]
    score: float = 0.0
    reason: str = ""
    width: float = 0.0  # a body run of three lines or more: its ``column_width`` (else 0)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]


def column_width(lines: tuple[Line, ...] | list[Line]) -> float:
    """The column width of wrapped text: the most common rounded line width (ties: wider).

    A line that ends a sentence counts half: it may end its paragraph anywhere, while the
    others wrapped at the column's edge (a short block ending in two short paragraphs
    would otherwise look like a narrow column).
    """
    if not lines:
        return 0.0
    counts: dict[int, float] = {}
    for ln in lines:
        w = round(ln.width + ln.indent)
        counts[w] = counts.get(w, 0.0) + (0.5 if ln.terminal else 1.0)
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if len(counts) == len(lines):  # no repeated width: the widest but one (the widest may overflow)
        ws = sorted((ln.width + ln.indent for ln in lines), reverse=True)
        return float(round(ws[1] if len(ws) > 2 else ws[0]))
    return float(best[0])


def ends_sentence(line: Line) -> bool:
    """Whether the line ends a sentence (not merely a clause or a bracket)."""
    return line.text.endswith(_SENTENCE_END)


def opening(lines: list[Line] | tuple[Line, ...]) -> str:
    """The first two lines of a run joined: enough to see a dateline wrapped after `日`."""
    return "".join(ln.text for ln in lines[:2])


_DESIGN = "版式设计|版面设计|制图|设计|绘图|图表"
# design and graphics credits printed under the last paragraph (`版式设计：X`, `制图：X`)
DESIGN_CREDIT = re.compile(rf"^(?:本版)?(?:{_DESIGN})\s*[:：]")
# … and every credit line that closes a body, data sources and cartoons too
_END_CREDIT = re.compile(rf"^(?:本版)?(?:{_DESIGN}|漫画|数据来源|资料来源)\s*[:：]")
# an author note under a commentary: `（作者为中央党校教授）`, often wrapped over lines
_AUTHOR_NOTE = re.compile(r"^[（(](?:作者|本文作者)(?:为|系|是)")


def closes(line: Line) -> bool:
    """Whether the text may stop after this line: a sentence end (a quote closes one only
    after its stop, `…！”`: `推出“绿水青山”` goes on), a closing bracket, or a design credit
    (``制图：X``) printed under the last paragraph."""
    t = line.text
    return (
        t.endswith(_SENTENCE_END)
        or t.endswith(("」", "』", "）", ")"))
        or (("：" in t or ":" in t) and _END_CREDIT.match(t) is not None)  # (a credit has its colon)
    )


def ends_paragraph(line: Line, col: float) -> bool:
    """A paragraph's last line, told without indents: it closes and leaves room in a column
    ``col`` wide."""
    return closes(line) and line.width <= col - T.SHORT_LINE_GAP


def set_indented(lines: Sequence[Line], col: float) -> bool:
    """Whether a run sets its paragraphs indented throughout: two indented lines or more,
    and every line after a paragraph end indented. A stray indent in unindented text (one
    paragraph) is not that."""
    if sum(ln.indent > 0 for ln in lines) < 2:
        return False
    return all(b.indent > 0 for a, b in zip(lines, lines[1:], strict=False) if ends_paragraph(a, col))


def _ends_in_credit(lns: list[Line]) -> bool:
    """Whether the last paragraph of a body run (from its last indented line) is a design
    or source credit (``数据来源：…``, ``制图：…``), however many lines it wraps to."""
    start = next((ln for ln in reversed(lns) if ln.indent > 0), lns[0])
    return bool(_END_CREDIT.match(start.text))


def _pieces(block: list[Line]) -> list[tuple[str, list[Line]]]:
    """``_split_fixed``, and a block that is nothing but a page number is furniture (the
    extractor dropped the page's number among its columns: it is no part of the text)."""
    if len(block) == 1 and PAGE_NO.fullmatch(block[0].text) and not block[0].indent > 0:
        return [("furniture", block)]
    return _split_fixed(block)


def _split_fixed(block: list[Line]) -> list[tuple[str, list[Line]]]:
    """Split a block into furniture / byline / other pieces, keeping order."""
    out: list[tuple[str, list[Line]]] = []
    for k, ln in enumerate(block):
        kind = "furniture" if ln.furniture else "byline" if ln.byline else "credit" if ln.credit else "other"
        if kind == "byline" and k and block[k - 1].text.count("（") > block[k - 1].text.count("）"):
            kind = "other"  # `…电 （` + `记者 A 通讯员 B）`: a credit inside the text, not a byline line
        if ln.jump_to is not None and not credits.jump_to(ln.text)[1].strip():
            kind = "jump"  # `（下转第5版）` on a line of its own
        if ln.byline and k + 1 < len(block) and block[k + 1].text in ("摄", "摄影", "摄影报道"):
            kind = "credit"  # `新华社记者 X` + `摄` on the next line: a photo credit wrapped
        elif ln.text in ("摄", "摄影", "摄影报道") and out and out[-1][0] == "credit":
            kind = "credit"
        opens_item = kind == "other" and ln.jump_from is not None
        if out and out[-1][0] == kind and not opens_item:
            out[-1][1].append(ln)
        else:
            out.append((kind, [ln]))
    return out


def _split_glued_headline(lns: list[Line]) -> list[tuple[str, list[Line]]]:
    """Cut headline lines printed right above an indented first paragraph, with no blank
    line between (extractors that drop blank lines): up to three unindented lines with no
    punctuation and not as wide as the column, directly followed by an indented line.
    Only called where the text before has finished (a new item may begin)."""
    k = 0
    while k < min(3, len(lns) - 1) and lns[k].indent == 0 and lns[k].punct == 0 and not lns[k].jump_from:
        k += 1
    if k > 0 and lns[k].indent > 0:
        col = column_width(lns[k:])
        if all(abs(ln.width - col) > T.COLUMN_CHANGE for ln in lns[:k]):  # not a wrapped line of the column
            return [("other", lns[:k]), ("other", lns[k:])]
    return [("other", lns)]


_TAIL_MAX = 6  # lines of a headline under a body (kicker, a title wrapped twice, subtitle)


def _split_trailing_headline(
    lns: list[Line], nxt: tuple[str, list[Line]] | None, marked: bool = False
) -> list[tuple[str, list[Line]]]:
    """Cut headline lines printed right under a finished paragraph with no blank line
    between (extractors that drop blank lines): a tail of up to six unindented lines
    without sentence punctuation, after a line that ends a sentence, not all of them as
    wide as the column, and followed by a byline, furniture, an indented paragraph or
    nothing. ``marked``: on a page whose blank lines do set items apart, where one is
    missing only now and then, the tail must also bear a headline's marks (``_marked``)
    or stand over a byline without signing the text (`（贾斌岚）`)."""
    if nxt is not None and not (
        nxt[0] in ("byline", "furniture")
        or nxt[1][0].indent > 0
        or nxt[1][0].jump_from is not None
        or credits.starts_story(nxt[1][0].text)
    ):
        return [("other", lns)]
    # over a byline or a dateline, the next item begins for sure: a tail there is a headline
    # even unmarked (where a subhead's paragraph goes on, it goes on undated)
    before_byline = nxt is not None and (nxt[0] == "byline" or credits.starts_story(opening(nxt[1])))
    if marked and not before_byline and not _marked(lns[-_TAIL_MAX:]):
        return [("other", lns)]  # (the cheap test first: see below)
    j = len(lns)
    while j > 0 and len(lns) - j < _TAIL_MAX:
        ln = lns[j - 1]
        if ln.indent > 0 or ln.punct > 1 or ln.inner_stop or ends_sentence(ln) or ln.jump_to is not None:
            break
        if _END_CREDIT.match(ln.text) or _AUTHOR_NOTE.match(ln.text):  # `（作者为…）` closes the body
            break
        if ln.text[0] in "（(" and credits.starts_story(ln.text[1:]):  # … and so does `（本报…电）`
            break
        j -= 1
    if j == len(lns) or j < 2 or not closes(lns[j - 1]):
        return [("other", lns)]
    if marked and not (
        _marked(lns[j:])
        # (before a byline: unless the tail signs the text above, `（贾斌岚）`)
        or (before_byline and not credits.closing_authors("".join(ln.text for ln in lns[j:])))
    ):
        return [("other", lns)]
    col = column_width(lns[:j])
    # before a byline an unfinished tail cannot be running text, however wide; nor can an
    # unindented tail after a finished sentence, in text whose paragraphs open indented
    if (
        (nxt is None or nxt[0] != "byline")
        and all(abs(ln.width - col) <= 1.0 for ln in lns[j:])
        and not set_indented(lns[:j], col)
    ):
        return [("other", lns)]
    return [("other", lns[:j]), ("other", lns[j:])]


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
    plainly: three wrapped lines or more that agree within one glyph; None otherwise (list
    items, short paragraphs, half-width digits)."""
    ws = sorted(w for w in wrapped if w >= 0)
    if len(ws) < 3 or ws[-1] - ws[0] > 1.0:
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
    if not closing.startswith(("（", "(")) or _END_CREDIT.match(nxt[0].text):
        return False
    if credits.starts_story(closing[1:]):
        return not _same_dispatch(closing, opening(nxt))
    return bool(credits.closing_authors(closing))


def _split_item_starts(lns: list[Line], by_width: bool = True) -> list[tuple[str, list[Line]]]:
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
    stop in it or at its end, at most one other mark, not a dateline or a jump marker."""
    return (
        ln.indent == 0
        and not ln.inner_stop
        and ln.punct <= 1
        and not ends_sentence(ln)
        and ln.jump_from is None
        and ln.jump_to is None
        and not credits.starts_story(ln.text)
    )


def _opens_body(lns: list[Line]) -> bool:
    """Whether the first of ``lns`` opens a body: indented, a jump-from marker, or a
    dateline (read across the next line: `本报北京2月26日` / `电（记者…）`)."""
    ln = lns[0]
    return ln.indent > 0 or ln.jump_from is not None or credits.starts_story(opening(lns))


def _cut_inside(pieces: list[tuple[str, list[Line]]], k: int, parts: list[tuple[str, list[Line]]]) -> list[Line]:
    """Put ``parts`` in the place of piece ``k``; the lines of piece ``k`` then."""
    if len(parts) > 1:
        pieces[k : k + 1] = parts
    return pieces[k][1]


def _split_inner_headlines(
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
            while j < len(lns) and j - i < T.MAX_GROUP and display(lns[j]) and not _opens_body(lns[j : j + 2]):
                j += 1
            if i < j < len(lns) and _opens_body(lns[j : j + 2]) and (
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


def _display(ln: Line, body_size: float) -> bool:
    """Set in display type (``T.LARGE_TYPE_RATIO`` times the body size or more), when the
    front end measured sizes: a headline's size, never a running head's."""
    return bool(body_size) and ln.size >= T.LARGE_TYPE_RATIO * body_size


def _scraps(lns: list[Line]) -> bool:
    """One scrap line, or the lines of a masthead (the paper's name, its publisher), maybe
    with the page number printed beside it (`A02` / `青川日报`)."""
    if len(lns) == 1 and scrap_furniture(lns[0].text):
        return True
    return len(lns) <= 3 and all(
        scrap_furniture(ln.text, masthead=True) or PAGE_NO.fullmatch(ln.text) is not None for ln in lns
    )


def _titles_next(pieces: list[tuple[str, list[Line]]], i: int) -> bool:
    """Whether piece ``i``, a lone short line, is the title of the item right under it (`晨 练`
    over a photo's caption) rather than a scrap of the running head: no section name or page
    number, over a byline or an indented opening that no jump marker starts."""
    lns = pieces[i][1]
    if len(lns) != 1 or i + 1 >= len(pieces) or pieces[i + 1][0] not in ("other", "byline"):
        return False
    text, nxt = _compact(lns[0].text), pieces[i + 1][1][0]
    if text in SECTION_NAMES or PAGE_NO.fullmatch(text) is not None:
        return False
    return pieces[i + 1][0] == "byline" or (nxt.indent > 0 and nxt.jump_from is None)


def _absorb_scraps(
    pieces: list[tuple[str, list[Line]]], body_size: float = 0.0
) -> list[tuple[str, list[Line]]]:
    """A lone page number or section name (`06`, `科技`) next to furniture is furniture too,
    unless it is set in display type (a short title such as `晨练` under the running head);
    a bare date is furniture only there or at the edge of the page."""
    out = list(pieces)
    for i, (kind, lns) in enumerate(out):
        if kind == "furniture" and all(ln.furniture == BARE_DATE for ln in lns):
            near = any(
                out[k][0] == "furniture" and any(ln.furniture != BARE_DATE for ln in out[k][1])
                for k in (i - 1, i + 1)
                if 0 <= k < len(out)
            )
            if not near and 2 < i < len(out) - 2:
                out[i] = ("other", lns)
    changed = True
    while changed:
        changed = False
        for i, (kind, lns) in enumerate(out):
            near = (i > 0 and out[i - 1][0] == "furniture") or (
                i + 1 < len(out) and out[i + 1][0] == "furniture"
            )
            if (
                kind == "other"
                and near
                and _scraps(lns)
                and not any(ln.doubled for ln in lns)
                and not any(_display(ln, body_size) for ln in lns)
                and (body_size > 0 or not _titles_next(out, i))  # (with sizes, the type decides)
            ):
                out[i] = ("furniture", lns)
                changed = True
    return out


_TERMS: dict[tuple[str, float], str] = {}


def _term(name: str, w: float) -> str:
    """A score term as the trail writes it (`indented-6`), formatted once per kind: a page
    scores hundreds of runs with a few dozen distinct terms."""
    key = (name, w)
    text = _TERMS.get(key)
    if text is None:
        text = _TERMS[key] = f"{name}{w:+g}"
    return text


def headline_score(
    run: list[Line],
    prev_body: Line | None,
    prev_width: float,
    nxt: tuple[str, list[Line]] | None,
    body_size: float = 0.0,
) -> tuple[float, str]:
    """Score a run of lines as display type (positive) or running text (negative).

    ``body_size`` is the page's body font size when the front end measured sizes (PDF);
    type clearly larger or the same size as the body then weighs in as well.
    """
    s, why = T.W_BASE, ["base"]

    def add(w: float, name: str) -> None:
        nonlocal s
        s += w
        why.append(_term(name, w))

    if body_size and all(ln.size for ln in run):
        ratio = min(ln.size for ln in run) / body_size
        if ratio >= T.LARGE_TYPE_RATIO:
            add(T.W_LARGE_TYPE, "large-type")
        elif ratio <= T.BODY_TYPE_RATIO:
            add(T.W_BODY_TYPE, "body-type")

    if any(ln.doubled or ln.spaced for ln in run):
        add(T.W_FAKE_STYLE, "fake-bold/letter-spaced")
    if any(ln.indent > 0 for ln in run):
        add(T.W_INDENT, "indented")
    if ends_sentence(run[-1]):
        add(T.W_SENTENCE_END, "ends-sentence")
    if any(ln.inner_stop for ln in run):
        add(T.W_INNER_STOP, "inner-stop")
    if run[0].leading_close:
        add(T.W_LEADING_CLOSE, "leading-close")
    if _END_CREDIT.match(run[0].text) or _AUTHOR_NOTE.match(run[0].text):
        add(T.W_DATELINE, "end-credit")
    if run[0].jump_from is not None or credits.starts_story(opening(run)):
        add(T.W_DATELINE, "dateline/jump")
    if prev_body is not None and not closes(prev_body) and prev_body.jump_to is None:
        add(T.W_CONTINUES, "continues-previous")
    if nxt is not None and nxt[0] == "jump":
        add(T.W_DATELINE, "before-jump-marker")  # `（下转第N版）` ends a body, never a headline
    if not closes(run[-1]) and nxt is not None:
        kind, lns = nxt
        if kind == "byline" or _opens_body(lns):
            add(T.W_NEXT_STARTS, "next-starts-anew")
        elif kind == "other" and any(ln.indent > 0 for ln in lns[1:]):
            # the indented text after it opens unindented, mid-sentence: it flows on there
            add(T.W_FLOWS_ON, "flows-on")
    elif (
        nxt is not None
        and nxt[1][0].jump_from is not None
        and len(run) <= 3
        and not ends_sentence(run[-1])
        and (prev_body is None or closes(prev_body))
    ):  # between a finished body and `（上接…）`: the continuation's repeated headline
        add(T.W_NEXT_STARTS, "heads-a-continuation")
    if (
        nxt is not None
        and nxt[0] == "other"
        and (nxt[1][0].doubled or nxt[1][0].spaced)
        and len(run) <= 2
        and not any(ln.inner_stop for ln in run)
        and not run[-1].text.endswith("。")
        and (prev_body is None or closes(prev_body))
    ):  # a kicker over a fake-bold or letter-spaced title: display type leads into display type
        add(T.W_LEADS_INTO_DISPLAY, "leads-into-display")
    if (
        len(run) >= 2
        and not any(ln.inner_stop or ends_sentence(ln) for ln in run)
        and sum(ln.punct for ln in run) <= len(run) // 3
        and not any(ln.text.endswith("、") for ln in run[:-1])  # wrapped mid-list: running text
    ):
        add(T.W_NO_PUNCT + T.W_NO_PUNCT_LINE * min(len(run), 6), "unpunctuated")
    if len(run) <= 3:
        add(T.W_SHORT_BLOCK, "short-block")
    elif len(run) > 4:
        add(T.W_LONG_BLOCK, "long-block")
    if len(run) >= 2 and prev_width and all(_fits(ln, prev_width) for ln in run[:-1]):
        add(T.W_COLUMN_FIT, "column-fit")
    elif (
        len(run) >= 2
        and prev_width
        and max(ln.width for ln in run) <= T.NARROW_BLOCK_RATIO * prev_width
        and not ends_sentence(run[-1])
        and not any(ln.inner_stop for ln in run)
    ):  # a block much narrower than the text around it, stopping unfinished: a boxed title
        add(T.W_NARROW_BLOCK, "narrow-block")
    if max(map(len, map(_TEXT, run))) > T.MAX_HEADLINE_LINE and any(  # (the cheap tests first, in C)
        len(ln.doubled or ln.text) > T.MAX_HEADLINE_LINE  # (no wider than its length)
        and width((ln.doubled or ln.text).replace(" ", "")) > T.MAX_HEADLINE_LINE
        and (ln.inner_stop or ends_sentence(ln))
        for ln in run
    ):  # a caption's long line has full stops; a long display line has none
        add(-10.0, "too-wide")
    return s, " ".join(why)


def _fits(line: Line, col: float) -> bool:
    """Whether ``line`` is as wide as a column of ``col`` glyphs (within one), its digits and
    Latin printed anywhere from half width (``line.width``) to full width (its length)."""
    return line.width - 1.0 <= col <= len(line.text) + 1.0


def is_unwrapped(widths: list[float]) -> bool:
    """Whether text is not wrapped into columns: one line per paragraph (a web page's text,
    an extractor that joins lines), its median line ``T.UNWRAPPED_WIDTH`` wide or wider
    (``widths``: of its non-blank lines, sorted). On such a page blank lines say nothing of
    where a headline stands either."""
    return bool(widths) and widths[len(widths) // 2] >= T.UNWRAPPED_WIDTH


def _body_size(lines: list[Line]) -> float:
    """The commonest font size of the page's lines (0 when sizes are unknown)."""
    sizes = Counter(round(ln.size, 1) for ln in lines if ln.size)
    return max(sizes.items(), key=lambda kv: (kv[1], -kv[0]))[0] if sizes else 0.0


def assign_roles(lines: list[Line]) -> list[Run]:
    """All runs of the page in input order, each with its role and the reason for it."""
    runs: list[Run] = []
    body_size = _body_size(lines)
    prev_body: Line | None = None
    prev_width = 0.0
    pieces = _absorb_scraps([p for block in blocks(lines) for p in _pieces(block)], body_size)
    # A dump with (almost) no blank lines gives no block evidence: look for headlines inside
    # blocks too, under the last paragraph of a story, and for where items begin. Where
    # blank lines do set items apart, one may still be missing: headlines with a
    # headline's marks are cut out of blocks then (``marked``).
    widths = sorted(map(_WIDTH, lines))  # (blank lines, and they alone, are 0 wide: first)
    blank = bisect_right(widths, 0.0)
    unwrapped = is_unwrapped(widths[blank:])
    dense = blank < max(2, T.DENSE_BLANK_SHARE * (len(lines) - blank)) or unwrapped
    # unwrapped text whose paragraphs open indented: every unindented line may be display type
    loose = unwrapped and 2 * sum(1 for ln in lines if ln.indent > 0) >= len(lines) - blank
    k = -1
    while k + 1 < len(pieces):
        k += 1
        kind, lns = pieces[k]
        if kind == "other":
            fresh = prev_body is None or closes(prev_body)
            if fresh:
                lns = _cut_inside(pieces, k, _split_glued_headline(lns))
            # Where blank lines set items apart, items begin inside a block only when it goes
            # on with a body (right under a headline, what stands before a dateline is the
            # item's preamble), and by the column's width only without blank lines at all (a
            # costly test, and a blank line missing just where the column changes is rare).
            if dense or (runs and runs[-1].role == "body"):
                lns = _cut_inside(pieces, k, _split_item_starts(lns, by_width=dense))
            lns = _cut_inside(pieces, k, _split_inner_headlines(lns, fresh, marked=not dense, loose=loose))
            nxt_piece = pieces[k + 1] if k + 1 < len(pieces) else None
            lns = _cut_inside(pieces, k, _split_trailing_headline(lns, nxt_piece, marked=not dense))
        if kind == "furniture":
            runs.append(Run("furniture", tuple(lns), reason=lns[0].furniture or "beside furniture"))
            continue
        if kind == "byline":
            runs.append(Run("byline", tuple(lns), reason="byline pattern"))
            continue
        if kind == "credit":
            runs.append(_body_run(lns, 0.0, PHOTO_CREDIT))
            continue
        if kind == "jump":
            runs.append(_body_run(lns, 0.0, JUMP_LINE))
            prev_body = lns[-1]
            continue
        nxt = next((pieces[j] for j in range(k + 1, len(pieces)) if pieces[j][0] != "furniture"), None)
        score, why = headline_score(lns, prev_body, prev_width, nxt, body_size)
        if score > T.HEADLINE_MIN:
            runs.append(Run("headline", tuple(lns), score, why))
        else:
            runs.append(_body_run(lns, score, why))
            # a body whose last paragraph is a credit (`数据来源：…` wrapped) is closed
            prev_body = None if _ends_in_credit(lns) else lns[-1]
            if len(lns) >= 3:
                prev_width = runs[-1].width
    return runs


def _body_run(lns: list[Line], score: float, reason: str) -> Run:
    """A body run, with its column width when it has three lines or more (what the later
    stages compare; fewer lines say nothing of a column)."""
    return Run("body", tuple(lns), score, reason, column_width(lns) if len(lns) >= 3 else 0.0)
