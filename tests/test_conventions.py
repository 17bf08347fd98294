"""Case tables of the journal conventions (``qikan.conventions``): what each one recognises and,
a third or more of every table, what it must not. The text path (``qikan.repair``) and the PDF
path (``qikan.pdf``) are run on the same tables where both decide the same thing."""

from __future__ import annotations

import pytest

from qikan import conventions as C
from qikan import segment
from qikan.pdf import document as pdf_document
from qikan.pdf import seams as pdf_seams
from qikan.pdf import zones as pdf_zones
from qikan.pdf.layout import PLine
from qikan.repair import DEFAULT_FIXERS, run_fixers
from qikan.repair.engine import fix
from qikan.repair.layout import join_text, remove_running_heads


def _negatives_share(cases, is_negative) -> None:
    negative = sum(1 for c in cases if is_negative(c))
    assert negative * 3 >= len(cases), f"{negative} negatives of {len(cases)}"


# --------------------------------------------------------------------------- sentence ends

#: (line, ends a sentence)
SENTENCE_ENDS = [
    ("这是正确的。", True),
    ("他说：“好。”", True),
    ("真的吗？", True),
    ("太好了！", True),
    ("等等……", True),
    ("It works.", True),
    ("（见附录。）", True),
    ("句子结束。  ", True),
    ("产生整", False),
    ("如下：", False),
    ("首先，", False),
    ("包括、", False),
    ("用 xdg-", False),
    ("第一章 绪论", False),
    ("“卡脖子", False),
    ("", False),
]


@pytest.mark.parametrize(("line", "expected"), SENTENCE_ENDS)
def test_sentence_end(line: str, expected: bool) -> None:
    assert C.ends_sentence(line) is expected


def test_sentence_end_sets_nest() -> None:
    assert set(C.SENTENCE_END) <= set(C.TERMINAL) and set(C.SENTENCE_END) <= set(C.SPLIT_END)
    assert not set(C.CONTINUING) & set(C.SENTENCE_END)


# --------------------------------------------------------------------------- characters

#: (text, display width): CJK, full-width punctuation and full-width Latin count double.
WIDTHS = [
    ("abc", 3),
    ("新质", 4),
    ("ｄｅｂｃｏｎｆ", 14),
    ("debconf", 7),
    ("，。", 4),
    ("a，b", 4),
    ("“引号”", 6),  # curly quotes are narrow (East Asian ambiguous)
    ("\u3000", 2),
]


@pytest.mark.parametrize(("text", "width"), WIDTHS)
def test_display_width(text: str, width: int) -> None:
    assert C.display_width(text) == width


@pytest.mark.parametrize(
    ("ch", "cjk", "zh"),
    [
        ("新", True, True),
        ("𠀀", True, True),
        ("，", False, True),
        ("“", False, True),
        ("a", False, False),
        ("ｄ", False, False),
        ("", False, False),
    ],
)
def test_cjk_predicates(ch: str, cjk: bool, zh: bool) -> None:
    assert (C.is_cjk(ch), C.is_zh(ch)) == (cjk, zh)


# --------------------------------------------------------------------------- headings

#: (line, style or None). Decided here: ``1 引言`` and ``(1) 方法`` are headings as whole short
#: lines; ``第一部分`` ranks above ``第一章``; ``绪论`` is an unnumbered heading.
HEADINGS = [
    ("1 引言", "arabic_gap"),
    ("1. 引言", "arabic"),
    ("1．引言", "arabic"),
    ("1、引言", "arabic"),
    ("2 Related Work", "arabic_gap"),
    ("一、引言", "zh_number"),
    ("（一）研究背景", "zh_paren"),
    ("(一) 研究背景", "zh_paren"),
    ("1.1 研究背景", "arabic_2"),
    ("1.1.1 数据来源", "arabic_3"),
    ("2.3.1.4 细节", "arabic_4"),
    ("第一章 绪论", "chapter"),
    ("第 3 章 方法", "chapter"),
    ("第一章", "chapter"),
    ("第一部分 总论", "part"),
    ("第二篇 实践", "part"),
    ("第一节 概述", "section"),
    ("绪论", "plain"),
    ("绪　论", "plain"),
    ("引言", "plain"),
    ("结语", "plain"),
    ("附录 A", "plain"),
    ("攻读硕士学位期间发表的论文", "plain"),
    ("作者简介", "plain"),
    ("(1) 方法", "arabic_paren"),
    ("（2）数据处理", "arabic_paren"),
    ("参考文献", "references"),
    ("参考文献：", "references"),
    ("参 考 文 献", "references"),
    ("［参考文献］", "references"),
    ("References", "references"),
    ("## 二、结论", "markdown"),
    ("1．加强基础研究，提升原始创新能力。", None),
    ("2 个方面的原因", None),
    ("3.14亿元的投入", None),
    ("12 月份的数据", None),
    ("5.5 节给出了证明", None),
    ("1 /usr/bin/vim", None),
    ("1 2 3 4", None),
    ("20 第三章 文档元素", None),
    ("1.1 研究背景 . . . . . . 3", None),
    ("1.txt", None),  # a file name: no Latin title right after the period
    ("3 小时后，系统自动重启", None),
    ("引言部分的写作要点", None),
    ("这是一个句子。", None),
    ("一、", None),
    ("（1）", None),
    ("参考文献综述表明，研究很多。", None),
    ("第一", None),
    ("附录A 调查问卷", "plain"),  # an appendix with its letter and title
    ("2．项目化管理", "arabic"),  # 项 after a number closed by its mark: a title, no count
    ("1、年度计划", "arabic"),
    ("附录中的数据表明，", None),
    ("附录数据", None),
    ("20 一、引言", None),  # a page number before a running head
    ("12 第二章 用 LaTeX 排版文字", None),
    ("2 项研究表明", None),
    # A numbered list item is a sentence and may end with a full stop; a heading never does, but
    # it may ask. Lines of the Debian reference (GPL-2+) and of a CSL abstract (Apache-2.0), both
    # in ../shared/corpus: Chinese set with ASCII punctuation, once with its full-width period.
    ("4. 按^A n （“Control-A”接着“n”）来在多个screen窗口间转换.", None),
    ("8. 使用“screen -r”启动screen.", None),
    ("9. screen魔术般的重新附上先前所有的screen窗口和所有在活动运行的程序.", None),
    ("1.池塘中溶解氧的多少直接影响鱼类的健康生长.", None),
    ("1．池塘中溶解氧的多少直接影响鱼类的健康生长．", None),
    ("1. 登录到一个远程机器。", None),
    ("9.1.2 screen 程序", "arabic_3"),
    ("2.7.11 上传软件包的是谁？", "arabic_3"),  # a question ends a heading
    ("9.5.1 谁在系统里？", "arabic_3"),
]


