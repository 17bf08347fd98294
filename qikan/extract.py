"""Bytes → text with page boundaries kept (pages are separated by form feeds)."""

from __future__ import annotations

import codecs
import io

from qikan.model import Document


class ExtractError(ValueError):
    """The source cannot be turned into text; the message says why and what to do."""


#: Encodings a Chinese journal export comes in, tried in this order after the BOM checks.
#: GB18030 is a superset of GBK and GB2312; Big5 is for Traditional-Chinese sources.
CANDIDATES = ("gb18030", "big5")

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


def _guess_cjk(data: bytes) -> tuple[str | None, str | None]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is not None:
        name = "big5" if "big5" in best.encoding else "gb18030"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    for name in CANDIDATES:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return None, None


def extract_pdf_pages(data: bytes) -> list[str]:
    """Page texts of a PDF with a text layer (pdfplumber's plain path)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(page.extract_text() or "") for page in pdf.pages]
    except PDFSyntaxError as e:
        raise ExtractError(f"not a readable PDF ({e}); the file may be truncated or not a PDF") from e
    if not any(p.strip() for p in pages):
        raise ExtractError(f"PDF has {len(pages)} page(s) but no text layer (scanned images?): run OCR first")
    return pages


def extract(doc: Document, data: bytes) -> Document:
    """Fill ``doc.raw_text``, ``doc.n_pages`` and ``doc.encoding`` from the source bytes."""
    if doc.source.source_format == "pdf":
        from qikan.pdf import extract_pdf

        pdf = extract_pdf(data)
        doc.raw_text, doc.layout_edits, doc.encoding = pdf.raw_text, pdf.edits, None
    else:
        doc.raw_text, doc.encoding = decode_text(data)
    if not doc.raw_text.strip():
        raise ExtractError("no text: the file holds only whitespace")
    doc.n_pages = doc.raw_text.count("\f") + 1
    return doc
