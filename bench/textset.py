"""Text-path ground truth: research articles and 笔谈 (forum) issues in six house styles.

Builds OCR'd / exported text files as Chinese journals reach us, with an exact gold per file,
from the corpus's redistributable prose only:

- body paragraphs: ``<p>`` paragraphs of the Debian reference's HTML (GPL-2+), read with
  ``bench/groundtruth.py``'s parser, and CSL abstracts (Apache-2.0);
- title, abstract and keywords of a research article: one CSL row (title, abstract, keywords);
- everything else is scaffolding made up here: names, affiliations, mastheads, dates, running
  heads and footers, footnote blocks, English blocks and GB/T 7714 reference lists.

The layouts are those of 中文信息学报, 计算机学报, 情报学报, 中国科技论坛, 科学学研究 and
图书情报工作 (``STYLES``) as OCR or a Markdown export gives them: wrap width in display width
(full-width characters count two), first-line indent or not, blank lines between paragraphs or
not, heading numbering ``1``/``1.1`` or ``一、``/``（一）``, front-matter order and labels, a
first-page footnote block under a ``——————`` rule, pages separated by form feeds or by blank
lines with running heads and footers, paragraphs and sentences cut by page breaks, the
reference heading, encodings (UTF-8, UTF-8 with BOM, GB18030) and Markdown exports.

The gold mirrors ``../shared/corpus/journals/generated/*.gold.json`` (``document``,
``sections`` with their ``paragraphs``, ``joins``, ``must_not_leak``, ``must_not_leak_regex``,
``layout``), plus ``references``: every entry's raw text and its GB/T 7714 fields.

Generation is deterministic (``random.Random(seed)``): the same corpus gives the same bytes.

    python bench/textset.py OUT_DIR        # writes OUT_DIR/<name>.<txt|md> and <name>.<txt|md>.gold.json
    python bench/textset.py --fixtures     # rewrites the four committed ones in tests/fixtures/textset
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20241204
DOCS_PER_STYLE = 5


def find_corpus() -> Path | None:
    """``../shared/corpus`` beside the checkout, or beside any folder above it (a worktree
    under ``/work/wt/<name>`` finds ``/work/shared/corpus``); ``QIKAN_CORPUS`` overrides."""
    if env := os.environ.get("QIKAN_CORPUS"):
        return Path(env) if Path(env).is_dir() else None
    for up in ROOT.parents:
        if (up / "shared" / "corpus").is_dir():
            return up / "shared" / "corpus"
    return None


# --------------------------------------------------------------------------- display width


def width(s: str) -> int:
    """Display width: wide and full-width characters (CJK, ｆｕｌｌ-width Latin) count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


_NO_START = set("，。、；：？！）》”’」』】〕…%·．,.;:?!)]")
_NO_END = set("（《“‘「『【〔([")


def _is_word(c: str) -> bool:
    c = unicodedata.normalize("NFKC", c)  # ｄｅｂ is a word as deb is
    return c.isascii() and (c.isalnum() or c in "-_/.@:%+=~#&'")


def wrap(text: str, cols: int, indent: int = 0) -> list[tuple[int, int, int]]:
    """Greedy line breaking as a typesetter does it: ``(start, end, next_start)`` per line.

    A line break falls between two CJK characters or at a space (the space is dropped), never
    inside a Latin word, never before closing or after opening punctuation.
    """
    out: list[tuple[int, int, int]] = []
    start, n = 0, len(text)
    first = True
    while start < n:
        avail = cols - (indent if first else 0)
        w, i = 0, start
        while i < n and w + width(text[i]) <= avail:
            w += width(text[i])
            i += 1
        if i >= n:
            out.append((start, n, n))
            break
        j = i
        while j > start + 1:
            a, b = text[j - 1], text[j]
            if b == " ":
                break
            if a == " ":
                break
            fa, fb = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
            glued = (
                (_is_word(a) and _is_word(b))
                or (fa.isascii() and fa.isalnum() and fb == "(")
                or (fa == ")" and fb.isascii() and fb.isalnum())
            )
            if b not in _NO_START and a not in _NO_END and not glued:  # apt-get(8) is one word
                break
            j -= 1
        if j <= start + 1:
            j = i  # nothing better: cut where the line is full
        end = j
        while end > start and text[end - 1] == " ":
            end -= 1
        nxt = j
        while nxt < n and text[nxt] == " ":
            nxt += 1
        out.append((start, end, nxt))
        start, first = nxt, False
    return out


# --------------------------------------------------------------------------- prose


_CJK = r"[\u4e00-\u9fff]"


def zh_punct(s: str) -> str:
    """Chinese text's ASCII marks as a journal prints them (CSL abstracts carry ``, . ; ( )``)."""
    s = re.sub(r"(?<!\d),|,(?!\d)", "，", s)
    s = re.sub(r";", "；", s)
    s = re.sub(r"(?<![\dA-Za-z]):|:(?![\dA-Za-z/])", "：", s)
    s = re.sub(r"\?", "？", s)
    s = re.sub(r"(?<=[\u4e00-\u9fff）)%”])\.(?=[\u4e00-\u9fff“（]|$|\s)|(?<=\d)\.(?=[\u4e00-\u9fff]|$)", "。", s)
    s = re.sub(r"\(([^()]*)\)", lambda m: f"（{m[1]}）" if re.search(_CJK, m[0] + s[:0]) else m[0], s)
    s = re.sub(rf"(?<={_CJK})\(([^()]*)\)|\(([^()]*)\)(?={_CJK})", lambda m: f"（{m[1] or m[2]}）", s)
    s = re.sub(r"\s*([，。；：？！（）])\s*", r"\1", s)
    return s.strip()


@dataclass
class CslRow:
    title: str
    abstract: str
    keywords: list[str]


