"""The ingest flow: discover → extract → repair → segment → tokenize → write."""

from __future__ import annotations

import time
from dataclasses import asdict

from prefect import flow, runtime

from flows import (
    _env,  # noqa: F401
    progress,
)
from qikan import PIPELINE_VERSION, pipeline, store
from tasks import ingest as t


@flow(name="qikan-ingest", version=PIPELINE_VERSION, log_prints=False)
def ingest(
    input_root: str,
    output: str = "output",
    force: bool = False,
    batch_bytes: int = 2_000_000,
    tokenizer: str | None = None,
    keep_history_days: float = 0,
) -> dict:
    """Ingest every .txt/.md/.pdf under ``input_root`` into the tables under ``output``.

    Parameters are paths and settings, never document text. Returns the run summary.
    One run writes an output at a time (``store.output_lock``); superseded files older than
    ``keep_history_days`` are vacuumed at the end (0: plain Parquet readers see current rows).
    """
    with store.output_lock(output):
        return _ingest(input_root, output, force, batch_bytes, tokenizer, keep_history_days)


def _ingest(input_root, output, force, batch_bytes, tokenizer, keep_history_days) -> dict:
    started = time.perf_counter()
    run_id = str(runtime.flow_run.id or pipeline.new_run_id())
    sources, skipped = t.discover(input_root, output, force)
    progress.reporter.start(sum(s.size for s in sources), len(sources))
    counts = pipeline.BatchCounts()
    for sources_batch in pipeline.plan_batches(sources, max_bytes=batch_bytes):
        batch = t.extract(sources_batch)
        batch = t.repair(batch)
        batch = t.segment(batch)
        batch = t.tokenize(batch, tokenizer)
        done = t.write(output, batch, run_id)
        counts.add(done)
        progress.reporter.advance(done.bytes, len(sources_batch))
    # always: a run killed before its vacuum leaves superseded or half-written files behind
    t.vacuum(output, keep_history_days * 24)
    summary = asdict(counts)
    summary.update(run_id=run_id, skipped=skipped, seconds=round(time.perf_counter() - started, 3), output=output)
    return summary
