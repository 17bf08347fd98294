"""Segmentation of small texts: captions, tables, notes, headings inside blocks, forum articles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikan.model import Document, Source
from qikan.segment import segment


def seg(text: str) -> Document:
    return segment(Document(source=Source("x.txt", "x.txt", "txt", len(text), "0"), text=text))


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in doc.paragraphs]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("表1　变量的描述性统计", "caption"),
        ("图2-3 专利引文网络示意图", "caption"),
        ("续表1　变量定义", "caption"),
        ("Table 2 Regression results", "caption"),
        ("表1给出了主要变量的描述性统计。", "body"),  # a sentence about a table
        ("图书馆是重要的公共文化设施。", "body"),
        ("表明了数字经济的作用。", "body"),
    ],
)
def test_captions(line: str, kind: str) -> None:
    assert kinds(seg(f"正文第一段。\n\n{line}\n\n正文第二段。"))[1] == (kind, line)


def test_table_rows_stay_out_of_body() -> None:
    doc = seg("表1　样本\n地区\t企业数\t占比\n东部\t120\t0.6\n注：数据来自调查。\n\n正文。")
    assert [k for k, _ in kinds(doc)] == ["caption", "table", "note", "body"]
    assert all("东部" not in t for k, t in kinds(doc) if k == "body")


def test_heading_line_at_the_top_of_a_block_is_split_off() -> None:
    doc = seg("一、引言\n近年来，研究不断深入。\n\n（一）背景\n背景说明。")
    assert [(s.title, s.level) for s in doc.sections] == [("一、引言", 1), ("（一）背景", 2)]
    assert [t for _, t in kinds(doc)] == ["近年来，研究不断深入。", "背景说明。"]


def test_wrapped_numbered_paragraph_is_not_a_heading() -> None:
    text = "1．学校将学位论文编入全文数据库并作为资料在学校图书馆等场所提供阅览和\n检索服务"
    doc = seg(text)
    assert [s.title for s in doc.sections if s.title] == []
    assert kinds(doc) == [("body", text)]


def test_numbered_list_lines_are_not_headings() -> None:
    doc = seg("命令由以下部分构成：\n1. 设置变量值（可选）\n2. 命令名\n3. 参数（可选）\n\n1．知识溢出\n\n正文。")
    assert [s.title for s in doc.sections if s.title] == ["1．知识溢出"]
    assert kinds(doc)[0] == ("body", "命令由以下部分构成：\n1. 设置变量值（可选）\n2. 命令名\n3. 参数（可选）")


def test_repeated_heading_is_a_running_header() -> None:
    doc = seg("第一章　绪论\n\n正文一。\n\n第一章　绪论\n\n正文二。")
    assert [s.title for s in doc.sections] == ["第一章　绪论"]
    assert [t for _, t in kinds(doc)] == ["正文一。", "正文二。"]


def test_plain_forum_issue() -> None:
    doc = seg(
        "笔谈：新质生产力\n\n编者按：本期讨论新质生产力。\n\n以创新驱动发展\n\n"
        "王 军 南开大学经济学院院长、教授\n\n正文。"
    )
    assert doc.meta["title"] == "笔谈：新质生产力"
    assert [(s.kind, s.title, s.author) for s in doc.sections] == [
        ("editor_note", "编者按", None),
        ("article", "以创新驱动发展", "王军"),
    ]
    assert doc.authors[0]["affiliations"][0]["name"] == "南开大学经济学院"
    assert doc.authors[0]["role"] == "院长、教授"


def test_prose_line_before_a_name_line_is_not_a_forum_title() -> None:
    doc = seg("这是一个完整的句子，并且很长。\n\n王军 南开大学经济学院教授\n\n正文。")
    assert all(s.kind != "article" for s in doc.sections)


def test_reference_entries_and_following_heading() -> None:
    doc = seg(
        "正文。\n\n参考文献：\n[1] 张三．题名[J]．刊名，2020，1（2）：3-4.\n[2] 李四．书名[M]．北京：\n出版社，2019.\n\n致谢\n\n感谢。"
    )
    assert [r["ordinal"] for r in doc.references] == [0, 1]
    assert doc.references[1]["raw"] == "李四．书名[M]．北京：\n出版社，2019."
    assert doc.references[1]["container"] == "出版社"
    assert [s.kind for s in doc.sections] == ["body", "references", "body"]
    assert kinds(doc)[-1] == ("body", "感谢。")


def test_reference_entries_glued_by_a_line_join_are_split_again() -> None:
    doc = seg("参考文献\n[1] 甲．乙[J]．丙，2020. [2] 丁．戊[M]．北京：己，2019. 见[5]。\n[3] 庚．辛[D]．壬：癸，2018.")
    assert [r["raw"] for r in doc.references] == [
        "甲．乙[J]．丙，2020.",
        "丁．戊[M]．北京：己，2019. 见[5]。",
        "庚．辛[D]．壬：癸，2018.",
    ]


def test_doi_wrapped_in_a_reference_stays_in_it() -> None:
    doc = seg(
        "摘要：本文。\n\n正文。\n\n参考文献\n[1] ACEMOGLU D. The race[J]. AER, 2018, 108(6): 1488-1542.\nDOI: 10.1257/aer.20160696."
    )
    assert "doi" not in doc.meta
    assert doc.references[0]["doi"] == "10.1257/aer.20160696"


def test_english_abstract_after_the_body_does_not_pull_body_lines_into_the_head() -> None:
    doc = seg(
        "题名\n\n一、引言\n\n王明，李华\n\n正文。\n\n参考文献\n[1] 甲．乙[J]．丙，2020.\n\n"
        "A Title\nWANG Ming, LI Hua\nAbstract: Text.\nKey words: a; b"
    )
    assert doc.authors == []
    assert "王明，李华" in [p.text for p in doc.paragraphs]
    assert doc.meta["abstract_en"] == "Text."


ALPHABET = "一二、（）1.．\n 引言结论表图：；。！？“”[]J编者按摘要关键词参考文献王明大学教授　\t"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_segment_never_fails_and_keeps_its_invariants(text: str) -> None:
    doc = seg(text)
    headings = {s.title for s in doc.sections if s.title}
    for p in doc.paragraphs:
        assert doc.text[p.char_start : p.char_end] == p.text and p.text.strip()
    by_par: dict[str, str] = {}
    for s in doc.sentences:
        by_par[s.paragraph_id] = by_par.get(s.paragraph_id, "") + s.text
    for p in doc.paragraphs:
        if p.paragraph_id in by_par:
            assert by_par[p.paragraph_id] == p.text
    assert all(p.kind != "body" or p.text not in headings for p in doc.paragraphs)
