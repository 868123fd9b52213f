"""The text front end: one page dump in, one ``Page`` out.

decode (``decode.py``, done by the caller) → lines with features (``lines``) → roles
(``roles``) → stories and paragraphs (``stories``) → headline assignment (``assign``) →
credits (``credits``) → ``Page``. Each stage is a plain function of the previous
stage's output; this module only wires them and records the trail.
"""

from __future__ import annotations

import re

from banmian import credits
from banmian import thresholds as T
from banmian.assign import SUBTITLE_DASHES, Unit, assign_headlines
from banmian.briefs import split_for_briefs
from banmian.column import DESIGN_CREDIT
from banmian.lines import Line, make_lines
from banmian.model import Article, Author, Decision, Page, SourceLine
from banmian.roles import Run, assign_roles
from banmian.stories import Story, build_stories, paragraph_starts, paragraphs, photo_credited


def _headline_fields(units: list[Unit]) -> dict:
    """headline / kicker / title / subtitle of one headline group.

    A subtitle (副题) opens with a dash; a kicker (引题) is a first line that leads into
    the title, ending with a dash or a colon (``武汉常青街道建应急队——``). Other lines are
    the title, possibly wrapped; the roles are left empty rather than guessed.
    """
    texts = [u.text for u in units]
    subs = [t for t in texts if t.startswith(SUBTITLE_DASHES)]
    mains = [t for t in texts if t not in subs]
    kicker = mains[0] if len(mains) >= 2 and mains[0].endswith((*SUBTITLE_DASHES, "：", ":")) else None
    title = "".join(mains[1:] if kicker else mains) or None
    return {
        "headline": tuple(texts),
        "kicker": kicker,
        "title": title,
        "subtitle": " ".join(subs) or None,
    }


def _authors(story: Story, paras: list[str]) -> tuple[Author, ...]:
    byl = [a for ln in story.bylines for a in (ln.byline or ())]
    # the dateline paragraph opens the report, though a pull quote may be printed above it
    lead = next((p for p in paras[:4] if credits.starts_story(p)), paras[0] if paras else "")
    inline = credits.inline_authors(lead) if lead else []
    last = _closing_paragraph(paras)
    closing = credits.closing_authors(last) if last is not None else []
    photo = [a for ln in story.body if ln.credit for a in ln.credit]
    photo += [credits.Author(a.name, "photographer") for k, ln in enumerate(story.body[:-1])
              if ln.byline and story.body[k + 1].text.startswith("摄") for a in ln.byline]
    return credits.merge_authors(byl, inline, closing, photo)


def _closing_paragraph(paras: list[str]) -> str | None:
    """The paragraph that may end in a closing credit: the last one, though design credits
    (`版式设计：X`) may follow it; None unless another paragraph stands before it."""
    found = None
    for p in reversed(paras):  # (from the end: most of the paragraphs are never tested)
        if not DESIGN_CREDIT.match(p):
            if found is not None:
                return found
            found = p
    return None


# Opinion columns announce themselves in a bracket after the title: `…（人民论坛）`, `（今日谈）`.
_COMMENTARY = re.compile(r"[（(][^（）()]{0,8}(?:论坛|今日谈|评论|评论员|新论|时评|短评|社论|钟声|观点|随笔|杂谈|评)[）)]$")


def _kind(story: Story, paras: list[str], headline: tuple[str, ...] | None) -> str:
    """photo (a short caption item), commentary (an opinion column), else news."""
    size = sum(map(len, paras))
    if size <= T.PHOTO_MAX_CHARS and (
        story.caption
        or any("图为" in p for p in paras)
        or any(ln.credit or ln.text == "摄" for ln in story.body)
        # (bylines crediting photographers only, `本报记者 X 摄`, over one paragraph: a caption;
        # a report may credit its photographer alone too)
        or (len(paras) == 1 and photo_credited(story.bylines))
    ):
        return "photo"
    if headline and any(_COMMENTARY.search(h) for h in headline):
        return "commentary"
    return "news"


def _article(story: Story, units: list[Unit] | None) -> Article:
    paras = paragraphs(story)
    first, last = story.body[0], story.body[-1]
    head = _headline_fields(units) if units else {"headline": None}
    line_nos = {ln.no for ln in story.body} | {ln.no for ln in story.bylines} | {u.line for u in units or ()}
    return Article(
        kind=_kind(story, paras, head["headline"]),
        authors=_authors(story, paras),
        dateline=next((d for p in paras[:4] if (d := credits.parse_dateline(p))), None),
        paragraphs=tuple(paras),
        continued_from=first.jump_from,
        continued_to=last.jump_to,
        lines=tuple(sorted(line_nos)),
        **head,
    )


def _trail(runs: list[Run], stories: list[Story], notes: list[tuple[list[int], str]]) -> list[Decision]:
    out: list[Decision] = []
    for r in runs:
        for ln in r.lines:
            out.append(Decision(ln.no, "roles", r.role, r.reason or f"score {r.score:.1f}"))
    for k, s in enumerate(stories):
        out.append(Decision(s.body[0].no, "stories", f"story {k}", s.reason))
        for i, why in paragraph_starts(s):
            out.append(Decision(s.body[i].no, "reflow", "paragraph start", why))
    for nos, note in notes:
        out.extend(Decision(no, "assign", "headline", note) for no in sorted(set(nos)))
    return out


def parse_lines(lines: list[Line], source: str | None = None, *, explain: bool = False) -> Page:
    """Run the pipeline from featured lines (shared by every front end)."""
    runs = assign_roles(lines)
    stories = build_stories(runs)
    owned, briefs, notes = assign_headlines(runs, stories)
    # a stand-alone headline, or the second half of a fused line, may head a body that is
    # hidden inside another story
    split = split_for_briefs(stories, briefs, owned)
    if split is not None:
        stories = split
        owned, briefs, notes = assign_headlines(runs, stories)
    placed: list[tuple[int, Article]] = []
    for k, s in enumerate(stories):
        placed.append((s.body[0].no, _article(s, owned.get(k))))
    for group in briefs:
        art = Article(kind="brief", lines=tuple(sorted({u.line for u in group})), **_headline_fields(group))
        placed.append((group[0].line, art))
    placed.sort(key=lambda x: x[0])
    articles = tuple(a for _, a in placed)
    used = {n for a in articles for n in a.lines}
    furniture = tuple(SourceLine(ln.no, ln.text) for r in runs if r.role == "furniture" for ln in r.lines)
    fur_nos = {f.line for f in furniture}
    unassigned = tuple(
        SourceLine(ln.no, ln.text) for ln in lines if ln.text and ln.no not in used and ln.no not in fur_nos
    )
    return Page(
        articles=articles,
        furniture=furniture,
        unassigned=unassigned,
        source=source,
        trail=tuple(_trail(runs, stories, notes)) if explain else (),
    )


def parse_page(text: str, source: str | None = None, *, explain: bool = False) -> Page:
    """Parse the decoded text of one page. Deterministic; never raises on any ``str``.

    With ``explain=True`` the page also carries its trail: why each line got its role,
    where each story and paragraph begins, which story owns which headline lines (like
    ftfy's ``fix_and_explain``, it costs extra time, so it is asked for).
    """
    return parse_lines(make_lines(text), source, explain=explain)
