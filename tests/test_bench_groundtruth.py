"""The benches' shared ground truth and scorer (bench/groundtruth.py).

The lshort cases skip when ../shared/corpus is absent. Each expected string was checked against
the text pdfplumber gives for the same place in lshort-zh-cn.pdf; the excerpts are from lshort
(GNU Free Documentation License 1.3).
"""

from __future__ import annotations

import pytest

from bench.groundtruth import LSHORT, normalise, score


def test_normalise_folds_punctuation_width_quotes_and_space():
    # the repair engine must turn ASCII , ( ) : inside Chinese full-width; the HTML keeps ASCII
    assert normalise("使用 foo（见下文），然后：“运行”") == normalise('使用foo(见下文),然后:"运行"')
    # a wrong or missing mark still differs
    assert normalise("甲，乙") != normalise("甲。乙")
    assert normalise("甲，乙") != normalise("甲乙")


TRUTH = ["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏"]


def test_score_counts_starts_and_ends_and_false_splits():
    perfect = score(TRUTH, list(TRUTH))
    assert (perfect.located, perfect.precision, perfect.recall, perfect.cer_located) == (2, 1.0, 1.0, 0.0)
    split = score(TRUTH, ["甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥", TRUTH[1]])
    assert split.precision == 3 / 4 and split.recall == 1.0  # one boundary of ours inside a paragraph
    joined = score(TRUTH, ["".join(TRUTH)])
    assert joined.precision == 1.0 and joined.recall == 2 / 3  # the shared boundary is missed
    # a list marker is the markup's glyph, not text; one wrong character is one error
    marked = score(TRUTH, ["1. 甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌子", TRUTH[1]])
    assert marked.recall == 1.0 and marked.cer_located == 1 / (len(TRUTH[0]) + len(TRUTH[1]))


def test_score_counts_an_unlocated_paragraph_as_wholly_wrong_in_cer_all():
    s = score(TRUTH, [TRUTH[0], "完全不同的一段文字内容在这里出现而且更长一些"])
    assert s.located == 1 and s.cer_located == 0.0
    assert s.cer_all == pytest.approx(len(TRUTH[1]) / (len(TRUTH[0]) + len(TRUTH[1])))


lshort = pytest.mark.skipif(not (LSHORT / "src").is_dir(), reason="lshort-zh-cn is not in ../shared/corpus")


@pytest.fixture(scope="module")
def truth():
    from bench.groundtruth import lshort_truth

    return lshort_truth()


@lshort
@pytest.mark.parametrize(
    "label, number",
    [
        ("sec:counters", "8.3"),  # "例如第8.3节介绍的"
        ("subsec:newcmd", "8.1.1"),  # "命令的用法详见 8.1.1 节"
        ("code:package", "8.1"),  # sourcecode counter, per chapter: "源代码 8.1 给出了"
        ("tbl:engine-format-command", "1.2"),  # "表 1.2: TEX 引擎、格式及其对应的编译命令。"
        ("fig:subfigure-cap1", "3.4a"),  # "效果见图 3.4a 和 3.4b"
        ("fig:subcaption", "3.4"),  # the figure's own caption after its subfigures: "图 3.4: 使用 subcaption …"
        ("fig:layouts", "5.1"),  # "图 5.1: 本文档的页面参数示意图"
        ("app:install", "A"),  # "请参考附录 A 中的内容"
        ("sec:pkg-manager", "A.2"),
    ],
)
def test_lshort_labels_resolve_to_the_printed_numbers(truth, label, number):
    assert truth.labels[label] == number


def _find(truth, start: str) -> str:
    hits = [p for p in truth.paragraphs if normalise(p).startswith(normalise(start))]
    assert len(hits) == 1, hits
    return normalise(hits[0])


@lshort
@pytest.mark.parametrize(
    "start, expected",
    [
        # \cite prints the bibliography number
        ("LATEX [1] 是一个文档准备系统", "LATEX使用TEX[6]作为它的排版引擎。"),
        # a footnote leaves its mark (chapter 2's first footnote), not its text
        ("现行版本的 LATEX 使用 UTF-8", "作为默认编码1。将使用拉丁字母"),
        # \envindex{verbatim} only writes an index entry: nothing before the paragraph's text
        ("有时我们需要将一段代码原样转义输出", "代码环境verbatim,它以等宽字体"),
        # \cmd{\textasciicircum} prints \^ ; \ref to a subsection prints its number
        ("这些“转义”符号事实上是一些 LATEX 命令", "其中\\^和\\~两个命令需要一个参数"),
        ("这些“转义”符号事实上是一些 LATEX 命令", "(详见2.3.6节)"),
        # footnote marks count per chapter: chapter 8's second
        ("这个命令应该放在你的宏包的最前面", "忽略之2。源代码8.1给出了"),
    ],
)
def test_lshort_paragraphs_render_as_the_pdf_prints_them(truth, start, expected):
    assert normalise(expected) in _find(truth, start)


@lshort
def test_lshort_truth_leaves_out_math_and_counts_it(truth):
    assert truth.skipped["math"] > 0
    assert len(truth.paragraphs) > 800
