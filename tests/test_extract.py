"""Encodings, line endings and inputs that are not text."""

import codecs

import pytest

from qikan.extract import ExtractError, decode_text

SAMPLE = "新质生产力与科技创新\n摘要：本文讨论“卡脖子”问题，共3节。\n"


@pytest.mark.parametrize(
    "encode, expected",
    [
        (lambda s: s.encode("utf-8"), "utf-8"),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
        (lambda s: s.encode("gb18030"), "gb18030"),
        (lambda s: s.encode("gbk"), "gb18030"),
        (lambda s: s.encode("utf-16"), "utf-16"),
        (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-le-bom", "utf16-be-bom"],
)
def test_encodings(encode, expected):
    text, enc = decode_text(encode(SAMPLE))
    assert (text, enc) == (SAMPLE, expected)


def test_big5():
    traditional = "新質生產力與科技創新：理論與實踐都證明一個有效率的產權制度有助於激發科技創新。\n" * 3
    text, enc = decode_text(traditional.encode("big5"))
    assert (text, enc) == (traditional, "big5")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_are_normalised(newline):
    text, _ = decode_text(SAMPLE.replace("\n", newline).encode("gb18030"))
    assert text == SAMPLE


def test_form_feeds_are_kept_as_page_breaks():
    text, _ = decode_text("第一页\f第二页".encode())
    assert text.split("\f") == ["第一页", "第二页"]


def test_empty_file_is_an_error_that_says_so():
    with pytest.raises(ExtractError, match="empty file"):
        decode_text(b"")


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n" + bytes(500), b"PK\x03\x04" + bytes(range(7, 200))]
)
def test_binary_is_an_error_that_says_so(data):
    # known formats are named (a PNG, a ZIP), the rest is "binary content"
    with pytest.raises(ExtractError, match="binary content|not a text file: the bytes are a (PNG|ZIP)"):
        decode_text(data)


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("摘要\n", "gb18030"),
        ("关键词：科技\n", "gb18030"),
        ("摘要\n", "big5"),
        ("關鍵詞：科技創新\n", "big5"),
        ("中文", "gb18030"),
    ],
)
def test_short_texts_are_not_mistaken_for_another_encoding(text, encoding):
    """Two GBK characters can be valid UTF-8 or Big5 too; the decoding that reads as Chinese wins."""
    assert decode_text(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize(
    "name, pages",
    [("blankline_bare_numbers.txt", 4), ("blankline_unindented.txt", 4), ("formfeed_dash_numbers.txt", 4)],
)
def test_page_count_of_text_follows_its_page_breaks(name, pages):
    # without form feeds, the pages are the blank-line breaks the running heads and page numbers show
    from pathlib import Path

    from qikan.extract import extract
    from qikan.model import Document, Source
    from qikan.repair import repair

    path = Path(__file__).parent / "fixtures" / "ocr" / name
    data = path.read_bytes()
    doc = extract(Document(source=Source(str(path), name, "txt", len(data), "0" * 64)), data)
    assert doc.n_pages == pages
    assert max(r.page for r in repair(doc).repairs) == pages
