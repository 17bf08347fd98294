"""Issue metadata from the printed page: mastheads, running heads, 文章编号, and the front-matter
variants of journal house styles (author lines, affiliation blocks, labels, the footnote block).

Each case table holds at least a third of negatives: text that must not be read as metadata."""

from __future__ import annotations

import pytest

from qikan.conventions import REFERENCES_HEADING_RE
from qikan.frontmatter import (
    article_no_metadata,
    issue_metadata,
    merge_issue_metadata,
    parse_affiliation_lines,
    parse_affiliations,
    parse_author_line,
    parse_front_matter,
    parse_masthead,
)
from qikan.references import entry_number

# --------------------------------------------------------------------------- mastheads

MASTHEADS = [
    # 中文信息学报: volume and issue, letter-spaced name, Latin volume and number
    ("第 36 卷 第 5 期 中 文 信 息 学 报 Vol. 36, No. 5", dict(journal="中文信息学报", volume=36, issue=5)),
    (
        "2022 年 5 月 JOURNAL OF CHINESE INFORMATION PROCESSING May, 2022",
        dict(year=2022, journal_latin="JOURNAL OF CHINESE INFORMATION PROCESSING"),
    ),
    ("中国科技论坛　2024年第3期", dict(journal="中国科技论坛", year=2024, issue=3)),
    ("第42卷第6期　　科学学研究", dict(journal="科学学研究", volume=42, issue=6)),
    ("图书情报工作 第68卷 第5期 2024年3月", dict(journal="图书情报工作", volume=68, issue=5, year=2024)),
    ("情报学报 2023年8月 第42卷 第8期", dict(journal="情报学报", volume=42, issue=8, year=2023)),
    # full-width period, no dot at all (a PDF without word spaces), partly collapsed spacing
    ("第31卷 第4期 计算机技术与发展 Vol．31 No．4", dict(journal="计算机技术与发展", volume=31, issue=4)),
    ("第37卷第3期 计 算 机 应 用 研 究 Vol37No3", dict(journal="计算机应用研究", volume=37, issue=3)),
    ("第46卷 第8期 电 网技 术 Vol. 46 No. 8", dict(journal="电网技术", volume=46, issue=8)),
    (
        "Journal of the China Society for Scientific and Technical Information, Aug. 2023, 42(8)",
        dict(year=2023, volume=42, issue=8),
    ),
    ("2021年6月 Journal on Communications June 2021", dict(year=2021, journal_latin="Journal on Communications")),
    # not mastheads
    ("2024年第3期《求是》发表了重要文章。", None),  # a sentence
    ("2023年度报告", None),  # a year inside a word
    ("基于2020年第七次人口普查数据的分析", None),  # a title with a year
    ("ISSN 1234-5678,CN 11-1234/TP", None),  # no issue token
    ("计 算 机 学 报", None),  # a name alone: only the running heads can vouch for it
    ("本刊第3期刊发的文章引起了讨论", None),  # two phrases besides the token
    ("数字经济对区域创新效率的影响研究", None),
]


@pytest.mark.parametrize(("line", "expected"), MASTHEADS)
def test_masthead_lines(line: str, expected: dict | None) -> None:
    got = parse_masthead(line)
    if expected is None:
        assert got is None
    else:
        assert got is not None and {k: got.get(k) for k in expected} == expected


HEADS = [
    ("58 计 算 机 学 报 2023 年", dict(journal="计算机学报", year=2023, page=58)),
    ("6 期 王磊等：面向知识图谱的实体对齐方法 59", dict(issue=6, page=59)),
    ("第7期 陈刚等：异构网络中的资源调度研究 ·45·", dict(issue=7, page=45)),
    ("·46· 通信学报 第41卷", dict(journal="通信学报", volume=41, page=46)),
    ("2214 周敏等：储能系统参与电网调频的控制策略 Vol. 46 No. 8", dict(volume=46, issue=8, page=2214)),
    ("第３期 林涛，等：基于ＧＮＳＳ数据的轨迹压缩算法研究 ·７８３·", dict(issue=3, page=783)),
    ("— 65 —", dict(page=65)),
    ("Zhongguo Keji Luntan\u300031", dict(journal_latin="Zhongguo Keji Luntan", page=31)),  # a footer: name, page
    ("中国科技论坛　23", dict(journal="中国科技论坛", page=23)),
    # not heads with metadata
    ("本章小结", None),
    ("这是一个句子，不是页眉。", None),
    ("附录 A 变量定义", None),
]


