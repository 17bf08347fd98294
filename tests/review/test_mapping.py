"""The shared offset mapping behind the page: every repair row to the repaired text (and back to
the extracted text), checked against replaying the rows one at a time."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qikan.extract import decode_text
from qikan.inspect import final_spans, repair_groups
from qikan.repair import DEFAULT_FIXERS, run_fixers
from qikan.repair.engine import page_starts_of, replay_with_pages
from qikan.review import raw_spans

OCR = Path(__file__).resolve().parents[1] / "fixtures" / "ocr"


def one_by_one(repairs: list[dict]) -> list[tuple[int, int, list[int]]]:
    """The reference: each row's span moved along by every later row, one at a time."""
    spans: list[list] = []
    for r in sorted(repairs, key=lambda r: r["step"]):
        o, b, a = r["offset"], r["before"], r["after"]
        if r["action"] != "fixed":
            spans.append([o, o + len(b), [r["step"]]])
            continue
        delta, end = len(a) - len(b), o + len(b)
        start, stop, steps, kept = o, o + len(a), [], []
        for s in spans:
            if s[1] <= o:
                kept.append(s)
            elif s[0] >= end:
                kept.append([s[0] + delta, s[1] + delta, s[2]])
            else:
                start, stop, steps = min(start, s[0]), max(stop, s[1] + delta), steps + s[2]
        spans = [*kept, [start, stop, sorted([*steps, r["step"]])]]
    return sorted((s, e, steps) for s, e, steps in spans)


def _rows(text: str) -> tuple[list[dict], object]:
    result = run_fixers(text, DEFAULT_FIXERS)
    return [asdict(r) for r in result.repairs], result


def _check(text: str) -> None:
    rows, result = _rows(text)
    got = sorted((s, e, [r["step"] for r in g]) for s, e, g in repair_groups(rows))
    assert got == one_by_one(rows)
    for s, e, g in repair_groups(rows):
        if len(g) == 1 and g[0]["action"] == "fixed":
            assert result.text[s:e] == g[0]["after"]
        elif len(g) == 1:
            assert result.text[s:e] == g[0]["before"]
    replayed, starts = replay_with_pages(text, rows, page_starts_of(text))
    assert replayed == result.text and starts == result.page_starts


@pytest.mark.parametrize("name", sorted(p.name for p in OCR.glob("*.txt")))
def test_groups_and_pages_on_the_ocr_fixtures(name):
    _check(decode_text((OCR / name).read_bytes())[0])


PIECES = [
    "中国科技",
    "论坛",
    ",",
    ";",
    ":",
    "(",
    ")",
    " ",
    "\n",
    "\n\n",
    "\f",
    "１２３",
    "ＡＢ",
    "Linux",
    " and ",
    "“",
    "”",
    '"',
    "**",
    "伊 彤",
    "12",
    "。",
    "-",
    "inter-\nnational",
    "\u200b",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join))
def test_groups_match_replaying_one_row_at_a_time(text):
    _check(text)


def test_raw_spans_walk_back_to_the_extracted_text():
    text = "甲,乙 丙\f丁**戊**己"
    rows, result = _rows(text)
    spans = raw_spans(rows)
    assert set(spans) == {r["step"] for r in rows}
    for r in rows:
        s, e = spans[r["step"]]
        assert text[s:e] == r["before"]
    assert final_spans(rows) == sorted((s, e, "fixed") for s, e, _ in repair_groups(rows))


def test_an_edit_over_text_an_earlier_edit_touched_absorbs_it():
    text = "**加粗１２３**１２３论坛"  # emphasis marks removed, then the digits made half-width across the cut
    rows, result = _rows(text)
    (group,) = [g for g in repair_groups(rows) if len(g[2]) > 1]
    s, e, members = group
    assert [r["rule"] for r in members] == ["markdown_emphasis", "fullwidth_alnum"]
    assert result.text[s:e] == "123123"
    _check(text)
