"""Line building and soft wraps on page geometry written here (no PDF file needed):
a keyword line right after a full last abstract line, English words hyphenated at line ends,
a lowered subscript. The coordinates imitate a justified thesis page (12 pt type, a column
from x = 90 to x = 505)."""

from __future__ import annotations

import pytest

from qikan.frontmatter import parse_front_matter
from qikan.pdf.document import assemble, hyphenated
from qikan.pdf.layout import PageLayout, PLine, _line
from qikan.pdf.zones import mark_zones
from qikan.repair.engine import apply_edits

LEFT, RIGHT, SIZE, PITCH = 90.0, 505.0, 12.0, 20.0


def _text(rows: list[tuple[str, float]]) -> str:
    """The text after the layout edits of a page holding ``rows`` (text, right end x), flush left."""
    return _page_text([(t, LEFT, x1) for t, x1 in rows])


def _page_text(rows: list[tuple[str, float, float]]) -> str:
    """The text after the layout edits of a page holding ``rows`` (text, x0, x1)."""
    page = PageLayout(1, 595, 842)
    for i, (t, x0, x1) in enumerate(rows):
        page.lines.append(PLine(t, x0, x1, 100 + PITCH * i, 100 + PITCH * i + SIZE, SIZE))
    # a paragraph of full lines further down, so that the column edges are the page's
    for i in range(6):
        top = 500 + PITCH * i
        page.lines.append(PLine("正文内容足够长的一行" * 3, LEFT, RIGHT, top, top + SIZE, SIZE))
    pages = [page]
    mark_zones(pages)
    out = assemble(pages)
    return apply_edits(out.raw_text, out.edits).split("正文内容足够长的一行")[0]


def test_keyword_line_after_a_full_last_abstract_line_is_its_own_field():
    rows = [
        ("摘要", 318.0),
        ("本文研究了一种新的方法，它在三个数据集上进行了大量实验，证明了方法的", RIGHT),
        ("有效性和鲁棒性，并给出了进一步改进的方向以及可能的应用场景和局限。", RIGHT - 7.4),  # 0.6 em short
        ("关键词：人工智能安全；知识产权保护；所有权推断；近边界数据；生成对抗", RIGHT),
        ("网络", 114.6),
    ]
    text = _text(rows)
    fm = parse_front_matter(text)
    assert fm.meta["abstract"].endswith("可能的应用场景和局限。")
    assert fm.meta["keywords"] == ["人工智能安全", "知识产权保护", "所有权推断", "近边界数据", "生成对抗网络"]


@pytest.mark.parametrize(
    ("x1", "joined"),
    [
        (RIGHT, True),  # a full justified line ending a sentence: the paragraph may go on
        (RIGHT + 8.0, True),  # its 。 hanging past the edge
        (RIGHT - 3.0, True),  # a quarter em short: still a full line
        (RIGHT - 7.4, False),  # more than half an em short: the paragraph's last line
    ],
)
def test_a_sentence_end_short_of_the_edge_ends_the_block(x1: float, joined: bool):
    rows = [("第一句话写满了整整一行而且以句号结束在这一行的最末尾。", x1), ("第二行紧接着开始。", 200.0)]
    text = _text(rows)
    assert ("。第二行" in text) is joined
    assert ("。\n\n第二行" in text) is not joined


def test_english_abstract_hyphenated_across_lines():
    rows = [
        ("Deep networks are costly to train, which is why the protec-", RIGHT),
        ("tion of their owners matters. This thesis infers owner-", RIGHT),
        ("ship from near-boundary data: every near-", RIGHT),
        ("boundary point sits close to a decision boundary. Call 555-", RIGHT),
        ("1234 or see Appendix A-", RIGHT),
        ("B for the CW-", RIGHT),
        ("L2 attack, and e-", RIGHT),
        ("mail us.", 150.0),
    ]
    text = _text(rows)
    assert "the protection of their owners" in text
    assert "infers ownership from" in text
    assert "every near-boundary point" in text  # printed hyphenated inside a line: its own hyphen
    assert "555-1234" in text and "A-B" in text and "CW-L2" in text  # digits, capitals keep it
    assert "e-mail" in text  # one letter before the hyphen: kept


@pytest.mark.parametrize(
    ("prev", "cur", "doc", "drops"),
    [
        ("the protec-", "tion of", "the protection of", True),
        ("the protec-", "tion of", "", True),  # nothing else printed: the issue-3 rule
        ("every near-", "boundary point", "near-boundary data", False),
        ("every near-", "boundary point", "near-boundary and nearboundary, near-boundary", False),
        ("every near-", "boundary point", "nearboundary", True),
        ("call 555-", "1234", "", False),
        ("Appendix A-", "b", "", False),
        ("the CW-", "L2 attack", "", False),
        ("a long-", "Term view", "", False),  # next line not lower case
        ("", "tion", "", False),
    ],
)
def test_hyphenated(prev: str, cur: str, doc: str, drops: bool):
    assert hyphenated(prev, cur, text=doc.lower()) is drops


def _word(text: str, x0: float, x1: float, top: float = 570.6, size: float = 12.0) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + size, "size": size}