@pytest.mark.parametrize(("line", "style"), HEADINGS)
def test_heading(line: str, style: str | None) -> None:
    h = C.heading(line)
    assert (h.style if h else None) == style


def test_heading_table_has_negatives() -> None:
    _negatives_share(HEADINGS, lambda c: c[1] is None)


def test_heading_ranks_nest() -> None:
    """part > chapter > section > 一、 > （一） > 1. = 1 > 1.1 > 1.1.1 > 1.1.1.1 > (1)."""
    order = [
        "第一部分 总论",
        "第一章 绪论",
        "第一节 概述",
        "一、引言",
        "（一）背景",
        "1. 引言",
        "1.1 背景",
        "1.1.1 数据",
        "1.1.1.1 细节",
        "(1) 方法",
    ]
    ranks = [C.heading(s).rank for s in order]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    assert C.heading("1 引言").rank == C.heading("1. 引言").rank
    assert C.heading("绪论").rank == C.heading("参考文献：").rank == -1


#: (line, numbering style or None): the numbering that alone opens a new unit mid-block.
NUMBERINGS = [
    ("（一）研究背景", "zh_paren"),
    ("1.1 研究背景", "arabic_2"),
    ("1．加强基础研究，提升原始创新能力。", "arabic"),
    ("(1) 第一项内容，较长的一句话。", "arabic_paren"),
    ("## 标题", "markdown"),
    ("第二章 方法", "chapter"),
    ("1 引言", None),  # a bare number needs the whole line (``heading``)
    ("3.14亿元的投入", None),
    ("5.5 节给出了证明", None),
    ("2019年的数据", None),
    ("1.97~53.65/cm3。对不同高度", None),
    ("1.txt 文件", None),
    ("2.5/3 的比例", None),
    ("新质生产力", None),
    ("#hashtag", None),
]


@pytest.mark.parametrize(("line", "style"), NUMBERINGS)
def test_numbering(line: str, style: str | None) -> None:
    m = C.numbering(line)
    assert (m.lastgroup if m else None) == style


# --------------------------------------------------------------------------- page numbers

#: (line, page number or None)
PAGE_NUMBERS = [
    ("23", 23),
    ("xii", 12),
    ("XIV", 14),
    ("· 23 ·", 23),
    ("— 65 —", 65),
    ("- 23 -", 23),
    ("12/223", 12),
    ("第 3 页", 3),
    ("第3页/共10页", 3),
    ("  ～ 7 ～ ", 7),
    ("23年", None),
    ("第三章", None),
    ("12:30", None),
    ("3.14", None),
    ("mid", None),
    ("civil", None),
    ("· 附录 ·", None),
    ("2024年第3期", None),
    ("Vol. 3", None),
    ("12345", None),
]


@pytest.mark.parametrize(("line", "number"), PAGE_NUMBERS)
def test_page_number(line: str, number: int | None) -> None:
    assert C.page_number(line) == number


def test_page_number_table_has_negatives() -> None:
    _negatives_share(PAGE_NUMBERS, lambda c: c[1] is None)


@pytest.mark.parametrize("line", [line for line, _ in PAGE_NUMBERS])
def test_pdf_page_numbers_agree(line: str) -> None:
    """The PDF path's page-number zone and the text path take the same lines for page numbers
    (once they disagreed on ``第3页/共10页``, ``～ 7 ～`` — page numbers — and ``mid``, ``civil``
    — words the PDF path took for roman numerals)."""
    assert pdf_zones.page_number_line(line) == (C.page_number(line) is not None)


@pytest.mark.parametrize("style", ["· {} ·", "— {} —", "{}/223", "第 {} 页", "- {} -"])
def test_text_path_removes_every_page_number_style(style: str) -> None:
    pages = [f"正文第{k}页的内容，很长很长的一句话写到这里。\n{style.format(k + 22)}" for k in range(1, 5)]
    text = "\f".join(pages)
    edits = remove_running_heads(text)
    assert [e.rule for e in edits] == ["page_number"] * 4
    assert edits[0].meta["pages"] == "23-26"
    assert all(style.format(k + 22) not in fix(text, remove_running_heads) for k in range(1, 5))


def test_text_path_removes_roman_page_numbers_in_step() -> None:
    pages = [f"前言第{k}页的内容，很长很长的一句话写到这里。\n{r}" for k, r in enumerate(["i", "ii", "iii", "iv"])]
    out = fix("\f".join(pages), remove_running_heads)
    assert out.split("\f") == [p.rsplit("\n", 1)[0] + "\n" for p in pages[:-1]] + [pages[-1].rsplit("\n", 1)[0] + "\n"]


# --------------------------------------------------------------------------- captions, contents

CAPTIONS = [
    ("表1 各省数据", True),
    ("表 1  各省数据", True),
    ("续表2 数据", True),
    ("图2-3：流程", True),
    ("Fig. 1 Framework", True),
    ("Table 2: Results", True),
    ("图 3．结构", True),
    ("图A2 MS-SFR 模型", True),  # an appendix's figure
    ("Fig.C3 Open-loop model", True),
    ("表 D1 基础参数", True),
    ("图A2中：G 表示传递函数", False),
    ("表A", False),
    ("图1所示的结构", False),
    ("表明数据的变化", False),
    ("图书馆的发展", False),
    ("Figure out the way", False),
    ("表1", False),
    ("如图1所示", False),
]


@pytest.mark.parametrize(("line", "expected"), CAPTIONS)
def test_caption(line: str, expected: bool) -> None:
    assert C.caption(line) is expected


