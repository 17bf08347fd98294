"""A plain-Python ingest run over the library, for the crash and concurrency tests.

It makes the same library calls, in the same order, as the ``qikan-ingest`` flow's tasks
(lock → pending_sources → per batch: every stage, then ``write_batch`` → vacuum); Prefect adds
no write to the tables, only orchestration, so killing this process exercises the same commit
sequence as killing ``qikan run`` while costing ~3 s instead of ~20 s (the temporary API server).

    python storage_runner.py INPUT OUTPUT [--kill before:N|during:N|vacuum]

``before:N`` SIGKILLs the process just before its N-th commit of a table (``TableWriter._commit_table``:
an append of the staged files or a predicate overwrite), ``during:N`` a moment after that commit
started (while it writes its files, or commits them), ``vacuum`` while vacuuming.
Exit status 3 with the lock's message on stderr when another run holds the output.

It tokenizes with a one-character-per-token stand-in instead of jieba: loading jieba's
dictionary costs ~1.5 s per process and has nothing to do with how the tables are written.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from qikan import pipeline, store, tokenize


class CharTokenizer:
    """Every non-space character a token tagged 'x' (a cheap stand-in for jieba)."""

    def __init__(self, *, user_dict: str | None = None) -> None:
        pass

    def words(self, text: str) -> list[str]:
        return [c for c in text if not c.isspace()]

    def pos(self, text: str) -> list[tuple[str, str]]:
        return [(c, "x") for c in self.words(text)]


tokenize.BACKENDS["chars"] = CharTokenizer


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(spec: str) -> None:
    kind, _, n = spec.partition(":")
    if kind == "vacuum":
        real_vacuum = store._vacuum

        def vacuum(dt, hours):
            threading.Timer(0.01, _die).start()
            return real_vacuum(dt, hours)

        store._vacuum = vacuum
        return
    real, calls = store.TableWriter._commit_table, [0]

    def commit(*args, **kwargs):
        calls[0] += 1
        if calls[0] == int(n):
            if kind == "before":
                _die()
            threading.Timer(0.005, _die).start()
        return real(*args, **kwargs)

    store.TableWriter._commit_table = commit


def run(input_root: str, output: str, *, max_docs: int = 2, backend: str = "chars", retention_hours: float = 0) -> None:
    with store.output_lock(output):
        sources, _ = pipeline.pending_sources(input_root, output)
        run_id = pipeline.new_run_id()
        for batch in pipeline.plan_batches(sources, max_docs=max_docs):
            pipeline.process_batch(batch, output, run_id=run_id, backend=backend)
        store.vacuum(output, retention_hours=retention_hours)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--kill" in args:
        i = args.index("--kill")
        arm(args[i + 1])
        del args[i : i + 2]
    try:
        run(args[0], args[1])
    except store.OutputLocked as e:
        print(f"qikan: error: {e}", file=sys.stderr)
        sys.exit(3)
