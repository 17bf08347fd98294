"""Bytes → text with page boundaries kept (pages are separated by form feeds)."""

from __future__ import annotations

import codecs
import re

from qikan.conventions import CJK_RE
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
#: Those controls and U+FFFD (a byte that did not decode), counted by one regex scan.
_BAD_CHAR_RE = re.compile("[" + re.escape("".join(sorted(_CONTROL)) + "\ufffd") + "]")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = len(_BAD_CHAR_RE.findall(sample))
    return bad / len(sample) > 0.01


#: File signatures of formats that are not text, with what to do about them.
_MAGIC = (
    (b"%PDF-", "a PDF: give it a .pdf suffix"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .epub or .zip): export the document as text or PDF"),
    (b"{\\rtf", "an RTF document: export it as text or PDF"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (b"\x89PNG", "a PNG image: qikan needs text, not scans"),
    (b"\xff\xd8\xff", "a JPEG image: qikan needs text, not scans"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office file: export the document as text or PDF"),
)

#: At most this share of the bytes may be invalid for a text to count as mostly-good UTF-8.
MAX_BAD_UTF8_SHARE = 0.01


class Decoded(str):
    """Decoded text that remembers the byte offsets of the bytes it could not decode."""

    bad_bytes: list[tuple[int, int, int]]  # (char offset in the text, byte offset, byte value)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text export; return ``(text, encoding)``.

    BOMs first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then UTF-8 with a few bad bytes
    (each replaced by U+FFFD; ``bad_utf8_bytes`` finds them), UTF-16 without a BOM, then
    GB18030 or Big5. Japanese (Shift-JIS, EUC-JP) and Korean (EUC-KR) texts are refused by
    name rather than decoded as Chinese mojibake. Line endings become ``\\n``.

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
    if text is None:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise ExtractError(f"not a text file: the bytes are {what}")
        text, encoding = _decode_unmarked(data)
    # (a mostly-good UTF-8 text has its few bad bytes as U+FFFD, already bounded)
    if text is None or _looks_binary(text.replace("\ufffd", "") if getattr(text, "bad_bytes", None) else text):
        raise ExtractError(
            "binary content: not text in UTF-8, UTF-16/32, GB18030/GBK or Big5; "
            "check that the file is a text export, or give PDFs a .pdf suffix"
        )
    bad = getattr(text, "bad_bytes", None)
    if bad and "\r\n" in text:  # offsets move left by one for every CR LF before them
        crlf = [m.start() for m in re.finditer("\r\n", text)]
        import bisect

        bad = [(i - bisect.bisect_left(crlf, i), o, v) for i, o, v in bad]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding == "utf-8-sig":
        text = text.lstrip("\ufeff")
    if bad:
        text = Decoded(text)
        text.bad_bytes = bad
    return text, encoding


def _decode_unmarked(data: bytes) -> tuple[str | None, str | None]:
    nul = data.count(0)
    if nul:
        utf16 = _utf16_without_bom(data, nul)
        if utf16:
            return utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    else:
        # Short GBK byte runs can also be valid UTF-8 (摘要 → "ժҪ"): UTF-8 that holds non-ASCII
        # but no Chinese at all loses to a CJK decoding that is mostly Chinese.
        if not text.isascii() and not CJK_RE.search(text):
            guess, name = _guess_cjk(data)
            if guess and len(CJK_RE.findall(guess)) > len(guess.strip()) / 2:
                return guess, name
        return text, "utf-8"
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    if nul:
        return None, None
    _refuse_other_scripts(data)
    return _guess_cjk(data)


def _utf16_without_bom(data: bytes, nul: int) -> tuple[str, str] | None:
    """UTF-16 with no byte-order mark: NUL bytes beside ASCII characters, and decoded it reads
    as Chinese (most characters CJK or CJK punctuation)."""
    if len(data) % 2:
        return None
    best = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        visible = [c for c in text[:20000] if not c.isspace()]
        if not visible or _looks_binary(text):
            continue
        share = sum(bool(CJK_RE.match(c)) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" for c in visible)
        share /= len(visible)
        if share > 0.5 and (best is None or share > best[0]):
            best = (share, text, name)
    return (best[1], best[2]) if best else None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes (a flipped bit, a cut character): decoded with U+FFFD
    for each bad byte, whose offsets are kept. None when the bad bytes are too many (GBK)."""
    bad: list[tuple[int, int]] = []  # (byte offset, value)

    def collect(e: UnicodeDecodeError):
        bad.extend((i, data[i]) for i in range(e.start, e.end))
        return "\ufffd" * (e.end - e.start), e.end

    import codecs as _codecs

    name = "qikan-collect-utf8"
    try:
        _codecs.lookup_error(name)
    except LookupError:
        pass
    # the handler closes over this call's list: register a fresh one per call (no global state)
    _codecs.register_error(name, collect)
    text = data.decode("utf-8", errors=name)
    non_ascii = sum(b >= 0x80 for b in data)
    if not bad or len(bad) > max(1, MAX_BAD_UTF8_SHARE * non_ascii) or not CJK_RE.search(text):
        return None
    out = Decoded(text)
    chars, pos = [], 0
    for i, ch in enumerate(text):  # map each U+FFFD back to its byte
        if ch == "\ufffd" and pos < len(bad):
            chars.append((i, *bad[pos]))
            pos += 1
    out.bad_bytes = chars
    return out


_KANA_RE = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
_HANGUL_RE = re.compile("[\uac00-\ud7a3]")


def _refuse_other_scripts(data: bytes) -> None:
    """Japanese and Korean encodings decode as GB18030 too (as mojibake): name them instead."""
    for name, label, pattern, share in (
        ("cp932", "Japanese (Shift-JIS)", _KANA_RE, 0.15),
        ("euc_jp", "Japanese (EUC-JP)", _KANA_RE, 0.15),
        ("euc_kr", "Korean (EUC-KR)", _HANGUL_RE, 0.5),
    ):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        wide = [c for c in text[:20000] if ord(c) > 0x2000]
        if len(wide) < 4 or len(pattern.findall("".join(wide))) < share * len(wide):
            continue
        if name == "euc_kr" and not _spaced_words(text):
            continue  # GBK Chinese reads as Hangul in EUC-KR as well; Korean puts spaces between words
        raise ExtractError(
            f"the text looks {label}, not Chinese: qikan reads Chinese text in UTF-8, GB18030/GBK or Big5; "
            "convert it to UTF-8 if it is Chinese after all"
        )


def _spaced_words(text: str) -> bool:
    """Korean separates words with spaces; Chinese runs its characters together."""
    runs = re.findall("[\uac00-\ud7a3]+", text[:20000])
    spaces = len(re.findall("[\uac00-\ud7a3] [\uac00-\ud7a3]", text[:20000]))
    return bool(runs) and spaces > len(runs) / 4


def bad_utf8_flags(text: str) -> list:
    """Repair flags (with offsets) for the bytes ``decode_text`` could not decode as UTF-8."""
    from qikan.repair.engine import flag_span

    return [
        flag_span(i, "\ufffd", "invalid_utf8_byte", f"byte 0x{value:02X} at byte offset {offset} is not UTF-8")
        for i, offset, value in getattr(text, "bad_bytes", ())
    ]


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


def _is_text(data: bytes) -> bool:
    try:
        decode_text(data[:4096])
    except (ExtractError, UnicodeDecodeError):
        return False
    return True


_CID_RE = re.compile(r"\(cid:\d+\)")


def _refuse_glyph_codes(text: str) -> None:
    """A PDF whose fonts have no Unicode map gives ``(cid:N)`` codes instead of characters; when
    they are most of its text there is nothing to keep (an empty "ok" document would be a lie)."""
    n_codes = len(_CID_RE.findall(text))
    if not n_codes:
        return
    rest = [c for c in _CID_RE.sub("", text) if c.isprintable() and not c.isspace()]
    if len(rest) < n_codes:
        raise ExtractError(
            f"no usable text layer: (cid:N) glyphs ({n_codes} glyph codes, {len(rest)} characters): "
            "the PDF's fonts carry no Unicode map; run OCR on it, or export it again with text"
        )


def extract(doc: Document, data: bytes) -> Document:
    """Fill ``doc.raw_text``, ``doc.n_pages`` and ``doc.encoding`` from the source bytes."""
    if doc.source.source_format == "pdf":
        from qikan.pdf import extract_pdf

        if b"%PDF-" not in data[:1024]:
            what = "it holds text: give it a .txt suffix" if _is_text(data) else "check what the file is"
            raise ExtractError(f"not a PDF: the file has a .pdf suffix but no %PDF- header; {what}")

        pdf = extract_pdf(data)
        _refuse_glyph_codes(pdf.raw_text)
        doc.raw_text, doc.layout_edits, doc.encoding = pdf.raw_text, pdf.edits, None
        doc.raw_page_starts = pdf.page_starts
    else:
        text, doc.encoding = decode_text(data)
        doc.raw_text, doc.layout_edits = str(text), bad_utf8_flags(text)
    if not doc.raw_text.strip():
        raise ExtractError("no text: the file holds only whitespace")
    if doc.raw_page_starts is None:
        from qikan.repair.engine import page_starts_of  # form feeds, or blank-line pages shown by heads

        doc.raw_page_starts = page_starts_of(doc.raw_text)
    doc.n_pages = len(doc.raw_page_starts)
    return doc
