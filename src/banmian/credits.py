"""Who wrote it, where it was filed, where it jumps: bylines, datelines, jump markers.

Each recogniser takes plain text and returns a small value or ``None``; none of them
looks at a page's layout, so they can be tested alone and reused by the PDF front end.
"""

from __future__ import annotations

import re

from banmian.model import Author, Dateline
from banmian.textfix import HAN

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_number(s: str) -> int | None:
    """``"12"``, ``"十二"``, ``"二十一"``, ``"１２"`` → int; anything else → None."""
    s = "".join(s.split())
    if not s:
        return None
    if s.isdigit():
        try:
            return int(s)
        except ValueError:  # other Unicode digits int() does not take
            return None
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


# ---------------------------------------------------------------- jump markers
# a page number, maybe letter-spaced like the rest of the marker (`（ 上 接 第 十 二 版 ）`)
_NUM = r"[0-9０-９〇零一二两三四五六七八九十百](?:\s?[0-9０-９〇零一二两三四五六七八九十百]){0,3}"
# (a paper of lettered sections numbers its pages `A08`: the marker gives 8, as the page's
# own furniture does)
JUMP_FROM = re.compile(rf"^\s*[（(【]\s*(?:上\s*接|紧\s*接|接)\s*第?\s*[A-H]?({_NUM})\s*版\s*[）)】]\s*")
JUMP_TO = re.compile(rf"\s*[（(【]\s*(?:下\s*转|转)\s*第?\s*[A-H]?({_NUM})\s*版\s*[）)】]\s*$")


def jump_from(text: str) -> tuple[int | None, str]:
    """A leading ``（上接第一版）`` → (1, rest of the text); otherwise (None, text)."""
    m = JUMP_FROM.match(text)
    if not m:
        return None, text
    return cn_number(m.group(1)), text[m.end() :]


def jump_to(text: str) -> tuple[int | None, str]:
    """A trailing ``（下转第2版）`` → (2, text before it); otherwise (None, text)."""
    m = JUMP_TO.search(text)
    if not m:
        return None, text
    return cn_number(m.group(1)), text[: m.start()]


# ---------------------------------------------------------------- names
_NAME_TOKEN = re.compile(rf"[{HAN}·•]+")
_SEP = re.compile(r"[、，,；;]")


def split_names(s: str) -> list[str]:
    """Person names from a credit: ``张杰 包永静`` → two; ``龙 巍`` → one (letter-spaced).

    Names are separated by ``、，`` or by blanks; a run of single-glyph tokens is a
    letter-spaced name (two-glyph names are spread to the width of three) and is
    closed up two glyphs at a time, so ``张  枨  韩  冷`` gives 张枨 and 韩冷.
    """
    return [n for n in _name_tokens(s) if _is_name(n)]


def _name_tokens(s: str) -> list[str]:
    """The tokens of a credit that would be names, before the test that they are."""
    names: list[str] = []
    for chunk in _SEP.split(s):
        toks = [t for t in re.split(r"[ \t\u3000\u00a0]+", chunk.strip()) if t]
        i = 0
        while i < len(toks):
            if len(toks[i]) == 1:
                j = i
                while j < len(toks) and len(toks[j]) == 1:
                    j += 1
                run = toks[i:j]
                if len(run) % 2 == 1 and len(run) >= 3:
                    names.append("".join(run[:3]))
                    run = run[3:]
                names.extend("".join(run[k : k + 2]) for k in range(0, len(run), 2))
                i = j
            else:
                names.append(toks[i])
                i += 1
    return names


# A Chinese personal name is two to four Han characters (a foreign one may run longer with
# `·`); a word starting with a preposition or verb is the sentence a byline pattern caught.
_NOT_NAME_START = tuple("从在对说称把被及等")  # none of them a common surname


def _is_name(n: str) -> bool:
    if not _NAME_TOKEN.fullmatch(n) or n.startswith(_NOT_NAME_START):
        return False
    return 2 <= len(n) <= 4 or ("·" in n and len(n) <= 12)


