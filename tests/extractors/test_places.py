"""Rules of the place detector, each on a short synthetic string."""
from zh_indicators.extractors.places import canonical_name, detect_place, place_name, resolve, short_name


def test_word_ending_in_a_unit_is_not_a_place():
    # 示范县 ends in the county 范县, 主城区 in 城区: neither names a place
    text = "我代表县人民政府报告工作。获评国家生态文明建设示范县、全国示范县,主城区扩容。"
    assert place_name(text) == (None, "none")


def test_greedy_names_across_a_line_break():
    name, source = place_name("──2023年2月8日在太原市晋源区第六届\n人民代表大会第四次会议上")
    assert (name, source) == ("晋源区", "meeting line")
    assert place_name("太原市晋源区人民政府代区长张某\n各位代表:") == ("晋源区", "head of government")


def test_shared_district_name_is_read_within_its_city():
    name, _ = place_name("——2016年1月12日在济南市市中区第十七届人民代表大会第五次会议上")
    assert name == "济南市市中区"
    p = resolve(name)
    assert (p.prefecture, p.adcode, p.level) == ("济南市", "370103", "district")


def test_title_and_government_cues():
    assert place_name("湖南省衡阳市两会政府工作报告精神解读") == ("衡阳市", "title")
    assert place_name("各位代表:\n现在,我代表上杭县人民政府,向大会报告。获评示范县。") == ("上杭县", "government")
    # 我代表市人民政府 names no place: the cue must not invent one
    assert place_name("我代表市人民政府向大会报告工作。") == (None, "none")


def test_short_names_need_the_text_frame_or_recurrence():
    assert short_name("宁夏回族自治区") == "宁夏" and short_name("德宏傣族景颇族自治州") == "德宏"
    assert short_name("范县") is None
    # 芜湖 is a 市 and a 县: the report speaks of its 市人民政府
    assert place_name("芜湖\n政府工作报告\n我代表市人民政府报告工作。芜湖集群上线。")[0] == "芜湖市"
    # 塔城 is a 地区 and a 市: 地委 says which
    assert place_name("在地委的坚强领导下,全年增长。为塔城口岸注入新动力。")[0] == "塔城地区"
    # a county named without its unit, twice, in a 县 report
    assert place_name("在县第十八届人民代表大会上。全县上下,黎平发展,黎平赶超。")[0] == "黎平县"


def test_ordinary_words_that_are_short_names_do_not_win():
    # 合作 (合作市, Gansu) is said more often than 昆山, but the text's places are in Jiangsu
    text = "我代表市人民政府报告。合作共赢,区域合作,合作项目。昆山发展,昆山开发区,苏州市委,江苏省委。"
    assert place_name(text)[0] == "昆山市"


def test_prefecture_of_its_named_counties():
    text = "全市要建成兴县、临县矿井,交口、岚县冶炼项目投产。"  # three counties of 吕梁市
    assert place_name(text) == ("吕梁市", "most named")


def test_rename_from_the_supplement():
    assert place_name("2026年横州市政府工作报告\n各位代表:") == ("横州市", "title")
    p = resolve("横州市")
    assert (p.adcode, p.prefecture, p.level) == ("450181", "南宁市", "county")


def test_nothing_named_gives_none_and_metadata_wins():
    assert place_name("各位代表:现在,我代表市人民政府向大会报告工作。全市经济增长。") == (None, "none")
    assert detect_place("在太原市晋源区第六届人民代表大会", meta={"place": "昆山市"}).name == "昆山市"
    assert canonical_name("德州") == "德州市"


def test_division_prefix_reads_full_names_only():
    from zh_indicators.extractors.places import division_prefix

    for text, prefix in (("吉林省长春市地区生产总值", "吉林省长春市"), ("顺德区项目签约总额", "顺德区"),
                         ("长春生产整车", ""), ("地区生产总值", "")):
        assert text[:division_prefix(text, 0, len(text))] == prefix
