"""Stage 1–2: decoded text → numbered lines with the features later stages score on."""

from __future__ import annotations

import re
from typing import NamedTuple

from banmian import credits
from banmian.textfix import HAN, close_letter_spacing, undouble, width

_INNER_STOP = re.compile(r"[。！？；]")
_PUNCT = re.compile(r"[，。、；：！？,;:!?]")

# ---------------------------------------------------------------- furniture patterns
# A header/footer line is made of furniture tokens only: dates, weekdays, page numbers,
# a section name. Spaces an extractor put inside a date (`2019年10月 12 日`) are closed first.
_DATE_GAPS = re.compile(r"(?<=[0-9])\s+(?=[年月日号版])|(?<=[年月])\s+(?=[0-9])|(?<=第)\s+|(?<=星期)\s+")
PAGE_DASHED = r"[-—–]\s*(\d{1,3})\s*[-—–]"  # `- 2 -`: the page number between dashes
# a date in Chinese numerals, as some papers print it in the running head (`二〇二三年三月六日`)
_CN_YEAR, _CN_MONTH, _CN_DAY = r"[〇零一二三四五六七八九]{4}年", r"[一二三四五六七八九十]{1,2}月", r"[一二三四五六七八九十]{1,3}日"
_CN_DATE = rf"{_CN_YEAR}(?:{_CN_MONTH}(?:{_CN_DAY})?)?"
_FTOK_STRONG = re.compile(
    # a date with its weekday set tight (`2023年1月16日星期一`)
    rf"^(?:(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|{_CN_YEAR}{_CN_MONTH}{_CN_DAY})(?:星期|周)[一二三四五六日天]|{_CN_DATE}|"
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日?)?)?|\d{1,2}月\d{1,2}日|\d{1,2}日|(?:星期|周)[一二三四五六日天]"
    r"|第[0-9〇零一二三四五六七八九十]{1,3}版|[0-9]{1,2}版|[（(]?(?:星期|周)[一二三四五六日天][）)]?"
    # `2023.1.17`, `2023-01-17`; the lunar date (`农历癸卯年正月初一`, `癸卯年腊月廿六`); the number
    r"|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}|农历[\u4e00-\u9fff]{2,10}|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年[\u4e00-\u9fff]{0,6}"
    rf"|第\d{{3,6}}期|今日\d+版|{PAGE_DASHED})$"  # … `今日8版`, a page number between dashes (`- 2 -`)
)
# a date alone (`2019年10月6日`) is also how a letter or decree is dated in its body:
# furniture only beside other furniture or at the page's edge (decided in roles.py)
BARE_DATE = "bare date"
_BARE_DATE = re.compile(rf"^(?:\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?|{_CN_YEAR}{_CN_MONTH}(?:{_CN_DAY})?)$")
# a paper's name (`青川日报`, `西岸新闻`): the masthead over or in the running head
_PAPER_NAME = rf"[{HAN}]{{2,6}}(?:日报|晚报|早报|时报|商报|新闻|周刊)"
# a page number (`07`, or a lettered section's `A07`), a section or paper name, a Latin masthead word
_FTOK_WEAK = re.compile(rf"^(?:[A-H]?[0-9]{{1,2}}|[{HAN}]{{2,4}}|{_PAPER_NAME}|[A-Z]{{2,}})$")
# a letter-spaced word inside a header line: `07 文 化` → `07 文化`
_SPACED_WORD = re.compile(rf"(?<!\S)[{HAN}](?: [{HAN}])+(?!\S)")
_STAFF_WORDS = (
    "责任编辑|责编|美编|美术编辑|编辑|校对|图片编辑|版面设计|本版编辑|组版|排版|照排|值班编辑|值班主任|首席编辑|主编|执行主编"
    # who read and signed the page off
    "|审读|审核|审签|签发|值班编委|值班总编|总值班|终审|复审|初审"
)
_STAFF = re.compile(rf"^(?:本版)?(?:{_STAFF_WORDS})\s*[:：]")
# the same without colons, a blank between each role and its names (`编辑 王芳 审签 李四`)
_STAFF_PAIRS = re.compile(rf"^(?:(?:本版)?(?:{_STAFF_WORDS})(?:[ \u3000]+[{HAN}]{{2,4}})+[ \u3000]*)+$")
# staff credits printed at the end of a running head (`02 要闻 … 星期二 责编：X 美编：Y`)
_STAFF_TAIL = re.compile(rf"\s(?:本版)?(?:{_STAFF_WORDS})\s*[:：]")
_CONTACT = re.compile(r"^(?:电话|新闻热线|传真|邮箱|电子信箱|E-mail)\s*[:：]|https?://|www\.")
_PHONE = re.compile(r"^[（(]?0\d{2,3}[）)]?[-\s]?\d{7,8}$")
_WEATHER = re.compile(r"^(?:天气|气温)\s*[:：]")  # the weather box of a front page
# a front page's digest (导读): an item and the page that prints it, `▶新区加快建设海洋强区 详见第3版`
_DIGEST = re.compile(r"^[▶►▷●■◆]?.{2,30}?\s*(?:详见|见)\s*第?\s*[A-H]?[0-9一二三四五六七八九十]{1,3}\s*版$")
_MASTHEAD = re.compile(
    r"^(?:[A-Z]{3,}(?:\s+[A-Z]{3,})+|.*国内统一连续出版物号.*|.*代号\s*\d.*|今日\s*\d+\s*版|.{0,8}网址[:：].*|人民日报|[A-Z]{2,}\s*RIBAO)$"
)


