"""The data model: the contract between the pipeline's stages and its exports.

Everything here is a frozen dataclass holding tuples, so a stage can hand its output on
without anyone mutating it behind its back.  ``Page.to_dict()`` / ``Page.from_dict()`` are
the JSON form, versioned as ``banmian.page/1`` and described by
``src/banmian/schema/page.schema.json`` (documented in ``docs/schema.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "banmian.page/1"

KINDS = ("news", "photo", "commentary", "brief")
ROLES = ("reporter", "correspondent", "photographer", "author", "editor")


@dataclass(frozen=True, slots=True)
class Author:
    """A person credited in an article, with one role from ``ROLES``."""

    name: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Author:
        return cls(name=d["name"], role=d["role"])


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where and when a report was filed: ``本报北京1月31日电`` → (本报, 北京, 1月31日)."""

    source: str | None = None
    place: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "place": self.place, "date": self.date}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Dateline:
        return cls(source=d.get("source"), place=d.get("place"), date=d.get("date"))


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One input line placed outside the articles (furniture or unassigned); 1-based."""

    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceLine:
        return cls(line=int(d["line"]), text=d["text"])


@dataclass(frozen=True, slots=True)
class Article:
    """One printed item of a page.

    ``headline`` is the printed headline lines in reading order (cleaned: unwrapped, fake
    bold undone, letter spacing closed), or ``None`` when the page prints none for it.
    ``kicker`` / ``title`` / ``subtitle`` are the same lines by role (引题/标题/副题).
    ``lines`` is the provenance: sorted 1-based numbers of the input lines it was built from.
    """

    kind: str = "news"
    headline: tuple[str, ...] | None = None
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[Author, ...] = ()
    dateline: Dateline | None = None
    paragraphs: tuple[str, ...] = ()
    continued_from: int | None = None
    continued_to: int | None = None
    lines: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "headline": list(self.headline) if self.headline is not None else None,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": [a.to_dict() for a in self.authors],
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "paragraphs": list(self.paragraphs),
            "continued_from": self.continued_from,
            "continued_to": self.continued_to,
            "lines": list(self.lines),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        head = d.get("headline")
        return cls(
            kind=d.get("kind", "news"),
            headline=tuple(head) if head is not None else None,
            kicker=d.get("kicker"),
            title=d.get("title"),
            subtitle=d.get("subtitle"),
            authors=tuple(Author.from_dict(a) for a in d.get("authors") or ()),
            dateline=Dateline.from_dict(d["dateline"]) if d.get("dateline") else None,
            paragraphs=tuple(d.get("paragraphs") or ()),
            continued_from=d.get("continued_from"),
            continued_to=d.get("continued_to"),
            lines=tuple(d.get("lines") or ()),
        )

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by newlines (a derived view)."""
        return "\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Decision:
    """One entry of the trail: why the parser did something to a line (ftfy-style)."""

    line: int
    stage: str
    label: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "stage": self.stage, "label": self.label, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Decision:
        return cls(line=int(d["line"]), stage=d["stage"], label=d["label"], reason=d["reason"])


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed page: its articles in the reading order of their bodies, plus every other line."""

    articles: tuple[Article, ...] = ()
    furniture: tuple[SourceLine, ...] = ()
    unassigned: tuple[SourceLine, ...] = ()
    source: str | None = None
    trail: tuple[Decision, ...] = field(default=(), compare=False)

    def to_dict(self, *, trail: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.source,
            "articles": [a.to_dict() for a in self.articles],
            "furniture": [s.to_dict() for s in self.furniture],
            "unassigned": [s.to_dict() for s in self.unassigned],
        }
        if trail:
            d["trail"] = [t.to_dict() for t in self.trail]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Page:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema={d.get('schema')!r})")
        return cls(
            articles=tuple(Article.from_dict(a) for a in d.get("articles") or ()),
            furniture=tuple(SourceLine.from_dict(s) for s in d.get("furniture") or ()),
            unassigned=tuple(SourceLine.from_dict(s) for s in d.get("unassigned") or ()),
            source=d.get("source"),
            trail=tuple(Decision.from_dict(t) for t in d.get("trail") or ()),
        )

    def explain(self, line: int) -> list[Decision]:
        """Every recorded decision about one input line, in pipeline order."""
        return [t for t in self.trail if t.line == line]