def csl_rows(corpus: Path) -> list[CslRow]:
    out = []
    with (corpus / "csl" / "kg_dev.tsv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) < 3:
                continue
            text = row[1].strip()
            k = text.rfind(". ")
            if k < 0:
                continue
            abstract, title = zh_punct(text[: k + 1]), text[k + 2 :].strip()
            kws = [x.strip() for x in row[2].split("_") if x.strip()]
            if not (8 <= len(title) <= 36) or re.search(r"[.。，,；;:：]", title) or " " in title:
                continue
            if not (120 <= len(abstract) <= 420) or not abstract.endswith("。"):
                continue
            if not (3 <= len(kws) <= 7) or any(len(x) > 14 or re.search(r"[，,；;]", x) for x in kws):
                continue
            if re.search(
                r"[^\u0020-\u007e\u00b0-\u00d7\u0391-\u03c9\u2010-\u2030\u2103\u2160-\u2169\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]",
                abstract,
            ):
                continue
            out.append(CslRow(title, abstract, kws))
    return out


def debian_pool(corpus: Path) -> list[str]:
    from bench.groundtruth import _Paragraphs

    folder = corpus / "manuals" / "debian-reference-zh-cn"
    files = sorted(folder.glob("ch*.html"))
    seen, out = set(), []
    for f in files:
        parser = _Paragraphs()
        parser.feed(f.read_text(encoding="utf-8"))
        for p in parser.out:
            if p in seen or not (30 <= len(p) <= 330) or not p.endswith("。"):
                continue
            if "[" in p or "Table" in p or "\n" in p or re.match(r"^[\d•\-–（(一二三四五六七八九十]", p):
                continue
            if len(re.findall(_CJK, p)) < 0.45 * len(p):
                continue
            if any(len(tok) > 18 for tok in re.findall(r"[!-~]+", p)):
                continue
            if re.search(r"[^\u0020-\u007e\u00b0-\u00d7\u2010-\u2030\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]", p):
                continue
            seen.add(p)
            out.append(p)
    return out


# --------------------------------------------------------------------------- scaffolding pools

SURNAMES = [
    ("王", "WANG"), ("李", "LI"), ("张", "ZHANG"), ("刘", "LIU"), ("陈", "CHEN"), ("杨", "YANG"),
    ("赵", "ZHAO"), ("黄", "HUANG"), ("周", "ZHOU"), ("吴", "WU"), ("徐", "XU"), ("孙", "SUN"),
    ("胡", "HU"), ("朱", "ZHU"), ("高", "GAO"), ("林", "LIN"), ("何", "HE"), ("郭", "GUO"),
    ("马", "MA"), ("罗", "LUO"), ("梁", "LIANG"), ("宋", "SONG"), ("郑", "ZHENG"), ("谢", "XIE"),
    ("韩", "HAN"), ("唐", "TANG"), ("冯", "FENG"), ("董", "DONG"), ("程", "CHENG"), ("曹", "CAO"),
    ("袁", "YUAN"), ("邓", "DENG"), ("沈", "SHEN"), ("曾", "ZENG"), ("彭", "PENG"), ("吕", "LYU"),
    ("欧阳", "OUYANG"), ("司马", "SIMA"),
]  # fmt: skip
GIVEN = [
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("强", "Qiang"),
    ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"),
    ("涛", "Tao"), ("超", "Chao"), ("彤", "Tong"), ("英", "Ying"), ("秀英", "Xiuying"),
    ("晓明", "Xiaoming"), ("建华", "Jianhua"), ("志强", "Zhiqiang"), ("海燕", "Haiyan"),
    ("瑞俊", "Ruijun"), ("冬梅", "Dongmei"), ("思远", "Siyuan"), ("雨桐", "Yutong"), ("子涵", "Zihan"),
    ("文博", "Wenbo"), ("佳怡", "Jiayi"), ("浩然", "Haoran"), ("一鸣", "Yiming"), ("晨曦", "Chenxi"),
    ("立新", "Lixin"), ("春燕", "Chunyan"), ("国庆", "Guoqing"), ("旭峰", "Xufeng"), ("瑞龙", "Ruilong"),
]  # fmt: skip
#: (organisation, department, city as printed with its province, postcode, English)
AFFILIATIONS = [
    ("北京大学", "信息管理系", "北京", "100871", "Department of Information Management, Peking University, Beijing"),
    ("武汉大学", "信息管理学院", "湖北 武汉", "430072", "School of Information Management, Wuhan University, Wuhan"),
    ("南京大学", "信息管理学院", "江苏 南京", "210023", "School of Information Management, Nanjing University, Nanjing"),
    ("清华大学", "公共管理学院", "北京", "100084", "School of Public Policy and Management, Tsinghua University, Beijing"),
    ("中国人民大学", "信息资源管理学院", "北京", "100872", "School of Information Resource Management, Renmin University of China, Beijing"),
    ("苏州大学", "计算机科学与技术学院", "江苏 苏州", "215006", "School of Computer Science and Technology, Soochow University, Suzhou"),
    ("哈尔滨工业大学", "计算学部", "黑龙江 哈尔滨", "150001", "Faculty of Computing, Harbin Institute of Technology, Harbin"),
    ("中国科学院文献情报中心", "", "北京", "100190", "National Science Library, Chinese Academy of Sciences, Beijing"),
    ("中国科学技术信息研究所", "", "北京", "100038", "Institute of Scientific and Technical Information of China, Beijing"),
    ("复旦大学", "管理学院", "上海", "200433", "School of Management, Fudan University, Shanghai"),
    ("浙江大学", "公共管理学院", "浙江 杭州", "310058", "School of Public Affairs, Zhejiang University, Hangzhou"),
    ("华中师范大学", "信息管理学院", "湖北 武汉", "430079", "School of Information Management, Central China Normal University, Wuhan"),
    ("南开大学", "商学院", "天津", "300071", "Business School, Nankai University, Tianjin"),
    ("中山大学", "信息管理学院", "广东 广州", "510006", "School of Information Management, Sun Yat-sen University, Guangzhou"),
    ("四川大学", "公共管理学院", "四川 成都", "610065", "School of Public Administration, Sichuan University, Chengdu"),
    ("大连理工大学", "科学学与科技管理研究所", "辽宁 大连", "116024", "Institute of Science of Science and S&T Management, Dalian University of Technology, Dalian"),
    ("西安交通大学", "管理学院", "陕西 西安", "710049", "School of Management, Xi'an Jiaotong University, Xi'an"),
    ("东北大学", "计算机科学与工程学院", "辽宁 沈阳", "110169", "School of Computer Science and Engineering, Northeastern University, Shenyang"),
    ("北京邮电大学", "计算机学院", "北京", "100876", "School of Computer Science, Beijing University of Posts and Telecommunications, Beijing"),
    ("中国科学技术发展战略研究院", "", "北京", "100038", "Chinese Academy of Science and Technology for Development, Beijing"),
]  # fmt: skip
#: forum authors: (organisation, role) — several per person are joined with 、
FORUM_ROLES = [
    ("中国科学技术发展战略研究院", "研究员"), ("中国人民大学", "教授"), ("清华大学公共管理学院", "教授"),
    ("北京市科学技术研究院创新发展战略研究所", "所长、研究员"), ("中国科学院科技战略咨询研究院", "副院长、研究员"),
    ("国务院发展研究中心创新发展研究部", "部长、研究员"), ("南开大学经济学院", "教授"),
    ("复旦大学管理学院", "院长、教授"), ("上海市科学学研究所", "所长、研究员"), ("浙江大学中国科教战略研究院", "副院长、教授"),
]  # fmt: skip
HEADINGS_L1 = [
    "引言", "相关研究", "研究设计", "数据与方法", "理论基础与研究框架", "模型构建", "实证分析",
    "结果与讨论", "实验与分析", "对策建议", "结论与展望", "研究现状", "问题提出",
]  # fmt: skip
HEADINGS_L2 = ["数据来源", "变量定义", "模型设定", "评价指标", "基线方法", "稳健性检验", "样本选择", "结果分析"]
JOURNALS_ZH = [
    "管理世界", "中国软科学", "科研管理", "情报学报", "图书情报工作", "中文信息学报", "计算机学报", "软件学报",
    "科学学研究", "中国科技论坛", "情报理论与实践", "数据分析与知识发现", "大学图书馆学报", "中国图书馆学报",
]  # fmt: skip
JOURNALS_EN = [
    "Journal of Informetrics", "Scientometrics", "Research Policy", "Information Processing and Management",
    "Journal of the Association for Information Science and Technology", "Technological Forecasting and Social Change",
]  # fmt: skip
TITLES_EN = [
    "Measuring the diffusion of scientific knowledge across disciplines",
    "A neural approach to Chinese word segmentation in scholarly text",
    "Funding, collaboration and the impact of research",
    "Text mining of policy documents for innovation studies",
    "Citation intent classification with pretrained language models",
    "Open data and the reproducibility of science",
    "Knowledge graph construction from scientific literature",
    "Regional innovation systems and university industry linkages",
]
PUBLISHERS = [("北京", "科学出版社"), ("北京", "商务印书馆"), ("北京", "清华大学出版社"), ("上海", "上海人民出版社"),
              ("武汉", "武汉大学出版社"), ("北京", "社会科学文献出版社")]  # fmt: skip
PUBLISHERS_EN = [("Cambridge", "MIT Press"), ("New York", "Springer"), ("Oxford", "Oxford University Press")]
POLICY_TITLES = [
    "新一代人工智能发展规划", "“十四五”国家信息化规划", "关于构建数据基础制度更好发挥数据要素作用的意见",
    "关于加强科技伦理治理的意见", "关于深化科技体制改革的实施意见", "全国科技期刊发展报告",
]  # fmt: skip
POLICY_ORGS = ["国务院", "中共中央办公厅", "科学技术部", "中国科学技术协会", "国家数据局"]
EN_SENTENCES = [
    "This paper studies the problem from the perspective of its users.",
    "A data set was built from public sources and annotated by two experts.",
    "The proposed method is compared with several strong baselines.",
    "Experimental results show that the method improves both precision and recall.",
    "The findings suggest that policy support plays an important role.",
    "We further discuss the limitations of the study and directions for future work.",
    "The analysis combines bibliometric indicators with text mining.",
    "Case studies illustrate how the framework can be applied in practice.",
]
FORUM_TOPICS = ["数据要素市场化配置改革", "科技自立自强与国家创新体系", "人工智能治理的理论与实践",
                "学术期刊高质量发展", "数字经济与创新生态建设"]  # fmt: skip
EDITOR_NOTES = [
    "为深入研讨{t}的理论内涵与实践路径，本刊编辑部邀请来自高校、科研院所和智库的专家撰文，分享其最新思考，以飨读者。",
    "围绕{t}这一重要议题，本刊特邀多位专家学者从不同角度展开讨论，以期为相关研究和政策制定提供参考。",
    "{t}是当前学界和政策界共同关注的热点问题。为此，本刊组织专题笔谈，邀请有关专家就其中的关键问题发表见解。",
]
EDITORS = ["迟凤玲", "王　敏", "张晓明", "刘　静"]


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Style:
    key: str
    journal: str
    pinyin: str
    issn: str
    first_volume_year: int | None  #: volume = year - this + 1 (None: the journal prints no volume)
    issues: int  #: issues per year
    cols: int  #: wrap width in display columns
    lines_per_page: int
    indent: str  #: first-line indent of a paragraph
    blank: bool  #: blank line between paragraphs
    numbering: str  #: arabic (1 / 1.1) | chinese (一、 / （一）)
    heading_gap: str  #: between number and title
    authors: str  #: sup | digits | cjc | bare
    affil: str  #: paren_inline | paren_lines | cjc | sup_lines
    labels: dict[str, str]  #: abstract / keywords / clc / doc_code / article_no / doi label as printed
    article_no_top: bool  #: 文章编号 above the title
    english: str  #: front | end | none
    notes: str  #: foot (page-1 footnote block) | front (after the keywords)
    pages: str  #: ff | blank
    head: str  #: running-head pattern name
    footer: str  #: footer pattern name
    refs_heads: tuple[str, ...]
    ref_sep: str  #: ascii | full
    ref_number: str  #: "[{n}] " | "［{n}］" | "{n}. "
    encodings: tuple[str, ...]
    markdown: int  #: how many of the style's documents are Markdown exports
    forums: int  #: how many of the style's documents are 笔谈 issues
    clc: tuple[str, ...]
    source_mix: float  #: share of body paragraphs from the Debian manual (the rest CSL abstracts)
    heading_blank: bool = True  #: a blank line before a heading


STYLES = [
    Style("zwxxxb", "中文信息学报", "Zhongwen Xinxi Xuebao", "1003-0077", 1987, 12, 44, 62, "\u3000\u3000", False,
          "arabic", " ", "sup", "paren_lines",
          {"abstract": "摘　要：", "keywords": "关键词：", "clc": "中图分类号：", "doc_code": "文献标识码：", "article_no": "文章编号："},
          True, "front", "foot", "ff", "jcip", "none", ("参考文献",), "ascii", "[{n}] ",
          ("utf-8",), 0, 0, ("TP391", "TP18", "TP391.1"), 0.85, False),
    Style("jsjxb", "计算机学报", "Jisuanji Xuebao", "0254-4164", 1978, 12, 48, 64, "", True,
          "arabic", "\u3000", "cjc", "cjc",
          {"abstract": "摘　要　", "keywords": "关键词　", "clc": "中图法分类号　", "doi": "DOI号　"},
          False, "end", "foot", "ff", "cjc", "none", ("参 考 文 献",), "ascii", "[{n}] ",
          ("gb18030", "utf-8"), 0, 0, ("TP18", "TP311", "TP391"), 0.9),
    Style("qbxb", "情报学报", "Qingbao Xuebao", "1000-0135", 1982, 12, 80, 42, "  ", False,
          "arabic", " ", "digits", "paren_inline",
          {"abstract": "摘　要：", "keywords": "关键词：", "clc": "中图分类号：", "doi": "DOI："},
          False, "front", "foot", "blank", "qbxb", "dot", ("参考文献", "References"), "ascii", "[{n}] ",
          ("utf-8",), 2, 0, ("G350", "G252.7", "G353.1"), 0.5),
    Style("zgkjlt", "中国科技论坛", "Zhongguo Keji Luntan", "1002-6711", None, 12, 70, 40, "\u3000\u3000", False,
          "chinese", "", "bare", "paren_inline",
          {"abstract": "摘要：", "keywords": "关键词：", "clc": "中图分类号：", "doc_code": "文献标识码：", "article_no": "文章编号："},
          False, "none", "foot", "blank", "none", "zgkjlt", ("参考文献：",), "full", "［{n}］",
          ("utf-8-sig", "utf-8"), 1, 2, ("G322", "F124.3", "G301"), 0.2, False),
    Style("kxxyj", "科学学研究", "Kexuexue Yanjiu", "1003-2053", 1983, 12, 84, 44, "", True,
          "chinese", "", "bare", "paren_inline",
          {"abstract": "摘　要：", "keywords": "关键词：", "clc": "中图分类号：", "doc_code": "文献标识码：", "article_no": "文章编号："},
          True, "none", "front", "ff", "kxxyj", "dash", ("参考文献：", "参考文献:"), "ascii", "[{n}] ",
          ("gb18030",), 0, 1, ("G301", "G311", "F204"), 0.3),
    Style("tsqbgz", "图书情报工作", "Tushu Qingbao Gongzuo", "0252-3116", 1957, 24, 76, 46, "\u3000\u3000", True,
          "arabic", " ", "sup", "sup_lines",
          {"abstract": "［摘要］", "keywords": "［关键词］", "clc": "［分类号］", "doi": "DOI："},
          False, "none", "foot", "blank", "tsqbgz", "plain", ("参考文献：", "参 考 文 献"), "ascii", "[{n}] ",
          ("utf-8-sig",), 1, 0, ("G250", "G252", "G254.9"), 0.4),
]  # fmt: skip
STYLE_BY_KEY = {s.key: s for s in STYLES}

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ZH_NUMS = "一二三四五六七八九十"


def fullwidth_latin(s: str) -> str:
    """ASCII letters and digits as full-width forms (ＭＥＭＳ, ｄｅｂｃｏｎｆ), as some OCR gives them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)


# --------------------------------------------------------------------------- building one document


@dataclass
class Block:
    """One printed block: how it is laid out, and what the gold says about it."""

    kind: str  #: para | heading | front | ref | blank-able front lines …
    text: str  #: the text as printed (wrapped by layout)
    gold: str | None = None  #: gold paragraph text (para) — equal to text except for OCR forms
    para: tuple[int, int] | None = None  #: (section index, paragraph index) of a gold paragraph
    indent: bool = False
    wrap: bool = True
    md: str | None = None  #: the Markdown export's line for it, when different
    spaced: bool = True  #: blank line before it in a blank-line style


@dataclass
class Doc:
    name: str
    style: Style
    markdown: bool
    encoding: str
    gold: dict[str, Any]
    blocks: list[Block] = field(default_factory=list)
    footnote: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    fw_latin: bool = False


class _Pools:
    def __init__(self, corpus: Path, rng: random.Random) -> None:
        self.rng = rng
        self.csl = csl_rows(corpus)
        self.debian = debian_pool(corpus)
        rng.shuffle(self.csl)
        rng.shuffle(self.debian)
        self.ci = self.di = 0
        self.used_names: set[str] = set()

    def csl_row(self) -> CslRow:
        self.ci += 1
        return self.csl[self.ci - 1]

    def debian_para(self) -> str:
        self.di += 1
        return self.debian[self.di - 1]

    def person(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            (s, sp), (g, gp) = rng.choice(SURNAMES), rng.choice(GIVEN)
            if rng.random() < 0.35 and len(g) == 1:
                g2, gp2 = rng.choice([x for x in GIVEN if len(x[0]) == 1])
                g, gp = g + g2, gp + gp2.lower()
            name = s + g
            if name not in self.used_names and len(name) <= 4:
                self.used_names.add(name)
                return name, f"{sp} {gp}"


def _pad(name: str) -> str:
    """A two-character name printed at the width of three (``张　伟``)."""
    return name[0] + "\u3000" + name[1] if len(name) == 2 else name


def _heading(style: Style, level: int, n1: int, n2: int, title: str) -> tuple[str, str]:
    if style.numbering == "arabic":
        number = f"{n1}" if level == 1 else f"{n1}.{n2}"
        return number, f"{number}{style.heading_gap}{title}"
    number = f"{_ZH_NUMS[n1 - 1]}、" if level == 1 else f"（{_ZH_NUMS[n2 - 1]}）"
    return number.strip("、"), f"{number}{title}"


def _reference(rng: random.Random, pools: _Pools, style: Style, n: int) -> dict[str, Any]:
    """One GB/T 7714 entry: its printed text and its fields."""
    full = style.ref_sep == "full"
    dot, comma, colon = ("．", "，", "：") if full else (". ", ", ", ": ")
    kind = rng.choices(["J", "J_en", "M", "D", "C", "EB/OL"], [5, 2, 2, 1, 2, 1])[0]
    f: dict[str, Any] = dict.fromkeys(
        ("authors", "title", "type_code", "container", "year", "volume", "issue", "pages", "doi", "url")
    )
    year = rng.randint(2005, 2023)
    if kind == "J_en":
        names = [f"{rng.choice(SURNAMES)[1]} {rng.choice('ABCDHJKLMPQRSTWXYZ')}" for _ in range(rng.randint(1, 4))]
        etal = len(names) == 4
        names = names[:3]
        title = rng.choice(TITLES_EN)
        journal = rng.choice(JOURNALS_EN)
        vol, iss = str(rng.randint(5, 60)), str(rng.randint(1, 12))
        p1 = rng.randint(1, 900)
        pages = f"{p1}-{p1 + rng.randint(5, 25)}"
        doi = f"10.{rng.randint(1000, 1199)}/j.{journal.split()[-1].lower()[:4]}.{year}.{rng.randint(10000, 99999)}"
        text = (
            ", ".join(names)
            + (", et al" if etal else "")
            + f". {title}[J]. {journal}, {year}, {vol}({iss}): {pages}"
            + (f". DOI: {doi}." if rng.random() < 0.6 else ".")
        )
        f.update(authors=names, title=title, type_code="J", container=journal, year=year, volume=vol, issue=iss)
        f.update(pages=pages, doi=doi if "DOI" in text else None)
        return {"text": text, "fields": f}
    k = rng.randint(1, 4)
    names = [pools.person()[0] for _ in range(min(k, 3))]
    etal = k == 4
    auth = comma.join(names) + (comma + "等" if etal else "")
    title = pools.rng.choice(pools.csl).title  # a reference's title may recur: it is never body text
    if kind == "J":
        journal = rng.choice(JOURNALS_ZH)
        vol, iss = str(rng.randint(10, 45)), str(rng.randint(1, 12))
        p1 = rng.randint(1, 180)
        pages = f"{p1}-{p1 + rng.randint(6, 16)}"
        lp, rp = ("（", "）") if full else ("(", ")")
        text = f"{auth}{dot}{title}[J]{dot}{journal}{comma}{year}{comma}{vol}{lp}{iss}{rp}{colon}{pages}"
        doi = None
        if rng.random() < 0.4:
            doi = f"10.{rng.randint(13000, 19999)}/j.cnki.{rng.choice(['qbxb', 'kxxyj', 'glsj', 'rjxb'])}.{year}.{iss.zfill(2)}.{rng.randint(1, 30):03d}"
            text += f"{dot}DOI{colon}{doi}"
        text += dot.strip() if not full else "．"
        f.update(authors=names, title=title, type_code="J", container=journal, year=year, volume=vol, issue=iss)
        f.update(pages=pages, doi=doi)
    elif kind == "M":
        city, pub = rng.choice(PUBLISHERS)
        ed = rng.choice(["", f"{rng.randint(2, 4)}版{dot}"])
        pages = None
        text = f"{auth}{dot}{title}[M]{dot}{ed}{city}{colon}{pub}{comma}{year}"
        if rng.random() < 0.5:
            p1 = rng.randint(10, 300)
            pages = f"{p1}-{p1 + rng.randint(3, 30)}"
            text += f"{colon}{pages}"
        text += "．" if full else "."
        f.update(authors=names, title=title, type_code="M", container=pub, year=year, pages=pages)
    elif kind == "D":
        org, _, city, _, _ = rng.choice(AFFILIATIONS[:7] + AFFILIATIONS[9:19])
        city = city.split()[-1]
        text = f"{names[0]}{dot}{title}[D]{dot}{city}{colon}{org}{comma}{year}" + ("．" if full else ".")
        f.update(authors=[names[0]], title=title, type_code="D", container=org, year=year)
    elif kind == "C":
        conf = f"第{rng.randint(10, 25)}届全国{rng.choice(['信息检索', '计算语言学', '科学计量学', '知识管理'])}学术会议论文集"
        p1 = rng.randint(1, 400)
        pages = f"{p1}-{p1 + rng.randint(5, 12)}"
        city, pub = rng.choice(
            [("北京", "中国中文信息学会"), ("北京", "中国科学技术情报学会"), ("武汉", "武汉大学出版社")]
        )
        text = f"{auth}{dot}{title}[C]//{conf}{dot}{city}{colon}{pub}{comma}{year}{colon}{pages}" + (
            "．" if full else "."
        )
        f.update(authors=names, title=title, type_code="C", container=conf, year=year, pages=pages)
    else:
        org = rng.choice(POLICY_ORGS)
        title = rng.choice(POLICY_TITLES)
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        url = f"https://www.gov.cn/zhengce/content/{year}-{m:02d}/{d:02d}/content_{rng.randint(5000000, 6999999)}.htm"
        cited = f"{min(year + 1, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = f"{org}{dot}{title}[EB/OL]{dot}({year}-{m:02d}-{d:02d})[{cited}]{dot}{url}"
        f.update(authors=[org], title=title, type_code="EB/OL", year=year, url=url)
    return {"text": text.replace(" .", ".").rstrip(" "), "fields": f}


def _page_head(style: Style, page: int, doc: dict[str, Any], short: str) -> list[str]:
    """The running head of a page after the first (odd and even pages differ)."""
    d = doc
    even = page % 2 == 0
    if style.head == "jcip":
        return [f"{page}\u3000\u3000\u3000中 文 信 息 学 报\u3000\u3000\u3000{d['year']}年" if even
                else f"{d['issue']}期\u3000\u3000{short}\u3000\u3000{page}"]  # fmt: skip
    if style.head == "cjc":
        return [f"{page}\u3000计　算　机　学　报\u3000{d['year']}年" if even
                else f"{d['issue']}期\u3000{short}\u3000{page}"]  # fmt: skip
    if style.head == "qbxb":
        return [f"第{d['volume']}卷 第{d['issue']}期\u3000\u3000\u3000\u3000情　报　学　报\u3000\u3000\u3000\u3000{d['year']}年{d['issue']}月"
                if even else short]  # fmt: skip
    if style.head == "kxxyj":
        return [
            f"第{d['volume']}卷第{d['issue']}期\u3000\u3000\u3000\u3000科学学研究\u3000\u3000\u3000\u3000{d['year']}年{d['issue']}月"
        ]
    if style.head == "tsqbgz":
        return [f"第{d['volume']}卷 第{d['issue']}期\u3000{d['year']}年{(d['issue'] + 1) // 2}月" if even
                else "图书情报工作"]  # fmt: skip
    return []


def _page_footer(style: Style, page: int, doc: dict[str, Any]) -> list[str]:
    if style.footer == "dot":
        return [f"· {page} ·"]
    if style.footer == "dash":
        return [f"— {page} —"]
    if style.footer == "plain":
        return [str(page)]
    if style.footer == "zgkjlt":
        return [f"{doc['year']}年第{doc['issue']}期", "中国科技论坛", f"Zhongguo Keji Luntan\u3000{page}"]
    return []


def _article(rng: random.Random, pools: _Pools, style: Style, name: str, md: bool) -> Doc:
    row = pools.csl_row()
    year = rng.choice([2023, 2024])
    issue = rng.randint(1, style.issues)
    volume = year - style.first_volume_year + 1 if style.first_volume_year else None
    first_page = rng.randint(1, 160)
    encoding = rng.choice(style.encodings) if not md else "utf-8"
    doc = Doc(name, style, md, encoding, {})
    doc.fw_latin = style.key in ("qbxb", "zwxxxb") and not md and rng.random() < 0.4

    # authors and affiliations
    n_aff = rng.choice([1, 1, 2, 2, 3]) if style.authors != "bare" else 1
    affs = rng.sample(AFFILIATIONS, n_aff)
    n_auth = rng.choice([1, 2, 2, 3, 3, 4, 5]) if n_aff == 1 else rng.randint(n_aff, 5)
    people = [pools.person() for _ in range(n_auth)]
    assign = [[i % n_aff] for i in range(n_auth)]
    if n_aff >= 2 and n_auth >= 2 and rng.random() < 0.5:
        assign[0] = [0, 1]  # the first author holds two affiliations
    nospace = style.affil in ("cjc", "sup_lines")

    def aff_name(a: tuple) -> str:
        return a[0] + ("" if nospace else " ") + a[1] if a[1] else a[0]

    def aff_city(a: tuple) -> str:
        return a[2].split()[-1] if nospace else a[2]

    gold_authors = []
    for (nm, _), marks in zip(people, assign):
        gold_authors.append(
            {
                "name": nm,
                "affiliation": "；".join(aff_name(affs[m]) for m in marks),
                "affiliations": [
                    {
                        "name": aff_name(affs[m]),
                        "city": aff_city(affs[m]),
                        "postcode": affs[m][3],
                        "marker": str(m + 1) if n_aff > 1 else None,
                    }
                    for m in marks
                ],  # fmt: skip
            }
        )
    marks_s = [",".join(str(m + 1) for m in marks) for marks in assign]
    pad = rng.random() < 0.5
    show = [(_pad(nm) if pad else nm) for nm, _ in people]
    if style.authors == "sup":
        author_line = "，".join(s + (mk.translate(_SUP) if n_aff > 1 else "") for s, mk in zip(show, marks_s))
    elif style.authors == "digits":
        author_line = "，".join(s + (mk if n_aff > 1 else "") for s, mk in zip(show, marks_s))
    elif style.authors == "cjc":
        gap = "\u3000\u3000" if pad else "\u3000"  # wider than the padding inside a name
        author_line = gap.join(s + (f"{mk})" if n_aff > 1 else "") for s, mk in zip(show, marks_s))
    else:
        gap = rng.choice(["\u3000\u3000", "   "] if pad else ["  ", "\u3000"])
        author_line = gap.join(show) if n_auth > 1 else show[0]
    aff_lines: list[str] = []
    if style.affil == "cjc":
        for i, a in enumerate(affs):
            mk = f"{i + 1})" if n_aff > 1 else ""
            aff_lines.append(f"{mk}({aff_name(a)}\u3000{aff_city(a)}\u3000{a[3]})")
    elif style.affil == "sup_lines":
        for i, a in enumerate(affs):
            mk = str(i + 1).translate(_SUP) if n_aff > 1 else ""
            aff_lines.append(f"{mk}{aff_name(a)}\u3000{aff_city(a)}\u3000{a[3]}")
    else:
        items = [
            (f"{i + 1}. " if n_aff > 1 else "") + f"{aff_name(a)}，{aff_city(a)} {a[3]}" for i, a in enumerate(affs)
        ]
        if style.affil == "paren_lines" and n_aff > 1:
            aff_lines = [
                ("（" if i == 0 else "") + it + ("；" if i < n_aff - 1 else "）") for i, it in enumerate(items)
            ]
        else:
            aff_lines = ["（" + "；".join(items) + "）"]

    # front-matter values
    clc = rng.choice(style.clc)
    doc_code = "A" if "doc_code" in style.labels else None
    received = f"{year - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    revised = (
        f"{year - 1 if received[5:7] < '11' else year}-{min(12, int(received[5:7]) + 1):02d}-{rng.randint(1, 28):02d}"
    )
    short = f"{people[0][0]}{'等' if n_auth > 1 else ''}：{row.title}"

    # body
    sections: list[dict[str, Any]] = [
        {"kind": "abstract", "title": "摘要", "author": None, "author_line": None, "paragraphs": [row.abstract]}
    ]
    n1 = rng.randint(4, 6)
    l1 = ["引言"] + rng.sample(HEADINGS_L1[1:-1], n1 - 2) + [rng.choice(["结论与展望", "结论", "结语"])]
    blocks_body: list[Block] = []
    for i, t in enumerate(l1, 1):
        subs = rng.sample(HEADINGS_L2, rng.randint(2, 3)) if 1 < i < n1 and rng.random() < 0.4 else []
        number, printed = _heading(style, 1, i, 0, t)
        parts = [(1, number, printed, rng.randint(0, 1) if subs else rng.randint(2, 4))]
        for j, st in enumerate(subs, 1):
            number2, printed2 = _heading(style, 2, i, j, st)
            parts.append((2, number2, printed2, rng.randint(1, 3)))
        for level, number, printed, n_par in parts:
            sec = {"kind": "body", "title": printed, "author": None, "author_line": None, "level": level,
                   "number": number, "paragraphs": []}  # fmt: skip
            sections.append(sec)
            blocks_body.append(Block("heading", printed, md=("#" * (level + 1)) + " " + printed))
            for _ in range(n_par):
                text = pools.debian_para() if rng.random() < style.source_mix else pools.csl_row().abstract
                sec["paragraphs"].append(text)
                blocks_body.append(
                    Block("para", text, gold=text, para=(len(sections) - 1, len(sec["paragraphs"]) - 1), indent=True)
                )

    refs = [_reference(rng, pools, style, n) for n in range(1, rng.randint(6, 15) + 1)]
    refs_head = rng.choice(style.refs_heads)
    numfmt = style.ref_number
    ref_texts = [numfmt.format(n=n) + r["text"] for n, r in enumerate(refs, 1)]
    sections.append(
        {"kind": "references", "title": refs_head, "author": None, "author_line": None, "paragraphs": ref_texts}
    )

    # English block (made-up scaffolding)
    en_title = rng.choice(TITLES_EN).capitalize()
    en_authors = ", ".join(p[1] + (mk if n_aff > 1 else "") for p, mk in zip(people, marks_s))
    en_affs = (
        "(" + "; ".join((f"{i + 1}. " if n_aff > 1 else "") + f"{a[4]} {a[3]}, China" for i, a in enumerate(affs)) + ")"
    )
    en_abstract = " ".join(rng.sample(EN_SENTENCES, 4))
    en_kw = "; ".join(rng.sample(["text mining", "bibliometrics", "innovation policy", "knowledge graph",
                                  "word segmentation", "open science", "digital economy"], 4))  # fmt: skip
    kw_label = style.labels["keywords"]
    if style.key in ("qbxb", "zgkjlt") and rng.random() < 0.5:
        kw_label = kw_label.replace("关键词", "关键字")
    en_block = [
        Block("front", en_title, wrap=True),
        Block("front", en_authors, spaced=False),
        Block("front", en_affs, spaced=False),
        Block("front", ("Abstract: " if style.english == "front" else "Abstract\u3000") + en_abstract, spaced=True),
        Block("front", ("Key words: " if style.english == "front" else "Keywords\u3000") + en_kw, spaced=False),
    ]

    # footnote block (page 1)
    funding = f"国家自然科学基金项目（{rng.randint(71000000, 72999999)}）"
    if rng.random() < 0.5:
        funding += (
            f"；教育部人文社会科学研究项目（{rng.randint(20, 23)}YJC{rng.randint(630, 870)}{rng.randint(100, 999)}）"
        )
    bios = []
    for nm, py in people[:2]:
        bios.append(
            f"{nm}（{rng.randint(1965, 1995)}—），{rng.choice(['男', '女'])}，{rng.choice(['博士', '硕士', '博士研究生'])}，"
            f"{rng.choice(['教授', '副教授', '讲师', '研究员'])}，研究方向为{rng.choice(row.keywords)}，"
            f"E-mail：{py.split()[1].lower()}{py.split()[0].lower()}@example.edu.cn"
        )
    if style.key == "jsjxb":
        notes = [f"收稿日期：{received}；在线发布日期：{revised}。本课题得到{funding}资助。" + "。".join(bios) + "。"]
    elif style.key == "tsqbgz":
        notes = ["作者简介：" + "；".join(bios) + "。", f"收稿日期：{received}　修回日期：{revised}",
                 f"本文起止页码：{first_page}-{LAST_PAGE}　本文责任编辑：{rng.choice(EDITORS)}"]  # fmt: skip
    else:
        notes = [
            f"收稿日期：{received}；修回日期：{revised}",
            f"基金项目：{funding}",
            "作者简介：" + "；".join(bios) + "。",
        ]
    notes_lines = []
    for n in notes:
        notes_lines += [n[s:e] for s, e, _ in wrap(n, style.cols)]

    # front matter as printed
    article_no = (
        f"{style.issn}({year}){issue:02d}-{first_page:04d}-{{npages:02d}}"
        if style.key != "zgkjlt"
        else f"{style.issn}（{year}）{issue:02d}-{first_page:04d}-{{npages:02d}}"
    )
    front: list[Block] = []
    masthead: list[str] = []
    if style.key == "jsjxb":
        masthead = [f"第{volume}卷\u3000第{issue}期", "计　算　机　学　报", f"Vol. {volume} No. {issue}",
                    f"{year}年{issue}月", "CHINESE JOURNAL OF COMPUTERS"]  # fmt: skip
    elif style.key == "qbxb":
        masthead = [f"第{volume}卷 第{issue}期", f"{year}年{issue}月", "情报学报",
                    "Journal of the China Society for Scientific and Technical Information", f"Vol. {volume} No. {issue}"]  # fmt: skip
    elif style.key == "zwxxxb":
        masthead = [f"第{volume}卷 第{issue}期", "中文信息学报", f"Vol. {volume}, No. {issue}", f"{year}年{issue}月",
                    "JOURNAL OF CHINESE INFORMATION PROCESSING"]  # fmt: skip
    elif style.key == "kxxyj":
        masthead = [f"第{volume}卷 第{issue}期", "科学学研究", f"{year}年{issue}月", "Studies in Science of Science"]
    elif style.key == "tsqbgz":
        masthead = [f"第{volume}卷 第{(issue)}期\u3000{year}年{(issue + 1) // 2}月", "图书情报工作",
                    "LIBRARY AND INFORMATION SERVICE"]  # fmt: skip
    elif style.key == "zgkjlt":
        masthead = [f"中国科技论坛\u3000{year}年第{issue}期"]
    for m in masthead:
        front.append(Block("front", m, wrap=False, spaced=False, md=m + "  "))
    if style.article_no_top:
        front.append(Block("front", f"{style.labels['article_no']}{{article_no}}", wrap=False, spaced=False))
    if "doi" in style.labels and style.key != "jsjxb":
        doi = f"10.{rng.randint(3700, 13300)}/j.issn.{style.issn}.{year}.{issue:02d}.{rng.randint(1, 20):03d}"
        front.append(Block("front", f"{style.labels['doi']}{doi}", wrap=False, spaced=False))
    front.append(Block("title", row.title, wrap=False, md="# " + row.title))
    front.append(Block("front", author_line, wrap=False))
    for k, a in enumerate(aff_lines):
        front.append(Block("front", a, spaced=k == 0 and style.affil != "paren_lines", md=a))
    abstract_label = style.labels["abstract"]
    bold = md and rng.random() < 0.5
    lab = (lambda s: f"**{s.strip()}**") if bold else (lambda s: s)
    front.append(Block("front", lab(abstract_label) + row.abstract, indent=False))
    kw_sep = rng.choice(["；", "；", "  "]) if style.key != "jsjxb" else "；"
    if kw_sep == "  " and width(kw_label + kw_sep.join(row.keywords)) > style.cols:
        kw_sep = "；"  # a line break at a gap would hide where one keyword ends
    front.append(Block("front", lab(kw_label) + kw_sep.join(row.keywords), spaced=False))
    cl = f"{style.labels['clc']}{clc}"
    if doc_code:
        cl += f"\u3000\u3000{style.labels['doc_code']}{doc_code}"
    if "article_no" in style.labels and not style.article_no_top:
        cl += f"\u3000\u3000{style.labels['article_no']}{{article_no}}"
    if style.key == "jsjxb":
        cl += f"\u3000\u3000{style.labels['doi']}10.11897/SP.J.1016.{year}.{first_page:05d}"
    front.append(Block("front", cl, wrap=False, spaced=False))
    if style.english == "front":
        front += en_block
    if style.notes == "front":
        front.append(Block("front", "——————", wrap=False))
        for n in notes:
            front.append(Block("front", n, spaced=False))

    back: list[Block] = [Block("refs_heading", refs_head, wrap=False, md="## " + refs_head)]
    for t in ref_texts:
        back.append(Block("ref", t, spaced=False))
    if style.english == "end":
        back += en_block

    doc.blocks = front + blocks_body + back
    doc.footnote = (["——————"] + (notes if md else notes_lines)) if style.notes == "foot" else []
    doc.gold = _gold(
        name,
        md,
        style,
        style.key,
        title=row.title,
        authors=gold_authors,
        keywords=row.keywords,
        abstract=row.abstract,
        clc=clc,
        doc_code=doc_code,
        article_no=None if "article_no" not in style.labels else article_no,
        received=received,
        year=year,
        volume=volume,
        issue=issue,
        first_page=first_page,
    ) | {
        "sections": sections,
        "references": [dict(r["fields"], raw=t) for r, t in zip(refs, ref_texts)],
        "_short": short,
        "_leaks": [
            *(("masthead", m) for m in masthead),
            ("author line", author_line),
            *(("affiliation", a) for a in aff_lines),
            ("running head", short),
            ("masthead", style.journal),
            *(("footnote", n) for n in [*notes_lines, *notes, funding]),
            *(("label", x) for x in ("收稿日期", "基金项目", "作者简介", "中图分类号", "文献标识码", "文章编号")),
            *(("english block", b.text) for b in en_block),
        ],
    }
    return doc


def _forum(rng: random.Random, pools: _Pools, style: Style, name: str, md: bool) -> Doc:
    year = rng.choice([2023, 2024])
    issue = rng.randint(1, style.issues)
    volume = year - style.first_volume_year + 1 if style.first_volume_year else None
    first_page = rng.randint(1, 60)
    topic = rng.choice(FORUM_TOPICS)
    title = topic + rng.choice(["笔谈", "（笔谈）", ""]) if not md else topic
    doc = Doc(name, style, md, "utf-8" if md else rng.choice(style.encodings), {})
    note = rng.choice(EDITOR_NOTES).format(t=topic)
    sections: list[dict[str, Any]] = [
        {"kind": "editor_note", "title": "编者按", "author": None, "author_line": None, "paragraphs": [note]}
    ]
    blocks: list[Block] = [Block("title", title, wrap=False, md="# " + title)]
    label = "编者按："
    blocks.append(Block("para", label + note, gold=note, para=(0, 0), md=f"**{label}**", indent=True))
    authors = []
    for _ in range(rng.randint(3, 5)):
        row = pools.csl_row()
        nm, _ = pools.person()
        roles = rng.sample(FORUM_ROLES, rng.choice([1, 1, 1, 2]))
        author_line = "、".join(org + role for org, role in roles)
        authors.append({"name": nm, "affiliation": "；".join(o for o, _ in roles), "role": "、".join(r for _, r in roles),
                        "affiliations": [{"name": o, "role": r, "city": None, "postcode": None, "marker": None} for o, r in roles]})  # fmt: skip
        sec = {
            "kind": "article",
            "title": row.title,
            "author": nm,
            "author_line": author_line,
            "level": 1,
            "paragraphs": [],
        }
        sections.append(sec)
        blocks.append(Block("heading", row.title, wrap=False, md="## " + row.title))
        shown = _pad(nm) if rng.random() < 0.4 else nm
        blocks.append(
            Block("front", f"{shown}\u3000{author_line}", wrap=False, spaced=False, md=f"**{shown}** {author_line}")
        )
        for _ in range(rng.randint(3, 5)):
            text = pools.debian_para() if rng.random() < style.source_mix else pools.csl_row().abstract
            sec["paragraphs"].append(text)
            blocks.append(
                Block("para", text, gold=text, para=(len(sections) - 1, len(sec["paragraphs"]) - 1), indent=True)
            )
    editor = rng.choice(EDITORS)
    blocks.append(Block("front", f"（责任编辑\u3000{editor}）", wrap=False))
    doc.blocks = blocks
    doc.gold = _gold(
        name,
        md,
        style,
        style.key + "-forum",
        title=title,
        authors=authors,
        keywords=[],
        abstract=None,
        clc=None,
        doc_code=None,
        article_no=None,
        received=None,
        year=year,
        volume=volume,
        issue=issue,
        first_page=first_page,
    ) | {
        "sections": sections,
        "references": [],
        "_short": title,
        "_leaks": [
            ("masthead", style.journal),
            ("label", "责任编辑"),
            *(("author line", f"{a['name']}\u3000{s['author_line']}") for a, s in zip(authors, sections[1:])),
        ],
    }
    return doc


def _gold(name: str, md: bool, style, variant: str, **document) -> dict:
    """The head of a document's gold: its source and the ``document`` fields (one layout for the
    research articles and the forum issues)."""
    return {
        "source": name + (".md" if md else ".txt"),
        "format": "md" if md else "txt",
        "producer": "bench/textset.py",
        "variant": variant,
        "document": {
            "title": document["title"],
            "journal": style.journal,
            "journal_pinyin": style.pinyin,
            "year": document["year"],
            "volume": document["volume"],
            "issue": document["issue"],
            "first_page": document["first_page"],
            "last_page": None,
            "authors": document["authors"],
            "keywords": document["keywords"],
            "abstract": document["abstract"],
            "clc": document["clc"],
            "doc_code": document["doc_code"],
            "article_no": document["article_no"],
            "received": document["received"],
            "n_pages": None,
        },
    }


# --------------------------------------------------------------------------- layout


#: Where a footnote prints the article's last page, unknown until the pages are laid out.
LAST_PAGE = "\ue7ff"


@dataclass
class _Line:
    text: str
    para: tuple[int, int] | None = None
    cut: int = 0  #: offset in the gold paragraph where the next line starts
    start: int = 0  #: offset in the gold paragraph where this line starts
    glue: str = ""  #: what joins this line to the next one of the same block in a Markdown export
    block: int = -1


def _lay_out(doc: Doc) -> list[_Line | None]:
    """The document's lines in reading order; ``None`` is a blank line."""
    st = doc.style
    out: list[_Line | None] = []
    indent = width(st.indent)
    for bi, b in enumerate(doc.blocks):
        if out and ((st.heading_blank and b.kind in ("heading", "title", "refs_heading")) or (st.blank and b.spaced)):
            out.append(None)
        text = b.text
        shown = text
        if doc.fw_latin and b.kind == "para":
            shown = fullwidth_latin(text)
        if not b.wrap:
            out.append(_Line(shown, block=bi))
            continue
        ind = indent if (b.indent and b.kind == "para") else 0
        for s, e, nxt in wrap(shown, st.cols, ind):
            line = (st.indent if (ind and s == 0) else "") + shown[s:e]
            off = 0 if b.gold is None or b.gold == text else len(text) - len(b.gold)
            out.append(_Line(line, b.para, max(0, nxt - off), max(0, s - off), shown[e:nxt], bi))
    return out