@pytest.mark.parametrize(
    ("words", "line"),
    [
        # CW-$L_2$: a font change and a lowered, smaller 2, with no gap: one word, in x order
        ([_word("CW-", 250.1, 272.7), _word("L", 273.2, 279.8, 571.3), _word("2", 280.0, 284.5, 575.5, 9.0)], "CW-L2"),
        ([_word("改进的", 214.0, 250.1), _word("CW-L", 253.1, 279.8), _word("算法", 288.0, 312.0)], "改进的 CW-L 算法"),
        ([_word("model", 90.0, 120.0), _word("ownership", 122.5, 170.0)], "model ownership"),  # a word space
        ([_word("数据", 90.0, 114.0), _word("集", 115.0, 127.0)], "数据集"),  # justified Chinese
    ],
)
def test_line_building(words: list[dict], line: str):
    assert _line(words).text == line


def test_a_word_hyphenated_across_a_page_is_rejoined():
    pages = []
    for n, rows in ((1, ["Models derived from them by the main-"]), (2, ["stream theft techniques inherit it."])):
        page = PageLayout(n, 595, 842)
        fill = [("Full lines of running text fill this column to its edge", RIGHT)] * 5
        body = fill + [(t, RIGHT) for t in rows] if n == 1 else [(t, RIGHT) for t in rows] + fill
        for i, (t, x1) in enumerate(body):
            page.lines.append(PLine(t, LEFT, x1, 100 + PITCH * i, 100 + PITCH * i + SIZE, SIZE))
        pages.append(page)
    mark_zones(pages)
    out = assemble(pages)
    text = apply_edits(out.raw_text, out.edits)
    assert "by the mainstream theft" in text


def test_reference_entries_keep_their_hanging_lines():
    page = PageLayout(1, 595, 842)
    rows = [
        ("[1] Samek W, Montavon G. Explaining deep neural networks and be-", 96.0, RIGHT),
        ("yond: a review of methods. [J]. Proc IEEE, 2021, 109(3): 247–278.", 120.8, RIGHT - 40),
        ("[2] Wu L, Chen Y. Graph neural networks for natural language pro-", 96.0, RIGHT),
        ("cessing: a survey. [J]. Foundations and Trends, 2023, 16(2): 119–328.", 120.8, RIGHT - 20),
    ]
    top = 100.0
    for i, (t, x0, x1) in enumerate(rows):
        top += 18.5 if i % 2 == 0 and i else (13.5 if i else 0)
        page.lines.append(PLine(t, x0, x1, top, top + 10.9, 10.9))
    for i in range(6):
        y = 400 + 13.5 * i
        page.lines.append(
            PLine("Full lines of running text fill this column to its edge", 96.0, RIGHT, y, y + 10.9, 10.9)
        )
    mark_zones([page])
    out = assemble([page])
    text = apply_edits(out.raw_text, out.edits)
    assert "[1] Samek W, Montavon G. Explaining deep neural networks and beyond: a review" in text
    assert "247–278.\n\n[2] Wu L" in text
    assert "language processing: a survey" in text


def test_a_hanging_indent_continues_the_line_cut_mid_sentence():
    hang = LEFT + 4 * SIZE
    rows = [
        # a description item: label flush left, its later lines under the text
        ("oneside, twoside 单面或双面排版。双面排版时，奇偶页的页眉页脚、页边距不同。article", LEFT, RIGHT),
        ("和 report 默认为 oneside，book 默认为 twoside。", hang, 400.0),
        # a new paragraph after a sentence end: its first-line indent starts a block
        ("这一段写满了整行，而且以句号结束在这一行的最末尾，下一行另起一段。", LEFT, RIGHT),
        ("另起的一段有首行缩进。", LEFT + 2 * SIZE, 300.0),
        # a caption is a line of its own, even when a table's header row follows it closely
        ("表5.6 微调分类边界对准确率的影响分析以及三个数据集上的结果对照", LEFT, RIGHT),
        ("CIFAR-10 Heritage Intel_image", LEFT + 6 * SIZE, RIGHT),
        # a table-of-contents entry ends with its page number: the next entry stands alone
        ("第一章 绪论 . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 1", LEFT, RIGHT),
        ("第一节 研究背景 . . . . . . . . . . . . . . . . . . . . . . . . . . . 1", LEFT + 2 * SIZE, RIGHT),
    ]
    text = _page_text(rows)
    assert "页边距不同。article和 report 默认为 oneside" in text  # a Chinese join takes no space
    assert "最末尾，下一行另起一段。\n\n另起的一段" in text
    assert ". 1\n\n第一节" in text
    assert "对照\n\nCIFAR-10" in text


def test_a_line_cut_mid_sentence_goes_on_below_a_taller_line():
    # inline math makes a line taller: the gap to the next line is wider than the page's pitch
    page = PageLayout(1, 595, 842)
    tops = [100.0, 100.0 + PITCH * 1.5, 100.0 + PITCH * 2.5]
    texts = [
        "分式的大小在行间公式中是正常大小，而在行内被",
        "极度压缩。amsmath 提供了方便的命令，令用户能够",
        "在行内使用正常大小的分式。",
    ]
    for t, top in zip(texts, tops):
        page.lines.append(PLine(t, LEFT, RIGHT if t.endswith(("被", "够")) else 300.0, top, top + SIZE, SIZE))
    for i in range(6):
        top = 500 + PITCH * i
        page.lines.append(PLine("正文内容足够长的一行" * 3, LEFT, RIGHT, top, top + SIZE, SIZE))
    mark_zones([page])
    out = assemble([page])
    text = apply_edits(out.raw_text, out.edits)
    assert "而在行内被极度压缩。amsmath" in text