# Section names newspapers print in page headers (and repeat above a section's first item).
# A line that is exactly one of these and nothing else is furniture.
SECTION_NAMES = frozenset(
    "要闻 综合 国内 国际 社会 经济 地方 评论 理论 文化 体育 科技 生态 专题 视点 副刊 教育 健康 法治 财经 "
    "民生 观点 时政 军事 文艺 读书 旅游 环球 人物 新闻 城事 区县 县域 综合新闻 国内新闻 国际新闻 文化新闻 "
    "体育新闻 经济新闻 政治 党建 特刊 广告 深度 调查 周刊 海外 港澳台 两岸 导读 要闻导读 今日导读".split()
)


# What every rule of ``furniture_reason`` but the section name needs somewhere in the text
# without its blanks: a colon (staff credits, contacts, `网址：`), `编` `审` `签` (staff credits
# without colons), a digit (dates, page and phone numbers, `代号`, `今日 N 版`), a capital
# (mastheads), `第` `周` `星` (page numbers, weekdays), `〇年` `卯年` (a date in Chinese numerals,
# the lunar year), `农历` (the lunar date), or a masthead's words. A rule added there must be
# covered here too.
_FURNITURE_HINT = re.compile(r"[:：\dA-Z第周星编审签]|[〇零一二三四五六七八九子丑寅卯辰巳午未申酉戌亥]年|www|人民日报|国内统一连续出版物号|农历")


def _compact(t: str) -> str:
    """``t`` without its blanks (letter spacing ignored)."""
    return t.replace(" ", "").replace("\u3000", "")


