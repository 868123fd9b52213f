"""Tests of the synthetic page generator alone (``banmian.synth``), independent of the parser."""

from __future__ import annotations

import datetime
import json
import random
import re
import statistics

import pytest

from banmian.model import KINDS, ROLES
from banmian.synth import PHENOMENA, SynthOptions, SynthPage, generate_page
from banmian.synth_layout import cwidth, fake_bold, wrap
from banmian.synth_topics import TopicPool

ROLES_OF_LINES = {"blank", "furniture", "headline", "byline", "body", "subhead", "caption", "jump"}
TEXT_ROLES = ("body", "subhead", "caption")
SEEDS = range(25)
JUMP = re.compile(r"（(?:上接|下转|转)第 ?[0-9一二三四五六七八九十]+ ?版）")


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def lines_of(page: SynthPage, i: int, roles: tuple[str, ...]) -> list[str]:
    """The input lines of gold article ``i`` with one of ``roles``, in page order."""
    rows = zip(page.text.splitlines(), page.line_roles, page.line_articles, strict=True)
    return [t for t, r, ids in rows if r in roles and i in ids]


def first_line(page: SynthPage, i: int, roles: tuple[str, ...]) -> int:
    return next(
        n
        for n, (r, ids) in enumerate(zip(page.line_roles, page.line_articles, strict=True))
        if r in roles and i in ids
    )


@pytest.mark.parametrize("seed", [0, 7, 12345])
def test_deterministic_per_seed(seed: int) -> None:
    assert generate_page(seed) == generate_page(seed)
    opts = SynthOptions.only("fused_headlines", "fake_bold")
    assert generate_page(seed, options=opts) == generate_page(seed, options=opts)
    assert generate_page(seed).text != generate_page(seed + 1).text


@pytest.mark.parametrize("seed", SEEDS)
def test_every_line_has_a_role_and_articles(seed: int) -> None:
    page = generate_page(seed)
    lines = page.text.splitlines()
    assert page.text.endswith("\n") and len(lines) == len(page.line_roles) == len(page.line_articles)
    n = len(page.gold["articles"])
    for text, role, ids in zip(lines, page.line_roles, page.line_articles, strict=True):
        assert role in ROLES_OF_LINES
        assert (role == "blank") == (not text.strip())
        assert text == text.rstrip(), "no trailing whitespace on any line"
        if role in ("blank", "furniture"):
            assert ids == ()
        else:
            assert ids and list(ids) == sorted(set(ids)) and all(0 <= i < n for i in ids)
            assert len(ids) == 1 or role == "headline", "only a fused headline line is shared"
    assert all(any(i in ids for ids in page.line_articles) for i in range(n)), "every article has lines"


@pytest.mark.parametrize("seed", SEEDS)
def test_gold_format(seed: int) -> None:
    gold = generate_page(seed).gold
    assert json.loads(json.dumps(gold)) == gold
    assert gold["format"] == "newspaper-page-gold/1" and gold["source"].endswith(".txt")
    assert set(gold["page"]) == {"number", "date", "continuation_markers", "origin"}
    keys = ["kind", "headline", "authors", "dateline", "continued_from", "continued_to", "paragraphs"]
    for a in gold["articles"]:
        assert list(a) == keys
        assert a["kind"] in KINDS
        assert a["headline"] is None or (a["headline"] and all(h.strip() == h and h for h in a["headline"]))
        assert all(x["role"] in ROLES and x["name"] and not re.search(r"\s", x["name"]) for x in a["authors"])
        assert len({(x["name"], x["role"]) for x in a["authors"]}) == len(a["authors"])
        assert a["dateline"] is None or set(a["dateline"]) == {"source", "place", "date"}
        assert all(isinstance(p, str) and flat(p) for p in a["paragraphs"])
        assert (a["kind"] == "brief") == (not a["paragraphs"])
        for k in ("continued_from", "continued_to"):
            assert a[k] is None or isinstance(a[k], int)
        assert not any(JUMP.search(p) for p in a["paragraphs"])


