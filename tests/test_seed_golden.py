"""The sample issue end to end through the library: structure, repairs and metadata pinned."""

from __future__ import annotations

import re

import pytest

from qikan.discover import iter_sources
from qikan.pipeline import process_document
from qikan.repair import replay
from tests.conftest import SEEDS

ASCII_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][ ]?[,;:()][ ]?[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seed_doc():
    (source,) = iter_sources(str(SEEDS / "zgkjlt-2024-forum.txt"))
    return process_document(source)


def test_sections_titles_and_authors(seed_doc):
    kinds = [(s.kind, s.title, s.author) for s in seed_doc.sections]
    assert kinds == [
        ("editor_note", "编者按", None),
        ("article", "整合科技创新资源，加快形成新质生产力", "刘冬梅"),
        ("article", "创新驱动新质生产力发展", "杨瑞龙"),
        ("article", "以新质生产力提升中国科技和经济竞争力", "朱旭峰"),
        ("article", "加快培育形成数据新质生产力", "伊彤"),
    ]
    assert seed_doc.sections[3].author_line == "清华大学公共管理学院教授、清华大学科技发展与治理研究中心主任"


def test_paragraphs_are_clean(seed_doc):
    paras = seed_doc.paragraphs
    assert len(paras) == 26
    for p in paras:
        assert seed_doc.text[p.char_start : p.char_end] == p.text
        assert not ASCII_IN_CHINESE.search(p.text), p.text
        for leak in ("Zhongguo Keji Luntan", "责任编辑", "**", "##"):
            assert leak not in p.text
    # paragraphs per section: editor's note, then the four articles
    per_section = [sum(p.section_id == s.section_id for p in paras) for s in seed_doc.sections]
    assert per_section == [1, 5, 6, 6, 8]


def test_the_four_page_seams_are_joined(seed_doc):
    joins = [r for r in seed_doc.repairs if r.rule in ("page_seam", "blank_mid_sentence")]
    assert len(joins) == 4
    texts = [p.text for p in seed_doc.paragraphs]
    for joined in ("避免产生整合收缩效应", "理论与实践都证明", "为我们整合科技创新资源，引领", "必须抓住机遇"):
        assert sum(joined in t for t in texts) == 1, joined
    for r in joins:
        assert r.before.strip("\n") == "" and r.after == ""
        assert r.confidence is not None and r.confidence >= 0.8


def test_metadata_moves_out_of_the_text(seed_doc):
    m = seed_doc.meta
    assert (m["title"], m["journal"], m["year"], m["editor"]) == (
        "新质生产力与科技创新",
        "中国科技论坛",
        2024,
        "迟凤玲",
    )
    assert "Zhongguo Keji Luntan" not in seed_doc.text and "责任编辑" not in seed_doc.text


def test_and_between_chinese_is_flagged_not_changed(seed_doc):
    flags = [r for r in seed_doc.repairs if r.action == "flagged"]
    assert [(r.rule, r.before.strip()) for r in flags] == [("latin_function_word", "and")]
    assert "确权 and 高效" in seed_doc.text


def test_padded_name_is_closed_up(seed_doc):
    assert any(r.rule == "padded_name" and r.before == " " for r in seed_doc.repairs)
    assert "伊 彤" not in seed_doc.text


def test_repairs_replay_to_the_repaired_text(seed_doc):
    assert replay(seed_doc.raw_text, seed_doc.repairs) == seed_doc.text


def test_sentences_tile_their_paragraphs(seed_doc):
    by_para = {}
    for s in seed_doc.sentences:
        by_para.setdefault(s.paragraph_id, []).append(s)
        assert s.tokens and len(s.tokens) == len(s.pos)
        assert "".join(s.tokens) == re.sub(r"\s", "", s.text)
    for p in seed_doc.paragraphs:
        sents = by_para[p.paragraph_id]
        assert "".join(s.text for s in sents) == p.text
        assert all(p.text[s.char_start : s.char_end] == s.text for s in sents)


def test_golden(seed_doc, golden):
    """Everything else, pinned: review the JSON diff when it changes."""
    golden(
        "seed_zgkjlt-2024-forum",
        {
            "meta": seed_doc.meta,
            "authors": seed_doc.authors,
            "sections": [
                {k: getattr(s, k) for k in ("ordinal", "kind", "level", "title", "author", "author_line")}
                for s in seed_doc.sections
            ],
            "paragraphs": [[p.section_id[-5:], p.text] for p in seed_doc.paragraphs],
            "repairs": [
                [r.step, r.kind, r.action, r.rule, r.offset, r.before, r.after]
                for r in seed_doc.repairs
                if r.rule != "ascii_punct_in_chinese"
            ],
            "punctuation_fixed": sum(r.rule == "ascii_punct_in_chinese" for r in seed_doc.repairs),
            "n_sentences": len(seed_doc.sentences),
        },
    )
