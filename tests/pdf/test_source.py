"""Both character sources (``qikan.pdf.source``) give the same page layouts.

On the fixture PDFs the lines (text, box, font size, region, column, table) must be equal. On the
manuals and journals of ``../shared/corpus`` (skipped when absent) the known differences are
counted, not hidden: PDFium reads a TeX math font's built-in encoding where pdfminer falls back
to a standard one (``ε`` for ``"``), and pdfminer splits words where a change of font alters the
float noise of its font size, which puts a space between Chinese and Latin text in some lines
(``比如 SSH 或``) and not in others; the PDFium words do not split there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qikan.pdf import extract_pdf, read_layouts
from qikan.pdf.layout import PageLayout
from qikan.pdf.source import SOURCES, open_pages

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pdf"
#: ``../shared/corpus`` beside the checkout (or one level further up, for a worktree)
CORPUS = next(
    (
        p / "shared" / "corpus"
        for p in Path(__file__).resolve().parents[2].parents
        if (p / "shared" / "corpus").is_dir()
    ),
    Path(__file__).resolve().parents[3] / "shared" / "corpus",
)
TEXT_FIXTURES = ["one_column.pdf", "two_column.pdf", "marks_and_margins.pdf", "unmapped_glyphs.pdf"]


def _lines(page: PageLayout, boxes: bool = True) -> list[tuple]:
    return [
        (ln.text, ln.size, ln.region, ln.column, ln.table, ln.cells, ln.zone)
        + ((round(ln.x0, 1), round(ln.x1, 1), round(ln.top, 1), round(ln.bottom, 1)) if boxes else ())
        for ln in page.lines
    ]


def _page(page: PageLayout) -> tuple:
    return (page.width, page.height, page.two_column, page.n_chars, page.head_rule and round(page.head_rule, 1))


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_both_sources_give_the_same_lines(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    ref = read_layouts(data, source="pdfplumber")
    fast = read_layouts(data, source="pypdfium2")
    assert [_page(p) for p in fast] == [_page(p) for p in ref]
    # the hand-written font of unmapped_glyphs.pdf names glyphs Helvetica has not: pdfminer takes
    # their widths from Helvetica's metrics (0), PDFium from the font's /Widths (600), so the
    # boxes of that line and of the text after it differ; the text does not
    boxes = name != "unmapped_glyphs.pdf"
    assert [_lines(p, boxes) for p in fast] == [_lines(p, boxes) for p in ref]
    assert sum(len(p.lines) for p in ref) > 0


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_both_sources_give_the_same_text_and_edits(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    words = str.split  # the seam check's splitter: any one will do for a comparison
    ref = extract_pdf(data, source="pdfplumber", words=words)
    fast = extract_pdf(data, source="pypdfium2", words=words)
    assert fast.raw_text == ref.raw_text
    assert [(e.start, e.end, e.after, e.rule) for e in fast.edits] == [
        (e.start, e.end, e.after, e.rule) for e in ref.edits
    ]


def test_chars_carry_pdfplumbers_keys_in_draw_order() -> None:
    data = (FIXTURES / "two_column.pdf").read_bytes()
    ref, fast = open_pages(data, source="pdfplumber"), open_pages(data, source="pypdfium2")
    try:
        a, b = next(iter(ref)).chars, next(iter(fast)).chars
        assert [c["text"] for c in b] == [c["text"] for c in a]  # draw order, no generated spaces
        for key in ("x0", "x1", "top", "bottom", "size"):
            assert max(abs(x[key] - y[key]) for x, y in zip(a, b)) < 0.01, key
        assert {c["upright"] for c in b} == {True}
    finally:
        ref.close()
        fast.close()


def test_an_unknown_source_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="pypdfium2, pdfplumber"):
        extract_pdf((FIXTURES / "one_column.pdf").read_bytes(), source="pdfminer")
    assert SOURCES == ("pypdfium2", "pdfplumber")


@pytest.mark.parametrize("name", ["encrypted.pdf", "truncated.pdf", "image_only.pdf"])
def test_both_sources_fail_alike(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    errors = []
    for source in SOURCES:
        with pytest.raises(Exception) as info:
            extract_pdf(data, source=source, words=str.split)
        errors.append(type(info.value))
    assert errors[0] is errors[1]


def _corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} absent")
    return path


def _compare(path: Path, pages: slice) -> tuple[int, list[tuple]]:
    """Lines compared page by page: (how many, the differing pairs)."""
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path)
    out = io.BytesIO()
    keep = list(range(len(src)))[pages]
    part = pdfium.PdfDocument.new()
    part.import_pages(src, keep)
    part.save(out)
    data = out.getvalue()
    ref = read_layouts(data, source="pdfplumber")
    fast = read_layouts(data, source="pypdfium2")
    assert [_page(p)[:3] for p in fast] == [_page(p)[:3] for p in ref]
    n, diffs = 0, []
    for p, q in zip(ref, fast):
        a, b = [ln.text for ln in p.lines], [ln.text for ln in q.lines]
        n += len(a)
        diffs += [(p.number, x, y) for x, y in zip(a, b) if x != y]
        if len(a) != len(b):
            diffs.append((p.number, len(a), len(b)))
    return n, diffs


def _same_but_spaces(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


@pytest.mark.parametrize(
    "parts, pages, most",
    [
        (("manuals", "debian-reference-zh-cn", "debian-reference.zh-cn.pdf"), slice(20, 30), 0.05),
        (("manuals", "lshort-zh-cn", "lshort-zh-cn.pdf"), slice(30, 40), 0.05),
    ],
)
def test_manual_pages_give_the_same_lines_up_to_known_differences(parts, pages, most) -> None:
    n, diffs = _compare(_corpus(*parts), pages)
    assert n > 200
    # the differences are spaces between scripts (see the module docstring), never text
    assert all(len(d) == 3 and _same_but_spaces(d[1], d[2]) for d in diffs), diffs[:5]
    assert len(diffs) <= most * n, diffs[:5]


@pytest.mark.parametrize("kind", ["generated", "real"])
def test_journals_give_the_same_chars_per_page(kind: str) -> None:
    """The characters drawn (blanks aside) are the same on every page of every journal, up to the
    glyphs whose Unicode the two libraries read differently (math fonts without a ToUnicode
    map, Symbol-font private-use glyphs)."""
    import collections

    folder = _corpus("journals", kind)
    for path in sorted(folder.glob("*.pdf")):
        data = path.read_bytes()
        ref, fast = open_pages(data, source="pdfplumber"), open_pages(data, source="pypdfium2")
        try:
            for p, q in zip(ref, fast):
                a = collections.Counter(c["text"] for c in p.chars if not c["text"].isspace())
                b = collections.Counter(c["text"] for c in q.chars if not c["text"].isspace())
                assert len(p.chars) > 0
                cjk = lambda cnt: sum(v for k, v in cnt.items() if "\u4e00" <= k[0] <= "\u9fff")  # noqa: E731
                assert cjk(a) == cjk(b), (path.name, p.page_number)
                changed = sum(((a - b) + (b - a)).values())
                assert changed <= 0.02 * sum(a.values()), (path.name, p.page_number, (a - b), (b - a))
                p.close()
                q.close()
        finally:
            ref.close()
            fast.close()
