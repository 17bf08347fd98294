"""The text-path ground truth of ``bench/textset.py``: deterministic, and consistent with its input.

Needs ../shared/corpus (the Debian HTML and the CSL abstracts); skips when it is absent.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import textset  # noqa: E402
from bench.groundtruth import normalise  # noqa: E402


@pytest.fixture(scope="module")
def built():
    corpus = textset.find_corpus()
    if corpus is None:
        pytest.skip("../shared/corpus is absent")
    return textset.build(corpus)


def _committed() -> list[textset.TextDoc]:
    """The fixtures in tests/fixtures/textset (no corpus needed)."""
    out = []
    for gold in sorted(textset.FIXTURE_DIR.glob("*.gold.json")):
        path = gold.with_name(gold.name.removesuffix(".gold.json"))
        name = path.name.rsplit(".", 1)[0]
        out.append(
            textset.TextDoc(
                name, name.split("-")[0], path.read_bytes(), path.suffix, json.loads(gold.read_text("utf-8"))
            )
        )
    return out


@pytest.fixture(scope="module", params=["generated", "committed"])
def docs(request):
    if request.param == "committed":
        return _committed()
    return request.getfixturevalue("built")


def _without_noise(td: textset.TextDoc) -> str:
    """The input with running heads, footers and footnote lines removed, in comparison form."""
    noise = {x.strip() for x in td.gold["layout"]["noise_lines"]}
    kept = [ln for ln in textset.decode(td).split("\n") if ln.strip(" \f") not in noise]
    return normalise("\n".join(kept).replace("\f", ""))


def test_deterministic(built):
    again = textset.build(textset.find_corpus())
    assert [(d.name, d.data) for d in again] == [(d.name, d.data) for d in built]
    assert [d.gold for d in again] == [d.gold for d in built]


def test_committed_fixtures_are_what_the_generator_makes(built):
    committed = _committed()
    assert sorted(d.name for d in committed) == sorted(textset.FIXTURES)
    now = {d.name: d for d in built}
    for d in committed:
        assert d.data == now[d.name].data, f"{d.name} is stale: run python bench/textset.py --fixtures"
        assert d.gold == json.loads(json.dumps(now[d.name].gold)), f"{d.name}.gold.json is stale"


def test_set_covers_the_styles_and_variants(built):
    docs = built
    per_style = Counter(d.style for d in docs)
    assert len(docs) >= 24 and len(per_style) >= 6 and min(per_style.values()) >= 4
    encodings = {d.gold["layout"]["encoding"] for d in docs}
    assert {"utf-8", "utf-8-sig", "gb18030"} <= encodings
    assert any(d.suffix == ".md" for d in docs) and any(d.gold["variant"].endswith("-forum") for d in docs)
    assert sum(len(d.gold["joins"]) for d in docs) >= 20
    assert {s["kind"] for d in docs for s in d.gold["sections"]} >= {"abstract", "body", "references", "article"}
    texts = "\n".join(textset.decode(d) for d in docs)
    for printed in (
        "关键字：",
        "关键词：",
        "［关键词］",
        "References",
        "参 考 文 献",
        "参考文献：",
        "——————",
        "\f",
        "一、",
        "（一）",
        "Key words",
        "Keywords",
        "ｄ",
    ):
        assert printed in texts, printed
    assert any(d.data.startswith(b"\xef\xbb\xbf") for d in docs)
    assert re.search(r"^(?:#+ )?\d\.\d[ \u3000]\S", texts, re.M)  # a numbered level-2 heading


def test_every_gold_paragraph_is_in_the_input(docs):
    for td in docs:
        text = _without_noise(td)
        for sec in td.gold["sections"]:
            for p in sec["paragraphs"]:
                assert normalise(p) in text, (td.name, sec["title"], p[:40])


def test_front_matter_of_the_gold_is_in_the_input(docs):
    for td in docs:
        text = _without_noise(td)
        meta = td.gold["document"]
        for value in [meta["title"], *meta["keywords"], meta["clc"], meta["article_no"]]:
            assert value is None or normalise(value) in text, (td.name, value)
        # the date is printed in the page-1 footnote (noise for the body)
        assert meta["received"] is None or f"收稿日期：{meta['received']}" in textset.decode(td), td.name
        for a in meta["authors"]:
            assert normalise(a["name"]) in text, (td.name, a["name"])
            for aff in a["affiliations"]:
                assert normalise(aff["name"]) in text and normalise(aff["postcode"] or "") in text, (td.name, aff)


def test_joins_read_joined_once_heads_are_removed(docs):
    for td in docs:
        text = _without_noise(td)
        for end, start in td.gold["joins"]:
            assert normalise(end + start) in text, (td.name, end, start)


def test_noise_is_in_the_input_and_not_in_the_gold(docs):
    """Heads and footers were really printed, and no gold paragraph holds a must-not-leak string
    that the input shows outside it (the leak count compares with the gold's own occurrences)."""
    for td in docs:
        raw = textset.decode(td)
        for line in td.gold["layout"]["noise_lines"]:
            assert line in raw, (td.name, line)
        body = [p for s in td.gold["sections"] if s["kind"] in ("body", "article") for p in s["paragraphs"]]
        for heading in (s["title"] for s in td.gold["sections"] if s["kind"] == "body"):
            assert all(normalise(heading) != normalise(p) for p in body)


def test_references_parse_to_their_gold_fields_by_construction(docs):
    """Every reference's fields are spelled inside its raw text (the gold is not made up apart from it)."""
    for td in docs:
        for ref in td.gold["references"]:
            raw = unicodedata.normalize("NFKC", ref["raw"])
            for key in ("title", "container", "volume", "issue", "pages", "doi", "url"):
                if ref[key]:
                    assert unicodedata.normalize("NFKC", str(ref[key])) in raw, (td.name, key, ref["raw"])
            assert re.search(r"\[" + re.escape(ref["type_code"]) + r"\]", raw), ref["raw"]
            assert all(a in raw for a in ref["authors"] or [])


def test_wrap_counts_display_width():
    text = "ｄｅｂｃｏｎｆ 系统提供带有 I18N 和 L10N 的配置界面。"
    lines = textset.wrap(text, 20)
    assert all(textset.width(text[s:e]) <= 20 for s, e, _ in lines)
    assert textset.width("ｄｅｂ") == 6 and textset.width("deb") == 3
    # never inside a Latin word, never before a closing mark
    assert all(
        not (text[e - 1 : e].isascii() and text[e - 1 : e].isalnum() and text[e : e + 1].isalnum()) for s, e, _ in lines
    )
    assert all(text[s] not in "，。、）" for s, _, _ in lines)
