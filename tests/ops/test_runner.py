"""The worker processes of the default runner: a worker that dies costs its batch, not the run."""

from __future__ import annotations

import os
import signal

from qikan import runner
from qikan.discover import iter_sources
from qikan.store import read_table
from tests.ops._util import make_input


def die_on_short(sources, *, run_id, backend=None):
    """Stage a batch, but kill this worker process on any batch holding ``2024/short.txt``."""
    if any(s.source_key == "2024/short.txt" for s in sources):
        os.kill(os.getpid(), signal.SIGKILL)
    return runner.stage_batch(sources, run_id=run_id, backend=backend)


def _run_on_two_workers(tmp_path, target) -> dict[str, dict]:
    """Run the test input, one source per batch, on two workers doing ``target``: the quarantine
    rows by source key, once the run's counts and documents are checked (the seed only)."""
    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    sources = list(iter_sources(str(src)))
    pool = runner.WorkerPool(2, target=target)
    try:
        counts = runner.run(sources, str(out), run_id="r", batch_bytes=1, pool=pool)  # one source per batch
    finally:
        pool.shutdown()
    assert (counts.documents, counts.quarantined) == (1, 2)
    assert read_table(str(out), "documents")["source_key"].to_pylist() == ["forum.txt"]
    return {r["source_key"]: r for r in read_table(str(out), "quarantine").to_pylist()}


def test_a_dying_worker_quarantines_its_batch_and_the_run_goes_on(tmp_path):
    q = _run_on_two_workers(tmp_path, die_on_short)
    assert q["2024/short.txt"]["error_type"] == runner.WORKER_DIED
    assert "died twice" in q["2024/short.txt"]["message"]
    assert q["bad.pdf"]["stage"] == "extract"  # an ordinary failure, in its own batch


def test_workers_must_be_positive():
    import pytest

    with pytest.raises(ValueError, match="at least 1"):
        runner.WorkerPool(0)


WRITER_KILLED = """
import os, signal
from qikan import runner
if __name__ == "__main__":
    pool = runner.WorkerPool(2)
    print(sorted({f.result() for f in pool.warm()} | set(pool._executor._processes)), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_workers_end_when_their_writer_is_killed(tmp_path):
    """A writer killed with SIGKILL (the crash tests do it) cannot shut its pool down."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.conftest import ROOT

    script = tmp_path / "writer.py"
    script.write_text(WRITER_KILLED, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    pids = [int(p) for p in proc.stdout.strip().strip("[]").split(",")]
    assert len(pids) == 2
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{p}").exists() for p in pids)


def raise_on_short(sources, *, run_id, backend=None):
    """Stage a batch, but fail as a whole (not per document) on any batch holding ``2024/short.txt``."""
    if any(s.source_key == "2024/short.txt" for s in sources):
        raise MemoryError("the batch ran out of memory")
    return runner.stage_batch(sources, run_id=run_id, backend=backend)


def test_a_batch_raising_whole_on_a_worker_is_quarantined_and_the_run_goes_on(tmp_path):
    q = _run_on_two_workers(tmp_path, raise_on_short)
    assert (q["2024/short.txt"]["stage"], q["2024/short.txt"]["error_type"]) == ("process", runner.BATCH_FAILED)
    assert "MemoryError: the batch ran out of memory" in q["2024/short.txt"]["message"]
    assert q["bad.pdf"]["error_type"] != runner.BATCH_FAILED  # an ordinary failure, in its own batch
