"""The search query language: parse user input, compile it to a safe FTS5 expression, and
decide exactly whether an article's text matches.

Syntax (documented in ``docs/archive.md``):

- a *term* is a run of characters without spaces, quotes or parentheses (``就业``, ``5G``);
  a *phrase* is text in double quotes (``"金融 服务"``; ``""`` inside it is one ``"``);
- terms next to each other must all match (implicit AND); ``AND``, ``OR`` and ``NOT`` in
  capitals are operators; ``-term`` is ``NOT term``; parentheses group.  ``NOT`` binds to
  the one item after it, AND binds tighter than OR;
- every other character (``* : ^ + NEAR …``) is matched literally as part of a term.

Matching (``Node.matches``) is on ``tokens.fold``-ed text (``Node.may_match`` is a cheap
necessary test on the text as stored, to skip folding most texts that cannot match): a term matches where its folded
text occurs as a substring; where the term begins or ends with a Latin letter or digit, the
text must not continue the word there (``5g`` matches ``5G网络``, not ``15G``); inside a
phrase any run of whitespace matches any run of whitespace.

Contract: ``parse(query)`` returns a ``Node`` or raises ``QueryError`` (one-line message);
``node.fts()`` is an FTS5 expression made only of quoted tokens, column filters, operators
and parentheses, matching a superset of what ``node.matches`` accepts (equal when
``node.exact``).  User text never reaches FTS5 unquoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from banmian.archive.tokens import CJK, fold, raw_pattern, term_match
from banmian.errors import InputError

__all__ = ["And", "Node", "Or", "QueryError", "Term", "parse"]

MAX_TERMS = 64
_WORD = f"[^\\W_{CJK}]"
_OPERATORS = ("AND", "OR", "NOT")


class QueryError(InputError):
    """A query banmian cannot run, with a one-line message saying how to fix it."""


@dataclass(frozen=True)
class Term:
    """One term or phrase: its text as typed, the FTS5 expression, and its exact matcher."""

    text: str
    expr: str
    exact: bool
    pattern: re.Pattern[str] = field(compare=False)
    raw: re.Pattern[str] | None = field(default=None, compare=False)

    def fts(self) -> str:
        return self.expr

    def matches(self, folded: str) -> bool:
        return self.pattern.search(folded) is not None

    def may_match(self, raw: str) -> bool:
        """A cheap necessary condition on the text *before* folding (``tokens.raw_pattern``)."""
        return self.raw is None or self.raw.search(raw) is not None

    def terms(self) -> list[Term]:
        return [self]


@dataclass(frozen=True)
class And:
    """Items that must all match (``positive``) and may not match (``negative``)."""

    positive: tuple[Node, ...]
    negative: tuple[Node, ...] = ()

    @property
    def exact(self) -> bool:
        return all(n.exact for n in self.positive + self.negative)

    def fts(self) -> str:
        expr = " AND ".join(f"({n.fts()})" for n in self.positive)
        if len(self.positive) > 1 and self.negative:
            expr = f"({expr})"
        for n in self.negative:
            if n.exact:  # an inexact NOT cannot be pre-filtered: its candidates are too many
                expr += f" NOT ({n.fts()})"
        return expr

    def matches(self, folded: str) -> bool:
        return all(n.matches(folded) for n in self.positive) and not any(
            n.matches(folded) for n in self.negative
        )

    def may_match(self, raw: str) -> bool:
        return all(n.may_match(raw) for n in self.positive)

    def terms(self) -> list[Term]:
        return [t for n in self.positive for t in n.terms()]


@dataclass(frozen=True)
class Or:
    """Alternatives: any one must match."""

    options: tuple[Node, ...]

    @property
    def exact(self) -> bool:
        return all(n.exact for n in self.options)

    def fts(self) -> str:
        return " OR ".join(f"({n.fts()})" for n in self.options)

    def matches(self, folded: str) -> bool:
        return any(n.matches(folded) for n in self.options)

    def may_match(self, raw: str) -> bool:
        return any(n.may_match(raw) for n in self.options)

    def terms(self) -> list[Term]:
        return [t for n in self.options for t in n.terms()]


Node = Term | And | Or


def term(text: str) -> Term:
    """Compile one term or phrase (``QueryError`` if it has nothing searchable)."""
    folded = " ".join(fold(text).split())
    found = term_match(folded) if folded else None
    if found is None:
        shown = text if text.strip() else '""'
        raise QueryError(
            f"query: {shown!s} has no letter, digit or Chinese character to search for; remove it or quote a word"
        )
    expr, exact = found
    body = " +".join(re.escape(part) for part in folded.split(" "))
    if re.match(_WORD, folded[0]):
        body = f"(?<!{_WORD})" + body
    if re.match(_WORD, folded[-1]):
        body += f"(?!{_WORD})"
    return Term(text, expr, exact, re.compile(body), raw_pattern(folded))


_LEX = re.compile(r'\s+|"|\(|\)|[^\s"()]+')


def _lex(query: str) -> list[tuple[str, str]]:
    """Split into ``(kind, text)``: kinds ``word``, ``phrase``, ``(``, ``)``, ``op``."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(query):
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while True:
                k = query.find('"', j)
                if k < 0:
                    raise QueryError('query: a " is not closed; close the phrase or remove the quote')
                buf.append(query[j:k])
                if query.startswith('"', k + 1):
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            out.append(("phrase", "".join(buf)))
        elif c in "()":
            out.append((c, c))
            i += 1
        else:
            m = _LEX.match(query, i)
            assert m is not None
            word = m.group()
            out.append(("op" if word in _OPERATORS else "word", word))
            i = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.toks, self.i, self.count = tokens, 0, 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def or_expr(self) -> Node:
        options = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.take()
            options.append(self.and_expr())
        return options[0] if len(options) == 1 else Or(tuple(options))

    def and_expr(self) -> Node:
        pos: list[Node] = []
        neg: list[Node] = []
        while (tok := self.peek()) is not None and tok[0] != ")" and tok != ("op", "OR"):
            if tok == ("op", "AND"):
                self.take()
                if not (pos or neg) or self._at_end():
                    raise QueryError("query: AND needs something to search on each side")
                continue
            negate = tok == ("op", "NOT")
            if negate:
                self.take()
                if self._at_end() or self.peek() == ("op", "NOT"):
                    raise QueryError("query: NOT needs a term after it (e.g. 就业 NOT 服务)")
            (neg if negate else pos).append(self.item())
        if not pos:
            if neg:
                raise QueryError(
                    "query: NOT only removes hits; add a term to search for (e.g. 就业 NOT 服务)"
                )
            tok = self.peek()
            after_or = self.i > 0 and self.toks[self.i - 1] == ("op", "OR")
            if tok == ("op", "OR") or after_or:
                raise QueryError("query: OR needs something to search on each side")
            if tok is None:
                raise QueryError("query: a ( is not closed; balance the parentheses or quote them")
            raise QueryError("query: empty parentheses; put a term inside or remove them")
        if len(pos) == 1 and not neg:
            return pos[0]
        return And(tuple(pos), tuple(neg))

    def _at_end(self) -> bool:
        tok = self.peek()
        return tok is None or tok[0] == ")" or tok in (("op", "AND"), ("op", "OR"))

    def item(self) -> Node:
        kind, text = self.take()
        if kind == "(":
            node = self.or_expr()
            if self.peek() is None or self.take()[0] != ")":
                raise QueryError("query: a ( is not closed; balance the parentheses or quote them")
            return node
        if kind == ")":
            raise QueryError("query: a ) has no matching (; balance the parentheses or quote them")
        self.count += 1
        if self.count > MAX_TERMS:
            raise QueryError(f"query: more than {MAX_TERMS} terms; shorten the query")
        if kind == "word" and text.startswith("-") and len(text) > 1:
            return And((_ANY,), (term(text[1:]),))
        return term(text)


