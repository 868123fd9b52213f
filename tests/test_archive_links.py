"""Continuation links: parts of an article continued across pages are linked at ingest and
come back joined, exactly, whatever order the pages were ingested in.

The pages are generated here (seeded, invented text): an issue of three pages whose
articles are cut at a random point — mid-sentence or at a paragraph end — and continued on a
later page (``（下转第X版）`` / ``（上接第Y版）``, the headline repeated), one over three pages.  The expected joined
article is the article before it was cut.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_pages import quoted, stored_texts

from banmian.archive import connect, ingest_paths, search
from banmian.archive.db import SCHEMA_VERSION
from banmian.archive.index import search_text
from banmian.archive.joined import group, join_paragraphs, joined_article
from banmian.archive.links import ends_sentence, headline_similarity
from banmian.archive.search import matching_ids
from banmian.archive.tokens import doc_columns
from banmian.synth_layout import wrap as synth_wrap
from banmian.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DATE = "2023年3月8日 星期三"
SUBJECTS = ("县里", "合作社", "农技站", "镇政府", "种粮大户", "村委会", "供销社", "气象部门")
VERBS = ("组织", "安排", "推动", "落实", "检查", "部署", "协调", "指导")
OBJECTS = ("春耕备耕工作", "农资调运供应", "高标准农田建设", "农机具检修", "良种推广试验", "灌溉渠道清淤")
TAILS = ("进展顺利", "取得实效", "有序推进", "覆盖全部村组", "得到群众认可")
HEADS = ("春耕备耕全面展开", "农资供应保障有力", "高标准农田建设提速", "良种推广覆盖千村", "水利设施焕然一新")


def sentence(r: random.Random) -> str:
    return f"{r.choice(SUBJECTS)}{r.choice(VERBS)}{r.choice(OBJECTS)}，{r.choice(TAILS)}。"


def paragraphs(r: random.Random, n: int) -> list[str]:
    return ["".join(sentence(r) for _ in range(r.randint(2, 4))) for _ in range(n)]


def wrap(paragraph: str, indent: bool, width: int = 18) -> list[str]:
    lines = synth_wrap(paragraph, width, width - 2 if indent else width)
    return ["\u3000\u3000" + lines[0], *lines[1:]] if indent else lines


def cut(r: random.Random, paras: list[str], lo: int = 0) -> tuple[list[str], list[str], bool]:
    """Split an article in paragraph ``lo`` or later: at a paragraph end, or inside a sentence
    (never next to punctuation).  Returns the halves and whether the second starts inside a
    paragraph."""
    k = r.randrange(lo, len(paras))
    if r.random() < 0.3 and k < len(paras) - 1:
        return paras[: k + 1], paras[k + 1 :], False
    p = paras[k]
    spots = [c for c in range(4, len(p) - 4) if p[c - 1] not in "，。" and p[c] not in "，。"]
    c = r.choice(spots)
    return [*paras[:k], p[:c]], [p[c:], *paras[k + 1 :]], True


def block(head: str | None, paras: list[str], *, mid_start: bool, cfrom: int | None, cto: int | None) -> str:
    out = [head] if head else []
    if cfrom:
        out.append(f"（上接第{cfrom}版）")
    elif head:
        out.append("")
    for n, para in enumerate(paras):
        out += wrap(para, indent=not (n == 0 and mid_start))
    if cto:
        out.append(f"（下转第{cto}版）")
    return "\n".join(out)


def page_text(number: int, blocks: list[str]) -> str:
    return f"{DATE}\n第{number}版 要闻\n\n" + "\n\n".join(blocks) + "\n"


def make_issue(seed: int) -> tuple[dict[int, str], list[list[str]]]:
    """Three pages of paper 晨报; the full paragraphs of every continued article."""
    r = random.Random(seed)
    blocks: dict[int, list[str]] = {1: [], 2: [], 3: []}
    whole: list[list[str]] = []
    heads = r.sample(HEADS, 4)
    for n, head in enumerate(heads):
        paras = paragraphs(r, 5 if n == 3 else r.randint(2, 4))
        whole.append(paras)
        if n == 3:  # over three pages: 1 → 2 → 3
            a, rest, mid1 = cut(r, paras[:2])
            rest = rest + paras[2:]
            b, c, mid2 = cut(r, rest, lo=1)
            blocks[1].append(block(head, a, mid_start=False, cfrom=None, cto=2))
            blocks[2].append(block(head, b, mid_start=mid1, cfrom=1, cto=3))
            blocks[3].append(block(head, c, mid_start=mid2, cfrom=2, cto=None))
            continue
        a, b, mid = cut(r, paras)
        start, end = (1, 2) if n % 2 == 0 else (1, 3)
        blocks[start].append(block(head, a, mid_start=False, cfrom=None, cto=end))
        blocks[end].insert(0, block(head, b, mid_start=mid, cfrom=start, cto=None))
    pages = {k: page_text(k, v) for k, v in blocks.items()}
    return pages, whole


def write_pages(folder: Path, pages: dict[int, str]) -> dict[int, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for number, text in pages.items():
        out[number] = folder / f"晨报_20230308_p{number:02d}.txt"
        out[number].write_text(text, encoding="utf-8")
    return out


def ingest(db: Path, files: list[Path]) -> None:
    for f in files:
        report = ingest_paths(db, [str(f)], jobs=1)
        assert report.failures == []


@contextlib.contextmanager
def opened(db: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(connect(db, readonly=True)) as conn:
        yield conn


def where(conn: sqlite3.Connection, aid: int) -> tuple[int, int]:
    row = conn.execute(
        "SELECT p.page_number, a.article_index FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id = ?",
        (aid,),
    ).fetchone()
    return int(row[0]), int(row[1])


def links(conn: sqlite3.Connection) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    rows = conn.execute("SELECT from_article, to_article, score FROM links").fetchall()
    return sorted((where(conn, a), where(conn, b), s) for a, b, s in rows)


def joined_all(conn: sqlite3.Connection) -> list[tuple[list[tuple[int, int]], list[str], list[int]]]:
    out = []
    for (aid,) in conn.execute("SELECT id FROM articles"):
        j = joined_article(conn, aid)
        assert j is not None
        out.append(([where(conn, p["article_id"]) for p in j["parts"]], j["paragraphs"], j["missing"]))
    return sorted(out)


# -- unit rules ----------------------------------------------------------------------------


def test_sentence_end_and_headline_similarity() -> None:
    assert ends_sentence("他说。") and ends_sentence("“好。”") and ends_sentence("真的吗？")
    assert not ends_sentence("今年计划播种") and not ends_sentence("称为“示范村”")
    assert headline_similarity("春耕备耕全面展开", "春耕备耕全面展开") == 1.0
    assert headline_similarity("春耕备耕全面展开", "水利设施焕然一新") == 0.0
    assert headline_similarity("", "春耕") == 0.0
    assert join_paragraphs([["甲。", "乙丙"], ["丁。", "戊。"]]) == ["甲。", "乙丙丁。", "戊。"]
    assert join_paragraphs([["甲。"], ["乙。"]]) == ["甲。", "乙。"]


# -- generated issues ----------------------------------------------------------------------


def _both_orders(tmp_path: Path, seed: int, order: tuple[int, ...]) -> tuple[list, Path, Path]:
    """A generated issue ingested page by page in reading order and in ``order``: the
    articles it should join, and the two archives."""
    pages, whole = make_issue(seed)
    files = write_pages(tmp_path / "pages", pages)
    forward, backward = tmp_path / "f.db", tmp_path / "b.db"
    ingest(forward, [files[1], files[2], files[3]])
    ingest(backward, [files[k] for k in order])
    return whole, forward, backward


@pytest.mark.parametrize("seed", range(6))
def test_generated_continued_articles_come_back_joined_exactly(tmp_path: Path, seed: int) -> None:
    whole, forward, backward = _both_orders(tmp_path, seed, (3, 2, 1))
    with opened(forward) as f, opened(backward) as b:
        assert links(f) == links(b)
        assert joined_all(f) == joined_all(b)
        got = sorted(j[1] for j in joined_all(f))
        for paras in whole:
            assert paras in got, (paras, got)
        assert len(links(f)) == 5  # three two-page articles and one over three pages
        assert all(j[2] == [] for j in joined_all(f))


def test_search_returns_the_joined_article_once(tmp_path: Path) -> None:
    pages, whole = make_issue(3)
    files = write_pages(tmp_path / "pages", pages)
    db = tmp_path / "a.db"
    ingest(db, list(files.values()))
    with opened(db) as conn:
        hits = search(conn, "县里 OR 合作社 OR 农技站 OR 镇政府", limit=0)
        groups = [tuple(p["article_id"] for p in h.joined["parts"]) for h in hits]
        assert len(groups) == len(set(groups))
        assert sorted(h.joined["paragraphs"] for h in hits if len(h.joined["parts"]) > 1) == sorted(
            p for p in whole if any(p == h.joined["paragraphs"] for h in hits)
        )
        three = next(h for h in hits if len(h.joined["parts"]) == 3)
        assert [p["page"] for p in three.joined["parts"]] == [1, 2, 3]
        d = three.to_dict()
        assert (
            d["joined"]["text"] == "\n".join(d["joined"]["paragraphs"])
            and "snippet" in d
            and "paragraphs" in d
        )
        # every part still matches on its own: the exact-substring guarantee per part
        for h in hits:
            assert h.id in [p["article_id"] for p in h.joined["parts"]]
        # paging over groups: no group twice across pages
        one_by_one = [
            search(conn, "县里 OR 合作社 OR 农技站 OR 镇政府", limit=1, offset=k)[0].id
            for k in range(len(hits))
        ]
        assert one_by_one == [h.id for h in hits]


def seams(conn: sqlite3.Connection) -> list[str]:
    """Strings across each mid-sentence jump: the end of one part and the start of the next."""
    out = []
    for a, b in conn.execute("SELECT from_article, to_article FROM links ORDER BY from_article"):
        (pa,), (pb,) = (conn.execute("SELECT paragraphs FROM articles WHERE id = ?", (x,)).fetchone() for x in (a, b))
        last, first = json.loads(pa)[-1], json.loads(pb)[0]
        if not ends_sentence(last):
            out.append(last[-6:] + first[:6])
    return out


@pytest.mark.parametrize("seed", range(6))
def test_a_phrase_across_a_jump_is_found(tmp_path: Path, seed: int) -> None:
    _, forward, backward = _both_orders(tmp_path, seed, (3, 1, 2))
    with opened(forward) as f, opened(backward) as b:
        docs = stored_texts(f)
        parts = [h + "\n" + body for h, body in f.execute("SELECT headline_text, body FROM articles")]
        queries = seams(f)
        # some exist only in a joined article (the vocabulary is small: others occur elsewhere too)
        assert any(not any(q in t for t in parts) for q in queries)
        for q in queries:
            expected = {aid for aid, t in docs.items() if q in t}
            assert expected and set(matching_ids(f, quoted(q))) == expected, q
            hits = search(f, quoted(q))
            assert {h.joined["id"] for h in hits} == expected and all("[" in h.snippet for h in hits)
            assert {where(b, i) for i in matching_ids(b, quoted(q))} == {where(f, i) for i in expected}
        # an AND whose terms are in different parts of one article
        for a, c in f.execute("SELECT from_article, to_article FROM links"):
            (x,), (y,) = (f.execute("SELECT body FROM articles WHERE id = ?", (i,)).fetchone() for i in (a, c))
            query = f"{quoted(x[:5])} {quoted(y[-5:])}"
            expected = {aid for aid, t in docs.items() if x[:5] in t and y[-5:] in t}
            assert set(matching_ids(f, query)) == expected and expected
    for db in (forward, backward):
        with contextlib.closing(connect(db)) as rw:
            rw.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")


# -- hand-made pages -------------------------------------------------------------------------

P1_TWO = f"""{DATE}
第1版 要闻

