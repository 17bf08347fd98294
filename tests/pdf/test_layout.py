"""Lines from words: raised and lowered words keep their place; hyphenated Latin words rejoin."""

from __future__ import annotations

import pytest

from qikan.conventions import is_wide
from qikan.pdf.document import assemble, hyphenated
from qikan.pdf.layout import PageLayout, PLine, _line, _rows, _split_latin
from qikan.pdf.zones import mark_zones


def _w(text: str, x0: float, top: float, size: float = 10.0, *, height: float | None = None) -> dict:
    width = sum(size if ord(c) > 0x2E80 else 0.55 * size for c in text)
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + (height or size), "size": size}


def _lines(words: list[dict]) -> list[str]:
    return [_line(r).text for r in _rows(words)]


def test_a_raised_footnote_mark_first_in_top_order_stays_in_its_line():
    # measured on a LaTeX page: the mark "9" sits 1.2 pt above the line, the logo's small A 0.6 pt
    # below its top, the E of TeX 2 pt lower; the mark comes first when words are sorted by top
    words = [
        _w("L", 91.9, 250.58),
        {**_w("A", 94.6, 251.22, 7.0), "x1": 99.8},
        {**_w("TEX", 98.3, 250.58), "bottom": 262.68},
        _w("在编译过程中", 120.1, 250.58),
        _w("格式的文档外", 184.2, 250.58),
        _w("9", 244.2, 249.35, 7.0),
        _w("，还可能生成辅助文件", 247.7, 250.58),
        _w("件和日志。", 72.0, 266.1),
    ]
    assert _lines(words) == ["LATEX 在编译过程中格式的文档外9，还可能生成辅助文件", "件和日志。"]


@pytest.mark.parametrize(
    "words, expected",
    [
        # a lowered subscript after a word: same line, right after it
        ([_w("CW-L", 72, 100), _w("2", 94.0, 104.5, 7.0), _w("范数", 101, 100)], ["CW-L2 范数"]),
        # author markers raised after names, a star after a comma
        (
            [_w("张三", 72, 100), _w("1,2", 92, 97.5, 7.0), _w("李四", 110, 100), _w("*", 130, 97.5, 7.0)],
            ["张三1,2 李四*"],
        ),
        # two lines at a tight pitch stay two lines, and a mark between them goes to the one it overlaps most
        ([_w("第一行", 72, 100), _w("3", 102, 106.5, 6.0), _w("第二行", 72, 111)], ["第一行3", "第二行"]),
    ],
)
def test_rows_keep_small_words_in_x_order(words, expected):
    assert _lines(words) == expected


@pytest.mark.parametrize(
    "prev, cur, joined",
    [
        ("美国数学学会 (Amer-", "ican Mathematical Society)", True),
        ("the antici-", "pation of", True),
        ("电话 555-", "1234", False),  # a number keeps its hyphen
        ("A-", "level", False),  # a single letter is not a cut word
        ("Sino-", "US relations", False),  # upper case next: a real hyphen
        ("美国数学学会 (Amer", "ican", False),  # no hyphen
        ("选项 --", "help", False),
        ("范围为 x-", "轴", False),
        ("和 xdg-", "desktop-portal (snap)", False),  # a compound broken at its own hyphen
        ("调用 \\use-", "package 命令", True),
    ],
)
def test_hyphenated(prev, cur, joined):
    assert hyphenated(prev, cur) is joined


@pytest.mark.parametrize(
    "document, joined",
    [
        ("apt-pinning 的用法见后文。", False),  # the document spells it with its hyphen
        ("aptpinning 与 apt-pinning 与 aptpinning", True),
        ("", True),
    ],
)
def test_hyphenated_asks_the_document(document, joined):
    assert hyphenated("即使你在使用 apt-", "pinning 情况下", text=document.lower()) is joined


def test_a_hyphenated_word_is_rejoined_as_a_repair_row():
    p = PageLayout(1, 600, 800)
    for i, t in enumerate(["在介绍之前，简单介绍一下美国数学学会 (Amer-", "ican Mathematical Society) 提供的扩展。"]):
        p.lines.append(PLine(t, 50, 550, 100 + 14 * i, 110 + 14 * i, 10.0))
    p.n_chars = 60
    mark_zones([p])
    out = assemble([p])
    (row,) = [e for e in out.edits if e.rule == "pdf_hyphen_join"]
    assert out.raw_text[row.start : row.end] == "-\n" and row.after == "" and row.action == "fixed"
    assert not [e for e in out.edits if e.rule == "pdf_soft_wrap"]  # one row per break


def _chars(text: str, x0: float, gaps: dict[int, float], size: float = 10.0) -> dict:
    chars, x = [], x0
    for i, ch in enumerate(text):
        x += gaps.get(i, 0.0)
        w = size if is_wide(ch) else 0.5 * size
        chars.append({"text": ch, "x0": x, "x1": x + w, "top": 100.0, "bottom": 110.0, "size": size})
        x += w
    return {"text": text, "x0": x0, "x1": x, "top": 100.0, "bottom": 110.0, "size": size, "chars": chars}