@pytest.mark.parametrize(("line", "expected"), HEADS)
def test_running_heads(line: str, expected: dict | None) -> None:
    got = parse_masthead(line, head=True)
    if expected is None:
        assert got is None or not ({"journal", "year", "volume", "issue"} & got.keys())
    else:
        assert got is not None and {k: got.get(k) for k in expected} == expected


def test_issue_metadata_votes_journal_and_page_offset() -> None:
    heads = [
        (2, "58 计 算 机 学 报 2023 年"),
        (3, "6 期 王磊等：面向知识图谱的实体对齐方法 59"),
        (4, "60 计 算 机 学 报 2023 年"),
        (5, "6 期 王磊等：面向知识图谱的实体对齐方法 61"),
        (6, "12 计 算 机 学 报 2023 年"),  # a misread page number is outvoted
    ]
    got = issue_metadata(heads, [(1, 57)], 6)
    assert got == {"journal": "计算机学报", "year": 2023, "issue": 6, "first_page": 57, "last_page": 62}


def test_issue_metadata_journal_name_alone_and_no_evidence() -> None:
    # a centred head that is only the (letter-spaced) journal name, on every page
    assert issue_metadata([(p, "电 力 系 统 保 护 与 控 制") for p in range(3, 9)], [], 16) == {
        "journal": "电力系统保护与控制"
    }
    # a thesis: chapter titles and the degree line head its pages, no journal
    thesis = [(p, "第三章 实验设计与结果分析") for p in range(20, 30)] + [
        (p, "南开大学硕士学位论文") for p in range(21, 31, 2)
    ]
    assert "journal" not in issue_metadata(thesis, [], 70)
    # two chapters' titles, neither on most pages
    chapters = [(p, "数据的生成方法") for p in range(3, 6)] + [(p, "模型的训练过程") for p in range(6, 9)]
    assert "journal" not in issue_metadata(chapters, [], 8)
    # one page number, one head with a short title: nothing to vote with
    assert issue_metadata([(3, "李强等：数据治理研究")], [], 6) == {}


ARTICLE_NOS = [
    ("1003-0077(2022)05-0031-08", dict(year=2022, issue=5, first_page=31, last_page=38)),
    ("1673－629X( 2021) 04－0112－06", dict(year=2021, issue=4, first_page=112, last_page=117)),
    ("10013695（2019）03078105", dict(year=2019, issue=3, first_page=781, last_page=785)),
    ("1001\ue0113695（2019）03\ue0110781\ue01105", dict(year=2019, issue=3, first_page=781, last_page=785)),
    ("1002-0241（2024）03-0012-09", dict(year=2024, issue=3, first_page=12, last_page=20)),
    ("A", {}),
    ("1234-5678", {}),
    ("2024-03-01", {}),
]


@pytest.mark.parametrize(("value", "expected"), ARTICLE_NOS)
def test_article_number(value: str, expected: dict) -> None:
    assert article_no_metadata(value) == expected


def test_merge_prefers_article_number_and_masthead_over_heads() -> None:
    meta = {"article_no": "1003-0077(2022)05-0031-08", "journal": "中文信息学报", "volume": 36}
    merge_issue_metadata(meta, {"journal": "某某学报", "year": 2023, "issue": 9, "first_page": 1, "last_page": 2})
    assert {k: meta[k] for k in ("journal", "year", "volume", "issue", "first_page", "last_page")} == {
        "journal": "中文信息学报",
        "year": 2022,
        "volume": 36,
        "issue": 5,
        "first_page": 31,
        "last_page": 38,
    }
    # a CNKI DOI gives year and issue when nothing else does; a plain DOI gives nothing
    meta = {"doi": "10.13266/j.issn.0252-3116.2024.05.003"}
    merge_issue_metadata(meta, {})
    assert (meta["year"], meta["issue"]) == (2024, 5)
    meta = {"doi": "10.12345/j.1234-5678.abc.2019.0456"}
    merge_issue_metadata(meta, {})
    assert "year" not in meta and "issue" not in meta