@pytest.mark.parametrize("seed", SEEDS)
def test_paragraph_characters_come_from_body_lines(seed: int) -> None:
    page = generate_page(seed, options=SynthOptions.only(*PHENOMENA) if seed % 3 == 0 else None)
    for i, a in enumerate(page.gold["articles"]):
        printed = flat(JUMP.sub("", "".join(lines_of(page, i, TEXT_ROLES))))
        assert printed == flat("".join(a["paragraphs"])), (i, a["headline"])


@pytest.mark.parametrize("seed", SEEDS)
def test_gold_order_is_body_order(seed: int) -> None:
    page = generate_page(seed, options=SynthOptions(p_headline_after=0.4, p_headline_grouped=0.4))
    starts = [
        first_line(page, i, (*TEXT_ROLES, "byline", "jump"))
        if a["paragraphs"]
        else first_line(page, i, ("headline",))
        for i, a in enumerate(page.gold["articles"])
    ]
    assert starts == sorted(starts)


@pytest.mark.parametrize("seed", SEEDS)
def test_headline_lines_render_gold_headline(seed: int) -> None:
    page = generate_page(
        seed, options=SynthOptions(p_fake_bold=0.3, p_letter_spaced=0.3, p_fused_headlines=0.5)
    )
    for i, a in enumerate(page.gold["articles"]):
        printed = flat("".join(lines_of(page, i, ("headline",))))
        if a["headline"] is None:
            assert printed == ""
            continue
        tags = page.article_tags[i]
        deco = fake_bold if "fake_bold" in tags else (lambda s: s)
        want = flat(deco("".join(a["headline"])))
        if "fused_headline" in tags:
            assert all(flat(deco(h)) in printed for h in a["headline"])
        else:
            assert printed == want, (printed, a["headline"])
            if not tags or "letter_spaced" not in tags and "fake_bold" not in tags:
                subs = [h for h in a["headline"] if h.startswith("——")]
                assert all(h in lines_of(page, i, ("headline",)) for h in subs), "a subtitle is never wrapped"


def test_fake_bold_keeps_genuine_doubles_in_gold() -> None:
    seen = 0
    for seed in range(20):
        page = generate_page(seed, options=SynthOptions.only("fake_bold", "genuine_doubles"))
        for i, a in enumerate(page.gold["articles"]):
            if a["kind"] == "news" and a["headline"] and "genuine_doubles" in page.article_tags[i]:
                title = a["headline"][-1]
                assert re.search(r"(.)\1", title), title
                assert flat(fake_bold(title)) in flat("".join(lines_of(page, i, ("headline",))))
                seen += 1
    assert seen >= 10


def test_target_chars_scales() -> None:
    small = [len(generate_page(s).text) for s in range(20)]
    assert 2800 <= statistics.mean(small) <= 4200
    assert all(1500 <= n <= 6000 for n in small)
    big = [len(generate_page(s, target_chars=35000).text) for s in range(4)]
    assert 8 <= statistics.mean(big) / statistics.mean(small) <= 12
    assert len(generate_page(3, target_chars=200).gold["articles"]) >= 1


def test_page_number_and_continuations() -> None:
    for seed in range(10):
        page = generate_page(seed, page_number=1, options=SynthOptions.only("continued_from", "continued_to"))
        assert page.gold["page"]["number"] == 1
        assert all(a["continued_from"] is None for a in page.gold["articles"])
        page = generate_page(seed, page_number=6, options=SynthOptions.only("continued_from"))
        arts = [a for a in page.gold["articles"] if a["kind"] == "news"]
        assert arts and all(1 <= a["continued_from"] < 6 for a in arts)


