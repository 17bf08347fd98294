"""Staged files: a worker encodes a batch's Parquet files, the writer appends them when the
batch's documents have no rows in a table yet and replaces rows otherwise (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import storage_runner  # noqa: F401  (registers the cheap "chars" tokenizer)
from conftest import YEARS, make_corpus, stable_rows
from deltalake import DeltaTable, write_deltalake

from qikan import runner, store
from qikan.discover import iter_sources
from schemas import TABLES


def staged_batches(corpus: Path, run_id: str = "r", per_batch: int = 2) -> list[runner.StagedBatch]:
    sources = list(iter_sources(str(corpus)))
    return [
        runner.stage_batch(sources[i : i + per_batch], run_id=run_id, backend="chars")
        for i in range(0, len(sources), per_batch)
    ]


def commit_all(out: Path, batches: list[runner.StagedBatch], run_id: str = "r") -> None:
    writer = store.TableWriter(str(out), run_id=run_id)
    for b in batches:
        runner.commit_staged(str(out), b, run_id=run_id, writer=writer)


def modes(out: Path, name: str) -> list[str]:
    """The write mode of each of a table's commits after its creation, oldest first."""
    history = DeltaTable(str(out / name)).history()
    return [h["operationParameters"]["mode"] for h in reversed(history) if h["operation"] == "WRITE"]


def snapshot(out: Path) -> dict[str, list]:
    return {name: stable_rows(store.read_table(str(out), name)) for name in TABLES}