TOC = [
    ("1.1 研究背景 . . . . . . 3", True),
    ("第一章 绪论………1", True),
    ("参考文献 · · · · 45", True),
    ("2.5.6 aptitude的软件包状态. . . . . . . 58", True),
    ("1.1 研究背景", False),
    ("共 3 页", False),
    ("见第 3 页。", False),
    ("版本 2.100", False),
    ("例如 a.b.c 3", False),
]


@pytest.mark.parametrize(("line", "expected"), TOC)
def test_toc_entry(line: str, expected: bool) -> None:
    assert C.toc_entry(line) is expected


#: (line, a table-of-contents entry without leaders): only where a heading is told apart.
TOC_UNDOTTED = [
    ("1.1 研究背景 3", True),
    ("第一章 绪论 1", True),
    ("1.1 研究背景 . . . 3", True),
    ("附录 1", False),
    ("Chapter 3", False),
    ("1.1 研究背景", False),
    ("第一章 绪论", False),
]


@pytest.mark.parametrize(("line", "expected"), TOC_UNDOTTED)
def test_toc_entry_undotted(line: str, expected: bool) -> None:
    assert C.toc_entry(line, undotted=True) is expected
    _negatives_share(TOC_UNDOTTED, lambda c: not c[1])


#: (line, a page number before a running head's heading)
PAGE_THEN_HEADING = [
    ("12 第二章 用 LaTeX 排版文字", True),
    ("20 一、引言", True),
    ("36 1.2 研究方法", True),
    ("2 个方面", False),
    ("第二章 用 LaTeX 排版文字", False),
    ("12", False),
    ("2024 年第 3 期", False),
]


@pytest.mark.parametrize(("line", "expected"), PAGE_THEN_HEADING)
def test_page_then_heading(line: str, expected: bool) -> None:
    assert C.page_then_heading(line) is expected
    _negatives_share(PAGE_THEN_HEADING, lambda c: not c[1])


@pytest.mark.parametrize("line", [line for line, _ in HEADINGS + TOC + TOC_UNDOTTED + PAGE_THEN_HEADING])
def test_segment_reads_headings_as_the_conventions_do(line: str) -> None:
    """``segment.classify_heading`` (which had its own unnumbered-heading, contents-line and
    running-head patterns) decides as ``conventions.heading`` on every line of the tables; it
    leaves out only what it reads elsewhere (reference-list and Markdown headings, 第一部分)
    and contents lines without leaders, and numbers its ranks from 0 (第一章; unnumbered ones -1)."""
    h, seg = C.heading(line), segment.classify_heading(line)
    if h is None or h.style in ("references", "markdown", "part") or C.toc_entry(line, undotted=True):
        assert seg is None
    else:
        assert seg is not None and seg.rank == (-1 if h.style == "plain" else h.rank - 1)


# --------------------------------------------------------------------------- labels

LABELS = [
    ("摘要：本文研究", "abstract"),
    ("摘　要：本文研究", "abstract"),
    ("【摘要】本文研究", "abstract"),
    ("［关键词］数据", "keywords"),
    ("关键词：数据", "keywords"),
    ("关键字：数据", "keywords"),
    ("Key words: AI", "keywords_en"),
    ("Keywords: AI", "keywords_en"),
    ("Abstract: This paper", "abstract_en"),
    ("ABSTRACT Technology", "abstract_en"),
    ("中图分类号：F124", "clc"),
    ("文献标识码：A", "doc_code"),
    ("文献标志码：A", "doc_code"),
    ("文章编号：1003-2053（2024）06-0961-08", "article_no"),
    ("DOI：10.1000/xyz", "doi"),
    ("收稿日期：2024-01-02", "received"),
    ("基金项目：国家自然科学基金", "funding"),
    ("作者简介：王华，教授", "author_notes"),
    ("通信作者：王华", "corresponding_author"),
    ("本文起止页码：129-136", "page_range"),
    ("本文责任编辑：刘　静", "editor"),
    ("本文认为：", None),
    ("摘　要", "abstract"),
    ("摘要显示了研究的要点", None),
    ("关键在于创新", None),
    ("中图书馆借来的书", None),
    ("abstract thinking is hard", None),
    ("DOI", None),
    ("收稿后三个月内", None),
    ("文章编号为空", None),
    ("Keywords are important", None),
    ("作者认为：", None),
    ("基金的项目", None),
    # the gap forms of 计算机学报 and of English blocks (no colon: the value's shape, or a wide gap)
    ("中图法分类号　TP391　　DOI号　10.11897/SP.J.1016.2023.00103", "clc"),
    ("DOI号　10.11897/SP.J.1016.2023.00103", "doi"),
    ("摘　要　利用2010年11月6日在珠江三角洲的飞机探测数据", "abstract"),
    ("关键词　Maillard反应；肠道微生物", "keywords"),
    ("Abstract　The analysis combines bibliometric indicators", "abstract_en"),
    ("Keywords　open science; bibliometrics", "keywords_en"),
    ("Keywords text mining; word segmentation", "keywords_en"),
    ("KEY WORDS Technology; innovation", "keywords_en"),
    ("分类号：TP391", "clc"),
    ("［分类号］G250", "clc"),
    ("网络首发日期：2024-05-06", "online_first"),
    ("第一作者：张伟（1980—），男", "author_notes"),
    ("Received date: 2023-01-02", "received"),
    ("中图法分类号很重要", None),
    ("中图法分类号　是一种标引语言", None),
    ("DOI号　未知", None),
    ("摘 要 本文", None),
    ("关键词是检索的入口", None),
    ("Abstract thinking matters", None),
    ("Keywords, in this sense, are labels", None),
    ("Keywords are important", None),
    ("分类号码不对", None),
    ("网络首发的意义", None),
    ("第一作者认为", None),
    ("Received wisdom says so", None),
]


@pytest.mark.parametrize(("line", "key"), LABELS)
def test_label(line: str, key: str | None) -> None:
    assert C.label(line) == key


def test_label_table_has_negatives() -> None:
    _negatives_share(LABELS, lambda c: c[1] is None)


