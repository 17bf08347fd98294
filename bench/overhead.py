"""Prefect's overhead over the plain library, and the speed-up of 2 Dask workers over 1.

    .venv/bin/python bench/overhead.py [--mb 20] [--skip-dask]

Over one corpus of repeated real text (bench/_corpus.py), in one process:

1. the library alone: ``qikan.runner.run`` with one worker process + ``store.vacuum``;
2. the ``qikan-ingest`` flow (default task runner, one worker process) over the same input;
3. the same flow on a local Dask cluster of 1, then 2 worker processes.

Every run writes a fresh output folder. jieba is loaded and the Prefect API warmed (one tiny
flow run) before timing, so start-up costs are printed apart. All flow runs talk to one
``prefect server start`` on a free loopback port (Dask needs a real API), started here unless
PREFECT_API_URL is already set. Figures only: nothing is asserted; expect noise on a shared box.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import real_text, write_corpus  # noqa: E402


def _start_server(home: Path) -> tuple[subprocess.Popen | None, str]:
    if os.environ.get("PREFECT_API_URL"):
        return None, os.environ["PREFECT_API_URL"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_UI_ENABLED="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    sys.exit("prefect server did not start within 120 s")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--skip-dask", action="store_true", help="only the library vs the default flow")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="qikan-overhead-"))
    os.environ.update(
        PREFECT_HOME=str(tmp / "prefect"), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )  # fmt: skip
    t = time.perf_counter()
    server, url = _start_server(tmp / "prefect")
    server_start = time.perf_counter() - t
    os.environ["PREFECT_API_URL"] = url  # before Prefect is imported, and inherited by Dask workers
    try:
        _run(args, tmp, server_start)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def _run(args, tmp: Path, server_start: float) -> None:
    from prefect.settings import temporary_settings

    from flows.ingest import ingest  # first: flows._env sets the quiet, offline defaults
    from flows.runners import dask_runner
    from qikan import runner, store
    from qikan.discover import iter_sources
    from qikan.tokenize import get_tokenizer

    _, origin = real_text()
    n_files, n_bytes = write_corpus(tmp / "input", args.mb)
    mb = n_bytes / 1e6
    print(f"corpus: {mb:.2f} MB in {n_files} files, repeated from {origin}")
    get_tokenizer("jieba").pos("预热")  # load the dictionaries outside every timing
    for f in runner.shared_pool(1).warm():  # and the worker process of the library and the flow
        f.result()
    (tmp / "warm").mkdir()
    (tmp / "warm" / "a.txt").write_text("预热。\n", encoding="utf-8")
    batch_bytes = 2_000_000

    def plain() -> None:
        out = str(tmp / "out-plain")
        runner.run(iter_sources(str(tmp / "input")), out, run_id="bench", workers=1, batch_bytes=batch_bytes)
        store.vacuum(out)

    def flow(name: str, task_runner=None, parallelism: int = 1):
        f = ingest if task_runner is None else ingest.with_options(task_runner=task_runner)
        return lambda: f(
            input_root=str(tmp / "input"), output=str(tmp / f"out-{name}"), force=True,
            batch_bytes=batch_bytes, parallelism=parallelism, workers=1,
        )  # fmt: skip

    figures: dict[str, float] = {"mb": mb, "server_start_s": server_start}
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        figures["first_flow_run_s"] = _timed(lambda: ingest(input_root=str(tmp / "warm"), output=str(tmp / "w")))
        figures["plain_s"] = _timed(plain)
        figures["flow_s"] = _timed(flow("flow"))
        if not args.skip_dask:
            for n in (1, 2):
                figures[f"dask{n}_s"] = _timed(flow(f"dask{n}", dask_runner(workers=n), parallelism=n))

    overhead = figures["flow_s"] / figures["plain_s"] - 1
    print(f"{'prefect server start (s)':<44} {server_start:8.1f}")
    print(f"{'first flow run, tiny input (s)':<44} {figures['first_flow_run_s']:8.1f}")
    print(
        f"{'library alone: runner.run, 1 worker (s, MB/s)':<44} {figures['plain_s']:8.1f} {mb / figures['plain_s']:8.3f}"
    )
    print(f"{'qikan-ingest flow, default runner (s, MB/s)':<44} {figures['flow_s']:8.1f} {mb / figures['flow_s']:8.3f}")
    print(f"{'Prefect overhead (flow / library - 1)':<44} {overhead:8.1%}   (target <= 5%)")
    if not args.skip_dask:
        speedup = figures["dask1_s"] / figures["dask2_s"]
        print(f"{'Dask, 1 worker process (s, MB/s)':<44} {figures['dask1_s']:8.1f} {mb / figures['dask1_s']:8.3f}")
        print(f"{'Dask, 2 worker processes (s, MB/s)':<44} {figures['dask2_s']:8.1f} {mb / figures['dask2_s']:8.3f}")
        print(f"{'Dask speed-up, 2 workers over 1':<44} {speedup:8.2f}x  (on {os.cpu_count()} cores)")
        figures["dask_speedup"] = speedup
    figures["overhead"] = overhead
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
