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


# --------------------------------------------------------------------------- house-style neighbours (issue 12)


def _consumed_texts(text: str, fm) -> list[str]:
    return [text[s:e] for s, e in fm.consumed]


def test_jsjxb_markers_and_marked_affiliation_lines() -> None:
    """计算机学报: ``姓名1)`` markers, ``1)(单位　城市　邮编)`` one a line, ``摘　要　`` without a colon."""
    text = (
        "基于图神经网络的推荐算法研究\n\n郭建华1,2)　　曾建华2)　　谢　芳3)\n\n"
        "1)(中国科学技术发展战略研究院　北京　100038)\n2)(东北大学计算机科学与工程学院　沈阳　110169)\n"
        "3)(南京大学信息管理学院　南京　210023)\n\n摘　要　本文提出一种推荐算法，实验表明其效果良好。\n"
        "关键词　推荐；图神经网络\n中图法分类号　TP391\n\n1　引言\n\n正文。\n"
    )
    fm = parse_front_matter(text)
    got = [
        (a["name"], [(x["name"], x["city"], x["postcode"], x["marker"]) for x in a["affiliations"]]) for a in fm.authors
    ]
    assert got == [
        (
            "郭建华",
            [
                ("中国科学技术发展战略研究院", "北京", "100038", "1"),
                ("东北大学计算机科学与工程学院", "沈阳", "110169", "2"),
            ],
        ),
        ("曾建华", [("东北大学计算机科学与工程学院", "沈阳", "110169", "2")]),
        ("谢芳", [("南京大学信息管理学院", "南京", "210023", "3")]),
    ]
    assert fm.meta["title"] == "基于图神经网络的推荐算法研究"
    assert fm.meta["keywords"] == ["推荐", "图神经网络"] and fm.meta["clc"] == "TP391"
    assert "正文。" not in _consumed_texts(text, fm)


def test_marked_affiliations_run_together_on_one_line() -> None:
    text = "标题研究\n黄军1)　吕晓明2)\n1)(北京邮电大学计算机学院　北京　100876)2)(武汉大学信息管理学院　武汉　430072)\n摘要：本文研究。\n"
    fm = parse_front_matter(text)
    assert [(a["name"], a["affiliation"]) for a in fm.authors] == [
        ("黄军", "北京邮电大学计算机学院"),
        ("吕晓明", "武汉大学信息管理学院"),
    ]


def test_single_author_without_markers_over_an_unbracketed_affiliation() -> None:
    text = (
        "神经元网络软测量技术的研究进展\n\n马佳怡\n\n北京邮电大学计算机学院　北京　100876\n\n［摘要］讨论了研究进展。\n"
    )
    fm = parse_front_matter(text)
    assert [(a["name"], a["affiliation"]) for a in fm.authors] == [("马佳怡", "北京邮电大学计算机学院")]
    assert {"马佳怡", "北京邮电大学计算机学院　北京　100876"} <= set(_consumed_texts(text, fm))


def test_a_lone_name_over_a_sentence_is_no_author() -> None:
    text = "研究进展\n\n马佳怡\n\n本文以北京大学的数据为例说明问题。\n\n［摘要］讨论了研究进展。\n"
    fm = parse_front_matter(text)
    assert fm.authors == []
    assert "本文以北京大学的数据为例说明问题。" not in _consumed_texts(text, fm)


ENGLISH_BLOCK = (
    "Text mining of policy documents for innovation studies\nCHEN Zhiqiang1, SHEN Ruilong2\n"
    "(1. School of Public Administration, Sichuan University, Chengdu 610065, China; 2. School of Information "
    "Management, Wuhan University, Wuhan 430072, China)\n\nAbstract　Case studies illustrate the framework.\n"
    "Keywords　text mining; word segmentation\n"
)


def test_english_block_after_the_references() -> None:
    """The English title, authors and affiliations at the article's end (计算机学报) are front
    matter; the last reference entry above them, in English too, is not."""
    text = (
        "陈志强1)　沈瑞龙2)\n1)(四川大学公共管理学院　成都　610065)\n2)(武汉大学信息管理学院　武汉　430072)\n"
        "摘　要　本文研究政策文本。\n\n1　引言\n\n正文。\n\n参 考 文 献\n\n"
        "[1] OUYANG W, FENG H. A neural approach to word segmentation[J]. Information Processing and\n"
        "Management, 2005, 41(10): 609-614.\n\n" + ENGLISH_BLOCK
    )
    fm = parse_front_matter(text)
    consumed = _consumed_texts(text, fm)
    assert fm.meta["title_en"] == "Text mining of policy documents for innovation studies"
    assert [a["name_en"] for a in fm.authors] == ["CHEN Zhiqiang", "SHEN Ruilong"]
    assert fm.meta["keywords_en"] == ["text mining", "word segmentation"]
    assert fm.meta["abstract_en"] == "Case studies illustrate the framework."
    assert "CHEN Zhiqiang1, SHEN Ruilong2" in consumed and any(c.startswith("(1. School") for c in consumed)
    assert "Management, 2005, 41(10): 609-614." not in consumed


def test_english_block_after_the_chinese_fields() -> None:
    text = (
        "标题研究\n袁杰1，陈杰英2\n（1. 西安交通大学 管理学院，陕西 西安 710049；2. 武汉大学 信息管理学院，湖北 武汉 430072）\n"
        "摘要：本文研究。\n关键词：创新；政策\n中图分类号：TP391　　文献标识码：A\n"
        + ENGLISH_BLOCK
        + "\n1 引言\n\n正文。\n"
    )
    fm = parse_front_matter(text)
    assert fm.meta["title_en"] == "Text mining of policy documents for innovation studies"
    assert [a["name_en"] for a in fm.authors] == ["CHEN Zhiqiang", "SHEN Ruilong"]
    assert "正文。" not in _consumed_texts(text, fm)


def test_english_prose_above_an_abstract_without_authors_is_not_consumed() -> None:
    text = "摘要：本文研究。\n\nSome remarks on the method follow here.\nAbstract: This paper studies it.\n"
    fm = parse_front_matter(text)
    assert "Some remarks on the method follow here." not in _consumed_texts(text, fm)
    assert "title_en" not in fm.meta


@pytest.mark.parametrize(
    ("masthead", "latin"),
    [
        ("Journal of the China Society for Scientific and Technical Information", True),
        ("LIBRARY AND INFORMATION SERVICE", True),
        ("Knowledge graph construction from the literature.", False),
    ],
)
def test_latin_journal_name_in_the_masthead(masthead: str, latin: bool) -> None:
    text = f"第42卷 第3期\n2023年3月\n情报学报\n{masthead}\nVol. 42 No. 3\n\n标题研究\n\n作者甲，作者乙\n\n摘要：本文研究。\n"
    fm = parse_front_matter(text)
    assert (fm.meta.get("journal_latin") == masthead) is latin
    assert (masthead in _consumed_texts(text, fm)) is latin


@pytest.mark.parametrize(
    ("line", "title"),
    [("# 受限制投资组合机会成本的实证研究", "受限制投资组合机会成本的实证研究"), ("数字经济研究①", "数字经济研究")],
)
def test_title_without_markdown_hashes_or_marks(line: str, title: str) -> None:
    text = f"{line}\n\n王明，李华\n\n（南开大学 经济学院，天津 300071）\n\n摘要：本文研究。\n"
    assert parse_front_matter(text).meta["title"] == title