# --------------------------------------------------------------------------- authors, affiliations

AUTHOR_LINES = [
    ("刘英  吴娜", [("刘英", []), ("吴娜", [])]),  # bare, separated by a wide gap only
    ("陈  静¹⁾　赵  磊²⁾", [("陈静", ["1"]), ("赵磊", ["2"])]),  # 计算机学报's ¹⁾
    ("王芳1 李强2 赵敏1 孙建国2", [("王芳", ["1"]), ("李强", ["2"]), ("赵敏", ["1"]), ("孙建国", ["2"])]),
    ("周敏 1，张建军 1，唐伟 1,3", [("周敏", ["1"]), ("张建军", ["1"]), ("唐伟", ["1", "3"])]),
    ("林涛，黄晓东，李娜，徐刚", [("林涛", []), ("黄晓东", []), ("李娜", []), ("徐刚", [])]),
    ("本文研究了数字经济", None),
    ("（北京大学 信息管理系，北京 100871）", None),
    ("收稿日期：2023-10-12", None),
]


def _rows(got: list[dict] | None, keys: tuple[str, ...]) -> list[tuple] | None:
    """The parsed records as tuples of ``keys`` (None when nothing was parsed)."""
    return None if got is None else [tuple(a[k] for k in keys) for a in got]


@pytest.mark.parametrize(("line", "expected"), AUTHOR_LINES)
def test_author_line_variants(line: str, expected) -> None:
    assert _rows(parse_author_line(line), ("name", "markers")) == expected


AFFILIATION_BLOCKS = [
    # parenthesised, numbered, wrapped before the postcode
    (
        "（1. 北京大学 信息管理系，北京 100871；2. 武汉大学 信息管理学院，武汉\n430072）",
        [("1", "北京大学信息管理系", "北京", "100871"), ("2", "武汉大学信息管理学院", "武汉", "430072")],
    ),
    # province and city, full-width number stop
    (
        "（1．河北大学电子信息工程学院，河北省保定市 071002；\n2．东南大学电气工程学院，江苏省南京市 210096）",
        [
            ("1", "河北大学电子信息工程学院", "河北省保定市", "071002"),
            ("2", "东南大学电气工程学院", "江苏省南京市", "210096"),
        ],
    ),
    ("（福州大学计算机学院，福州350108）", [(None, "福州大学计算机学院", "福州", "350108")]),
    ("（2023年修订）", None),
    ("（见附录A）", None),
]


@pytest.mark.parametrize(("block", "expected"), AFFILIATION_BLOCKS)
def test_bracketed_affiliations(block: str, expected) -> None:
    assert _rows(parse_affiliations(block), ("marker", "name", "city", "postcode")) == expected


AFFILIATION_LINES = [
    (
        ["¹北京大学信息管理系　北京　100871", "²武汉大学信息管理学院　武汉　430072"],
        [("1", "北京大学信息管理系", "北京"), ("2", "武汉大学信息管理学院", "武汉")],
    ),
    (
        ["¹⁾(清华大学计算机科学与技术系　北京　100084)", "²⁾(中国科学院计算技术研究所　北京　100190)"],
        [("1", "清华大学计算机科学与技术系", "北京"), ("2", "中国科学院计算技术研究所", "北京")],
    ),
    (
        ["1. 北京大学 信息管理系，北京 100871", "2. 武汉大学 信息管理学院，武汉 430072"],
        [("1", "北京大学信息管理系", "北京"), ("2", "武汉大学信息管理学院", "武汉")],
    ),
    (["南开大学经济学院，天津 300071"], [(None, "南开大学经济学院", "天津")]),
    # a body sentence that names an institution, a city and a postcode is no affiliation
    (["调研对象包括北京大学信息管理系，北京和武汉两地的团队也参与了访谈。"], None),
    (["北京大学", "清华大学"], None),  # unnumbered lines: a list of names, not affiliations
    (["数字人文视角下的古籍知识组织研究"], None),
    (["1 引言"], None),
]


@pytest.mark.parametrize(("lines_", "expected"), AFFILIATION_LINES)
def test_affiliation_lines(lines_: list[str], expected) -> None:
    assert _rows(parse_affiliation_lines(lines_), ("marker", "name", "city")) == expected


