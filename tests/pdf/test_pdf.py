"""Layout-aware PDF extraction: golden documents, layout edits as repairs, failures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from qikan.extract import ExtractError, extract
from qikan.model import Document, Source
from qikan.pdf import PdfEncryptedError, PdfLimitError, PdfNoTextError, PdfUnreadableError, extract_pdf
from qikan.pdf.document import assemble
from qikan.pdf.layout import PageLayout, PLine
from qikan.pdf.zones import mark_zones
from qikan.repair import repair, replay
from qikan.segment import segment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"


def _words(text: str) -> list[str]:
    # a jieba stand-in is not needed: the project tokenizer is cheap once built
    from qikan.tokenize import get_tokenizer

    return get_tokenizer().words(text)


def _doc(name: str) -> Document:
    data = (FIXTURES / name).read_bytes()
    src = Source(str(FIXTURES / name), name, "pdf", len(data), "0" * 64)
    return segment(repair(extract(Document(source=src), data)))


def test_fixtures_are_what_the_script_makes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, data in mod.build().items():
        if name in ("one_column.pdf", "two_column.pdf", "unmapped_glyphs.pdf", "marks_and_margins.pdf"):
            assert (FIXTURES / name).read_bytes() == data, f"{name} is stale: rerun make_fixtures.py"


@pytest.mark.parametrize("name", ["one_column", "two_column", "marks_and_margins"])
def test_golden_pdf(name, golden):
    doc = _doc(f"{name}.pdf")
    assert replay(doc.raw_text, doc.repairs) == doc.text
    assert "\f" not in doc.text
    golden(
        f"pdf_{name}",
        {
            "n_pages": doc.n_pages,
            "paragraphs": [[p.page_start, p.page_end, p.kind, p.text] for p in doc.paragraphs],
            "seams": [[r.page, r.rule, r.action, r.note, r.before, r.after] for r in doc.repairs if r.kind == "seam"],
            "zones_removed": [
                [r.page, r.rule, r.before.strip()]
                for r in doc.repairs
                if r.kind in ("header_footer", "footnote", "table", "margin_note") and not r.after
            ],
            # table rows rewritten in place, footnotes placed at the end of the text
            "zones_kept": [
                [r.page, r.rule, r.after] for r in doc.repairs if r.kind in ("footnote", "table") and r.after
            ],
            "hyphen_joins": [[r.page, r.context] for r in doc.repairs if r.rule == "pdf_hyphen_join"],
        },
    )


def test_one_column_traits():
    doc = _doc("one_column.pdf")
    texts = [p.text for p in doc.paragraphs]
    # running heads (odd/even) and page numbers are out of the paragraphs
    for noise in ("中国科技论坛 2024年第3期", "刘明：科技创新政策", "- 2 -"):
        assert not any(noise in t for t in texts), noise
    assert "表1 各地区研发投入强度" in texts  # the caption stays
    # the table's cells are kept, out of the body: one table paragraph a row, cells tab-separated,
    # where the table stands (after its caption, before its source note), on its page
    kinds = [(p.kind, p.text) for p in doc.paragraphs]
    at = kinds.index(("caption", "表1 各地区研发投入强度"))
    assert kinds[at + 1 : at + 6] == [
        ("table", "地区\t2022年\t2023年"),
        ("table", "东部\t2.81\t2.95"),
        ("table", "中部\t1.92\t2.03"),
        ("table", "西部\t1.41\t1.50"),
        ("note", "数据来源：作者根据统计年鉴整理。"),
    ]
    assert {p.page_start for p in doc.paragraphs if p.kind == "table"} == {5}
    assert not any(cell in p.text for p in doc.paragraphs if p.kind == "body" for cell in ("2.81", "东部", "2023年"))
    (table,) = [r for r in doc.repairs if r.rule == "pdf_table"]
    assert table.kind == "table" and table.action == "fixed" and table.page == 5 and "东部 2.81 2.95" in table.before
    # the first-page footnote moves to the end of the text, where its labelled fields are read
    # as metadata (as the text path reads them): no paragraph, nothing lost
    assert doc.meta["received_date"].isoformat() == "2024-01-05"
    assert doc.meta["funding"] == "国家自然科学基金项目（72074001）"
    # ... and their lines are note paragraphs of page 1, never body text
    assert not any("收稿日期" in p.text or "基金项目" in p.text for p in doc.paragraphs if p.kind != "note")
    assert [
        (p.text[:4], p.page_start)
        for p in doc.paragraphs
        if p.kind == "note" and p.text[:4] in ("收稿日期", "基金项目")
    ] == [
        ("收稿日期", 1),
        ("基金项目", 1),
    ]
    assert doc.text.endswith("收稿日期：2024-01-05\n\n基金项目：国家自然科学基金项目（72074001）")
    crossing = [p for p in doc.paragraphs if p.page_start != p.page_end]
    assert (1, 2) in [(p.page_start, p.page_end) for p in crossing]
    assert {r.page for r in doc.repairs if r.rule == "pdf_running_head"} == {2, 3, 4, 5}
    # page 1's head is the journal's masthead: removed under its own rule, its text kept in before
    (masthead,) = [r for r in doc.repairs if r.rule == "pdf_masthead"]
    assert masthead.page == 1 and "第40卷第3期" in masthead.before and masthead.after == ""
    cut, placed = [r for r in doc.repairs if r.rule == "pdf_footnote" and "基金项目" in r.before + r.after]
    assert cut.page == 1 and cut.after == "" and cut.before.strip() == placed.after.strip()


def test_a_footnote_is_a_note_paragraph_at_the_end_with_its_page():
    doc = _doc("marks_and_margins.pdf")
    (note,) = [p for p in doc.paragraphs if p.kind == "note"]
    assert note.text == "3本脚注说明数据的来源。" and note.page_start == note.page_end == 1
    assert doc.paragraphs[-1] is note
    assert not any("脚注" in p.text for p in doc.paragraphs if p.kind == "body")


def _page(number, lines):
    p = PageLayout(number, 600, 800)
    p.lines = lines
    p.n_chars = sum(len(ln.text) for ln in lines)
    return p


def _body(text, top, *, x0=50.0, x1=550.0):
    return PLine(text, x0, x1, top, top + 10, 10.0)


def _row(cells, top, row):
    key = [((0, row, k, len(cells)), c) for k, c in enumerate(cells)]
    return PLine("  ".join(cells), 60, 400, top, top + 10, 10.0, table=True, cells=tuple(key))


def _run(pages):
    mark_zones(pages)
    out = assemble(pages)
    src = Source("mem.pdf", "mem.pdf", "pdf", 0, "0" * 64)
    doc = Document(source=src, raw_text=out.raw_text, layout_edits=out.edits, raw_page_starts=out.page_starts)
    doc.n_pages = len(pages)
    segment(repair(doc))
    assert replay(doc.raw_text, doc.repairs) == doc.text
    return doc


def test_footnotes_and_table_rows_keep_their_kind_and_page():
    full = "正文第一行足够长的内容一直写到栏的右边缘为止没有句号"  # reaches the edge, runs on
    pages = [
        _page(
            1,
            [
                _body("第一段的文字写在这里并且完整地结束了。", 100, x1=300),
                _body(full, 114),
                _body(full, 128),
                # two footnotes under the text, in a smaller font; the first opens like a
                # numbered heading and holds a stray space (a later fixer changes its length)
                PLine("1 见 附录中的说明，这里是第一个脚注的文字", 50, 550, 700, 708, 8.0),
                PLine("继续。", 50, 90, 710, 718, 8.0),
                PLine("2 第二个脚注。", 50, 150, 720, 728, 8.0),
            ],
        ),
        _page(
            2,
            [
                _body("接着上一页的句子写完。", 100, x1=300),
                _row(["步骤", "说明"], 130, 0),
                _row(["运行 preinst 脚本", "从远程档案库获取档案库元数据"], 144, 1),
                _row(["卸载"], 158, 2),
                _body("表格之后的段落同样完整地结束。", 190, x1=300),
            ],
        ),
    ]
    doc = _run(pages)
    by_kind = lambda k: [(p.text, p.page_start, p.page_end) for p in doc.paragraphs if p.kind == k]  # noqa: E731
    # each footnote its own note paragraph, at the end of the text, on its own page
    assert by_kind("note") == [("1 见附录中的说明，这里是第一个脚注的文字继续。", 1, 1), ("2 第二个脚注。", 1, 1)]
    assert [p.kind for p in doc.paragraphs[-2:]] == ["note", "note"]
    assert not doc.sections or all(s.title != "见附录中的说明，这里是第一个脚注的文字" for s in doc.sections)
    # the sentence the footnotes interrupted runs on across the page
    assert any(t.startswith("正文第一行") and t.endswith("接着上一页的句子写完。") for t, *_ in by_kind("body"))
    # a table row of two cells (one tab) or of one cell is a table row too
    assert by_kind("table") == [
        ("步骤\t说明", 2, 2),
        ("运行 preinst 脚本\t从远程档案库获取档案库元数据", 2, 2),
        ("卸载", 2, 2),
    ]
    body = "".join(t for t, *_ in by_kind("body"))
    assert "preinst" not in body and "脚注" not in body
    assert by_kind("body")[-1][0] == "表格之后的段落同样完整地结束。"


def _indented_paragraphs(top: float) -> list:
    """Five paragraphs whose first lines are indented 2 em: a document in the journal style."""
    out = []
    for k in range(5):
        y = top + 42 * k
        out += [_body("缩进的首行" * 4, y, x0=70), _body("次行写满" * 5, y + 14), _body("结束。", y + 28, x1=200)]
    return out


def test_a_table_between_two_pages_of_a_paragraph_goes_after_it_and_the_paragraph_reads_on():
    full = "正文第一行足够长的内容一直写到栏的右边缘为止没有句号"
    pages = [
        _page(1, [*_indented_paragraphs(100), _body(full, 314), _body(full, 328)]),
        _page(2, [_row(["甲", "乙"], 100, 0), _row(["丙", "丁"], 114, 1), _body("接着写完。", 140, x1=200)]),
    ]
    doc = _run(pages)
    # a float at the top of a page stands outside the paragraph it interrupts: the paragraph
    # reads on across the page break, the table's rows come after it, glued to neither
    assert [p.kind for p in doc.paragraphs][5:] == ["body", "table", "table"]
    assert doc.paragraphs[5].text == full + full + "接着写完。"
    assert [p.text for p in doc.paragraphs[6:]] == ["甲\t乙", "丙\t丁"]
    seams = [(r.before, r.after, r.note) for r in doc.repairs if r.rule == "pdf_page_seam"]
    assert seams[0][1] == "" and seams[0][2].startswith("joined")


def test_a_table_before_an_indented_paragraph_keeps_its_place():
    full = "正文第一行足够长的内容一直写到栏的右边缘为止没有句号"
    pages = [
        _page(1, [*_indented_paragraphs(100), _body(full, 314), _body(full, 328)]),
        _page(
            2,
            [
                _row(["甲", "乙"], 100, 0),
                _row(["丙", "丁"], 114, 1),
                _body("新的一段" + full, 140, x0=70),
                _body(full, 154),
                _body(full, 168),
                _body("结束。", 182, x1=200),
            ],
        ),
    ]
    doc = _run(pages)
    # the text after the table opens with a paragraph indent: a new paragraph, the table between
    assert [p.kind for p in doc.paragraphs][5:] == ["body", "table", "table", "body"]
    assert doc.paragraphs[-1].text.startswith("新的一段") and doc.paragraphs[5].text == full + full


def test_in_a_document_of_flush_paragraphs_a_table_keeps_its_place():
    # a manual without paragraph indents: nothing says the text after the table goes on
    full = "正文第一行足够长的内容一直写到栏的右边缘为止没有句号"
    pages = [
        _page(1, [_body("第一段的文字写在这里并且完整地结束了。", 100, x1=300), _body(full, 114), _body(full, 128)]),
        _page(2, [_row(["甲", "乙"], 100, 0), _row(["丙", "丁"], 114, 1), _body("接着写完。", 140, x1=200)]),
    ]
    doc = _run(pages)
    assert [p.kind for p in doc.paragraphs] == ["body", "body", "table", "table", "body"]
    seams = [(r.before, r.after, r.note) for r in doc.repairs if r.rule == "pdf_page_seam"]
    assert seams[0] == ("\f", "\n\n", "kept: a table stands between")


def test_raised_and_lowered_marks_hyphens_and_margin_notes():
    doc = _doc("marks_and_margins.pdf")
    texts = [p.text for p in doc.paragraphs]
    body = "".join(texts)
    assert "刘明1，王芳2*" in texts  # author markers after their names, on the author line
    assert "近3关" in body  # the raised footnote mark in its place, the line whole
    assert "CW-L2政策" in body  # the lowered subscript too
    assert "(American Mathematical Society) " in body and "Amer-" not in body
    assert not any("边注" in t for t in texts)  # the margin note is out …
    (note,) = [r for r in doc.repairs if r.rule == "pdf_margin_note"]
    assert "边注第一行\n边注二" in note.before and note.kind == "margin_note"
    # … and the paragraph beside it reads on across it
    assert len([p for p in doc.paragraphs if p.kind == "body" and p.text.endswith("。")]) == 3


def test_two_column_reading_order_and_seams():
    doc = _doc("two_column.pdf")
    joined = [r for r in doc.repairs if r.kind == "seam" and r.note.startswith("joined")]
    assert [(r.rule, r.page) for r in joined] == [("pdf_column_seam", 1), ("pdf_page_seam", 1)]
    texts = [p.text for p in doc.paragraphs]
    # the full-width title above the columns is the document's title, not a paragraph
    assert doc.meta["title"] == "区域创新网络的结构与演化" and "区域创新网络的结构与演化" not in texts
    # the full-width abstract above the columns is one abstract paragraph, whole
    abstracts = [p.text for p in doc.paragraphs if p.kind == "abstract"]
    assert len(abstracts) == 1 and abstracts[0].endswith("稳定创新预期。")
    assert doc.meta["abstract"] == abstracts[0]
    # the sentence cut by the footnote at the foot of the left column is whole again
    assert any("地位密切相关" in t and p.page_start == 1 for p, t in zip(doc.paragraphs, texts))
    assert not any("收稿日期" in p.text for p in doc.paragraphs if p.kind != "note")  # a note, never body


def test_soft_wraps_and_pages_are_rows_with_pages():
    doc = _doc("two_column.pdf")
    assert all(r.page in (1, 2) for r in doc.repairs)
    assert {r.kind for r in doc.repairs} >= {"wrap", "seam", "header_footer", "footnote"}


def _layout(texts, *, size=10.0):
    p = PageLayout(1, 600, 800)
    for i, t in enumerate(texts):
        p.lines.append(PLine(t, 50, 550, 100 + 14 * i, 110 + 14 * i, size))
    p.n_chars = sum(map(len, texts))
    return p


@pytest.mark.parametrize(
    "line, after",
    [
        ("图中\x01\x02的文字", "图中\ufffd\ufffd的文字"),
        ("图中\x00\x14\x00\x13的文字", "图中\ufffd\ufffd的文字"),
        ("字体(cid:12)缺少映射", "字体\ufffd缺少映射"),
        # two-byte codes read as NUL + a printable byte: the byte is part of the glyph
        ("坐标 \x00&\x00, 轴", "坐标 \ufffd\ufffd 轴"),
        ("正常的中文句子，没有噪声。", "正常的中文句子，没有噪声。"),
        ("价格为 3.14 元（cid 不是噪声）", "价格为 3.14 元（cid 不是噪声）"),
    ],
)
def test_glyphs_without_tounicode_become_replacement_characters(line, after):
    pages = [_layout(["第一行正文内容足够长", line, "第三行正文内容足够长"])]
    mark_zones(pages)
    out = assemble(pages)
    rows = [e for e in out.edits if e.rule == "pdf_no_tounicode"]
    assert all(e.action == "fixed" and e.kind == "encoding" for e in rows)
    text = out.raw_text
    for e in sorted(rows, key=lambda e: -e.start):
        text = text[: e.start] + e.after + text[e.end :]
    assert text.split("\n")[1] == after


@pytest.mark.parametrize(
    "line",
    ["\x00\x14\x00\x13\x00\x13", "\x00&\x00,\x00)  \x00$", "(cid:3)(cid:4) (cid:5)"],
)
def test_a_line_of_nothing_but_unmapped_glyphs_is_removed(line):
    pages = [_layout(["第一行正文内容足够长。", line, "第三行正文内容足够长。"])]
    mark_zones(pages)
    assert [ln.zone for ln in pages[0].lines] == [None, "unmapped", None]
    out = assemble(pages)
    flag, row = [e for e in out.edits if e.rule == "pdf_no_tounicode"]
    assert row.action == "fixed" and row.after == "" and line in out.raw_text[row.start : row.end]
    # what the glyphs drew is lost: the removal goes with a flag on the same span
    assert flag.action == "flagged" and (flag.start, flag.end) == (row.start, row.end)


def test_unmapped_glyphs_stay_out_of_paragraphs():
    doc = _doc("unmapped_glyphs.pdf")
    assert replay(doc.raw_text, doc.repairs) == doc.text
    assert "\x00&" in doc.raw_text and "(cid:3)" in doc.raw_text  # the fixture does reproduce them
    texts = [p.text for p in doc.paragraphs]
    control = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\(cid:\d+\)")
    assert not any(control.search(t) for t in texts)
    assert not any(control.search(s.text) for s in doc.sentences)
    # the line of nothing but glyphs is removed, with its text in the row
    rows = [r for r in doc.repairs if r.rule == "pdf_no_tounicode"]
    removed = [r for r in rows if r.after == ""]
    assert len(removed) == 1 and removed[0].action == "fixed" and "(cid:3)" in removed[0].before
    assert [r.before for r in rows if r.action == "flagged" and r.before == removed[0].before]
    # glyphs amid a sentence become U+FFFD, which repair then flags for a person
    assert "区域协同创新网络逐步形成并呈现多中心格局\ufffd\ufffd企业研发投入强度" in "".join(texts)
    assert any(r.action == "flagged" and "\ufffd" in r.before for r in doc.repairs)
    assert all(r.page == 1 for r in rows)
    assert texts[0].endswith("提升空间。") and texts[1].startswith("人才队伍建设")


@pytest.mark.parametrize(
    "name, error, words",
    [
        ("encrypted.pdf", PdfEncryptedError, "encrypted"),
        ("truncated.pdf", PdfUnreadableError, "truncated"),
        ("image_only.pdf", PdfNoTextError, "no text layer"),
    ],
)
def test_bad_pdfs_raise_named_errors(name, error, words):
    with pytest.raises(error, match=words) as info:
        extract_pdf((FIXTURES / name).read_bytes())
    assert isinstance(info.value, ExtractError)


def test_limits():
    data = (FIXTURES / "two_column.pdf").read_bytes()
    with pytest.raises(PdfLimitError, match="over the limit of 1"):
        extract_pdf(data, max_pages=1)
    with pytest.raises(PdfLimitError, match="parsing stopped"):
        extract_pdf(data, max_seconds=0)


def test_bad_pdfs_are_quarantined_and_the_run_goes_on(tmp_path):
    from qikan.discover import iter_sources
    from qikan.pipeline import process_batch
    from qikan.store import read_table

    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("two_column.pdf", "encrypted.pdf", "truncated.pdf"):
        shutil.copy(FIXTURES / name, inp / name)
    sources = sorted(iter_sources(str(inp)), key=lambda s: s.source_key)
    counts = process_batch(sources, str(tmp_path / "out"), run_id="test-run")
    assert counts.documents == 1 and counts.quarantined == 2
    q = {r["source_key"]: r for r in read_table(str(tmp_path / "out"), "quarantine").to_pylist()}
    assert "encrypted PDF" in q["encrypted.pdf"]["message"] and q["encrypted.pdf"]["stage"] == "extract"
    assert "truncated PDF" in q["truncated.pdf"]["message"]
    docs = read_table(str(tmp_path / "out"), "documents").to_pylist()
    assert [d["source_key"] for d in docs] == ["two_column.pdf"] and docs[0]["n_pages"] == 2
    paras = read_table(str(tmp_path / "out"), "paragraphs").to_pylist()
    assert paras and all(p["page_start"] in (1, 2) for p in paras)
    repairs = read_table(str(tmp_path / "out"), "repairs").to_pylist()
    assert any(r["rule"] == "pdf_column_seam" and r["page"] == 1 for r in repairs)


def test_a_glyph_printing_a_form_feed_starts_no_page():
    # a glyph without a ToUnicode map can come out as NUL + 0x0c: the form feed is the glyph's,
    # not a page break, and must not shift the page numbers of what follows
    pages = [
        _layout(["第一页正文内容足够长。", "图中\x00\x0c\x00\x0b的文字。", "第一页最后一行正文。"]),
        _layout(["第二页正文内容足够长。", "第二页最后一行正文。"]),
    ]
    for i, p in enumerate(pages, 1):
        p.number = i
    mark_zones(pages)
    out = assemble(pages)
    assert out.raw_text.count("\f") == 2 and len(out.page_starts) == 2
    assert out.raw_text[out.page_starts[1] :].startswith("第二页")
    src = Source("mem.pdf", "mem.pdf", "pdf", 0, "0" * 64)
    doc = Document(source=src, raw_text=out.raw_text, layout_edits=out.edits, raw_page_starts=out.page_starts)
    segment(repair(doc))
    assert replay(doc.raw_text, doc.repairs) == doc.text
    second = [p for p in doc.paragraphs if p.text.startswith("第二页")]
    assert second and all(p.page_start == 2 for p in second)
    assert {r.page for r in doc.repairs if "\x0c" in r.before} == {1}
