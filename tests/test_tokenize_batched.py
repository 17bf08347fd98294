"""Tagging many sentences in one call gives exactly the words of tagging each alone."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikan.segment import split_sentences
from qikan.tokenize import (
    _CANDIDATE_RE,
    _KEYWORD_TAG_SET,
    TAG_CHUNK,
    _tag_and_count,
    _top,
    get_tokenizer,
    idf_table,
    tag_texts,
)
from tests.conftest import SEEDS


class Counting:
    """A tokenizer that counts its calls."""

    def __init__(self, tk) -> None:
        self.tk, self.calls = tk, 0

    def pos(self, text):
        self.calls += 1
        return self.tk.pos(text)


def _paragraphs_of(text: str) -> list[str]:
    return [p for p in (b.strip() for b in text.replace("\f", "\n\n").split("\n\n")) if p]


def _check(tk, paragraphs: list[str]) -> tuple[int, int]:
    """Compare both ways on every paragraph; return (calls batched, sentences)."""
    counting = Counting(tk)
    sentences = [p[s:e] for p in paragraphs for s, e in split_sentences(p)]
    batched = tag_texts(counting, sentences)
    for sentence, pairs in zip(sentences, batched, strict=True):
        assert list(zip(*pairs)) == [(w, t) for w, t in tk.pos(sentence) if w.strip()], sentence
    return counting.calls, len(sentences)


EDGE_CASES = [
    "理论与实践都证明了。“卡脖子”问题！还有3.14",  # closing quotes open the next sentence
    "他问：“为什么？”。见（表1；图2）。",  # brackets keep a sentence whole
    "版本号为v1.2...下一句从这里开始。",  # an ellipsis cut inside one jieba block
    "增长了12.5%。下降了3-4个百分点。",
    "See Fig. 3. The results hold.Next sentence starts here.",  # Latin: cuts between letters
    "第一句。  第二句前有空格。\n第三句在新行。",
    "单独一句没有句号",
    "。。。",
    "以空格结尾的句子。 ",
    "回车换行结尾\r",
    " \t\u3000",
    "一行\n换行的句子。",  # a line break inside a text: words handed out by offset
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    # each case beside the others: a neighbour must not change its words
    _check(get_tokenizer("rjieba"), [text, *EDGE_CASES])


def test_seed_paragraphs_both_backends():
    paragraphs = _paragraphs_of((SEEDS / "zgkjlt-2024-forum.txt").read_text(encoding="utf-8"))
    for backend in ("rjieba", "jieba"):
        calls, sentences = _check(get_tokenizer(backend), paragraphs)
        assert calls == 1 and sentences > 100, (backend, calls, sentences)  # the point: one call


def test_csl_abstracts(corpus):
    with (corpus / "csl" / "kg_dev.tsv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    paragraphs = [x for row in rows for x in row[:2] if x]
    calls, sentences = _check(get_tokenizer("rjieba"), paragraphs)
    assert calls <= -(-sentences // TAG_CHUNK)


@pytest.mark.parametrize(
    "texts",
    [
        ["首句有 空格", "中间一句。", "末句也有\u3000空白 "],  # first and last text hold whitespace
        ["干净的一句。", " 开头空格", "干净的末句"],
        ["全都干净。", "没有空白。"],
        ["回车结尾\r", "下一句。", "再一句\r"],  # "\r" + the separator make one "\r\n" word
    ],
)
def test_texts_cut_at_separators(texts):
    tk = get_tokenizer("rjieba")
    for text, (words, tags) in zip(texts, tag_texts(tk, texts), strict=True):
        assert list(zip(words, tags)) == [(w, t) for w, t in tk.pos(text) if w.strip()], text


def _top_reference(counts, k):
    """Every candidate scored, as ``_top`` did before it skipped the rare words."""
    words = [w for w in counts if _CANDIDATE_RE.fullmatch(w)]
    idf, median = idf_table()
    total = sum(counts[w] for w in words)
    keys = [round(counts[w] / total * idf.get(w, median), 9) for w in words]
    return [words[i] for i in sorted(range(len(words)), key=lambda i: -keys[i])[:k]]


# words listed in the IDF table and not, candidates and not (one character, a digit)
_WORDS = ["新质生产力", "创新", "引擎", "经济", "发展", "研究", "问题", "龘龘", "卡脖子", "数字化", "a1", "的"]
_WORDS += [f"词{a}{b}" for a in "甲乙丙丁戊" for b in "子丑寅卯辰巳午未"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.integers(1, 50)), max_size=120),
    st.integers(1, 12),
)
def test_top_skips_only_words_that_cannot_win(pairs, k):
    counts = Counter()
    for w, c in pairs:
        counts[w] += c
    assert _top(counts, k) == _top_reference(counts, k)


def test_top_on_a_real_document():
    tk = get_tokenizer("rjieba")
    text = (SEEDS / "zgkjlt-2024-forum.txt").read_text(encoding="utf-8")
    counts = Counter(w for w, t in tk.pos(text) if t in _KEYWORD_TAG_SET)
    for k in (1, 3, 10, 40):
        assert _top(counts, k) == _top_reference(counts, k)


@pytest.mark.parametrize("chunk", [2, 3, TAG_CHUNK])
def test_keyword_counts_on_whole_calls(monkeypatch, chunk):
    # separators, whitespace words, a "\r\n" word, a text with a line break: each path's counts
    # equal the counts text by text, in the same first-occurrence order
    monkeypatch.setattr("qikan.tokenize.TAG_CHUNK", chunk)
    tk = get_tokenizer("rjieba")
    seed = (SEEDS / "zgkjlt-2024-forum.txt").read_text(encoding="utf-8")
    sentences = [p[s:e] for p in _paragraphs_of(seed)[:40] for s, e in split_sentences(p)]
    for texts in (EDGE_CASES, EDGE_CASES[:-1], sentences, ["新质生产力 与 创新\r", "创新引擎"]):
        tagged, counts = _tag_and_count(tk, texts)
        expected = Counter(w for words, tags in tagged for w, t in zip(words, tags) if t in _KEYWORD_TAG_SET)
        assert list(counts.items()) == list(expected.items())
        assert tagged == tag_texts(tk, texts)
