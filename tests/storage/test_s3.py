"""Object storage round trip against a local S3 server (moto, 127.0.0.1): inputs read from
s3://, tables written to s3://, one document reprocessed, read back with pyarrow."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest
import storage_runner
from conftest import YEARS, make_corpus, stable_rows, write_variant

from qikan import store
from schemas import TABLES

pytest.importorskip("s3fs")


def upload(client, bucket: str, root: Path, prefix: str) -> None:
    for f in sorted(root.rglob("*.txt")):
        client.put_object(Bucket=bucket, Key=f"{prefix}/{f.relative_to(root).as_posix()}", Body=f.read_bytes())


def test_s3_round_trip(moto_s3, tmp_path):
    import boto3
    import s3fs

    client = boto3.client("s3")
    client.create_bucket(Bucket="qikan-archive")
    corpus = make_corpus(tmp_path / "input", YEARS)
    upload(client, "qikan-archive", corpus, "raw")
    output = "s3://qikan-archive/tables"

    storage_runner.run("s3://qikan-archive/raw", output, backend="chars")
    local = tmp_path / "local"
    storage_runner.run(str(corpus), str(local), backend="chars")
    for name in TABLES:  # the same rows as a local run (source keys are relative to the root; URIs differ)
        s3_rows, local_rows = (store.read_table(o, name) for o in (output, str(local)))
        if "source_uri" in s3_rows.column_names:
            assert all(u.startswith("s3://qikan-archive/raw/") for u in s3_rows["source_uri"].to_pylist())
            s3_rows, local_rows = s3_rows.drop_columns("source_uri"), local_rows.drop_columns("source_uri")
        assert stable_rows(s3_rows) == stable_rows(local_rows), name

    # reprocess one document: it moves to another year; its old rows go in the same commit
    write_variant(tmp_path / "a.txt", 2019)
    client.put_object(Bucket="qikan-archive", Key="raw/2023/a.txt", Body=(tmp_path / "a.txt").read_bytes())
    storage_runner.run("s3://qikan-archive/raw", output, backend="chars")

    fs = s3fs.S3FileSystem()
    fs.invalidate_cache()
    plain = ds.dataset("qikan-archive/tables/paragraphs", filesystem=fs, format="parquet", partitioning="hive")
    delta = store.read_table(output, "paragraphs")
    assert sorted(plain.to_table()["paragraph_id"].to_pylist()) == sorted(delta["paragraph_id"].to_pylist())
    docs = store.read_table(output, "documents").to_pylist()
    a = next(d for d in docs if d["source_key"] == "2023/a.txt")
    assert a["year"] == 2019 and len(docs) == len(YEARS)
    a_rows = plain.to_table(filter=ds.field("doc_id") == a["doc_id"])
    assert a_rows.num_rows > 0 and set(a_rows["doc_year"].to_pylist()) == {2019}
    assert fs.ls("qikan-archive/tables/paragraphs/doc_year=2019")