def render(doc: Doc) -> tuple[str, dict[str, Any]]:
    """The document's text as printed (pages, heads, footers) and its completed gold."""
    st = doc.style
    g = doc.gold
    lines = _lay_out(doc)
    per_page = st.lines_per_page
    foot = doc.footnote
    pages: list[list[_Line | None]] = []
    cur: list[_Line | None] = []
    cap = per_page - len(foot) - 1
    for ln in lines:
        if len(cur) >= cap:
            pages.append(cur)
            cur, cap = [], per_page
        if ln is None and not cur:
            continue
        cur.append(ln)
    pages.append(cur)
    n = len(pages)
    first = g["document"]["first_page"]
    g["document"]["last_page"] = first + n - 1
    # the printed page range (本文起止页码) is the article's, known only now
    last = str(first + n - 1)
    foot = [x.replace(LAST_PAGE, last) for x in foot]
    g["_leaks"] = [(kind, x.replace(LAST_PAGE, last)) for kind, x in g["_leaks"]]
    g["document"]["n_pages"] = n
    if g["document"]["article_no"]:
        g["document"]["article_no"] = g["document"]["article_no"].format(npages=n)
    for b in doc.blocks:
        if "{article_no}" in b.text:
            b.text = b.text.replace("{article_no}", g["document"]["article_no"])
    for pg in pages:
        for ln in pg:
            if ln is not None and "{article_no}" in ln.text:
                ln.text = ln.text.replace("{article_no}", g["document"]["article_no"])
    joins: list[list[str]] = []
    applied: list[dict[str, Any]] = []
    noise: list[str] = list(foot)
    kinds: dict[str, str] = {x: "footnote" for x in foot}
    parts: list[str] = []
    regexes: list[str] = []
    for k, pg in enumerate(pages):
        page_no = first + k
        head = _page_head(st, page_no, g["document"], g["_short"]) if k else []
        footer = _page_footer(st, page_no, g["document"])
        noise += head + footer
        kinds.update({x: "running head" for x in head} | {x: "footer" for x in footer})
        regexes.append(rf"(?:^|(?<=[\u4e00-\u9fff。，,；;：:、”]))(?:{page_no})(?=[\u4e00-\u9fff“]|$)")
        body = _emit(doc, pg)
        if k == 0 and foot:
            body += ([""] if st.pages == "blank" or doc.markdown else []) + foot
        if doc.markdown:
            page_text = "\n\n".join([*head, *body] if head else body)
            tail = "\n\n".join(footer)
        else:
            page_text = "\n".join([*head, *([""] if head and st.pages == "blank" else []), *body])
            tail = "\n".join(footer)
        parts.append((page_text, tail))
        if k + 1 < n:
            last = next((x for x in reversed(pg) if x is not None), None)
            nxt = next((x for x in pages[k + 1] if x is not None), None)
            if last and nxt and last.para is not None and last.para == nxt.para:
                s, p = last.para
                gold = g["sections"][s]["paragraphs"][p]
                end, start = gold[: last.cut].rstrip()[-6:], gold[last.cut :][:6]
                joins.append([end, start])
                applied.append({"corruption": "page_break", "after_page": k + 1, "printed_page": page_no,
                                "mid_paragraph": True, "section": s, "paragraph": p, "offset": last.cut,
                                "section_kind": g["sections"][s]["kind"], "join": [end, start]})  # fmt: skip
            else:
                applied.append({"corruption": "page_break", "after_page": k + 1, "printed_page": page_no,
                                "mid_paragraph": False})  # fmt: skip
    text = ""
    for k, (page_text, tail) in enumerate(parts):
        if doc.markdown:
            text += page_text + ("\n\n" + tail if tail else "")
            text += "\n\n" if k + 1 < len(parts) else "\n"
        elif st.pages == "ff":
            text += page_text + ("\n" + tail if tail else "") + ("\n\f" if k + 1 < len(parts) else "\n")
        else:
            text += page_text + ("\n\n" + tail if tail else "") + ("\n\n\n" if k + 1 < len(parts) else "\n")
    for kind, x in g.pop("_leaks"):
        kinds.setdefault(x, kind)
    leaks = [x for x in kinds if x and len(re.sub(r"\s", "", x)) >= 2]
    short = g.pop("_short")
    g["joins"] = joins
    g["anomalies"] = []
    g["must_not_leak"] = [x for x in leaks if not re.fullmatch(r"[\s·—\-\d]+", x)] + (
        [short] if short not in leaks else []
    )
    g["must_not_leak_regex"] = regexes
    g["must_not_leak_kinds"] = {x: kinds.get(x, "running head") for x in g["must_not_leak"]}
    g["floats"] = []
    g["applied"] = applied
    g["layout"] = {
        "style": st.journal,
        "cols": st.cols,
        "lines_per_page": st.lines_per_page,
        "indent": st.indent,
        "blank_between_paragraphs": st.blank,
        "numbering": st.numbering,
        "pages": "markdown" if doc.markdown else st.pages,
        "encoding": doc.encoding,
        "fullwidth_latin": doc.fw_latin,
        "noise_lines": noise,
    }
    g["prose_source"] = "debian-reference-zh-cn (GPL-2+) + CSL kg_dev.tsv (Apache-2.0)"
    return text, g


