"""Batches on worker processes, committed by one writer.

A worker process takes a batch of sources through every stage *and* turns it into the batch's
finished Parquet files (``stage_batch``: its tables, encoded by ``store.encode``, one file per
table and year with its Delta statistics); what comes back to the writer is a ``StagedBatch``:
those files' bytes, the keys it replaces and its counts, never Python row objects. The writer
(the flow's process, or ``run`` here) only writes the files into the tables' folders and
commits them, one staged batch (or the ones ready together) at a time, in order, so there is
still exactly one writer and a killed run leaves every table at its last commit.

The files travel as bytes rather than being written by the worker: a Dask worker (and a
worker process of the flow) does not know the output, may not share its file system, and a file
placed before its commit would sit in a table's folder, seen by plain Parquet readers, for as
long as the batches ahead of it take; receiving and writing them costs the writer a few
milliseconds per batch.

The work runs in the *main thread* of a worker process (``concurrent.futures`` with the
``spawn`` context runs each call there), so a per-document time limit based on ``SIGALRM`` can
work inside it. A worker that dies (killed, out of memory) breaks the pool: the batches it was
running are tried once more, each alone in a fresh process, and a batch whose process dies again
is quarantined with a message saying so; the pool is rebuilt and the run goes on.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa

from qikan import pipeline
from qikan.limits import Limits
from qikan.limits import use as use_limits
from qikan.model import Document, Failure, Source
from qikan.store import StagedFile, TableWriter, decode, encode
from qikan.tables import build_tables

#: What a worker process death is called in ``quarantine.error_type``.
WORKER_DIED = "WorkerDied"
#: What a batch that raised as a whole is called there (the name a failed Prefect task's batch
#: has always had; ``qikan.retry`` counts it transient, so ``reprocess --failed`` retries it).
BATCH_FAILED = "TaskFailed"


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass
class StagedBatch:
    """A processed batch, ready to commit: its Parquet files per table (``store.StagedFile``),
    keys and counts, and its documents' rows of the run's review index
    (``review.index_rows_of``, a few fields each)."""

    files: dict[str, list[StagedFile]]
    doc_ids: list[str]
    source_keys: list[str]
    counts: pipeline.BatchCounts
    review: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, pa.Table]:
        """Its rows again, as one Arrow table per dataset."""
        return {name: decode(name, files) for name, files in self.files.items()}


def stage(batch: pipeline.Batch, *, run_id: str) -> StagedBatch:
    """A batch that went through every stage → its tables as Parquet files, its keys and counts."""
    docs = [d for d in batch if isinstance(d, Document)]
    failures = [f for f in batch if isinstance(f, Failure)]
    from qikan.review import index_rows_of

    tables = build_tables(docs, failures, run_id=run_id, processed_at=datetime.now(UTC))
    return StagedBatch(
        files={name: encode(name, t) for name, t in tables.items()},
        doc_ids=[d.doc_id for d in docs],
        source_keys=[i.source.source_key for i in batch],
        counts=pipeline.batch_counts(batch),
        review=index_rows_of(tables["documents"], tables["repairs"]) if docs else [],
    )


def stage_batch(
    sources: list[Source],
    *,
    run_id: str,
    backend: str | None = None,
    storage_options: dict | None = None,
    limits: Limits | None = None,
) -> StagedBatch:
    """Every stage of one batch and its tables: what a worker process does with a batch.
    ``limits`` (time and size per document) quarantine a document that exceeds them."""
    with use_limits(limits):
        batch: pipeline.Batch = [Document(source=s) for s in sources]
        batch = pipeline.extract_batch(batch, storage_options=storage_options)
        batch = pipeline.tokenize_batch(pipeline.segment_batch(pipeline.repair_batch(batch)), backend=backend)
    return stage(batch, run_id=run_id)


def failed_batch(sources: list[Source], error_type: str, message: str, *, run_id: str) -> StagedBatch:
    """A batch that failed as a whole: every input goes to quarantine with ``message``."""
    return stage([Failure(s, "process", error_type, message) for s in sources], run_id=run_id)


def commit_staged(
    output: str,
    staged: StagedBatch | list[StagedBatch],
    *,
    run_id: str,
    storage_options: dict | None = None,
    writer: TableWriter | None = None,
) -> pipeline.BatchCounts:
    """The writer's part: commit a staged batch, or several together (at most one Delta commit
    per table for all of them, ``documents`` last), and return their counts. A run passes its
    ``writer`` (tables checked and opened once); without one, this opens its own."""
    batches = staged if isinstance(staged, list) else [staged]
    writer = writer or TableWriter(output, run_id=run_id, storage_options=storage_options)
    writer.commit_files(
        {name: [f for b in batches for f in b.files.get(name, [])] for name in batches[0].files},
        doc_ids=[i for b in batches for i in b.doc_ids],
        source_keys=[k for b in batches for k in b.source_keys],
    )
    counts = pipeline.BatchCounts()
    for b in batches:
        counts.add(b.counts)
    return counts


def merged_tables(batches: list[StagedBatch]) -> dict[str, pa.Table]:
    """The rows of several staged batches, table by table."""
    return {name: decode(name, [f for b in batches for f in b.files[name]]) for name in batches[0].files}


# --------------------------------------------------------------------------- worker processes


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone (a writer killed with SIGKILL
    cannot shut its pool down; its workers would wait for work forever)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="qikan-parent-watch", daemon=True).start()


def _warm(backend: str | None) -> None:
    """Load what every batch needs once per worker, while the writer is still starting up."""
    from qikan.tables import load_converters
    from qikan.tokenize import get_tokenizer, idf_table

    _exit_with_parent()
    get_tokenizer(backend)
    idf_table()
    load_converters()
    # The dictionaries just loaded live as long as the worker: frozen, the collector stops
    # walking them on every full collection; a batch makes some 10^6 short-lived objects, so
    # the youngest generation is collected less often. bench/profile_tables.py's stages, both
    # together, alternating runs: 1.94 -> 1.74 s and 1.99 -> 1.71 s CPU on 4.2 MB.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _ping() -> int:
    return os.getpid()


class WorkerPool:
    """``workers`` spawned processes that stage batches; safe to share between threads."""

    def __init__(self, workers: int, *, backend: str | None = None, target=None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers, self.backend = workers, backend
        self.target = target or stage_batch  # what a worker does with a batch (tests swap it)
        self._lock = threading.Lock()
        self._executor = self._new_executor(workers)

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm, initargs=(self.backend,)
        )

    def warm(self) -> list[Future]:
        """Start every worker now (they load the tokenizer while the caller does other things)."""
        with self._lock:
            return [self._executor.submit(_ping) for _ in range(self.workers)]

    def _call(self, executor: ProcessPoolExecutor, sources: list[Source], run_id: str, limits: Limits | None) -> Future:
        extra = {} if limits is None else {"limits": limits}
        return executor.submit(self.target, sources, run_id=run_id, backend=self.backend, **extra)

    def submit(
        self, sources: list[Source], *, run_id: str, limits: Limits | None = None
    ) -> tuple[Future, ProcessPoolExecutor]:
        """Stage a batch on a worker: its future, and the executor to name if that breaks."""
        with self._lock:
            executor = self._executor
        return self._call(executor, sources, run_id, limits), executor

    def result(
        self,
        future: Future,
        executor: ProcessPoolExecutor,
        sources: list[Source],
        *,
        run_id: str,
        limits: Limits | None = None,
    ) -> StagedBatch:
        """The staged batch ``submit`` promised (blocking). A worker that died: the batch is
        tried again alone, then quarantined (``WORKER_DIED``); a batch that raised as a whole
        (out of memory, a bug outside the per-document guard): its inputs are quarantined
        (``BATCH_FAILED``) and the run goes on."""
        try:
            return future.result()
        except BrokenProcessPool:
            return self.retry_alone(sources, run_id=run_id, broken=executor, limits=limits)
        except Exception as e:
            return failed_batch(sources, BATCH_FAILED, f"{type(e).__name__}: {e}", run_id=run_id)

    def retry_alone(
        self, sources: list[Source], *, run_id: str, broken: ProcessPoolExecutor, limits: Limits | None = None
    ) -> StagedBatch:
        """After a worker died: rebuild the pool, then try this batch alone in its own process."""
        with self._lock:
            if self._executor is broken:
                self._executor = self._new_executor(self.workers)
                broken.shutdown(wait=False, cancel_futures=True)
        alone = self._new_executor(1)
        try:
            return self._call(alone, sources, run_id, limits).result()
        except BrokenProcessPool:
            message = (
                f"the worker process died twice while processing this batch of {len(sources)} input(s) "
                "(killed, or out of memory on a very large input): its inputs are quarantined and the run "
                "went on; look for an unusually large file among them, then `qikan reprocess --failed`"
            )
            return failed_batch(sources, WORKER_DIED, message, run_id=run_id)
        finally:
            alone.shutdown(wait=True)

    def shutdown(self) -> None:
        with self._lock:
            self._executor.shutdown(wait=True, cancel_futures=True)


_SHARED: dict[tuple[int, str | None], WorkerPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(workers: int, backend: str | None = None) -> WorkerPool:
    """The process-wide pool of ``workers`` processes for ``backend`` (created on first use, kept
    for later runs of the same process, shut down at exit)."""
    with _SHARED_LOCK:
        key = (workers, backend)
        if key not in _SHARED:
            for old in _SHARED.values():  # one pool at a time: never more processes than cores
                old.shutdown()
            _SHARED.clear()
            _SHARED[key] = WorkerPool(workers, backend=backend)
        return _SHARED[key]


@atexit.register
def shutdown_pools() -> None:
    with _SHARED_LOCK:
        for pool in _SHARED.values():
            pool.shutdown()
        _SHARED.clear()


# --------------------------------------------------------------------------- the library's runner


#: A batch handed to a local worker process is not cut smaller than this to feed more workers
#: (about half a second of work: the per-batch cost — its files sent to the writer,
#: a share of a commit — stays small against it).
MIN_BATCH_BYTES = 250_000
#: Batches per worker a run is cut into when it is not much larger than the workers' share: the
#: last batches end close together (no worker idles long at the end) and the last commit is small.
BATCHES_PER_WORKER = 4


def batch_size(
    total_bytes: int,
    batch_bytes: int,
    workers: int,
    *,
    per_worker: int = BATCHES_PER_WORKER,
    floor: int = MIN_BATCH_BYTES,
) -> int:
    """``batch_bytes``, cut down so each of ``workers`` gets about ``per_worker`` batches, but
    never below ``floor`` (nor above ``batch_bytes``). ``workers`` 0 (in process): ``batch_bytes``."""
    if workers < 1:
        return batch_bytes
    share = -(-total_bytes // (per_worker * workers))
    return max(min(batch_bytes, share), min(batch_bytes, floor))


def run(
    sources: Iterable[Source],
    output: str,
    *,
    run_id: str,
    workers: int = 0,
    batch_bytes: int = 2_000_000,
    backend: str | None = None,
    pool: WorkerPool | None = None,
) -> pipeline.BatchCounts:
    """Process ``sources`` into ``output`` with no orchestrator: batches staged on ``workers``
    processes (0: in this process; or on ``pool``), committed here in order. The run's counts."""
    total = pipeline.BatchCounts()
    for counts in committed(
        sources, output, run_id=run_id, workers=workers, batch_bytes=batch_bytes, backend=backend, pool=pool
    ):
        total.add(counts)
    return total