# Placeholder positive for a bare "-x" item; _flatten merges it into the enclosing AND.
_ANY = Term("", "", True, re.compile(""))


def _flatten(node: Node) -> Node:
    """Merge ``-x`` items (parsed as ``And((_ANY,), (x,))``) into their enclosing AND."""
    if isinstance(node, Or):
        return Or(tuple(_flatten(n) for n in node.options))
    if not isinstance(node, And):
        if node is _ANY:
            raise QueryError("query: -term only removes hits; add a term to search for (e.g. 就业 -服务)")
        return node
    pos: list[Node] = []
    neg = [_flatten(n) for n in node.negative]
    for n in node.positive:
        if isinstance(n, And) and n.positive == (_ANY,):
            neg += [_flatten(x) for x in n.negative]
        elif n is not _ANY:
            pos.append(_flatten(n))
    if not pos:
        raise QueryError("query: -term and NOT only remove hits; add a term to search for (e.g. 就业 -服务)")
    if len(pos) == 1 and not neg:
        return pos[0]
    return And(tuple(pos), tuple(neg))


def parse(query: str) -> Node:
    """Parse ``query`` into a ``Node``; ``QueryError`` (one line) for anything unusable."""
    if "\x00" in query:
        raise QueryError("query: contains a NUL character; remove it")
    tokens = _lex(query)
    if not tokens:
        raise QueryError("query: empty; give a word or phrase to search for")
    p = _Parser(tokens)
    node = p.or_expr()
    if p.peek() is not None:
        raise QueryError("query: a ) has no matching (; balance the parentheses or quote them")
    return _flatten(node)