@pytest.mark.parametrize(
    "text, gaps, expected",
    [
        # a tightly justified English line: 2 pt spaces, under pdfplumber's 3 pt word gap
        ("Theyputin", {4: 2.0, 7: 2.0}, ["They", "put", "in"]),
        # kerning and touching letters stay one word
        ("effort", {1: 0.3, 2: -0.4}, ["effort"]),
        # Chinese, and Chinese next to Latin, keep pdfplumber's words
        ("使用mc", {2: 2.0}, ["使用mc"]),
        ("科技创新", {2: 2.0}, ["科技创新"]),
    ],
)
def test_split_latin(text, gaps, expected):
    assert [w["text"] for w in _split_latin([_chars(text, 72.0, gaps)])] == expected


def _body_page(number: int, texts: list[str]) -> PageLayout:
    p = PageLayout(number, 600, 800)
    for i, t in enumerate(texts):
        p.lines.append(PLine(t, 72, 487, 100 + 14 * i, 110 + 14 * i, 10.0))
    p.n_chars = sum(map(len, texts))
    return p


def test_a_margin_note_leaves_the_paragraph_beside_it_whole():
    full = "科技创新是推动经济高质量发展的核心动力近年来我国持续加大基础研究"
    pages = [_body_page(n, [full + "。"] * 30) for n in (1, 2, 3)]
    p = pages[2]
    # a paragraph of three lines; beside its first line, after a gap, a note in the margin, whose
    # second line stands alone in the margin
    p.lines[10] = PLine(
        f"{full}边注文字",
        72,
        566,
        240,
        250,
        10.0,
        pieces=((72, 487, 0, 10.0), (494, 566, len(full), 8.0)),
    )
    p.lines[11] = PLine(full, 72, 487, 254, 264, 10.0)
    p.lines.insert(12, PLine("第二行注", 494, 534, 256, 264, 8.0))
    p.lines[13] = PLine("结束。", 72, 150, 268, 278, 10.0)
    mark_zones(pages)
    margin = [ln for ln in p.lines if ln.zone == "margin"]
    assert [(ln.text, ln.x0, ln.size) for ln in margin] == [("边注文字", 494, 8.0), ("第二行注", 494, 8.0)]
    assert p.lines[10].text == full and p.lines[10].x1 == 487 and p.lines[10].pieces == ()
    out = assemble(pages)
    rows = [e for e in out.edits if e.rule == "pdf_margin_note"]
    assert len(rows) == 1 and "边注文字\n第二行注" in out.raw_text[rows[0].start : rows[0].end]
    text = out.raw_text
    for e in sorted((e for e in out.edits if e.action == "fixed"), key=lambda e: -e.start):
        text = text[: e.start] + e.after + text[e.end :]
    assert full * 2 + "结束。" in text  # the paragraph reads on across the note


def test_no_margin_notes_without_enough_body_to_know_the_edges():
    p = _body_page(1, ["第一行正文内容足够长。"] * 5 + ["旁边的字"])
    p.lines[-1].x0, p.lines[-1].x1 = 494, 534
    mark_zones([p])
    assert all(ln.zone is None for ln in p.lines)


def _ch(text: str, x0: float, size: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": 100.0, "bottom": 110.0, "size": size}


def test_overlapping_glyphs_keep_the_order_the_page_drew_them():
    from qikan.pdf.layout import _split_latin

    # “^”、“.*” with squeezed punctuation: the 、 is drawn 0.6 pt right of the “ that follows it
    drawn = [
        _ch("“", 500.3),
        _ch("^", 510.2, 6.0),
        _ch("”", 516.2),
        _ch("、", 521.1),
        _ch("“", 520.5),
        _ch("$", 530.5, 6.0),
    ]
    index = {id(c): i for i, c in enumerate(drawn)}
    by_x = sorted(drawn, key=lambda c: c["x0"])  # what pdfplumber hands over
    word = {
        "text": "".join(c["text"] for c in by_x),
        "x0": 500.3,
        "x1": 536.5,
        "top": 100.0,
        "bottom": 110.0,
        "size": 10.0,
    }
    assert word["text"] == "“^”“、$"
    (out,) = _split_latin([{**word, "chars": by_x}], index)
    assert out["text"] == "“^”、“$"
    # a page that draws a word out of order by more than an overlap: x order stands
    far = [_ch("b", 510.0), _ch("a", 500.0)]
    index = {id(c): i for i, c in enumerate(far)}
    (out,) = _split_latin(
        [{"text": "ab", "x0": 500.0, "x1": 520.0, "top": 100.0, "bottom": 110.0, "size": 10.0, "chars": far[::-1]}],
        index,
    )
    assert out["text"] == "ab"
