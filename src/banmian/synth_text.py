"""Word and sentence bank for the synthetic page generator (``banmian.synth``).

Everything here is invented for this project: fictional places, people, organisations and
events, combined at random into plausible newspaper sentences.  Nothing is taken from any
real newspaper.  All functions take an explicit ``random.Random`` so output is a pure
function of the caller's seed.

Sentences are filled either at random or from an article's *context* (``Ctx``, built by
``banmian.synth_topics``): a slot such as ``{place}`` or ``{topic}`` then takes the article's
own place or subject with a given probability, so the body keeps returning to its topic.
"""

from __future__ import annotations

import random
import re

# slot name -> (value, probability of using it; otherwise the slot's generic fallback)
Ctx = dict[str, tuple[str, float]]


def _bank(s: str) -> tuple[str, ...]:
    """A bank written as one ``|``-separated string."""
    return tuple(x for x in re.split(r"\s*\|\s*", s) if x)


# -- names --------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
    "钱汤尹黎易常武乔贺赖龚温柳"
)
GIVEN = (
    "晓明华建国丽静伟芳敏强磊军洋勇艳杰娟涛超秀霞平刚英文辉鹏斌宇浩凯嘉琳欣怡思远志宏海波雪"
    "梅兰玉宁安康佳颖晨阳帆博翔瑞鑫涵悦瑶楠雨婷峰岚蕾昊哲"
)

PLACE_A = "禾青云临白石桐雁枫清南松金望柳梧溪兰泽鹤岚栖沐澄蓝榆桑苇汀杉荻芷蓼茗萱蒲"
PLACE_B = "川澜沙门岭桥源浦阳坪江湾塘峪渡洲湖台泉田洼埠坝冈垭圩滩矶汊墩"
PLACE_SUFFIX = ("县", "市", "镇", "区", "乡")
VILLAGE_SUFFIX = ("村", "社区", "街道")


def person(rng: random.Random) -> str:
    """A fictional two- or three-character personal name with no repeated glyph."""
    s = rng.choice(SURNAMES)
    n = 1 if rng.random() < 0.35 else 2
    given = ""
    while len(given) < n:
        c = rng.choice(GIVEN)
        if c not in given and c != s:
            given += c
    return s + given


def place(rng: random.Random, suffix: bool = True) -> str:
    """A fictional place name such as ``禾川县`` (two syllables, optional suffix)."""
    return rng.choice(PLACE_A) + rng.choice(PLACE_B) + (rng.choice(PLACE_SUFFIX) if suffix else "")


def village(rng: random.Random) -> str:
    """A fictional village or neighbourhood name such as ``桐溪村``."""
    return rng.choice(PLACE_A) + rng.choice(PLACE_B) + rng.choice(VILLAGE_SUFFIX)


ORGS = _bank(
    "农业农村局|文化和旅游局|人力资源和社会保障局|住房和城乡建设局|"
    "生态环境分局|卫生健康委员会|教育局|交通运输局|市场监督管理局|"
    "应急管理局|供电公司|图书馆|人民医院|第一中学|职业技术学院|"
    "科技创新中心|农业技术推广站|文旅发展集团|蔬菜专业合作社|"
    "海洋渔业服务站|便民服务中心|消防救援大队"
)

TOPICS = _bank(
    "冬季蔬菜种植|智慧养老服务|老旧小区改造|乡村夜校|海洋牧场建设|"
    "数字图书馆|社区食堂|新能源公交|非遗剪纸传承|稻渔综合种养|"
    "山地光伏发电|冷链物流|跨境电商|职业技能培训|农村饮水安全|"
    "垃圾分类|全民健身|校园午餐|口袋公园|林下经济|高标准农田|"
    "河道综合治理|夜间经济|研学旅行|家庭医生签约|快递进村|"
    "茶园提质改造|古村落保护|水稻机插秧|预制菜加工"
)
FIELDS = _bank("公共服务体系|基层治理能力|乡村产业链条|城乡基础设施|民生保障网络|生态环境质量")

SERVICES = _bank(
    "便捷的医疗服务|放心的饮用水|热乎乎的饭菜|丰富的文化活动|"
    "稳定的工作岗位|优质的教育资源|安全的出行环境|贴心的养老服务|"
    "清新的空气|便利的购物体验"
)

GROUPS = ("村民", "居民", "游客", "学生", "老人", "职工", "渔民", "种植户", "志愿者", "创业青年")

ROLES_TITLE = _bank("负责人|站长|党支部书记|主任|技术员|校长|经理|理事长|社区网格员|村委会主任")