# ---------------------------------------------------------------- standalone bylines
_MARK = r"[□■◎●○△▲◇◆☆★]"
# a reporter's or correspondent's title: outlet, medium (`全媒体记者`, usual in city papers),
# rank, then the role word; an intern (`实习生`) reports too
_MEDIUM = r"(?:全媒体|融媒体|融媒|全媒)"
# the outlet a reporter works for, by what its name ends with (`青川日报`, `江城晚报`, `新华社`,
# `青川广播电视台`), with the sister medium a city paper adds after a slash (`青川日报/青川新闻`);
# or a short name before the medium (`半岛全媒体记者`)
_OUTLET = (
    rf"(?:[{HAN}]{{1,8}}(?:报|社|台|网|新闻|客户端|融媒体中心)(?:[/／·・][{HAN}A-Za-z]{{2,10}})?"
    rf"|[{HAN}]{{2,4}}(?={_MEDIUM}))"
)
_OUTLET_ONLY = re.compile(_OUTLET)
_ROLEWORD = (
    rf"(?:(?:本报|新华社|人民日报|中新社|央视|{_OUTLET})?{_MEDIUM}?(?:特约|见习|首席|特派|驻[\u4e00-\u9fff]{{1,4}})?"
    r"(?:记者|通讯员)|实习生)"
)
_NAMES = rf"[{HAN}·][{HAN}·、 \u3000]*?"
_WENTU_END = r"\s文\s*[/／]\s*图"  # `记者 A 文/图`: text and pictures by the people named
# `□记者 张静`, `本报记者 X Y`, `通讯员 张杰 包永静 报道`, `记者 A 通讯员 B 报道`
BYLINE_ROLE = re.compile(
    rf"^{_MARK}?\s*(?:{_ROLEWORD}\s*[:：]?\s*{_NAMES}\s*)+(?:报道|采写|\s摄影报道|\s摄|{_WENTU_END})?$"
)
BYLINE_WENTU = re.compile(rf"^{_MARK}?\s*(?:文\s*[/／]\s*图|图\s*[/／]\s*文|文图)\s*[:：]?\s*{_NAMES}$")
BYLINE_PHOTO = re.compile(rf"^{_MARK}?\s*{_NAMES}\s+(?:摄|摄影)$")
# `文/A`, `图/B`, `文/A 图/B`, `撰文 A 摄影 B`: text and pictures credited apart (`图` and `摄影`
# by photographers); a word of two glyphs may stand without its slash (`图：…` opens a caption)
_CREDIT_WORD = r"(?:(文|图|撰文|文字|摄影)\s*[/／]|(撰文|文字|摄影)\s*[:：]|(撰文|文字|摄影)\s)"
BYLINE_SLASH = re.compile(rf"^{_MARK}?\s*(?:{_CREDIT_WORD}\s*{_NAMES}\s*)+$")
_SLASH_SPLIT = re.compile(_CREDIT_WORD)
BYLINE_MARKED = re.compile(rf"^{_MARK}\s*{_NAMES}$")
_ROLE_SPLIT = re.compile(rf"({_ROLEWORD}|文\s*[/／]\s*图|图\s*[/／]\s*文|文图)")


def _role_of(word: str) -> str:
    if "通讯员" in word:
        return "correspondent"
    return "reporter"


# words that follow 记者 in column labels, not names: `记者手记`, `记者观察`
_NOT_NAMES = frozenset(
    "手记 观察 调查 札记 随笔 来信 走基层 探访 追踪 体验 连线 再访 回访 见闻 笔记 感言".split()
)
# agencies and papers signing or sourcing a piece: `（新华社）`, `（据新华社）`
_NOT_PEOPLE = re.compile(
    r"^(?:据)?(?:新华社|人民日报|本报|中新社|央视|央广|人民网|新华网|光明日报|经济日报|综合|本报综合|人民视觉|影像中国|视觉中国)"
)


