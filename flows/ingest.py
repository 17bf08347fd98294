"""The flows: ``qikan-ingest`` (a whole input root, incremental) and ``qikan-reprocess``
(documents already in the output, picked by key, id, version or failure).

Both hand their sources to the same loop: batches are processed in parallel and committed one at
a time, in order, by this process: there is exactly one writer. By default the flow hands each
batch to one of ``workers`` processes (all cores unless told), which runs every stage and
encodes the batch's Parquet files (``qikan.runner``); with ``--task-runner dask`` each batch is
a ``process`` task and a Dask worker does the same. Prefect sees the run, its ``discover``
task, its progress and its report; on the default runner a batch is no task run (a task run
cost some 60 ms of CPU, tasks/ingest.py), nor is the vacuum. Parameters are paths, ids and
settings, never document text.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent import futures
from dataclasses import asdict

from prefect import flow, runtime
from prefect.context import FlowRunContext
from prefect.futures import wait
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import (
    _env,  # noqa: F401
    progress,
    report,
)
from qikan import PIPELINE_VERSION, pipeline, runner, store
from qikan.limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_BYTES, Limits
from qikan.model import Source
from tasks import ingest as t

#: Dask batches are never cut smaller than this to feed more workers: below it, the per-task
#: cost of Dask (100–170 ms) stops being small against the text work. The default runner's
#: worker processes take smaller ones (``runner.MIN_BATCH_BYTES``).
MIN_DASK_BATCH_BYTES = 500_000
#: The progress artifact is updated at most this often (each update is a call to the API).
PROGRESS_EVERY_S = 1.0
#: When the oldest batch is staged, its commit waits at most this long for the batches the other
#: worker processes ran beside it, to take them in the same commit (a Delta commit costs about
#: the same for one batch as for several, and this process's CPU is taken from the workers').
#: The workers do not wait: each has its next batch already. Bounded, so one slow batch does not
#: hold back the commit of the batches before it.
PARTNER_WAIT_S = 0.5


@flow(name="qikan-ingest", version=PIPELINE_VERSION, log_prints=False)
def ingest(
    input_root: str,
    output: str = "output",
    force: bool = False,
    batch_bytes: int = 2_000_000,
    tokenizer: str | None = None,
    prune: bool = False,
    max_failed_share: float = 0.5,
    parallelism: int = 1,
    keep_history_days: float = 0,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    workers: int | None = None,
) -> dict:
    """Ingest every .txt/.md/.pdf under ``input_root`` into the tables under ``output``.

    Unchanged sources are skipped unless ``force``. Documents whose source vanished from
    ``input_root`` are reported, and removed from every table with ``prune``. The run fails
    when more than ``max_failed_share`` of the inputs it tried ended in quarantine.
    One run writes an output at a time (``store.output_lock``); superseded files older than
    ``keep_history_days`` are vacuumed at the end (0: plain Parquet readers see current rows).
    """
    with store.output_lock(output):
        started = time.perf_counter()
        found = t.discover(input_root, output, force)
        return _process_all(
            found.sources, output, skipped=found.skipped, gone=found.gone, prune=prune, started=started,
            batch_bytes=batch_bytes, tokenizer=tokenizer, max_failed_share=max_failed_share, parallelism=parallelism,
            keep_history_days=keep_history_days, rejected=found.rejected, hidden=found.hidden,
            limits=Limits(doc_timeout, max_bytes), workers=workers,
        )  # fmt: skip


@flow(name="qikan-reprocess", version=PIPELINE_VERSION, log_prints=False)
def reprocess(
    output: str,
    keys: list[str] | None = None,
    doc_ids: list[str] | None = None,
    failed: bool = False,
    older_than_version: str | None = None,
    prune: bool = False,
    batch_bytes: int = 2_000_000,
    tokenizer: str | None = None,
    max_failed_share: float = 0.5,
    parallelism: int = 1,
    keep_history_days: float = 0,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    workers: int | None = None,
) -> dict:
    """Process again the documents of ``output`` matching any criterion, read from the
    ``source_uri`` each was recorded with: source-key globs, ``doc_ids``, everything in
    quarantine (``failed``), or a ``pipeline_version`` lower than ``older_than_version``.
    Selected documents whose source is gone are reported, and removed with ``prune``.
    """
    with store.output_lock(output):
        started = time.perf_counter()
        sel = t.select(output, keys or [], doc_ids or [], failed, older_than_version)
        return _process_all(
            sel.sources, output, skipped=0, gone=sel.gone, prune=prune, started=started, batch_bytes=batch_bytes,
            tokenizer=tokenizer, max_failed_share=max_failed_share, parallelism=parallelism,
            keep_history_days=keep_history_days, limits=Limits(doc_timeout, max_bytes), rejected=sel.rejected,
            workers=workers,
        )  # fmt: skip


def _process_all(
    sources: list[Source],
    output: str,
    *,
    skipped: int,
    gone: list,
    prune: bool,
    started: float,
    batch_bytes: int,
    tokenizer: str | None,
    max_failed_share: float,
    parallelism: int,
    keep_history_days: float = 0,
    rejected: list | None = None,
    hidden: list[str] | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
):
    run_id = str(runtime.flow_run.id or pipeline.new_run_id())
    task_runner = FlowRunContext.get().task_runner
    # threads (the default): batches go to this process's worker processes; Dask: to its workers
    local = isinstance(task_runner, ThreadPoolTaskRunner)
    # workers=0: every batch in its task's thread, in this process (debugging, monkeypatched tests)
    n_workers = (runner.default_workers() if workers is None else workers) if local else 0
    if local:
        parallelism = max(n_workers, 1)
    pruned = t.prune(output, gone) if prune and gone else 0
    total = sum(s.size for s in sources)
    progress.reporter.start(total, len(sources))
    counts = pipeline.BatchCounts()
    writer = store.TableWriter(output, run_id=run_id)  # tables checked and opened once per run
    review_rows: list[dict] = []
    if rejected:  # entries discovery could not take as sources: quarantined with their cause
        counts.add(t.commit(output, t.rejected_batch(rejected, run_id), run_id, writer))
    size = batch_size(total, batch_bytes, parallelism, local=local)
    # the default runner: 2 batches per worker process in flight, so each has its next batch
    # while this thread commits; Dask (tasks cost more, workers unknown): one more than workers
    window = 2 * parallelism + 1 if local else parallelism + 1
    bars: list[report.ProgressArtifact] = []  # made once the first batches are handed out

    def handed_out() -> None:
        bars.append(report.ProgressArtifact(total, every_s=PROGRESS_EVERY_S))

    for n_docs, done, rows in _committed(
        sources, output, run_id, size, tokenizer, window=window, workers=n_workers, limits=limits, writer=writer,
        started=handed_out,
    ):  # fmt: skip
        counts.add(done)
        review_rows += rows
        progress.reporter.advance(done.bytes, n_docs)
        bars[0].advance(done.bytes)
    if not bars:  # nothing to process
        handed_out()
    bars[0].finish()
    # always: a run killed before its vacuum leaves superseded or half-written files behind. On
    # the default runner it runs in a thread of this process while the report is published, as a
    # plain call (its task run added 35-50 ms to the end of every run, about what the vacuum
    # itself costs); the run waits for it, and fails if it fails
    if local:
        background = futures.ThreadPoolExecutor(1, thread_name_prefix="qikan-vacuum")
        vacuumed = background.submit(t.vacuum.fn, output, keep_history_days * 24, writer)
        background.shutdown(wait=False)
    else:
        t.vacuum(output, keep_history_days * 24, quote(writer))
    summary = asdict(counts)
    summary.update(
        run_id=run_id, output=output, task_runner=type(task_runner).__name__, workers=n_workers,
        skipped=skipped, gone=[r.source_key for r in gone], pruned=pruned, hidden=hidden or [],
        max_failed_share=max_failed_share, seconds=round(time.perf_counter() - started, 3),
    )  # fmt: skip
    report.publish(summary, review_rows=sorted(review_rows, key=lambda r: r["source_key"]))
    if local:
        vacuumed.result()
    share = report.failed_share(summary)
    if share > max_failed_share:
        message = f"{share:.0%} of the inputs failed (max {max_failed_share:.0%})"
        # a returned state (not a raise) fails the run without a traceback in the log
        return Failed(message=message, data=report.TooManyFailures(message, summary))
    return summary


def batch_size(total_bytes: int, batch_bytes: int, parallelism: int, *, local: bool = True) -> int:
    """``batch_bytes``, cut down so every worker gets several batches: on the default runner's
    worker processes ``runner.batch_size`` (about 4 each, not below 250 KB); on Dask, whose
    tasks cost more, at least two each and never below ``MIN_DASK_BATCH_BYTES``."""
    if local:
        return runner.batch_size(total_bytes, batch_bytes, parallelism)
    if parallelism <= 1:
        return batch_bytes
    return runner.batch_size(total_bytes, batch_bytes, parallelism, per_worker=2, floor=MIN_DASK_BATCH_BYTES)


def _done(future) -> bool:
    """Whether a batch's future has finished, without asking the API (a worker process's, or a
    task's: a thread's or Dask's)."""
    wrapped = getattr(future, "wrapped_future", future)
    return wrapped.done()


