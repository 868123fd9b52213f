"""Every tuned number of the text pipeline, named, in one place, with why it is what it is."""

# --- headline vs body (roles.py). A block's headline score is a sum of these weights;
# the block is a headline when the sum is above HEADLINE_MIN.
HEADLINE_MIN = 0.0
W_FAKE_STYLE = 4.0  # doubled (fake bold) or letter-spaced glyphs: only display type gets these
W_INDENT = -6.0  # body paragraphs are indented; headline lines never are in the corpus
W_SENTENCE_END = -2.5  # last line ends a sentence (。！？): headlines almost never do
W_CLAUSE_END = -2.5  # … or a clause (，、): no headline stops there (a kicker leads on with —— or ：)
W_INNER_STOP = -3.0  # a full stop or semicolon inside the block: running text
W_CONTINUES = -3.0  # the body before this block stopped mid-sentence: this is its continuation
W_FLOWS_ON = -2.0  # … or the indented text after it opens unindented, mid-sentence: its text goes on there
W_NEXT_STARTS = 3.0  # stops mid-sentence yet what follows opens anew (indent, byline): display type
W_LEADING_CLOSE = -4.0  # starts with closing punctuation: can only continue a sentence
W_DATELINE = -5.0  # starts with 本报讯 / 本报X月X日电 / 上接: the opening of a body
W_LEADS_INTO_DISPLAY = 2.5  # a short line over a fake-bold or letter-spaced title is its kicker, even ending in `……`
# A block of two or more lines, none wider than this share of the text column before it,
# that stops unfinished: a title boxed narrow (`跌倒探测、生命体征监` / `护、慢性病智能…`);
# a column of running text keeps its width.
NARROW_BLOCK_RATIO = 0.6
W_NARROW_BLOCK = 2.0
W_SHORT_BLOCK = 1.5  # one to three lines: the usual size of a headline
W_NO_PUNCT = 1.0  # several lines and not one comma or stop (nor a line cut after `、`): display type
W_NO_PUNCT_LINE = 0.5  # … the more lines without punctuation, the surer
W_LONG_BLOCK = -2.0  # more than four lines: running text
W_COLUMN_FIT = -2.0  # every line (two or more) as wide as the neighbouring column: wrapped text
W_BASE = 1.0  # a non-indented, unpunctuated block leans headline
MAX_HEADLINE_LINE = 40.0  # wider than this is a caption line, not display type
# Font sizes, when a front end measured them (PDF): display type is set larger than body type.
LARGE_TYPE_RATIO = 1.25  # 25% larger than the body: a headline size in any paper's type scale
W_LARGE_TYPE = 5.0
BODY_TYPE_RATIO = 1.05  # the body's own size: running text, whatever its shape
W_BODY_TYPE = -3.0


# A page with blank lines under this share of its lines is a dense dump (an extractor that
# drops them): headlines are then also looked for inside blocks.
DENSE_BLANK_SHARE = 0.02
# … and so is a page whose median line is this wide (in Han glyphs): a newspaper column holds
# 10–25 glyphs and even a wide lead stays under 40, so such lines are whole paragraphs (a
# story whose lines are, and close their text, gets a paragraph per line: stories.py).
UNWRAPPED_WIDTH = 40

# --- paragraph reflow (reflow.py)
# A line this much narrower than its column is the last line of a paragraph. One and a
# half glyphs, because half-width digits and kinsoku (a comma pushed to the next line)
# move a full line's width by up to one glyph.
SHORT_LINE_GAP = 1.5
# Extractors that drop the first-line indent leave that line two glyphs narrower; accept
# 1.5–2.5 so half-width digits in it do not hide it.
STRIPPED_INDENT_MIN = 1.5
STRIPPED_INDENT_MAX = 2.5

# --- stories (stories.py)
# Two body blocks whose column widths differ by more than this are different items. Column
# widths are whole glyphs (the most common line width), and one article keeps its column,
# so a change of two glyphs or more already means another item.
COLUMN_CHANGE = 1.5
# In a dense dump (no blank lines), how many lines on each side of a paragraph boundary show
# the column width there: enough for a wrapped paragraph or two, few enough to stay local.
WIDTH_WINDOW = 6
# a story set without paragraph indents over this many lines (several paragraphs) keeps that
# style: an indented paragraph after it opens another item (a dateline's first paragraph
# alone, often unindented, is shorter)
UNINDENTED_MIN_LINES = 12
# A block whose lines are this much wider than the page's usual column is a photo caption.
CAPTION_WIDTH_RATIO = 1.6
MIN_COLUMN = 10  # no newspaper column is narrower (in glyphs): a cheap bound for the test above
PHOTO_MAX_CHARS = 700  # a photo item's caption is short; a long story that mentions 图为 is news
# A photo caption is short: a credit line ends at most this many characters after the
# caption began (the longest captions run to about 260; counted in characters, not
# lines, so that a narrow column does not make a caption look long).
CAPTION_MAX_CHARS = 320

