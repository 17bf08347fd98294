"""The stages as batch functions, and the plain (orchestrator-free) run of a whole batch.

Each stage takes a batch (a list of ``Document`` and ``Failure``) and returns it with every
document moved on one stage, or replaced by a ``Failure`` naming the stage and the cause.
One bad document never stops the others.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from qikan import PIPELINE_VERSION, limits
from qikan.discover import iter_sources, read_bytes
from qikan.extract import extract
from qikan.model import Document, Failure, Source
from qikan.repair import repair
from qikan.retry import TRANSIENT_ERRORS, retry_transient
from qikan.segment import segment
from qikan.store import commit_batch, failed_state, processed_state
from qikan.tables import build_tables
from qikan.tokenize import get_tokenizer, tokenize

Item = Document | Failure
Batch = list[Item]

STAGES = ("extract", "repair", "segment", "tokenize")


def _run(stage: str, fn: Callable[[Document], Document], batch: Batch) -> Batch:
    out: Batch = []
    for item in batch:
        if isinstance(item, Failure):
            out.append(item)
            continue
        try:
            with limits.guard(item.source.source_key, item.source.size, stage):  # --doc-timeout, --max-bytes
                done = fn(item)  # kept only once the guard has let it go (it may raise on leaving)
        except Exception as e:  # noqa: BLE001 - any error of one input goes to quarantine
            out.append(Failure(item.source, stage, type(e).__name__, str(e) or repr(e)))
        else:
            out.append(done)
    return out


def extract_batch(batch: Batch, *, storage_options: dict | None = None) -> Batch:
    # transient read errors (network, object storage) are retried per document; parse errors are not
    return _run(
        "extract",
        lambda d: extract(d, retry_transient(read_bytes, d.source.uri, storage_options=storage_options)),
        batch,
    )


def repair_batch(batch: Batch) -> Batch:
    return _run("repair", repair, batch)


def segment_batch(batch: Batch) -> Batch:
    return _run("segment", segment, batch)


def tokenize_batch(batch: Batch, *, backend: str | None = None, user_dict: str | None = None) -> Batch:
    """Tokens and POS per sentence with the process's tokenizer (``user_dict``: extra words, jieba format)."""
    tk = get_tokenizer(backend, user_dict)
    return _run("tokenize", lambda d: tokenize(d, tk), batch)


@dataclass
class BatchCounts:
    documents: int = 0
    sections: int = 0
    paragraphs: int = 0
    sentences: int = 0
    repairs_fixed: int = 0
    repairs_flagged: int = 0
    quarantined: int = 0
    bytes: int = 0
    quarantine: list[tuple[str, str, str]] = field(default_factory=list)  # key, stage, message
    repair_kinds: dict[str, int] = field(default_factory=dict)  # kind → changes and flags

    def add(self, other: BatchCounts) -> None:
        for name in (
            "documents",
            "sections",
            "paragraphs",
            "sentences",
            "repairs_fixed",
            "repairs_flagged",
            "quarantined",
            "bytes",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.quarantine += other.quarantine
        for kind, n in other.repair_kinds.items():
            self.repair_kinds[kind] = self.repair_kinds.get(kind, 0) + n


def batch_counts(batch: Batch) -> BatchCounts:
    """What a finished batch will write: rows per table, repairs, quarantine and bytes."""
    docs = [d for d in batch if isinstance(d, Document)]
    failures = [f for f in batch if isinstance(f, Failure)]
    fixed = sum(r.action == "fixed" for d in docs for r in d.repairs)
    return BatchCounts(
        documents=len(docs),
        sections=sum(len(d.sections) for d in docs),
        paragraphs=sum(len(d.paragraphs) for d in docs),
        sentences=sum(len(d.sentences) for d in docs),
        repairs_fixed=fixed,
        repairs_flagged=sum(len(d.repairs) for d in docs) - fixed,
        quarantined=len(failures),
        bytes=sum(i.source.size for i in batch),
        quarantine=[(f.source.source_key, f.stage, f.message) for f in failures],
        repair_kinds=dict(Counter(r.kind for d in docs for r in d.repairs)),
    )


def write_batch(output: str, batch: Batch, *, run_id: str, storage_options: dict | None = None) -> BatchCounts:
    """Commit a finished batch to the output tables and count what was written."""
    docs = [d for d in batch if isinstance(d, Document)]
    failures = [f for f in batch if isinstance(f, Failure)]
    tables = build_tables(docs, failures, run_id=run_id, processed_at=datetime.now(UTC))
    commit_batch(
        output,
        tables,
        doc_ids=[d.doc_id for d in docs],
        source_keys=[i.source.source_key for i in batch],
        run_id=run_id,
        storage_options=storage_options,
    )
    return batch_counts(batch)


def pending_sources(
    input_root: str, output: str, *, force: bool = False, storage_options: dict | None = None
) -> tuple[list[Source], int]:
    """Sources under ``input_root`` that need processing, and how many were skipped as done.

    A source is done when the output holds it with the same ``content_sha256`` and
    ``pipeline_version``; ``force`` processes everything.
    """
    sources = list(iter_sources(input_root, storage_options=storage_options))
    return select_pending(sources, output, force=force, storage_options=storage_options)


def select_pending(
    sources: list[Source], output: str, *, force: bool = False, storage_options: dict | None = None
) -> tuple[list[Source], int]:
    """The ``sources`` the output does not hold yet with the same content and pipeline version.

    An unchanged source that failed the same way before stays in quarantine until
    ``qikan reprocess --failed``, unless its error was transient (a read that timed out).
    """
    if force:
        return sources, 0
    done = processed_state(output, storage_options=storage_options)
    for key, (sha, version, error_type) in failed_state(output, storage_options=storage_options).items():
        if error_type not in TRANSIENT_ERRORS:
            done.setdefault(key, (sha, version))
    todo = [s for s in sources if done.get(s.source_key) != (s.content_sha256, PIPELINE_VERSION)]
    return todo, len(sources) - len(todo)


def plan_batches(
    sources: Iterable[Source], *, max_bytes: int = 2_000_000, max_docs: int = 200
) -> Iterator[list[Source]]:
    """Group sources so each batch carries enough work to dwarf per-task overhead, but bounded
    in bytes so memory stays flat."""
    batch: list[Source] = []
    size = 0
    for s in sources:
        if batch and (size + s.size > max_bytes or len(batch) >= max_docs):
            yield batch
            batch, size = [], 0
        batch.append(s)
        size += s.size
    if batch:
        yield batch


def process_batch(sources: list[Source], output: str, *, run_id: str, backend: str | None = None) -> BatchCounts:
    """Every stage of one batch, then its commit: the library path with no orchestrator."""
    batch: Batch = [Document(source=s) for s in sources]
    batch = tokenize_batch(segment_batch(repair_batch(extract_batch(batch))), backend=backend)
    return write_batch(output, batch, run_id=run_id)


def process_document(source: Source) -> Document:
    """All stages of one source in memory (for tests and notebooks); raises on failure."""
    doc = extract(Document(source=source), read_bytes(source.uri))
    return tokenize(segment(repair(doc)))


def new_run_id() -> str:
    return uuid.uuid4().hex


__all__ = [
    "PIPELINE_VERSION",
    "STAGES",
    "Batch",
    "BatchCounts",
    "batch_counts",
    "extract_batch",
    "new_run_id",
    "pending_sources",
    "plan_batches",
    "process_batch",
    "process_document",
    "repair_batch",
    "segment_batch",
    "select_pending",
    "tokenize_batch",
    "write_batch",
]