def test_a_given_date_is_the_issue_date_printed_and_in_the_gold() -> None:
    day = datetime.date(1987, 3, 9)
    for seed in range(6):
        page = generate_page(seed, date=day)
        assert page.gold["page"]["date"] == "1987-03-09"
        assert generate_page(seed).gold["page"]["date"] != "1987-03-09"
        furniture = [t for t, role in zip(page.text.splitlines(), page.line_roles, strict=True) if role == "furniture"]
        assert not any("年" in t and "月" in t for t in furniture) or any("1987年3月9日" in t for t in furniture)


def test_wrap_width_and_kinsoku() -> None:
    text = "今年以来，全县累计投入资金3.5亿元，完成项目128个。“我们心里踏实多了。”他说（见图）。" * 3
    lines = wrap(text, 12, 10)
    assert "".join(lines) == text
    assert cwidth(lines[0]) <= 12
    for ln in lines:
        assert cwidth(ln) <= 14
        assert ln[0] not in "，。、；：？！”）》"
        assert ln[-1] not in "“（《" or ln is lines[-1]


def test_plain_pages_have_no_phenomena() -> None:
    for seed in range(10):
        page = generate_page(seed, options=SynthOptions.plain())
        assert all(tags == () for tags in page.article_tags)
        assert "furniture" not in page.line_roles and "byline" not in page.line_roles
        for i, a in enumerate(page.gold["articles"]):
            assert a["kind"] == "news" and a["headline"] and len(a["headline"]) == 1 and not a["authors"]
            body = [
                n for n, ids in enumerate(page.line_articles) if i in ids and page.line_roles[n] == "body"
            ]
            assert body == list(range(body[0], body[-1] + 1)), "no column break inside a plain body"
            assert first_line(page, i, ("headline",)) < body[0]


def bigrams(s: str) -> set[str]:
    """The Han-character bigrams of ``s``."""
    return {r[i : i + 2] for r in re.findall(r"[\u4e00-\u9fff]+", s) for i in range(len(r) - 1)}


def test_topics_of_a_page_are_distinct() -> None:
    for seed in range(10):
        pool = TopicPool(random.Random(seed))
        topics = [pool.new() for _ in range(8)]
        glyphs = "".join(t.place[:2] + t.village[:2] for t in topics)
        assert len(set(glyphs)) == len(glyphs), "no place or village glyph shared by two topics"
        subjects = [t.subject for t in topics] + [t.subject2 for t in topics]
        assert len(set(subjects)) == len(subjects)
        assert len({t.org for t in topics}) == len(topics)


def test_headlines_share_words_with_their_own_body() -> None:
    """A headline shares more bigrams with its own body than with any other body of its page
    (nearly always: a few headlines are generic), and a photo title with its caption."""
    own = total = 0
    for seed in range(30):
        arts = [a for a in generate_page(seed).gold["articles"] if a["paragraphs"] and a["headline"]]
        bodies = [bigrams("".join(a["paragraphs"])) for a in arts]
        for i, a in enumerate(arts):
            shared = [len(bigrams("".join(a["headline"])) & b) for b in bodies]
            total += 1
            own += shared[i] > max(shared[:i] + shared[i + 1 :], default=-1)
            if a["kind"] == "photo":
                assert shared[i], a["headline"]
    assert own >= 0.85 * total, f"{own}/{total}"


def test_body_returns_to_its_topic() -> None:
    """The lead names the place and subject; the title's place recurs in the body."""
    for seed in range(10):
        for a in generate_page(seed, options=SynthOptions.plain()).gold["articles"]:
            title, body = a["headline"][0], "".join(a["paragraphs"])
            places = re.findall(r"(?=([\u4e00-\u9fff]{2}[县市镇区乡]))", body[:80])
            assert any(body.count(p) >= 2 for p in places), body[:80]
            assert bigrams(title) & bigrams(body[:80]), (title, body[:80])


# -- each phenomenon shows up when forced on -----------------------------------------------


