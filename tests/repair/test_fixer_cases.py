"""Table of fixer cases: what each fixer changes, and (a third or more) what it must leave alone."""

from __future__ import annotations

import pytest

from qikan.repair import fixers as F
from qikan.repair.engine import fix

#: A prose line that stops mid-sentence (a seam follows) and one that ends a paragraph.
OPEN = "确保经济政策与科技创新政策保持一致，避免产生整"
DONE = "确保经济政策与科技创新政策保持一致，避免产生收缩效应。"
#: Two full lines of a hard-wrapped paragraph (24 characters), to set the measure of a page.
WIDE = "网上主要来源于供应商信息可以查看存储介质的最大写入\n次数和使用寿命，这些数据对于选择合适的设备很重要\n"
#: Paragraphs marked by blank lines, not indents (计算机学报): what comes before a page's foot.
BLANK_PARAS = (WIDE + "最后一行。\n\n") * 4
#: A short article's first page and a paragraph, with blank lines between pages (情报学报).
HEAD_FRONT = "第42卷 第9期\n情报学报\n\n非线性规划在生物代谢仿真过程中的应用\n袁晓明，郑军伟\n\n"
HEAD_FRONT_OUT = "情报学报\n\n非线性规划在生物代谢仿真过程中的应用\n袁晓明，郑军伟\n\n"
HEAD_P = "随着系统生物学研究的不断深入，生物过程网络的规模逐步拓展，其模型的复杂程\n度也越来越高。\n\n"
#: A narrow-column abstract (中文信息学报) that closes an article's front matter, and its repair.
ABSTRACT = (
    "摘　要：由于复合材料具有各向异性，在加工过程\n中产生的分层破坏严重影响其装配质量、降低其结\n"
    "合强度，因此需要对复合材料加工过程中的分层情\n况进行研究。\n关键词：复合材料；铣削"
)
ABSTRACT_OUT = (
    "摘　要：由于复合材料具有各向异性，在加工过程中产生的分层破坏严重影响其装配质量、降低其结合强度，"
    "因此需要对复合材料加工过程中的分层情况进行研究。\n\n关键词：复合材料；铣削"
)

#: A body line that happens to recur on two pages near their edges (found by hypothesis).
REPEATED = "帝求雾量看西团组她计观数1,000"