def test_every_label_and_heading_start_is_in_the_fast_path() -> None:
    """``opens_unit`` skips lines opening with a Chinese character no unit opens with: every
    label, unnumbered heading and numbering must open with one it keeps."""
    for line, key in LABELS + [(h, s) for h, s in HEADINGS if s]:
        first = line.lstrip(C.BLANK)[:1]
        if key and C.is_cjk(first):
            assert first in C._UNIT_FIRST_CJK, line
    for line, style in HEADINGS:
        first = line.lstrip(C.BLANK)[:1]
        if style:
            assert first in C._HEADING_FIRST or first.isdigit(), line


# --------------------------------------------------------------------------- author lines and affiliations

#: (line, the authors' (name, markers), or None: no author line)
AUTHOR_LINES = [
    ("张  伟¹，李晓明¹,²*，王芳²", [("张伟", ["1"]), ("李晓明", ["1", "2"]), ("王芳", ["2"])]),
    ("黄军1)　吕晓明2)", [("黄军", ["1"]), ("吕晓明", ["2"])]),
    ("郭建华1,2)　　曾建华2)　　谢　芳3)", [("郭建华", ["1", "2"]), ("曾建华", ["2"]), ("谢芳", ["3"])]),
    ("刘英  吴娜", [("刘英", []), ("吴娜", [])]),
    ("马佳怡", [("马佳怡", [])]),
    ("袁杰，陈杰英，司马瑞龙", [("袁杰", []), ("陈杰英", []), ("司马瑞龙", [])]),
    ("数字经济对区域创新效率的影响研究", None),
    ("（北京大学 信息管理系，北京 100871）", None),
    ("1)(北京邮电大学计算机学院　北京　100876)", None),
    ("本文研究了数字经济。", None),
    ("摘要：本文", None),
    ("（2023）年", None),
]


@pytest.mark.parametrize(("line", "expected"), AUTHOR_LINES)
def test_author_line(line: str, expected) -> None:
    got = C.parse_author_line(line)
    assert (got and [(a["name"], a["markers"]) for a in got]) == expected


def test_author_line_table_has_negatives() -> None:
    _negatives_share(AUTHOR_LINES, lambda c: c[1] is None)


#: (line, English author names, or None)
AUTHOR_EN_LINES = [
    ("LI Taowei1,2, LIANG Lixin2, SHEN Xiuying1", ["LI Taowei", "LIANG Lixin", "SHEN Xiuying"]),
    ("XU Xiaoming, YUAN Jun, ZHOU Guoqing, ZHAO Qiang", ["XU Xiaoming", "YUAN Jun", "ZHOU Guoqing", "ZHAO Qiang"]),
    ("HUANG Jun1, LYU Xiaoming2", ["HUANG Jun", "LYU Xiaoming"]),
    ("ZHU Zihan", ["ZHU Zihan"]),
    ("Wang Fang and Li Ming", ["Wang Fang", "Li Ming"]),
    ("A neural approach to chinese word segmentation", None),
    ("Funding, collaboration and the impact of research", None),
    ("(School of Management, Xi'an Jiaotong University)", None),
    ("Abstract The analysis combines", None),
    ("The proposed method is compared", None),
]


@pytest.mark.parametrize(("line", "expected"), AUTHOR_EN_LINES)
def test_author_en_line(line: str, expected) -> None:
    got = C.parse_author_en_line(line)
    assert (got and [a["name"] for a in got]) == expected


def test_author_en_table_has_negatives() -> None:
    _negatives_share(AUTHOR_EN_LINES, lambda c: c[1] is None)


#: (line, the first line of an author line wrapped in the middle)
AUTHOR_EN_WRAPPED = [
    ("YUAN Jie, CHEN Jieying, SIMA Ruilong, SUN", True),
    ("CHEN Zhiqiang, SHEN Ruilong, MA Yong, LI Chao,", True),
    ("LI Taowei1,2, LIANG Lixin2,", True),
    ("YUAN Jie, CHEN Jieying", False),
    ("Zhiqiang, MA Ying", False),
    ("Text mining of policy documents for innovation", False),
]


@pytest.mark.parametrize(("line", "expected"), AUTHOR_EN_WRAPPED)
def test_author_en_wrapped(line: str, expected: bool) -> None:
    assert bool(C.AUTHOR_EN_WRAPPED_RE.match(line)) is expected


#: (line, an affiliation starts, an affiliation ends)
AFFILIATION_EDGES = [
    ("（1. 复旦大学 管理学院，上海 200433；", True, False),
    ("1)(中国科学技术发展战略研究院　北京　100038)", True, True),
    ("²武汉大学信息管理学院　武汉　430072", True, True),
    ("北京邮电大学计算机学院　北京　100876", True, True),
    ("本文以北京大学的数据为例。", False, False),
    ("100038；", False, False),
    ("研究表明：大学生的学习行为", False, False),
    ("（见附录）", False, True),
]


@pytest.mark.parametrize(("line", "starts", "ends"), AFFILIATION_EDGES)
def test_affiliation_edges(line: str, starts: bool, ends: bool) -> None:
    assert C.affiliation_start(line) is starts
    assert bool(C.AFFILIATION_END_RE.search(line)) is ends


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("1)(中国科学技术发展战略研究院　北京　100038)2)(东北大学　沈阳　110169)", 2),
        ("1)（北京邮电大学　北京　100876） 2)（武汉大学　武汉　430072） 3)（南京大学　南京　210023）", 3),
        ("1)(北京邮电大学计算机学院　北京　100876)", 1),
        ("（见表1）和(2)式", 1),
        ("函数f(x)(y)", 1),
    ],
)
def test_marked_affiliations_split(line: str, parts: int) -> None:
    assert len(C.AFFILIATION_MARKED_SPLIT_RE.split(line)) == parts


#: (line, a forum article's author line)
FORUM_AUTHORS = [
    ("谢雨桐　北京市科学技术研究院创新发展战略研究所所长、研究员、上海市科学学研究所所长、研究员", True),
    ("杨瑞龙 中国人民大学经济学院教授", True),
    ("陈　劲　清华大学技术创新研究中心主任", True),
    ("内存　16GB", False),
    ("他说　这是我们的目标。", False),
    ("图1　不同方法的性能比较", False),
    ("北京　100871", False),
]


