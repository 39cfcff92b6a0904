from pathlib import Path

import pytest

from zh_indicators.extractors.encoding import normalise_text
from zh_indicators.extractors.repair import repair_spans
from zh_indicators.training.data import load_data

ANNOTATIONS = Path(__file__).resolve().parents[2] / "corpus" / "annotations"


def _spans(text, *pieces):
    """(start, end, label) for each (substring, label), searched left to right."""
    out, pos = [], 0
    for sub, label in pieces:
        i = text.index(sub, pos)
        out.append((i, i + len(sub), label))
        pos = i + len(sub)
    return out


def _texts(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


def test_value_never_splits_a_number():
    t = "成功创建23个一星级康居乡村,城乡收入差距缩小至1.93∶1。"
    spans = _spans(t, ("2", "VALUE"), ("3", "VALUE"), ("个", "UNIT"), ("1", "VALUE"))
    assert _texts(t, repair_spans(spans, t)) == [("23", "VALUE"), ("个", "UNIT"), ("1.93", "VALUE")]


def test_chinese_numerals_are_left_alone():
    t = "工业总产值突破一万亿元大关"
    spans = _spans(t, ("一", "VALUE"), ("万亿元", "UNIT"))
    assert repair_spans(spans, t) == spans


def test_unit_grows_to_the_whole_unit_word():
    t = "PM2.5年均浓度降至30微克/立方米,完成1万亩拆旧任务,淘汰织机32109台、锅炉99台"
    spans = _spans(t, ("30", "VALUE"), ("微克", "UNIT"), ("1", "VALUE"), ("万", "UNIT"),
                   ("32109", "VALUE"), ("台、", "UNIT"))
    assert _texts(t, repair_spans(spans, t))[1::2] == [("微克/立方米", "UNIT"), ("万亩", "UNIT"), ("台", "UNIT")]


@pytest.mark.parametrize("text,wrong,right", [
    ("完善多层次住房保障体系,落实政策性租赁住房3000套。", "落实政策性租赁住房", "政策性租赁住房"),
    ("城乡低保标准提高至每月1045元。", "城乡低保标准提高至每月", "城乡低保标准"),
    ("新兴产业、高新技术产业投资均增长10%以上。", "高新技术产业投资均", "高新技术产业投资"),
    ("新建、改建污水管网45公里。", "改建污水管网", "新建、改建污水管网"),
    ("新增、更新公交车300辆。", "更新公交车", "新增、更新公交车"),
    ("新、改扩建中小学及幼儿园25所。", "改扩建中小学及幼儿园", "新、改扩建中小学及幼儿园"),
    ("新建5G基站1923座。", "G基站", "新建5G基站"),      # the rest of 5G, then the adding verb
    ("获批国家级5G工厂1家。", "国家级5G工厂", "获批国家级5G工厂"),
    ("GDP、规模工业增加值分别增长8%和9%。", "GD", "GDP"),    # an end inside a Latin word takes its end
    ("PM2.5平均浓度下降5%。", "PM2.5平均浓度", "PM2.5平均浓度"),
    # a name cut short of a catalogue name the text goes on to write takes it, never over a verb
    ("研究与试验发展经费支出增长12%。", "研究与", "研究与试验发展经费支出"),
    ("企业开办时间压缩至1个工作日。", "企业", "企业开办时间"),
    ("服务业增长23%。", "服务业", "服务业"),
    ("254宗重点项目完成投资746亿元。", "重点项目", "重点项目"),
    ("新增“四上企业”43家。", "“四上企业”", "“四上企业”"),   # a quoted name keeps its edge
    ("322个区重点项目完成投资615亿元。", "区重点项目完成投资", "投资"),
    ("治违拆旧累计排摸整治点位15万余个。", "治违拆旧累计排摸整治点位", "排摸整治点位"),
    ("技改投入占工业投资比达到20%。", "技改投入占工业投资比", "技改投入"),
    ("服务业增加值占比提高1个百分点。", "服务业增加值占比", "服务业增加值占比"),
    ("服务业投资不少于80亿元。", "服务业投资不少于", "服务业投资"),
    ("年末银行业机构人民币存贷款余额分别为2728亿元。", "年末银行业机构人民币存贷款余额", "银行业机构人民币存贷款余额"),
    ("完成“三级挂牌”重大事故隐患整改179处。", "挂牌”重大事故隐患整改", "“三级挂牌”重大事故隐患整改"),
    ("落实“退、减、免、缓”税费5亿元。", "缓”税费", "“退、减、免、缓”税费"),
    # the end edge on the word boundary the tagger missed by a character
    ("经济总量迈上7000亿元台阶。", "总量迈", "总量"),
    ("“建设”出现57次。", "“建设”出", "“建设”"),
    ("存贷比优化为51.3%。", "存贷比优", "存贷比"),
    ("城乡居民人均可支配收入增9.3%。", "城乡居民人均可支配收入增", "城乡居民人均可支配收入"),
    ("城镇登记失业率在2.85%以内。", "城镇登记失业率在", "城镇登记失业率"),
    ("接待游客将突破5000万人次。", "接待游客将", "接待游客"),
    ("CPI涨幅控制在3%左右。", "CPI涨", "CPI"),
    ("金融机构存贷款余额双双突破2000亿元。", "金融机构存贷款余额双双", "金融机构存贷款余额"),
    ("R&D经费投入强度预计达到2.7%。", "R&D经费投入强", "R&D经费投入强度"),
    ("5个产业集群上榜。", "产业集", "产业集群"),
    # 增幅 is the name when the value is about the rate itself (GUIDELINES §9.1, prices)
    ("社会消费品零售总额增幅高于全国0.2个百分点。", "社会消费品零售总额增", "社会消费品零售总额增幅"),
    ("旅游收入增幅超过20%。", "旅游收入增", "旅游收入"),
])
def test_indicator_edges(text, wrong, right):
    spans = _spans(text, (wrong, "INDICATOR"))
    assert _texts(text, repair_spans(spans, text)) == [(right, "INDICATOR")]


def test_a_name_gives_back_the_digits_of_the_number_after_it():
    t = "预计全年完成GDP890亿元,增长5.5%。"
    spans = _spans(t, ("GDP8", "INDICATOR"), ("90", "VALUE"), ("亿元", "UNIT"))
    assert _texts(t, repair_spans(spans, t)) == [("GDP", "INDICATOR"), ("890", "VALUE"), ("亿元", "UNIT")]
    spans = _spans(t, ("GDP8", "INDICATOR"), ("亿元", "UNIT"))  # and when the tagger found no number there
    assert _texts(t, repair_spans(spans, t)) == [("GDP", "INDICATOR"), ("890", "VALUE"), ("亿元", "UNIT")]
    t = "新建5G基站300个。"  # a number inside the name is not given away
    spans = _spans(t, ("新建5G基站", "INDICATOR"), ("300", "VALUE"), ("个", "UNIT")) + [(2, 3, "VALUE")]
    assert _texts(t, repair_spans(sorted(spans), t))[0] == ("新建5G基站", "INDICATOR")


def test_every_gold_span_is_already_repaired():
    """The repairs encode the guideline: applied to the gold itself they change nothing."""
    records = load_data([ANNOTATIONS])
    assert len(records) > 300
    changed = []
    for r in records:
        gold = sorted((e["start"], e["end"], e["label"]) for e in r["entities"])
        if repair_spans(gold, normalise_text(r["text"])) != gold:
            changed.append(r["id"] if "id" in r else (r["report"], r["paragraph"]))
    assert changed == []


@pytest.mark.parametrize("text,cut,whole", [
    ("新增医疗床位200张。", "新增医疗床", "新增医疗床位"),
    ("粮食产量120万吨。", "粮食产", "粮食产量"),
    ("解危D级危房300户。", "解危D级危", "解危D级危房"),
])
def test_indicator_cut_inside_a_word_takes_the_word(text, cut, whole):
    spans = _spans(text, (cut, "INDICATOR"))
    assert _texts(text, repair_spans(spans, text)) == [(whole, "INDICATOR")]


@pytest.mark.parametrize("text,name", [
    ("财政总收入超过60亿元。", "财政总收入"),        # 入超 is a word; 超过 is the verb
    ("居民消费价格指数控制在3%左右。", "居民消费价格指数"),  # 数控
    ("一产占比较2020年下降。", "一产占比"),          # 比较
])
def test_a_word_across_the_edge_that_starts_the_verb_stays_out(text, name):
    spans = _spans(text, (name, "INDICATOR"))
    assert _texts(text, repair_spans(spans, text)) == [(name, "INDICATOR")]


@pytest.mark.parametrize("text,value,unit", [
    ("实施28条优化营商环境新政,推出品牌。", "28", "条"),
    ("制定出台“创新生态系统24条”“人才新政15条”。", "24", "条"),
    ("恒力继续入围世界企业500强、列第235位。", "235", "位"),
    ("营商环境指数排名中上升1位,位居第二。", "1", "位"),
])
def test_policy_counts_and_ranks_are_not_values(text, value, unit):
    spans = _spans(text, (value, "VALUE"), (unit, "UNIT"))
    assert repair_spans(spans, text) == []


@pytest.mark.parametrize("text,streaks", [
    ("城乡居民收入增速分别连续12年、7年位居全市前列。", ("12", "7")),
    ("工业投资增速连续18个月保持两位数,连续6个季度获得考核奖励。", ("18", "6")),
])
def test_streaks_are_not_values(text, streaks):
    pieces = []
    for v in streaks:
        i = text.index(v)
        unit = "个季度" if text.startswith("个季度", i + len(v)) else "个月" if text.startswith("个月", i + len(v)) else "年"
        pieces += [(v, "VALUE"), (unit, "UNIT")]
    spans = _spans(text, *pieces)
    assert repair_spans(spans, text) == []


def test_a_count_after_a_streak_word_with_its_own_unit_stays():
    t = "税收连续跨越20亿、30亿两道门槛,连续两年新增企业120家。"
    spans = _spans(t, ("20", "VALUE"), ("亿", "UNIT"), ("30", "VALUE"), ("亿", "UNIT"), ("120", "VALUE"), ("家", "UNIT"))
    assert repair_spans(spans, t) == spans


def test_counted_roads_stay_values():
    t = "整治黑臭河道98条,落实法治政府建设工作要点32条,严格执行制度。"
    spans = _spans(t, ("98", "VALUE"), ("条", "UNIT"), ("32", "VALUE"), ("条", "UNIT"))
    assert repair_spans(spans, t) == spans


def test_year_needs_a_four_digit_year():
    t = "淘汰燃煤锅炉10-35蒸吨,二〇三五年远景目标,2017―2025年"
    spans = _spans(t, ("10-", "YEAR"), ("二〇三五年", "YEAR"), ("2017―2025年", "YEAR"))
    assert _texts(t, repair_spans(spans, t)) == [("二〇三五年", "YEAR"), ("2017―2025年", "YEAR")]


def test_one_character_indicator_after_a_count_grows_to_the_counted_noun():
    t = "钟楼外国语等2所学校建成投用,邹区镇等3家全民健身中心投入运营。"
    spans = _spans(t, ("2", "VALUE"), ("所", "UNIT"), ("学", "INDICATOR"),
                   ("3", "VALUE"), ("家", "UNIT"), ("全", "INDICATOR"))
    assert _texts(t, repair_spans(spans, t))[2::3] == [("学校", "INDICATOR"), ("全民健身中心", "INDICATOR")]


def test_other_one_character_indicators_are_dropped():
    t = "主要预期目标是:经济增长6%以上。"
    spans = _spans(t, ("经", "INDICATOR"), ("6", "VALUE"), ("%", "UNIT"))
    assert _texts(t, repair_spans(spans, t)) == [("6", "VALUE"), ("%", "UNIT")]


@pytest.mark.parametrize("text,value", [
    ("热烈庆祝建党100周年。", "100"),
    ("新引进世界500强企业投资项目。", "500"),
    ("打造15分钟便民生活圈。", "15"),
    ("推出24小时自助服务。", "24"),
    ("建成12.5米深水航道。", "12.5"),
])
def test_numbers_in_names_are_not_values(text, value):
    i = text.index(value)
    spans = [(i, i + len(value), "VALUE")]
    unit = {"15": "分钟", "24": "小时", "12.5": "米"}.get(value)
    if unit:
        spans.append((i + len(value), i + len(value) + len(unit), "UNIT"))
    assert repair_spans(spans, text) == []


def test_measured_minutes_stay_values():
    t = "平均通关时间压缩至15分钟。"
    i = t.index("15")
    spans = [(i, i + 2, "VALUE"), (i + 2, i + 4, "UNIT")]
    assert repair_spans(spans, t) == spans


def test_touching_indicator_pieces_merge():
    t = "金融机构不良贷款率1.2%"
    spans = [(0, 2, "INDICATOR"), (2, 9, "INDICATOR"), (9, 12, "VALUE"), (12, 13, "UNIT")]
    assert _texts(t, repair_spans(spans, t)) == [("金融机构不良贷款率", "INDICATOR"), ("1.2", "VALUE"), ("%", "UNIT")]


@pytest.mark.parametrize("text,wrong,right", [
    ("地区生产总值增长不低于5%。", "地区生产总值增长不低", "地区生产总值"),
    ("单位GDP能耗下降不超过3%。", "单位GDP能耗下降不", "单位GDP能耗"),
    ("居民收入增长高于3%。", "居民收入增长高于", "居民收入"),
])
def test_bound_words_stay_outside_the_indicator(text, wrong, right):
    spans = _spans(text, (wrong, "INDICATOR"))
    assert _texts(text, repair_spans(spans, text)) == [(right, "INDICATOR")]


@pytest.mark.parametrize("text,tagged,values,added", [
    ("开票额、税收分别增长76.9%和66.3%。", ["税收"], ["76.9", "66.3"], ["开票额"]),
    ("GDP、规模工业增加值、社会消费品零售总额分别增长4.6%、5%、9.5%。", ["规模工业增加值", "社会消费品零售总额"],
     ["4.6", "5", "9.5"], ["GDP"]),
    # a compound name's shared first word is not a name of its own
    ("城镇、农村居民人均可支配收入分别为57731元、29465元。", ["农村居民人均可支配收入"], ["57731", "29465"], []),
    # fewer values than names: not the plain case
    ("财政总收入、一般公共预算收入分别达到10亿元。", ["一般公共预算收入"], ["10"], []),
])
def test_names_of_a_respective_list_the_tagger_left_out_are_added(text, tagged, values, added):
    spans = _spans(text, *[(t, "INDICATOR") for t in tagged], *[(v, "VALUE") for v in values])
    got = [t for t, label in _texts(text, repair_spans(spans, text)) if label == "INDICATOR"]
    assert sorted(got) == sorted(tagged + added)


@pytest.mark.parametrize("text,tagged,values,want", [
    # two names joined into one span, one value too many for the names: cut at the 、
    ("地区生产总值、一般公共预算收入、社会消费品零售总额分别跨过4000亿元、400亿元、1000亿元台阶。",
     ["地区生产总值、一般公共预算收入", "社会消费品零售总额"], ["4000", "400", "1000"],
     ["地区生产总值", "一般公共预算收入", "社会消费品零售总额"]),
    # the last name is a compound whose tail its parts share: kept whole
    ("工业用电量和金融机构存、贷款余额分别增长12.8%、13.4%、14.9%。", ["工业用电量", "金融机构存、贷款余额"],
     ["12.8", "13.4", "14.9"], ["工业用电量", "金融机构存、贷款余额"]),
    # as many names as values already: nothing to cut
    ("地区生产总值、一般公共预算收入分别跨过4000亿元台阶。", ["地区生产总值、一般公共预算收入"], ["4000"],
     ["地区生产总值、一般公共预算收入"]),
])
def test_joined_names_of_a_respective_list_are_cut(text, tagged, values, want):
    spans = _spans(text, *[(t, "INDICATOR") for t in tagged], *[(v, "VALUE") for v in values])
    got = [t for t, label in _texts(text, repair_spans(spans, text)) if label == "INDICATOR"]
    assert got == want


@pytest.mark.parametrize("text,tagged,want", [
    # a named place before a catalogue quantity is a frame, like 全省
    ("2025年,吉林省地区生产总值增长5%。", "吉林省地区生产总值", "地区生产总值"),
    ("吉林省长春市地区生产总值增长5%。", "吉林省长春市地区生产总值", "地区生产总值"),
    # a level, or a name the catalogue does not know, keeps its place
    ("其中扬州市级智能工厂5家。", "扬州市级智能工厂", "扬州市级智能工厂"),
    ("其中江苏省示范博士后科研工作站2家。", "江苏省示范博士后科研工作站", "江苏省示范博士后科研工作站"),
])
def test_named_place_before_a_quantity_is_a_frame(text, tagged, want):
    spans = _spans(text, (tagged, "INDICATOR"))
    assert _texts(text, repair_spans(spans, text)) == [(want, "INDICATOR")]


@pytest.mark.parametrize("text,tagged,want", [
    ("高技术制造业增速提高10.6个百分点。", "高技术制造业", "高技术制造业增速"),
    ("社会消费品零售总额增幅高于全国0.2个百分点。", "社会消费品零售总额", "社会消费品零售总额增幅"),
    # the value right after the word: the growth itself, 增速 stays outside
    ("拉动规上工业产值增速6.5个百分点。", "规上工业产值", "规上工业产值"),
    ("旅游收入增幅超过20%。", "旅游收入", "旅游收入"),
])
def test_rate_word_before_a_change_in_points_is_the_name(text, tagged, want):
    spans = _spans(text, (tagged, "INDICATOR"))
    assert _texts(text, repair_spans(spans, text)) == [(want, "INDICATOR")]
