"""Chinese-aware tokenisation for the archive's full-text index, done in Python.

SQLite's FTS5 tokenizers do not segment Chinese usefully (``unicode61`` makes a whole run of
Han characters one token; ``trigram`` cannot find 1–2 character queries), so the archive
stores, for every article, two columns of ready-made tokens separated by spaces, and FTS5
indexes them with its ``ascii`` tokenizer (which splits on ASCII spaces and punctuation only
and keeps every non-ASCII character inside a token):

- ``chars``: every CJK character of the text once per occurrence (the unigrams), used by
  one-character queries;
- ``grams``: the text as a stream of *segments*: a Latin/digit word is one token (lower
  case); a run of CJK characters ``c1 … cn`` is its bigrams ``c1c2 c2c3 … c(n-1)cn``
  followed by the unigram ``cn`` (the run's end marker).  Everything else (punctuation,
  spaces) separates segments and makes no token.

Folding (``fold``) is applied first and is length-preserving: full-width ASCII forms become
ASCII, every whitespace character becomes a space, and letters are lower-cased.

Why the run-end unigram: a phrase of consecutive bigrams ``"ab bc"`` can then only match at
consecutive positions *within one run*, because between two runs there is always a
unigram token.  So for a query that is one CJK run the FTS phrase is exact (no false hits
from bigrams scattered across runs), and for any query the FTS expression built by
``term_match`` is a superset of the exact matches (no misses); ``banmian.archive.query``
removes the rest by checking the stored text.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

__all__ = [
    "CJK",
    "raw_pattern",
    "TOKENIZER_VERSION",
    "Segment",
    "doc_columns",
    "fold",
    "segments",
    "term_match",
]

TOKENIZER_VERSION = "1"

# CJK characters that are indexed as characters (bigrams): Han (with extensions and
# compatibility ideographs), 〇, kana and Hangul syllables.
CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_SEGMENT = re.compile(rf"([{CJK}]+)|([^\W_{CJK}]+)")
_NOT_CJK = re.compile(rf"[^{CJK}]+")
_concat = operator.add

_FOLD: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {ord(c): " " for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"}
)
_FOLD.update({c: " " for c in range(0x2000, 0x200B)})


def fold(text: str) -> str:
    """Return ``text`` folded for matching, with exactly one character per input character.

    Full-width ASCII forms (``Ａ１：``) become ASCII, whitespace becomes ``" "``, and each
    character is lower-cased when its lower case is one character.
    """
    out = text.translate(_FOLD)
    low = out.lower()
    if len(low) == len(out):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


@dataclass(frozen=True, slots=True)
class Segment:
    """A maximal run of CJK characters (``cjk=True``) or of other letters/digits in folded text."""

    text: str
    cjk: bool
    start: int
    end: int


def segments(folded: str) -> list[Segment]:
    """The segments of already-folded text, in order (punctuation and spaces are gaps)."""
    return [Segment(m.group(), m.group(1) is not None, m.start(), m.end()) for m in _SEGMENT.finditer(folded)]


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def doc_columns(text: str) -> tuple[str, str]:
    """The ``(chars, grams)`` token columns indexed for ``text`` (see the module docstring).

    Equal to tokenising ``fold(text)``, but folds only the Latin / digit words: folding
    never turns a CJK character into anything else, never makes a separator a letter or a
    letter a separator, so the segments of ``text`` are those of ``fold(text)``.  (Text
    with a capital sigma, whose lower case depends on its neighbours, is folded whole.)
    """
    if "\u03a3" in text:
        return _doc_columns_folded(fold(text))
    grams: list[str] = []
    add, extend = grams.append, grams.extend
    for run, word in _SEGMENT.findall(text):
        if run:
            extend(map(_concat, run, run[1:]))
            add(run[-1])
        else:
            add(fold(word))
    return " ".join(_NOT_CJK.sub("", text)), " ".join(grams)


def _doc_columns_folded(folded: str) -> tuple[str, str]:
    chars: list[str] = []
    grams: list[str] = []
    for run, word in _SEGMENT.findall(folded):
        if run:
            chars.extend(run)
            grams.extend(_bigrams(run))
            grams.append(run[-1])
        else:
            grams.append(word)
    return " ".join(chars), " ".join(grams)


def term_match(folded_term: str) -> tuple[str, bool] | None:
    """The FTS5 expression for one query term (already folded), and whether it is exact.

    Returns ``None`` when the term has no letter, digit or CJK character to search for.
    The expression matches every article whose folded text contains the term (with word
    boundaries at Latin/digit edges, see ``banmian.archive.query``); it is *exact* (matches
    nothing else) when the term is a single segment with nothing around it.  An inexact
    term's phrase leaves out a lone character that ends the term (in the text it may begin
    a pair with the next character: a prefix query, which is slow on a large archive); one
    that punctuation follows in the term ends its run in the text too, and is a token.  The
    expression is built from tokens only, so no character of the user's input can act as
    FTS5 syntax.
    """
    segs = segments(folded_term)
    if not segs:
        return None
    exact = len(segs) == 1 and segs[0].start == 0 and segs[0].end == len(folded_term)
    if len(segs) == 1 and segs[0].cjk and len(segs[0].text) == 1:
        return f'chars : "{segs[0].text}"', exact
    tokens: list[str] = []
    lone = ""
    for n, seg in enumerate(segs):
        # the text's run may go on after the term's last segment only when the term ends
        # there; punctuation after it in the term ends the run in the text too
        last = n == len(segs) - 1 and seg.end == len(folded_term)
        if not seg.cjk:
            tokens.append(seg.text)
        elif last and len(seg.text) == 1:
            # the text's run may go on: its token is any bigram starting with this character.
            # A prefix query ("…" *) would merge the lists of all of them — very slow for a
            # common character over a large archive — so the phrase leaves it out, and the
            # character is asked of the ``chars`` column instead: the expression stays a
            # superset (the term is never exact here), far smaller than the phrase alone.
            lone = seg.text
        else:
            tokens.extend(_bigrams(seg.text))
            if not last:
                tokens.append(seg.text[-1])  # the text's run ends here too
    phrase = 'grams : "' + " ".join(tokens) + '"'
    return (f'({phrase} AND chars : "{lone}")' if lone else phrase), exact




def _invariant(c: str) -> bool:
    """``fold`` leaves ``c`` as it is and turns no other character into it."""
    return not (c.isascii() or c.isspace() or "\uff01" <= c <= "\uff5e" or c.lower() != c.upper())


def raw_pattern(folded_term: str) -> re.Pattern[str]:
    """A pattern for the text *as stored* that finds every place where its folded form has
    ``folded_term`` (one character per character): a character ``fold`` never changes or
    produces stands for itself, any other for any one character, a space for any run of
    whitespace.  Testing it first spares folding most texts that cannot match."""
    parts = []
    for c in folded_term:
        if c == " ":
            parts.append(r"\s+")
        elif _invariant(c):
            parts.append(re.escape(c))
        else:
            parts.append(".")
    return re.compile("".join(parts), re.DOTALL)
