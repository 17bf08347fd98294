"""Task runners: the default thread pool, or Dask (an existing cluster or local processes)."""

from __future__ import annotations

API_MISSING = (
    "--task-runner dask needs a Prefect API server that every Dask worker can reach: the "
    "temporary server Prefect starts by itself keeps its state in one SQLite file and breaks when "
    "several processes start their own. Start one with `prefect server start` (add "
    "`--host 127.0.0.1`), then `export PREFECT_API_URL=http://127.0.0.1:4200/api` and run again."
)


def api_url() -> str | None:
    """The Prefect API this process (and the workers it spawns) will talk to, if one is set."""
    from prefect.settings import get_current_settings

    return get_current_settings().api.url


def dask_runner(*, address: str | None = None, workers: int = 2):
    """A DaskTaskRunner on the cluster at ``address``, or on a local cluster of ``workers``
    single-threaded processes (jieba holds the GIL, so threads would not help)."""
    from prefect_dask import DaskTaskRunner

    if api_url() is None:
        raise ValueError(API_MISSING)
    if address:
        return DaskTaskRunner(address=address)
    if workers < 1:
        raise ValueError(f"--dask-workers must be at least 1, got {workers}")
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,  # never listen on 0.0.0.0:8787
        }
    )
