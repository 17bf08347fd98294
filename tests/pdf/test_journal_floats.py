"""Journal pages: a masthead stacked beside a large journal name, figure text around the drawing
(axis values and titles, legends, value labels), three-line tables, a watermark behind the text.

The PDFs are drawn at test time by ``tests/fixtures/pdf/journal_floats.py`` (reportlab); the
unit cases feed ``_rows`` the plain word records any character source gives.
"""

from __future__ import annotations

import hashlib

import pytest

from qikan.model import Source
from qikan.pdf import read_layouts
from qikan.pdf.layout import _rows
from qikan.pipeline import process_document
from tests.fixtures.pdf import journal_floats as J
from tests.fixtures.pdf.make_fixtures import para


def _doc(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return process_document(Source(str(path), name, "pdf", len(data), hashlib.sha256(data).hexdigest()))


def _body(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.kind == "body"]


# --------------------------------------------------------------------------- mastheads

MASTHEADS = [
    # 计算机学报: the Chinese line over the Latin one, both beside the 22 pt name
    (["第47卷 第1期 2024年2月", "CHINESE JOURNAL OF COMPUTERS Vol.47 No.1 Feb. 2024"], (47, 1, 2024), "样刊学报"),
    # no spaces in 第N卷第N期, the Latin line without the journal's name
    (["第5卷第12期 2023年12月", "Vol.5 No.12 Dec. 2023"], (5, 12, 2023), "样刊学报"),
    # Vol.N No.N alone: the upper line is the Latin name only
    (["JOURNAL OF SAMPLE STUDIES", "Vol.12 No.3 Mar. 2021"], (12, 3, 2021), None),
    # the Latin line above, the Chinese one spaced out below
    (["ACTA SAMPLICA SINICA Vol.8 No.6", "第 8 卷 第 6 期 2022 年 6 月"], (8, 6, 2022), "样刊学报"),
    # three lines in small type beside the name
    (["第30卷 第4期", "2020年4月", "Vol.30 No.4"], (30, 4, 2020), None),
]


@pytest.mark.parametrize(("lines", "expected", "journal"), MASTHEADS)
def test_a_masthead_stacked_beside_the_journal_name_reads_line_by_line(tmp_path, lines, expected, journal):
    data = J.masthead_page(lines)
    page = read_layouts(data)[0]
    texts = [ln.text.replace(" ", "") for ln in page.lines]
    # each stacked line is a line of its own, its characters in order (not 第47Vol.卷)
    for line in lines:
        assert any(line.replace(" ", "") in t for t in texts), (line, texts[:4])
    doc = _doc(tmp_path, data, "masthead.pdf")
    assert (doc.meta.get("volume"), doc.meta.get("issue"), doc.meta.get("year")) == expected
    if journal is not None:
        assert doc.meta.get("journal") == journal
    for noise in ("卷", "Vol.", "No.", "JOURNAL", "SINICA"):
        assert not any(noise in t for t in _body(doc)), noise


def _w(text: str, x0: float, top: float, size: float, height: float | None = None) -> dict:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + size * len(text),
        "top": top,
        "bottom": top + (height or size),
        "size": size,
    }


ROWS = [
    # positive: 22 pt name beside two 9 pt lines → the name with the top line, then the other
    ("stack of two lines", [_w("学报", 40, 50, 22), _w("第47卷", 300, 51, 9), _w("Vol.47", 300, 62, 9)], 2),
    # negatives: one row each
    ("title with a raised mark", [_w("区域创新研究", 100, 100, 16), _w("*", 196, 98, 10)], 1),
    (
        "a sum's limits with the formula between them",
        [_w("∑", 100, 200, 20), _w("n", 102, 198, 7), _w("求和项", 124, 204, 10), _w("i=1", 101, 213, 7)],
        1,
    ),
    ("a sum's one-letter limit", [_w("∑", 100, 200, 20), _w("n", 102, 198, 7), _w("i=1", 101, 213, 7)], 1),
    (
        "a body line with a raised citation",
        [_w("正文内容", 60, 300, 10), _w("[1]", 100, 297, 6), _w("继续", 120, 300, 10)],
        1,
    ),
]