@pytest.mark.parametrize(("line", "expected"), FORUM_AUTHORS)
def test_forum_author_line(line: str, expected: bool) -> None:
    assert bool(C.forum_author_line(line)) is expected


def test_forum_author_table_has_negatives() -> None:
    _negatives_share(FORUM_AUTHORS, lambda c: not c[1])


# --------------------------------------------------------------------------- the English front block

#: (lines, index of the English abstract label, where the block starts or None)
ENGLISH_BLOCKS = [
    # after the Chinese fields, the author line wrapped, the affiliation wrapped
    (
        [
            "中图分类号：TP391　　文献标识码：A",
            "Regional innovation systems and university",
            "industry linkages",
            "YUAN Jie, CHEN Jieying, SIMA Ruilong, SUN",
            "Zhiqiang, MA Ying",
            "(School of Management, Xi'an Jiaotong",
            "University, Xi'an 710049, China)",
            "Abstract: The proposed method",
        ],
        7,
        1,
    ),
    # at the end, after the references: the last entry (in English) is no part of it
    (
        [
            "[15] OUYANG W, FENG H. A neural",
            "approach to Chinese word segmentation[J].",
            "Management, 2005, 41(10): 609-614.",
            "",
            "Text mining of policy documents for innovation",
            "studies",
            "CHEN Zhiqiang, SHEN Ruilong",
            "(School of Public Administration, Sichuan University)",
            "",
            "Abstract　Case studies illustrate",
        ],
        9,
        4,
    ),
    # a blank line between the affiliation and the label
    (
        [
            "参考文献结束。",
            "",
            "Open data and science",
            "ZHENG Siyuan, TANG Jiayi",
            "(School of Public Affairs)",
            "",
            "Abstract: The analysis",
        ],
        6,
        2,
    ),
    # no author line above the label: an English abstract alone, no block
    (["关键词：数字经济", "Abstract: This paper studies the problem."], 1, None),
    (["Some English sentence ends here.", "Another line of text", "Abstract: The analysis"], 2, None),
    (["本文研究了创新。", "", "ABSTRACT", "Technology matters."], 2, None),
]


@pytest.mark.parametrize(("texts", "at", "start"), ENGLISH_BLOCKS)
def test_english_block_start(texts: list[str], at: int, start: int | None) -> None:
    assert C.english_block_start(texts, at) == start


def test_english_block_table_has_negatives() -> None:
    _negatives_share(ENGLISH_BLOCKS, lambda c: c[2] is None)


def test_text_path_keeps_the_english_block_lines_apart() -> None:
    """The repair breaks an English front block into its lines (title, authors, affiliation)
    wherever it sits, and joins the wrapped lines of each."""
    text = (
        "关键词：大时延；遥操作\n中图分类号：TP391　　文献标识码：A\nRegional innovation systems and university\n"
        "industry linkages\nYUAN Jie, CHEN Jieying, SIMA Ruilong, SUN\nZhiqiang, MA Ying\n"
        "(School of Management, Xi'an Jiaotong\nUniversity, Xi'an 710049, China)\nAbstract: The proposed method is\n"
        "compared with several strong baselines.\n"
    )
    paras = run_fixers(text, DEFAULT_FIXERS).text.split("\n\n")
    assert "Regional innovation systems and university industry linkages" in paras
    assert "YUAN Jie, CHEN Jieying, SIMA Ruilong, SUN Zhiqiang, MA Ying" in paras
    assert "(School of Management, Xi'an Jiaotong University, Xi'an 710049, China)" in paras
    assert "中图分类号：TP391　　文献标识码：A" in paras


def test_text_path_joins_english_prose_that_is_no_front_block() -> None:
    """English lines above an ``Abstract`` label with no author line among them are no front
    block: they join or break as they would without the label."""
    prose = "We compare several methods on the data,\nand the results show gains in recall\nand in precision.\n"
    with_label = run_fixers(prose + "Abstract: not a block above.\n", DEFAULT_FIXERS).text
    assert with_label.startswith(run_fixers(prose, DEFAULT_FIXERS).text.rstrip("\n"))
    assert "front_matter_line" not in {r.rule for r in run_fixers(prose + "Abstract: x.\n", DEFAULT_FIXERS).repairs}


# --------------------------------------------------------------------------- masthead names, headings

#: (line, a journal's Latin name alone on a masthead line)
MASTHEAD_LATIN_NAMES = [
    ("Journal of the China Society for Scientific and Technical Information", True),
    ("LIBRARY AND INFORMATION SERVICE", True),
    ("JOURNAL OF CHINESE INFORMATION PROCESSING", True),
    ("Journal on Communications", True),
    ("The results of the survey are shown below.", False),
    ("Vol. 42 No. 3", False),
    ("Open data and the reproducibility of science", False),
    ("中国科技论坛", False),
]


@pytest.mark.parametrize(("line", "expected"), MASTHEAD_LATIN_NAMES)
def test_masthead_latin_name(line: str, expected: bool) -> None:
    assert bool(C.MASTHEAD_LATIN_NAME_RE.match(line)) is expected


#: (line, opens like a heading: where front matter ends at the latest)
HEADING_HINTS = [
    ("1　引言", True),
    ("1. 引言", True),
    ("一、研究背景", True),
    ("（一）理论框架", True),
    ("第一章 绪论", True),
    ("## 二、结论", True),
    ("参考文献：", True),
    ("引言", True),
    ("2023年第3期", False),
    ("北京大学信息管理系　北京　100871", False),
    ("摘要：本文研究了", False),
    ("中图分类号：TP391", False),
    ("Vol. 42 No. 3", False),
]


@pytest.mark.parametrize(("line", "expected"), HEADING_HINTS)
def test_opens_like_heading(line: str, expected: bool) -> None:
    assert C.opens_like_heading(line) is expected


#: (line, the field of an abstract heading alone on its line, or None)
ABSTRACT_HEADINGS = [
    ("摘　要", "abstract"),
    ("［摘要］", "abstract"),
    ("中文摘要", "abstract"),
    ("ABSTRACT", "abstract_en"),
    ("Abstract", "abstract_en"),
    ("摘要：本文", None),
    ("Abstract: This paper", None),
    ("摘要显示", None),
    ("abstracts", None),
]