def _emit(doc: Doc, pg: list[_Line | None]) -> list[str]:
    """One page's lines as text; a Markdown export joins a block's lines into one."""
    if not doc.markdown:
        return ["" if ln is None else ln.text for ln in pg]
    out: list[str] = []
    cur_block, buf = None, ""
    for ln in pg:
        if ln is None:
            continue
        if ln.block != cur_block:
            if buf:
                out.append(buf)
            b = doc.blocks[ln.block]
            cur_block = ln.block
            buf = b.md if b.md is not None and b.kind != "para" else ln.text.lstrip(" \u3000")
            if b.kind == "para" and b.md is not None:  # a run-in label in bold: **编者按：**
                buf = b.md + ln.text.lstrip(" \u3000")[len(b.text) - len(b.gold or b.text) :]
            glue = ln.glue
            continue
        if doc.blocks[ln.block].md is not None and doc.blocks[ln.block].kind != "para":
            continue  # the block's Markdown line is already whole
        buf += glue + ln.text
        glue = ln.glue
    if buf:
        out.append(buf)
    return out


# --------------------------------------------------------------------------- the set


@dataclass
class TextDoc:
    name: str
    style: str
    data: bytes  #: the file's bytes, in its encoding
    suffix: str  #: .txt | .md
    gold: dict[str, Any]