def parse_byline(text: str) -> list[Author] | None:
    """Authors of a standalone byline line, or None when the line is not one.

    Recognised: ``□记者 张静``, ``本报记者 A B``, ``通讯员 A B 报道``, ``文/图 A``,
    ``A 摄`` (photographer) and ``□ A`` (a signature: role ``author``).
    """
    t = text.strip()
    if not t or len(t) > 40:
        return None
    if BYLINE_PHOTO.match(t):
        body = re.sub(rf"^{_MARK}?\s*", "", t)
        body = re.sub(r"\s*(?:摄|摄影)$", "", body)
        names = split_names(re.sub(_ROLEWORD, " ", body))
        return [Author(n, "photographer") for n in names] or None
    if re.search(rf"[{HAN}]摄(?:影报道|影)?$", t):
        return None  # `新华社记者 X摄`: a credit printed in the body (see photo_credit)
    if BYLINE_ROLE.match(t) or BYLINE_WENTU.match(t):
        photo = t.endswith(("摄", "摄影", "摄影报道"))
        body = re.sub(rf"(?:报道|采写|摄影报道|摄|{_WENTU_END})$", "", re.sub(rf"^{_MARK}", "", t))
        parts = _ROLE_SPLIT.split(body)
        out: list[Author] = []
        role = "reporter"
        for p in parts:
            if not p.strip():
                continue
            if _ROLE_SPLIT.fullmatch(p):
                role = _role_of(p)
                continue
            toks = [n for n in _name_tokens(p.replace(":", " ").replace("：", " ")) if n not in _NOT_NAMES]
            if not all(_is_name(n) for n in toks):
                return None  # `记者在阿里地区…采访时`: a sentence, not a list of names
            out.extend(Author(n, "photographer" if photo else role) for n in toks)
        return out or None
    if BYLINE_SLASH.match(t):
        return _slash_credits(t)
    if BYLINE_MARKED.match(t):
        names = split_names(t[1:])
        if names and len(names) <= 3:
            return [Author(n, "author") for n in names]
    return None


def _slash_credits(t: str) -> list[Author] | None:
    """Authors of a ``文/A 图/B`` or ``撰文 A 摄影 B`` line: the writer a reporter, the
    picture's a photographer."""
    out: list[Author] = []
    parts = _SLASH_SPLIT.split(re.sub(rf"^{_MARK}", "", t))  # text, then (3 word groups, names) each
    for k in range(1, len(parts), 4):
        word = next(w for w in parts[k : k + 3] if w)
        toks = split_names(re.sub(_ROLEWORD, " ", parts[k + 3]))  # `文/本报记者 A`: the role word is no name
        if not toks:
            return None
        out.extend(Author(n, "photographer" if word in ("图", "摄影") else "reporter") for n in toks)
    return out or None


# ---------------------------------------------------------------- inline credits
# `（记者杜一菲）`, `（记者徐昕联 通讯员田明）`, `电 记者A、B` inside a dateline
_INLINE = re.compile(
    rf"[（(]\s*((?:本报|新华社|{_OUTLET})?{_MEDIUM}?(?:特约|见习|首席|特派)?(?:记者|通讯员)[^（）()]{{1,60}})[）)]"
)
_DATELINE_CREDIT = re.compile(
    rf"[电讯]\s*(?:[（(])?\s*((?:记者|通讯员)[{HAN}·、 \u3000\u00a0]+?(?:[ \u3000\u00a0]*通讯员[{HAN}·、 \u3000\u00a0]+?)?)(?=[）)]|$|[ \u3000\u00a0]|报道)"
)
# closing `（本报记者 A、B）`, `（综合本报记者A、B报道）`, `（新华社北京2月24日电 记者A、B）`
_CLOSING = re.compile(
    r"[（(]\s*(?:综合|据)?\s*((?:[^（）()]{0,160}?电\s*)?[^（）()记通]{0,12}?(?:记者|通讯员)[^（）()]{1,160}?)[）)]\s*$"
)
# a bracketed signature ending the last paragraph: `……。（赵展慧）`
_SIGNATURE = re.compile(
    rf"(?:^|[。！？”」…])\s*[（(]\s*([{HAN}·]{{2,4}}(?:[、 \u00a0][{HAN}·]{{2,4}}){{0,3}})\s*[）)]\s*$"
)
# a piece signed under its last paragraph: a name alone (`叶知秋`), or a title and a name
# (`青澜新区区长 沈一鸣`, `中华人民共和国主席 习近平`)
_SIGNED = re.compile(rf"^(?:[{HAN}（）()·]{{2,24}}[\s\u00a0]+)?([{HAN}·]{{2,4}})$")
# `（汪野参与采写）`, `（李永飞、许溟参与采写）`: reporters who contributed
_CONTRIBUTED = re.compile(
    rf"[（(]\s*([{HAN}·、 \u00a0]{{2,60}}?)\s*(?:参与采写|参与报道|采写|采访整理)\s*[）)]\s*$"
)
# a photo credit: `龙 巍摄（影像中国）`, `新华社记者 潘昱龙摄`, `张  枨  韩  冷摄影报道`, `（记者 张静 摄）`
_PHOTO_CREDIT = re.compile(
    rf"^[（(]?\s*(?:(?:本报|新华社)?(?:特约)?记者)?\s*([{HAN}·][{HAN}· \u3000、]{{0,30}}?)\s*摄(?:影报道|影)?\s*[）)]?"
    rf"\s*(?:[（(][^（）()]{{1,12}}[）)])?$"
)
_ROLE_IN = re.compile(r"(特约通讯员|通讯员|记者|实习生)")
_TRAILING_VERBS = re.compile(r"(?:参与采写|参与报道|参与|采访整理|整理|报道|采写|综合|电)$")