def test_markers_lost_pair_authors_with_affiliations_in_order() -> None:
    text = (
        "题名研究\n\n刘英  吴娜\n\n（1. 北京大学 信息管理系，北京 100871；2. 武汉大学 信息管理学院，武汉 430072）\n\n"
        "摘要：本文研究了一个问题，结果表明方法有效，可为后续研究提供参考。\n"
    )
    fm = parse_front_matter(text)
    assert fm.meta["title"] == "题名研究"
    assert [(a["name"], a["affiliation"]) for a in fm.authors] == [
        ("刘英", "北京大学信息管理系"),
        ("吴娜", "武汉大学信息管理学院"),
    ]


# --------------------------------------------------------------------------- labels, footnotes, title


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("题名\n\n摘要本文讨论了一种新的调度方法，实验表明该方法在多个数据集上有效，请参见正文。\n", "abstract", None),
        ("关键词数据治理；元数据；知识组织\n\n1 引言\n", "keywords", ["数据治理", "元数据", "知识组织"]),
        ("关键字：学科交叉；引文网络\n", "keywords", ["学科交叉", "引文网络"]),
        ("关　键　词　数字经济；区域创新\n", "keywords", ["数字经济", "区域创新"]),
        ("Key words: a; b\n", "keywords_en", ["a", "b"]),
        ("Keywords: a, b\n", "keywords_en", ["a", "b"]),
        ("［分类号］G250\n", "clc", "G250"),
    ],
)
def test_label_variants(text: str, key: str, value) -> None:
    meta = parse_front_matter(text).meta
    if value is None:
        assert meta[key].startswith("本文讨论了一种")
    else:
        assert meta[key] == value


@pytest.mark.parametrize(
    "text",
    [
        "关键词的选择很重要。\n",  # a sentence about keywords
        "摘要是论文的缩影。\n",  # too short, a sentence
        "1 引言\n\n关键词数字经济；区域创新\n",  # after the first heading a label needs its colon
        "本文的关键词：创新。\n",
    ],
)
def test_not_labels(text: str) -> None:
    meta = parse_front_matter(text).meta
    assert "keywords" not in meta and "abstract" not in meta


def test_footnote_block_is_notes_and_rule_is_consumed() -> None:
    text = (
        "当前，新一轮科技革命深入发展。\n\n——————\n收稿日期：2023-10-12；修回日期：2024-01-05\n"
        "基金项目：国家自然科学基金（72074123）\n\n下一段正文。\n"
    )
    fm = parse_front_matter(text)
    assert [text[s:e] for s, e in fm.note_spans] == [
        "收稿日期：2023-10-12；修回日期：2024-01-05",
        "基金项目：国家自然科学基金（72074123）",
    ]
    consumed = [text[s:e] for s, e in fm.consumed]
    assert "——————" in consumed
    assert "当前，新一轮科技革命深入发展。" not in consumed and "下一段正文。" not in consumed


def test_rule_without_footnote_block_is_kept() -> None:
    text = "上文。\n\n——————\n\n下文。\n"
    assert parse_front_matter(text).consumed == []


@pytest.mark.parametrize(
    ("title_line", "expected"),
    [
        ("面向多源数据的知识融合方法研究*", "面向多源数据的知识融合方法研究"),
        ("数字人文视角下的古籍知识组织研究①", "数字人文视角下的古籍知识组织研究"),
        ("基于IMU的姿态估计方法综述\ue012", "基于IMU的姿态估计方法综述"),
        ("Web 2.0环境下的知识共享研究", "Web 2.0环境下的知识共享研究"),  # a number ending a title stays
        ("面向5G的边缘计算卸载策略", "面向5G的边缘计算卸载策略"),
    ],
)
def test_title_loses_its_footnote_marker(title_line: str, expected: str) -> None:
    text = f"{title_line}\n\n张伟1，李明2\n\n（1. 北京大学，北京 100871；2. 清华大学，北京 100084）\n\n摘要：本文研究了一个问题，结果表明该方法有效。\n"
    assert parse_front_matter(text).meta["title"] == expected


