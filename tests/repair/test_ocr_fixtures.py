"""Whole OCR-style documents (tests/fixtures/ocr) against reviewed golden outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from qikan.blocks import blocks
from qikan.extract import decode_text
from qikan.repair import DEFAULT_FIXERS, replay, run_fixers

OCR = Path(__file__).resolve().parents[1] / "fixtures" / "ocr"
BASES = sorted(p.name for p in OCR.glob("*.txt") if p.name.count(".") == 1)
#: The same text in another encoding or with CRLF line ends must repair to the same output.
VARIANTS = {
    "formfeed_indented_odd_even_heads.gb18030.txt": ("formfeed_indented_odd_even_heads.txt", "gb18030"),
    "blankline_unindented.utf16.txt": ("blankline_unindented.txt", "utf-16"),
    "formfeed_dash_numbers.crlf.txt": ("formfeed_dash_numbers.txt", "utf-8"),
}


def _repaired(name: str) -> tuple[dict, str, str]:
    text, encoding = decode_text((OCR / name).read_bytes())
    result = run_fixers(text, DEFAULT_FIXERS)
    assert replay(text, result.repairs) == result.text
    data = {
        "meta": result.meta,
        "paragraphs": [" / ".join(ln.text for ln in b) for b in blocks(result.text)],
        "repairs": [
            [r.rule, r.action, r.page, r.before, r.after, r.confidence]
            for r in result.repairs
            if r.rule not in ("soft_wrap", "paragraph_break")
        ],
        "wraps": {
            "soft_wrap": sum(r.rule == "soft_wrap" for r in result.repairs),
            "paragraph_break": sum(r.rule == "paragraph_break" for r in result.repairs),
        },
    }
    return data, result.text, encoding


@pytest.mark.parametrize("name", BASES)
def test_ocr_fixture_golden(name: str, golden) -> None:
    data, text, _ = _repaired(name)
    golden(f"ocr_{name.removesuffix('.txt')}", data)
    assert "\f" not in text
    for p in data["paragraphs"]:
        assert "中国科技论坛" not in p and "王晓明，等" not in p, p  # no running head leaks
        assert not p.strip(" ·—-第页0123456789").strip() == "", p  # no page number left alone
    notes = [p for p in data["paragraphs"] if p.startswith(("收稿日期", "基金项目", "作者简介"))]
    assert all(data["paragraphs"].index(n) >= len(data["paragraphs"]) - 3 for n in notes)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_encoding_and_line_end_variants(name: str) -> None:
    base, encoding = VARIANTS[name]
    data, text, got_encoding = _repaired(name)
    assert got_encoding == encoding
    assert (data, text) == _repaired(base)[:2]


def test_first_page_note_no_longer_cuts_the_sentence() -> None:
    data, text, _ = _repaired("formfeed_indented_odd_even_heads.txt")
    assert "缺乏稳定的预期；另一些领域" in text
    assert data["meta"] == {"year": 2024, "issue": 3, "journal": "中国科技论坛", "pages": "1-4"}


@pytest.mark.parametrize("name", ["blankline_bare_numbers.txt", "blankline_unindented.txt"])
def test_blank_line_pages_are_numbered(name: str) -> None:
    """Without form feeds, the page numbers and running heads found show where pages break."""
    text, _ = decode_text((OCR / name).read_bytes())
    result = run_fixers(text, DEFAULT_FIXERS)
    numbers = [r for r in result.repairs if r.rule == "page_number"]
    assert [r.page for r in numbers] == [1, 2, 3, 4]  # each footer on its own page
    assert len(result.page_starts) == 4
    heads = [r.page for r in result.repairs if r.rule == "running_head"]
    assert heads == [2, 3, 4]  # each head opens the page after a footer


PAGE_STARTS = [
    ("甲。\n1\n\n中国科技论坛\n乙。\n2\n\n中国科技论坛\n丙。\n3", ["甲", "中", "中"]),  # footer numbers, heads
    ("甲。\n\n— 1 —\n\n乙。\n\n— 2 —\n\n丙。", ["甲", "乙", "丙"]),  # a number alone foots its page
    ("第42卷第6期　科学学研究\n\n标题\n\n正文。", ["第"]),  # the first page's masthead breaks nothing
    ("甲。\n\n乙。\n\n丙。", ["甲"]),  # no page numbers: one page
    # a footer printed as separate blocks (a Markdown export): one page edge, its number foots the page
    (
        "甲。\n\n2024年第10期\n\n中国科技论坛\n\nZhongguo Keji Luntan 10\n\n乙。\n\n2024年第10期\n\n中国科技论坛\n\n"
        "Zhongguo Keji Luntan 11\n\n丙。\n\n2024年第10期\n\n中国科技论坛\n\nZhongguo Keji Luntan 12",
        ["甲", "乙", "丙"],
    ),
    # the same footer as one block of heads
    (
        "甲。\n\n2024年第5期\n中国科技论坛\nZhongguo Keji Luntan 31\n\n乙。\n\n2024年第5期\n中国科技论坛\n"
        "Zhongguo Keji Luntan 32\n\n丙。\n\n2024年第5期\n中国科技论坛\nZhongguo Keji Luntan 33",
        ["甲", "乙", "丙"],
    ),
    # the first page's masthead lines, before its first sentence, start no page
    (
        "第42卷 第3期\n\n情报学报\n\nVol. 42 No. 3\n\n标题\n\n甲。\n\n· 50 ·\n\n乙。\n\n· 51 ·\n\n丙。\n\n· 52 ·",
        ["第", "乙", "丙"],
    ),
    # heads one after another without a number: they head the next page
    (
        "甲。\n\n中国科技论坛\n\n2024年第3期\n\n乙。\n\n中国科技论坛\n\n2024年第3期\n\n丙。\n\n中国科技论坛\n\n"
        "2024年第3期\n\n丁。",
        ["甲", "中", "中", "中"],
    ),
]


@pytest.mark.parametrize(("text", "firsts"), PAGE_STARTS)
def test_blank_line_page_starts(text: str, firsts: list[str]) -> None:
    from qikan.repair.layout import blank_line_page_starts

    assert [text[s] for s in blank_line_page_starts(text)] == firsts
