"""Front-matter pieces: author lines, affiliations, roles, labels, keywords."""

from __future__ import annotations

from datetime import date

import pytest

from qikan.frontmatter import (
    parse_affiliations,
    parse_author_affiliations,
    parse_author_line,
    parse_date,
    parse_front_matter,
    split_keywords,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张  伟¹，李晓明¹,²*，王芳²", [("张伟", ["1"], False), ("李晓明", ["1", "2"], True), ("王芳", ["2"], False)]),
        ("孙  浩1，刘  洋1,2", [("孙浩", ["1"], False), ("刘洋", ["1", "2"], False)]),
        ("陈  静¹　赵  磊²", [("陈静", ["1"], False), ("赵磊", ["2"], False)]),
        ("王明*，李华", [("王明", [], True), ("李华", [], False)]),
        ("阿依古丽·买买提1，周强2", [("阿依古丽·买买提", ["1"], False), ("周强", ["2"], False)]),
    ],
)
def test_author_lines(line: str, expected) -> None:
    got = parse_author_line(line)
    assert [(a["name"], a["markers"], a["corresponding"]) for a in got] == expected


@pytest.mark.parametrize(
    "line",
    [
        "数字经济对区域创新效率的影响研究",  # a title: one long run, not names
        "摘要：本文研究了数字经济。",
        "（1.清华大学 公共管理学院，北京 100084）",
        "发展新质生产力是推动高质量发展的内在要求和重要着力点，也是提升国际竞争力的重要路径。",
    ],
)
def test_not_author_lines(line: str) -> None:
    assert parse_author_line(line) is None


def test_affiliations_numbered_and_single() -> None:
    got = parse_affiliations("（1.华中科技大学 管理学院，湖北 武汉 430074；2.武汉大学 信息管理学院，湖北 武汉 430072）")
    assert [(a["marker"], a["name"], a["city"], a["postcode"]) for a in got] == [
        ("1", "华中科技大学管理学院", "湖北 武汉", "430074"),
        ("2", "武汉大学信息管理学院", "湖北 武汉", "430072"),
    ]
    single = parse_affiliations("（南开大学 经济学院，天津 300071）")
    assert [(a["marker"], a["name"], a["city"], a["postcode"]) for a in single] == [
        (None, "南开大学经济学院", "天津", "300071")
    ]
    assert parse_affiliations("（2023年修订）") is None


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        (
            "清华大学公共管理学院教授、清华大学科技发展与治理研究中心主任",
            [("清华大学公共管理学院", "教授"), ("清华大学科技发展与治理研究中心", "主任")],
        ),
        ("中国科学技术发展战略研究院党委书记、研究员", [("中国科学技术发展战略研究院", "党委书记、研究员")]),
        ("中国人民大学国家一级教授", [("中国人民大学", "国家一级教授")]),
        ("复旦大学管理学院副院长、教授", [("复旦大学管理学院", "副院长、教授")]),
        ("中共中央宣传部部长", [("中共中央宣传部", "部长")]),
        (
            "北京市科学技术研究院创新发展战略研究所所长、研究员",
            [("北京市科学技术研究院创新发展战略研究所", "所长、研究员")],
        ),
        ("中国科学院科技战略咨询研究院", [("中国科学院科技战略咨询研究院", None)]),
    ],
)
def test_forum_author_line_split(rest: str, expected) -> None:
    assert [(a["name"], a["role"]) for a in parse_author_affiliations(rest)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("数字经济；区域创新；空间溢出", ["数字经济", "区域创新", "空间溢出"]),
        ("数字经济; 区域创新, 空间溢出，数据要素", ["数字经济", "区域创新", "空间溢出", "数据要素"]),
        ("digital economy; regional innovation", ["digital economy", "regional innovation"]),
        ("新质生产力　　科技创新", ["新质生产力", "科技创新"]),
        ("单个关键词", ["单个关键词"]),
    ],
)
def test_split_keywords(value: str, expected: list[str]) -> None:
    assert split_keywords(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-12", date(2023, 10, 12)),
        ("2024年1月5日", date(2024, 1, 5)),
        ("2023.3.8", date(2023, 3, 8)),
        ("不详", None),
    ],
)
def test_parse_date(value: str, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("摘要：本文研究。\n", "abstract", "本文研究。"),
        ("摘　要：本文研究。\n", "abstract", "本文研究。"),
        ("［摘要］本文研究。\n", "abstract", "本文研究。"),
        ("【摘 要】本文研究。\n", "abstract", "本文研究。"),
        ("摘要\n\n第一段。\n\n第二段。\n\n关键词：甲；乙\n", "abstract", "第一段。\n第二段。"),
        ("［关键词］甲；乙\n", "keywords", ["甲", "乙"]),
        ("关键词：甲，乙,丙\n", "keywords", ["甲", "乙", "丙"]),
        ("中图分类号：F124.3　　文献标识码：A\n", "clc", "F124.3"),
        ("中图分类号：F124.3　　文献标识码：A\n", "doc_code", "A"),
        ("文献标识码：A 1 引言\n", "doc_code", "A"),
        (
            "［中图分类号］G311　［文献标志码］A　［文章编号］1003-2053（2024）06-0961-08\n",
            "article_no",
            "1003-2053（2024）06-0961-08",
        ),
        ("DOI:10.13580/j.cnki.fstc.2024.03.002\n", "doi", "10.13580/j.cnki.fstc.2024.03.002"),
        ("DOI 10.1000/xyz123\n", "doi", "10.1000/xyz123"),
        ("收稿日期：2023-10-12；修回日期：2024-01-05\n", "revised_date", date(2024, 1, 5)),
        ("基金项目：国家自然科学基金项目（72074123）\n", "funding", "国家自然科学基金项目（72074123）"),
        ("通讯作者：李明，E-mail: li@x.cn\n", "corresponding_author", "李明，E-mail: li@x.cn"),
        ("Abstract: This paper studies.\n", "abstract_en", "This paper studies."),
        ("KEY WORDS: a; b\n", "keywords_en", ["a", "b"]),
        ("Keywords: a, b\n", "keywords_en", ["a", "b"]),
    ],
)
def test_labelled_fields(text: str, key: str, value) -> None:
    assert parse_front_matter(text).meta[key] == value


def test_footnote_fields_stop_before_body_text() -> None:
    text = "基金项目：国家自然科学基金（123）\n作者简介：张伟，男，教授。\n当前，新一轮科技革命深入发展。\n"
    fm = parse_front_matter(text)
    assert fm.meta["author_notes"] == "张伟，男，教授"
    assert [text[s:e] for s, e in fm.consumed] == ["基金项目：国家自然科学基金（123）", "作者简介：张伟，男，教授。"]


@pytest.mark.parametrize(
    "text",
    [
        "本文的关键词：创新。\n",  # a label inside a sentence is not a field
        "我们的摘要写在后面。\n",
        "The abstract idea is this.\n",
    ],
)
def test_no_field_inside_sentences(text: str) -> None:
    fm = parse_front_matter(text)
    assert not fm.meta and not fm.consumed