# --- headline ↔ story assignment (assign.py)
AFFINITY_WEIGHT = 4.0  # share of a headline's bigrams found in the story's body
PHOTO_LABEL_AFFINITY = 2.0  # a generic photo title (`图片报道`) counts as text shared with a photo item
ADJ_BEFORE = 3.0  # the headline stands right before the story (after blanks/bylines only)
ADJ_AFTER = 1.5  # the headline stands right after the story's end
# With line boxes (the PDF front end) the reading order is the layout's, which reads a
# headline before the columns it heads: a headline *after* its story is a text-dump habit
# the layout never produces, so there the story before a headline is all but never its own.
ADJ_AFTER_LAID_OUT = -3.0
# … and a headline heads only a body printed under it and within its width: with boxes, a
# story whose opening is beside or above every line of the cluster, or whose columns none of
# them overlaps, loses this much of its prior (a strong term rather than a hard rule).
NOT_UNDER_HEADLINE = 4.0
# Two headline lines in different layout blocks (side by side, or stacked with more than
# HEAD_BLOCK_GAP_EM ems between them: a brief beside or above the next module's headline)
# head different items: a cut between them earns this much. The lines of one headline
# (kicker, title, subtitle) stand closer (the PDF layout joins them within 1.5 ems).
CUT_BETWEEN_BLOCKS = 1.0
HEAD_BLOCK_GAP_EM = 1.5
# A continuation (`（上接第一版）…`) has no headline of its own, or repeats its first
# part's: standing right before one earns a headline little (3.0 − 2.0); text it shares
# decides. (At 3.0, nothing at all, a repeated headline sharing few words was lost.)
CONTINUATION_PRIOR = 2.0
DISTANCE_DECAY = 0.6  # prior lost per story between the headline and the story
WINDOW = 4  # stories on each side of a headline cluster that may own its lines
MAX_GROUP = 8  # a headline has at most this many lines (kicker, a title wrapped over several, subtitle, `X出席`)
GROUP_COST = 1.0  # per group: keeps a headline's lines together unless the text says otherwise
CUT_AT_GAP = 0.3  # … unless a wide blank or a change of style already marks the seam
# A headline piece at least this wide before a single blank is a whole title, and what
# follows the blank another headline fused onto its line; the parallel phrases a title
# prints with a blank between them (`服务精心 居民安心`) are shorter.
FUSED_TITLE_WIDTH = 12.0
CUT_IN_LINE = 2.0  # cutting a line in two: only when its parts plainly belong to different stories
CUT_IN_RUN = 1.5  # cutting between lines no blank separates: they are usually one headline wrapped
# (a fake-bold line beside a plain one is cut at CUT_AT_GAP: a change of type, as inside a line)
EXTEND_ACROSS_BLANK = 0.8  # a blank line between two headline lines hints at two headlines
# A title closed by its column tag (`…（人民论坛）`) is followed by a subtitle at most: going on
# past it costs more than any one line's affinity earns (1.0 let a second tagged title join).
EXTEND_AFTER_TAG = 3.0
# A story taking a second headline group: a kicker printed by its body while the title
# was fused onto another headline's line. Possible, but it must be clearly earned (and
# only a unit whose own affinity pays the price is worth the search's while).
SECOND_GROUP_COST = 3.25
# … but cheap for a story whose headline is plainly unfinished where it stands (a kicker
# leading on with `——`/`：` straight into the body, or a subtitle with no title above it):
# its title must be somewhere else, and a group that fits is most likely it.
SECOND_GROUP_UNFINISHED_COST = 1.0
SECOND_GROUP_GATE = 1.0  # the first unit of a second group must share at least this much
BRIEF_SCORE = 0.5  # a group no story wants is worth this as a stand-alone notice
# A line named as a notice (`更正启事`, `…招标公告`) earns this much less from a story it
# shares at most NOTICE_MAX_SHARE of its character pairs with: it outweighs the prior of
# standing right before a headless story or an untitled photo.
NOTICE_PENALTY = 3.0
# A headline block over another block that heads a story is a notice of its own (`欢迎订阅…`),
# not the kicker, when at most this share of its character pairs is anywhere in the story
# (a kicker repeats the article's words; a notice shares a stray `本报` at most).
NOTICE_MAX_SHARE = 0.2
BEAM = 32  # search states kept per headline unit: a page needs far fewer; bounds the worst case
# Splitting a story where a stand-alone headline's own body begins (briefs.py):
SPLIT_MIN_AFFINITY = 0.45  # a headline shares at least this much with the body it heads
SPLIT_SHORT_AFFINITY = 0.85  # a title of under four glyphs must match (nearly) fully
SPLIT_MIN_GAIN = 0.25  # … and clearly more than with the text before the cut
# A blank-separated block of a headline group that already heads a story must match its
# own body more strongly: a kicker printed apart from its title may echo a later paragraph.
SPLIT_RUN_AFFINITY = 0.6
SPLIT_RUN_GAIN = 0.4
# Titles stacked in one block head bodies of their own only when the other titles share at
# most this much with a title's body: a kicker or a wrapped title shares the article's words
# (0.4 and more on real pages), another article's title little (under 0.3 on generated ones,
# just over it where the body names the other title's first words: `习近平…` in a report).
SPLIT_STACKED_CROSS = 0.35
# … and when the other titles match the text before the cut clearly better than that body
# (by 0.4–0.7 for other articles' titles on generated pages; a kicker that shares few words
# with its article matches both sides alike: 0.1–0.3 on real pages).
SPLIT_STACKED_PREFERENCE = 0.35