# (fixer, input, expected); expected None means "unchanged" (a negative case)
CASES: list[tuple[str, str, str | None]] = [
    # ---- invisible and control characters
    ("remove_invisible_characters", "新质\u200b生产力", "新质生产力"),
    ("remove_invisible_characters", "新质\u200c\u200d生产力", "新质生产力"),
    ("remove_invisible_characters", "\ufeff摘要", "摘要"),
    ("remove_invisible_characters", "生产\x00力", "生产力"),
    ("remove_invisible_characters", "科技\x07创新\x1b", "科技创新"),
    ("remove_invisible_characters", "inter\u00adnational", "international"),
    ("remove_invisible_characters", "数据\u2060价值", "数据价值"),
    ("remove_invisible_characters", "第一页。\f第二页。", None),
    ("remove_invisible_characters", "a\tb\nc", None),
    ("remove_invisible_characters", "“新质生产力”（一）", None),
    ("remove_invisible_characters", "正文\u0085正文", None),  # C1: flagged only
    # ---- mojibake
    ("fix_mojibake", "ä¸­æ–‡", "中文"),
    ("fix_mojibake", "æ–°è´¨ç”Ÿäº§åŠ›", "新质生产力"),
    ("fix_mojibake", "正文。\nç§‘æŠ€åˆ›æ–°\n正文。", "正文。\n科技创新\n正文。"),
    ("fix_mojibake", "Müller 等人（2020）", None),
    ("fix_mojibake", "café and naïve", None),
    ("fix_mojibake", "“新质生产力”，——“卡脖子”……", None),
    ("fix_mojibake", "数据锟斤拷价值", None),  # lost: flagged only
    ("fix_mojibake", "Ａ１，（１）", None),
    # ---- width
    ("normalize_fullwidth_alnum", "Ａ１", "A1"),
    ("normalize_fullwidth_alnum", "２０２４年第３期", "2024年第3期"),
    ("normalize_fullwidth_alnum", "ＧＤＰ增长ｘ", "GDP增长x"),
    ("normalize_fullwidth_alnum", "Ｒ　Ｄ", "R D"),
    ("normalize_fullwidth_alnum", "第１章", "第1章"),
    ("normalize_fullwidth_alnum", "（一）引言：新质生产力，“卡脖子”！", None),
    ("normalize_fullwidth_alnum", "　　新质生产力是先进生产力。", None),
    ("normalize_fullwidth_alnum", "研究　方法", None),
    ("normalize_fullwidth_alnum", "ABC 123", None),
    ("normalize_fullwidth_alnum", "５０％，＋１", "50％，＋1"),
    # ---- padded names
    ("close_padded_names", "伊 彤 北京市科学技术研究院研究员", "伊彤 北京市科学技术研究院研究员"),
    ("close_padded_names", "王 强 清华大学教授", "王强 清华大学教授"),
    ("close_padded_names", "杨瑞龙 中国人民大学国家一级教授", None),
    ("close_padded_names", "新 质生产力是推动高质量发展的内在要求，也是重要着力点。", None),
    ("close_padded_names", "Li Wei 北京大学", None),
    ("close_padded_names", "王晓明　李　华", "王晓明　李华"),  # padded in mid-line, the separator stays
    ("close_padded_names", "李　华　王晓明", "李华　王晓明"),
    ("close_padded_names", "作者：王晓明　李　华　张　伟", "作者：王晓明　李华　张伟"),
    ("close_padded_names", "陈  静¹　赵  磊²", "陈静¹　赵磊²"),  # affiliation marks end each name
    ("close_padded_names", "李　华", None),  # alone on a line: could be 摘　要
    ("close_padded_names", "摘　要", None),
    ("close_padded_names", "项目　甲　乙　合计", None),  # table cells: 甲 is no surname
    ("close_padded_names", "新 质 生 产 力", None),  # a letter-spaced title
    ("close_padded_names", "王　华　李 北京大学", None),  # three lone characters: flagged only
    ("close_padded_names", "第一章　绪　论", None),  # headings keep their spacing
    # ---- stray spaces
    ("remove_stray_cjk_spaces", "新质生产力 是推动高质量发展的内在要求。", "新质生产力是推动高质量发展的内在要求。"),
    ("remove_stray_cjk_spaces", "发展，  也是提升国际竞争力的路径。", "发展，也是提升国际竞争力的路径。"),
    ("remove_stray_cjk_spaces", "科技　创新是核心，制度创新是保障。", "科技创新是核心，制度创新是保障。"),
    ("remove_stray_cjk_spaces", "创新 。", "创新。"),
    ("remove_stray_cjk_spaces", "杨瑞龙 中国人民大学国家一级教授", None),
    ("remove_stray_cjk_spaces", "第一章 绪论", None),
    ("remove_stray_cjk_spaces", "（一） 新质生产力的内涵，与外延", None),
    ("remove_stray_cjk_spaces", "一、 引言，背景与问题", None),
    ("remove_stray_cjk_spaces", "使用 Linux 系统，运行 apt-get 命令。", None),
    ("remove_stray_cjk_spaces", "共有 30 家企业参与。", None),
    ("remove_stray_cjk_spaces", "张三 李四 王五", None),
    ("remove_stray_cjk_spaces", "1.1 研究背景，与意义", None),
    ("remove_stray_cjk_spaces", "　　新质生产力是先进生产力。", None),
    # a space between the two phrases of a title stays; a lone character's padding goes
    (
        "remove_stray_cjk_spaces",
        "［1］  习近平．加快建设科技强国　实现高水平科技自立自强［J］．求是，2022（9）：4-15.",
        "［1］习近平．加快建设科技强国　实现高水平科技自立自强［J］．求是，2022（9）：4-15.",
    ),
    (
        "remove_stray_cjk_spaces",
        "王　华，李　明．科技创新　制度创新［J］．管理世界，2023",
        "王华，李明．科技创新　制度创新［J］．管理世界，2023",
    ),
    ("remove_stray_cjk_spaces", "研读《加快建设科技强国　实现高水平科技自立自强》一文，深受启发。", None),
    ("remove_stray_cjk_spaces", "创新驱动，加快建设科技强国　实现高水平科技自立自强", None),  # a title with a comma
    ("remove_stray_cjk_spaces", "总书记强调加快建设科技强国　实现高水平科技自立自强，意义重大。", None),  # flagged only
    (
        "remove_stray_cjk_spaces",
        "新质　生产力是推动发展的内在要求，　也是着力点。",
        "新质生产力是推动发展的内在要求，也是着力点。",
    ),
    # ---- ASCII punctuation in Chinese
    ("convert_ascii_punctuation", "生产力,这是基本观点", "生产力，这是基本观点"),
    ("convert_ascii_punctuation", "生产力 , 这是基本观点", "生产力，这是基本观点"),
    # every double quote printed as ”: pairs on one line, short, no sentence end inside
    (
        "pair_closing_quotes",
        "你应该用”bookworm”或者”sid”替换”/etc/apt/sources.list”里的发行版名。",
        "你应该用“bookworm”或者“sid”替换“/etc/apt/sources.list”里的发行版名。",
    ),
    ("pair_closing_quotes", "所谓”卡脖子”技术，是指关键核心技术。", "所谓“卡脖子”技术，是指关键核心技术。"),
    ("pair_closing_quotes", "所谓“卡脖子”技术，是指关键核心技术。", None),
    ("pair_closing_quotes", "他说：“好。”然后走了。”", None),  # one lone ”: which “ was lost is unknown
    ("pair_closing_quotes", "他说”这很好。我们走吧”。", None),  # a sentence end inside: not a quotation pair
    ("pair_closing_quotes", "第一行的”引号\n第二行的”引号", None),  # not on one line
    # a table row from a PDF: the tab between cells stays
    ("remove_stray_cjk_spaces", "东部地区，沿海省份\t西部地区，内陆省份\t合计。", None),
    ("convert_ascii_punctuation", "东部地区,\t西部地区:\t合计", "东部地区，\t西部地区：\t合计"),
    ("convert_ascii_punctuation", "因此;实现现代化", "因此；实现现代化"),
    ("convert_ascii_punctuation", "指出:要整合", "指出：要整合"),
    ("convert_ascii_punctuation", "为什么?因为", "为什么？因为"),
    ("convert_ascii_punctuation", "太好了!真的", "太好了！真的"),
    ("convert_ascii_punctuation", "观点(保护创新)。", "观点（保护创新）。"),
    ("convert_ascii_punctuation", "平方和(SOS)方法", "平方和（SOS）方法"),
    ("convert_ascii_punctuation", "生产力 , 这是", "生产力，这是"),
    ("convert_ascii_punctuation", "增长了12.5%,而", "增长了12.5%，而"),
    ("convert_ascii_punctuation", "图1,图2", "图1，图2"),
    ("convert_ascii_punctuation", '所谓"新的生产函数"', "所谓“新的生产函数”"),
    ("convert_ascii_punctuation", '"AI"一词', "“AI”一词"),
    ("convert_ascii_punctuation", '提出"新质生产力"后,"新质生产力"一词', "提出“新质生产力”后，“新质生产力”一词"),
    ("convert_ascii_punctuation", "参数(MRP),建立", "参数（MRP），建立"),
    ("convert_ascii_punctuation", "中文, English", "中文，English"),
    ("convert_ascii_punctuation", "1,000", None),
    ("convert_ascii_punctuation", "3.14", None),
    ("convert_ascii_punctuation", "2024-03", None),
    ("convert_ascii_punctuation", "12:30", None),
    ("convert_ascii_punctuation", "共1,000家", None),
    ("convert_ascii_punctuation", "见 https://example.org/a,b;c:d?e=1 网站", None),
    ("convert_ascii_punctuation", "联系 editor@qikan.org,或", "联系 editor@qikan.org，或"),
    ("convert_ascii_punctuation", "运行 `f(a, b)` 即可", None),
    ("convert_ascii_punctuation", "Hello, world! How are you?", None),
    ("convert_ascii_punctuation", 'He said "yes" (twice).', None),
    ("convert_ascii_punctuation", "函数f(x)的值", None),
    ("convert_ascii_punctuation", 'key="值"', None),
    ("convert_ascii_punctuation", "（一）引言", None),
    ("convert_ascii_punctuation", "“卡脖子”问题，（见附录）。", None),
    ("convert_ascii_punctuation", "5,6,7", None),
    ("convert_ascii_punctuation", "e.g. A; B: C", None),
    ("convert_ascii_punctuation", "生产力(未闭合", None),  # flagged only
    # ---- Markdown emphasis
    ("strip_markdown_emphasis", "**编者按：**自2023年", "编者按：自2023年"),
    ("strip_markdown_emphasis", "**刘冬梅** 中国科学技术发展战略研究院", "刘冬梅 中国科学技术发展战略研究院"),
    ("strip_markdown_emphasis", "作者*为通讯作者", None),
    ("strip_markdown_emphasis", "2*3=6", None),
    ("strip_markdown_emphasis", "** 不是强调 **", None),
    # ---- editor credit and journal footer
    ("move_editor_credit", "正文。\n\n(责任编辑 迟凤玲)\n", "正文。\n\n"),
    ("move_editor_credit", "正文。\n\n（责任编辑：张三）\n", "正文。\n\n"),
    ("move_editor_credit", "正文提到责任编辑的职责。", None),
    ("move_journal_footer", "正文。\n\n2024\n中国科技论坛\nZhongguo Keji Luntan\n", "正文。\n\n"),
    ("move_journal_footer", "正文。\n\n参考文献\n", None),
    ("move_journal_footer", "正文。\n\n结论是明确的。\n", None),
    # ---- running heads and page numbers (form feeds)
    ("remove_running_heads", "甲。\n· 1 ·\f乙。\n· 2 ·\f丙。", "甲。\n\f乙。\n\f丙。"),
    ("remove_running_heads", "甲。\n— 1 —\f乙。\n— 2 —\f丙。", "甲。\n\f乙。\n\f丙。"),
    ("remove_running_heads", "甲。\n- 1 -\f乙。\n- 2 -\f丙。", "甲。\n\f乙。\n\f丙。"),
    ("remove_running_heads", "甲。\n第1页\f乙。\n第2页\f丙。", "甲。\n\f乙。\n\f丙。"),
    ("remove_running_heads", "甲。\n1\f乙。\n2\f丙。", "甲。\n\f乙。\n\f丙。"),
    ("remove_running_heads", "甲。\f期刊名 2024年第3期\n乙。\f期刊名 2024年第3期\n丙。", "甲。\f乙。\f丙。"),
    (
        "remove_running_heads",
        "首页。\f· 24 · 中国科技论坛\n乙。\f刘冬梅：整合资源 · 25 ·\n丙。\f· 26 · 中国科技论坛\n丁。\f刘冬梅：整合资源 · 27 ·\n戊。",
        "首页。\f乙。\f丙。\f丁。\f戊。",
    ),
    (
        "remove_running_heads",
        "甲。\fDebian参考手册 2/9\n乙。\fDebian参考手册 3/9\n丙。\fDebian参考手册 4/9\n丁。",
        "甲。\f乙。\f丙。\f丁。",
    ),
    (
        "remove_running_heads",
        "甲。\f20 第三章 文档元素\n乙。\f§3.2 标题页 21\n丙。\f22 第三章 文档元素\n丁。\f§3.3 列表 23\n戊。",
        "甲。\f乙。\f丙。\f丁。\f戊。",
    ),
    (
        "remove_running_heads",
        "甲。\f一、引言\n乙。\f一、引言\n丙。",
        "甲。\f一、引言\n乙。\f一、引言\n丙。",
    ),  # headings are no heads
    ("remove_running_heads", "第一段。\f第二段。\f第三段。", None),
    ("remove_running_heads", "表中的年份如下。\n2024\f其余内容。", None),  # a lone number that is not a page number
    ("remove_running_heads", "年份如下。\n2024\f其余内容。\n2023\f再其余。", None),  # numbers against the pages
    ("remove_running_heads", "甲。\fDebian参考手册 ii\n乙。\fDebian参考手册 iii\n丙。", "甲。\f乙。\f丙。"),
    ("remove_running_heads", "首页。\f第44卷第3期\n乙。", "首页。\f乙。"),
    ("remove_running_heads", "甲。\f\\end{document}\n乙。\f\\end{document}\n丙。", None),
    ("remove_running_heads", "甲。\fE\n乙。\fE\n丙。", None),
    ("remove_running_heads", "甲。\f　　这是正文的第一行\n乙。\f　　这是正文的第一行\n丙。", None),
    ("remove_running_heads", "甲。\f他说：好。\n乙。\f他说：好。\n丙。", None),
    ("remove_running_heads", "新质生产力是先进生产力。\f新质生产力是先进生产力。\f丙。", None),
    (
        "remove_running_heads",
        "甲。\n乙。\n丙。\n表1 样本\n丁。\n戊。\n己。\f甲。\n乙。\n丙。\n表2 样本\n丁。\n戊。\n己。",
        None,
    ),  # mid-page
    # a head seen on two pages stands at the same edge, at the same place of its band
    ("remove_running_heads", "甲。\n科技创新专栏\f乙。\n科技创新专栏\f丙。", "甲。\n\f乙。\n\f丙。"),  # foot on 2 of 3
    (
        "remove_running_heads",
        "甲。\n科技创新专栏\n· 1 ·\f乙。\n科技创新专栏\n· 2 ·\f丙。\n· 3 ·",
        "甲。\n\f乙。\n\f丙。\n",
    ),
    (
        "remove_running_heads",
        "甲。\f中国科技论坛\n专栏名称\n乙。\n丙。\n丁。\f中国科技论坛\n专栏名称\n戊。\n己。\n庚。",
        "甲。\f乙。\n丙。\n丁。\f戊。\n己。\n庚。",
    ),  # the second line of a head band printed alike
    (
        "remove_running_heads",
        f"甲。\f{REPEATED}\n乙。\n丙。\f丁。\n戊。\n{REPEATED}\f己。",
        None,
    ),  # a body line opening one page and closing another
    (
        "remove_running_heads",
        f"甲。\f中国科技论坛\n{REPEATED}\n乙。\f{REPEATED}\n丙。",
        None,
    ),  # the same line at another place of the band
    (
        "remove_running_heads",
        f"甲。\n· 1 ·\f期刊名\n乙。\n丙。\n{REPEATED}\n· 2 ·\f期刊名\n丁。\n{REPEATED}\n戊。\n· 3 ·\f期刊名\n己。\n· 4 ·",
        "甲。\n\f乙。\n丙。\n" + REPEATED + "\n\f丁。\n" + REPEATED + "\n戊。\n\f己。\n",
    ),  # form-feed neighbour of the hypothesis case below: the heads go, the body line stays
    # ---- running heads (blank-line pages)
    (
        "remove_running_heads",
        f"的的。\n· 1 ·\n\n中国科技论坛 2024年第3期\n的的。\n。\n{REPEATED}\n· 2 ·\n\n"
        f"中国科技论坛 2024年第3期\n，的的。\n{REPEATED}\n，的的是\n· 3 ·\n\n中国科技论坛 2024年第3期\n。\n· 4 ·",
        f"的的。\n\n的的。\n。\n{REPEATED}\n\n，的的。\n{REPEATED}\n，的的是\n\n。\n",
    ),  # found by hypothesis: a page (head, body, number) is no footer block
    (
        "remove_running_heads",
        "甲。\n· 1 ·\n\n中国科技论坛\n乙。\n· 2 ·\n\n刘冬梅：整合资源\n丙。\n· 3 ·\n\n中国科技论坛\n丁。\n· 4 ·\n\n"
        "刘冬梅：整合资源\n戊。",
        "甲。\n\n乙。\n\n丙。\n\n丁。\n\n戊。",
    ),  # odd and even heads, each on every other page
    (
        "remove_running_heads",
        f"甲。\n· 1 ·\n\n{REPEATED}\n乙。\n· 2 ·\n\n丙。\n{REPEATED}\n\n· 3 ·\n\n丁。",
        f"甲。\n\n{REPEATED}\n乙。\n\n丙。\n{REPEATED}\n\n\n丁。",
    ),  # a body line opening one block and closing another stays
    ("remove_running_heads", "甲。\n\n— 23 —\n\n乙。", "甲。\n\n\n乙。"),
    ("remove_running_heads", "甲。\n\n第23页\n\n乙。", "甲。\n\n\n乙。"),
    ("remove_running_heads", "甲。\n\n23\n\n乙。\n\n24\n\n丙。", "甲。\n\n\n乙。\n\n\n丙。"),
    ("remove_running_heads", "甲。\n\n2024\n\n乙。", None),  # one bare number: a year, not a page
    (
        "remove_running_heads",
        "甲。\n\n中国科技论坛\n\n乙。\n\n中国科技论坛\n\n丙。\n\n中国科技论坛\n\n丁。",
        "甲。\n\n\n乙。\n\n\n丙。\n\n\n丁。",
    ),
    (
        "remove_running_heads",
        "甲。\n\n中国科技论坛\n\n乙。\n\n中国科技论坛\n\n乙。\n\n中国科技论坛\n\n丁。",
        "甲。\n\n\n乙。\n\n\n乙。\n\n\n丁。",
    ),  # the same head between pages, two of them alike: a head still
    (
        "remove_running_heads",
        "序。\n\n倒协开专向写约无\n\n究须皮季 Linux 其槽约侧权打场迟\n\n检之。\n\n倒协开专向写约无\n\n"
        "究须皮季 Linux 其槽约侧权打场迟\n\n检之。\n\n倒协开专向写约无\n\n究须皮季 Linux 其槽约侧权打场迟\n\n检之。",
        None,
    ),  # a passage printed three times (a page scanned twice, a repeated quotation): its lines stay
    ("remove_running_heads", "## 结语\n\n甲。\n\n## 结语\n\n乙。\n\n## 结语\n\n丙。", None),
    ("remove_running_heads", "一、引言\n\n甲。\n\n一、引言\n\n乙。\n\n一、引言", None),
    ("remove_running_heads", "# 新质生产力\n\n正文，正文。\n\n## 整合资源\n\n正文。", None),
    # ---- first-page notes
    (
        "move_first_page_footnotes",
        "一个有效率的产权\n收稿日期：2024-01-02\n\f制度有助于创新。",
        "一个有效率的产权\n\f制度有助于创新。\n\n收稿日期：2024-01-02",
    ),
    (
        "move_first_page_footnotes",
        "一个有效率的产权\n[基金项目]国家社科基金：23BGL001\n作者简介：张三，教授。\n\f制度有助于创新。",
        "一个有效率的产权\n\f制度有助于创新。\n\n[基金项目]国家社科基金：23BGL001\n作者简介：张三，教授。",
    ),
    ("move_first_page_footnotes", "正文。\n\n收稿日期：2024-01-02\n作者简介：张三。", None),
    ("move_first_page_footnotes", "本文的收稿日期：2024年。正文继续。", None),
    ("move_first_page_footnotes", "正文没有脚注。\f第二页。", None),
    # ---- page seams
    ("join_page_seams", OPEN + "\n\n合收缩效应", OPEN + "合收缩效应"),
    ("join_page_seams", OPEN + "\f合收缩效应", OPEN + "合收缩效应"),
    ("join_page_seams", OPEN + "\n\n\n\n合收缩效应", OPEN + "合收缩效应"),
    ("join_page_seams", OPEN + "\n\f\n合收缩效应", OPEN + "合收缩效应"),
    (
        "join_page_seams",
        "发展新质生产力至少包含以下几个环节，首先是第一，\f塑造动力机制。",
        "发展新质生产力至少包含以下几个环节，首先是第一，塑造动力机制。",
    ),
    (
        "join_page_seams",
        "The results of this study, as shown in the inter-\fnational survey",
        "The results of this study, as shown in the international survey",
    ),
    (
        "join_page_seams",
        "The phone number of the office, for all callers, is 555-\f1234 today",
        "The phone number of the office, for all callers, is 555-1234 today",
    ),
    (
        "join_page_seams",
        "This is the grade, as defined by the board, of class A-\fB students",
        "This is the grade, as defined by the board, of class A-B students",
    ),
    (
        "join_page_seams",
        "The method works well, and the results of the\fsurvey agree.",
        "The method works well, and the results of the survey agree.",
    ),
    (
        "join_page_seams",
        "本文的排版规范，包括数学符号与公式的写法，遵循美国数学学会(Amer-\fican Mathematical Society)的建议。",
        "本文的排版规范，包括数学符号与公式的写法，遵循美国数学学会(American Mathematical Society)的建议。",
    ),
    (
        "join_page_seams",
        "本文的排版规范，包括数学符号与公式的写法，遵循美国数学学会(Amer-\n\nIcan Society)的建议。",
        "本文的排版规范，包括数学符号与公式的写法，遵循美国数学学会(Amer-Ican Society)的建议。",
    ),  # upper case after the hyphen: a compound, the hyphen stays
    ("join_page_seams", DONE + "\n\n新段落开始。", None),
    ("join_page_seams", DONE + "\f新段落开始。", None),
    ("join_page_seams", "他说：“这是正确的。”\n\n新段落开始，继续。", None),
    ("join_page_seams", OPEN + "\n\n## 二、结论", None),
    ("join_page_seams", OPEN + "\n\n（一）研究背景", None),
    ("join_page_seams", OPEN + "\n\n　　新段落以缩进开始。", None),
    ("join_page_seams", OPEN + "\n\n杨瑞龙 中国人民大学国家一级教授", None),
    ("join_page_seams", "## 创新驱动新质生产力发展\n\n杨瑞龙 中国人民大学国家一级教授", None),
    ("join_page_seams", "新质生产力与科技创新\n\n刘冬梅", None),
    ("join_page_seams", OPEN + "\n\n• 列表项", None),
    ("join_page_seams", OPEN + "\n\n1. 第一项", None),
    (
        "join_page_seams",
        "　　第一段落是完整的，它说明了背景和问题。\n\n　　第二段的这个句子在这一页的末尾正好结束了。\f这一行没有缩进，是上一段的延续，并不是新段落。",
        "　　第一段落是完整的，它说明了背景和问题。\n\n　　第二段的这个句子在这一页的末尾正好结束了。这一行没有缩进，是上一段的延续，并不是新段落。",
    ),
    ("break_remaining_pages", "第一页。\f第二页。", "第一页。\n\n第二页。"),
    ("break_remaining_pages", "第一页。\n\f\n第二页。", "第一页。\n\n第二页。"),
    ("break_remaining_pages", "第一页。\n\n第二页。", None),
    # ---- soft wraps
    # a number wrapped to the line start finishes a cross-reference: no heading, the lines join
    (
        "join_soft_wraps",
        "测度方法已在前文讨论过，这里只给出全要素生产率的口径（详见\n3.2 节），这里给出全要素生产率的结果以及分省的数据。",
        "测度方法已在前文讨论过，这里只给出全要素生产率的口径（详见3.2 节），这里给出全要素生产率的结果以及分省的数据。",
    ),
    (
        "join_soft_wraps",
        "各省份的全要素生产率增速和新质生产力指数都列在表中，参见表\n3.1。其中东部地区增长最快，中部地区次之，西部居后。",
        "各省份的全要素生产率增速和新质生产力指数都列在表中，参见表3.1。其中东部地区增长最快，中部地区次之，西部居后。",
    ),
    # after a sentence end the same line is a heading
    (
        "join_soft_wraps",
        "新质生产力的测度方法已在前文讨论过，这里给出结果。\n3.2 测度结果\n全要素生产率逐年上升。",
        "新质生产力的测度方法已在前文讨论过，这里给出结果。\n\n3.2 测度结果\n\n全要素生产率逐年上升。",
    ),
    (
        "join_soft_wraps",
        "新质生产力是由技术革命性突破、生产要素创新性配\n置、产业深度转型升级而催生的当代先进生产力，它推\n动着劳动者。",
        "新质生产力是由技术革命性突破、生产要素创新性配置、产业深度转型升级而催生的当代先进生产力，它推动着劳动者。",
    ),
    (
        "join_soft_wraps",
        "　　新质生产力是由技术革命性突破、生产要素创新性\n配置、产业深度转型升级而催生的先进生产力。\n　　它推动着劳动者、劳动资料和劳动对象的变革。",
        "　　新质生产力是由技术革命性突破、生产要素创新性配置、产业深度转型升级而催生的先进生产力。\n\n　　它推动着劳动者、劳动资料和劳动对象的变革。",
    ),
    (
        "join_soft_wraps",
        "新质生产力是由技术革命性突破、生产要素创新性配\n置而催生的。\n它推动着劳动者、劳动资料和劳动对象的变革，也推\n动生产关系的变革。",
        "新质生产力是由技术革命性突破、生产要素创新性配置而催生的。\n\n它推动着劳动者、劳动资料和劳动对象的变革，也推动生产关系的变革。",
    ),
    (
        "join_soft_wraps",
        "新质生产力是由技术革命性突破、生产要素创新性配\n置而催生的当代先进生产力。\n二、新质生产力的特征\n它推动着劳动者、劳动资料和劳动对象的变革。",
        "新质生产力是由技术革命性突破、生产要素创新性配置而催生的当代先进生产力。\n\n二、新质生产力的特征\n\n它推动着劳动者、劳动资料和劳动对象的变革。",
    ),
    (
        "join_soft_wraps",
        "The results of this study are shown in the inter-\nnational survey of the year, and the phone is 555-\n1234 for all of the callers.",
        "The results of this study are shown in the international survey of the year, and the phone is 555-1234 for all of the callers.",
    ),
    (
        "join_soft_wraps",
        "新质生产力与科技创新\n刘冬梅\n中国科学技术发展战略研究院",
        "新质生产力与科技创新\n\n刘冬梅\n\n中国科学技术发展战略研究院",
    ),
    (
        "join_soft_wraps",
        "使用软件包管理工具可以方便地安装和升级系统中的软件。\n提示\n如果你只想看看会发生什么，可以先加上模拟运行的选项。",
        "使用软件包管理工具可以方便地安装和升级系统中的软件。\n\n提示\n\n如果你只想看看会发生什么，可以先加上模拟运行的选项。",
    ),
    (
        "join_soft_wraps",
        "在终端中执行下面的命令就可以刷新文件名数据库，命令如下：\nmktexlsr\n执行完成以后，新安装的宏包就能被系统找到了。",
        "在终端中执行下面的命令就可以刷新文件名数据库，命令如下：\n\nmktexlsr\n\n执行完成以后，新安装的宏包就能被系统找到了。",
    ),
    (
        "join_soft_wraps",
        "新质生产力是先进生产力的具体体现形式，\n– 第一项\n– 第二项",
        "新质生产力是先进生产力的具体体现形式，\n\n– 第一项\n\n– 第二项",
    ),
    (
        "join_soft_wraps",
        "本文的排版规范，包括数学符号与公式的写法，遵循美国数学学会(Amer-\nican Mathematical Society)的建议，并参考了相关的国家标准和行\n业规范，在此基础上做了调整。",
        "本文的排版规范，包括数学符号与公式的写法，遵循美国数学学会(American Mathematical Society)的建议，并参考了相关的国家标准和行业规范，在此基础上做了调整。",
    ),
    (
        "join_soft_wraps",
        "Please send your comments on this draft to the editors by e-\nmail or by post, and keep a copy of the\nform for your own records.",
        "Please send your comments on this draft to the editors by e-mail or by post, and keep a copy of the form for your own records.",
    ),  # a two-letter prefix keeps its hyphen
    (
        "join_soft_wraps",
        "在终端中输入下面的命令就可以安装所需的全部软件包，例如 Linux\n系统中常用的编辑器和编译工具，以及配套的\nGNU Make 构建工具。",
        "在终端中输入下面的命令就可以安装所需的全部软件包，例如 Linux系统中常用的编辑器和编译工具，以及配套的GNU Make 构建工具。",
    ),  # Chinese joins take no space, even next to a Latin word
    (
        "join_soft_wraps",
        "在导言区加载宏包之后就可以在正文中使用它提供的命令和环境了，这里举一个简单的例子。\n\\usepackage{graphicx}\n"
        "加载以后，可以用下面的命令插入图片，图片的宽度通过可选参数来设定。\n宽度以外的参数，例如旋转的角度和缩放的比例，也都写在可选参数里。",
        "在导言区加载宏包之后就可以在正文中使用它提供的命令和环境了，这里举一个简单的例子。\n\n\\usepackage{graphicx}\n\n"
        "加载以后，可以用下面的命令插入图片，图片的宽度通过可选参数来设定。\n\n宽度以外的参数，例如旋转的角度和缩放的比例，也都写在可选参数里。",
    ),  # a full line ends a sentence and a displayed command follows: a break, not a 0.5 join
    (
        "join_soft_wraps",
        "文中引用参考文献时，使用下面两个命令中的一个，它们的写法完全\n相同，只是输出的形式不同，例如\n\\citet{key}\n"
        "它们分别生成作者加年份的引用和带括号的引用，效果见下面的例子。",
        "文中引用参考文献时，使用下面两个命令中的一个，它们的写法完全相同，只是输出的形式不同，例如\\citet{key}\n\n"
        "它们分别生成作者加年份的引用和带括号的引用，效果见下面的例子。",
    ),  # a short line of code inside a paragraph ends it
    (
        "join_soft_wraps",
        "比如按照常见的习惯设定纸张和边距，上下边距一英寸，左右边距一点二五英寸，\n可以用下面的命令一次设定页边距：\n"
        "\\geometry{a4paper,left=1.25in,right=1.25in,top=1in}\n其中的各项参数之间用逗号隔开，不需要的参数可以省略不写。",
        "比如按照常见的习惯设定纸张和边距，上下边距一英寸，左右边距一点二五英寸，可以用下面的命令一次设定页边距：\n\n"
        "\\geometry{a4paper,left=1.25in,right=1.25in,top=1in}\n\n其中的各项参数之间用逗号隔开，不需要的参数可以省略不写。",
    ),  # a long command after a colon is displayed too
    (
        "join_soft_wraps",
        "这里介绍宏包的一些常见的用法，在使用之前需要确认它们已经安装在计算机中，否则\n"
        "编译时会报错误，详细的安装方法可以参考附录中的有\n8使用多个宏包时指定选项，相当于给每个宏包指定同样的选项。",
        "这里介绍宏包的一些常见的用法，在使用之前需要确认它们已经安装在计算机中，否则编译时会报错误，详细的安装方法可以参考附录中的有\n\n"
        "8使用多个宏包时指定选项，相当于给每个宏包指定同样的选项。",
    ),  # a footnote at the foot of the page, its number run into it, is not the sentence's next line
    (
        "join_soft_wraps",
        "这项工程从二〇二三年开始建设，各个标段的进度并不完全一致，预计要到二〇二四年\n"
        "12月底才能全部完成，届时将举行正式的验收仪式并向社会开放。",
        "这项工程从二〇二三年开始建设，各个标段的进度并不完全一致，预计要到二〇二四年"
        "12月底才能全部完成，届时将举行正式的验收仪式并向社会开放。",
    ),  # 12月 is a date, not footnote 12
    ("join_soft_wraps", "一行一段的文本，不需要折行处理。\n\n另一段，也是一行。", None),
    ("join_soft_wraps", "提示\n\n如果你只想看看会发生什么。", None),
    ("join_soft_wraps", "单独一行的段落，结尾有句号。", None),
    ("join_soft_wraps", "甲。\n\n乙。\n\n丙。", None),
    (
        "join_soft_wraps",
        "$ sudo apt-get install foo\n$ ls -la\n$ cd /tmp",
        "$ sudo apt-get install foo\n\n$ ls -la\n\n$ cd /tmp",
    ),
    ("join_soft_wraps", "$ sudo apt-get install foo\n\n$ ls -la\n\n$ cd /tmp", None),
    ("join_soft_wraps", "新质生产力与科技创新\n\n刘冬梅\n\n中国科学技术发展战略研究院", None),
    # ---- paragraph ends (issue 12): a blank line after a sentence end ends the paragraph …
    ("join_page_seams", "　　" + DONE + "\n　　" + DONE + "\n\n第三段没有缩进，" + DONE, None),
    ("join_page_seams", DONE + "\n\n参考文献：\n［1］张三．论文［J］．期刊，2020．", None),
    ("join_page_seams", "图2　专利引文网络示意图\n\n注：节点大小表示被引次数。", None),
    ("join_page_seams", "Introduction to the method\n\nThe paper starts here.", None),
    ("join_page_seams", OPEN + "\n\n一、引言", None),
    # … a blank line inside a sentence does not, prose or not
    (
        "join_page_seams",
        "你可以在 Git 里面设置几个接下来需要使用的全局配\n\n置，比如说你的名字和电子邮件地址。",
        "你可以在 Git 里面设置几个接下来需要使用的全局配置，比如说你的名字和电子邮件地址。",
    ),
    (
        "join_page_seams",
        "This paragraph is cut in the middle of a sentence because the export put a\n\nblank line here.",
        "This paragraph is cut in the middle of a sentence because the export put a blank line here.",
    ),
    # ---- reference lists: one paragraph per entry, its wrapped lines joined
    (
        "join_soft_wraps",
        "参考文献\n[1] 中国科学技术协会．关于构建数据基础制度的意见\n[EB/OL]．(2011-04-09)\n[2012-01-25]．"
        "https://www.gov.cn/zhengce/content/2011-04/09/content_63\n37702.htm\n"
        "[2] 郭思远．龙门山国家地质公园建立及旅游资源评述[M]．北京：科学出版\n社，2006：72-86．",
        "参考文献\n\n[1] 中国科学技术协会．关于构建数据基础制度的意见[EB/OL]．(2011-04-09)[2012-01-25]．"
        "https://www.gov.cn/zhengce/content/2011-04/09/content_6337702.htm\n\n"
        "[2] 郭思远．龙门山国家地质公园建立及旅游资源评述[M]．北京：科学出版社，2006：72-86．",
    ),
    ("join_soft_wraps", "的的的的 Linux 。的的，的的的\n，的的。", "的的的的 Linux 。的的，的的的，的的。"),
    (  # a GB/T 7714 entry's URL moved to the next page stays with its entry
        "join_page_seams",
        "[3] 中共中央办公厅. 全国科技期刊发展报告[EB/OL]. (2018-09-24)[2019-11-01].\n\n"
        "https://www.gov.cn/zhengce/content/2018-09/24/content_6996191.htm",
        "[3] 中共中央办公厅. 全国科技期刊发展报告[EB/OL]. (2018-09-24)[2019-11-01]. "
        "https://www.gov.cn/zhengce/content/2018-09/24/content_6996191.htm",
    ),
    (  # without a type code, a link on a line of its own after a finished entry stays apart
        "join_page_seams",
        "[1] Leslie Lamport. LaTeX: A Document Preparation System. Addison-Wesley, 1994.\n\n"
        "CTAN://info/lamport/book.pdf",
        None,
    ),
    # ---- a head printed once (a short article, blank-line pages): it repeats the first page's title
    (
        "remove_running_heads",
        HEAD_FRONT
        + HEAD_P
        + "· 102 ·\n\n\n袁晓明等：非线性规划在生物代谢仿真过程中的应用\n\n"
        + HEAD_P
        + "· 103 ·\n\n\n"
        + HEAD_P,
        HEAD_FRONT_OUT + HEAD_P + "\n\n\n" + HEAD_P + "\n\n" + HEAD_P,
    ),
    (  # the journal name of the masthead, repeated next to a page number (图书情报工作)
        "remove_running_heads",
        HEAD_FRONT + HEAD_P + "· 102 ·\n\n\n情报学报\n\n" + HEAD_P + "· 103 ·\n\n\n" + HEAD_P,
        HEAD_FRONT_OUT.removeprefix("情报学报\n") + HEAD_P + "\n\n\n" + HEAD_P + "\n\n" + HEAD_P,
    ),
    (  # another title next to the number: printed once, it is no head we can tell
        "remove_running_heads",
        HEAD_FRONT + HEAD_P + "· 102 ·\n\n\n袁晓明等：线性规划的另一个应用\n\n" + HEAD_P + "· 103 ·\n\n\n" + HEAD_P,
        HEAD_FRONT_OUT + HEAD_P + "\n\n袁晓明等：线性规划的另一个应用\n\n" + HEAD_P + "\n\n" + HEAD_P,
    ),
    (  # the title quoted in the body, away from the page numbers, stays
        "remove_running_heads",
        HEAD_FRONT
        + HEAD_P
        + "· 102 ·\n\n\n"
        + HEAD_P
        + "非线性规划在生物代谢仿真过程中的应用\n\n"
        + HEAD_P
        + "· 103 ·\n\n\n"
        + HEAD_P,
        HEAD_FRONT_OUT
        + HEAD_P
        + "\n\n"
        + HEAD_P
        + "非线性规划在生物代谢仿真过程中的应用\n\n"
        + HEAD_P
        + "\n\n"
        + HEAD_P,
    ),
    # ---- a page that ends on a sentence end (or a quoted word) inside a paragraph
    (  # no indents: a paragraph's last line is short, a full one at the foot of a page leaves it open
        "join_page_seams",
        BLANK_PARAS
        + WIDE
        + "现在，你对如何使用 Debian 系统已经有一些感觉了。\n\f让我们更深入了解 Debian 系统的命令执行机制，在这\n"
        "里为新手做一般的讲解。",
        BLANK_PARAS
        + WIDE
        + "现在，你对如何使用 Debian 系统已经有一些感觉了。让我们更深入了解 Debian 系统的命令执行机制，在这\n"
        "里为新手做一般的讲解。",
    ),
    (  # a closing quote after a word, not after 。, closes no sentence
        "join_page_seams",
        "　　" + WIDE + "你可以把一个绝对文件名想象成从“/”\n\f这棵树的基到某个分支的结尾的一条路径。",
        "　　" + WIDE + "你可以把一个绝对文件名想象成从“/”这棵树的基到某个分支的结尾的一条路径。",
    ),
    (  # without blank-line paragraphs a block is a page: a full line ending a sentence ends the paragraph
        "join_page_seams",
        WIDE + "现在，你对如何使用 Debian 系统已经有一些感觉了。\n\f让我们更深入了解 Debian 系统的命令执行机制，在这\n"
        "里为新手做一般的讲解。",
        None,
    ),
    (  # a short last line: the paragraph ended with the page
        "join_page_seams",
        WIDE
        + "你对如何使用系统已经有一些感觉了。\n\f让我们更深入了解 Debian 系统的命令执行机制，在这\n里为新手做一般的讲解。",
        None,
    ),
    (  # a full line, but a heading opens the next page
        "join_page_seams",
        BLANK_PARAS
        + WIDE
        + "现在，你对如何使用 Debian 系统已经有一些感觉了。\n\f6　结论\n让我们更深入了解 Debian 系统的命令执行机制，在这\n"
        "里为新手做一般的讲解。",
        None,
    ),
    ("join_page_seams", "　　" + WIDE + "这整体叫做“目录树”。\n\f　　这棵树的基到某个分支的结尾的一条路径。", None),
    ("join_page_seams", "　　" + WIDE + "他们把它叫做“目录树。”\n\f　　这棵树的基到某个分支的结尾的一条路径。", None),
    ("join_page_seams", "　　" + WIDE + "想象成从“/”\n\f　　这棵树的基到某个分支的结尾的一条路径。", None),
    # ---- front matter (title, author line, affiliations) never wraps into one paragraph
    (
        "join_soft_wraps",
        "犀角地黄汤对瘀热证脑梗死血液流变学及C反应蛋白的影响\n赵英¹，赵超²，程瑞俊¹，何艳²\n"
        "（1. 复旦大学 管理学院，上海 200433；\n2. 苏州大学 计算机科学与技术学院，江苏 苏州 215006）\n" + ABSTRACT,
        "犀角地黄汤对瘀热证脑梗死血液流变学及C反应蛋白的影响\n\n赵英¹，赵超²，程瑞俊¹，何艳²\n\n"
        "（1. 复旦大学 管理学院，上海 200433；\n\n2. 苏州大学 计算机科学与技术学院，江苏 苏州 215006）\n\n"
        + ABSTRACT_OUT,
    ),
    (  # a wrapped title joins; padded names without markers are an author line too
        "join_soft_wraps",
        "犀角地黄汤对瘀热证脑梗死血液流变学及C反应蛋白\n的影响\n袁　杰，陈杰英\n（西安交通大学 管理学院，陕西 西安 710049）\n"
        + ABSTRACT,
        "犀角地黄汤对瘀热证脑梗死血液流变学及C反应蛋白的影响\n\n袁　杰，陈杰英\n\n（西安交通大学 管理学院，陕西 西安 710049）\n\n"
        + ABSTRACT_OUT,
    ),
    (  # an affiliation wrapped before its postcode stays one affiliation
        "join_soft_wraps",
        "高强玻璃纤维复合材料的铣削加工性能研究\n李涛伟¹,²，梁立新²\n（1. 中国科学技术发展战略研究院，北京\n100038；\n"
        "2. 武汉大学 信息管理学院，湖北 武汉 430072）\n" + ABSTRACT,
        "高强玻璃纤维复合材料的铣削加工性能研究\n\n李涛伟¹,²，梁立新²\n\n（1. 中国科学技术发展战略研究院，北京100038；\n\n"
        "2. 武汉大学 信息管理学院，湖北 武汉 430072）\n\n" + ABSTRACT_OUT,
    ),
    # after the abstract label the front matter is over: a university opening a line is prose
    ("join_soft_wraps", ABSTRACT_OUT + "\n\n北京大学信息管理系的研究者共同完成，数据来自公开的专利文献。", None),
    ("join_soft_wraps", "犀角地黄汤对瘀热证脑梗死血液流变学\n\n赵英¹，赵超²\n\n" + ABSTRACT_OUT, None),
    # ---- the first-page footnote rule
    (
        "move_first_page_footnotes",
        "理论与实践都证明一个有效率的产权\n——————\n收稿日期：2024-01-02\n\f制度有助于创新。",
        "理论与实践都证明一个有效率的产权\n\f制度有助于创新。\n\n——————\n收稿日期：2024-01-02",
    ),
    (  # in a blank-line export the notes under the rule are blocks of their own
        "move_first_page_footnotes",
        "从风力发电机叶片的优点、使用寿\n\n——————\n\n作者简介：邓旭峰（1967—），女，博士。\n\n"
        "收稿日期：2023-06-18\n\n本文起止页码：129-136\n\n129\n\n命、结构、铺层方法与可靠性等角度进行分析。",
        "从风力发电机叶片的优点、使用寿\n\n\n129\n\n命、结构、铺层方法与可靠性等角度进行分析。\n\n——————\n\n"
        "作者简介：邓旭峰（1967—），女，博士。\n\n收稿日期：2023-06-18\n\n本文起止页码：129-136",
    ),
    ("move_first_page_footnotes", "正文第一段写到这里。\n——————\n正文第二段继续写。", None),
    ("move_first_page_footnotes", "正文。\n\n——————\n收稿日期：2024-01-02", None),
]