@pytest.mark.parametrize(("line", "key"), ABSTRACT_HEADINGS)
def test_abstract_heading(line: str, key: str | None) -> None:
    m = C.ABSTRACT_HEADING_RE.match(line)
    assert (m and next(k for k, v in m.groupdict().items() if v)) == (key or None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("第一章 绪论", True), ("目　录", True), ("Contents", True), ("1 绪论", True),
     ("本文的研究内容包括", False), ("10 个方面", False), ("第一节 方法", False)],
)  # fmt: skip
def test_abstract_stop(line: str, expected: bool) -> None:
    assert bool(C.ABSTRACT_STOP_RE.match(line)) is expected


@pytest.mark.parametrize(
    ("line", "title"),
    [("# 受限制投资组合机会成本的实证研究", "受限制投资组合机会成本的实证研究"), ("## 二、结论 ##", "二、结论"),
     ("#标签", None), ("C# 语言", None), ("1 # 2", None)],
)  # fmt: skip
def test_markdown_heading(line: str, title: str | None) -> None:
    got = C.markdown_heading(line)
    assert (got and got[1]) == title


# --------------------------------------------------------------------------- line joins

#: (left, right, options, join, rule, glue when joined)
JOINS = [
    ("用 xdg-", "desktop-portal 启动", {}, True, "hyphen_kept", ""),
    ("the protec-", "tion of data", {}, True, "hyphenated_word", ""),
    ("call 555-", "1234", {}, True, "hyphen_kept", ""),
    ("Sino-", "US relations", {}, True, "hyphen_kept", ""),
    ("创新", "驱动", {}, True, "cjk_join", ""),
    ("表示 ", "Medium 级别", {}, True, "author_space", " "),
    ("表示", " Medium 级别", {}, True, "author_space", " "),
    ("ｄｅｂｃｏｎ", "ｆ 系统", {}, True, "fullwidth_join", ""),
    ("results of the", "survey", {}, True, "latin_space", " "),
    ("导出工具在句子中间插入了一个", "空行，句子继续", {"blank": True}, True, "blank_mid_sentence", ""),
    ("the export put a", "blank line here", {"blank": True}, True, "blank_mid_sentence", " "),
    (
        "研究表明这是正确的。",
        "第二段没有缩进。",
        {"blank": True, "page_break": True},
        True,
        "full_line_sentence_end",
        "",
    ),
    (
        "ｄｅｂｃｏｎｆ 系统提供的配置界面让用户在安装时回答问题。",
        "下一行",
        {"width": 56},
        True,
        "full_line_sentence_end",
        "",
    ),
    ("表示", "Medium 级别", {}, True, "cjk_join", ""),
    (
        "debconf 系统提供的配置界面让用户在安装时回答问题。",
        "下一行",
        {"width": 56},
        False,
        "short_line_sentence_end",
        None,
    ),
    ("这是正确的。", "参考文献：", {"blank": True}, False, "heading", None),
    ("研究表明这是正确的。", "第二段没有缩进。", {"blank": True}, False, "blank_after_sentence_end", None),
    ("Introduction", "The paper", {"blank": True}, False, "blank_new_start", None),
    ("研究表明这是正确的。", "　　新段落开始。", {}, False, "indent", None),
    ("这是很短的一句。", "下一行", {"width": 60}, False, "short_line_sentence_end", None),
    ("一、引言", "本文研究", {}, False, "heading_before", None),
    ("前文", "1.1 研究背景", {}, False, "heading", None),
    ("前文", "1 引言", {}, False, "heading", None),
    ("正文", "——————", {}, False, "footnote_rule", None),
    ("正文", "关键字：数据", {}, False, "label", None),
    ("正文", "• 列表项", {}, False, "bullet", None),
    ("", "正文", {}, False, "empty", None),
]


@pytest.mark.parametrize(("left", "right", "opts", "join", "rule", "glue"), JOINS)
def test_line_join(left: str, right: str, opts: dict, join: bool, rule: str, glue: str | None) -> None:
    got = C.line_join(left, right, **opts)
    assert (got.join, got.rule) == (join, rule)
    if join:
        assert got.glue == glue


def test_join_table_has_negatives() -> None:
    _negatives_share(JOINS, lambda c: not c[3])


#: (lines as printed, the paragraph they make): the text path's and the PDF path's joins agree.
WRAPS = [
    (["用 xdg-", "desktop-portal 启动"], "用 xdg-desktop-portal 启动"),
    (["美国数学学会 (Amer-", "ican Mathematical Society)"], "美国数学学会 (American Mathematical Society)"),
    (["the protec-", "tion of data"], "the protection of data"),
    (["call 555-", "1234"], "call 555-1234"),
    (["an A-", "level"], "an A-level"),
    (["the Sino-", "US talks"], "the Sino-US talks"),
    (["send an e-", "mail"], "send an e-mail"),
    (["注：数据来源于", "统计年鉴"], "注：数据来源于统计年鉴"),
    (["results of the", "survey"], "results of the survey"),
    (["使用 Linux", "系统"], "使用 Linux系统"),
]


@pytest.mark.parametrize(("parts", "joined"), WRAPS)
def test_text_and_pdf_paths_join_lines_alike(parts: list[str], joined: str) -> None:
    left, right = parts
    glue, eat = join_text(left, right)
    assert left[: len(left) - eat] + glue + right == joined  # the text path (soft wraps, seams)
    assert pdf_document.join_lines(parts) == joined  # the PDF path


def test_hyphenated_compound_counted_in_the_document() -> None:
    """``apt-|pinning``: the document writes it hyphenated, so both paths keep the hyphen."""
    doc = "使用 apt-pinning 时，apt-pinning 的优先级"
    assert C.hyphen_join("使用 apt-", "pinning 时", text=doc).rule == "hyphen_kept"
    assert pdf_document.hyphenated("使用 apt-", "pinning 时", text=doc) is False
    assert C.hyphen_join("使用 apt-", "pinning 时").rule == "hyphenated_word"


# --------------------------------------------------------------------------- the text path end to end

