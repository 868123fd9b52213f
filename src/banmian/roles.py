"""Stage 3: give every non-blank line a role — furniture, byline, headline or body.

Furniture and bylines are recognised line by line from their text. What remains is
grouped into *runs* (consecutive lines that a blank line, furniture or a byline does not
interrupt) and each run is scored as a whole: a headline run is display type (short,
unpunctuated, never indented, sometimes fake-bold or letter-spaced), a body run is
column-wrapped running text. The score's terms are in ``thresholds``; the reasons go to
the trail. Before it is scored, a block is cut where more than one item stands in it
(``cuts``): headline lines glued to an indented first paragraph, always; in a dump without
blank lines (or with unwrapped, one-line paragraphs) also where an item begins (a
dateline, a sign-off, a change of column) and around headline lines inside it; where blank
lines do set items apart but one is missing now and then, only such cuts as a headline's
marks, a dateline or a sign-off make certain.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from banmian import credits
from banmian import thresholds as T
from banmian.column import (
    AUTHOR_NOTE,
    END_CREDIT,
    closes,
    column_width,
    ends_sentence,
    fits,
    is_unwrapped,
    opening,
    opens_body,
)
from banmian.cuts import (
    cut_inside,
    split_glued_headline,
    split_inner_headlines,
    split_item_starts,
    split_trailing_headline,
)
from banmian.lines import BARE_DATE, PAGE_NO, SECTION_NAMES, Line, _compact, blocks, scrap_furniture
from banmian.textfix import width

_WIDTH = attrgetter("width")  # (of a Line: for ``map``)
_TEXT = attrgetter("text")

PHOTO_CREDIT = "photo credit"
JUMP_LINE = "jump marker on its own line"


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


def _ends_in_credit(lns: list[Line]) -> bool:
    """Whether the last paragraph of a body run (from its last indented line) is a design
    or source credit (``数据来源：…``, ``制图：…``), however many lines it wraps to."""
    start = next((ln for ln in reversed(lns) if ln.indent > 0), lns[0])
    return bool(END_CREDIT.match(start.text))


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
        # `（上接第一版）` opens an item; a line after `（下转第3版）` opens another one
        opens_item = kind == "other" and (ln.jump_from is not None or (k > 0 and block[k - 1].jump_to is not None))
        if out and out[-1][0] == kind and not opens_item:
            out[-1][1].append(ln)
        else:
            out.append((kind, [ln]))
    return out


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


# a title closed by its column's tag, straight after its words (`最美菜单，美的是挂念（民生观）`):
# the bracket ends no sentence
_COLUMN_TAGGED = re.compile(r"[^，。；！？：、,.;!?:）)”’][（(][^（）()，。；！？]{2,12}[）)]$")

_CLAUSE_ENDS = ("，", "、", "，”", "，’")  # (a comma inside closing quotes ends a clause too)

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
    elif run[-1].text.endswith(_CLAUSE_ENDS):
        add(T.W_CLAUSE_END, "ends-clause")
    if any(ln.inner_stop for ln in run):
        add(T.W_INNER_STOP, "inner-stop")
    if run[0].leading_close:
        add(T.W_LEADING_CLOSE, "leading-close")
    if END_CREDIT.match(run[0].text) or AUTHOR_NOTE.match(run[0].text):
        add(T.W_DATELINE, "end-credit")
    if run[0].jump_from is not None or credits.starts_story(opening(run)):
        add(T.W_DATELINE, "dateline/jump")
    if prev_body is not None and not closes(prev_body) and prev_body.jump_to is None:
        add(T.W_CONTINUES, "continues-previous")
    if nxt is not None and nxt[0] == "jump":
        add(T.W_DATELINE, "before-jump-marker")  # `（下转第N版）` ends a body, never a headline
    if (not closes(run[-1]) or _COLUMN_TAGGED.search(run[-1].text) is not None) and nxt is not None:
        kind, lns = nxt
        if kind == "byline" or opens_body(lns):
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
    if len(run) >= 2 and prev_width and all(fits(ln, prev_width) for ln in run[:-1]):
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
                after_jump = prev_body is not None and prev_body.jump_to is not None
                lns = cut_inside(pieces, k, split_glued_headline(lns, item_start=after_jump))
            # Where blank lines set items apart, items begin inside a block only when it goes
            # on with a body (right under a headline, what stands before a dateline is the
            # item's preamble), and by the column's width only without blank lines at all (a
            # costly test, and a blank line missing just where the column changes is rare).
            if dense or (runs and runs[-1].role == "body"):
                lns = cut_inside(pieces, k, split_item_starts(lns, by_width=dense))
            lns = cut_inside(pieces, k, split_inner_headlines(lns, fresh, marked=not dense, loose=loose))
            nxt_piece = pieces[k + 1] if k + 1 < len(pieces) else None
            lns = cut_inside(pieces, k, split_trailing_headline(lns, nxt_piece, marked=not dense))
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