def furniture_reason(text: str, indent: float = 0.0) -> str | None:
    """Why ``text`` is page furniture (header/footer), or None. Letter spacing is ignored.

    An indented line is body text (a dated signature, a numbered step) unless it is a
    staff credit, a contact line or the masthead: headers and footers are not indented.
    """
    t = text.strip()
    if not t or len(t) > 60:
        return None
    compact = _compact(t)
    if _FURNITURE_HINT.search(compact) is None:  # (a shortcut: most lines that get here)
        return "section name" if not indent > 0 and compact in SECTION_NAMES else None
    if _STAFF.match(compact) or _STAFF_PAIRS.match(t):
        return "staff credit"
    if (_CONTACT.search(t) or _PHONE.match(compact)) and len(compact) <= 40:
        return "contact"
    if _MASTHEAD.match(t) or _MASTHEAD.match(compact):
        return "masthead"
    if _WEATHER.match(compact) and len(compact) <= 40:
        return "weather"
    if _DIGEST.match(t):
        return "digest"
    if indent > 0:
        return None
    if compact in SECTION_NAMES:
        return "section name"
    if _BARE_DATE.match(compact):
        return BARE_DATE
    if _HEADER_HINT.search(t) is None:
        return None  # (a shortcut: each rule below needs a digit, `第`, `周` or `星期`)
    why = _header_reason(t, compact)
    if why is None and (staff := _STAFF_TAIL.search(t)) is not None:
        head = t[: staff.start()].strip()
        why = _header_reason(head, _compact(head))
    return why


# Every rule of ``_header_reason`` needs a date (`农历…`, `二〇二三年…` too), a weekday or a page
# number: a strong token (_FTOK_STRONG) or a page number (PAGE_NO). Tokens are made of ``text``'s
# glyphs, so a text without any of these glyphs (`星` for `星期`, split as `星 期` maybe) has neither.
_HEADER_HINT = re.compile(r"[\d第周星]|[〇零一二三四五六七八九子丑寅卯辰巳午未申酉戌亥]年|农历")
PAGE_NO = re.compile(r"[A-H]?[0-9]{1,2}")  # `07`, or `A07` in a paper of lettered sections
# a page number glued to its section name, either way round, as a running head prints them
# letter-spaced (`A 0 9 体 育`) or set tight (`A09体育`, `体育09版`)
_PAGE_SECTION = re.compile(rf"{PAGE_NO.pattern}版?([{HAN}]{{2,6}})|([{HAN}]{{2,6}}){PAGE_NO.pattern}版?")
# … and a page named in full beside any section, letter-spaced (`第 八 版 乡 村 振 兴`)
_NAMED_PAGE_SECTION = re.compile(rf"第[0-9〇零一二三四五六七八九十]{{1,3}}版[{HAN}]{{2,4}}|[{HAN}]{{2,4}}第[0-9〇零一二三四五六七八九十]{{1,3}}版")
_WHITESPACE = re.compile(r"\s")  # what ``str.split()`` splits at, and _DATE_GAPS removes


def _header_reason(t: str, compact: str) -> str | None:
    """The date/page header rules of ``furniture_reason`` (``t`` stripped, ``compact``
    without its blanks)."""
    if _page_and_section(t):
        return "page number and section"
    if _WHITESPACE.search(t) is None:
        # one token, ``t`` itself (= ``compact``): the rules below come down to this one
        return "date/page header" if _FTOK_STRONG.match(t) else None
    closed = _SPACED_WORD.sub(lambda m: m.group(0).replace(" ", ""), _DATE_GAPS.sub("", t))
    toks = closed.split()
    if len(toks) == 1 and close_letter_spacing(t)[1]:
        toks = [compact]
    is_strong = [_FTOK_STRONG.match(k) is not None for k in toks]
    if any(is_strong):  # date/page tokens, every other token a weak one (a section, a number)
        others = [k for k, st in zip(toks, is_strong, strict=True) if not st]
        weak = sum(1 for k in others if _FTOK_WEAK.match(k))
        if weak == len(others) and (
            all(k in SECTION_NAMES or PAGE_NO.fullmatch(k) for k in others)
            or (weak <= 2 and any(("星期" in k or "周" in k or "版" in k) for k in toks if _FTOK_STRONG.match(k)))
        ):
            return "date/page header"
    if _FTOK_STRONG.match(compact):
        return "date/page header"
    return None


