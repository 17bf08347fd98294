"""SIGKILL the real ``qikan run`` (Prefect and all) mid-run: tables readable, rerun converges.

Five ``qikan run`` processes (each starts Prefect's temporary API server): ≈ 1 minute, part of
every ``make test``; ``QIKAN_FAST_TESTS=1`` skips it while iterating (test_crash.py covers the
same commit sequence through the library at a fraction of the cost).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_corpus, stable_rows

from qikan import store
from schemas import TABLES

pytestmark = pytest.mark.skipif(os.environ.get("QIKAN_FAST_TESTS") == "1", reason="QIKAN_FAST_TESTS=1")

QIKAN = shutil.which("qikan", path=str(Path(sys.executable).parent)) or "qikan"


def qikan_run(
    corpus: Path, out: Path, home: Path, *, kill_after_documents_versions: int | None = None, extra: tuple = ()
) -> int:
    env = {**os.environ, "PREFECT_HOME": str(home)}
    cmd = [QIKAN, "run", str(corpus), "--output", str(out), "--batch-mb", "0.005", *extra]  # one document a batch
    # a session of its own: a SIGKILL cannot let qikan stop its temporary Prefect server, so the
    # test ends the whole session itself (else every run of the suite left one server behind)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if kill_after_documents_versions is not None:
            log = out / "documents" / "_delta_log"
            while proc.poll() is None:
                if log.exists() and len(list(log.glob("*.json"))) >= kill_after_documents_versions:
                    time.sleep(0.1)  # into the next batch's commits
                    proc.send_signal(signal.SIGKILL)
                    break
                time.sleep(0.01)
        return proc.wait(timeout=600)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_sigkill_qikan_run_then_rerun_converges(tmp_path):
    # 24 documents, one a batch: about six commits, so both kills land mid-run (two workers put the
    # batches staged together in one commit)
    corpus = make_corpus(tmp_path / "in", {f"{y}/{i}.txt": y for y in (2021, 2022) for i in range(12)}, failing=True)
    home = tmp_path / "prefect-home"
    assert qikan_run(corpus, tmp_path / "ref", home) == 0
    expected = {n: stable_rows(store.read_table(str(tmp_path / "ref"), n)) for n in TABLES}
    for k in (2, 4):
        out = tmp_path / f"out{k}"
        assert qikan_run(corpus, out, home, kill_after_documents_versions=k) == -signal.SIGKILL
        docs = set(store.read_table(str(out), "documents")["doc_id"].to_pylist())
        paragraphs = store.read_table(str(out), "paragraphs")
        assert docs <= set(paragraphs["doc_id"].to_pylist())  # committed documents are complete
        # killed after the last good document's commit, the rerun's only input is the one that
        # always fails: the failed-share rule (tests/ops) would rightly end it with 1; here the
        # question is whether the tables converge
        assert qikan_run(corpus, out, home, extra=("--max-failed-share", "1")) == 0
        assert {n: stable_rows(store.read_table(str(out), n)) for n in TABLES} == expected