def test_masthead_lines_are_consumed_and_read() -> None:
    text = (
        "第47卷　第10期　计 算 机 学 报　Vol. 47 No. 10\n2024年10月　CHINESE JOURNAL OF COMPUTERS　Oct. 2024\n\n"
        "面向大规模图数据的子图匹配算法\n\n陈  静¹⁾　赵  磊²⁾\n\n"
        "摘　要：子图匹配是图数据管理中的基本问题，本文提出一种算法，实验表明其效率更高。\n"
    )
    fm = parse_front_matter(text)
    assert {k: fm.meta.get(k) for k in ("journal", "journal_latin", "year", "volume", "issue", "title")} == {
        "journal": "计算机学报",
        "journal_latin": "CHINESE JOURNAL OF COMPUTERS",
        "year": 2024,
        "volume": 47,
        "issue": 10,
        "title": "面向大规模图数据的子图匹配算法",
    }
    assert text.splitlines()[0] in [text[s:e] for s, e in fm.consumed]


def test_online_first_cover_page_is_metadata() -> None:
    cover = "电力系统保护与控制\nPower System Protection and Control\n《电力系统保护与控制》网络首发论文\n题目： 某方法\n网络首发日期： 2024-06-18\n"
    page2 = "电 力 系 统 保 护 与 控 制\n\n含储能的配电网电压控制方法\n\n陈晨 1，刘洋 2\n\n摘要：本文提出一种电压控制方法，算例验证了其有效性，结论可供参考。\n"
    text = cover + page2
    fm = parse_front_matter(text, page_starts=[0, len(cover)])
    meta = fm.meta
    merge_issue_metadata(meta, {})
    assert (meta["journal"], meta["year"], meta["title"]) == (
        "电力系统保护与控制",
        2024,
        "含储能的配电网电压控制方法",
    )
    consumed = {text[s:e] for s, e in fm.consumed}
    assert {"电力系统保护与控制", "题目： 某方法", "电 力 系 统 保 护 与 控 制"} <= consumed


# --------------------------------------------------------------------------- reference headings


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("参考文献：", True),
        ("参考文献:", True),
        ("参 考 文 献", True),
        ("参考文献", True),
        ("［参考文献］", True),
        ("【参考文献】", True),
        ("References", True),
        ("REFERENCES", True),
        ("参考文献（References）", True),
        ("注释与参考文献", True),
        ("我们在参考文献中整理了已有的测度指标。", False),
        ("参考文献的整理方法", False),
        ("References to prior work are given below.", False),
        ("参考文献：见文末。", False),
        ("本文参考文献", False),
    ],
)
def test_reference_headings(line: str, is_heading: bool) -> None:
    assert bool(REFERENCES_HEADING_RE.match(line)) is is_heading


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("[1000] 张三．题名[J]．刊名，2020.", 1000),
        ("［1234］李四．书名[M]．北京：出版社，2019.", 1234),
        ("2024．年度报告", None),
    ],
)
def test_entry_numbers_past_999(line: str, number) -> None:
    assert entry_number(line) == number


# --------------------------------------------------------------------------- whole documents

HOUSE_STYLES = {
    # fixture: (journal, year, volume, issue, first_page, last_page, references, notes, strings never in body)
    "article_qbxb_style": (
        "情报学报",
        2023,
        42,
        8,
        None,
        None,
        3,
        3,
        ["情报学报", "第42卷", "——", "收稿日期", "关键字"],
    ),
    "article_tsqbgz_style": (
        "图书情报工作",
        2024,
        68,
        5,
        None,
        None,
        2,
        0,
        ["图书情报工作", "Vol.", "分类号", "北京大学"],
    ),
    "article_jsjxb_style": ("计算机学报", 2024, 47, 10, 71, 75, 4, 0, ["计 算 机 学 报", "Vol.", "陈静等", "清华大学"]),
    "research_article": ("中国科技论坛", 2024, None, 3, 12, 20, 7, 4, ["中国科技论坛", "文章编号", "收稿日期"]),
}