def _page_and_section(t: str) -> bool:
    """A page number and its section name and nothing else, either way round, apart, glued or
    letter-spaced (`06 体育`, `A09体育`, `A 0 9 体 育`); or, letter-spaced, a page named in full
    beside any section word (`第 八 版 乡 村 振 兴`: set tight, the header rules read it)."""
    bare = "".join(t.split())
    m = _PAGE_SECTION.fullmatch(bare)
    if m is not None:
        return (m.group(1) or m.group(2)) in SECTION_NAMES
    return _NAMED_PAGE_SECTION.fullmatch(bare) is not None and close_letter_spacing(t)[1]


# the paper's name (with its Latin name: `青川日报 QINGCHUAN DAILY`), the publisher under it,
# a QR code's prompt: a masthead's lines
_MASTHEAD_SCRAP = re.compile(
    rf"{_PAPER_NAME}(?:[A-Z]{{2,}})?|[{HAN}]{{2,20}}主管(?:主办)?|主办单位[:：]?[{HAN}]{{2,20}}|(?:扫码|扫描二维码|扫一扫)[{HAN}]{{1,16}}"
)
_SCRAP = re.compile(
    rf"{PAGE_NO.pattern}|[{HAN}]{{2,4}}|[日第版]|{PAGE_NO.pattern}[{HAN}]{{2,4}}|[{HAN}]{{2,4}}{PAGE_NO.pattern}"
    rf"|{_MASTHEAD_SCRAP.pattern}"
)
_SCRAP_BLANKS = re.compile(r"[ \u3000]+")


def scrap_furniture(text: str, *, masthead: bool = False) -> bool:
    """A scrap that is furniture when it stands beside furniture: a page number, a section
    name, or both (`08 城乡`), or a masthead's line (the only kind when ``masthead``)."""
    return (_MASTHEAD_SCRAP if masthead else _SCRAP).fullmatch(_SCRAP_BLANKS.sub("", text.strip())) is not None


Box = tuple[float, float, float, float]  # (left, top, right, bottom) on a PDF page, y downwards


class Line(NamedTuple):
    """One input line and its features. ``no`` is 1-based; ``text`` has its indent removed.

    A named tuple rather than a frozen dataclass: immutable all the same, and a page makes
    hundreds of them, which a tuple builds several times faster.
    """

    no: int
    raw: str
    text: str
    indent: float  # width of leading blanks, in Han-character units
    width: float  # printed width of ``text``
    doubled: str | None  # the text with fake bold undone, when the whole line was doubled
    spaced: bool  # letter-spaced (``中 国 海 油``)
    terminal: bool  # ends a sentence (。！？…) or a bracket
    inner_stop: bool  # has a full stop / semicolon before its last glyph
    punct: int  # how many punctuation marks
    furniture: str | None  # why it is furniture, if it is
    byline: tuple[credits.Author, ...] | None
    credit: tuple[credits.Author, ...] | None  # a photo credit printed in the body: `X摄（影像中国）`
    jump_from: int | None
    jump_to: int | None
    leading_close: bool  # starts with closing punctuation: can only continue a sentence
    # Geometry, when a front end knows it (the PDF reader); 0 means unknown (text dumps).
    size: float = 0.0  # font size of the line's glyphs, in points
    # the line's box on the page: (left, top, right, bottom) in PDF points from the page's
    # top-left corner, y downwards (``top < bottom``); None in a text dump. Rules that read it
    # run only when it is there, so the text path is untouched by them.
    box: Box | None = None

    @property
    def blank(self) -> bool:
        return not self.text


def _indent_width(s: str) -> float:
    """Width of leading blanks ``s``: an ideographic space counts 1, a tab 2 (an extractor
    writes a paragraph's two-glyph indent as one tab), any other blank 0.5."""
    return 0.5 * (len(s) + s.count("\u3000") + 3 * s.count("\t"))  # exact: halves of small integers