ACTIONS = _bank("推进|完成|启动|建成|举办|开展|投用|升级|扩建|试点")

BOOKS = _bank(
    "乡村建设三年行动方案|社区服务提升工作指引|海岸带保护条例|"
    "全民阅读促进办法|农产品质量安全手册|城市更新实施意见|"
    "养老服务体系规划|非遗保护名录"
)

LATIN = ("5G", "AI", "VR", "3D", "LED", "IoT")

QUOTES = _bank(
    "以前买菜要跑好几里路，现在出门就能买到新鲜的|"
    "这几年村里的变化，大家都看在眼里|"
    "技术员手把手地教，我们心里踏实多了|"
    "只要肯下功夫，小山村也能闯出大名堂|"
    "看着孩子们在新操场上奔跑，心里别提多高兴了|"
    "我们要把好事办好，把实事办实|家门口就能上班，照顾老人孩子两不误|"
    "订单排到了下个月，工人们加班加点赶工期|"
    "过去一下雨路就没法走，如今水泥路通到了家门口|"
    "游客多了，我们的土特产也不愁卖了|"
    "每一个数据背后，都是实实在在的民生|"
    "我们的目标是让每一位老人都吃上可口的饭菜"
)

CLAUSES = _bank(
    "进一步完善{topic}工作机制|推动{topic}提质增效|持续完善{field}|"
    "让{group}在家门口享受到{service}|"
    "带动周边{n}余户{group}增收|形成可复制、可推广的经验做法|"
    "切实解决{group}的急难愁盼问题|"
    "为{place}高质量发展注入新动能|"
    "吸引了不少{group}前来参观学习|"
    "累计服务{group}{n}人次|"
    "实现了从“有没有”到“好不好”的转变|有效降低了运营成本|"
    "群众满意度明显提升|探索出一条特色发展之路|"
    "把服务送到{group}身边|推动资源向基层倾斜"
)

SENTENCES = _bank(
    "{date}，{place}{org}举办{topic}现场推进会，{n}家单位参加。|"
    "今年以来，{place}累计投入资金{money}，完成{topic}项目{n}个，{clause}。|"
    "“{quote}。”{person}说。|"
    "“{quote}，”{village}{group}{person}告诉记者，“{quote}。”|"
    "据了解，{topic}已覆盖{place}{n}个村（社区），受益群众超过{n}万人。|"
    "{person}介绍，{clause}，{clause}。|"
    "根据《{book}》，{place}将{topic}纳入{year}年重点工作，{clause}。|"
    "目前，{place}已建成{topic}示范点{n}处，带动就业{n}人。|"
    "走进{village}，{scene}，{scene}。|"
    "{place}{org}{role}{person}表示，下一步将继续{clause}，{clause}。|"
    "为破解{topic}难题，{place}创新推出“{slogan}”模式，{clause}。|"
    "数据显示，{year}年{place}{topic}产值达{money}，同比增长{pct}。|"
    "记者在现场看到，{scene}，{scene}。|"
    "{place}还打造了{k}个{latin}应用场景，{clause}。|"
    "与此同时，{place}开展{topic}专项行动，{clause}，{clause}。|"
    "活动期间，{group}们纷纷表示，{clause}。|"
    "近年来，{place}坚持把{topic}作为民生实事来抓，{clause}。|"
    "{date}上午，{n}名{group}来到{village}，参加{topic}体验活动。|"
    "该项目总投资{money}，预计{year}年底建成投用，{clause}。|"
    "“{slogan}”成了当地{group}的口头禅。|"
    "从“{slogan}”到“{slogan}”，{place}用{k}年时间{clause}。|"
    "截至目前，已有{n}家企业入驻，年产值突破{money}。|"
    "{person}是{village}的{group}代表，{scene}。|"
    "眼下正是{season}，{scene}，{scene}。|"
    "不少{group}通过手机{app}预约服务，办事时间缩短了{pct}。|"
    "在{place}，像这样的{topic}项目还有{n}个。|"
    "为了这一天，{person}和同事们已经准备了{k}个月……|"
    "此外，{place}还将{topic}与{topic2}结合起来，{clause}。|"
    "{place}相关负责人说，{clause}，确保各项措施落地见效。|"
    "一年来，{org}先后组织培训{n}场次，培训{group}{n}人次。|"
    "{date}，{place}正式{action}{topic}项目，{clause}。|"
    "近年来，{place}不断完善{field}，{clause}。|"
    "围绕{field}短板，{place}{org}列出{k}项任务清单，{clause}。"
)
# sentences about the article's topic: the first paragraph is made of these
TOPICAL = tuple(x for x in SENTENCES if "{place}" in x or "{topic}" in x)

