"""Article topics of the synthetic page generator: coherent headline and body.

Each generated article first draws a ``Topic`` from the page's ``TopicPool`` (a place, a
village, a subject such as ``全民健身`` with its field, organisation and public, a person, a
slogan, a project noun and verb, a key number); the pool keeps places, villages and subjects
distinct across the articles of one page, so a headline shares its words with its own body
and hardly with the others.  The body (``body``) comes back to the place and subject in most
sentences of its first paragraph and in many later ones; the headline lines (``title``,
``kicker``, ``subtitle``, ``long_title``) are built from the same words plus a verb phrase,
with some headline-only wording (``跑出加速度``, ``惠及万家``) as in real papers.  Photo items
get a title sharing a word with their caption.  Everything is invented.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from banmian import synth_text as T
from banmian.synth_text import Ctx, _bank

# subject | field (its domain, used in kickers) | organisation | public
SUBJECTS: tuple[tuple[str, ...], ...] = tuple(
    tuple(x.split("/"))
    for x in _bank(
        "冬季蔬菜种植/蔬菜保供体系/农业农村局/种植户|智慧养老服务/居家养老服务网络/民政局/老人|"
        "老旧小区改造/城市基础设施/住房和城乡建设局/居民|农民夜校/乡村人才培养体系/农业技术推广站/村民|"
        "海洋牧场建设/现代渔业产业/海洋渔业服务站/渔民|数字图书馆/公共文化服务/图书馆/读者|"
        "社区食堂/便民助餐网络/便民服务中心/老人|新能源公交/绿色出行体系/交通运输局/市民|"
        "非遗剪纸传承/传统工艺保护/文化馆/学生|稻渔综合种养/生态循环农业体系/农业农村局/种植户|"
        "山地光伏发电/清洁能源产业/供电公司/村民|冷链物流/农产品流通网络/商务局/企业|"
        "跨境电商/外贸服务体系/商务局/创业青年|职业技能培训/技能人才培养体系/人力资源和社会保障局/职工|"
        "农村饮水安全/城乡供水设施/水利局/村民|垃圾分类/环卫设施/城市管理局/居民|"
        "全民健身/群众体育设施/体育中心/居民|校园午餐/学生营养保障/教育局/学生|"
        "口袋公园/城市绿地系统/园林绿化中心/市民|林下经济/林业特色产业/林业局/林农|"
        "高标准农田/农田基础设施/农业农村局/种粮大户|河道综合治理/河湖管护机制/生态环境分局/村民|"
        "夜间经济/特色消费街区/商务局/游客|研学旅行/研学服务体系/文旅发展集团/学生|"
        "家庭医生签约/基层医疗服务/卫生健康委员会/居民|快递进村/农村物流体系/邮政分公司/村民|"
        "茶园提质改造/茶叶特色产业/茶叶专业合作社/茶农|古村落保护/文物保护体系/文物保护中心/村民|"
        "水稻机插秧/农机社会化服务/农机服务中心/种粮大户|预制菜加工/食品加工产业/科技创新中心/职工|"
        "社区托育/婴幼儿照护服务/妇幼保健院/家长|电动自行车充电/消防安全设施/消防救援大队/居民|"
        "旅游公路/农村交通网络/交通运输局/游客|应急避难场所/防灾减灾体系/应急管理局/居民|"
        "适老化改造/无障碍设施/残疾人联合会/老人|民宿集群/乡村旅游产业/文旅发展集团/民宿主|"
        "中药材种植/中医药产业/中医院/药农|蜂蜜深加工/特色农产品品牌/蜂业协会/蜂农|"
        "数字乡村/农村信息基础设施/大数据中心/村民|护林防火/森林防火体系/林业局/护林员"
    )
)
# project noun, verb after it (``…示范点建成``), verb before it (``建成…示范点``)
PROJECTS = (
    ("专项行动", "启动", "启动"),
    ("示范点", "建成", "建成"),
    ("项目", "开工", "开建"),
    ("服务中心", "投用", "建成"),
    ("工程", "完工", "推进"),
    ("试点", "启动", "启动"),
    ("提升行动", "启动", "开展"),
)


@dataclass(frozen=True)
class Topic:
    """What one article is about; ``ctx`` feeds it to ``synth_text.fill``."""

    place: str
    village: str
    subject: str
    subject2: str
    field: str
    org: str
    group: str
    person: str
    role: str
    slogan: str
    noun: str
    action: str
    pre_action: str
    count: int

    def ctx(self, force: bool = False) -> Ctx:
        """Slot values with the probability a body sentence uses them (all 1 with ``force``)."""
        probs = {
            "place": 0.85, "village": 0.9, "topic": 1.0, "topic2": 1.0, "field": 1.0, "org": 0.8,
            "group": 0.6, "person": 0.35, "role": 1.0, "slogan": 0.7, "noun": 1.0, "action": 1.0,
            "pre": 1.0, "count": 1.0,
        }  # fmt: skip
        values = {
            "place": self.place, "village": self.village, "topic": self.subject, "topic2": self.subject2,
            "field": self.field, "org": self.org, "group": self.group, "person": self.person,
            "role": self.role, "slogan": self.slogan, "noun": self.noun, "action": self.action,
            "pre": self.pre_action, "count": str(self.count),
        }  # fmt: skip
        return {k: (v, 1.0 if force else probs[k]) for k, v in values.items()}


class TopicPool:
    """Topics of one page: place and village glyphs, subjects and organisations are not reused
    until the banks run out (then they are recycled)."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.glyphs: set[str] = set()
        self.subjects: set[int] = set()
        self.orgs: set[str] = set()
        self.photos: set[int] = set()

    def _glyph(self, bank: str, avoid: str) -> str:
        free = [c for c in bank if c not in self.glyphs and c not in avoid]
        if not free:
            self.glyphs.clear()
            free = [c for c in bank if c not in avoid]
        c = self.r.choice(free)
        self.glyphs.add(c)
        return c

    def name(self) -> str:
        """Two fresh glyphs, such as ``禾渡``."""
        a = self._glyph(T.PLACE_A, "")
        return a + self._glyph(T.PLACE_B, a)

    def _subject(self) -> tuple[str, ...]:
        if len(self.subjects) >= len(SUBJECTS):
            self.subjects.clear()
        i = self.r.choice([i for i in range(len(SUBJECTS)) if i not in self.subjects])
        self.subjects.add(i)
        return SUBJECTS[i]

    def photo(self) -> tuple[str, str, str]:
        """A fresh (title, scene, picture) of ``PHOTOS``."""
        if len(self.photos) >= len(PHOTOS):
            self.photos.clear()
        i = self.r.choice([i for i in range(len(PHOTOS)) if i not in self.photos])
        self.photos.add(i)
        return PHOTOS[i]

    def new(self) -> Topic:
        """A topic whose place, village and subjects no other topic of the page has (yet)."""
        r = self.r
        subject, field, org, group = self._subject()
        if org in self.orgs:
            org = r.choice([o for o in T.ORGS if o not in self.orgs] or T.ORGS)
        self.orgs.add(org)
        noun, action, pre = r.choice(PROJECTS)
        return Topic(
            place=self.name() + r.choice(T.PLACE_SUFFIX),
            village=self.name() + r.choice(T.VILLAGE_SUFFIX),
            subject=subject,
            subject2=self._subject()[0],
            field=field,
            org=org,
            group=group,
            person=T.person(r),
            role=r.choice(T.ROLES_TITLE),
            slogan=r.choice(T.SLOGANS),
            noun=noun,
            action=action,
            pre_action=pre,
            count=r.randint(3, 30),
        )