def _has(name: str, page: SynthPage) -> bool:
    lines, roles, ids = page.text.splitlines(), page.line_roles, page.line_articles
    arts = page.gold["articles"]
    lr = list(zip(lines, roles, strict=True))
    heads = [t for t, r in lr if r == "headline"]
    checks = {
        "mixed_widths": lambda: (
            len({max(cwidth(t) for t in lines_of(page, i, ("body",))) for i in range(len(arts))}) > 1
        ),
        "indent_variants": lambda: any(
            r == "body" and t[:1] in " 　" and not t.startswith("　　") for t, r in lr
        ),
        "no_indent": lambda: (
            any("no_indent" in tg for tg in page.article_tags)
            and not any(r == "body" and t[:1] in " 　" for t, r in lr)
        ),
        "column_breaks": lambda: any(
            roles[n] == "blank"
            and 0 < n < len(roles) - 1
            and roles[n - 1] == "body"
            and ids[n - 1] == ids[n + 1]
            for n in range(len(roles))
        ),
        "kicker_subtitle": lambda: any(a["headline"] and len(a["headline"]) > 1 for a in arts),
        "wrapped_title": lambda: any(
            a["headline"] and len(lines_of(page, i, ("headline",))) > len(a["headline"])
            for i, a in enumerate(arts)
        ),
        "headline_after": lambda: any(
            a["headline"] and first_line(page, i, ("headline",)) > first_line(page, i, TEXT_ROLES)
            for i, a in enumerate(arts)
            if a["paragraphs"]
        ),
        "headline_grouped": lambda: any(
            roles[n] == roles[n + 1] == "headline" and ids[n] != ids[n + 1] for n in range(len(roles) - 1)
        ),
        "fused_headlines": lambda: any(len(x) > 1 for x in ids),
        "fake_bold": lambda: any(
            len(flat(h)) % 2 == 0 and all(a == b for a, b in zip(flat(h)[::2], flat(h)[1::2], strict=True))
            for h in heads
        ),
        "letter_spaced": lambda: any(re.fullmatch(r"(\S )+\S", h) for h in heads),
        "genuine_doubles": lambda: any(
            a["headline"] and re.search(r"(.)\1", "".join(a["headline"])) for a in arts
        ),
        "byline_lines": lambda: "byline" in roles,
        "inline_datelines": lambda: any(
            a["dateline"] and a["paragraphs"][0].startswith(a["dateline"]["source"]) for a in arts
        ),
        "closing_credits": lambda: any(
            a["paragraphs"] and a["paragraphs"][-1].endswith("）") and a["authors"] for a in arts
        ),
        "continued_from": lambda: (
            any(a["continued_from"] for a in arts) and any(t.startswith("（上接") for t in lines)
        ),
        "continued_to": lambda: (
            any(a["continued_to"] for a in arts) and any(re.search(r"转第.*版）$", t) for t in lines)
        ),
        "photos": lambda: (
            any(a["kind"] == "photo" for a in arts) and any(r == "caption" and cwidth(t) > 25 for t, r in lr)
        ),
        "briefs": lambda: any(a["kind"] == "brief" and a["headline"] and not a["paragraphs"] for a in arts),
        "furniture": lambda: "furniture" in roles,
        "extractor_spaces": lambda: any(
            r == "body" and re.search(r"[0-9] [\u4e00-\u9fff]|[\u4e00-\u9fff] [0-9]", t) for t, r in lr
        ),
        "subheads": lambda: any(r == "subhead" for r in roles),
    }
    return bool(checks[name]())


@pytest.mark.parametrize("name", sorted(PHENOMENA))
def test_phenomenon_appears_when_forced(name: str) -> None:
    hits = [_has(name, generate_page(seed, options=SynthOptions.only(name))) for seed in range(12)]
    assert sum(hits) >= 6, f"{name} appeared on {sum(hits)}/12 pages"
    if name not in ("mixed_widths", "genuine_doubles"):  # these can happen by chance on plain pages
        assert not any(_has(name, generate_page(seed, options=SynthOptions.plain())) for seed in range(12))