# Fast paths. Most lines of a page are running text: a comma or a full stop in a line rules
# out furniture, a byline and fake bold (whose punctuation would be doubled too), so the
# costlier recognisers run only on the few lines that could match.
_RUNNING = re.compile(r"[，。；！？、]")
_SENTENCE = re.compile(r"[，。；！？]")
_DOUBLED_PUNCT = re.compile(r"([，。；！？、])\1")
_BYLINE_HINT = re.compile(r"记者|通讯员|摄|撰文|文\s*[/／]|图\s*[/／]|^[□■◎●○△▲◇◆☆★]")
# a running line is furniture only when it opens as a staff credit or a contact line, or the
# weather, or is a front-page digest item (`▶…，… 详见第3版`; it ends with `版`)
_STAFF_OR_CONTACT = re.compile(rf"(?:{_STAFF.pattern})|(?:{_CONTACT.pattern})")
_WEATHER_STARTS = ("天气", "气温")  # what _WEATHER opens with
# the marks of the classes above, as sets to test a list of marks against
_PUNCT_MARKS = frozenset("，。、；：！？,;:!?")  # _PUNCT
_STOP_MARKS = frozenset("。！？；")  # _INNER_STOP
_SENTENCE_MARKS = frozenset("，。；！？")  # _SENTENCE
# four or more letter-spaced glyphs at either end of a line: a letter-spaced headline fused
# with another (`把 维 护 安 全 稳 定  疫情不必怕，一起战胜它！`)
_SPACED_RUN = re.compile(rf"^[{HAN}](?: [{HAN}]){{3,}}(?= |$)|(?<= )[{HAN}](?: [{HAN}]){{3,}}$")
# the features of a blank line after ``no`` and ``raw``, ``size`` and ``box`` included
_EMPTY = ("", 0.0, 0.0, None, False, False, False, 0, None, None, None, None, None, False, 0.0, None)

# ``Line(...)`` runs the named tuple's generated ``__new__`` (a Python function taking the
# fields one by one); ``tuple.__new__(Line, fields)`` builds the same object a few times
# faster. ``fields`` must then list every field, ``size`` and ``box`` included.
_new = tuple.__new__
assert Line._fields[-2:] == ("size", "box") and len(Line._fields) == len(_EMPTY) + 2


_BLANKS = " \t\u3000\u00a0\r\f\v"
_ASCII_PUNCT = re.compile(r"[：,;:!?]")  # what _PUNCT counts besides the running-text marks
_STOPS = frozenset("。！？!?…")
_ENDS = frozenset("。！？!?…：:；;）)")
_QUOTE_CLOSERS = "”’」』）)"
_CLOSERS_AT_START = frozenset("，。、；：！？,.;:!?”’」』）)")


def _terminal(text: str) -> bool:
    """Ends a sentence or a paragraph as printed (`。` `！` `）`, or a stop inside closing quotes)."""
    last = text[-1]
    if last in _ENDS:
        return True
    if last in _QUOTE_CLOSERS:
        core = text.rstrip(_QUOTE_CLOSERS)
        return bool(core) and core[-1] in _STOPS
    return False


def make_line(no: int, raw: str) -> Line:
    """Compute the features of one raw line (no trailing newline)."""
    text = raw.strip(_BLANKS)
    if not text:
        return _new(Line, (no, raw, *_EMPTY))
    indent = _indent_width(raw[: len(raw) - len(raw.lstrip(_BLANKS))]) if raw[0] in _BLANKS else 0.0
    # Plain running text (most lines): one pass over the marks before the last glyph gives
    # the count of marks, whether one is a stop before the end (inner_stop), and with the
    # last glyph whether the line has a sentence mark (_SENTENCE), which the path needs.
    last = text[-1]
    marks = _PUNCT.findall(text, 0, len(text) - 1)
    if (last in _SENTENCE_MARKS or not _SENTENCE_MARKS.isdisjoint(marks)) and _plain_running(text):
        return _new(Line, (
            no, raw, text, indent, width(text),
            None, _spaced(text), _terminal(text),  # doubled, spaced, terminal
            not _STOP_MARKS.isdisjoint(marks), len(marks) + (last in _PUNCT_MARKS),  # inner_stop, punct
            None, None, None, None, None,  # furniture, byline, credit, jump_from, jump_to
            text[0] in _CLOSERS_AT_START, 0.0, None,  # leading_close, size, box
        ))
    return _featured_line(no, raw, text, indent)