# -- body ---------------------------------------------------------------------------------

LEADS = _bank(
    "近日，{place}{topic}{noun}正式{action}，首批{count}个村（社区）率先受益。|"
    "记者从{place}{org}获悉，{place}{topic}{noun}日前已{action}，共涉及{count}个乡镇（街道）。|"
    "{place}{org}日前{pre}{topic}{noun}，计划在{count}个村（社区）先行先试，{clause}。|"
    "为进一步完善{field}，{place}{pre}{topic}{noun}，{count}个重点任务全面铺开。|"
    "{date}，{place}{topic}{noun}{action}，这是当地今年第{count}个{topic}{noun}。"
)
FOLLOW = _bank(
    "此外，{place}还将{topic}与{topic2}结合起来，{clause}。|"
    "在{topic}之外，{place}同步推进{topic2}，{clause}。"
)
FIELD_SENTENCE = "近年来，{place}不断完善{field}，{clause}。"
PERSONAL = _bank(
    "{place}{org}{role}{person}表示，下一步将继续{clause}，{clause}。|"
    "“{quote}。”{village}{role}{person}说。|"
    "{person}是{village}的{role}，{scene}。"
)


def body(rng: random.Random, topic: Topic, size: int, month: int) -> list[str]:
    """Paragraphs of about ``size`` characters about ``topic``: a lead naming the project, a
    first paragraph of topical sentences, later paragraphs that often return to the topic; the
    main person and the second subject are mentioned at least once."""
    ctx = topic.ctx()
    forced = [(rng.choice(PERSONAL), "person"), (rng.choice(FOLLOW), "topic2")]
    seen = [FIELD_SENTENCE] + [t for t, _ in forced]  # templates not to repeat
    paras: list[str] = []
    pending = [T.fill(tpl, rng, month, ctx={**ctx, key: (ctx[key][0], 1.0)}) for tpl, key in forced]
    left = size - 25  # leads and the sentences above overshoot: keep bodies about ``size`` long
    while left > 0 or not paras:
        target = min(left, rng.randint(40, 220))
        if paras:
            start = pending.pop(0) if pending and rng.random() < 0.4 else ""
            paras.append(T.paragraph(rng, target, month, ctx, start, seen=seen))
        else:
            lead = T.fill(rng.choice(LEADS), rng, month, ctx=topic.ctx(force=True))
            if target > 90 and rng.random() < 0.6:
                lead += T.fill(FIELD_SENTENCE, rng, month, ctx=ctx)
            paras.append(T.paragraph(rng, target, month, ctx, lead, topical=True, seen=seen))
        left -= len(paras[-1])
    for s in pending:  # a short article: in its last paragraph
        paras[-1] += s
    return paras


