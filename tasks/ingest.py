"""The ingest stages as Prefect tasks.

Each task runs one stage over a whole batch of documents (never one task per paragraph):
Prefect costs 5–10 ms per task run here, so a batch carries seconds of work. Document text
travels in memory between tasks and is never persisted or hashed as a cache key.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from qikan import pipeline, store
from qikan.model import Document, Source

_OPTS = dict(cache_policy=NO_CACHE, persist_result=False)


@task(name="discover", **_OPTS)
def discover(input_root: str, output: str, force: bool = False) -> tuple[list[Source], int]:
    return pipeline.pending_sources(input_root, output, force=force)


# Reading may hit network storage: transient errors are retried there, inside the library call,
# per document, so one flaky file does not rerun the batch. Parse errors are not retried.
@task(name="extract", **_OPTS)
def extract(sources: list[Source]) -> pipeline.Batch:
    return pipeline.extract_batch([Document(source=s) for s in sources])


@task(name="repair", **_OPTS)
def repair(batch: pipeline.Batch) -> pipeline.Batch:
    return pipeline.repair_batch(batch)


@task(name="segment", **_OPTS)
def segment(batch: pipeline.Batch) -> pipeline.Batch:
    return pipeline.segment_batch(batch)


@task(name="tokenize", **_OPTS)
def tokenize(batch: pipeline.Batch, backend: str | None = None) -> pipeline.Batch:
    return pipeline.tokenize_batch(batch, backend=backend)


@task(name="write", retries=2, retry_delay_seconds=[1, 2], **_OPTS)
def write(output: str, batch: pipeline.Batch, run_id: str) -> pipeline.BatchCounts:
    return pipeline.write_batch(output, batch, run_id=run_id)


@task(name="vacuum", **_OPTS)
def vacuum(output: str, retention_hours: float = 0) -> int:
    return store.vacuum(output, retention_hours=retention_hours)
