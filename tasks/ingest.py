"""The ingest stages as Prefect tasks.

Documents travel in batches sized to carry seconds of work. On Dask (a task costs 100–170 ms)
``process`` runs every text stage of a batch in one task and turns it into Parquet files where
it ran; on the default runner the flow hands each batch straight to one of its worker processes
(``runner.WorkerPool.result``), without a task run: a task run per batch cost the flow's process and Prefect's
server about 60 ms of CPU (its thread, three state events and their records; 16 MB with 2
workers, 9 batches: 1.3 -> 0.8 s), taken from the cores the workers need. The flow commits the
staged batches itself (``commit``: the batches that are ready together, retried like a task).
Only the batches' Parquet files travel back, as bytes in memory; they are never persisted or
hashed as a cache key.
"""

from __future__ import annotations

import time

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from qikan import pipeline, reprocess, runner, store
from qikan.discover import Discovered, Hidden, iter_entries, rejected_failures
from qikan.limits import Limits
from qikan.model import Failure, Source
from qikan.runner import StagedBatch

_OPTS = dict(cache_policy=NO_CACHE, persist_result=False)


@task(name="discover", **_OPTS)
def discover(input_root: str, output: str, force: bool = False) -> Discovered:
    """Sources to process, how many were skipped as unchanged, recorded sources now gone, the
    entries that are no source (quarantined at stage ``discover``) and the hidden names."""
    entries = list(iter_entries(input_root))
    sources = [e for e in entries if isinstance(e, Source)]
    todo, skipped = pipeline.select_pending(sources, output, force=force)
    rejected, known = rejected_failures(entries, output, force=force)
    hidden = [e.source_key for e in entries if isinstance(e, Hidden)]
    return Discovered(todo, skipped + known, reprocess.vanished(output, entries, input_root), rejected, hidden)


@task(name="select", **_OPTS)
def select(
    output: str, keys: list[str], doc_ids: list[str], failed: bool, older_than_version: str | None
) -> reprocess.Selection:
    return reprocess.select(output, keys=keys, doc_ids=doc_ids, failed=failed, older_than_version=older_than_version)


# Transient read errors are retried inside extract, per document (qikan.retry), so one flaky
# file does not rerun its batch; parse errors are never retried: they go to quarantine.
@task(name="process", **_OPTS)
def process(
    sources: list[Source],
    tokenizer: str | None = None,
    run_id: str = "",
    limits: Limits | None = None,
) -> StagedBatch:
    """Every stage of a batch and its Arrow tables, in this process: a Dask worker, or the flow's
    own thread with ``--workers 0``. (The default runner's worker processes get their batches
    from the flow directly, ``WorkerPool.result``: a task run per batch there only cost events.)
    ``limits`` (--doc-timeout, --max-bytes) apply to each document of the batch."""
    return runner.stage_batch(sources, run_id=run_id, backend=tokenizer, limits=limits)


def rejected_batch(rejected: list[Failure], run_id: str) -> StagedBatch:
    """The entries discovery could not take as sources, staged as quarantine rows."""
    return runner.stage(rejected, run_id=run_id)


def batch_failed(sources: list[Source], error_type: str, message: str, run_id: str) -> StagedBatch:
    """A batch whose task died as a whole (worker lost, out of memory): every input is quarantined."""
    return runner.failed_batch(sources, error_type, message, run_id=run_id)


#: Seconds to wait before each retry of a failed commit (two retries, as the ``write`` task had).
COMMIT_RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0)


def commit(
    output: str, staged: StagedBatch | list[StagedBatch], run_id: str, writer: store.TableWriter | None = None
) -> pipeline.BatchCounts:
    """Commit one or several staged batches together (one Delta commit per table), with the
    run's ``writer`` (its tables opened once; a failed try reopens them for the retry).

    Called in the flow's body, not as a task run: a task run per commit cost the run its
    Pending/Running/Completed events and the server their records, for work the flow's own
    logs already show. A failed try is logged to the run (a warning) and retried after
    ``COMMIT_RETRY_DELAYS``; the last failure fails the run."""
    for delay in (*COMMIT_RETRY_DELAYS, None):
        try:
            return runner.commit_staged(output, staged, run_id=run_id, writer=writer)
        except Exception as e:
            if delay is None:
                raise
            get_run_logger().warning("commit failed (%s: %s); retrying in %g s", type(e).__name__, e, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


@task(name="prune", **_OPTS)
def prune(output: str, gone: list[reprocess.Recorded]) -> int:
    store.delete_documents(output, doc_ids=[r.doc_id for r in gone], source_keys=[r.source_key for r in gone])
    return len(gone)


@task(name="vacuum", **_OPTS)
def vacuum(output: str, retention_hours: float = 0, writer: store.TableWriter | None = None) -> int:
    """Vacuum every table, through the run ``writer``'s open tables when it has them."""
    return store.vacuum(output, retention_hours=retention_hours, tables=writer.opened() if writer else None)