SCENES = _bank(
    "一排排温室大棚整齐排列|工人们正在紧张有序地作业|"
    "新修的步道沿着河岸延伸|孩子们在阅览室里安静地读书|"
    "货车满载着农产品驶出村口|老人们在活动室里下棋聊天|"
    "渔船陆续返港靠岸|果农们忙着采摘分拣|志愿者耐心地为群众答疑解惑|"
    "崭新的路灯照亮了乡间小路|生产线上机器轰鸣|游客们举起手机拍照留念"
)

SEASONS = ("春耕时节", "盛夏时节", "秋收时节", "隆冬时节", "春节前夕", "年末岁尾")

SLOGANS = _bank(
    "菜篮子|一站式|村里事村里办|订单农业|家门口就业|最多跑一次|共享菜园|老有所乐|飞地经济|网格加服务"
)


def money(rng: random.Random) -> str:
    """An amount such as ``3.5亿元`` or ``1200万元``."""
    if rng.random() < 0.5:
        return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}亿元"
    return f"{rng.randint(2, 98) * 100}万元"


def pct(rng: random.Random) -> str:
    """A percentage such as ``12.5%``."""
    return f"{rng.randint(2, 60)}.{rng.randint(1, 9)}%"


def cn_date(rng: random.Random, month: int | None = None, last_day: int = 28) -> str:
    """A date such as ``3月12日``: in ``month`` (else any), day 1..``last_day`` (at most 28)."""
    m = month or rng.randint(1, 12)
    return f"{m}月{rng.randint(1, max(1, min(28, last_day)))}日"


def fill(
    template: str,
    rng: random.Random,
    month: int | None = None,
    used: list[str] | None = None,
    ctx: Ctx | None = None,
) -> str:
    """Fill every ``{slot}`` of a template with material from ``ctx`` or fresh from the bank.

    A slot named in ``ctx`` takes its context value with the given probability (else the
    generic fallback: ``当地`` for a place, a random pick for the rest).  Phrases (clauses,
    scenes, quotes, slogans) are not repeated within one call.
    """
    used = [] if used is None else used
    out = []
    i = 0
    while i < len(template):
        j = template.find("{", i)
        if j < 0:
            out.append(template[i:])
            break
        out.append(template[i:j])
        k = template.index("}", j)
        out.append(_slot(template[j + 1 : k], rng, month, used, ctx))
        i = k + 1
    return "".join(out)


def _fresh(options: tuple[str, ...], rng: random.Random, used: list[str]) -> str:
    for _ in range(8):
        x = rng.choice(options)
        if x not in used:
            break
    used.append(x)
    return x


def _slot(name: str, rng: random.Random, month: int | None, used: list[str], ctx: Ctx | None) -> str:
    if ctx and name in ctx:
        value, p = ctx[name]
        if rng.random() < p and value not in used:
            if name in ("slogan", "quote", "scene"):
                used.append(value)
            return value
        if name == "place":
            return "当地"
    pick = {
        "place": lambda: place(rng),
        "village": lambda: village(rng),
        "person": lambda: person(rng),
        "org": lambda: rng.choice(ORGS),
        "action": lambda: rng.choice(ACTIONS),
        "topic": lambda: rng.choice(TOPICS),
        "topic2": lambda: rng.choice(TOPICS),
        "field": lambda: rng.choice(FIELDS),
        "service": lambda: rng.choice(SERVICES),
        "group": lambda: rng.choice(GROUPS),
        "role": lambda: rng.choice(ROLES_TITLE),
        "book": lambda: rng.choice(BOOKS),
        "latin": lambda: rng.choice(LATIN),
        "quote": lambda: _fresh(QUOTES, rng, used),
        "scene": lambda: _fresh(SCENES, rng, used),
        "season": lambda: rng.choice(SEASONS),
        "slogan": lambda: _fresh(SLOGANS, rng, used),
        "app": lambda: rng.choice(("APP", "小程序", "公众号")),
        "k": lambda: str(rng.randint(2, 12)),
        "money": lambda: money(rng),
        "pct": lambda: pct(rng),
        "n": lambda: str(rng.choice((rng.randint(2, 30), rng.randint(30, 900), rng.randint(1000, 9000)))),
        "year": lambda: str(rng.randint(2021, 2025)),
        "date": lambda: cn_date(rng, month),
        "clause": lambda: fill(_fresh(CLAUSES, rng, used), rng, month, used, ctx),
    }
    return pick[name]()