# -- headlines ----------------------------------------------------------------------------

TITLES = _bank(
    "{place}{topic}{noun}{action}|{place}{pre}{topic}{noun}|{place}{topic}{noun}{action}|"
    "{place}{pre}{topic}{noun}|{place}{topic}跑出加速度|{topic}让{place}{group}{benefit}|"
    "{village}的{topic}新故事|{place}：{topic}惠及万家|{place}{topic}{noun}扩大到{count}个村|"
    "{group}搭上{topic}快车|{place}{org}获评{topic}省级示范单位|{topic}扮靓{village}|"
    "{place}{count}个{topic}{noun}{action}|“{slogan}”激活{place}{topic}"
)
BENEFITS = ("更安心", "有奔头", "鼓起钱袋子", "享实惠", "乐开怀", "少跑腿")
KICKERS = _bank(
    "聚焦{field}|{place}持续完善{field}|补齐{field}短板|健全{field}|"
    "聚焦民生实事|坚持项目为王|深化改革创新|服务乡村振兴|推动绿色发展"
)
SUBTITLES = _bank(
    "——{place}探索“{slogan}”{topic}新模式|——{place}{topic}工作侧记|"
    "——记{village}{role}{person}|——{place}推进{topic}见闻|——{village}{topic}见闻"
)
# headlines with genuine repeated glyphs: they must survive any de-doubling of fake bold
DOUBLE_TITLES = _bank(
    "{topic}让{place}家家户户受益|人人参与{topic}|{place}{topic}红红火火|"
    "{place}处处涌动{topic}热潮|{topic}让{group}天天有活干|{place}{topic}步步推进|"
    "{village}：{topic}年年有新变化|{topic}渐渐走进{village}|"
    "谢谢你，守岛人|常常回家看看|星星点点的灯火|天天有活干 月月有收入"
)
SUBHEADS = _bank(
    "坚持规划引领|补齐设施短板 提升服务水平|创新机制激发活力|"
    "党建引领聚合力|数字赋能添动力|守住生态底线|人才回流带来新变化|"
    "小切口解决大问题|让群众唱主角|延伸产业链条|擦亮特色品牌"
)
DOUBLE = re.compile(r"(\S)\1")


def _head(
    templates: tuple[str, ...], rng: random.Random, topic: Topic, extra: dict[str, str] | None = None
) -> str:
    """A headline line from ``templates`` and the topic, without accidental repeated glyphs
    (``禾渡市市场…``) unless no attempt avoids them."""
    ctx = {**topic.ctx(force=True), **{k: (v, 1.0) for k, v in (extra or {}).items()}}
    for _ in range(10):
        s = T.fill(rng.choice(templates), rng, ctx=ctx)
        if not DOUBLE.search(s):
            break
    return s


