"""Every table's rows for a fixed corpus, pinned: speed work must not change one output row.

The corpus is the sample issue, a research article with references, every OCR fixture (all encodings and page-break conventions), a
fixture PDF and an input that fails (quarantine). Rows are compared whole, minus the columns that
change with every run (``run_id``, ``processed_at``, ``failed_at``); the input folder's path is
replaced by ``<root>``. The golden was written before issue 13's speed work began.
"""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pytest

from qikan.discover import iter_sources
from qikan.store import read_table
from schemas import TABLES
from tests.conftest import FIXTURES, SEEDS

VOLATILE = ("run_id", "processed_at", "failed_at")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("fixed-corpus")
    shutil.copy(SEEDS / "zgkjlt-2024-forum.txt", d / "seed.txt")
    (d / "ocr").mkdir()
    for f in sorted((FIXTURES / "ocr").glob("*.txt")):
        shutil.copy(f, d / "ocr" / f.name)
    shutil.copy(FIXTURES / "structure" / "research_article.txt", d / "research_article.txt")  # 参考文献
    (d / "pdf").mkdir()
    shutil.copy(FIXTURES / "pdf" / "two_column.pdf", d / "pdf" / "two_column.pdf")
    shutil.copy(FIXTURES / "pdf" / "encrypted.pdf", d / "pdf" / "encrypted.pdf")
    (d / "empty.txt").write_bytes(b"")
    return d


def table_rows(output: str, root: str) -> dict[str, list]:
    """``table → rows`` (sorted, volatile columns dropped, the input root replaced)."""
    out = {}
    for name in TABLES:
        t: pa.Table = read_table(output, name)
        cols = sorted(c for c in t.column_names if c not in VOLATILE)
        rows = [
            json.loads(json.dumps(r, ensure_ascii=False, default=str).replace(root, "<root>"))
            for r in t.select(cols).to_pylist()
        ]
        out[name] = sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True))
    return out


def test_library_run_rows_are_the_golden_rows(corpus_dir, tmp_path, golden):
    from qikan import pipeline

    sources = list(iter_sources(str(corpus_dir)))
    assert len(sources) == 13
    for batch in pipeline.plan_batches(sources, max_bytes=30_000):
        pipeline.process_batch(batch, str(tmp_path / "out"), run_id="golden")
    rows = table_rows(str(tmp_path / "out"), str(corpus_dir))
    assert len(rows["documents"]) == 11 and len(rows["quarantine"]) == 2
    golden("output_rows_fixed_corpus", rows)


def test_worker_processes_write_the_golden_rows(corpus_dir, tmp_path, golden):
    """The default runner's path: batches staged on two worker processes, committed here."""
    from qikan import runner

    sources = list(iter_sources(str(corpus_dir)))
    counts = runner.run(sources, str(tmp_path / "out"), run_id="golden", workers=2, batch_bytes=30_000)
    assert (counts.documents, counts.quarantined) == (11, 2)
    golden("output_rows_fixed_corpus", table_rows(str(tmp_path / "out"), str(corpus_dir)))