@pytest.mark.parametrize(("fixer", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fixer_case(fixer: str, text: str, expected: str | None) -> None:
    got = fix(text, getattr(F, fixer))
    assert got == (text if expected is None else expected)


def test_case_table_size() -> None:
    negative = sum(1 for *_, exp in CASES if exp is None)
    assert len(CASES) >= 150 and negative * 3 >= len(CASES)


FLAG_CASES = [
    ("remove_invisible_characters", "正文\u0085正文", "c1_control"),
    ("fix_mojibake", "数据锟斤拷价值", "lost_text"),
    ("convert_ascii_punctuation", "生产力(未闭合", "unbalanced_bracket"),
    ("convert_ascii_punctuation", '他说"未闭合', "unbalanced_quote"),
    ("flag_latin_function_words", "数据确权 and 高效流通", "latin_function_word"),
    ("close_padded_names", "王　华　李 北京大学", "padded_name"),
    ("remove_stray_cjk_spaces", "总书记强调加快建设科技强国　实现高水平科技自立自强，意义重大。", "phrase_space"),
    ("flag_latin_function_words", "科技 of 创新", "latin_function_word"),
    ("flag_unbalanced_pairs", "“劳动生产力总是在不断地变化。", "unbalanced_quote"),
    ("flag_unbalanced_pairs", "见《报告。", "unbalanced_bracket"),
    ("flag_unbalanced_pairs", "结果）如下。", "unbalanced_bracket"),
    ("flag_unexpected_characters", "生产力\ufffd发展", "unexpected_char"),
    ("flag_unexpected_characters", "生产力\ue000发展", "unexpected_char"),
    ("flag_unexpected_characters", "俄文Привет", "unexpected_char"),
]

CLEAN_FOR_FLAGS = [
    ("flag_latin_function_words", "使用 Linux 系统"),
    ("flag_latin_function_words", "In the end, it works."),
    ("flag_unbalanced_pairs", "“卡脖子”问题（见《报告》）。"),
    ("flag_unbalanced_pairs", "（“新质生产力”）"),
    ("flag_unexpected_characters", "α粒子，约 3×10⁵ 次，①②，Müller 等。"),
    ("flag_unexpected_characters", "日本語のテキスト"),
]


@pytest.mark.parametrize(("fixer", "text", "rule"), FLAG_CASES)
def test_flag_case(fixer: str, text: str, rule: str) -> None:
    edits = getattr(F, fixer)(text)
    flags = [e for e in edits if e.action == "flagged"]
    assert [e.rule for e in flags] == [rule]
    assert fix(text, getattr(F, fixer)) == text  # a flag changes nothing


@pytest.mark.parametrize(("fixer", "text"), CLEAN_FOR_FLAGS)
def test_no_flag(fixer: str, text: str) -> None:
    assert getattr(F, fixer)(text) == []


#: Characters for generated paragraphs (any Chinese text will do: only the widths matter).
_HAN = "新质生产力是由技术革命性突破生产要素创新性配置产业深度转型升级而催生的当代先进"


def _para(first: int, later: int, last: str, k: int) -> list[str]:
    """A hard-wrapped paragraph: a first line of ``first`` characters, two later lines of
    ``later``, and ``last`` as its final line."""
    text = (_HAN * 4)[k : k + first + 2 * later]
    return [text[:first], text[first : first + later], text[first + later :], last]


def _document(first: int, later: int) -> str:
    lines: list[str] = []
    for k in range(6):  # paragraphs closed by a short last line
        lines += _para(first, later, "而催生的先进生产力。", k)
    lines += _para(first, later, (_HAN * 2)[3 : 3 + later - 1] + "。", 7)  # its last line is full
    lines += _para(first, later, "这是最后一段的结尾。", 9)
    return "\n".join(lines)


def test_a_dropped_indent_shows_in_the_first_line_width() -> None:
    """When the text's first lines are two characters narrower than its later lines (the
    extraction dropped the indent), a full line ending a sentence before such a line ends the
    paragraph; when they are not, the join stays (at confidence 0.5, flagged)."""
    indented = _document(20, 22)
    edits = F.join_soft_wraps(indented)
    notes = [e.note for e in edits if e.rule == "paragraph_break"]
    assert notes.count("the next line is narrower by an indent") == 1
    assert not [e for e in edits if e.rule == "low_confidence_join"]
    assert fix(indented, F.join_soft_wraps).count("\n\n") == 7
    flat = _document(22, 22)
    edits = F.join_soft_wraps(flat)
    assert "the next line is narrower by an indent" not in [e.note for e in edits]
    assert [e.confidence for e in edits if e.rule == "low_confidence_join"] == [0.5]
    assert fix(flat, F.join_soft_wraps).count("\n\n") == 6
