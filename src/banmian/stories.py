"""Stages 4–5: body runs → stories, and each story's lines → paragraphs.

A *story* is the body of one article as it appears on this page: body lines in reading
order, the bylines printed above it, and the runs it spans. Two consecutive body runs
belong to the same story unless something says an item ends or begins between them
(a byline, a dateline, a jump marker, a headline, a change of column width or of indent
style); a run that picks up a sentence the previous one left open continues it, unless a
headline stands between and the run opens with an indented paragraph. Photo items whose
credit line follows their caption, and bodies that a stand-alone headline claims
(assign.py), are split off afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from banmian import credits
from banmian import thresholds as T
from banmian.column import (
    closes,
    column_width,
    ends_paragraph,
    ends_sentence,
    is_unwrapped,
    opening,
    set_indented,
)
from banmian.cuts import signs_off
from banmian.lines import Line
from banmian.roles import JUMP_LINE, PHOTO_CREDIT, Run
from banmian.textfix import join_wrapped, remove_alnum_gaps, width

# A blank printed inside running text (``本报北京2月1日电 （记者…）``) is kept, as U+00A0: it is a
# fixed space of the layout, not a place where the text may be re-wrapped or split.
NBSP = "\u00a0"


@dataclass
class Story:
    """A story while it is being built (internal; the pipeline turns it into an Article)."""

    body: list[Line] = field(default_factory=list)
    gaps: list[bool] = field(default_factory=list)  # body[i] comes right after a blank line
    run_ids: list[int] = field(default_factory=list)  # body[i] belongs to run run_ids[i]
    bylines: list[Line] = field(default_factory=list)
    first_run: int = 0
    last_run: int = 0
    caption: bool = False
    reason: str = ""
    _starts: list[tuple[int, str]] | None = field(default=None, repr=False)
    _width: tuple[int, float] = field(default=(0, 0.0), repr=False)

    @property
    def width(self) -> float:
        """Column width of the story's lines (cached until a line is added)."""
        if self._width[0] != len(self.body):
            self._width = (len(self.body), column_width(self.body))
        return self._width[1]