@pytest.mark.parametrize("name", sorted(HOUSE_STYLES))
def test_house_style_documents(name: str) -> None:
    import hashlib
    from pathlib import Path

    from qikan.model import Source
    from qikan.pipeline import process_document

    path = Path(__file__).resolve().parents[1] / "fixtures" / "structure" / f"{name}.txt"
    data = path.read_bytes()
    doc = process_document(Source(str(path), path.name, "txt", len(data), hashlib.sha256(data).hexdigest()))
    journal, year, volume, issue, first, last, n_refs, n_notes, never = HOUSE_STYLES[name]
    got = tuple(doc.meta.get(k) for k in ("journal", "year", "volume", "issue", "first_page", "last_page"))
    assert got == (journal, year, volume, issue, first, last)
    assert doc.authors and all(a["affiliation"] for a in doc.authors)
    assert len(doc.references) == n_refs
    assert (
        sum(p.kind == "note" and p.text.startswith(("收稿", "基金", "作者", "通信")) for p in doc.paragraphs) == n_notes
    )
    body = [p.text for p in doc.paragraphs if p.kind == "body"]
    assert body, "the body has paragraphs"
    leaks = [(s, t) for s in never for t in body if s in t]
    if name == "article_qbxb_style":
        # the one body sentence that names an institution and a city is body text, not an affiliation
        leaks = [(s, t) for s, t in leaks if s != "北京大学"]
    assert leaks == []


def test_pdf_style_heads_in_repairs_give_issue_metadata() -> None:
    """The PDF path removes running heads and page numbers as repairs rows (text in ``before``):
    segment reads the journal, year, issue and pages from them."""
    from qikan.model import Document, Repair, Source
    from qikan.segment import segment

    text = "面向知识图谱的实体对齐方法*\n\n王磊1 赵敏2\n\n（1. 南京大学计算机学院，南京 210023；2. 四川大学计算机学院，成都 610065）\n\n摘要：本文讨论了实体对齐的若干问题，实验表明所述方法有效。\n\n1 引言\n\n正文。\n"
    rows = [Repair(0, "header_footer", "fixed", "pdf_page_number", 0, "\n\n57", "", "", page=1)]
    for page in range(2, 7):
        head = (
            f"{56 + page} 计 算 机 学 报 2023 年"
            if page % 2 == 0
            else f"6 期 王磊等：面向知识图谱的实体对齐方法 {56 + page}"
        )
        rows.append(Repair(page, "header_footer", "fixed", "pdf_running_head", 0, head + "\n\n", "", "", page=page))
    doc = Document(source=Source("x.pdf", "x.pdf", "pdf", 1, "0"), text=text, n_pages=6, repairs=rows)
    segment(doc)
    assert {k: doc.meta.get(k) for k in ("title", "journal", "year", "issue", "first_page", "last_page")} == {
        "title": "面向知识图谱的实体对齐方法",
        "journal": "计算机学报",
        "year": 2023,
        "issue": 6,
        "first_page": 57,
        "last_page": 62,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021−03−17", (2021, 3, 17)),  # U+2212 minus, as PDFs print it
        ("20190412", (2019, 4, 12)),  # separators lost with their unmapped glyph
        ("2019\ue01104\ue01112", (2019, 4, 12)),
        ("2020YFB1234567", None),  # a grant number
        ("13812345678", None),  # a telephone number
        ("20171399", None),  # no such month
    ],
)
def test_received_date_forms(value: str, expected) -> None:
    from qikan.frontmatter import parse_date

    got = parse_date(value)
    assert (got.year, got.month, got.day) == expected if expected else got is None


def test_english_footnote_labels_are_fields_and_notes() -> None:
    text = (
        "收稿日期：2021−03−17；修回日期：2021−05−02\n基金项目：国家重点研发计划（No.1）\n"
        "Foundation Items: The National Key R&D Program of China (No.1)\n\nReceived results show that the method works.\n"
    )
    fm = parse_front_matter(text)
    assert fm.meta["funding"] == "国家重点研发计划（No.1）"  # the first printed wins
    assert len(fm.note_spans) == 3
    assert "Received results show that the method works." not in [text[s:e] for s, e in fm.consumed]


