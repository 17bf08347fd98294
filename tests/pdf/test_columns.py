"""Two-column journal pages: gutters from x-coverage, regions, masthead, floats, equations.

Fixtures are made in the repository (``tests/fixtures/pdf/make_fixtures.py``); the word dicts of
the unit cases are the plain ``text, x0, x1, top, bottom, size`` records any character source
gives.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from qikan.model import Source
from qikan.pdf import read_layouts
from qikan.pdf.layout import _rows, find_gutter
from qikan.pipeline import process_document
from tests.fixtures.pdf.make_fixtures import S, para

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
WIDTH = 595.0


def _doc(name: str):
    path = FIXTURES / name
    data = path.read_bytes()
    return process_document(Source(str(path), name, "pdf", len(data), hashlib.sha256(data).hexdigest()))


def _words(lines):
    """Word dicts of lines given as (x0, x1, top, text); 10 pt type."""
    return [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + 10, "size": 10.0} for x0, x1, top, t in lines]


def _two_columns(*, gutter: float = 20.0, offset: float = 0.0, n: int = 20, hang: bool = False, start: float = 80):
    """Two justified columns of n lines each; the right one ``offset`` points lower."""
    half = (WIDTH - 2 * 60 - gutter) / 2
    lines = []
    for i in range(n):
        end = "。" if hang and i % 3 == 0 else "字"
        x1 = 60 + half + (7 if hang and i % 3 == 0 else 0)  # 。 hanging past the edge
        lines.append((60 + (20 if i % 5 == 0 else 0), x1, start + 16 * i, "正文" * 8 + end))
        lines.append((60 + half + gutter, WIDTH - 60, start + offset + 16 * i, "正文" * 9))
    return lines


@pytest.mark.parametrize(
    "case, lines, two",
    [
        ("aligned columns", _two_columns(), True),
        # the right column half a line lower: no row has text on both sides
        ("columns not aligned", _two_columns(offset=8), True),
        ("a 1.2 em gutter", _two_columns(gutter=12, offset=5), True),
        ("。 hanging into the gutter", _two_columns(gutter=12, hang=True), True),
        (
            "full-width front matter over a few column rows",
            [(60, WIDTH - 60, 60 + 16 * i, "摘要" * 20) for i in range(12)] + _two_columns(n=6, start=260),
            True,
        ),
        # negatives: one-column pages
        ("one column of full lines", [(60, WIDTH - 60, 80 + 16 * i, "正文" * 20) for i in range(30)], False),
        (
            "one column of short paragraph ends",
            [(60, WIDTH - 60 if i % 2 else 200, 80 + 16 * i, "正文" * 5) for i in range(30)],
            False,
        ),
        (
            "a borderless table of a narrow and a wide column",
            [(70, 140, 80 + 16 * i, "键名") for i in range(12)]
            + [(200, WIDTH - 60, 80 + 16 * i, "说明" * 15) for i in range(12)],
            False,
        ),
        (
            "ragged code with a gap in the middle",
            [(60, 120 + 7 * i, 80 + 16 * i, "$ ls -l") for i in range(12)]
            + [(320, 330 + 9 * i, 80 + 16 * i, "/etc") for i in range(12)],
            False,
        ),
        ("too few rows", _two_columns(n=2), False),
    ],
)
def test_gutter_from_x_coverage(case, lines, two):
    rows = _rows(_words(lines))
    why: list[str] = []
    got = find_gutter(rows, WIDTH, why)
    assert (got is not None) == two, (case, why)
    if two:
        assert 0.4 * WIDTH < got < 0.6 * WIDTH, case


def test_the_fixtures_pages_are_read_with_the_right_number_of_columns():
    journal = read_layouts((FIXTURES / "journal_columns.pdf").read_bytes())
    assert [p.two_column for p in journal] == [True, True]
    # negatives: the one-column fixture, with its ruled table and short last lines, stays one column
    one = read_layouts((FIXTURES / "one_column.pdf").read_bytes())
    assert not any(p.two_column for p in one)


def test_journal_columns_read_in_order_with_floats_out_of_the_body():
    doc = _doc("journal_columns.pdf")
    kinds = [(p.kind, p.text) for p in doc.paragraphs]
    body = [t for k, t in kinds if k == "body"]
    # the paragraph cut by the footnote at the foot of the left column goes on in the right one
    assert para(3, 6) in body
    # the right column's paragraph crosses onto page 2, joined, and page 2 reads left then right
    crossing = next(p for p in doc.paragraphs if p.text == para(7, 30))
    assert (crossing.page_start, crossing.page_end) == (1, 2)
    order = [body.index(t) for t in (para(0, 3), para(3, 6), para(6, 2), para(7, 30), para(2, 6), para(5, 7))]
    assert order == sorted(order)
    # floats: the three-line table's rows, the caption, the equation, the figure's labels
    assert ("caption", "表1 样本分布") in kinds and ("caption", "图1 流程") in kinds
    assert ("table", "东部\t120\t0.40") in kinds
    assert ("equation", "y = a + b x (1)") in kinds
    for label in ("输入", "处理", "输出", "东部", "(1)"):
        assert not any(label in t for t in body), label
    (fig,) = [r for r in doc.repairs if r.rule == "pdf_figure_text"]
    assert "输入" in fig.before and fig.after == ""


def test_journal_masthead_running_head_and_footnote_leave_the_body():
    doc = _doc("journal_columns.pdf")
    texts = [p.text for p in doc.paragraphs]
    for noise in ("学报样刊", "第5卷", "Vol. 5", "—2—", "— 1 —", "收稿日期"):
        assert not any(noise in t for t in texts if not t.startswith("收稿日期")), noise
    (masthead,) = [r for r in doc.repairs if r.rule == "pdf_masthead"]
    assert "第5卷第2期" in masthead.before and "Vol. 5 No. 2" in masthead.before and masthead.page == 1
    assert doc.meta["received_date"].isoformat() == "2024-03-01"
    # the abstract and keywords stay front matter, not body text
    assert doc.meta["keywords"] == ["创新", "政策", "网络"]
    assert not any(S[0] + "，" + S[1] + "。" == t for t, p in zip(texts, doc.paragraphs) if p.kind == "body")


@pytest.mark.parametrize(
    "text, continued",
    [
        ("（下转第114页）", True),
        ("(上接第65页)", True),
        ("下转第 7 页", True),
        # negatives: prose that mentions a page
        ("详见第114页的表2。", False),
        ("下转第114页的讨论见后文", False),
    ],
)
def test_continued_on_another_page_is_cut_out_and_flagged(text, continued):
    from qikan.pdf.layout import PageLayout, PLine
    from qikan.pdf.zones import mark_zones

    p = PageLayout(1, 600, 800)
    p.lines = [PLine("正文" * 10, 50, 550, 300, 310, 10.0), PLine(text, 50, 200, 314, 324, 10.0)]
    mark_zones([p])
    assert (p.lines[1].zone == "continued") == continued


# Page-wide blocks above and below the columns. Prose from the CSL abstracts
# (../shared/corpus/csl/kg_dev.tsv, Apache-2.0), cut to the measure.
CSL = (
    "观察补肾活血汤治疗老年单纯收缩期高血压患者的临床疗效及对血管内皮功能的影响将患者按随机数字表法"
    "分为两组对照组用西医常规治疗治疗组在对照组治疗基础上加服补肾活血汤每日一剂疗程八周观察两组治疗"
    "前后中医证候血压血浆内皮素的变化"
)
HALF = (WIDTH - 2 * 60 - 20) / 2  # a column's measure at a 20 pt gutter


def _prose(k: int, n: int) -> str:
    return (CSL * 3)[k : k + n]


def _block(top: float, n: int, size: float, *, x0: float = 60, x1: float = WIDTH - 60, k: int = 0):
    """n page-wide rows of ``size`` pt type: (x0, x1, top, text, size)."""
    chars = int((x1 - x0) // size)
    return [(x0, x0 + chars * size, top + 1.5 * size * i, _prose(k + 7 * i, chars), size) for i in range(n)]


def _columns(top: float, n: int, *, size: float = 10.0, heading: str | None = None):
    """n rows of two justified columns of ``size`` pt type; ``heading`` opens the left one."""
    chars = int(HALF // size)
    out = []
    for i in range(n):
        if i == 0 and heading:
            out.append((60, 60 + len(heading) * size, top, heading, size))
        else:
            out.append((60, 60 + chars * size, top + 1.5 * size * i, _prose(3 * i, chars), size))
        out.append((60 + HALF + 20, WIDTH - 60, top + 1.5 * size * i, _prose(50 + 3 * i, chars), size))
    return out


def _footnotes(top: float, *, size: float = 8.0):
    """The foot of page 1: 收稿日期 and 基金项目 in the left half, 作者简介 across the page."""
    return [
        (60, 60 + 22 * size, top, "收稿日期：2022-12-29 修回日期：2023-04-28", size),
        (60, 60 + 26 * size, top + 1.5 * size, "基金项目：" + _prose(0, 21), size),
        (60, WIDTH - 60, top + 3 * size, "作者简介：" + _prose(9, int((WIDTH - 120) // size) - 5), size),
    ]


def _sized(lines):
    return [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + s, "size": s} for x0, x1, top, t, s in lines]


@pytest.mark.parametrize(
    "case, lines, two",
    [
        ("a footnote line across the gutter under the columns", _columns(80, 30) + _footnotes(720), True),
        # page 1 of cttd 2023: front matter, three rows of columns, the footnote block
        (
            "a page-wide abstract, three rows of columns, a footnote across the gutter",
            _block(80, 4, 14.0) + _block(170, 16, 8.0, k=40) + _columns(620, 3, heading="0 引言") + _footnotes(690),
            True,
        ),
        (
            "a page-wide table between two runs of columns",
            _columns(80, 12)
            + [(60, 200, 280 + 14 * i, "表头", 9.0) for i in range(5)]
            + [(230, 380, 280 + 14 * i, "数值" * 8, 9.0) for i in range(5)]  # crosses the gutter
            + [(420, WIDTH - 60, 280 + 14 * i, "说明", 9.0) for i in range(5)]
            + _columns(360, 12),
            True,
        ),
        # negatives: one column
        ("one column crossing the middle, a footnote under it", _block(80, 40, 10.0) + _footnotes(720), False),
        (
            "one column over three short two-part rows and a footnote",
            _block(80, 30, 10.0)
            + [(60, 160, 560 + 15 * i, _prose(i, 10), 10.0) for i in range(3)]
            + [(WIDTH - 200, WIDTH - 100, 560 + 15 * i, _prose(9 + i, 10), 10.0) for i in range(3)]
            + _footnotes(720),
            False,
        ),
        (
            "front matter over three rows of one column and a footnote",
            _block(80, 20, 9.0) + _block(420, 3, 10.0, k=9) + _footnotes(720),
            False,
        ),
    ],
)
def test_page_wide_blocks_above_and_below_do_not_hide_the_gutter(case, lines, two):
    why: list[str] = []
    got = find_gutter(_rows(_sized(lines)), WIDTH, why)
    assert (got is not None) == two, (case, why)
    if two:
        assert 60 + HALF <= got <= 60 + HALF + 20, case
