"""Renderers: one ``Page`` in, one string out, in each of the CLI's output formats.

- ``to_json``     the ``banmian.page/1`` document (``Page.to_dict``), indented by 1;
- ``to_jsonl``    one line per article: the article's dict plus the page's ``schema``,
                  ``source`` and the article's 0-based ``article_index``;
- ``to_markdown`` a readable Markdown rendering of the articles, then the lines the parser
                  left outside them (furniture, unassigned);
- ``to_text``     plain text: the articles separated by a rule line, then the same leftovers.

All renderers are pure and deterministic (same page, same string, byte for byte), write
non-ASCII characters as themselves (``ensure_ascii=False``) and end with a newline unless
the output is empty (``to_jsonl`` of a page without articles is ``""``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from banmian.model import SCHEMA, Article, Decision, Page, SourceLine

__all__ = ["RULE", "FORMATS", "render", "to_json", "to_jsonl", "to_markdown", "to_text"]

#: The line between two articles in ``to_text``.
RULE = "─" * 40

#: Output format name → file extension, in the order the CLI lists them.
FORMATS: dict[str, str] = {"json": ".json", "jsonl": ".jsonl", "md": ".md", "txt": ".txt"}


def _dumps(obj: Any, *, indent: int | None) -> str:
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)


def page_dict(page: Page, *, trail: bool = False) -> dict[str, Any]:
    """Return ``page.to_dict(trail=trail)`` (the one place exports get the document from)."""
    return page.to_dict(trail=trail)


def to_json(page: Page, *, trail: bool = False, indent: int | None = 1) -> str:
    """Render the page as its ``banmian.page/1`` JSON document, ending with a newline.

    ``trail=True`` adds the parser's decisions (``"trail"``).  ``indent=None`` gives the
    compact one-line form (used by the CLI for several pages on stdout).
    """
    return _dumps(page_dict(page, trail=trail), indent=indent) + "\n"


def _article_trail(article: Article, trail: Iterable[Decision]) -> list[dict[str, Any]]:
    lines = set(article.lines)
    return [d.to_dict() for d in trail if d.line in lines]


def to_jsonl(page: Page, *, trail: bool = False) -> str:
    """Render one compact JSON object per article, one per line ("" for no articles).

    Each object is ``{"schema", "source", "article_index", **article.to_dict()}`` with
    ``article_index`` the 0-based position in ``page.articles``; the rest of the object is
    exactly the article of the page schema.  ``trail=True`` adds ``"trail"``: the decisions
    about the article's own input lines.
    """
    out: list[str] = []
    for i, article in enumerate(page.articles):
        d: dict[str, Any] = {"schema": SCHEMA, "source": page.source, "article_index": i}
        d.update(article.to_dict())
        if trail:
            d["trail"] = _article_trail(article, page.trail)
        out.append(_dumps(d, indent=None) + "\n")
    return "".join(out)


# --- Markdown ----------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_MD_LEADING_MARK = re.compile(r"^(\s*)(#{1,6}|[+\-])(?=\s|$)")
_MD_LEADING_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_BACKTICKS = re.compile(r"`+")


def _md_escape(text: str) -> str:
    """Escape what Markdown would read as markup, so the text renders as printed.

    Inline markup characters are escaped anywhere; ``#``, ``-``, ``+`` and ``1.`` only where
    they would start a heading or a list (at the start, followed by a space).
    """
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LEADING_MARK.sub(r"\1\\\2", text)
    return _MD_LEADING_NUMBER.sub(r"\1\\\2", text)


def _placeholder(article: Article) -> str:
    if article.continued_from is not None:
        return f"(continued from page {article.continued_from})"
    if article.kind == "photo":
        return "(untitled photo)"
    return "(untitled)"


def _md_headline(article: Article) -> list[str]:
    """Heading lines: kicker / title / subtitle by role when known, else the headline lines."""
    if article.title is not None:
        out = [f"*{_md_escape(article.kicker)}*", ""] if article.kicker else []
        out.append(f"# {_md_escape(article.title)}")
        if article.subtitle:
            out += ["", f"## {_md_escape(article.subtitle)}"]
        return out
    if article.headline:
        return [f"# {_md_escape(' / '.join(article.headline))}"]
    return [f"# {_placeholder(article)}"]


def _byline(article: Article) -> str:
    return ", ".join(f"{a.name} ({a.role})" for a in article.authors)


def _dateline(article: Article) -> str:
    d = article.dateline
    if d is None:
        return ""
    return " · ".join(x for x in (d.source, d.place, d.date) if x)


def _meta(article: Article) -> list[tuple[str, str]]:
    """The labelled facts shown under the headline, in a fixed order; empty ones left out."""
    meta: list[tuple[str, str]] = []
    if article.kind != "news":
        meta.append(("Kind", article.kind))
    if article.continued_from is not None and (article.headline or article.title):
        meta.append(("Continued from", f"page {article.continued_from}"))
    if article.authors:
        meta.append(("By", _byline(article)))
    if _dateline(article):
        meta.append(("Dateline", _dateline(article)))
    return meta


def _md_article(article: Article) -> str:
    out = _md_headline(article)
    meta = _meta(article)
    if meta:
        out += ["", "  \n".join(f"**{k}:** {_md_escape(v)}" for k, v in meta)]
    for para in article.paragraphs:
        out += ["", _md_escape(para)]
    if article.continued_to is not None:
        out += ["", f"*(continued on page {article.continued_to})*"]
    return "\n".join(out) + "\n"


def _md_lines(title: str, lines: tuple[SourceLine, ...]) -> str:
    width = len(str(max(s.line for s in lines)))
    body = "\n".join(f"{s.line:>{width}}  {s.text}" for s in lines)
    fence = "`" * max(3, 1 + max((len(m) for m in _BACKTICKS.findall(body)), default=0))
    return f"## {title}\n\n{fence}text\n{body}\n{fence}\n"


def to_markdown(page: Page) -> str:
    """Render the page as Markdown: one ``#`` section per article, then the leftovers.

    An article shows its headline (``*kicker*`` / ``# title`` / ``## subtitle`` when the
    roles are known, else ``# line / line``; ``# (continued from page N)``, ``# (untitled
    photo)`` or ``# (untitled)`` when it has none), a ``**By:**`` line listing the authors
    with their roles, the dateline, its paragraphs, and ``*(continued on page N)*``.  After
    the articles come ``## Page furniture`` and ``## Unassigned lines`` (numbered input
    lines in a code block) when there are any.  Text is escaped so it renders as printed.
    """
    parts = [_md_article(a) for a in page.articles]
    if page.furniture:
        parts.append(_md_lines("Page furniture", page.furniture))
    if page.unassigned:
        parts.append(_md_lines("Unassigned lines", page.unassigned))
    if not parts:
        return "*(no articles)*\n"
    return "\n---\n\n".join(parts)


# --- plain text ---------------------------------------------------------------------------


def _txt_article(article: Article) -> str:
    if article.headline:
        out = list(article.headline)
    elif article.title is not None:
        out = [x for x in (article.kicker, article.title, article.subtitle) if x]
    else:
        out = [_placeholder(article)]
    meta = _meta(article)
    if meta:
        out += [""] + [f"{k}: {v}" for k, v in meta]
    if article.paragraphs:
        out += [""] + list(article.paragraphs)
    if article.continued_to is not None:
        out += ["", f"(continued on page {article.continued_to})"]
    return "\n".join(out) + "\n"


def _txt_lines(title: str, lines: tuple[SourceLine, ...]) -> str:
    width = len(str(max(s.line for s in lines)))
    return f"[{title}]\n" + "".join(f"{s.line:>{width}}  {s.text}\n" for s in lines)


def to_text(page: Page) -> str:
    """Render the page as plain text: articles separated by a rule line (``RULE``).

    An article is its headline lines (or a placeholder such as ``(untitled)``), a blank
    line, ``By:`` / ``Dateline:`` lines when known, a blank line and its paragraphs one per
    line.  After the articles come ``[Page furniture]`` and ``[Unassigned lines]`` with the
    input line numbers, each after a rule line, when there are any.
    """
    parts = [_txt_article(a) for a in page.articles]
    if page.furniture:
        parts.append(_txt_lines("Page furniture", page.furniture))
    if page.unassigned:
        parts.append(_txt_lines("Unassigned lines", page.unassigned))
    if not parts:
        return "(no articles)\n"
    return f"\n{RULE}\n\n".join(parts)


def render(page: Page, fmt: str, *, trail: bool = False, compact: bool = False) -> str:
    """Render ``page`` in output format ``fmt`` (a key of ``FORMATS``).

    ``trail`` is honoured by ``json`` and ``jsonl``; ``compact`` makes ``json`` one line.
    Raises ``ValueError`` for an unknown format.
    """
    if fmt == "json":
        return to_json(page, trail=trail, indent=None if compact else 1)
    if fmt == "jsonl":
        return to_jsonl(page, trail=trail)
    if fmt == "md":
        return to_markdown(page)
    if fmt == "txt":
        return to_text(page)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