def test_one_bracketed_affiliation_a_line() -> None:
    text = (
        "题名研究\n\n张伟1，李明2\n\n（1. 北京大学信息管理系，北京 100871）\n（2. 武汉大学信息管理学院，武汉 430072）\n\n"
        "摘要：本文研究了一个问题，结果表明方法有效，可为后续研究提供参考。\n"
    )
    fm = parse_front_matter(text)
    assert [(a["name"], a["affiliation"]) for a in fm.authors] == [
        ("张伟", "北京大学信息管理系"),
        ("李明", "武汉大学信息管理学院"),
    ]


def test_masthead_and_cover_removed_by_the_pdf_layout_still_give_metadata() -> None:
    """A PDF's layout may take page 1's masthead (with its 文章编号) or an online-first cover page
    out of the text as repairs rows that keep the lines in ``before``: they are read all the same."""
    from qikan.model import Document, Repair, Source
    from qikan.segment import segment

    text = "多源数据的知识融合研究\n\n郑浩1，刘敏2\n\n（1. 山东大学计算机学院，济南 250100；2. 北京大学计算机学院，北京 100871）\n\n摘要：本文讨论了知识融合的若干问题，实验表明所述方法有效。\n\n1 引言\n\n正文。\n"
    masthead = "第 36 卷 第 5 期 中 文 信 息 学 报 Vol. 36, No. 5\n2022 年 5 月 JOURNAL OF CHINESE INFORMATION PROCESSING May, 2022\n文章编号：1003-0077(2022)05-0031-08\n"
    rows = [Repair(0, "header_footer", "fixed", "pdf_masthead", 0, masthead, "", "", page=1)]
    doc = Document(source=Source("x.pdf", "x.pdf", "pdf", 1, "0"), text=text, n_pages=6, repairs=rows)
    segment(doc)
    got = {k: doc.meta.get(k) for k in ("journal", "year", "volume", "issue", "first_page", "last_page", "article_no")}
    assert got == {
        "journal": "中文信息学报",
        "year": 2022,
        "volume": 36,
        "issue": 5,
        "first_page": 31,
        "last_page": 38,
        "article_no": "1003-0077(2022)05-0031-08",
    }
    cover = "电力系统保护与控制\n《电力系统保护与控制》网络首发论文\n题目： 某方法\n收稿日期： 2024-01-09\n网络首发日期： 2024-06-18\n"
    rows = [Repair(0, "header_footer", "fixed", "pdf_online_first_cover", 0, cover, "", "", page=1)]
    doc = Document(source=Source("y.pdf", "y.pdf", "pdf", 1, "0"), text=text, n_pages=16, repairs=rows)
    segment(doc)
    assert (doc.meta["journal"], doc.meta["year"], doc.meta["title"]) == (
        "电力系统保护与控制",
        2024,
        "多源数据的知识融合研究",
    )
    # a masthead whose rows ran together: its volume token still counts
    garbled = "计算机学报 CHINESE JOURNAL OF COMPUTERS第 45 卷Vol.第459No.期 9 2022Sep.年 92022月\n"
    rows = [Repair(0, "header_footer", "fixed", "pdf_masthead", 0, garbled, "", "", page=1)]
    doc = Document(source=Source("w.pdf", "w.pdf", "pdf", 1, "0"), text=text, n_pages=6, repairs=rows)
    segment(doc)
    assert doc.meta["volume"] == 45
    # a row of another rule (a running foot) is no masthead
    rows = [Repair(0, "header_footer", "fixed", "pdf_running_foot", 0, masthead, "", "", page=1)]
    doc = Document(source=Source("z.pdf", "z.pdf", "pdf", 1, "0"), text=text, n_pages=6, repairs=rows)
    segment(doc)
    assert doc.meta.get("article_no") is None and doc.meta.get("first_page") is None


@pytest.mark.parametrize(
    ("text", "keywords_en", "abstract_end"),
    [
        ("Abstract: We study it. It works. Key words: a; b\n", ["a", "b"], "It works."),
        # a label inside a sentence of the abstract stays in it
        ("Abstract: We list the key words: a and b in a table.\n", None, "in a table."),
        ("Abstract: The Keywords: field is optional here.\n", None, "optional here."),
    ],
)
def test_key_words_joined_onto_an_english_abstract(text: str, keywords_en, abstract_end: str) -> None:
    meta = parse_front_matter(text).meta
    assert meta.get("keywords_en") == keywords_en
    assert meta["abstract_en"].endswith(abstract_end)


