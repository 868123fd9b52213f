"""The renderers (json, jsonl, md, txt) on pages built by hand with the model."""

from __future__ import annotations

import json

import pytest

from banmian.export import FORMATS, RULE, render, to_json, to_jsonl, to_markdown, to_text
from banmian.model import SCHEMA, Article, Author, Dateline, Decision, Page, SourceLine


def sample_page() -> Page:
    """Three articles (roles known, continuation without headline, photo) and leftovers."""
    return Page(
        source="sample.txt",
        articles=(
            Article(
                kind="news",
                headline=("全区一季度重点项目集中开工", "青澜新区32个项目总投资186亿元"),
                kicker="全区一季度重点项目集中开工",
                title="青澜新区32个项目总投资186亿元",
                authors=(Author("林晓帆", "reporter"), Author("周若谷", "correspondent")),
                dateline=Dateline(source="本报", place=None, date="3月4日"),
                paragraphs=(
                    "本报讯 3月4日，青澜新区重点项目集中开工。",
                    "下一步，新区将持续开展项目攻坚行动。",
                ),
                continued_to=3,
                lines=(4, 5, 6, 8, 9, 10),
            ),
            Article(
                headline=None,
                paragraphs=("在企业和高校之间架起沟通桥梁。",),
                continued_from=1,
                lines=(20, 21),
            ),
            Article(
                kind="photo",
                headline=("“蓝色粮仓”开海忙",),
                authors=(Author("许安然", "photographer"),),
                paragraphs=("图为3月3日，渔民在码头上修补渔网。",),
                lines=(15, 17),
            ),
        ),
        furniture=(SourceLine(1, "02 综合新闻"), SourceLine(30, "责任编辑：韩素秋")),
        unassigned=(SourceLine(12, "无法归属的一行"),),
        trail=(
            Decision(4, "headline", "kicker", "short line before a title"),
            Decision(20, "jump", "from", "（上接第一版）"),
        ),
    )


def test_json_is_the_page_document() -> None:
    page = sample_page()
    out = to_json(page)
    assert out.endswith("}\n")
    assert "青澜新区" in out  # not \u-escaped
    assert json.loads(out) == page.to_dict()
    assert out.startswith('{\n "schema"')  # indent=1
    assert json.loads(to_json(page, trail=True))["trail"][0]["label"] == "kicker"
    assert "\n" not in to_json(page, indent=None).rstrip("\n")


def test_jsonl_one_article_per_line_with_page_metadata() -> None:
    page = sample_page()
    lines = to_jsonl(page).splitlines()
    assert len(lines) == len(page.articles)
    for i, line in enumerate(lines):
        d = json.loads(line)
        assert (d.pop("schema"), d.pop("source"), d.pop("article_index")) == (SCHEMA, "sample.txt", i)
        assert d == page.articles[i].to_dict()


def test_jsonl_trail_is_per_article_and_empty_page_is_empty() -> None:
    page = sample_page()
    rows = [json.loads(x) for x in to_jsonl(page, trail=True).splitlines()]
    assert [[t["line"] for t in r["trail"]] for r in rows] == [[4], [20], []]
    assert to_jsonl(Page(source="x.txt")) == ""


def test_markdown_renders_headline_roles_authors_dateline_paragraphs() -> None:
    md = to_markdown(sample_page())
    assert "*全区一季度重点项目集中开工*\n\n# 青澜新区32个项目总投资186亿元\n" in md
    assert "**By:** 林晓帆 (reporter), 周若谷 (correspondent)" in md
    assert "**Dateline:** 本报 · 3月4日" in md
    assert "\n本报讯 3月4日，青澜新区重点项目集中开工。\n\n下一步，" in md
    assert "*(continued on page 3)*" in md


def test_markdown_placeholders_and_leftovers() -> None:
    md = to_markdown(sample_page())
    assert "# (continued from page 1)\n" in md
    assert "# “蓝色粮仓”开海忙\n" in md
    assert "**Kind:** photo" in md
    assert "## Page furniture\n\n```text\n 1  02 综合新闻\n30  责任编辑：韩素秋\n```" in md
    assert "## Unassigned lines" in md and "12  无法归属的一行" in md
    assert to_markdown(Page(articles=(Article(paragraphs=("正文。",)),))).startswith("# (untitled)\n")


def test_markdown_headline_without_roles_and_escaping() -> None:
    page = Page(
        articles=(
            Article(
                headline=("第一行", "第二行"),
                paragraphs=("# 注 *重点* [注]", "1. 第一", "1.6万余只", "#1 - 2"),
            ),
        )
    )
    md = to_markdown(page)
    assert md.startswith("# 第一行 / 第二行\n")
    assert "\n\\# 注 \\*重点\\* \\[注\\]\n" in md
    assert "\n1\\. 第一\n" in md
    assert "\n1.6万余只\n" in md
    assert "\n#1 - 2\n" in md


def test_text_articles_separated_by_rule() -> None:
    txt = to_text(sample_page())
    parts = txt.split(f"\n{RULE}\n\n")
    assert len(parts) == 5  # 3 articles, furniture, unassigned
    first = parts[0].splitlines()
    assert first[:2] == ["全区一季度重点项目集中开工", "青澜新区32个项目总投资186亿元"]
    assert "By: 林晓帆 (reporter), 周若谷 (correspondent)" in first
    assert "本报讯 3月4日，青澜新区重点项目集中开工。" in first
    assert parts[1].startswith("(continued from page 1)\n")
    assert parts[3].startswith("[Page furniture]\n")
    assert txt.endswith("12  无法归属的一行\n")


def test_empty_page_renders_a_note() -> None:
    assert to_text(Page()) == "(no articles)\n"
    assert to_markdown(Page()) == "*(no articles)*\n"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_render_is_deterministic(fmt: str) -> None:
    assert render(sample_page(), fmt) == render(sample_page(), fmt)


def test_render_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(Page(), "xml")
