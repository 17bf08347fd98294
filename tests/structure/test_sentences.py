"""Sentence splitting: table-driven cases (a third negative) and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikan.segment import split_sentences


def texts(t: str) -> list[str]:
    return [t[s:e] for s, e in split_sentences(t)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("一是创新；二是改革。", ["一是创新；", "二是改革。"]),
        ("他说：“要发展。”然后离开了。", ["他说：“要发展。”", "然后离开了。"]),
        ("这是真的吗？！当然。", ["这是真的吗？！", "当然。"]),
        ("问题还有很多……下一步怎么办？", ["问题还有很多……", "下一步怎么办？"]),
        ("（见附录。）正文。", ["（见附录。）", "正文。"]),
        ("句一。 句二。", ["句一。 ", "句二。"]),
        ("Why? Because 增长。", ["Why? ", "Because 增长。"]),
        ("缺了括号（见附录。后文继续。", ["缺了括号（见附录。", "后文继续。"]),
        ("其重要性不言而喻.针对现阶段的问题.", ["其重要性不言而喻.", "针对现阶段的问题."]),
        # negative: no split
        ("圆周率约为3.14，增长率为2.5%", ["圆周率约为3.14，增长率为2.5%"]),
        ("见（表1；图2）的结果", ["见（表1；图2）的结果"]),
        ("访问 https://example.org/a?b=1 获取数据", ["访问 https://example.org/a?b=1 获取数据"]),
        ("e.g. 和 i.e. 之类的缩写", ["e.g. 和 i.e. 之类的缩写"]),
        ("U.S. GDP grew 2.1 percent", ["U.S. GDP grew 2.1 percent"]),
        ("版本为v2.0.1的软件", ["版本为v2.0.1的软件"]),
        ("文件名为数据.csv的表格", ["文件名为数据.csv的表格"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the ASCII ! ends before Chinese text and full-width punctuation, not before an ASCII bracket
        ("好!（见下）再说。", ["好!", "（见下）再说。"]),
        ("注意!(见下)再说。", ["注意!(见下)再说。"]),
        ("结束!", ["结束!"]),
        # an ellipsis of dots ends at its last dot, however many
        ("等等...然后....结束", ["等等...", "然后....", "结束"]),
        # nested brackets: the sentence ends with the outer one
        ("（甲（乙。）丙。）丁。", ["（甲（乙。）丙。）", "丁。"]),
        ("引文。”）后文", ["引文。”）", "后文"]),
        # negative: a full stop after Chinese before a Latin letter, a closing bracket never opened
        ("中.a继续。", ["中.a继续。"]),
        ("括号）多余。后面。", ["括号）多余。", "后面。"]),
        # a bracket closed only beyond reach (200 characters) does not hold the sentence end inside
        ("开（" + "字" * 250 + "。后）尾。", ["开（" + "字" * 250 + "。", "后）尾。"]),
        ("开（" + "字" * 150 + "。后）尾。", ["开（" + "字" * 150 + "。后）尾。"]),
    ],
)
def test_split_sentences_edges(text: str, expected: list[str]) -> None:
    """Cases at the edges of what ``split_sentences`` looks at (the character loop it replaced
    gave these spans)."""
    assert texts(text) == expected


ALPHABET = "新质生产力发展创新。！？；…“”‘’（）()[]《》，、：3.14 1,000abc\n\u3000?!"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_sentences_tile_the_paragraph(text: str) -> None:
    spans = split_sentences(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(s < e for s, e in spans)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    if spans:
        assert spans[0][0] == 0 and spans[-1][1] == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="增长率为。", max_size=20), st.integers(0, 999), st.integers(0, 99))
def test_never_split_inside_a_number(prefix: str, whole: int, frac: int) -> None:
    text = f"{prefix}{whole}.{frac}{prefix}"
    for s, _e in split_sentences(text)[1:]:
        assert not (text[s - 1].isdigit() or text[s - 1] == ".") or not text[s : s + 1].isdigit()
