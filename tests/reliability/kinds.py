"""Kinds of awkward input, each built into a folder by a small function.

Every kind says what a run must make of it: ``document`` (a row in ``documents``),
``quarantine`` (a row in ``quarantine`` whose message holds ``detail``), ``hidden`` (skipped on
purpose and listed in the summary) or ``nothing`` (a folder walked: nothing of its own to
account for). ``tests/reliability/test_reliability.py`` runs the real ``qikan run`` once over
all of them; ``python -m tests.reliability.kinds_table`` prints the kind → outcome table.

Sizes are scaled down to run in seconds while still proving the point: the run is given
``--max-bytes 1500000`` (the size-limit kind is 1.6 MB, not 200 MB) and the no-punctuation CJK
text is 200 000 characters, which the old e-mail pattern needed minutes for.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
import shutil
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import FIXTURES
from tests.fixtures.pdf.make_fixtures import S  # the fixture maker's sentences, written once

#: ``qikan run`` options of the reliability run (small limits so the limit kinds stay small).
RUN_OPTIONS = ["--max-bytes", "1500000", "--doc-timeout", "120", "--max-failed-share", "1"]


def article(seed: int, paragraphs: int = 4) -> str:
    """A small journal article, different for every seed (so every kind has its own rows)."""
    rnd = random.Random(seed)
    title = f"区域创新体系建设研究（{seed}）"
    body = []
    for p in range(paragraphs):
        sents = [S[(seed + p + k) % len(S)] for k in range(rnd.randint(2, 4))]
        body.append("　　" + "，".join(sents) + f"，第{seed}号样本显示这一点。")
    return (
        f"{title}\n\n张伟　李娜\n\n摘要：{S[seed % len(S)]}。本文讨论第{seed}号问题。\n"
        f"关键词：创新；区域；样本{seed}\n\n一、引言\n\n" + "\n\n".join(body) + "\n"
    )


@dataclass
class Kind:
    name: str
    expect: str  #: document | quarantine | hidden | nothing
    keys: list[str]  #: source keys (or hidden names) the kind creates, to account for
    build: Callable[[Path], None]
    detail: str = ""  #: words the quarantine message must hold
    needs: str = ""  #: a condition of the machine (``no-root-override``)
    notes: list[str] = field(default_factory=list)


def _write(root: Path, key: str, data: bytes | str, encoding: str = "utf-8") -> None:
    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)


def _file(key: str, data: Callable[[], bytes | str], encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda root: _write(root, key, data(), encoding)


def _copy(key: str, fixture: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / fixture, root / key)

    return build


# --- PDFs written by hand ---------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    from tests.fixtures.pdf.make_fixtures import _pdf as build

    return build(objects)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf_with_page(content: bytes, fonts: bytes, media_box: bytes = b"0 0 595 842", extra: list[bytes] = ()) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R /Resources << /Font << %s >> >> >>"
            % (media_box, fonts),
            _stream(content),
            *extra,
        ]
    )


def cid_only_pdf() -> bytes:
    """Every glyph from a font with no ToUnicode map and no standard encoding: ``(cid:N)``."""
    lines = b" T* ".join(b"<%s> Tj" % bytes(range(1 + k, 40 + k)).hex().encode() for k in range(12))
    content = b"BT /F1 10.5 Tf 72 760 Td 14 TL " + lines + b" ET"
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    )
    return _pdf_with_page(content, b"/F1 5 0 R", extra=list(font))


def _helvetica_text_pdf(media_box: bytes, x: int = 72, y: int = 760) -> bytes:
    rows = b" T* ".join(b"(Line %d of a page with text on it.) Tj" % i for i in range(30))
    content = b"BT /F1 10 Tf %d %d Td 12 TL " % (x, y) + rows + b" ET"
    return _pdf_with_page(content, b"/F1 5 0 R", media_box, [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def zero_page_pdf() -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def compressed_stream_bomb_pdf() -> bytes:
    """A content stream that inflates to 20 MB of nothing but spaces."""
    data = zlib.compress(b" " * 20_000_000, 9)
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            content,
        ]
    )


# --- file-system oddities ---------------------------------------------------------------------


def _symlink(key: str, target: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / key)

    return build


def _fifo(key: str) -> Callable[[Path], None]:
    return lambda root: os.mkfifo(root / key)


def _socket(key: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        import socket

        s = socket.socket(socket.AF_UNIX)
        try:
            s.bind(str(root / key))
        finally:
            s.close()

    return build


def _unreadable(key: str, seed: int) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        _write(root, key, article(seed))
        os.chmod(root / key, 0)

    return build


def _unreadable_dir(key: str, seed: int) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        _write(root, f"{key}/inside.txt", article(seed))
        os.chmod(root / key, 0)

    return build


def _bytes_name(name: bytes, seed: int) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        with open(os.path.join(os.fsencode(root), name), "wb") as f:
            f.write(article(seed).encode())

    return build


def _outside_target(root: Path) -> Path:
    """A file beside the input root (links to it leave the root)."""
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    _write(outside, "elsewhere.txt", article(990))
    _write(outside, "dir/elsewhere.txt", article(991))
    return outside


def _link_out_file(key: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        os.symlink(_outside_target(root) / "elsewhere.txt", root / key)

    return build


def _link_out_dir(key: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        os.symlink(_outside_target(root) / "dir", root / key)

    return build


def _loop_dir(key: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / key).mkdir(parents=True)
        _write(root, f"{key}/in-loop.txt", article(77))
        os.symlink("..", root / key / "up")

    return build


def _deep(depth: int, seed: int) -> tuple[str, Callable[[Path], None]]:
    key = "/".join(f"d{i}" for i in range(depth)) + "/deep.txt"
    return key, _file(key, lambda: article(seed))


# --- texts ------------------------------------------------------------------------------------


def no_punctuation_cjk(n: int = 200_000) -> str:
    rnd = random.Random(5)
    chars = "".join(S)
    return "".join(rnd.choice(chars) for _ in range(n))


def one_line(n_sentences: int = 3000) -> str:
    return "".join(S[i % len(S)] + ("，" if i % 3 else "。") for i in range(n_sentences))


def references(n: int = 1200) -> str:
    refs = "\n".join(
        f"[{i}] 张伟. 区域创新研究第{i}篇[J]. 科学学研究, 2020, {i % 40}(3): 1-10." for i in range(1, n + 1)
    )
    return article(61) + "\n参考文献\n\n" + refs + "\n"


def bad_byte_utf8() -> bytes:
    data = bytearray(article(13).encode())
    data[60] = 0xFF  # one byte of a character overwritten
    return bytes(data)


def nul_in_utf8() -> bytes:
    text = article(14)
    cut = text.index("一、引言")
    return text[:cut].encode() + b"\x00\x00" + text[cut:].encode()


def truncated_utf8() -> bytes:
    return article(15).encode()[:-2]  # cut inside the last character


def size_limit() -> str:
    return (article(18) + "\n") * (1_600_000 // len(article(18).encode()) + 1)


def build_kinds() -> list[Kind]:
    """Every kind, each with its own file names."""
    k: list[Kind] = []

    def add(name, expect, keys, build, detail="", needs=""):
        k.append(Kind(name, expect, list(keys), build, detail, needs))

    # good inputs in every encoding and form the project reads
    add("UTF-8 article", "document", ["good/utf8.txt"], _file("good/utf8.txt", lambda: article(1)))
    add("UTF-8 with BOM", "document", ["good/bom.txt"], _file("good/bom.txt", lambda: article(2), "utf-8-sig"))
    add("GB18030", "document", ["good/gb18030.txt"], _file("good/gb18030.txt", lambda: article(3), "gb18030"))
    add("GBK", "document", ["good/gbk.txt"], _file("good/gbk.txt", lambda: article(4), "gbk"))
    add(
        "Big5 (traditional)",
        "document",
        ["good/big5.txt"],
        _file(
            "good/big5.txt",
            lambda: (
                "區域創新體系建設研究\n\n摘要：科技創新是推動經濟發展的核心動力。\n\n　　高校與科研院所的成果轉化效率仍有較大提升空間，人才隊伍建設需要兼顧引進與培養。\n"
            ),
            "big5",
        ),
    )
    add("UTF-16 with BOM", "document", ["good/utf16.txt"], _file("good/utf16.txt", lambda: article(6), "utf-16"))
    add(
        "UTF-16LE without BOM",
        "document",
        ["enc/utf16le-nobom.txt"],
        _file("enc/utf16le-nobom.txt", lambda: article(7), "utf-16-le"),
    )
    add(
        "UTF-16BE without BOM",
        "document",
        ["enc/utf16be-nobom.txt"],
        _file("enc/utf16be-nobom.txt", lambda: article(8), "utf-16-be"),
    )
    add("UTF-32 with BOM", "document", ["enc/utf32.txt"], _file("enc/utf32.txt", lambda: article(9), "utf-32"))
    add(
        "CRLF line endings",
        "document",
        ["good/crlf.txt"],
        _file("good/crlf.txt", lambda: article(10).replace("\n", "\r\n")),
    )
    add(
        "CR-only line endings",
        "document",
        ["good/cr.txt"],
        _file("good/cr.txt", lambda: article(11).replace("\n", "\r")),
    )
    add(
        "form feeds between pages",
        "document",
        ["good/pages.txt"],
        _file("good/pages.txt", lambda: article(12) + "\f" + article(112)),
    )
    add(
        "Markdown",
        "document",
        ["good/article.md"],
        _file("good/article.md", lambda: "# " + article(16).replace("一、引言", "## 一、引言")),
    )
    add(".markdown suffix", "document", ["good/article.markdown"], _file("good/article.markdown", lambda: article(17)))
    add("upper-case .TXT suffix", "document", ["good/UPPER.TXT"], _file("good/UPPER.TXT", lambda: article(19)))
    add(
        "PDF with a text layer", "document", ["good/one_column.pdf"], _copy("good/one_column.pdf", "pdf/one_column.pdf")
    )
    add("two-column PDF", "document", ["good/two_column.pdf"], _copy("good/two_column.pdf", "pdf/two_column.pdf"))
    add(
        "PDF with a few unmapped glyphs",
        "document",
        ["good/unmapped_glyphs.pdf"],
        _copy("good/unmapped_glyphs.pdf", "pdf/unmapped_glyphs.pdf"),
    )
    # texts that are hard but are text
    add("one bad byte in UTF-8", "document", ["enc/bad-byte.txt"], _file("enc/bad-byte.txt", bad_byte_utf8))
    add("NUL bytes in UTF-8", "document", ["enc/nul.txt"], _file("enc/nul.txt", nul_in_utf8))
    add(
        "UTF-8 cut inside the last character",
        "document",
        ["enc/truncated-utf8.txt"],
        _file("enc/truncated-utf8.txt", truncated_utf8),
    )
    add(
        "200k CJK without punctuation",
        "document",
        ["text/no-punct.txt"],
        _file("text/no-punct.txt", no_punctuation_cjk),
    )
    add("one line without breaks (140 KB)", "document", ["text/one-line.txt"], _file("text/one-line.txt", one_line))
    add("1200 references", "document", ["text/refs.txt"], _file("text/refs.txt", references))
    add(
        "20 000 short lines",
        "document",
        ["text/short-lines.txt"],
        _file("text/short-lines.txt", lambda: "\n".join(S[i % 10][: 3 + i % 5] for i in range(20000))),
    )
    add(
        "Latin without spaces (100 KB)",
        "document",
        ["text/latin-run.txt"],
        _file("text/latin-run.txt", lambda: "摘要：" + "abcdefghij" * 10000 + "。\n"),
    )
    add(
        "zero-width and U+2028 characters",
        "document",
        ["text/zero-width.txt"],
        _file("text/zero-width.txt", lambda: article(20).replace("创新", "创\u200b新").replace("\n\n", "\u2028\n", 2)),
    )
    add(
        "emoji and right-to-left text",
        "document",
        ["text/emoji.txt"],
        _file("text/emoji.txt", lambda: article(21) + "\n　　样本😀与阿拉伯文مرحبا并列。\n"),
    )
    add(
        "only punctuation",
        "document",
        ["text/punct.txt"],
        _file("text/punct.txt", lambda: "。，、；：？！" * 50 + "\n"),
    )
    add(
        "HTML saved as .txt",
        "document",
        ["text/page.txt"],
        _file("text/page.txt", lambda: "<html><body><p>" + article(22).replace("\n", "</p><p>") + "</p></body></html>"),
    )
    add(
        "YAML front matter in Markdown",
        "document",
        ["text/front.md"],
        _file("text/front.md", lambda: "---\ntitle: x\n---\n" + article(23)),
    )
    add(
        "tabs and full-width spaces",
        "document",
        ["text/spaces.txt"],
        _file("text/spaces.txt", lambda: article(24).replace("，", "\t，\u3000")),
    )
    # names
    add(
        "name with rich markup [bold red]",
        "document",
        ["names/[bold red]x.txt"],
        _file("names/[bold red]x.txt", lambda: article(30)),
    )
    add(
        "name with a newline",
        "document",
        ["names/a\nquarantined b.txt"],
        _file("names/a\nquarantined b.txt", lambda: article(31)),
    )
    add(
        "name with control characters",
        "document",
        ["names/esc\x1b[31mred.txt"],
        _file("names/esc\x1b[31mred.txt", lambda: article(32)),
    )
    add(
        "name with spaces and CJK",
        "document",
        ["names/期刊 第 1 期.txt"],
        _file("names/期刊 第 1 期.txt", lambda: article(33)),
    )
    add(
        "name with quotes and a backtick",
        "document",
        ['names/it\'s `x` "y".txt'],
        _file('names/it\'s `x` "y".txt', lambda: article(34)),
    )
    add(
        "name of 250 bytes",
        "document",
        ["names/" + "长" * 82 + ".txt"],
        _file("names/" + "长" * 82 + ".txt", lambda: article(35)),
    )
    deep_key, deep_build = _deep(40, 36)
    add("40 folders deep", "document", [deep_key], deep_build)
    add(
        "folder named x.txt", "document", ["folder.txt/inside.txt"], _file("folder.txt/inside.txt", lambda: article(37))
    )
    add("empty folder", "nothing", [], lambda root: (root / "empty-folder").mkdir())
    add(
        "symlink to a file inside the root",
        "document",
        ["links/inside-link.txt"],
        _symlink("links/inside-link.txt", "../good/utf8.txt"),
    )
    # hidden names: skipped on purpose, listed in the summary
    add("hidden file .x.txt", "hidden", ["hidden/.x.txt"], _file("hidden/.x.txt", lambda: article(40)))
    add("underscore file _x.txt", "hidden", ["hidden/_x.txt"], _file("hidden/_x.txt", lambda: article(41)))
    add("hidden folder .git", "hidden", ["hidden/.git"], _file("hidden/.git/notes.txt", lambda: article(42)))
    # quarantined: not text, or not Chinese
    add(
        "quarantined name with [bold] markup",
        "quarantine",
        ["bad/[bold]empty.txt"],
        _file("bad/[bold]empty.txt", lambda: b""),
        "empty file",
    )
    add(
        "quarantined name with a newline",
        "quarantine",
        ["bad/x\nquarantined fake.txt"],
        _file("bad/x\nquarantined fake.txt", lambda: b""),
        "empty file",
    )
    add("empty file", "quarantine", ["bad/empty.txt"], _file("bad/empty.txt", lambda: b""), "empty file")
    add(
        "only whitespace", "quarantine", ["bad/blank.txt"], _file("bad/blank.txt", lambda: " \n\t\n\u3000\n"), "no text"
    )
    add(
        "random binary",
        "quarantine",
        ["bad/random.txt"],
        _file("bad/random.txt", lambda: random.Random(1).randbytes(4096)),
        "binary",
    )
    add(
        "gzip named .txt",
        "quarantine",
        ["bad/packed.txt"],
        _file("bad/packed.txt", lambda: gzip.compress(article(50).encode(), mtime=0)),
        "gzip",
    )
    add("PDF named .txt", "quarantine", ["bad/pdf-as.txt"], _copy("bad/pdf-as.txt", "pdf/one_column.pdf"), "PDF")
    add(
        "Shift-JIS Japanese",
        "quarantine",
        ["enc/sjis.txt"],
        _file(
            "enc/sjis.txt",
            lambda: "日本語のテキストです。これはテストの文章で、ひらがなとカタカナが含まれています。\n" * 20,
            "shift_jis",
        ),
        "Japanese",
    )
    add(
        "EUC-JP Japanese",
        "quarantine",
        ["enc/eucjp.txt"],
        _file(
            "enc/eucjp.txt",
            lambda: "日本語のテキストです。これはテストの文章で、ひらがなとカタカナが含まれています。\n" * 20,
            "euc_jp",
        ),
        "Japanese",
    )
    add(
        "EUC-KR Korean",
        "quarantine",
        ["enc/euckr.txt"],
        _file(
            "enc/euckr.txt",
            lambda: "한국어 텍스트입니다. 이것은 테스트 문장이며 한글이 포함되어 있습니다.\n" * 20,
            "euc_kr",
        ),
        "Korean",
    )
    add(
        "Latin-1 French",
        "quarantine",
        ["enc/latin1.txt"],
        _file("enc/latin1.txt", lambda: "Le café est très bon. Où est la bibliothèque? Déjà vu.\n" * 20, "latin-1"),
        "binary",
    )
    add(
        "BOM followed by GBK bytes",
        "quarantine",
        ["enc/bom-gbk.txt"],
        _file("enc/bom-gbk.txt", lambda: codecs.BOM_UTF8 + article(51).encode("gbk")),
        "byte-order mark",
    )
    add("size over --max-bytes", "quarantine", ["limits/huge.txt"], _file("limits/huge.txt", size_limit), "--max-bytes")
    # PDFs that must be quarantined, fast
    add("truncated PDF", "quarantine", ["pdf/truncated.pdf"], _copy("pdf/truncated.pdf", "pdf/truncated.pdf"), "PDF")
    add(
        "encrypted PDF",
        "quarantine",
        ["pdf/encrypted.pdf"],
        _copy("pdf/encrypted.pdf", "pdf/encrypted.pdf"),
        "password",
    )
    add(
        "image-only PDF",
        "quarantine",
        ["pdf/image_only.pdf"],
        _copy("pdf/image_only.pdf", "pdf/image_only.pdf"),
        "no text layer",
    )
    add(
        "cid-only PDF",
        "quarantine",
        ["pdf/cid-only.pdf"],
        _file("pdf/cid-only.pdf", cid_only_pdf),
        "no usable text layer: (cid:N) glyphs",
    )
    add("zero-page PDF", "quarantine", ["pdf/zero-pages.pdf"], _file("pdf/zero-pages.pdf", zero_page_pdf), "")
    add("text file named .pdf", "quarantine", ["pdf/not-a.pdf"], _file("pdf/not-a.pdf", lambda: article(52)), "PDF")
    add(
        "1e9 pt MediaBox PDF",
        "document",
        ["pdf/huge-mediabox.pdf"],
        _file("pdf/huge-mediabox.pdf", lambda: _helvetica_text_pdf(b"0 0 1000000000 1000000000", 72, 999999000)),
    )
    add(
        "20 MB deflate bomb PDF",
        "quarantine",
        ["pdf/bomb.pdf"],
        _file("pdf/bomb.pdf", compressed_stream_bomb_pdf),
        "no text layer",
    )
    # unsupported types: quarantined with what to do
    for suffix, what in ((".docx", "Word"), (".html", "HTML"), (".rtf", "RTF"), (".doc", "Word"), (".epub", "EPUB")):
        key = f"types/article{suffix}"
        add(f"{suffix} file", "quarantine", [key], _file(key, lambda: b"not read"), what)
    add(
        "file without suffix",
        "quarantine",
        ["types/README"],
        _file("types/README", lambda: article(53)),
        "unsupported type",
    )
    add(
        ".json file",
        "quarantine",
        ["types/meta.json"],
        _file("types/meta.json", lambda: "{}"),
        "unsupported type .json",
    )
    # the file system
    add(
        "symlink loop (self)",
        "quarantine",
        ["fs/self-loop.txt"],
        _symlink("fs/self-loop.txt", "self-loop.txt"),
        "symlink loop",
    )
    add("symlink loop (folder to its parent)", "quarantine", ["fs/loop/up"], _loop_dir("fs/loop"), "symlink loop")
    add(
        "dangling symlink",
        "quarantine",
        ["fs/dangling.txt"],
        _symlink("fs/dangling.txt", "no-such-file.txt"),
        "dangling symlink",
    )
    add(
        "symlink to a file outside the root",
        "quarantine",
        ["fs/out-file.txt"],
        _link_out_file("fs/out-file.txt"),
        "leaves the input root",
    )
    add(
        "symlink to a folder outside the root",
        "quarantine",
        ["fs/out-dir"],
        _link_out_dir("fs/out-dir"),
        "leaves the input root",
    )
    add("FIFO named x.txt", "quarantine", ["fs/fifo.txt"], _fifo("fs/fifo.txt"), "FIFO")
    add("socket named x.txt", "quarantine", ["fs/sock.txt"], _socket("fs/sock.txt"), "socket")
    add(
        "unreadable file",
        "quarantine",
        ["fs/unreadable.txt"],
        _unreadable("fs/unreadable.txt", 54),
        "permission denied",
        "no-root-override",
    )
    add(
        "unreadable folder",
        "quarantine",
        ["fs/closed"],
        _unreadable_dir("fs/closed", 55),
        "permission denied",
        "no-root-override",
    )
    add("non-UTF-8 file name", "quarantine", ["fs/caf\\xe9.txt"], _bytes_name(b"fs/caf\xe9.txt", 56), "not valid UTF-8")
    # the doubled fs/loop/in-loop.txt (reached once) is a document of the loop kind
    k.append(Kind("file inside the looping folder", "document", ["fs/loop/in-loop.txt"], lambda root: None))
    return k


def build_all(root: Path, kinds: list[Kind], *, only: str | None = None) -> None:
    """Build ``kinds`` under ``root`` (``only="document"``: just those, for the baseline run)."""
    root.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        if only is None or kind.expect == only:
            if kind.name == "symlink to a file inside the root" and not (root / "good/utf8.txt").exists():
                continue
            kind.build(root)


def restore_permissions(root: Path) -> None:
    """Make every folder readable again so a temporary folder can be removed."""
    for dirpath, dirnames, _ in os.walk(root):
        for d in dirnames:
            p = os.path.join(dirpath, d)
            if not os.path.islink(p):
                os.chmod(p, stat.S_IRWXU)
    if (root / "fs/closed").exists():
        os.chmod(root / "fs/closed", stat.S_IRWXU)