春耕备耕全面展开

　　各地抓住有利天气，组织农民开展春耕备耕，农资供应充足。
　　据介绍，今年全县计划播种粮食作物
（下转第2版）

水利设施焕然一新

　　入冬以来，全县清淤渠道一百多公里，新修泵站十二座。
　　水利部门表示，今年灌溉用水有保障。
（下转第2版）
"""

P2_TWO = f"""{DATE}
第2版 要闻

水利设施焕然一新
（上接第1版）
　　春灌开始后，各泵站将轮流值守，确保农田及时浇灌。

春耕备耕全面展开
（上接第1版）
五十万亩，比去年增加三万亩，农技人员深入田间地头。
"""

P2_NO_HEADS = f"""{DATE}
第2版 要闻

（上接第1版）
　　春灌开始后，各泵站将轮流值守，确保农田及时浇灌。

（上接第1版）
五十万亩，比去年增加三万亩，农技人员深入田间地头。
"""

SPRING = [
    "各地抓住有利天气，组织农民开展春耕备耕，农资供应充足。",
    "据介绍，今年全县计划播种粮食作物五十万亩，比去年增加三万亩，农技人员深入田间地头。",
]
WATER = [
    "入冬以来，全县清淤渠道一百多公里，新修泵站十二座。",
    "水利部门表示，今年灌溉用水有保障。",
    "春灌开始后，各泵站将轮流值守，确保农田及时浇灌。",
]


def _joined_by_headline(conn: sqlite3.Connection, head: str) -> dict[str, object]:
    (aid,) = conn.execute(
        "SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.page_number = 1 AND a.headline_text = ?",
        (head,),
    ).fetchone()
    j = joined_article(conn, aid)
    assert j is not None
    return j


@pytest.mark.parametrize("page2", [P2_TWO, P2_NO_HEADS], ids=["headlines", "continuity"])
def test_two_candidates_are_told_apart(tmp_path: Path, page2: str) -> None:
    files = write_pages(tmp_path / "pages", {1: P1_TWO, 2: page2})
    for order in ([1, 2], [2, 1]):
        db = tmp_path / f"{order[0]}.db"
        ingest(db, [files[k] for k in order])
        with opened(db) as conn:
            assert _joined_by_headline(conn, "春耕备耕全面展开")["paragraphs"] == SPRING
            assert _joined_by_headline(conn, "水利设施焕然一新")["paragraphs"] == WATER


def test_missing_other_page_and_replaced_page(tmp_path: Path) -> None:
    files = write_pages(tmp_path / "pages", {1: P1_TWO})
    db = tmp_path / "a.db"
    ingest(db, [files[1]])
    with opened(db) as conn:
        j = _joined_by_headline(conn, "春耕备耕全面展开")
        assert j["missing"] == [2] and len(j["parts"]) == 1  # type: ignore[arg-type]
        assert j["paragraphs"] == [
            "各地抓住有利天气，组织农民开展春耕备耕，农资供应充足。",
            "据介绍，今年全县计划播种粮食作物",
        ]
    two = write_pages(tmp_path / "pages", {2: P2_NO_HEADS})[2]
    ingest(db, [two])
    with opened(db) as conn:
        assert _joined_by_headline(conn, "春耕备耕全面展开")["paragraphs"] == SPRING
        assert _joined_by_headline(conn, "春耕备耕全面展开")["missing"] == []
    # page 2 re-extracted: the spring part gone; its link goes, the water link is recomputed
    two.write_text(P2_NO_HEADS.split("\n\n（上接第1版）\n五十万亩")[0] + "\n", encoding="utf-8")
    report = ingest_paths(db, [str(two)], jobs=1)
    assert report.replaced == 1
    with opened(db) as conn:
        spring = _joined_by_headline(conn, "春耕备耕全面展开")
        assert spring["missing"] == [2] and len(spring["parts"]) == 1  # type: ignore[arg-type]
        assert _joined_by_headline(conn, "水利设施焕然一新")["paragraphs"] == WATER
        assert conn.execute("SELECT count(*) FROM links").fetchone()[0] == 1
    shutil.rmtree(tmp_path / "pages")


def _index_parts_one_by_one(raw: sqlite3.Connection) -> None:
    """Rebuild the index as schemas 1 and 2 had it: one document per stored part."""
    raw.execute("INSERT INTO article_fts(article_fts) VALUES ('delete-all')")
    for aid, head, body in raw.execute("SELECT id, headline_text, body FROM articles").fetchall():
        raw.execute(
            "INSERT INTO article_fts(rowid, chars, grams) VALUES (?, ?, ?)",
            (aid, *doc_columns(search_text(head, body))),
        )


@pytest.mark.parametrize("old", [1, 2])
def test_older_archive_is_upgraded(tmp_path: Path, old: int) -> None:
    files = write_pages(tmp_path / "pages", {1: P1_TWO, 2: P2_TWO})
    db = tmp_path / "a.db"
    ingest(db, [files[1], files[2]])
    with contextlib.closing(sqlite3.connect(db)) as raw:
        if old == 1:
            raw.execute("DROP TABLE links")
        _index_parts_one_by_one(raw)
        raw.execute(f"PRAGMA user_version = {old}")
        raw.commit()
    spanning = "计划播种粮食作物五十万亩"  # only in the joined article: the jump is after 作物
    with opened(db) as conn:  # read-only: read as it was (schema 1: unlinked)
        assert len(_joined_by_headline(conn, "春耕备耕全面展开")["parts"]) == (1 if old == 1 else 2)  # type: ignore[arg-type]
        assert search(conn, spanning) == [] and len(search(conn, "计划播种")) == 1
    connect(db).close()  # writable: upgraded, links computed, joined articles indexed
    with opened(db) as conn:
        assert _joined_by_headline(conn, "春耕备耕全面展开")["paragraphs"] == SPRING
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        hits = search(conn, spanning)
        assert [h.joined["paragraphs"] for h in hits] == [SPRING]
    with contextlib.closing(connect(db)) as rw:
        rw.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")


def test_web_article_page_shows_the_joined_article(tmp_path: Path) -> None:
    files = write_pages(tmp_path / "pages", {1: P1_TWO, 2: P2_TWO})
    db = tmp_path / "a.db"
    ingest(db, [files[2], files[1]])
    with opened(db) as conn:
        first = _joined_by_headline(conn, "春耕备耕全面展开")
        parts = first["parts"]
        assert isinstance(parts, list)
        second = parts[1]["article_id"]
        assert group(conn, second) == [p["article_id"] for p in parts]
    client = TestClient(create_app(db))
    for aid in (parts[0]["article_id"], second):
        html = client.get(f"/article/{aid}").text
        body = re.search(r'<div class="body"[^>]*>(.*?)</div>', html, re.S)
        assert body is not None
        assert re.findall(r"<p>(.*?)</p>", body.group(1)) == SPRING
        for p in parts:
            assert f'href="/page/{p["page_id"]}"' in html and f'href="/article/{p["article_id"]}"' in html
    api = client.get(f"/api/articles/{second}").json()
    assert api["joined"]["paragraphs"] == SPRING and api["paragraphs"] == [
        SPRING[1][len("据介绍，今年全县计划播种粮食作物") :]
    ]
