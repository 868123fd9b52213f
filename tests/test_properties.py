"""Property tests of ``banmian.parse_page``: total, deterministic, and accounting for every line.

Line contract (the one the parser's front end, ``banmian.lines``, uses): the input is split
into lines at ``\\n``, ``\\r\\n``, a lone ``\\r`` and a form feed; line numbers are 1-based; a line
is blank when nothing but ``BLANK_CHARS`` (space, tab, U+3000, U+00A0, CR, FF, VT) remains.
Other separators ``str.splitlines`` knows (U+2028, U+0085, \\x1c…) do not end a line.
Every non-blank line must be placed exactly once: in ``furniture`` or ``unassigned`` (once), or
in the ``lines`` of one or more articles (several only for a fused headline line shared by two
articles), never both; blank lines are placed nowhere.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banmian import Page, parse_page
from banmian.synth import PHENOMENA, SynthOptions, generate_page

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你能而经新区县镇村记者报道本讯电摄图为"
PUNCT = "，。、；：？！“”‘’（）《》【】……——·"
ALPHABET = HAN + PUNCT + "0123456789ABCxyz%. □/\u3000"
SNIPPETS = (
    "（上接第一版）",
    "（下转第5版）",
    "（转第十二版）",
    "□记者 张三 报道",
    "本报记者 李四  王五",
    "通讯员 赵六 报道",
    "本报讯 1月12日，",
    "本报北京2月3日电 （记者甲乙）",
    "新华社上海5月5日电 ",
    "图为",
    "文/图 某某",
    "刘某 摄",
    "（赵某）",
    "责任编辑：某某",
    "02 要闻",
    "2023年1月17日 星期二",
    "——记某地某人",
    "人人人人都都是是",
    "常常 谢谢",
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


BLANK_CHARS = " \t\u3000\u00a0\r\f\v"


def input_lines(text: str) -> list[str]:
    """The input lines under the parser's line contract (see the module docstring)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")


def check_accounting(text: str, page: Page) -> None:
    """Assert that ``page`` places every non-blank line of ``text`` exactly once (see above)."""
    lines = input_lines(text)
    nonblank = {i for i, t in enumerate(lines, 1) if t.strip(BLANK_CHARS)}
    outside = Counter(s.line for s in (*page.furniture, *page.unassigned))
    inside: Counter[int] = Counter()
    for a in page.articles:
        assert list(a.lines) == sorted(set(a.lines)), f"article lines not sorted/unique: {a.lines}"
        inside.update(a.lines)
    dup = [n for n, c in outside.items() if c > 1]
    assert not dup, f"lines placed twice in furniture/unassigned: {dup}"
    both = set(outside) & set(inside)
    assert not both, f"lines both in an article and outside: {sorted(both)}"
    placed = set(outside) | set(inside)
    assert placed <= nonblank, f"blank or out-of-range lines placed: {sorted(placed - nonblank)}"
    assert nonblank <= placed, f"lines lost: {sorted(nonblank - placed)}"


def check_total_and_deterministic(text: str) -> Page:
    """Parse twice; the two results must be equal as JSON-ready dicts."""
    first = parse_page(text, explain=True)
    again = parse_page(text, explain=True)
    assert first.to_dict(trail=True) == again.to_dict(trail=True)
    assert parse_page(text).to_dict() == first.to_dict()  # explaining changes nothing else
    return first


cjk_line = st.text(alphabet=ALPHABET, min_size=0, max_size=40)
indent = st.sampled_from(("", "", "\u3000\u3000", "\u3000 ", "  ", " ", " \u3000\u3000", "\t"))
doubled = cjk_line.map(lambda s: "".join(c * 2 for c in s))
spaced = cjk_line.map(lambda s: " ".join(s))
line = st.one_of(
    st.builds(lambda i, t: i + t, indent, cjk_line),
    doubled,
    spaced,
    st.sampled_from(SNIPPETS),
    st.builds(lambda s, t: s + t, st.sampled_from(SNIPPETS), cjk_line),
    st.builds(lambda t, s: t + s, cjk_line, st.sampled_from(SNIPPETS)),
    st.just(""),
    st.sampled_from((" ", "\u3000", "\t", "  \u3000", "\u00a0", "\v", "\u2003", "\x1c")),
)
cjk_page = st.lists(line, max_size=60).map("\n".join)
newline = st.sampled_from(("\n", "\r\n", "\r", "\f", "\u2028", "\x85"))
mixed_newlines = st.lists(st.tuples(line, newline), max_size=30).map(lambda xs: "".join(a + b for a, b in xs))


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    check_accounting(text, check_total_and_deterministic(text))


@SETTINGS
@given(cjk_page)
def test_cjk_heavy_pages(text: str) -> None:
    check_accounting(text, check_total_and_deterministic(text))


@settings(max_examples=30, deadline=None)
@given(mixed_newlines)
def test_mixed_newlines(text: str) -> None:
    check_accounting(text, check_total_and_deterministic(text))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from((600, 1500, 3500)),
    st.sampled_from((None, *sorted(PHENOMENA))),
)
def test_generated_pages(seed: int, target: int, phenomenon: str | None) -> None:
    opts = SynthOptions.only(phenomenon) if phenomenon else None
    synth = generate_page(seed, target_chars=target, options=opts)
    page = check_total_and_deterministic(synth.text)
    check_accounting(synth.text, page)
    shared = Counter(n for a in page.articles for n in a.lines)
    roles = synth.line_roles
    bad = [n for n, c in shared.items() if c > 1 and roles[n - 1] != "headline"]
    assert not bad, f"non-headline lines listed by several articles: {bad}"
