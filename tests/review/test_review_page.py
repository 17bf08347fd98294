"""The review page as HTML (runs everywhere): every repair marked once, where it stands, escaped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from flows.cli import main
from qikan import review
from qikan.model import doc_id_for

from ._pages import PDF_FIXTURES, SEED_KEY, SEEDS, marks_of, repairs_of, run


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> str:
    return run({SEED_KEY: SEEDS / SEED_KEY}, tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def seed_page(seed_out) -> str:
    return review.document_html(review.load(seed_out, SEED_KEY))


def test_every_repair_row_is_marked_once_with_its_text(seed_out, seed_page):
    rows = repairs_of(seed_out, doc_id_for(SEED_KEY))
    marks = marks_of(seed_page).marks
    steps = Counter(s for m in marks for s in m["steps"])
    assert sorted(steps) == [r["step"] for r in rows] and set(steps.values()) == {1}
    by_step = {r["step"]: r for r in rows}
    for m in marks:
        (row,) = [by_step[s] for s in m["steps"]]  # no two repairs of the seed overlap
        if row["action"] == "flagged":
            assert (m["tag"], m["text"]) == ("mark", row["before"])
        elif row["after"]:
            assert (m["tag"], m["text"]) == ("ins", row["after"])
        else:
            assert (m["tag"], m["text"]) == ("del", review.visible(row["before"]))
        assert row["rule"] in m["title"]


def test_the_seeds_joins_punctuation_and_flag_are_where_they_stand(seed_out, seed_page):
    rv = review.load(seed_out, SEED_KEY)
    marks = marks_of(seed_page)
    seams = [m for m in marks.marks if "f-seam" in m["class"]]
    assert len(seams) == 4 and all(m["tag"] == "del" and set(m["text"]) == {"↵"} for m in seams)
    punct = [m for m in marks.marks if "f-punct" in m["class"]]
    rows = repairs_of(seed_out, rv.doc["doc_id"])
    assert len(punct) == sum(r["kind"] == "punctuation" for r in rows) > 200
    (flag,) = [m for m in marks.marks if "f-flag" in m["class"]]
    assert flag["text"] == " and " and marks.flag_items == 1
    # each block's shown text (struck text left out) is the repaired text at the block's offset,
    # so every mark sits at its offset in the repaired text
    for at, text in marks.blocks:
        assert rv.text[at : at + len(text)] == text
    for m in marks.marks:
        if m["tag"] != "del":
            assert rv.text[m["at"] + m["pos"] :].startswith(m["text"])
    seam_at = sorted(m["at"] + m["pos"] for m in seams)
    for at in seam_at:  # a joined word: Chinese on both sides of the removed break
        assert "\u4e00" <= rv.text[at - 1] <= "\u9fff" or rv.text[at - 1] in "，。"
        assert "\u4e00" <= rv.text[at] <= "\u9fff"


def test_the_source_pane_marks_what_each_repair_replaced(seed_out):
    rv = review.load(seed_out, SEED_KEY)
    assert rv.raw_text and rv.text and not rv.notes
    for r in rv.repairs:
        s, e = rv.raw_spans[r["step"]]
        assert rv.raw_text[s:e] == r["before"]  # no repair of the seed rewrites another's text


def test_filters_and_counts_per_family(seed_page):
    for label in ("seam join", "punctuation", "flag: check by hand", "moved to metadata"):
        assert label in seed_page
    assert 'data-fam="seam"' in seed_page and "hide-seam" in seed_page


def test_the_page_is_self_contained(seed_page):
    low = seed_page.lower()
    for needle in ("http://", "https://", 'src="//', "@import", "url(", "<link"):
        assert needle not in low
    assert marks_of(seed_page).scripts == 1


def test_text_from_documents_stays_text(tmp_path):
    evil = '<script>alert("x")</script> 中文,段落<img src=x onerror=alert(1)>'
    name = "a<b>&'\"x.txt"
    text = f"标题\n\n{evil}和其他的内容。\n\n第二段,正文内容在这里。\n"
    out = run({name: text}, tmp_path)
    page = review.document_html(review.load(out, name))
    assert marks_of(page).scripts == 1 and "<img src=x" not in page and "<b>&" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "a&lt;b&gt;&amp;&#x27;&quot;x.txt" in page
    index = review.index_html(review.index_rows(out), output=out)
    assert "<script" not in index and "a&lt;b&gt;" in index
    md = review.run_markdown(review.index_rows(out), output=out)
    assert "a<b>" in md and "|" not in name  # Markdown keeps the name, in a code span


def test_pdf_page_has_page_images_and_outlines_removed_zones(tmp_path):
    out = run({"marks_and_margins.pdf": PDF_FIXTURES / "marks_and_margins.pdf"}, tmp_path)
    rv = review.load(out, "marks_and_margins.pdf")
    page = review.document_html(rv)
    n = rv.doc["n_pages"]
    assert page.count('<img alt="page ') == n and page.count("data:image/jpeg;base64,") == n
    removed = [r for r in rv.repairs if review.family(r) == "header" and not r["after"]]
    assert removed and page.count('class="zone f-header"') >= len(removed) // 2
    assert "records no coordinates" in page
    marks = marks_of(page)
    assert sorted(s for m in marks.marks for s in m["steps"]) == [r["step"] for r in rv.repairs]


def test_without_the_source_the_page_comes_from_the_tables(seed_out, tmp_path):
    import shutil

    out = str(tmp_path / "copy")
    shutil.copytree(seed_out, out)
    rv = review.load(out, SEED_KEY)
    Path(rv.doc["source_uri"]).rename(Path(rv.doc["source_uri"]).with_suffix(".gone"))
    try:
        rv = review.load(out, SEED_KEY)
        page = review.document_html(rv)
    finally:
        Path(rv.doc["source_uri"]).with_suffix(".gone").rename(rv.doc["source_uri"])
    assert rv.text is None and "source not readable" in page
    marks = marks_of(page).marks
    assert sorted(s for m in marks for s in m["steps"]) == [r["step"] for r in rv.repairs]
    assert sum("f-seam" in m["class"] for m in marks) == 4


def test_command_writes_a_page_and_an_index(seed_out, tmp_path, capsys):
    page = tmp_path / "seed.html"
    assert main(["review", seed_out, "--doc", SEED_KEY, "--out", str(page)]) == 0
    assert page.exists() and str(page.resolve()) in capsys.readouterr().out
    assert main(["review", seed_out, "--doc", doc_id_for(SEED_KEY), "--out", str(page)]) == 0
    assert main(["review", seed_out, "--all", "--out", str(tmp_path / "all")]) == 0
    index = (tmp_path / "all" / "index.html").read_text(encoding="utf-8")
    assert (
        f'href="{doc_id_for(SEED_KEY)}.html"' in index and (tmp_path / "all" / f"{doc_id_for(SEED_KEY)}.html").exists()
    )
    assert main(["review", seed_out, "--doc", "nope.txt"]) == 2
    assert "no document 'nope.txt'" in capsys.readouterr().err
    assert main(["review", seed_out]) == 2


def test_the_run_report_carries_this_runs_review_index(seed_out):
    from flows.report import review_markdown
    from qikan import store

    run_id = store.read_table(seed_out, "documents")["run_id"][0].as_py()
    md = review_markdown({"documents": 1, "output": seed_out, "run_id": run_id})
    assert "## Review" in md and f"`{SEED_KEY}`" in md and f"qikan review {seed_out} --all" in md
    lines = md.strip().split("\n")
    header, row = lines[-3], lines[-1]
    cells = dict(zip((c.strip() for c in header.split("|")), (c.strip() for c in row.split("|"))))
    assert cells["seam join"] == "4" and cells["flag: check by hand"] == "1"
    kinds = Counter(r["kind"] for r in repairs_of(seed_out, doc_id_for(SEED_KEY)))
    assert cells["punctuation"] == str(kinds["punctuation"])
    assert review_markdown({"documents": 1, "output": seed_out, "run_id": "another-run"}).count("\n| `") == 0


def test_pages_of_a_text_with_form_feeds_stand_side_by_side_with_their_source(tmp_path):
    import re

    from ._pages import ROOT

    name = "formfeed_dash_numbers.txt"
    out = run({name: ROOT / "tests" / "fixtures" / "ocr" / name}, tmp_path)
    rv = review.load(out, name)
    page = review.document_html(rv)
    n = rv.doc["n_pages"]
    assert n > 1 and len(rv.page_starts) == len(rv.raw_page_starts) == n
    rows = re.findall(r'<section class="page" id="page-(\d+)">(.*?)</section>', page, flags=re.S)
    assert [int(p) for p, _ in rows] == list(range(1, n + 1))
    for p, body in rows:
        rep, src = body.split('<div class="src">', 1)
        start = rv.page_starts[int(p) - 1]
        end = rv.page_starts[int(p)] if int(p) < n else len(rv.text)
        assert all(start <= int(at) < end for at in re.findall(r'data-at="(\d+)"', rep))
        raw = rv.raw_text[rv.raw_page_starts[int(p) - 1] : (rv.raw_page_starts + [len(rv.raw_text)])[int(p)]]
        assert re.sub(r"<[^>]+>", "", src).replace("&#x27;", "'") == html_escape_free(raw)
    seams = [r for r in rv.repairs if review.family(r) == "seam"]
    assert seams and page.count('class="r f-seam"') == len(seams)


def html_escape_free(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("&#x27;", "'")
