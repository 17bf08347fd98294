"""Properties of the whole fixer chain, checked with hypothesis on generated journal-like text."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qikan import conventions as C
from qikan.repair import DEFAULT_FIXERS, replay, run_fixers

#: Rules that take text out of the body on purpose (metadata, running heads) or move it.
REMOVING = {"running_head", "page_number", "editor_credit", "journal_footer", "footnote_block", "mojibake"}

HAN = "的是在了不和有大这主中人上为们地个用工时要动国产以我到他会作来分生对于学下级义就年阶发成部民可出能方进同行面说种过命度革而多子后自社加小机也经力线本电高量长党得实家定深法表着水理化争现所二起政三好十战无农使性前等反体合斗路图把结第里正新开论之物从当两些还天资事队批如应形想制心样干都向变关点育重其思与间内去因件日利相由压员气业代全组数果期导平各基或月毛然问比展那它最及外没看治提五解系林者米群头意只明四道马认次文通但条较克又公孔领军流入接席位情运器并飞原油放立题质指建区验活众很教决特此常石强极土少已根共直团统式转别造切九你取西持总料连任志观调七么山程百报更见必真保热委手改管处己将修支识病象几先老光专什六型具示复安带每东增则完风回南广劳轮科北打积车计给节做务被整联步类集号列温装即毫知轴研单色坚据速防史拉世设达尔场织历花受求传口断况采精金界品判参层止边清至万确究书术状厂须离再目海交权且儿青才证低越际八试规斯近注办布门铁需走议县兵固除般引齿千胜细影济白格效置推空配刀叶率述今选养德话查差半敌始片施响收华觉备名红续均药标记难存测士身紧液派准斤角降维板许破述技消底床田势端感往神便贺村构照容非搞亚磨族火段算适讲按值美态黄易彪服早班麦削信排台声该击素张密害侯草何树肥继右属市严径螺检左页抗苏显苦英快称坏移约巴材省黑武培著河帝仅针怎植京助升王眼她抓含苗副杂普谈围食射源例致酸旧却充足短划剂宣环落首尺波承粉践府鱼随考刻靠够满夫失包住促枝局菌杆周护岩师举曲春元超负砂封换太模贫减阳扬江析亩木言球朝医校古呢稻宋听唯输滑站另卫字鼓刚写刘微略范供阿块某功套友限项余倒卷创律雨让骨远帮初皮播优占死毒圈伟季训控激找叫云互跟裂粮粒母练塞钢顶策双留误础吸阻故寸盾晚丝女散焊功株亲院冷彻弹错散商视艺灭版烈零室轻血倍缺厘泵察绝富城冲喷壤简否柱李望盘磁雄似困巩益洲脱投送奴侧润盖挥距触星松送获兴独官混纪依未突架宽冬章湿偏纹吃执阀矿寨责熟稳夺硬价努翻奇甲预职评读背协损棉侵灰虽矛厚罗泥辟告卵箱掌氧恩爱停曾溶营终纲孟钱待尽俄缩沙退陈讨奋械载胞幼哪剥迫旋征槽倒握担仍呀鲜吧卡粗介钻逐弱脚怕盐末阴丰雾冠丙街莱贝辐肠付吉渗瑞惊顿挤秒悬姆烂森糖圣凹陶词迟蚕亿矩"
SENT_PUNCT = "，、；："


@st.composite
def sentences(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append("".join(draw(st.lists(st.sampled_from(HAN), min_size=2, max_size=12))))
        extra = draw(st.sampled_from(["", "", "", " Linux ", "3.14", "（GDP）", "“新质”", "1,000"]))
        parts[-1] += extra
    seps = [draw(st.sampled_from(SENT_PUNCT)) for _ in parts[1:]]
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out + draw(st.sampled_from("。。。！？"))


paragraphs = st.lists(st.lists(sentences(), min_size=1, max_size=4).map("".join), min_size=1, max_size=6)


def wrap(par: str, width: int, indent: bool) -> list[str]:
    """Hard-wrap like a typesetter: every line but the last is ``width`` Chinese characters wide."""
    s = ("\u3000\u3000" if indent else "") + par
    lines, cur = [], ""
    for ch in s:
        if C.display_width(cur + ch) > 2 * width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur]


@st.composite
def ocr_pages(draw) -> str:
    """Wrapped paragraphs (indented or not) cut into pages by form feeds or blank lines,
    with a running head and a page number on each page."""
    pars = draw(paragraphs)
    width = draw(st.integers(15, 30))
    indent = draw(st.booleans())
    lines = [ln for p in pars for ln in wrap(p, width, indent)]
    per_page = draw(st.integers(3, 12))
    ff = draw(st.booleans())
    head = draw(st.sampled_from(["", "中国科技论坛 2024年第3期", "Debian 参考手册"]))
    number = draw(st.sampled_from(["· {} ·", "— {} —", "- {} -", "第{}页", "{}"]))
    pages = []
    for k in range(0, len(lines), per_page):
        page = lines[k : k + per_page]
        n = k // per_page + 1
        if head and n > 1:
            page = [f"{head} {n}" if "Debian" in head else head] + page
        page = page + [number.format(n)]
        pages.append("\n".join(page))
    return ("\f" if ff else "\n\n").join(pages)


def markdown_doc(pars: list[str]) -> str:
    return "\n\n".join(pars) + "\n"


noisy = st.text(
    alphabet=st.sampled_from(
        list(HAN[:60]) + list("，。、；：？！“”（）《》,.;:?!()\"' -—…\n\n\f\u3000\t\u200bA1a") + ["\x00"]
    ),
    max_size=200,
)

#: 40 examples per property keeps the suite quick; QIKAN_HYPOTHESIS_EXAMPLES=500 for a deeper search.
SETTINGS = settings(
    max_examples=int(os.environ.get("QIKAN_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _cjk(s: str) -> str:
    return "".join(C.CJK_RE.findall(s))


@SETTINGS
@given(st.one_of(noisy, ocr_pages(), paragraphs.map(markdown_doc)))
def test_replaying_repairs_reproduces_the_text(text: str) -> None:
    result = run_fixers(text, DEFAULT_FIXERS)
    assert replay(text, result.repairs) == result.text


#: Repaired once, a passage printed three times is left in paragraphs alone between blank lines:
#: its lines recur as block edges, but always between the same lines, so they are no running head.
TWICE_PRINTED = (
    "\u3000\u3000须轴基或党单误刚委注际和“新质”\n"
    "、队布、如通帝士 Linux 、任积移吃\n"
    "道转氧该区。月讲，识同：然传斤二他\n"
    "标马原际导连区（GDP），受二更只转\n"
    "七顿认转势斯针“新质”？\n"
    "\u3000\u3000培工送那天轮优历字（GDP）。年\n"
    "古组现？引确话考 Linux 。九升解更\n"
    "· 1 ·\x0cDebian 参考手册 2\n"
    "目头做出很又转3.14；验农水事精机整\n"
    "验触种铁圣1,000。\n"
    "\u3000\u3000间广3.14：织态紧世象省控例数所\n"
    "自、理表西齿完毛展二参修稻片；两并\n"
    "把业军“新质”。固无军还中3.14、便脚\n"
    "织保期着信例据酸海受“新质”、公提重\n"
    "区事得军观磨齿标其。共空护料改新扬\n"
    "· 2 ·\x0cDebian 参考手册 3\n"
    "贺地组运那1,000：倒协开专向写约无\n"
    "究须皮季 Linux ：其槽约侧权打场迟\n"
    "检之。出提球罗天？\n"
    "\u3000\u3000间广3.14：织态紧世象省控例数所\n"
    "自、理表西齿完毛展二参修稻片；两并\n"
    "把业军“新质”。固无军还中3.14、便脚\n"
    "织保期着信例据酸海受“新质”、公提重\n"
    "· 3 ·\x0cDebian 参考手册 4\n"
    "区事得军观磨齿标其。共空护料改新扬\n"
    "贺地组运那1,000：倒协开专向写约无\n"
    "究须皮季 Linux ：其槽约侧权打场迟\n"
    "检之。出提球罗天？\n"
    "\u3000\u3000间广3.14：织态紧世象省控例数所\n"
    "自、理表西齿完毛展二参修稻片；两并\n"
    "把业军“新质”。固无军还中3.14、便脚\n"
    "· 4 ·\x0cDebian 参考手册 5\n"
    "织保期着信例据酸海受“新质”、公提重\n"
    "区事得军观磨齿标其。共空护料改新扬\n"
    "贺地组运那1,000：倒协开专向写约无\n"
    "究须皮季 Linux ：其槽约侧权打场迟\n"
    "检之。出提球罗天？\n"
    "\u3000\u3000须轴基或党单误刚委注际和“新质”\n"
    "、队布（GDP）、如通帝士 Linux 、任\n"
    "· 5 ·\x0cDebian 参考手册 6\n"
    "积移吃道转氧该区。\n"
    "· 6 ·"
)


@SETTINGS
@given(st.one_of(ocr_pages(), paragraphs.map(markdown_doc)))
@example(TWICE_PRINTED)
def test_fixing_twice_equals_fixing_once(text: str) -> None:
    once = run_fixers(text, DEFAULT_FIXERS).text
    assert run_fixers(once, DEFAULT_FIXERS).text == once


@SETTINGS
@given(paragraphs.map(markdown_doc))
def test_clean_text_is_unchanged(text: str) -> None:
    result = run_fixers(text, DEFAULT_FIXERS)
    assert result.text == text
    assert [r for r in result.repairs if r.action == "fixed"] == []


@SETTINGS
@given(st.one_of(noisy, ocr_pages(), paragraphs.map(markdown_doc)))
def test_cjk_characters_keep_their_order(text: str) -> None:
    """Outside removed heads and moved metadata, no step loses, adds or reorders a Chinese character."""
    result = run_fixers(text, DEFAULT_FIXERS)
    for r in result.repairs:
        if r.action == "fixed" and r.rule not in REMOVING:
            assert _cjk(r.before) == _cjk(r.after), r


@SETTINGS
@given(ocr_pages())
# a body line last before one page's number and second after the next page's head (a page is
# no footer block; a line seen on two pages is a head only at the same edge and place)
@example(
    "的的。\n的的。\n的的。\n· 1 ·\n\n中国科技论坛 2024年第3期\n的的。的的是。的的，的的\n。\n帝求雾量看西团组她计观数1,000\n"
    "· 2 ·\n\n中国科技论坛 2024年第3期\n，的的，的的。\n帝求雾量看西团组她计观数1,000\n，的的，的的。的的是的的的的是\n"
    "· 3 ·\n\n中国科技论坛 2024年第3期\n。\n· 4 ·"
)
def test_ocr_pages_lose_only_their_heads(text: str) -> None:
    """Every body character survives the repair of wrapped, paged text; repeated heads go."""
    result = run_fixers(text, DEFAULT_FIXERS)
    heads = re.findall(r"(?m)^(?:中国科技论坛 2024年第3期|Debian 参考手册 \d+)$", text)
    if len(heads) >= 3:
        assert "中国科技论坛" not in result.text and "参考手册" not in result.text
        body = re.sub(r"(?m)^(?:中国科技论坛 2024年第3期|Debian 参考手册 \d+|第\d+页)$", "", text)
        assert _cjk(result.text) == _cjk(body)


@pytest.mark.xfail(
    strict=True,
    reason="known: the first pass ends a paragraph after a short line cut inside a Latin word "
    "(`… Lin` / `ux 。`); the second joins across that blank line as a sentence cut. Requiring a "
    "lower-case continuation to join cost the Debian and lshort benches recall (0.965 -> 0.960, 0.936 -> 0.933)",
)
def test_a_latin_word_cut_at_a_short_line_repairs_the_same_twice() -> None:
    text = (
        "\u3000\u3000的的3.14、的的的的的的的的\n、的的的的的的的的的的的的 Lin\nux 。\n· 1 ·\n\n"
        "\u3000\u3000的的，的的，的的的。的的，\n的的，的的的的的的的的的的。的\n的，的的，的的的的的的的的的的\n· 2 ·\n\n"
        "的的。\n\u3000\u3000的的的的的。的的，的的，的\n的的的的，的的的的的的的的的的\n· 3 ·\n\n的的。\n· 4 ·"
    )
    once = run_fixers(text, DEFAULT_FIXERS).text
    assert run_fixers(once, DEFAULT_FIXERS).text == once
