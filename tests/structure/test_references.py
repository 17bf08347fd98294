"""参考文献 entries per GB/T 7714: table-driven, raw always kept."""

from __future__ import annotations

import pytest

from qikan.references import entry_number, parse_reference

CASES = [
    (
        "[1] 黄群慧，余泳泽，张松林．互联网发展与制造业生产率提升：内在机制与中国经验[J]．中国工业经济，2019（8）：5-23.",
        dict(
            authors=["黄群慧", "余泳泽", "张松林"],
            type_code="J",
            container="中国工业经济",
            year=2019,
            volume=None,
            issue="8",
            pages="5-23",
        ),
    ),
    (
        "ACEMOGLU D, RESTREPO P. The race between man and machine[J]. American Economic Review, 2018, 108(6): 1488-1542.",
        dict(
            authors=["ACEMOGLU D", "RESTREPO P"],
            title="The race between man and machine",
            container="American Economic Review",
            year=2018,
            volume="108",
            issue="6",
            pages="1488-1542",
        ),
    ),
    (
        "［2］张三，李四，王五，等．技术预见方法［J］．科学学研究，2021，39（3）：385-394．DOI：10.16192/j.cnki.1003-2053.2021.03.001．",
        dict(
            authors=["张三", "李四", "王五"],
            type_code="J",
            year=2021,
            volume="39",
            issue="3",
            doi="10.16192/j.cnki.1003-2053.2021.03.001",
        ),
    ),
    (
        "熊彼特．经济发展理论[M]．何畏，易家详，译．北京：商务印书馆，1990：73-76.",
        dict(authors=["熊彼特"], title="经济发展理论", type_code="M", container="商务印书馆", year=1990, pages="73-76"),
    ),
    ("李明．数字平台治理研究[D]．北京：清华大学，2021.", dict(type_code="D", container="清华大学", year=2021)),
    (
        "王强．数据要素市场的制度设计[C]//中国科学学与科技政策研究会．第十八届年会论文集．北京：科学出版社，2022：101-110.",
        dict(type_code="C", container="第十八届年会论文集", year=2022, pages="101-110"),
    ),
    (
        "国务院．关于加快培育发展未来产业的指导意见[EB/OL]．(2024-01-29)[2024-03-01]．http://www.gov.cn/a/b.htm.",
        dict(type_code="EB/OL", year=2024, url="http://www.gov.cn/a/b.htm"),
    ),
    ("刘伟．新质生产力的内涵[N]．人民日报，2024-03-01（9）．", dict(type_code="N", container="人民日报", year=2024)),
    # PDF text that lost its spaces, wrapped over two lines
    (
        "[3] LauriolaI,LavelliA,AiolliF.Anintroductiontodeeplearning\ninNLP[J].Neurocomputing,2022,470:443-456.",
        dict(
            authors=["LauriolaI", "LavelliA", "AiolliF"],
            title="Anintroductiontodeeplearning inNLP",
            year=2022,
            pages="443-456",
        ),
    ),
    (
        "WuL,ChenY,etal.Graphneuralnetworks[J].Foundations,2023,16(2):119-328.",
        dict(authors=["WuL", "ChenY"], title="Graphneuralnetworks", issue="2"),
    ),
    # not GB/T 7714: raw kept, the rest mostly null
    ("Smith, J. (2020). Some book. Publisher.", dict(type_code=None, authors=None, title=None, year=2020)),
    ("内部资料，未正式出版", dict(type_code=None, year=None)),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_parse_reference(raw: str, expected: dict) -> None:
    got = parse_reference(raw)
    assert got["raw"] and got["raw"] in raw
    for k, v in expected.items():
        assert got[k] == v, k


@pytest.mark.parametrize(
    ("line", "n"),
    [
        ("[1] 甲", 1),
        ("［12］乙", 12),
        ("3. Smith J", 3),
        ("(4) 丙", 4),
        ("2023年的研究", None),
        ("3.14 是圆周率", None),
    ],
)
def test_entry_number(line: str, n) -> None:
    assert entry_number(line) == n
