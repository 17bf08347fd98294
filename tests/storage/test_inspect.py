"""``qikan inspect`` and ``qikan compact`` through the command line (no Prefect involved)."""

from __future__ import annotations

import storage_runner
from conftest import make_corpus

from flows.cli import main
from qikan import store
from qikan.inspect import final_spans, mark


def test_inspect_shows_tables_and_one_document_with_marked_repairs(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "in", {"a.txt": 2024})
    out = tmp_path / "out"
    storage_runner.run(str(corpus), str(out), backend="chars")
    assert main(["inspect", str(out)]) == 0
    shown = capsys.readouterr().out
    for name in ("documents", "paragraphs", "repairs", "quarantine"):
        assert name in shown
    doc_id = store.read_table(str(out), "documents")["doc_id"][0].as_py()
    assert main(["inspect", str(out), "--doc", doc_id]) == 0
    shown = capsys.readouterr().out
    assert "sections (" in shown and "paragraphs (" in shown and "repairs (" in shown
    assert "⟦，⟧" in shown  # an ASCII comma the repair stage made full-width, marked in place


def test_inspect_unknown_document_says_what_to_do(tmp_path, capsys):
    out = tmp_path / "out"
    store.ensure_tables(str(out))
    assert main(["inspect", str(out), "--doc", "nope"]) == 2
    assert "no document 'nope'" in capsys.readouterr().err


def test_marked_spans_are_the_repaired_text():
    text = "甲,乙 丙"
    repairs = [
        {"step": 0, "offset": 1, "before": ",", "after": "，", "action": "fixed"},
        {"step": 1, "offset": 3, "before": " ", "after": "", "action": "fixed"},
        {"step": 2, "offset": 0, "before": "甲", "after": "甲", "action": "flagged"},
    ]
    final = "甲，乙丙"
    assert mark(final, 0, final_spans(repairs)) == "⟪甲⟫⟦，⟧乙⟦⟧丙"
    assert text  # the input the offsets refer to


def test_compact_command_reports_file_counts(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "in", {"a.txt": 2024, "b.txt": 2024})
    out = tmp_path / "out"
    storage_runner.run(str(corpus), str(out), backend="chars", max_docs=1)
    assert main(["compact", str(out)]) == 0
    assert "paragraphs        2 file(s) → 1" in capsys.readouterr().out


def test_marked_spans_on_the_seed_are_exactly_what_the_fixers_wrote():
    from collections import Counter
    from dataclasses import asdict

    from qikan.discover import iter_sources, read_bytes
    from qikan.extract import extract
    from qikan.model import Document
    from qikan.repair import repair
    from tests.conftest import SEEDS

    source = next(iter_sources(str(SEEDS)))
    doc = repair(extract(Document(source=source), read_bytes(source.uri)))
    repairs = [asdict(r) for r in doc.repairs]
    fixed = [r for r in repairs if r["action"] == "fixed"]
    spans = [s for s in final_spans(repairs) if s[2] == "fixed"]
    assert fixed and len(spans) == len(fixed)  # no two edits of the seed overlap
    assert Counter(doc.text[s:e] for s, e, _ in spans) == Counter(r["after"] for r in fixed)
