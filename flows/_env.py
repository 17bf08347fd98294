"""Environment defaults for running Prefect here: offline, no telemetry, patient start-up.

Imported before Prefect by every entry point; a value the user already set wins.
"""

import os

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",
    # the progress bar and summary are the command line's output; Prefect's INFO lines are noise
    "PREFECT_LOGGING_LEVEL": "WARNING",
    # Dask's scheduler and workers (--task-runner dask) log every connection at INFO
    "DASK_LOGGING__DISTRIBUTED": "warning",
}

for _k, _v in DEFAULTS.items():
    os.environ.setdefault(_k, _v)
