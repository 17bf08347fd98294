"""The seam gate, case by case: when a paragraph runs on across a column or page break."""

from __future__ import annotations

import pytest

from qikan.pdf.layout import PLine
from qikan.pdf.seams import decide

EDGES = (50.0, 300.0)


def line(text: str, x0: float = 50.0, x1: float = 300.0, size: float = 10.0) -> PLine:
    return PLine(text, x0, x1, 0.0, size, size)


def words(text: str) -> list[str]:
    from qikan.tokenize import get_tokenizer

    return get_tokenizer().words(text)


@pytest.mark.parametrize(
    "last, first, join, sep",
    [
        # runs on: full last line, no terminal punctuation, next block flush left
        (line("我国持续加大基础研究投入并不断完善科研评"), line("价机制，地方政府通过设立专项资金"), True, ""),
        (line("the archive structure can be browsed with a"), line("web browser, which lists six files"), True, " "),
        (line("the inter-"), line("national standard"), True, ""),
        # ends: terminal punctuation (Chinese and Latin), closing quote or bracket
        (line("科研评价机制不断完善。"), line("地方政府通过设立专项资金"), False, None),
        (line("他说：“创新是第一动力！”"), line("地方政府通过设立专项资金"), False, None),
        (line("（详见第三节）"), line("地方政府通过设立专项资金"), False, None),
        (line("as shown in the table."), line("Next we turn to"), False, None),
        # ends: a short last line, an indented next paragraph, a heading in a larger font
        (line("科研评价机制", x1=120.0), line("地方政府通过设立专项资金"), False, None),
        (line("我国持续加大基础研究投入并不断完善科研评"), line("地方政府通过设立专项资金", x0=71.0), False, None),
        (line("我国持续加大基础研究投入并不断完善科研评"), line("二、结论", size=12.0), False, None),
    ],
)
def test_decide(last, first, join, sep):
    d = decide(last, EDGES, first, EDGES, words=words)
    assert d.join is join, d.reason
    if join:
        assert d.sep == sep


def test_a_word_across_the_seam_raises_confidence():
    split_word = decide(line("避免产生整"), EDGES, line("合收缩效应"), EDGES, words=words)
    no_word = decide(line("避免产生整合"), EDGES, line("收缩效应"), EDGES, words=words)
    assert split_word.join and no_word.join
    assert split_word.confidence > no_word.confidence
