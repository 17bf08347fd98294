"""Bytes → text with page boundaries kept (pages are separated by form feeds)."""

from __future__ import annotations

import codecs
import re

from qikan.model import Document


class ExtractError(ValueError):
    """The source cannot be turned into text; the message says why and what to do."""


#: Encodings a Chinese journal export comes in, tried in this order after the BOM checks.
#: GB18030 is a superset of GBK and GB2312; Big5 is for Traditional-Chinese sources.
CANDIDATES = ("gb18030", "big5")

_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, newline, carriage return and form feed: plenty of them means the
# bytes are not text in the encoding we tried.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(ch in _CONTROL or ch == "\ufffd" for ch in sample)
    return bad / len(sample) > 0.01


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text export; return ``(text, encoding)``.

    BOMs first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then charset-normalizer's best
    guess among GB18030 and Big5. Line endings become ``\\n``.

    >>> decode_text("摘要\\r\\n".encode("gb18030"))
    ('摘要\\n', 'gb18030')
    """
    if not data:
        raise ExtractError("empty file (0 bytes): nothing to extract; remove it or re-export the source")
    text = encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(name), name
            except UnicodeDecodeError as e:
                raise ExtractError(f"starts with a {name} byte-order mark but does not decode as {name}: {e}") from e
            break
    if text is None and b"\x00" not in data:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
        # Short GBK byte runs can also be valid UTF-8 (摘要 → "ժҪ"): UTF-8 that holds non-ASCII
        # but no Chinese at all loses to a CJK decoding that is mostly Chinese.
        if text is not None and not text.isascii() and not _CJK_RE.search(text):
            guess, name = _guess_cjk(data)
            if guess and len(_CJK_RE.findall(guess)) > len(guess.strip()) / 2:
                text, encoding = guess, name
    if text is None and b"\x00" not in data:
        text, encoding = _guess_cjk(data)
    if text is None or _looks_binary(text):
        raise ExtractError(
            "binary content: not text in UTF-8, UTF-16/32 (with BOM), GB18030/GBK or Big5; "
            "check that the file is a text export, or give PDFs a .pdf suffix"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding == "utf-8-sig":
        text = text.lstrip("\ufeff")
    return text, encoding


#: Lead-byte ranges of each encoding's most frequent characters: GB2312 level 1 (the 3,755
#: commonest simplified characters) and Big5's frequently used characters.
_COMMON_LEAD = {"gb18030": (0xB0, 0xD7), "big5": (0xA4, 0xC6)}


def _common_share(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters that are among the encoding's frequent characters.

    Bytes decoded with the wrong one of GB18030/Big5 come out as rare characters, kana or
    Greek, so the right decoding scores higher.
    """
    lo, hi = _COMMON_LEAD[encoding]
    chars = [c for c in text[:20000] if ord(c) > 127]
    if not chars:
        return 0.0
    hits = 0
    for c in chars:
        try:
            b = c.encode("gb2312" if encoding == "gb18030" else "big5")
        except UnicodeEncodeError:
            continue
        hits += len(b) == 2 and lo <= b[0] <= hi
    return hits / len(chars)


def _guess_cjk(data: bytes) -> tuple[str | None, str | None]:
    """Decode with GB18030 and Big5 and keep the one whose text looks like real Chinese;
    charset-normalizer decides for bytes that neither decodes strictly."""
    decoded = {}
    for name in CANDIDATES:
        try:
            decoded[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    if decoded:
        name = max(decoded, key=lambda n: (_common_share(decoded[n], n), n == "gb18030"))
        return decoded[name], name
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        return None, None
    name = "big5" if "big5" in best.encoding else "gb18030"
    return data.decode(name, errors="replace"), name


def extract(doc: Document, data: bytes) -> Document:
    """Fill ``doc.raw_text``, ``doc.n_pages`` and ``doc.encoding`` from the source bytes."""
    if doc.source.source_format == "pdf":
        from qikan.pdf import extract_pdf

        pdf = extract_pdf(data)
        doc.raw_text, doc.layout_edits, doc.encoding = pdf.raw_text, pdf.edits, None
        doc.raw_page_starts = pdf.page_starts
    else:
        doc.raw_text, doc.encoding = decode_text(data)
    if not doc.raw_text.strip():
        raise ExtractError("no text: the file holds only whitespace")
    if doc.raw_page_starts is None:
        from qikan.repair.engine import page_starts_of  # form feeds, or blank-line pages shown by heads

        doc.raw_page_starts = page_starts_of(doc.raw_text)
    doc.n_pages = len(doc.raw_page_starts)
    return doc