def sentence(
    rng: random.Random,
    month: int | None = None,
    ctx: Ctx | None = None,
    topical: bool = False,
    seen: list[str] | None = None,
) -> str:
    """One complete invented news sentence ending in sentence-final punctuation (with
    ``topical``, one that speaks of a place or a topic); its template is, if possible, none
    of ``seen``, to which it is added."""
    bank = TOPICAL if topical else SENTENCES
    for _ in range(8):
        t = rng.choice(bank)
        if seen is None or t not in seen:
            break
    if seen is not None:
        seen.append(t)
    return fill(t, rng, month, ctx=ctx)


def paragraph(
    rng: random.Random,
    target: int,
    month: int | None = None,
    ctx: Ctx | None = None,
    start: str = "",
    topical: bool = False,
    seen: list[str] | None = None,
) -> str:
    """``start`` plus whole sentences until roughly ``target`` characters (at least one
    sentence); with ``topical`` only sentences about a place or topic.  ``seen``: see ``sentence``."""
    out = start or sentence(rng, month, ctx, topical, seen)
    while len(out) < target:
        out += sentence(rng, month, ctx, topical, seen)
    return out


SECTIONS = ("要闻", "综合", "经济", "社会", "文化", "乡村振兴", "民生", "体育", "专题", "副刊")


def byline(rng: random.Random) -> tuple[list[str], list[tuple[str, str]], bool]:
    """A standalone byline: its printed lines, its (name, role) credits, and whether it is
    printed after the body (a photo credit ``X 摄``) rather than before it."""
    n1, n2, n3 = person(rng), person(rng), person(rng)
    ind = rng.choice(("", "　　", "　　", " 　　", "　 "))
    rep, cor = (n1, "reporter"), [(n2, "correspondent"), (n3, "correspondent")]
    k = rng.randint(0, 10)
    lines, auth = {
        0: ([f"□记者 {n1}"], [rep]),
        1: ([f"□记者 {n1} 报道"], [rep]),
        2: ([f"□记者 {n1} 通讯员 {n2} {n3} 报道"], [rep, *cor]),
        3: ([f"□记者 {n1}", f"通讯员 {n2} {n3} 报道"], [rep, *cor]),
        4: ([f"本报记者 {n1}"], [rep]),
        5: ([f"本报记者 {n1}{rng.choice(('  ', ' '))}{n2}"], [rep, (n2, "reporter")]),
        6: ([f"文/图 {n1}"], [rep]),
        7: ([f"□ {n1}"], [(n1, "author")]),
        8: ([f"{n1} 摄"], [(n1, "photographer")]),
        9: ([f"□全媒体记者 {n1} 实习生 {n2}"], [rep, (n2, "reporter")]),
        10: ([f"文/{n1} 图/{n2}"], [rep, (n2, "photographer")]),
    }[k]
    return [ind + x for x in lines], auth, k == 8


def dateline_opening(
    rng: random.Random, date: str, p_byline: float, where: str | None = None
) -> tuple[str, dict[str, str | None], list[tuple[str, str]]]:
    """An inline dateline (and, with probability ``p_byline``, a bracketed byline) that opens a
    first paragraph: its printed text, its gold dateline and the people it credits.  A
    ``本报X电`` / ``新华社X电`` dateline names ``where`` when given (else a random place)."""
    sp = rng.choice((" ", " ", "  ", ""))
    byl, who = "", []
    if rng.random() < p_byline:
        who = [(person(rng), "reporter") for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.3:
            who.append((person(rng), "correspondent"))
        rep = "、".join(n for n, k in who if k == "reporter")
        cor = [n for n, k in who if k == "correspondent"]
        byl = f"（记者{rep}" + (f" 通讯员{cor[0]}" if cor else "") + "）"
    kind = rng.randint(0, 3)
    if kind <= 1 and byl:
        return f"本报讯{sp}{byl}", {"source": "本报讯", "place": None, "date": None}, who
    if kind == 0:
        when = rng.choice((date, "近日"))
        return (
            f"本报讯 {when}，",
            {"source": "本报讯", "place": None, "date": date if when == date else None},
            who,
        )
    src, pl = ("新华社" if kind == 3 else "本报"), where or place(rng, suffix=False)
    return f"{src}{pl}{date}电{sp or ' '}{byl}", {"source": src, "place": pl, "date": date}, who