#: A full line of prose that stops mid-sentence, and one that ends a sentence.
_PROSE = "确保经济政策与科技创新政策保持一致，在大多数情况下已经足够使用了，取值"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a blank line after a sentence end, a flush-left heading after it
            "　　正文的最后一段写到这里，" + _PROSE + "。\n\n参考文献：\n［1］张三．论文［J］．期刊，2020．",
            "　　正文的最后一段写到这里，" + _PROSE + "。\n\n参考文献：\n\n［1］张三．论文［J］．期刊，2020．",
        ),
        (  # a blank line after a sentence end, a flush-left paragraph after it, in an indented text
            "　　第一段，" + _PROSE + "。\n　　第二段，" + _PROSE + "。\n\n第三段没有缩进，" + _PROSE + "。",
            "　　第一段，" + _PROSE + "。\n\n　　第二段，" + _PROSE + "。\n\n第三段没有缩进，" + _PROSE + "。",
        ),
        (  # the author's space between Chinese and Latin at a wrap stays
            _PROSE + "表示 \nMedium 级别的压缩，" + _PROSE + "。",
            _PROSE + "表示 Medium 级别的压缩，" + _PROSE + "。",
        ),
        (  # no space at the wrap: none is made
            _PROSE + "表示\nMedium 级别的压缩，" + _PROSE + "。",
            _PROSE + "表示Medium 级别的压缩，" + _PROSE + "。",
        ),
        (  # a space between Chinese and Latin on a line stays
            "这个参数表示 Medium 级别的压缩，在大多数情况下已经足够使用了。",
            "这个参数表示 Medium 级别的压缩，在大多数情况下已经足够使用了。",
        ),
        (  # an English sentence cut by a blank line (a Markdown export)
            "This paragraph is cut in the middle of a sentence because the export put a\n\nblank line here.",
            "This paragraph is cut in the middle of a sentence because the export put a blank line here.",
        ),
        (
            "用下面的命令来启动桌面门户服务，它的名称叫作 xdg-\ndesktop-portal 并且它在后台运行。",
            "用下面的命令来启动桌面门户服务，它的名称叫作 xdg-desktop-portal 并且它在后台运行。",
        ),
    ],
)
def test_text_path_paragraph_ends(text: str, expected: str) -> None:
    assert run_fixers(text, DEFAULT_FIXERS).text == expected


def test_a_wrapped_line_of_fullwidth_latin_is_a_full_line() -> None:
    """``ｄｅｂｃｏｎｆ`` fills a line at double width: the sentence ending on it, a full line in a
    text without indents, does not end the paragraph (made half-width only afterwards)."""
    han = "新质生产力是由技术革命性突破生产要素创新性配置产业深度转型升级而催生的当代先进"
    lines = [
        han[:28],
        han[1:29],
        "ｄｅｂｃｏｎｆ 系统提供的配置界面让用户在安装时回答问题。",
        han[2:30],
        han[3:20] + "。",
    ]
    out = run_fixers("\n".join(lines), DEFAULT_FIXERS).text
    assert "\n" not in out and "debconf 系统提供" in out


def test_the_footnote_rule_goes_with_the_notes_under_it() -> None:
    text = (
        "　　理论与实践都证明一个有效率的产权制度对于创新的激励作用，这是因为\n"
        "——————\n收稿日期：2024-01-02\n基金项目：国家自然科学基金（71874001）\n\f制度有助于创新。"
    )
    result = run_fixers(text, DEFAULT_FIXERS)
    body = result.text.split("\n\n")[0]
    assert body == "　　理论与实践都证明一个有效率的产权制度对于创新的激励作用，这是因为制度有助于创新。"
    assert result.text.endswith("——————\n\n收稿日期：2024-01-02\n\n基金项目：国家自然科学基金（71874001）")
    assert {r.rule for r in result.repairs if r.kind == "layout"} == {"footnote_rule"}


def test_a_rule_without_notes_under_it_stays() -> None:
    text = "正文第一段写到这里。\n——————\n正文第二段继续写。"
    assert [r for r in run_fixers(text, DEFAULT_FIXERS).repairs if r.kind == "layout"] == []


# --------------------------------------------------------------------------- blocks of a page (PDF path)

#: (line, a list item's or reference entry's marker opens it)
LIST_MARKERS = [
    ("[12] 王磊．数字经济［J］", True),
    ("［3］张三．", True),
    ("• 第一项", True),
    ("◦ nested", True),
    ("1) 安装软件包", True),
    ("2、配置", True),
    ("(3) 运行", True),
    ("3.14 亿元的投入", False),
    ("2024年的数据", False),
    ("· 23 ·", False),  # a page number between middle dots
    ("新质生产力", False),
    ("12 月份", False),
]


@pytest.mark.parametrize(("line", "expected"), LIST_MARKERS)
def test_list_marker(line: str, expected: bool) -> None:
    assert C.list_marker(line) is expected
    _negatives_share(LIST_MARKERS, lambda c: not c[1])


#: (line, cut inside a sentence)
MID_SENTENCE = [
    ("研究表明", True),
    ("𠀀", True),  # an Extension B ideograph (the old PDF pattern knew the URO only)
    ("the protec-", True),
    ("首先，", True),
    ("包括、", True),
    ("results of the", True),
    ("如下：", False),
    ("正确。", False),
    ("1 2-", False),
    ("……", False),
    ("（见附录）", False),
    ("", False),
]


@pytest.mark.parametrize(("line", "expected"), MID_SENTENCE)
def test_cut_mid_sentence(line: str, expected: bool) -> None:
    assert C.cut_mid_sentence(line) is expected
    _negatives_share(MID_SENTENCE, lambda c: not c[1])


#: (line, the field a label opening it names, colon or not)
LABEL_STARTS = [
    ("摘　要　由于数据", "abstract"),
    ("关键词 数字经济；创新", "keywords"),
    ("关键字：新质生产力", "keywords"),
    ("Abstract Technology is", "abstract_en"),
    ("Key words: AI", "keywords_en"),
    ("CLC number: TP391", "clc_en"),
    ("Document code: A", "doc_code_en"),
    ("学科代码：630", "subject_code"),
    ("Received: 2024-01-02", "received"),
    ("Foundation items: 国家自然科学基金", "funding"),
    ("基金会成立于1990年", None),
    ("DOI：10.1234/abc", "doi"),
    ("Abstracts of papers", None),
    ("abstract algebra is", None),
    ("本文摘要如下", None),
    ("Receivedness", None),
    ("数据表明", None),
]