def committed(
    sources: Iterable[Source],
    output: str,
    *,
    run_id: str,
    workers: int = 0,
    batch_bytes: int = 2_000_000,
    backend: str | None = None,
    pool: WorkerPool | None = None,
) -> Iterator[pipeline.BatchCounts]:
    """The counts of each commit, as it is made.

    With worker processes, batches are cut so every worker gets several (``batch_size``) and
    ``2 × workers + 1`` are in flight: while this thread commits, every worker has its next
    batch. Each commit takes the oldest ``workers`` batches (the ones the workers ran side by
    side: they end about together, and a Delta commit costs the same for one batch as for
    several), plus any later batch already staged, oldest first; the tables are opened once
    per run."""
    writer = TableWriter(output, run_id=run_id)
    if not workers and pool is None:
        for b in pipeline.plan_batches(sources, max_bytes=batch_bytes):
            yield commit_staged(output, stage_batch(b, run_id=run_id, backend=backend), run_id=run_id, writer=writer)
        return
    pool = pool or shared_pool(workers, backend)
    sources = list(sources)
    size = batch_size(sum(s.size for s in sources), batch_bytes, pool.workers)
    pending = pipeline.plan_batches(sources, max_bytes=size)
    window = 2 * pool.workers + 1
    in_flight: deque[tuple[list[Source], Future, ProcessPoolExecutor]] = deque()

    def fill() -> None:
        while len(in_flight) < window and (b := next(pending, None)) is not None:
            in_flight.append((b, *pool.submit(b, run_id=run_id)))

    def take() -> StagedBatch:
        b, future, executor = in_flight.popleft()
        return pool.result(future, executor, b, run_id=run_id)

    fill()
    while in_flight:
        ready = [take() for _ in range(min(pool.workers, len(in_flight)))]
        while in_flight and in_flight[0][1].done():
            ready.append(take())
        fill()  # the workers get their next batches before this thread commits
        yield commit_staged(output, ready, run_id=run_id, writer=writer)
