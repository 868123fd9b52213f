"""Search in the archive: exact hits against an independent oracle, boolean queries, filters,
snippets, and queries that try to break FTS5."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_pages import HAND_PAGE, gold, oracle_ids, quoted, stored_texts, write_pages

from banmian.archive import Filters, QueryError, connect, ingest_paths, rank, search
from banmian.archive.query import parse
from banmian.archive.search import matching_ids
from banmian.archive.tokens import doc_columns, fold, segments, term_match
from banmian.synth import generate_page

SEEDS = range(1000, 1060)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    root = tmp_path_factory.mktemp("archive")
    pages = root / "pages"
    write_pages(pages, SEEDS)
    hand = root / "hand" / "人民日报_20230117_p02.txt"
    hand.parent.mkdir()
    hand.write_text(HAND_PAGE, encoding="utf-8")
    report = ingest_paths(root / "a.db", [str(pages), str(hand)], jobs=1)
    assert report.failures == [] and report.added == len(SEEDS) + 1
    conn = connect(root / "a.db", readonly=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def texts(archive: sqlite3.Connection) -> dict[int, str]:
    return stored_texts(archive)


def ids(conn: sqlite3.Connection, query: str, filters: Filters | None = None) -> set[int]:
    return set(matching_ids(conn, query, filters=filters or Filters()))


# -- tokens --------------------------------------------------------------------------------


def test_doc_columns_bigrams_run_ends_and_words() -> None:
    chars, grams = doc_columns("促进就业，5G网络 COVID-19")
    assert chars.split() == list("促进就业网络")
    assert grams.split() == ["促进", "进就", "就业", "业", "5g", "网络", "络", "covid", "19"]


def test_doc_columns_equal_tokenising_the_folded_text() -> None:
    """The fast path (folding only Latin / digit words) gives the tokens of ``fold(text)``."""

    def reference(text: str) -> tuple[str, str]:
        chars: list[str] = []
        grams: list[str] = []
        for seg in segments(fold(text)):
            if seg.cjk:
                chars += list(seg.text)
                grams += [seg.text[k : k + 2] for k in range(len(seg.text) - 1)] + [seg.text[-1]]
            else:
                grams.append(seg.text)
        return " ".join(chars), " ".join(grams)

    alphabet = "中文就业金融服务ＡＢｃ１２３abcXYZ ，。、\n\t\u3000\u00a0_＿-:'İΣσςΑ5Gg！？“”（）\x1c\x85가나あア〇𠀀"
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert doc_columns(text) == reference(text), repr(text)
    for seed in SEEDS[:10]:
        text = generate_page(seed).text
        assert doc_columns(text) == reference(text)


def test_raw_pattern_finds_every_match_before_folding() -> None:
    """``may_match`` on the stored text never rejects a text whose folded form matches."""
    alphabet = "中文就业金融服务ＡＢｃ１２３abcXYZ ，。、\n\t\u3000\u00a0_＿-:'İΣσςΑ5Gg！？“”（）\x1c\x85가나あア〇K"
    rng = random.Random(9)
    positive = 0
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        try:
            node = parse(quoted(q))
        except QueryError:
            continue
        if node.matches(fold(text)):
            positive += 1
            assert node.may_match(text), (q, text)
    assert positive > 500


def test_fold_is_length_preserving() -> None:
    s = "ＡＢｃ１２：\u3000\u00a0\nİx"
    assert len(fold(s)) == len(s)
    assert fold("ＡＢｃ１２：") == "abc12:"


def test_term_match_exactness() -> None:
    assert term_match("就业") == ('grams : "就业"', True)
    assert term_match("金融服务") == ('grams : "金融 融服 服务"', True)
    assert term_match("就") == ('chars : "就"', True)
    assert term_match("5g网络") == ('grams : "5g 网络"', False)
    # a lone last character may begin a pair in the text: no prefix query, the character is
    # asked of the chars column, and the check does the rest
    assert term_match("5g就") == ('(grams : "5g" AND chars : "就")', False)
    assert term_match("好不好”的") == ('(grams : "好不 不好 好" AND chars : "的")', False)
    assert term_match("6人次，群众") == ('grams : "6 人次 次 群众"', False)
    # punctuation after the last characters ends their run in the text too: its last
    # character is a token of its own, and a lone one needs no second column
    assert term_match("5252处，") == ('grams : "5252 处"', False)
    assert term_match("数据显示，") == ('grams : "数据 据显 显示 示"', False)
    assert term_match("，。") is None


# -- exact search against the oracle -----------------------------------------------------


@pytest.mark.parametrize(
    "q", ["就业", "金融服务", "东西部协作", "东西部", "协作", "就", "5G网络", "gdp", "covid-19", "19"]
)
def test_issue_examples_are_exact(archive: sqlite3.Connection, texts: dict[int, str], q: str) -> None:
    expected = oracle_ids(texts, q)
    assert ids(archive, q) == expected
    assert ids(archive, quoted(q)) == expected


def test_no_false_hits_from_scattered_bigrams(archive: sqlite3.Connection, texts: dict[int, str]) -> None:
    hand = {aid for aid, t in texts.items() if "东西" in t and "部协" in t}
    hits = ids(archive, "东西部协作")
    assert hits == {aid for aid in hand if "东西部协作" in texts[aid]}
    assert len(hits) == 1  # the decoy article has 东西，部协作 and 东西部的协作
    assert len(ids(archive, "金融服务")) == 1  # not 金融、服务 nor 金融机构…服务
    assert ids(archive, "业已") == oracle_ids(texts, "业已")  # 就在家门口\n业已: a wrap, not a run break


def _draws(rng: random.Random, length: int, count: int) -> list[str]:
    paragraphs = [p for s in SEEDS for a in gold(s)["articles"] for p in a["paragraphs"] if len(p) >= length]
    out: list[str] = []
    while len(out) < count:
        p = rng.choice(paragraphs)
        i = rng.randrange(len(p) - length + 1)
        q = p[i : i + length]
        if not any(c.isspace() for c in q):
            out.append(q)
    return out


@pytest.mark.parametrize("length", [1, 2, 3, 5])
def test_random_substrings_exact(archive: sqlite3.Connection, texts: dict[int, str], length: int) -> None:
    rng = random.Random(length)
    searchable = found = 0
    for q in _draws(rng, length, 60):
        if term_match(fold(q)) is None:  # only punctuation: a clear error, never sqlite's
            with pytest.raises(QueryError):
                parse(quoted(q))
            continue
        searchable += 1
        expected = oracle_ids(texts, q)
        found += bool(expected)  # empty when a digit run was cut (1余 of 8571余: whole words)
        assert ids(archive, quoted(q)) == expected, q
        bare = not any(c in q for c in '"()') and not q.startswith("-") and q not in ("AND", "OR", "NOT")
        if bare:
            assert ids(archive, q) == expected, q
    assert searchable >= 40 and found >= searchable * 0.8


def test_boolean_queries_are_set_algebra(archive: sqlite3.Connection, texts: dict[int, str]) -> None:
    rng = random.Random(7)
    words = [q for q in _draws(rng, 2, 200) if term_match(fold(q)) and q.isalnum()][:36]
    for a, b, c in zip(words[0::3], words[1::3], words[2::3], strict=False):
        A, B, C = (oracle_ids(texts, x) for x in (a, b, c))
        assert ids(archive, f"{a} {b}") == A & B
        assert ids(archive, f"{a} AND {b}") == A & B
        assert ids(archive, f"{a} OR {b}") == A | B
        assert ids(archive, f"{a} NOT {b}") == A - B
        assert ids(archive, f"{a} -{b}") == A - B
        assert ids(archive, f"({a} OR {b}) NOT {c}") == (A | B) - C
        assert ids(archive, f"{a} OR {b} {c}") == A | (B & C)  # AND binds tighter


def test_inexact_terms_under_not(archive: sqlite3.Connection, texts: dict[int, str]) -> None:
    A = oracle_ids(texts, "就业")
    B = oracle_ids(texts, "5G网络")
    assert ids(archive, '就业 NOT "5G网络"') == A - B
    assert ids(archive, "就业 OR 5G网络") == A | B


def test_phrase_with_space_matches_any_whitespace(archive: sqlite3.Connection, texts: dict[int, str]) -> None:
    # 带动就业\n1200人 is one paragraph joined without a space; the phrase needs whitespace
    assert ids(archive, '"金融服务下沉到村，带动就业"') == oracle_ids(texts, "金融服务下沉到村，带动就业")
    assert ids(archive, '"东西部协作 结硕果"') == set()  # headline then body: the newline is whitespace
    hits = ids(archive, '"东西部协作结硕果"') | ids(archive, '"结硕果 东西部协作"')
    assert hits == {aid for aid, t in texts.items() if "结硕果\n" in t and "东西部协作" in t}


# -- ranking, limits, snippets -------------------------------------------------------------


def test_ranking_limit_offset_and_snippets(archive: sqlite3.Connection) -> None:
    every = search(archive, "就业", limit=0)
    assert [h.score for h in every] == sorted((h.score for h in every), reverse=True)
    assert [h.id for h in search(archive, "就业", limit=5)] == [h.id for h in every[:5]]
    assert [h.id for h in search(archive, "就业", limit=5, offset=5)] == [h.id for h in every[5:10]]
    for h in every:
        assert "[就业]" in h.snippet or "[就业]" in "".join(h.article["headline"] or [])
        assert "\n" not in h.snippet and len(h.snippet) <= 80 + 2 + 4 * h.snippet.count("[")
    inexact = search(archive, "5G网络", limit=1)
    assert len(inexact) == 1 and "[5G网络]" in inexact[0].snippet


@pytest.mark.parametrize("q", ["的", "发展", '"5G网络"', "就业 OR 发展", "发展 -就业", "东西部协作", "东西部协作结硕果"])
@pytest.mark.parametrize("filters", [Filters(), Filters(date_from="2000-01-01")])
def test_broad_queries_come_in_recency_order(
    archive: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, q: str, filters: Filters
) -> None:
    """A specific query with up to RANK_LIMIT candidates: BM25 order; else newest first, score
    0.  The same hits either way, and every page of hits is a slice of the one full order."""
    ranked = search(archive, q, filters=filters, limit=0)
    assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)
    monkeypatch.setattr(rank, "RANK_LIMIT", 7)
    monkeypatch.setattr(rank, "STREAM", 5)
    every = search(archive, q, filters=filters, limit=0)
    assert sorted(h.id for h in every) == sorted(h.id for h in ranked)
    assert matching_ids(archive, q, filters=filters) == [h.id for h in every]
    candidates = archive.execute(
        "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (parse(q).fts(),)
    ).fetchone()[0]
    if candidates > 7 or not rank.specific(archive, parse(q)):
        assert [h.id for h in every] == sorted((h.id for h in every), reverse=True)
        assert all(h.score == 0 for h in every)
    else:
        assert [h.id for h in every] == [h.id for h in ranked]
    for limit, offset in ((1, 0), (5, 0), (7, 0), (8, 3), (20, 13), (3, max(0, len(every) - 2))):
        page = search(archive, q, filters=filters, limit=limit, offset=offset)
        assert [h.id for h in page] == [h.id for h in every[offset : offset + limit]], (limit, offset)


def test_specific_queries(archive: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {aid: fold(t) for aid, t in stored_texts(archive).items()}

    def df(token: str) -> int:  # documents with the token (a pair inside a run, or a run's end)
        return sum(token in t for t in texts.values())

    assert rank.specific(archive, parse("东西部协作"))
    monkeypatch.setattr(rank, "RANK_LIMIT", 3)
    common = [w for w in ("发展", "就业", "服务") if df(w) > 3]
    assert common and not rank.specific(archive, parse(common[0]))
    assert not rank.specific(archive, parse(" OR ".join(["东西部协作", *common])))
    assert rank.specific(archive, parse(f"东西部协作 -{common[0]}"))  # NOT terms are not looked up


def test_hit_dict_is_the_page_article_form(archive: sqlite3.Connection) -> None:
    hit = search(archive, "东西部协作结硕果", limit=1)[0]
    d = hit.to_dict()
    assert {"kind", "headline", "kicker", "title", "subtitle", "authors", "dateline", "paragraphs"} <= set(d)
    assert {"continued_from", "continued_to", "lines", "source", "score", "snippet"} <= set(d)
    assert d["headline"] == ["东西部协作结硕果"]
    assert (d["paper"], d["date"], d["page"]) == ("人民日报", "2023-01-17", 2)
    assert d["source"].endswith("人民日报_20230117_p02.txt")


# -- filters -------------------------------------------------------------------------------


def _view_ids(conn: sqlite3.Connection, where: str, args: tuple) -> set[int]:
    return {r[0] for r in conn.execute(f"SELECT article_id FROM article_view WHERE {where}", args)}


def test_filters(archive: sqlite3.Connection) -> None:
    base = ids(archive, "发展")
    assert base
    row = archive.execute(
        "SELECT date, page_number FROM article_view WHERE date IS NOT NULL AND page_number IS NOT NULL LIMIT 1"
    ).fetchone()
    dates = sorted(r[0] for r in archive.execute("SELECT DISTINCT date FROM issues WHERE date IS NOT NULL"))
    lo, hi = dates[len(dates) // 4], dates[3 * len(dates) // 4]
    author = archive.execute(
        "SELECT name FROM authors GROUP BY name ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    cases = [
        (Filters(paper="人民日报"), "paper = ?", ("人民日报",)),
        (Filters(date_from=lo, date_to=hi), "date BETWEEN ? AND ?", (lo, hi)),
        (Filters(date_from=lo), "date >= ?", (lo,)),
        (Filters(page=row[1]), "page_number = ?", (row[1],)),
        (Filters(kind="photo"), "kind = ?", ("photo",)),
        (
            Filters(author=author),
            "article_id IN (SELECT article_id FROM authors WHERE name = ?)",
            (author,),
        ),
    ]
    for f, where, args in cases:
        assert ids(archive, "发展", f) == base & _view_ids(archive, where, args), f
    assert ids(archive, "发展", Filters(paper="no such paper")) == set()


# -- nasty input ---------------------------------------------------------------------------

NASTY = [
    '"',
    '""',
    '"就业',
    '就业"',
    "*",
    "就业*",
    "*就业",
    "NEAR",
    "NEAR(就业 服务)",
    "NEAR/2",
    "-",
    "--",
    "-就业",
    "就业 -",
    ":",
    "grams:就业",
    "chars : 就",
    "{grams}: 就业",
    "(",
    ")",
    "((就业)",
    "(就业))",
    ")(",
    "AND",
    "OR",
    "NOT",
    "就业 AND",
    "OR 就业",
    "就业 NOT",
    "NOT NOT 就业",
    "^就业",
    "就业^2",
    "'",
    "';DROP TABLE articles;--",
    "\\",
    "\x00",
    "\u3000",
    " ",
    "",
    "就业 OR -服务",
    "a" * 5000,
    " ".join(["就业"] * 100),
    "rowid:1",
    "article_fts",
    '"a" "b',
    "+就业",
    "就业 + 服务",
    "[就业]",
    "就业 (",
    "就业 ()",
    "( OR )",
    "\ud800",
    "😀",
    "😀就业",
]


@pytest.mark.parametrize("q", NASTY)
def test_nasty_queries_never_raise_sqlite_errors(archive: sqlite3.Connection, q: str) -> None:
    try:
        hits = search(archive, q, limit=3)
    except QueryError as e:
        msg = str(e)
        assert msg.startswith("query: ") and "\n" not in msg
    else:
        assert isinstance(hits, list)


def test_sql_injection_is_just_text(archive: sqlite3.Connection) -> None:
    assert search(archive, "';DROP TABLE articles;--", limit=0) == []
    assert archive.execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_empty_archive(tmp_path: Path) -> None:
    connect(tmp_path / "e.db", create=True).close()
    conn = connect(tmp_path / "e.db", readonly=True)
    assert search(conn, "就业") == []
    conn.close()
