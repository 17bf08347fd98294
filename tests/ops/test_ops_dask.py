"""The Dask task runner (2 local worker processes) writes the same tables as the default one.

Dask needs a real Prefect API that every worker reaches (the temporary server Prefect starts by
itself breaks with several processes). The session's test harness already runs one: a separate
server process on a loopback port, so the ``qikan run --task-runner dask`` subprocess and its
workers are pointed at it through ``PREFECT_API_URL`` instead of paying for a second server
(``prefect server start`` ≈ 10–15 s here). ``QIKAN_SKIP_DASK=1`` skips the test on a machine too
small for two more worker processes.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.ops._util import make_input, snapshot

pytestmark = pytest.mark.skipif(os.environ.get("QIKAN_SKIP_DASK") == "1", reason="QIKAN_SKIP_DASK=1")


def test_dask_runner_writes_the_same_tables_as_the_default_runner(prefect_harness, tmp_path):
    from prefect.settings import get_current_settings

    from flows.ingest import ingest

    url = get_current_settings().api.url
    assert url and url.startswith("http://127.0.0.1"), url
    src = make_input(tmp_path / "in")
    # tiny batches so the three inputs are spread over both workers
    ingest(input_root=str(src), output=str(tmp_path / "default"), batch_bytes=1000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=url, PREFECT_LOGGING_LEVEL="WARNING")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(src), "--output", str(tmp_path / "dask"),
         "--batch-mb", "0.001", "--task-runner", "dask", "--dask-workers", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "on DaskTaskRunner" in proc.stdout
    default, dask = snapshot(tmp_path / "default"), snapshot(tmp_path / "dask")
    assert dask == default
    assert len(dask["documents"]) == 2 and len(dask["quarantine"]) == 1