@pytest.mark.parametrize(("line", "key"), LABEL_STARTS)
def test_label_start(line: str, key: str | None) -> None:
    assert C.label_start(line) == key
    _negatives_share(LABEL_STARTS, lambda c: c[1] is None)


def test_a_label_with_its_colon_starts_a_block_on_both_paths() -> None:
    """Every line ``label`` (the text path) reads as a label opens a block for the PDF path too."""
    for line, key in LABELS:
        if key is not None:
            assert C.label_start(line) is not None, line


#: (line, what opens a block of its own however it is indented, or None)
BLOCK_STARTS = [
    ("参考文献", "heading"),
    ("1 引言", "heading"),
    ("第二章 方法", "heading"),
    ("关键词：数据", "label"),
    ("摘　要　由于数据", "label"),
    ("[3] 张三．论文［J］", "list_marker"),
    ("• 第一项", "bullet"),
    ("表1 各省数据", "caption"),
    ("——————", "footnote_rule"),
    ("表明数据的变化", None),
    ("图书馆的发展", None),
    ("2 个方面的原因", None),
    ("附录中的数据表明，", None),
    ("继续写下去的句子", None),
    ("2019 年以来", None),
]


@pytest.mark.parametrize(("line", "rule"), BLOCK_STARTS)
def test_opens_block(line: str, rule: str | None) -> None:
    assert C.opens_block(line) == rule
    _negatives_share(BLOCK_STARTS, lambda c: c[1] is None)


@pytest.mark.parametrize("line", [line for line, _ in BLOCK_STARTS + LIST_MARKERS + HEADINGS])
def test_pdf_seams_and_floats_agree_on_what_opens_a_block(line: str) -> None:
    """The seam after a sentence end at a full column foot (``pdf.seams.decide``, indented style,
    the next block flush left in the same size) runs on exactly where ``opens_block`` — the
    check ``document.floats_after_paragraph`` makes too — says the next line opens nothing;
    both had patterns of their own, and they disagreed (``图书馆…`` was a caption to one)."""
    last = PLine("研究表明这是正确的结论。", 50, 550, 100, 110, 10.0)
    first = PLine(line, 50, 300, 120, 130, 10.0)
    d = pdf_seams.decide(last, (50, 550), first, (50, 550), indented_style=True)
    assert d.join is (C.opens_block(line) is None and bool(line.strip()))


def test_text_path_opens_what_the_pdf_path_opens() -> None:
    """A unit the text path opens (``opens_unit``, minus the indent it reads from blanks) is a
    block of its own on the PDF path."""
    for line, _ in BLOCK_STARTS + HEADINGS + LABELS:
        rule = C.opens_unit(line)
        if rule not in (None, "indent"):
            assert C.opens_block(line) == rule, line


# --------------------------------------------------------------------------- masthead: one family

#: (text, issue number read by ISSUE_RE, volume number read by VOLUME_RE)
VOLUME_ISSUE = [
    ("2024年第3期", 3, None),
    ("第44卷第3期", 3, 44),
    ("Vol. 44, No. 3", 3, 44),
    ("Vol．31 No．2", 2, 31),
    ("Vol37No3", 3, 37),
    ("2024年2期", 2, None),
    ("NO.5", 5, None),
    ("no. 6", 6, None),
    ("there is no 1 answer", None, None),
    ("Revolution 3", None, None),
    ("No.2024", None, None),
    ("Nov. 2024", None, None),
    ("共 3 页", None, None),
]


@pytest.mark.parametrize(("text", "issue", "volume"), VOLUME_ISSUE)
def test_volume_and_issue(text: str, issue: int | None, volume: int | None) -> None:
    i, v = C.ISSUE_RE.search(text), C.VOLUME_RE.search(text)
    assert (int(next(g for g in i.groups() if g)) if i else None) == issue
    assert (int(next(g for g in v.groups() if g)) if v else None) == volume
    _negatives_share(VOLUME_ISSUE, lambda c: c[1] is None)


def test_the_masthead_latin_names_are_the_one_family() -> None:
    """Front matter's Latin volume and number readers are ISSUE_RE and VOLUME_RE, which the repair
    reads running heads with: the two can no longer disagree on ``Vol37No3`` or ``No. 3``."""
    assert C.MASTHEAD_LATIN_NO_RE is C.ISSUE_RE and C.MASTHEAD_LATIN_VOL_RE is C.VOLUME_RE


# --------------------------------------------------------------------------- reference lines and codes

REFERENCE_LINES = [
    ("［1］  习近平．论科技自立自强［J］．求是，2023", "J"),
    ("[12] Smith J. Deep learning[M]. Beijing, 2020.", "M"),
    ("【3】王宁．数据库设计［D］．北京：北京大学，2019．", "D"),
    ("国家统计局．统计公报［EB/OL］．（2024-02-29）．", "EB/OL"),
    ("GB/T 7714—2015 信息与文献 参考文献著录规则［S］．", "S"),
    ("张三．一种装置：CN1234567［P］．2020．", "P"),
    ("〔7〕 李四等．舆图［CM］．", "CM"),
    ("本文的方法[AI]不同于其他工作", None),
    ("见表[1-3]的结果", None),
    ("其中 x[i] 表示第 i 个元素", None),
    ("1. 引言", None),
    ("数组a[10]的长度", None),
]


@pytest.mark.parametrize(("line", "code"), REFERENCE_LINES)
def test_reference_line_and_type_code(line: str, code: str | None) -> None:
    m = C.REFERENCE_TYPE_RE.search(line)
    assert (m["code"] if m else None) == code
    numbered = bool(C.REFERENCE_ENTRY_RE.match(line)) and line.lstrip()[:1] in "［[【〔"
    assert bool(C.REFERENCE_LINE_RE.search(line)) == (code is not None or numbered)


def test_reference_lines_have_their_negatives() -> None:
    _negatives_share(REFERENCE_LINES, lambda case: case[1] is None)