def _plain_running(text: str) -> bool:
    """Whether ``text``, a line with a sentence mark (`，。；！？`), is plain running text, for
    which ``_featured_line`` would find no fake bold, jump marker, byline, photo credit or
    furniture (so ``make_line`` need not look for them):

    - no bracket opening or closing it: a jump marker is bracketed;
    - a sentence mark rules out a byline; not ending in `摄` or `报道` (nor a bracket) rules
      out a photo credit;
    - no doubled mark: fake bold doubles the punctuation too;
    - a running line is furniture only when it opens as a staff credit, a contact or the
      weather, or is a digest item.
    """
    return (
        text[0] not in "（(【"
        and text[-1] not in "）)】"
        and not text.endswith(("摄", "报道", "版"))  # (`版`: _may_be_running_furniture, inlined)
        and not text.startswith(_WEATHER_STARTS)
        and _DOUBLED_PUNCT.search(text) is None
        and _STAFF_OR_CONTACT.match(text) is None
    )


def _may_be_running_furniture(text: str) -> bool:
    """Whether a line with running-text marks may still be furniture (see _STAFF_OR_CONTACT)."""
    return text.endswith("版") or text.startswith(_WEATHER_STARTS) or _STAFF_OR_CONTACT.match(text) is not None


def _spaced(text: str) -> bool:
    """Letter-spaced (``中 国 海 油``), as the whole line or four glyphs at either end."""
    return (" " in text or "\u3000" in text) and (
        close_letter_spacing(text)[1] or _SPACED_RUN.search(text) is not None
    )


def _featured_line(no: int, raw: str, text: str, indent: float) -> Line:
    """``make_line`` for any non-blank line: every recogniser that could match runs."""
    running = _RUNNING.search(text) is not None
    und, changed = (text, False) if running and not _DOUBLED_PUNCT.search(text) else undouble(text)
    spaced = _spaced(text)
    jf, rest = credits.jump_from(text) if text[0] in "（(【" else (None, text)
    jt = credits.jump_to(rest)[0] if text[-1] in "）)】" else None
    sentence = running and _SENTENCE.search(text) is not None  # bylines have no 、-free stops
    byl = credits.parse_byline(text) if len(text) <= 40 and not sentence and _BYLINE_HINT.search(text) else None
    cred = credits.photo_credit(text) if not byl and text.endswith(("摄", "）", ")", "报道")) else None
    fur = furniture_reason(text, indent) if not running or _may_be_running_furniture(text) else None
    shown = und if changed else text  # fake bold doubles the punctuation too: judge the repaired text
    return _new(Line, (
        no,
        raw,
        text,
        indent,
        width(text),
        und if changed else None,
        spaced,
        _terminal(shown),
        _INNER_STOP.search(shown, 0, len(shown) - 1) is not None,
        len(_PUNCT.findall(shown)) if running or _ASCII_PUNCT.search(shown) else 0,
        fur,
        tuple(byl) if byl else None,
        tuple(cred) if cred else None,
        jf,
        jt,
        text[0] in _CLOSERS_AT_START,
        0.0,
        None,
    ))


def split_lines(text: str) -> list[str]:
    """Split decoded page text into raw lines: CRLF/CR/form feed all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")


def make_lines(text: str) -> list[Line]:
    """All lines of a page, numbered from 1, blank ones included."""
    return [make_line(i, raw) for i, raw in enumerate(split_lines(text), 1)]


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Maximal runs of non-blank lines (what a blank line separates in the dump)."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if not ln.text:  # (``ln.blank``, without the property's call)
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(ln)
    if cur:
        out.append(cur)
    return out