def _people(credit: str) -> list[Author]:
    """Authors named in a credit text such as ``记者徐昕联 通讯员田明`` (roles by keyword)."""
    out: list[Author] = []
    role = "reporter"
    for part in _ROLE_IN.split(credit):
        if not part:
            continue
        if _ROLE_IN.fullmatch(part):
            role = "correspondent" if "通讯员" in part else "reporter"
            continue
        if role is None:
            continue
        chunk = _TRAILING_VERBS.sub("", part.strip())
        chunk = re.sub(
            rf"(?:本报|新华社|综合|参与记者|据|首席|特派|见习|特约|{_MEDIUM}|驻[\u4e00-\u9fff]{{1,4}})+$", "", chunk
        ).strip("：: ")
        if _OUTLET_ONLY.fullmatch(chunk):  # `青川日报` of `（青川日报记者 A）`: no person
            continue
        for n in split_names(chunk):
            if n not in ("本报", "新华社"):
                out.append(Author(n, role))
    return out


# `本报北京2月10日电 （张若望）`: names alone in the dateline's bracket are its reporters
_DATELINE_NAMES = re.compile(rf"电\s*[（(]\s*([{HAN}·]{{2,4}}(?:[、，\s]+[{HAN}·]{{2,4}}){{0,5}})\s*[）)]")


def inline_authors(first: str) -> list[Author]:
    """Authors credited inside an article's first paragraph (dateline credits)."""
    head = first[:80]
    if starts_story(head):
        m = _DATELINE_NAMES.search(head)
        if m and not _ROLE_IN.search(m.group(1)):
            return [Author(n, "reporter") for n in split_names(m.group(1))]
    m = _INLINE.search(head)
    if m:
        return _people(m.group(1))
    m = _DATELINE_CREDIT.search(head)
    if m:
        return _people(m.group(1))
    return []


def closing_authors(last: str) -> list[Author]:
    """Authors credited at the end of the last paragraph: ``（本报记者 A、B）`` or ``（赵展慧）``."""
    # _CLOSING, _CONTRIBUTED and _SIGNATURE end in a bracket, then blanks only (`\s` is what
    # ``rstrip()`` strips): a text not ending so (most) spares their searches
    if last.rstrip().endswith(("）", ")")):
        m = _CLOSING.search(last)
        if m:
            credit = re.sub(r"^.*电\s*", "", m.group(1))
            if re.search(r"摄影?\s*$", credit):  # `（记者 张静 摄）` under a caption
                return [Author(a.name, "photographer") for a in _people(credit)]
            return _people(credit)
        m = _CONTRIBUTED.search(last)
        if m:
            return [Author(n, "reporter") for n in split_names(m.group(1))]
        m = _SIGNATURE.search(last)
        if m and not _NOT_PEOPLE.match(m.group(1)):
            return [Author(n, "author") for n in split_names(m.group(1))]
    signed = last.strip()
    m = _SIGNED.match(signed) if len(signed) <= 30 else None
    if (
        m
        and not _ROLE_IN.search(last)
        and "摄" not in last
        and not _NOT_PEOPLE.match(m.group(1))
        and (m.start(1) > 0 or _bare_name(m.group(1)))
    ):
        return [Author(m.group(1), "author")]
    return []