def title(rng: random.Random, topic: Topic, doubles: bool = False) -> str:
    """A main headline (标题); with ``doubles`` one containing genuinely doubled glyphs."""
    if doubles:
        return T.fill(rng.choice(DOUBLE_TITLES), rng, ctx=topic.ctx(force=True))
    return _head(TITLES, rng, topic, {"benefit": rng.choice(BENEFITS)})


def kicker(rng: random.Random, topic: Topic) -> str:
    """A kicker line (引题)."""
    return _head(KICKERS, rng, topic)


def subtitle(rng: random.Random, topic: Topic) -> str:
    """A subtitle line (副题), starting with ``——``."""
    return _head(SUBTITLES, rng, topic)


def long_title(rng: random.Random, topic: Topic) -> str:
    """A title long enough to be printed on two lines."""
    return _head(
        ("{place}{org}召开{topic}和{topic2}工作推进会", "{place}{org}{pre}{topic}{noun}暨{topic2}推进会"),
        rng,
        topic,
    )


def subhead(rng: random.Random) -> str:
    """A subheading inside a long article: short, no final punctuation."""
    return rng.choice(SUBHEADS)


# -- photos and notices -------------------------------------------------------------------

# title | scene of the caption's first sentence | picture (``图为…``): title shares a word with both
PHOTOS: tuple[tuple[str, ...], ...] = tuple(
    tuple(x.split("/"))
    for x in _bank(
        "渔港冬捕忙/渔港里一派冬捕忙碌景象/渔民在渔港卸下冬捕的鲜鱼|"
        "梯田披新绿/层层梯田披上新绿/农民在梯田里插秧|"
        "红红火火闹元宵/元宵灯会红红火火/市民在元宵灯会上猜灯谜|"
        "雪后古镇/一场大雪过后，古镇银装素裹/游客在雪后的古镇街巷中漫步|"
        "稻浪翻金/万亩稻田稻浪翻滚/农机手驾驶收割机在稻田里收割水稻|"
        "花海迎客来/百亩花海竞相绽放/游客在花海中拍照留念|"
        "夜市烟火气/夜市里人头攒动，烟火气十足/市民在夜市品尝特色小吃|"
        "晨练/公园里晨练的市民络绎不绝/老人在公园晨练|"
        "大棚里的春天/温室大棚里瓜果飘香/村民在大棚里采摘草莓|"
        "新桥飞架/一座新桥飞架江面/工人在新桥上进行最后的检测|"
        "归雁/成群的大雁飞回湿地/游客在湿地公园观赏归雁|"
        "灯火里的年味/街头巷尾灯火璀璨，年味渐浓/孩子们在灯火下挂灯笼|"
        "风筝飞满天/广场上空风筝飞舞/孩子们在广场上放风筝|"
        "果园丰收/果园里硕果累累/果农在果园里采摘柑橘"
    )
)
BRIEF_TITLES = _bank(
    "欢迎订阅{year}年度本报|更正启事|"
    "{place}{topic}意见征集公告|本版投稿邮箱已更新|"
    "{year}年度优秀通讯员名单揭晓|{place}{org}{topic}项目招标公告"
)


def photo_title(rng: random.Random, topic: Topic, photo: tuple[str, ...]) -> str:
    """A short title of a photo item (sometimes with its place)."""
    return (topic.place + "：" if rng.random() < 0.15 else "") + photo[0]


def photo_caption(rng: random.Random, topic: Topic, photo: tuple[str, ...], month: int) -> str:
    """A photo caption: a scene-setting sentence plus a ``图为`` sentence."""
    first = T.fill("{season}，{place}" + photo[1] + "，{clause}。", rng, month, ctx=topic.ctx())
    return first + f"图为{T.cn_date(rng, month)}，{photo[2]}。"


def photo_lead(rng: random.Random, topic: Topic, month: int) -> str:
    """An optional sentence before a photo caption, about the photo's place."""
    return T.sentence(rng, month, topic.ctx(), topical=True)


def brief_title(rng: random.Random, topic: Topic) -> str:
    """The headline of a headline-only notice."""
    return T.fill(rng.choice(BRIEF_TITLES), rng, ctx=topic.ctx(force=True))
