"""The page schema: it is valid, it matches the model, and parser output validates against it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import banmian
from banmian.model import KINDS, ROLES, SCHEMA, Article, Author, Dateline, Decision, Page, SourceLine
from banmian.schemafile import SCHEMA_FILE, load_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]

PAGES = {
    "two-articles": (
        "02 综合新闻\n2026年3月5日 星期四\n\n海洋科普课\n走进中小学课堂\n\n"
        "　　□记者 程雨桐 报道\n　　本报讯 新学期开学以来，青澜新\n区18所中小学陆续开设海洋科普\n课程。\n"
        "\n社区食堂\n开进老旧小区\n\n　　本报讯 3月2日，社区长者食堂\n正式开门迎客。（宋佳音）\n\n责任编辑：韩素秋\n"
    ),
    "continuation": "（上接第一版）在企业和高校之间架\n起沟通桥梁。\n　　会上，5家企业代表签订了合\n作协议。（下转第三版）\n",
    "photo": "　　□记者 许安然 报道\n　 渔民们忙着检修渔船。图为3月3日，渔民在码头上修补渔网。\n\n““蓝蓝色色粮粮仓仓””开开海海忙忙\n",
    "crlf-and-blank-lines": "\r\n\r\n标题\r\n\r\n　　正文第一行\r\n第二行\r\n\r\n\r\n",
    "one-line": "短讯",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def hand_page() -> Page:
    return Page(
        source="hand.txt",
        articles=(
            Article(
                headline=("引题", "主标题", "副题"),
                kicker="引题",
                title="主标题",
                subtitle="副题",
                authors=(Author("林晓帆", "reporter"), Author("周若谷", "correspondent")),
                dateline=Dateline("本报", "北京", "1月31日"),
                paragraphs=("第一段。", "第二段。"),
                continued_to=3,
                lines=(1, 2, 3, 5, 6),
            ),
            Article(kind="photo", headline=None, paragraphs=("图为……",), continued_from=1, lines=(8,)),
            Article(kind="brief", headline=("简讯标题",), lines=(9,)),
            Article(kind="commentary", authors=(Author("叶知秋", "author"), Author("某", "editor"))),
        ),
        furniture=(SourceLine(10, "02 综合新闻"),),
        unassigned=(SourceLine(7, "？"),),
        trail=(Decision(1, "classify", "headline", "short line followed by a byline"),),
    )


def test_schema_file_ships_in_the_package() -> None:
    assert (ROOT / "src" / "banmian" / SCHEMA_FILE).is_file()
    assert json.loads(schema_text()) == load_schema()
    assert load_schema() is not load_schema()  # a fresh copy each time
    assert load_schema()["properties"]["schema"]["const"] == SCHEMA


def test_schema_matches_the_model() -> None:
    s = load_schema()
    art = s["$defs"]["article"]
    assert set(art["required"]) == set(Article().to_dict()) == set(art["properties"])
    assert art["properties"]["kind"]["enum"] == list(KINDS)
    assert s["$defs"]["author"]["properties"]["role"]["enum"] == list(ROLES)
    assert set(s["properties"]) == set(Page().to_dict(trail=True))
    assert set(s["$defs"]["dateline"]["required"]) == set(Dateline().to_dict())
    assert set(s["$defs"]["decision"]["required"]) == set(Decision(1, "", "", "").to_dict())


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("trail", [False, True])
def test_parser_output_validates(validator: jsonschema.Draft202012Validator, name: str, trail: bool) -> None:
    page = banmian.parse_page(PAGES[name], source=f"{name}.txt")
    d = page.to_dict(trail=trail)
    validator.validate(d)
    validator.validate(json.loads(json.dumps(d, ensure_ascii=False)))


def test_sample_page_output_validates(validator: jsonschema.Draft202012Validator) -> None:
    from banmian.decode import read_page

    text = read_page(ROOT / "examples" / "sample-page.txt")
    validator.validate(banmian.parse_page(text, source="sample-page.txt").to_dict(trail=True))


@pytest.mark.parametrize("trail", [False, True])
def test_hand_built_page_validates(validator: jsonschema.Draft202012Validator, trail: bool) -> None:
    validator.validate(hand_page().to_dict(trail=trail))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_parser_output_round_trips(name: str) -> None:
    page = banmian.parse_page(PAGES[name], source=f"{name}.txt")
    d = page.to_dict(trail=True)
    back = Page.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert back == page
    assert back.to_dict(trail=True) == d


def test_hand_built_page_round_trips() -> None:
    page = hand_page()
    back = Page.from_dict(json.loads(json.dumps(page.to_dict(trail=True))))
    assert back == page
    assert back.trail == page.trail
    assert back.to_dict() == page.to_dict()


def _broken(path: list[Any], value: Any) -> dict[str, Any]:
    d = copy.deepcopy(hand_page().to_dict(trail=True))
    target: Any = d
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return d


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["schema"], "banmian.page/2"),
        (["articles", 0, "kind"], "editorial"),
        (["articles", 0, "authors", 0, "role"], "writer"),
        (["articles", 0, "headline"], "主标题"),
        (["articles", 0, "headline"], []),
        (["articles", 0, "lines"], [0]),
        (["articles", 0, "continued_to"], "3"),
        (["articles", 0, "dateline"], {"source": "本报"}),
        (["furniture", 0, "line"], 0),
        (["unassigned", 0], {"line": 7}),
        (["articles", 0, "extra"], 1),
    ],
)
def test_schema_rejects_malformed_documents(
    validator: jsonschema.Draft202012Validator, path: list[Any], value: Any
) -> None:
    assert not validator.is_valid(_broken(path, value))
