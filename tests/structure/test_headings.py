"""Heading recognition: numbered and unnumbered headings, and lines that must stay paragraphs."""

from __future__ import annotations

import pytest

from qikan.segment import classify_heading, segment


@pytest.mark.parametrize(
    ("line", "rank"),
    [
        ("第一章　绪论", 0),
        ("第3章 研究设计", 0),
        ("第一章", 0),  # its title on the next line
        ("第 1 章 GNU/Linux 教程", 0),
        ("Chapter 1", 0),
        ("第二节 文献回顾", 1),
        ("一、引言", 2),
        ("十二、结论与讨论", 2),
        ("（一）数字经济与创新", 3),
        ("(二) 空间溢出", 3),
        ("1．知识溢出", 4),
        ("1 Introduction", 4),
        ("1 “双碳”目标", 4),
        ("1 引言", 4),
        ("2、研究方法", 4),
        ("1.1 研究背景", 5),
        ("2.3.1 政策背景", 6),
        ("1.2.3.4 细节", 7),
        ("（1）任务分解", 8),
        ("引言", -1),
        ("结　论", -1),
        ("结语", -1),
        ("致谢", -1),
        ("附录A　调查问卷", -1),
        ("附录 1", -1),
    ],
)
def test_headings(line: str, rank: int) -> None:
    h = classify_heading(line)
    assert h is not None and h.rank == rank


@pytest.mark.parametrize(
    "line",
    [
        "1．加强基础研究，提升原始创新能力。",  # a numbered sentence
        "一、二是关键，三是基础，这是结论。",
        "3.14亿元的投入带来了显著回报",
        "2023 年的数据表明",
        "1 2 3 4",  # a table row of numbers
        "引言部分已经说明了这一点。",
        "第一，塑造科技创新的动力机制。",
        "第 9.3.2 节。",
        "表1　变量的描述性统计",
        "1.1 研究背景 . . . . . . 3",  # a table-of-contents entry
        "第二章 文献综述 ··· ··· ··· 12",
        "1 S",
        "1 /usr/bin/vim",  # a path
        "1.txt 2.txt",  # file names
        "6.1.1 基本的参考文献和引用 . . 75",
        "第一章 LATEX 的基本概念 1",  # table of contents: a page number after a gap
        "12 第二章 用 LATEX 排版文字",  # running header: page number, then the chapter
        "本文的结论是，数字经济显著提升了区域创新效率",
        "",
        # formula, figure and table residue of a PDF (written here, shaped like a thesis's)
        "0 S 1 S S",  # a figure's axis labels
        "2 x + y = 1",  # a numbered formula
        "1 δ ≤ γ",
        "3 −3 −3 −3 −3",  # a table row of exponents
        "4.1 k ≠ i, j",
        "（2）x ∈ [0,1]",
    ],
)
def test_not_headings(line: str) -> None:
    assert classify_heading(line) is None


def _sections(text: str) -> list[tuple[str, str | None]]:
    from qikan.model import Document, Source

    doc = Document(source=Source("t.txt", "t.txt", "txt", len(text.encode()), "0" * 64))
    doc.text = text
    return [(s.kind, s.title) for s in segment(doc).sections]


@pytest.mark.parametrize(
    "text",
    [
        # a formula line, then its 其中 … sentence: not a forum article with an author
        "1.1 方法\n\n扰动的大小满足\n\nx + δ ∈[0,1]m (3.8)\n\n其中 θ 是分类器的参数。\n",
        # two cells of a table row, then two more
        "1.1 方法\n\n硬件 配置\n\n内存 16GB\n",
        # figure labels: two boxes, then two more
        "1.1 方法\n\n判定器\n\n生成器 生成图片\n",
    ],
)
def test_formula_and_table_lines_open_no_section(text: str) -> None:
    assert _sections(text) == [("body", "1.1 方法")]


def test_forum_article_still_needs_only_a_title_and_an_author_line() -> None:
    text = "前瞻布局未来产业\n\n黄河 北京大学国家发展研究院教授\n\n培育未来产业，首先要加强基础研究。\n"
    assert _sections(text) == [("article", "前瞻布局未来产业")]


@pytest.mark.parametrize(
    "text",
    [
        # the steps of a procedure, each a block of its own (as a PDF's list items come out)
        "1.1 方法\n\n按下列顺序处理。\n\n1. 从远程档案库获取档案库元数据\n\n2. 解决软件包依赖关系\n\n3. 运行 preinst 脚本\n",
        "1.1 方法\n\n信号如下。\n\n0 检查进程是否运行\n\n1 从终端断开连接\n\n9 不可阻塞的终止信号\n",
        "1.1 方法\n\n（1）任务分解\n\n（2）资源配置\n",
    ],
)
def test_numbered_lines_side_by_side_are_a_list_not_headings(text: str) -> None:
    from qikan.model import Document, Source

    doc = Document(source=Source("t.txt", "t.txt", "txt", len(text.encode()), "0" * 64))
    doc.text = text
    segment(doc)
    assert [(s.kind, s.title) for s in doc.sections] == [("body", "1.1 方法")]
    items = [p.text for p in doc.paragraphs][1:]
    assert len(items) == text.count("\n\n") - 1 and all(p.kind == "body" for p in doc.paragraphs)


@pytest.mark.parametrize(
    "text, titles",
    [
        # headings with their text between them stay headings
        ("1 引言\n\n正文。\n\n2 方法\n\n正文。\n", ["1 引言", "2 方法"]),
        # a heading, then the first of its subheadings (another numbering style)
        ("1 引言\n\n1.1 背景\n\n正文。\n", ["1 引言", "1.1 背景"]),
        # numbers that do not rise: not one list
        ("2 方法\n\n1 引言\n\n正文。\n", ["2 方法", "1 引言"]),
    ],
)
def test_headings_with_text_between_stay_headings(text: str, titles: list[str]) -> None:
    assert [t for _, t in _sections(text)] == titles
