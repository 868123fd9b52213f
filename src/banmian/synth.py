"""Synthetic newspaper page dumps with exact gold, for tests and benchmarks.

``generate_page(seed)`` invents a page of fictional articles, each on its own topic whose place
and subject its headline and body share (``banmian.synth_topics``, ``banmian.synth_text``), lays it
out the way a PDF text extractor degrades an e-paper (narrow column wraps, column-break blank
lines, displaced / grouped / fused / fake-bold / letter-spaced headlines, byline lines, jump
markers, photo captions, furniture) and returns the dump together with its gold annotation in
the ``newspaper-page-gold/1`` format of the evaluation corpus, plus the role of every line.

Guarantees (checked by ``tests/test_synth.py``):
- the output is a pure function of ``seed``, ``target_chars``, ``page_number`` and ``options``;
- ``len(line_roles) == len(text.splitlines())`` and blank lines are exactly the ``"blank"`` ones;
- for every gold article, its paragraphs without whitespace equal the whitespace-free
  concatenation of its ``body``/``subhead``/``caption`` lines minus the jump markers;
- gold articles are in the order of their bodies on the page.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass

from banmian import synth_layout as L
from banmian import synth_text as T
from banmian import synth_topics as S
from banmian.synth_layout import CLOSE, OPEN, cwidth, fake_bold, letter_space, wrap
from banmian.synth_options import FORCED, PHENOMENA, SynthOptions

__all__ = ["FORCED", "FORMAT", "PHENOMENA", "SynthOptions", "SynthPage", "generate_page"]

FORMAT = "newspaper-page-gold/1"


@dataclass(frozen=True)
class SynthPage:
    """A generated page: the dump, its gold, and per input line its role and gold articles."""

    text: str
    gold: dict
    line_roles: tuple[str, ...]
    line_articles: tuple[tuple[int, ...], ...] = ()
    article_tags: tuple[tuple[str, ...], ...] = ()


@dataclass
class _Art:
    kind: str = "news"
    headline: list[str] | None = None
    head_lines: list[str] | None = None  # printed (wrapped, decorated) headline lines
    authors: list[tuple[str, str]] | None = None
    dateline: dict | None = None
    paragraphs: list[str] | None = None
    para_roles: list[str] | None = None
    bylines: list[str] | None = None
    byline_after: bool = False
    cont_from: int | None = None
    cont_to: int | None = None
    markers: tuple[str, str] = ("", "")
    body: list[tuple[str, str]] | None = None  # rendered (text, role) lines incl. blanks
    tags: list[str] | None = None
    wrap_title: bool = False  # print the title on two lines
    title_idx: int = 0  # index of the title (标题) in ``headline``; kicker and subtitle never wrap
    topic: S.Topic | None = None  # what the article is about (headline and body share it)


class _Gen:
    """One page being generated: content first (``article``), then rendering, then assembly."""

    def __init__(
        self, seed: int, target: int, page: int | None, opt: SynthOptions, date: _dt.date | None = None
    ) -> None:
        self.r = random.Random(seed)
        self.seed, self.target, self.o = seed, target, opt
        r = self.r
        self.page = page if page is not None else r.randint(1, 16)
        drawn = _dt.date(r.randint(2021, 2024), r.randint(1, 12), r.randint(1, 28))
        self.date = date or drawn
        self.width = r.randint(opt.width_min, opt.width_max)
        self.mixed = r.random() < opt.p_mixed_widths
        self.topics = S.TopicPool(r)

    def p(self, x: float) -> bool:
        """True with probability ``x`` (one draw from the page's generator)."""
        return self.r.random() < x

    # -- content -----------------------------------------------------------------------
    def article(self, budget: int) -> _Art:
        """A brief, a photo item or a news story (body about ``budget`` chars at most) with its gold."""
        o, r = self.o, self.r
        if self.p(o.p_brief):
            a = _Art(kind="brief", headline=[S.brief_title(r, self.topics.new())], authors=[], paragraphs=[])
            a.para_roles = []
            a.tags = ["brief"]
            return a
        if self.p(o.p_photo):
            return self.photo()
        a = _Art(authors=[], bylines=[], tags=[], topic=self.topics.new())
        size = min(r.choice((r.randint(250, 700), r.randint(500, 1500))), max(120, budget))
        paras = S.body(r, a.topic, size, self.date.month)
        roles = ["body"] * len(paras)
        if size >= 600 and len(paras) > 2 and self.p(o.p_subheads):
            for k in sorted(
                r.sample(range(1, len(paras)), min(len(paras) - 1, r.randint(1, 3))), reverse=True
            ):
                paras.insert(k, S.subhead(r))
                roles.insert(k, "subhead")
            a.tags.append("subheads")
        a.paragraphs, a.para_roles = paras, roles
        a.cont_from = r.randint(1, self.page - 1) if self.page > 1 and self.p(o.p_continued_from) else None
        a.cont_to = r.randint(self.page + 1, self.page + 12) if self.p(o.p_continued_to) else None
        if a.cont_from:
            a.tags.append("continued_from")
            head = paras[0]
            cut = r.randint(2, max(2, min(15, len(head) - 5)))
            while cut < len(head) - 1 and head[cut] in CLOSE + OPEN:
                cut += 1
            paras[0] = head[cut:]
            a.markers = (L.jump_marker(r, "from", a.cont_from), "")
        else:
            self.opening(a)
        if a.cont_to:
            a.tags.append("continued_to")
            last = paras[-1]
            cut = r.randint(min(len(last) - 1, 6), len(last) - 1)
            while cut > 1 and last[cut - 1] in OPEN:
                cut -= 1
            paras[-1] = last[:cut]
            a.markers = (a.markers[0], L.jump_marker(r, "to", a.cont_to))
        elif self.p(o.p_closing_credit) and roles[-1] == "body":
            names = [T.person(r) for _ in range(r.randint(1, 2))]
            if self.p(0.6):
                paras[-1] += r.choice(("（本报记者 ", "（记者 ", "（本报记者")) + "、".join(names) + "）"
                a.authors += [(n, "reporter") for n in names]
            else:
                paras[-1] += f"（{names[0]}）"
                a.authors.append((names[0], "author"))
            a.tags.append("closing_credit")
        if a.cont_from is None or self.p(o.p_repeat_headline):
            self.news_headline(a)
        return a

    def opening(self, a: _Art) -> None:
        """Standalone byline lines and/or an inline dateline opening the first paragraph."""
        o, r = self.o, self.r
        if self.p(o.p_byline_line):
            self.byline(a)
        if not self.p(o.p_inline_dateline):
            return
        a.tags.append("inline_dateline")
        date, where = T.cn_date(r, self.date.month, self.date.day), a.topic.place[:2] if a.topic else None
        head, dl, who = T.dateline_opening(r, date, o.p_inline_byline, where if self.p(0.6) else None)
        if who:
            a.tags.append("inline_byline")
        a.paragraphs[0] = head + a.paragraphs[0]
        a.dateline = dl
        a.authors += [x for x in who if x not in a.authors]

    def byline(self, a: _Art) -> None:
        """A standalone byline (its lines are not in the paragraphs; its people are authors)."""
        lines, auth, after = T.byline(self.r)
        a.bylines, a.byline_after = lines, after
        a.authors += auth
        a.tags.append("byline_line")

    def news_headline(self, a: _Art) -> None:
        """Gold headline lines: optional kicker, the title, optional ``——`` subtitle."""
        o, r, tp = self.o, self.r, a.topic
        assert tp is not None
        doubles = self.p(o.p_genuine_doubles)
        long = not doubles and self.p(o.p_long_title)
        t = S.long_title(r, tp) if long else S.title(r, tp, doubles)
        kick = [S.kicker(r, tp)] if self.p(o.p_kicker) else []
        a.title_idx = len(kick)
        h = kick + [t] + ([S.subtitle(r, tp)] if self.p(o.p_subtitle) else [])
        a.headline, a.wrap_title = h, long
        a.tags += (
            ["genuine_doubles"] * doubles + ["wrapped_title"] * long + ["kicker_subtitle"] * (len(h) > 1)
        )

    def photo(self) -> _Art:
        """A photo item: optional short title, caption paragraph(s), credit paragraph or byline."""
        r = self.r
        a = _Art(kind="photo", authors=[], bylines=[], tags=["photo"], topic=self.topics.new())
        shot = self.topics.photo()
        a.headline = [S.photo_title(r, a.topic, shot)] if self.p(0.75) else None
        paras = [S.photo_caption(r, a.topic, shot, self.date.month)]
        if self.p(0.3):
            paras.insert(0, S.photo_lead(r, a.topic, self.date.month))
        roles = ["caption"] * len(paras)
        n = T.person(r)
        if self.p(0.6):
            paras.append(
                r.choice((f"本报记者 {n}摄", f"{n}摄（影像中国）", f"新华社记者 {n}摄", f"{n}摄（人民视觉）"))
            )
            roles.append("caption")
            a.authors.append((n, "photographer"))
        else:
            a.bylines = [r.choice(("　　", "")) + f"□记者 {n} 报道"]
            a.authors.append((n, "reporter"))
        a.paragraphs, a.para_roles = paras, roles
        return a

    # -- rendering ---------------------------------------------------------------------
    def render_head(self, a: _Art) -> None:
        """Printed headline lines: wrapped titles split in two, then fake bold or letter spacing."""
        o, r = self.o, self.r
        if a.headline is None:
            return
        deco = "bold" if self.p(o.p_fake_bold) else "spaced" if self.p(o.p_letter_spaced) else ""
        out = []
        for n, h in enumerate(a.headline):
            parts = [h]
            if n == a.title_idx and (a.wrap_title or (len(h) > 16 and self.p(o.p_long_title))):
                k = r.randint(len(h) // 3, 2 * len(h) // 3)
                parts = [h[:k], h[k:]]
            for s in parts:
                out.append(fake_bold(s) if deco == "bold" else letter_space(s) if deco == "spaced" else s)
        a.head_lines = out
        if deco:
            a.tags = (a.tags or []) + ["fake_bold" if deco == "bold" else "letter_spaced"]

    def render_body(self, a: _Art) -> None:
        """Printed body lines as (text, role): indents, wraps, glued markers, column breaks."""
        o, r = self.o, self.r
        width = r.randint(o.width_min, o.width_max) if self.mixed else self.width
        indent = "　　"
        if self.p(o.p_no_indent):
            indent = ""
            a.tags.append("no_indent")
        elif self.p(o.p_indent_variants):
            indent = r.choice(("　 ", " ", "  ", "　 ", " 　", "　"))
            a.tags.append("indent_variants")
        ext = self.p(o.p_extractor_spaces)
        if ext:
            a.tags.append("extractor_spaces")
        body: list[tuple[str, str]] = []
        for i, (p, role) in enumerate(zip(a.paragraphs, a.para_roles, strict=True)):
            text = L.extractor_spaces(p, r) if ext else p
            if role == "caption":
                cap_w = max(38, int(cwidth(text) / 2) + 2) if cwidth(text) > 60 else 80
                lines = wrap(text, cap_w, cap_w - 2)
                body += [(r.choice(("　 ", "　　")) + lines[0], role)] + [(x, role) for x in lines[1:]]
                continue
            if i == 0 and a.markers[0]:
                lines = wrap(a.markers[0] + text, width, width)
                body += [(x, role) for x in lines]
                continue
            own = role == "subhead" and self.p(0.5)
            lines = wrap(text, width, width if own else width - 2)
            body += [(("" if own else indent) + lines[0], role)] + [(x, role) for x in lines[1:]]
        if a.markers[1]:
            if self.p(o.p_jump_own_line):
                body.append((a.markers[1], "jump"))
            else:
                body[-1] = (body[-1][0] + a.markers[1], body[-1][1])
        if a.kind != "photo" and self.p(o.p_column_breaks):
            a.tags.append("column_breaks")
            body = L.column_breaks(body, r.randint(*o.break_every), lambda: self.p(o.p_break_before_open))
        a.body = body

    # -- page --------------------------------------------------------------------------
    def build(self) -> SynthPage:
        """Articles until the rendered size reaches about the target, then the page."""
        arts: list[_Art] = []
        used = 0
        while not arts or used < self.target * 0.93:
            a = self.article(int((self.target - used) / 1.15))
            self.render_head(a)
            if a.kind != "brief":
                self.render_body(a)
            arts.append(a)
            used += sum(len(x) + 1 for x in (a.head_lines or []) + (a.bylines or []))
            used += sum(len(t) + 1 for t, _ in (a.body or [])) + 2
        return self.assemble(arts)

    def assemble(self, arts: list[_Art]) -> SynthPage:
        """Place furniture, headline blocks (before / after / grouped / fused), bylines, bodies."""
        o, r = self.o, self.r
        top, bottom = [], []
        if self.p(o.p_furniture):
            top, bottom = L.furniture(r, self.page, self.date, o.p_furniture_spaced)
        out: list[tuple[str, str, tuple[int, ...]]] = [(x, "furniture", ()) for x in top]
        markers: list[str] = []

        def blank() -> None:
            if out and out[-1][0]:
                out.append(("", "blank", ()))

        def heads(ids: list[int]) -> None:
            blank()
            for n, i in enumerate(ids):
                lines = arts[i].head_lines or []
                for k, s in enumerate(lines):
                    fuse = (
                        k == 0
                        and n > 0
                        and out[-1][1] == "headline"
                        and len(out[-1][2]) == 1
                        and arts[i].kind != "brief"
                        and arts[out[-1][2][-1]].kind != "brief"
                        and self.p(o.p_fused_headlines)
                    )
                    if fuse:
                        prev = out.pop()
                        spaced = "letter_spaced" in (arts[i].tags or []) + (arts[prev[2][-1]].tags or [])
                        sep = "　　" if spaced else r.choice((" ", "  ", "　"))
                        out.append((prev[0] + sep + s, "headline", prev[2] + (i,)))
                        arts[i].tags.append("fused_headline")
                        arts[prev[2][-1]].tags.append("fused_headline")
                    else:
                        if k and self.p(0.08):
                            blank()
                        out.append((s, "headline", (i,)))
                if n + 1 < len(ids) and self.p(0.5):
                    blank()
            blank()

        i = 0
        pending_after: list[int] = []
        while i < len(arts):
            a = arts[i]
            group = [i]
            if a.head_lines and a.kind == "news" and self.p(o.p_headline_grouped):
                while (
                    len(group) < r.randint(2, 3)
                    and group[-1] + 1 < len(arts)
                    and arts[group[-1] + 1].head_lines
                    and arts[group[-1] + 1].kind != "brief"
                ):
                    group.append(group[-1] + 1)
            ids = list(group)
            if len(group) > 1:
                if self.p(0.5):
                    r.shuffle(ids)
                for j in group:
                    arts[j].tags.append("headline_grouped")
            after = len(group) == 1 and a.kind != "brief" and a.head_lines and self.p(o.p_headline_after)
            if after:
                a.tags.append("headline_after")
            if a.head_lines and not after:
                heads(pending_after + ids)
                pending_after = []
            elif pending_after:
                heads(pending_after)
                pending_after = []
            for j in group:
                b = arts[j]
                if j != group[0]:
                    blank()
                if b.bylines and not b.byline_after:
                    if out and out[-1][1] != "headline" or self.p(0.8):
                        blank()
                    out += [(x, "byline", (j,)) for x in b.bylines]
                elif b.kind != "brief" and (out and out[-1][1] != "headline" or self.p(0.85)):
                    blank()
                out += [(t, role, () if role == "blank" else (j,)) for t, role in (b.body or [])]
                if b.bylines and b.byline_after:
                    out += [(x, "byline", (j,)) for x in b.bylines]
                markers += [m for m in b.markers if m and m not in markers]
            if after:
                pending_after = [i]
            i = group[-1] + 1
        if pending_after:
            heads(pending_after)
        blank()
        out += [(x, "furniture", ()) for x in bottom]
        while out and not out[-1][0]:
            out.pop()
        return self.finish(arts, out, markers)

    def finish(
        self, arts: list[_Art], out: list[tuple[str, str, tuple[int, ...]]], markers: list[str]
    ) -> SynthPage:
        """Gold in body order (a brief by its headline), line roles and line provenance."""
        first: dict[int, int] = {}
        for n, (_, role, ids) in enumerate(out):
            for i in ids:
                if role != "headline" or arts[i].kind == "brief":
                    first.setdefault(i, n)
        order = sorted(range(len(arts)), key=lambda i: first[i])
        remap = {old: new for new, old in enumerate(order)}
        gold_arts = []
        for i in order:
            a = arts[i]
            seen: list[tuple[str, str]] = []
            for x in a.authors or []:
                if x not in seen:
                    seen.append(x)
            gold_arts.append(
                {
                    "kind": a.kind,
                    "headline": list(a.headline) if a.headline is not None else None,
                    "authors": [{"name": n, "role": k} for n, k in seen],
                    "dateline": a.dateline,
                    "continued_from": a.cont_from,
                    "continued_to": a.cont_to,
                    "paragraphs": list(a.paragraphs or []),
                }
            )
        gold = {
            "format": FORMAT,
            "source": f"synth-{self.seed}.txt",
            "page": {
                "number": self.page,
                "date": self.date.isoformat(),
                "continuation_markers": markers,
                "origin": [f"banmian.synth seed={self.seed} target={self.target}"],
            },
            "articles": gold_arts,
        }
        return SynthPage(
            text="\n".join(t for t, _, _ in out) + "\n",
            gold=gold,
            line_roles=tuple(role for _, role, _ in out),
            line_articles=tuple(tuple(sorted(remap[i] for i in ids)) for _, _, ids in out),
            article_tags=tuple(tuple(sorted(set(arts[i].tags or []))) for i in order),
        )


def generate_page(
    seed: int,
    *,
    target_chars: int = 3500,
    page_number: int | None = None,
    options: SynthOptions | None = None,
    date: _dt.date | None = None,
) -> SynthPage:
    """Generate one synthetic page dump of about ``target_chars`` characters with exact gold.

    Deterministic: equal arguments give an equal ``SynthPage``.  ``page_number`` and
    ``date`` fix the printed page number and issue date (else drawn from the seed);
    ``options`` sets how often each phenomenon occurs (default: roughly the mix of the
    evaluation corpus).
    """
    return _Gen(seed, target_chars, page_number, options or SynthOptions(), date).build()
