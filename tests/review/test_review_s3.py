"""A review page from an output and sources on object storage (a local S3 server, moto)."""

from __future__ import annotations

import pytest

from qikan import pipeline, review
from qikan.discover import iter_sources
from tests.storage.conftest import moto_s3  # noqa: F401  (the storage tests' local S3 server)

from ._pages import SEED_KEY, SEEDS, marks_of

pytest.importorskip("s3fs")


def test_review_reads_tables_and_source_from_s3(moto_s3, tmp_path):  # noqa: F811
    import boto3

    client = boto3.client("s3")
    client.create_bucket(Bucket="qikan-review")
    client.put_object(Bucket="qikan-review", Key=f"raw/{SEED_KEY}", Body=(SEEDS / SEED_KEY).read_bytes())
    output = "s3://qikan-review/tables"
    pipeline.process_batch(list(iter_sources("s3://qikan-review/raw")), output, run_id=pipeline.new_run_id())

    rv = review.load(output, SEED_KEY)
    assert rv.doc["source_uri"].startswith("s3://") and rv.text is not None and not rv.notes
    page = review.document_html(rv)
    steps = sorted(s for m in marks_of(page).marks for s in m["steps"])
    assert steps == [r["step"] for r in rv.repairs]
    assert 'class="srctext"' in page  # the source text, read from S3, stands beside the repaired text
    index = review.write_all(output, tmp_path / "all")
    assert (tmp_path / "all" / review.page_name(rv.doc["doc_id"])).exists() and SEED_KEY in index.read_text()