@pytest.mark.parametrize(("case", "words", "n"), ROWS)
def test_rows_unstack_only_lines_beside_a_tall_word(case, words, n):
    rows = _rows(words)
    assert len(rows) == n, (case, [[w["text"] for w in r] for r in rows])
    if n == 2:
        assert [w["text"] for w in sorted(rows[0], key=lambda w: w["x0"])] == ["学报", "第47卷"]


# --------------------------------------------------------------------------- figures

LABELS = (
    "基线方法",
    "对比方法",
    "本文方法",
    "90.0",
    "训练集",
    "测试集",
    "误差",
    "迭代次数",
    "数据流",
    "控制流",
    "数据采集",
    "注册日志",
    "切换日志",
)


def test_figure_text_around_the_drawing_leaves_the_body(tmp_path):
    doc = _doc(tmp_path, J.figures_page(), "figures.pdf")
    body = _body(doc)
    for label in LABELS:
        assert not any(label in t for t in body), label
    # axis values stand alone in no body paragraph either
    assert not [t for t in body if t.strip() in ("0", "50", "100", "0.2", "0.4", "0.6")]
    captions = [p.text for p in doc.paragraphs if p.kind == "caption"]
    assert captions[:3] == ["图1 三种方法的精度比较", "图2 误差随迭代次数的变化", "图3 系统流程"]
    # a caption wrapped on centred lines stays one caption (its second line starts farther in)
    assert captions[3:] == ["图4 系统运行日志", "Fig. 4 Logs of the system running on the test bed"]
    taken = "\n".join(r.before for r in doc.repairs if r.rule == "pdf_figure_text")
    for label in ("基线方法", "训练集", "迭代次数", "实线：数据流", "90.0"):
        assert label in taken, label


def test_prose_next_to_a_figure_and_behind_a_watermark_stays_body(tmp_path):
    doc = _doc(tmp_path, J.figures_page(), "figures.pdf")
    body = _body(doc)
    # every paragraph of both pages whole: those under 图2 and 图3, the one whose short last line
    # stands over a drawing without a caption and the one right under it, and all the text the
    # watermark's rings cross
    for text in (
        para(3, 6),
        para(5, 6),
        para(7, 5),
        para(9, 3),
        para(8, 6),
        para(0, 5),
        para(2, 5),
        para(1, 4),
        para(2, 4),
    ):
        assert text in body, text[:20]
    assert not any(r.rule == "pdf_figure_text" and "创新" in r.before for r in doc.repairs)


# --------------------------------------------------------------------------- tables


def test_three_line_tables_drawn_in_pieces_on_a_shaded_box_and_two_in_a_column(tmp_path):
    doc = _doc(tmp_path, J.tables_page(), "tables.pdf")
    kinds = [(p.kind, p.text) for p in doc.paragraphs]
    for row in ("地区\t样本数\t说明", "西部\t90\t内陆省份", "变量\t符号\t定义", "研发投入\tX\t研发经费"):
        assert ("table", row) in kinds, row
    # the rules of table 3 are drawn cell by cell (its first column's piece is short) on a box
    for row in ("模型\t系数\t显著性", "模型二\t0.37\t显著"):
        assert ("table", row) in kinds, row
    # captions stay captions; the paragraph between tables 1 and 2 stays body
    assert [t for k, t in kinds if k == "caption"] == ["表1 样本的地区分布", "表2 变量的定义", "表3 回归结果"]
    assert ("body", para(2, 3)) in kinds
    body = _body(doc)
    for cell in ("样本数", "专利授权数", "显著性"):
        assert not any(cell in t for t in body), cell