def build(corpus: Path | None = None, *, seed: int = SEED, per_style: int = DOCS_PER_STYLE) -> list[TextDoc]:
    """Every document of the set, in a fixed order; deterministic for a corpus and a seed."""
    corpus = corpus or find_corpus()
    if corpus is None:
        raise FileNotFoundError("../shared/corpus is absent (set QIKAN_CORPUS to its path)")
    rng = random.Random(seed)
    pools = _Pools(corpus, rng)
    out: list[TextDoc] = []
    for st in STYLES:
        kinds = ["forum"] * st.forums + ["article"] * (per_style - st.forums)
        md_left = st.markdown
        for i, kind in enumerate(kinds):
            md = False
            if kind == "forum":
                md = st.key == "zgkjlt" and i == 0
            elif md_left and i >= st.forums:
                md, md_left = True, md_left - 1
            name = f"{st.key}-{i + 1:02d}" + ("-forum" if kind == "forum" else "")
            make = _forum if kind == "forum" else _article
            doc = make(rng, pools, st, name, md)
            text, gold = render(doc)
            if doc.encoding == "gb18030":
                data = text.encode("gb18030")
            else:
                data = text.encode(doc.encoding)
            out.append(TextDoc(name, st.key, data, ".md" if md else ".txt", gold))
    return out