def _committed(
    sources: list[Source],
    output: str,
    run_id: str,
    batch_bytes: int,
    tokenizer: str,
    *,
    window: int,
    workers: int,
    limits: Limits | None = None,
    writer: store.TableWriter | None = None,
    started: Callable[[], None] | None = None,
) -> Iterator[tuple[int, pipeline.BatchCounts, list[dict]]]:
    """Keep up to ``window`` batches in flight; commit finished batches here, oldest first:
    the oldest one, with every batch after it that has finished too (one commit for them all),
    having waited up to ``PARTNER_WAIT_S`` for the batches the other workers ran beside it.
    Each commit's documents, counts and review index rows.

    A batch whose task failed as a whole is committed as quarantine rows, so the run goes on.
    """
    in_flight: deque = deque()
    pending = pipeline.plan_batches(sources, max_bytes=batch_bytes)
    pool = runner.shared_pool(workers, tokenizer) if workers else None

    def fill() -> None:
        while len(in_flight) < window and (b := next(pending, None)) is not None:
            if pool is not None:  # straight to a worker process: no task run per batch
                in_flight.append((b, *pool.submit(b, run_id=run_id, limits=limits)))
            else:
                in_flight.append((b, t.process.submit(b, tokenizer, run_id, limits), None))

    def take():
        batch_sources, future, executor = in_flight.popleft()
        if pool is not None:
            return batch_sources, pool.result(future, executor, batch_sources, run_id=run_id, limits=limits)
        wait([future])
        if future.state.is_completed():
            return batch_sources, future.result()
        message = future.state.message or "the batch's task failed"
        return batch_sources, t.batch_failed(batch_sources, runner.BATCH_FAILED, message, run_id)

    fill()
    if started is not None:
        started()
    while in_flight:
        ready = [take()]
        if pool is not None and pool.workers > 1 and in_flight:
            futures.wait([f for _, f, _ in itertools.islice(in_flight, pool.workers - 1)], timeout=PARTNER_WAIT_S)
        while in_flight and _done(in_flight[0][1]):
            ready.append(take())
        fill()  # the workers get their next batches before this thread commits
        staged = [s for _, s in ready]
        done = t.commit(output, staged, run_id, writer)
        yield sum(len(b) for b, _ in ready), done, [r for s in staged for r in s.review]