def _page_column(runs: list[Run]) -> float:
    """The page's usual column width: the median column width of multi-line body runs."""
    ws = sorted(r.width for r in runs if r.role == "body" and len(r.lines) >= 3)
    return ws[len(ws) // 2] if ws else 0.0


def _is_caption(run: Run, page_col: float) -> bool:
    return bool(page_col) and max(ln.width for ln in run.lines) > page_col * T.CAPTION_WIDTH_RATIO


PHOTO_EXPLAINS = ("图为", "图：", "图片为", "上图", "下图")  # how a line explaining a photo opens


def _boundary(cur: Story, run: Run, between: list[Run], caption: bool) -> str | None:
    """Why ``run`` starts a new story after ``cur`` (None: it continues ``cur``)."""
    last = cur.body[-1]
    if all(ln.jump_from is not None and not credits.jump_from(ln.text)[1].strip() for ln in cur.body):
        return None  # `（上接第一版）` on a line of its own opens the story that follows it
    if run.first.jump_from is not None:
        return "starts with a jump-from marker"
    if last.jump_to is not None:
        return "previous story ends with a jump-to marker"
    if last.credit:
        return "a photo credit ends the item above"
    if last.text[-1] in "）)" and run.first.indent > 0 and signs_off(cur.body, list(run.lines[:2])):
        return "the text above is signed off (its credit or dispatch in brackets)"
    if any(r.role == "byline" for r in between):
        return "a byline stands before it"
    if credits.starts_story(opening(run.lines)):
        return "opens with a dateline"
    if cur.caption and not caption and run.first.text.startswith(PHOTO_EXPLAINS) and len(run.lines) <= 3:
        return None  # `图为…` under a wide caption explains the same photo
    if caption != cur.caption:
        return "caption width changes"
    if any(r.role == "headline" for r in between) and run.first.indent > 0:
        return "a headline stands between, and a paragraph opens after it"
    if not closes(last):
        return None  # the previous run stopped mid-sentence: this is its continuation
    if any(r.role == "headline" for r in between):
        return "a headline stands between"
    if len(run.lines) >= 3 and len(cur.body) >= 3 and abs(run.width - cur.width) > T.COLUMN_CHANGE:
        return "column width changes"
    if run.first.indent > 0 and _set_unindented(cur) and set_indented(run.lines, cur.width):
        return "paragraphs open indented here, and nowhere in the story above"
    return None


def _set_unindented(story: Story) -> bool:
    """Whether ``story`` is set without paragraph indents: no line indented over at least
    ``T.UNINDENTED_MIN_LINES`` lines, with two or more paragraph ends in them. Indenting is
    a house style kept through an article, so text whose paragraphs do open indented after
    it is another item."""
    body, col = story.body, story.width
    if len(body) < T.UNINDENTED_MIN_LINES or any(ln.indent > 0 for ln in body):
        return False
    return sum(ends_paragraph(ln, col) for ln in body) >= 2


def photo_credited(lines: list[Line] | tuple[Line, ...]) -> bool:
    """Whether ``lines`` are byline lines, all of them crediting photographers only (`X 摄`)."""
    return bool(lines) and all(ln.byline and all(a.role == "photographer" for a in ln.byline) for ln in lines)


def build_stories(runs: list[Run]) -> list[Story]:
    """Group body runs into stories, attaching the bylines that precede each body."""
    page_col = _page_column(runs)
    stories: list[Story] = []
    cur: Story | None = None
    between: list[Run] = []
    pending: list[Line] = []
    for i, run in enumerate(runs):
        if run.role != "body":
            between.append(run)
            if run.role == "byline":
                if cur is not None and photo_credited(run.lines) and not any(r.role == "headline" for r in between):
                    cur.bylines.extend(run.lines)  # `X 摄` under a body credits the photo above
                else:
                    pending.extend(run.lines)
            continue
        caption = _is_caption(run, page_col)
        if cur is None:
            why: str | None = "first body on the page"
        elif run.reason in (PHOTO_CREDIT, JUMP_LINE):
            why, caption = None, cur.caption  # a credit or `（下转…）` closes what stands above it
        else:
            why = _boundary(cur, run, between, caption)
        if why is not None:
            cur = Story(first_run=i, caption=caption, reason=why)
            stories.append(cur)
        elif pending:  # a byline that did not start a story (rare): keep it with this one
            pass
        assert cur is not None  # (for the type checker: the first run always opens a story)
        cur.bylines.extend(pending)
        pending = []
        for k, ln in enumerate(run.lines):
            cur.body.append(ln)
            cur.gaps.append(k == 0 and why is None)
            cur.run_ids.append(i)
        cur.last_run = i
        between = []
    if pending and stories:  # bylines after the last body: a name under the last paragraph
        stories[-1].bylines.extend(pending)
    return [part for story in stories for part in _split_photo_items(story)]


def _split_photo_items(story: Story) -> list[Story]:
    """A photo credit (``X摄（影像中国）``) ends a photo item: if its caption followed the
    story above after a blank line and a finished sentence, the caption is its own item."""
    for c, ln in enumerate(story.body):
        if not ln.credit or c == 0:
            continue
        caption_run = story.run_ids[c - 1]  # the run above the credit is the caption
        start = c - 1
        while start > 0 and (story.run_ids[start - 1] == caption_run or not closes(story.body[start - 1])):
            caption_run = story.run_ids[start - 1]  # … with the runs it continues across column breaks
            start -= 1
        prev = story.body[start - 1] if start else None
        opens = prev is not None and closes(prev) and (
            story.body[start].indent > 0 or len(prev.text) + prev.indent <= story.width - T.SHORT_LINE_GAP
        )
        # `图为…` explains the photo whose caption stands above: one item, not two
        if story.body[start].text.startswith(PHOTO_EXPLAINS):
            continue
        why, dated = "a photo caption: its credit line follows", -1
        if 0 < start < c and story.gaps[start] and opens:
            # a caption already credited (a byline above it, or a credit line earlier) starts
            # a second item at the next credited paragraph; otherwise the credit is its own
            if story.caption and not story.bylines and not any(x.credit for x in story.body[:start]):
                continue
        elif ln.text.endswith("报道"):
            continue  # a photo report (`X摄影报道`) is all the photographers', from its first line
        else:
            # no blank line sets the caption apart (a dump without them): it opens with its
            # date, under text that is no caption itself
            start = dated = _dated_caption(story, c)
            why = "a dated photo caption: its credit line follows"
            if start < 0 or (story.caption and sum(len(x.text) for x in story.body[:start]) <= T.CAPTION_MAX_CHARS):
                continue
        if 0 < start < c and sum(len(x.text) for x in story.body[start:c]) <= T.CAPTION_MAX_CHARS:
            head, tail = split_story(story, start, why)
            tail.caption = True
            if start == dated:
                head.caption = False  # (longer than a caption: the caption's width made it look one)
            return [head, *_split_photo_items(tail)]
    return [story]


# how a photo's caption opens: the day it was taken (`2月15日，`, `26日上午，`, `13日一大早，`,
# `一月一日，`, with an extractor's blanks `1 月 2 日，`)
_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_CAPTION_DATE = re.compile(rf"^(?:{_DAY}\s*月\s*)?{_DAY}\s*日[\u4e00-\u9fff]{{0,3}}[，,]")


def _dated_caption(story: Story, c: int) -> int:
    """Where the caption over the credit line ``c`` begins, when it opens with a date: the
    nearest indented paragraph above that does, after a line that closes; -1 if none within
    ``T.CAPTION_MAX_CHARS``."""
    size = 0
    for i in range(c - 1, 0, -1):
        ln = story.body[i]
        size += len(ln.text)
        if size > T.CAPTION_MAX_CHARS:
            break
        if ln.indent > 0 and closes(story.body[i - 1]) and _CAPTION_DATE.match(ln.text):
            return i
    return -1


_LEAD = re.compile(r"^[“‘《〈（(「『【]*(?:[0-9A-Za-z.,%％:+/\\-]+|.)[，。、；：！？”’」』）)》〉]*")


def lead_width(text: str) -> float:
    """Width of what a line starts with that could not be split from its first glyph: a
    number or Latin word, or one glyph, with the opening punctuation before it and the
    closing punctuation after it (neither may be left alone at a line's end or start).
    If that would have fitted at the end of the previous line, that line really ended."""
    m = _LEAD.match(text)
    return width(m.group(0)) if m else 0.0


def _closes_clause(line: Line) -> bool:
    return line.text.endswith(("。", "！", "？", "…", "”", "）", ")", "；", "，", "、", "："))


def soft_boundaries(story: Story) -> list[int]:
    """Indexes into ``story.body`` where a new item *could* begin: after a blank line, a
    paragraph that closed, and an indented new paragraph — nothing else tells them apart."""
    return [
        i
        for i in range(1, len(story.body))
        if story.gaps[i] and closes(story.body[i - 1]) and story.body[i].indent > 0
    ]


def split_story(story: Story, at: int, why: str) -> tuple[Story, Story]:
    """Cut a story in two before ``story.body[at]`` (the bylines stay with the first part)."""
    head = Story(
        body=story.body[:at], gaps=story.gaps[:at], bylines=story.bylines, run_ids=story.run_ids[:at],
        first_run=story.first_run, last_run=story.run_ids[at - 1], caption=story.caption, reason=story.reason,
    )
    tail = Story(
        body=story.body[at:], gaps=[False] + story.gaps[at + 1 :], bylines=[], run_ids=story.run_ids[at:],
        first_run=story.run_ids[at], last_run=story.last_run, caption=story.caption, reason=why,
    )
    return head, tail


def paragraph_starts(story: Story) -> list[tuple[int, str]]:
    """Indexes into ``story.body`` where a paragraph begins, with the reason for each."""
    if story._starts is None:
        story._starts = _paragraph_starts(story)
    return story._starts


def _unwrapped_lines(lines: list[Line]) -> bool:
    """Whether a story's lines were never wrapped into a column: one line per paragraph (a
    web page's text), its median line ``T.UNWRAPPED_WIDTH`` wide or wider and nearly every
    line closing its text (a wrapped line stops mid-sentence, wherever the column ends)."""
    if len(lines) < 2 or not is_unwrapped(sorted(ln.width + ln.indent for ln in lines)):
        return False
    return 4 * sum(1 for ln in lines if closes(ln)) >= 3 * len(lines)


def _paragraph_starts(story: Story) -> list[tuple[int, str]]:
    lines = story.body
    w = story.width
    if _unwrapped_lines(lines):
        return [(0, "first line")] + [
            (i, "a line of unwrapped text") for i in range(1, len(lines)) if not lines[i].leading_close
        ]
    # the room a line leaves is ``w - T.SHORT_LINE_GAP + 1.0 - its indent - its length``; a
    # paragraph's first line counts its indent as at least the two glyphs it prints, where
    # the dump may keep only one blank of it
    head = w - T.SHORT_LINE_GAP + 1.0
    indented = sum(1 for ln in lines if ln.indent > 0) >= max(1, len(lines) // 12)
    starts: list[tuple[int, str]] = [(0, "first line")]
    prev_start = True  # whether lines[i - 1] begins a paragraph
    for i in range(1, len(lines)):
        ln, prev = lines[i], lines[i - 1]
        why = None
        if ln.leading_close:
            why = None  # closing punctuation never opens a paragraph
        elif ln.credit:
            why = "photo credit"
        elif ln.indent > 0:
            why = "indented"
        else:
            # a first line may lose up to two glyphs to its indent; digits and Latin may print
            # anywhere from half to full width: judge by the widest
            room_left = head - (max(prev.indent, 2.0) if prev_start else prev.indent) - len(prev.text)
            short = room_left >= 0.5 and lead_width(ln.text) <= room_left  # (the cheap test first)
            if short and credits.starts_story(prev.text + ln.text) and not credits.starts_story(prev.text):
                why = None  # a dateline wrapped before its `电`
            elif short and (
                _closes_paragraph(prev)
                # a short line that stops mid-clause, in text whose paragraphs open indented,
                # ends a paragraph only as a one-line paragraph of its own (a subhead) or
                # with no mark in it; otherwise the extractor broke it early (`以“壮丽七十`)
                or (not story.gaps[i] and (not indented or prev_start or prev.punct == 0))
            ):
                why = "previous line is short"
            elif prev_start and _subhead_line(lines, i - 1, w, ln):
                why = "after a subhead (an unpunctuated paragraph of one line)"
            elif _narrower_by_indent(lines, i, w, indented, short):
                why = "first line narrower by an indent"
        if why:
            if _subhead_before(lines, i, w) and starts[-1][0] < i - 1:
                starts.append((i - 1, "a short unpunctuated line between two paragraphs (a subhead)"))
            starts.append((i, why))
        prev_start = why is not None
    return starts


def _narrower_by_indent(lines: list[Line], i: int, w: float, indented: bool, after_short: bool) -> bool:
    """Whether ``lines[i]`` is a paragraph's first line whose indent the extractor dropped
    (on a story that prints almost no indents): narrower than the column by an indent,
    after a line that ended (``after_short``: one that left room for this line's first
    glyph), with the paragraph going on past it."""
    ln, prev = lines[i], lines[i - 1]
    lo, hi = T.STRIPPED_INDENT_MIN, T.STRIPPED_INDENT_MAX
    return (
        not indented
        and i + 1 < len(lines)
        # short by an indent, or by more where what opens the next line could not follow
        and lo <= w - ln.width
        and (w - ln.width <= hi or w - ln.width - 2.0 < lead_width(lines[i + 1].text))
        and lines[i + 1].indent == 0
        # what stands above ended: a sentence end, or a line short by more than an indent
        # (a subhead, a signature `——X`), which no paragraph wraps out of
        and (after_short or _closes_paragraph(prev) or w - prev.width > hi)
        # the paragraph goes on past this line: wider lines follow, or it stops mid-sentence
        and (lines[i + 1].width > ln.width or not _closes_clause(ln))
    )


def _subhead_before(lines: list[Line], i: int, w: float) -> bool:
    """Whether the line before a paragraph start ``i`` is a paragraph of its own: short,
    with no closing punctuation, right after a sentence end (`…不发愁。` / `稳得住，安居有品质`
    / `“我有…`). A paragraph's own last line ends in punctuation; a subhead does not."""
    if i < 2:
        return False
    prev = lines[i - 1]
    return (
        not _closes_clause(prev)
        and not prev.leading_close
        and w - prev.width >= T.SHORT_LINE_GAP
        and ends_sentence(lines[i - 2])
    )


def _subhead_line(lines: list[Line], k: int, w: float, nxt: Line) -> bool:
    """Whether ``lines[k]``, a paragraph's indented first line, is the whole paragraph: a
    subhead (`　　村子越建越美 日子越过越好`) with no punctuation, short of the column by
    more than what ``nxt`` opens with (so nothing wrapped from it), after a paragraph
    that closed. The paragraph after it then starts even with its indent dropped."""
    ln = lines[k]
    # digits and Latin counted full width (the widest they print), the indent as the two
    # glyphs it prints even where the dump keeps one blank of it
    room = w - len(ln.text) - max(ln.indent, 2.0)
    return (
        k >= 1
        and ln.indent > 0
        and ln.punct == 0
        and not _closes_clause(ln)
        and not ln.leading_close
        and room >= T.SHORT_LINE_GAP
        and lead_width(nxt.text) <= room
        and _closes_paragraph(lines[k - 1])
    )


def _closes_paragraph(line: Line) -> bool:
    """Whether a paragraph may end after ``line``: a sentence end, a closing quote or
    bracket, or a colon (a list or a quotation follows)."""
    return ends_sentence(line) or line.text.endswith(("”", "）", ")", "：", ":"))


def _unmarked(line: Line) -> str:
    """The line's text without its jump markers (``（上接第一版）``, ``（下转第2版）``)."""
    t = line.text
    if line.jump_from is not None:
        t = credits.jump_from(t)[1]
    if line.jump_to is not None:
        t = credits.jump_to(t)[1]
    return t


def paragraphs(story: Story) -> list[str]:
    """The story's paragraphs: wrapped lines joined, jump markers removed, as printed."""
    starts = [i for i, _ in paragraph_starts(story)] + [len(story.body)]
    texts = [_unmarked(ln) if ln.jump_from is not None or ln.jump_to is not None else ln.text for ln in story.body]
    out: list[str] = []
    for a, b in zip(starts, starts[1:], strict=False):
        text = _unwrap(join_wrapped(texts[a:b]), first=not out)
        if text:
            out.append(text)
    return out


# the blank a dateline is printed with before the text (`本报讯 1月12日，`, `…电  1月29日，`)
_DATELINE_BLANK = re.compile(r"^(.{0,30}?(?:本报讯|[电讯](?!员)))[ \t\u00a0\u3000]+(?=\S)")


def _unwrap(joined: str, *, first: bool) -> str:
    """A paragraph's joined text as printed: extractor blanks between Han characters and
    digits or Latin removed, every other blank a no-break space. A dateline's blank before
    the text (the first paragraph's) is printed layout, kept even before a digit."""
    head = ""
    if first and credits.starts_story(joined):
        joined = joined.lstrip()
        m = _DATELINE_BLANK.match(joined)
        if m:
            head, joined = remove_alnum_gaps(m.group(1)) + NBSP, joined[m.end() :]
    return (head + remove_alnum_gaps(joined)).strip().replace(" ", NBSP)