def write(folder: Path, docs: list[TextDoc]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in docs:
        p = folder / (d.name + d.suffix)
        p.write_bytes(d.data)
        (folder / (d.name + d.suffix + ".gold.json")).write_text(
            json.dumps(d.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        paths.append(p)
    return paths


def decode(d: TextDoc) -> str:
    enc = d.gold["layout"]["encoding"]
    return d.data.decode("utf-8-sig" if enc.startswith("utf-8") else enc)


#: documents committed as fixtures (tests/fixtures/textset), one per kind of page and front matter
FIXTURES = ("zwxxxb-02", "jsjxb-03", "tsqbgz-02", "zgkjlt-01-forum")
FIXTURE_DIR = ROOT / "tests" / "fixtures" / "textset"


def main(argv: list[str]) -> int:
    if find_corpus() is None:
        print("skipped: ../shared/corpus is absent")
        return 0
    docs = build()
    if argv[:1] == ["--fixtures"]:
        written = write(FIXTURE_DIR, [d for d in docs if d.name in FIXTURES])
        print(f"{len(written)} fixtures written to {FIXTURE_DIR}")
        return 0
    out = Path(argv[0]) if argv else ROOT / "bench" / ".cache" / "textset"
    write(out, docs)
    print(f"{len(docs)} documents written to {out}")
    print("name               format pages encoding   paras joins refs authors  refs heading  fw-Latin")
    for d in docs:
        g, lay = d.gold, d.gold["layout"]
        paras = sum(len(s["paragraphs"]) for s in g["sections"] if s["kind"] != "references")
        refs_head = next((s["title"] for s in g["sections"] if s["kind"] == "references"), "–")
        print(
            f"{d.name:<18} {lay['pages']:<6} {g['document']['n_pages']:>5} {lay['encoding']:<10} {paras:>5} "
            f"{len(g['joins']):>5} {len(g['references']):>4} {len(g['document']['authors']):>7}  {refs_head:<12}  "
            f"{'yes' if lay['fullwidth_latin'] else ''}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
