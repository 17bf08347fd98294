"""SIGTERM and Ctrl-C stop the real ``qikan run`` within seconds: the batch in flight is
abandoned, committed batches stay whole, the temporary Prefect server goes too, and a rerun
finishes the work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qikan import store
from tests.conftest import ROOT
from tests.reliability.kinds import article, one_line
from tests.reliability.kinds_table import session_processes

#: A hang fails the test instead of blocking the suite (not a speed assertion).
BOUND = 60


def _start(corpus: Path, out: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    cmd = [sys.executable, "-m", "qikan", "run", str(corpus), "-o", str(out), "--batch-mb", "0.005"]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prefect-home")  # one database for both runs: a faster start


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_run_cleanly(tmp_path, prefect_home, sig):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    (corpus / "z-long.txt").write_text(one_line(150_000), encoding="utf-8")  # seconds of work: in flight
    out = tmp_path / "out"
    proc = _start(corpus, out, prefect_home)
    try:
        log = out / "documents" / "_delta_log"
        deadline = time.monotonic() + 300
        while len(list(log.glob("*.json"))) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # wait for the first batch's commit
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=BOUND)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert proc.returncode == {signal.SIGTERM: 143, signal.SIGINT: 130}[sig], err[-2000:]
    assert f"stopped by {sig.name}" in err and "Traceback" not in err
    assert session_processes(proc.pid) == []  # the temporary Prefect server stopped with the run
    docs = set(store.read_table(str(out), "documents")["doc_id"].to_pylist())
    assert docs and "z-long.txt" not in store.read_table(str(out), "documents")["source_key"].to_pylist()
    assert docs <= set(store.read_table(str(out), "paragraphs")["doc_id"].to_pylist())  # whole batches only