# surnames of two glyphs: a name of four glyphs alone under a text is one of these (`欧阳晓明`);
# four glyphs otherwise are a title's (`新桥飞架`)
_COMPOUND_SURNAMES = tuple(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 轩辕 独孤 南宫 西门 端木 "
    "百里 呼延 澹台 公冶 太史 申屠 闻人 钟离 宗政 濮阳 淳于 单于 拓跋 完颜".split()
)


def _bare_name(name: str) -> bool:
    """Whether a line holding ``name`` alone can be a person's signature: two or three
    glyphs, or four after a surname of two (a title and a name together may run longer)."""
    return len(name) <= 3 or name.startswith(_COMPOUND_SURNAMES)


def photo_credit(text: str) -> list[Author] | None:
    """Photographers of a credit line such as ``龙 巍摄（影像中国）``, or None."""
    t = text.strip()
    if len(t) > 40:
        return None
    m = _PHOTO_CREDIT.match(t)
    if not m:
        return None
    names = split_names(re.sub(_ROLEWORD, " ", m.group(1)))
    return [Author(n, "photographer") for n in names] or None


# ---------------------------------------------------------------- datelines
_DATE = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
_LEAD_MARK = rf"(?:{_MARK}\s*)?"  # `■本报讯`, marked as bylines are
# `本报北京1月31日电`, `新华社…电`, and `本报青岛1月12日讯` as city papers print it
# words that start with `电` (`新华社推出微电影`, `本报推出电视…`): no dispatch's `电`
_DIAN_WORDS = "[影视话脑子力网商池站动器竞信台报梯费价量源线气厂车]"
_SOURCES = "本报讯|本报|新华社|中新社|中新网|人民网|新华网|央视网|央广网|光明网|经济日报"
DATELINE = re.compile(
    rf"^{_LEAD_MARK}[（(]?\s*(?:据)?({_SOURCES})"
    rf"\s*((?:(?!记者)[{HAN}]){{0,8}}?)\s*({_DATE})?\s*(?:电(?!{_DIAN_WORDS})|讯(?!员))"  # not `本报记者从…获悉`, `本报通讯员`
)
# what a line that opens a dateline starts with (what DATELINE and BAOXUN need), and the
# glyphs it may begin with: a cheap test before the pattern's
DATELINE_HINT = re.compile(rf"{_LEAD_MARK}[（(]?\s*(?:据)?(?:{_SOURCES})")
DATELINE_FIRST = frozenset(_MARK[1:-1] + "（(据" + "".join(w[0] for w in _SOURCES.split("|")))
BAOXUN = re.compile(rf"^{_LEAD_MARK}本报讯\s*(?:[（(][^）)]*[）)])?\s*({_DATE})?")


def parse_dateline(first: str) -> Dateline | None:
    """The dateline at the start of a first paragraph, or None."""
    t = first.lstrip()
    m = BAOXUN.match(t)
    if m:
        return Dateline(source="本报讯", place=None, date=_squeeze(m.group(1)))
    m = DATELINE.match(t)
    if m:
        return Dateline(source=m.group(1), place=m.group(2) or None, date=_squeeze(m.group(3)))
    return None


def _squeeze(s: str | None) -> str | None:
    return re.sub(r"\s+", "", s) if s else None


def starts_story(text: str) -> bool:
    """Whether a paragraph opens like the first paragraph of a report (a dateline)."""
    t = text.lstrip()
    return not t.startswith(("（", "(")) and _STORY_START.match(t) is not None


_STORY_START = re.compile(f"(?:{BAOXUN.pattern})|(?:{DATELINE.pattern})")  # BAOXUN or DATELINE


def merge_authors(*groups: list[Author]) -> tuple[Author, ...]:
    """Concatenate author lists, keeping each name once (first role wins)."""
    seen: set[str] = set()
    out: list[Author] = []
    for g in groups:
        for a in g:
            if a.name not in seen:
                seen.add(a.name)
                out.append(a)
    return tuple(out)
