"""Encodings named honestly: never mojibake with status ok; a few bad bytes flagged at their offset."""

from __future__ import annotations

import pytest

from qikan.extract import ExtractError, decode_text
from qikan.model import Document, Source
from qikan.pipeline import process_document
from tests.reliability.kinds import article

JA = "日本語のテキストです。これはテストの文章で、ひらがなとカタカナが含まれています。\n" * 5
KO = "한국어 텍스트입니다. 이것은 테스트 문장이며 한글이 포함되어 있습니다.\n" * 5
ZH = article(1)


@pytest.mark.parametrize(
    "text, encoding, named",
    [(JA, "shift_jis", "Japanese (Shift-JIS)"), (JA, "euc_jp", "Japanese (EUC-JP)"), (KO, "euc_kr", "Korean (EUC-KR)")],
)
def test_japanese_and_korean_are_refused_by_name(text, encoding, named):
    with pytest.raises(ExtractError, match=named.replace("(", r"\(").replace(")", r"\)")):
        decode_text(text.encode(encoding))


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_chinese_decodes_exactly_in_every_encoding_read(encoding):
    # negatives of the refusal above: Chinese in any encoding read is never taken for Japanese/Korean
    text, _ = decode_text(ZH.encode(encoding))
    assert text == ZH


def test_big5_traditional_decodes_exactly():
    zh = "區域創新體系建設研究\n\n摘要：科技創新是推動經濟發展的核心動力。\n"
    assert decode_text(zh.encode("big5"))[0] == zh


def test_one_bad_byte_is_decoded_around_and_flagged_at_its_offset(tmp_path):
    data = bytearray(ZH.encode())
    data[60] = 0xFF
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(data))
    doc = process_document(Source(str(path), "x.txt", "txt", len(data), "0"))
    flags = [r for r in doc.repairs if r.rule == "invalid_utf8_byte"]
    assert flags and any("byte 0xFF at byte offset 60" in r.note for r in flags)
    assert all(doc.raw_text[r.offset] == "\ufffd" for r in flags)  # offsets point at the replacement
    assert "本文讨论第1号问题" in doc.text  # the rest of the text is kept


def test_nul_bytes_in_good_utf8_keep_the_text():
    cut = ZH.index("一、引言")
    text, encoding = decode_text(ZH[:cut].encode() + b"\x00" + ZH[cut:].encode())
    assert encoding == "utf-8" and text.replace("\x00", "") == ZH


def test_gbk_is_not_taken_for_utf8_with_bad_bytes():
    text, encoding = decode_text(ZH.encode("gbk"))
    assert (text, encoding) == (ZH, "gb18030")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"%PDF-1.4\n...", "a PDF"),
        (b"PK\x03\x04....", "ZIP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_other_formats_are_named(data, words):
    with pytest.raises(ExtractError, match=words):
        decode_text(data)


def test_a_text_named_pdf_is_named():
    from qikan.extract import extract

    doc = Document(source=Source("x", "x.pdf", "pdf", 10, "0"))
    with pytest.raises(ExtractError, match="not a PDF.*give it a .txt suffix"):
        extract(doc, ZH.encode())


def test_cid_only_pdf_is_quarantined():
    from qikan.extract import extract
    from tests.reliability.kinds import cid_only_pdf

    doc = Document(source=Source("x", "x.pdf", "pdf", 10, "0"))
    with pytest.raises(ExtractError, match=r"no usable text layer: \(cid:N\) glyphs"):
        extract(doc, cid_only_pdf())


def test_a_text_without_line_breaks_still_has_paragraphs_and_sentences(tmp_path):
    from tests.reliability.kinds import one_line

    text = one_line(300)
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    doc = process_document(Source(str(path), "x.txt", "txt", len(text.encode()), "0"))
    assert doc.paragraphs and len(doc.sentences) >= 100
    assert "".join(s.text for s in doc.sentences).replace("\n", "") == text
