"""Heading recognition: numbered and unnumbered headings, and lines that must stay paragraphs."""

from __future__ import annotations

import pytest

from qikan.segment import classify_heading


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
    ],
)
def test_not_headings(line: str) -> None:
    assert classify_heading(line) is None