def no_duplicates(out: Path) -> None:
    for name in ("sections", "paragraphs", "sentences", "repairs", "documents"):
        t = store.read_table(str(out), name)
        keys = [k for k in ("doc_id", "section_id", "paragraph_id", "sentence_id", "step") if k in t.column_names]
        rows = list(zip(*(t[k].to_pylist() for k in keys)))
        assert len(rows) == len(set(rows)), name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("staged") / "in", YEARS, failing=True)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The corpus committed through the tables (``commit_batch``), as before staging existed."""
    out = tmp_path_factory.mktemp("ref") / "out"
    for b in staged_batches(corpus):
        store.commit_batch(str(out), b.tables(), doc_ids=b.doc_ids, source_keys=b.source_keys, run_id="r")
    return snapshot(out)


def test_staged_files_are_parquet_with_lineage_and_the_rows_of_the_tables(corpus):
    (batch,) = staged_batches(corpus, per_batch=10)
    tables = batch.tables()
    for name, files in batch.files.items():
        schema = TABLES[name]
        assert tables[name].schema.equals(schema, check_metadata=False), name
        assert sum(f.rows for f in files) == tables[name].num_rows, name
        for f in files:
            t = pq.read_table(pa.BufferReader(f.data))
            assert t.num_rows == f.rows and "doc_year" not in t.column_names
            assert t.schema.field(0).metadata[b"qikan.schema_version"] == schema.metadata[b"qikan.schema_version"]
            assert json.loads(f.stats)["numRecords"] == f.rows
    years = {f.partition["doc_year"] for f in batch.files["paragraphs"]}
    assert years == {"0", "2023", "2024"}  # one file per year, as partition_by says
    assert not batch.files["quarantine"][0].partition  # quarantine is not partitioned


def test_stats_equal_what_deltalake_records_for_the_same_rows(corpus, tmp_path):
    (batch,) = staged_batches(corpus, per_batch=10)
    for name in ("documents", "sentences", "quarantine"):
        table = batch.tables()[name]
        write_deltalake(str(tmp_path / name), table, partition_by=store.partition_by(TABLES[name]) or None)
        theirs = {
            json.dumps(a["partitionValues"], sort_keys=True): json.loads(a["stats"])
            for line in (tmp_path / name / "_delta_log" / "00000000000000000000.json").read_text().splitlines()
            if "add" in (a := json.loads(line)) and (a := a["add"])
        }
        for f in batch.files[name]:
            ours, want = json.loads(f.stats), theirs[json.dumps(f.partition, sort_keys=True)]
            assert ours["numRecords"] == want["numRecords"], name
            assert ours["nullCount"] == {k: v for k, v in want["nullCount"].items() if k in ours["nullCount"]}
            assert ours["nullCount"].keys() >= {"doc_id" if name != "quarantine" else "source_key"}
            for bound in ("minValues", "maxValues"):  # exact where given, and given for the keys
                assert ours[bound] == {k: v for k, v in want[bound].items() if k in ours[bound]}, (name, bound)
                assert ("doc_id" if name != "quarantine" else "source_key") in ours[bound]


def test_a_fresh_output_gets_appends_and_equals_the_reference(corpus, reference, tmp_path):
    out = tmp_path / "out"
    commit_all(out, staged_batches(corpus))
    assert snapshot(out) == reference
    for name in ("paragraphs", "documents", "quarantine"):
        assert set(modes(out, name)) == {"Append"}, name
    no_duplicates(out)


def test_staged_files_are_invisible_until_committed(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    batches = staged_batches(corpus)
    assert not out.exists()  # staging writes nothing under the output
    commit_all(out, batches[:1])
    before = snapshot(out)

    def fail(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(DeltaTable, "create_write_transaction", fail)
    with pytest.raises(OSError):  # files written, their commit never made
        commit_all(out, batches[1:2])
    monkeypatch.undo()
    committed = {Path(u.removeprefix("file://")) for n in TABLES for u in DeltaTable(str(out / n)).file_uris()}
    leftovers = set(out.glob("*/**/*.parquet")) - committed
    assert leftovers  # on disk, in no version
    assert snapshot(out) == before  # a Delta reader does not see them
    store.vacuum(str(out))
    assert all(not p.exists() for p in leftovers)  # and the vacuum deletes them


def test_reprocessing_replaces_rows(corpus, reference, tmp_path):
    out = tmp_path / "out"
    commit_all(out, staged_batches(corpus))
    commit_all(out, staged_batches(corpus, run_id="again", per_batch=3), run_id="again")  # other batches
    assert snapshot(out) == reference
    no_duplicates(out)
    assert modes(out, "paragraphs")[-1] == "Overwrite"
    assert set(store.read_table(str(out), "documents")["run_id"].to_pylist()) == {"again"}


def test_a_run_killed_between_tables_leaves_no_duplicates_after_the_rerun(corpus, reference, tmp_path, monkeypatch):
    """Rows in some tables but not in ``documents``: the next run must replace them, not append."""
    out = tmp_path / "out"
    batches = staged_batches(corpus)
    real = store.TableWriter._commit_table

    def stop_at_documents(self, name, staged, *, replace):
        if name == "documents":
            raise KeyboardInterrupt  # the writer dies here: every other table has the batch
        return real(self, name, staged, replace=replace)

    monkeypatch.setattr(store.TableWriter, "_commit_table", stop_at_documents)
    with pytest.raises(KeyboardInterrupt):
        commit_all(out, batches[:1])
    monkeypatch.undo()
    assert store.read_table(str(out), "documents").num_rows == 0
    assert store.read_table(str(out), "paragraphs").num_rows > 0
    commit_all(out, batches)  # the next run: a fresh writer
    assert snapshot(out) == reference
    no_duplicates(out)
    assert modes(out, "paragraphs")[:2] == ["Append", "Overwrite"]  # the rerun replaced batch 1's rows
    assert modes(out, "paragraphs")[2:] == ["Append"] * (len(batches) - 1)


def test_a_retried_commit_replaces_what_its_failed_try_committed(corpus, reference, tmp_path, monkeypatch):
    """The flow's write task retries with the same writer: it must read the keys again."""
    out = tmp_path / "out"
    batches = staged_batches(corpus)
    writer = store.TableWriter(str(out), run_id="r")
    real, failed = store.TableWriter._commit_table, []

    def fail_once_at_documents(self, name, staged, *, replace):
        if name == "documents" and not failed:
            failed.append(name)
            raise OSError("transient")
        return real(self, name, staged, replace=replace)

    monkeypatch.setattr(store.TableWriter, "_commit_table", fail_once_at_documents)
    for b in batches:
        try:
            runner.commit_staged(str(out), b, run_id="r", writer=writer)
        except OSError:
            runner.commit_staged(str(out), b, run_id="r", writer=writer)  # the retry
    assert snapshot(out) == reference
    no_duplicates(out)


def test_a_batch_mixing_new_and_known_documents_replaces_the_known_ones(corpus, reference, tmp_path):
    out = tmp_path / "out"
    batches = staged_batches(corpus, per_batch=1)
    commit_all(out, batches[:2])
    runner.commit_staged(str(out), batches[1:4], run_id="r")  # one commit: batch 1 again, 2 and 3 new
    commit_all(out, batches[4:])
    assert snapshot(out) == reference
    no_duplicates(out)
    paragraphs = modes(out, "paragraphs")
    assert paragraphs[:3] == ["Append", "Append", "Overwrite"] and set(paragraphs[3:]) == {"Append"}