def test_latin_journal_name_among_masthead_lines() -> None:
    text = (
        "第37卷 第2期\n中文信息学报\nVol. 37, No. 2\n2023年2月\nJOURNAL OF CHINESE INFORMATION PROCESSING\n"
        "文章编号：1003-0077(2023)02-0155-03\n\n题名研究\n\nA Study of Titles\n\n张伟1，李明2\n\n"
        "（1. 北京大学，北京 100871；2. 清华大学，北京 100084）\n\n摘要：本文研究了一个问题，结果表明方法有效。\n"
    )
    fm = parse_front_matter(text)
    consumed = {text[s:e] for s, e in fm.consumed}
    assert "JOURNAL OF CHINESE INFORMATION PROCESSING" in consumed
    assert fm.meta["journal_latin"] == "JOURNAL OF CHINESE INFORMATION PROCESSING"
    assert "A Study of Titles" not in consumed  # a Latin line away from the masthead is not its name
    # the Chinese name between two masthead lines is the journal's; the title after them is not
    assert fm.meta["journal"] == "中文信息学报" and "中文信息学报" in consumed
    assert fm.meta["title"] == "题名研究"


def test_title_between_masthead_and_a_field_is_no_journal() -> None:
    text = (
        "中国科技论坛　2024年第3期\n数据要素市场研究\nDOI:10.13580/j.cnki.fstc.2024.03.002\n\n张伟1，李明2\n\n"
        "（1. 北京大学，北京 100871；2. 清华大学，北京 100084）\n\n摘要：本文研究了一个问题，结果表明方法有效。\n"
    )
    fm = parse_front_matter(text)
    assert (fm.meta["journal"], fm.meta["title"]) == ("中国科技论坛", "数据要素市场研究")


def test_masthead_name_pair_and_page_range_note() -> None:
    text = (
        "图书情报工作\nLIBRARY AND INFORMATION SERVICE\nDOI：10.9431/j.issn.0252-3116.2024.22.005\n\n"
        "21世纪体育教育专业人才培养理念的研究\n\n司马浩然¹,²，郑佳怡²\n\n¹中国科学院文献情报中心　北京　100190\n"
        "²复旦大学管理学院　上海　200433\n\n［摘要］本文研究了一个问题，结果表明方法有效。\n\n1 引言\n\n正文。\n\n"
        "本文起止页码：139-146　本文责任编辑：迟凤玲\n"
    )
    fm = parse_front_matter(text)
    meta = dict(fm.meta)
    merge_issue_metadata(meta, {})
    got = {
        k: meta.get(k)
        for k in ("journal", "journal_latin", "title", "year", "issue", "first_page", "last_page", "editor")
    }
    assert got == {
        "journal": "图书情报工作",
        "journal_latin": "LIBRARY AND INFORMATION SERVICE",
        "title": "21世纪体育教育专业人才培养理念的研究",
        "year": 2024,
        "issue": 22,
        "first_page": 139,
        "last_page": 146,
        "editor": "迟凤玲",
    }
    assert "本文起止页码：139-146　本文责任编辑：迟凤玲" in [text[s:e] for s, e in fm.note_spans]
    # an English title in title case under the Chinese one is no masthead
    text2 = "数据要素研究\nA Study of Data Factors\n\n张伟1，李明2\n\n（1. 北京大学，北京 100871；2. 清华大学，北京 100084）\n\n摘要：本文研究了一个问题，结果表明方法有效。\n"
    assert parse_front_matter(text2).meta.get("journal") is None


@pytest.mark.parametrize(
    ("text", "keywords", "clc"),
    [
        ("关键词：电力系统；动模；时间控制器中图法分类号：TP391\n", ["电力系统", "动模", "时间控制器"], "TP391"),
        ("关键词：电力系统；动模 中图分类号：TM76\n", ["电力系统", "动模"], "TM76"),
        # a keyword that names the label without its colon stays a keyword
        ("关键词：中图分类号体系；知识组织\n", ["中图分类号体系", "知识组织"], None),
    ],
)
def test_label_glued_onto_keywords(text: str, keywords: list[str], clc) -> None:
    meta = parse_front_matter(text).meta
    assert meta["keywords"] == keywords and meta.get("clc") == clc
