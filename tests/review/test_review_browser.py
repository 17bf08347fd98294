"""The review page in a real browser (headless Chromium over the DevTools pipe): the highlighted
spans are the ``repairs`` rows, the filters hide what they say, and screenshots are saved.

Skips with its reason where no Chromium can run (``.ci/run`` installs Debian's chromium as root).
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench._chromium import Chromium, browser_unavailable
from qikan import review

from ._pages import PDF_FIXTURES, SEED_KEY, SEEDS, repairs_of, run

_WHY = browser_unavailable()
pytestmark = pytest.mark.skipif(_WHY is not None, reason=_WHY or "")

#: What the browser shows of every marked repair: its steps, tag, family, text and whether it is drawn.
MARKS_JS = """
[...document.querySelectorAll('[data-steps]')].map(e => {
  const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
  return {steps: e.dataset.steps.split(' ').map(Number), tag: e.tagName.toLowerCase(),
          cls: e.className, text: e.textContent, title: e.title, split: e.dataset.split === '1',
          shown: r.width > 0 && r.height > 0 && cs.display !== 'none',
          bg: cs.backgroundColor};
})
"""


def _check_marks(marks: list[dict], rows: list[dict]) -> None:
    steps = Counter(s for m in marks for s in m["steps"])
    assert sorted(steps) == [r["step"] for r in rows] and set(steps.values()) == {1}
    by_step = {r["step"]: r for r in rows}
    for m in marks:
        assert m["shown"], m
        members = [by_step[s] for s in m["steps"]]
        if len(members) > 1:
            continue  # a group: its last edit wrote the text, every member is in the title
        (row,) = members
        assert row["rule"] in m["title"]
        if row["action"] == "flagged":
            assert (m["tag"], m["text"]) == ("mark", row["before"])
        elif row["after"] and m["split"]:  # drawn in pieces, one per block: this is the first
            assert m["tag"] == "ins" and row["after"].startswith(m["text"]) and m["text"] != row["after"]
        elif row["after"]:
            assert (m["tag"], m["text"]) == ("ins", row["after"])
        else:
            assert (m["tag"], m["text"]) == ("del", review.visible(row["before"]))


@pytest.fixture(scope="module")
def browser():
    with Chromium(width=1400, height=1000) as b:
        yield b


def test_seed_page_in_the_browser(browser, tmp_path):
    out = run({SEED_KEY: SEEDS / SEED_KEY}, tmp_path)
    page = review.write_document(out, SEED_KEY, tmp_path / "seed.html")
    browser.open(page.as_uri())
    marks = browser.evaluate(MARKS_JS)
    rows = repairs_of(out, marks and review.find_document(out, SEED_KEY)["doc_id"])
    _check_marks(marks, rows)
    assert sum("f-seam" in m["cls"] for m in marks) == 4
    assert sum("f-flag" in m["cls"] for m in marks) == 1
    browser.screenshot(tmp_path / "seed.png")
    # the punctuation filter takes the highlight off punctuation and leaves the seams
    browser.evaluate("document.querySelector('input[data-fam=punct]').click()")
    after = browser.evaluate(MARKS_JS)
    punct = [m for m in after if "f-punct" in m["cls"]]
    assert punct and all(m["bg"] in ("rgba(0, 0, 0, 0)", "transparent") for m in punct)
    assert all(m["shown"] for m in after if "f-seam" in m["cls"])
    browser.evaluate("document.querySelector('input[data-fam=seam]').click()")
    assert not any(m["shown"] for m in browser.evaluate(MARKS_JS) if "f-seam" in m["cls"])
    # a click on a repair shows its before/after and rule beside the text
    browser.evaluate("document.querySelector('mark.r').click()")
    assert "latin_function_word" in browser.evaluate("document.getElementById('side').textContent")
    browser.screenshot(tmp_path / "seed-filtered.png")
    assert (tmp_path / "seed.png").stat().st_size > 10_000


def test_pdf_page_in_the_browser(browser, tmp_path):
    out = run({"two_column.pdf": PDF_FIXTURES / "two_column.pdf"}, tmp_path)
    page = review.write_document(out, "two_column.pdf", tmp_path / "pdf.html")
    browser.open(page.as_uri())
    rows = repairs_of(out, review.find_document(out, "two_column.pdf")["doc_id"])
    _check_marks(browser.evaluate(MARKS_JS), rows)
    images = browser.evaluate(
        "Promise.all([...document.images].map(i => i.decode().then(() => [i.naturalWidth, i.naturalHeight])))",
        await_promise=True,
    )
    n_pages = review.find_document(out, "two_column.pdf")["n_pages"]
    assert len(images) == n_pages and all(w > 300 and h > 300 for w, h in images)
    browser.screenshot(tmp_path / "pdf.png")
    assert (tmp_path / "pdf.png").stat().st_size > 10_000
