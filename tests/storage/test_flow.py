"""The ingest flow holds the output lock, vacuums every run, and keeps history on request."""

from __future__ import annotations

import pytest
import storage_runner  # noqa: F401  (registers the cheap "chars" tokenizer)
from conftest import make_corpus, write_variant

from qikan import store


def test_flow_refuses_a_locked_output_and_keeps_history_on_request(prefect_harness, tmp_path):
    from flows.ingest import ingest

    corpus = make_corpus(tmp_path / "in", {"a.txt": 2024})
    out = tmp_path / "out"
    # workers=0: the "chars" tokenizer is registered in this process only, not in worker processes
    with store.output_lock(str(out)):
        with pytest.raises(store.OutputLocked, match="is being written by pid"):
            ingest(str(corpus), str(out), tokenizer="chars", workers=0)
    assert not (out / "documents").exists()

    first = ingest(str(corpus), str(out), tokenizer="chars", workers=0, keep_history_days=7)
    assert first["documents"] == 1
    write_variant(corpus / "a.txt", 2020)
    ingest(str(corpus), str(out), tokenizer="chars", workers=0, keep_history_days=7)
    files = [f for f in (out / "paragraphs").glob("*/*.parquet") if f.name != store.EMPTY_FILE]  # placeholder of v0
    assert {f.parent.name for f in files} == {"doc_year=2024", "doc_year=2020"}  # history kept

    again = ingest(str(corpus), str(out), tokenizer="chars", workers=0)  # nothing to do, but it vacuums
    assert again["skipped"] == 1 and again["documents"] == 0
    assert [f.parent.name for f in (out / "paragraphs").glob("*/*.parquet")] == ["doc_year=2020"]
