"""Shared fixtures: offline Prefect settings, one session-scoped Prefect harness, golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Offline and quiet before anything imports Prefect (flows/_env.py sets the same defaults).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "60")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

# Property tests draw the same examples on every run (a failure is reproducible, and the suite
# does not pass or fail by the luck of the draw); QIKAN_HYPOTHESIS_RANDOM=1 draws new ones, to
# search for failures (with QIKAN_HYPOTHESIS_EXAMPLES=500 for the repair properties). Cases a
# search found are kept as ``@example``s.
settings.register_profile("fixed", derandomize=True, database=None)
settings.register_profile("random")
settings.load_profile("random" if os.environ.get("QIKAN_HYPOTHESIS_RANDOM") == "1" else "fixed")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
#: Real material beside the project (CI has it); tests that use it skip when it is absent.
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory):
    """One temporary Prefect API for the whole session (≈ 10 s once), heartbeat off."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.settings import temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        with temporary_settings(updates={"flows.heartbeat_frequency": None}):
            yield


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture
def golden(update_golden: bool):
    """``golden("name", data)``: compare ``data`` (JSON-able) with ``tests/golden/name.json``.

    With ``--update-golden`` the file is rewritten instead; review its diff before committing.
    """
    import json

    def check(name: str, data) -> None:
        path = GOLDEN / f"{name}.json"
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"golden file {path.name} is missing: run pytest --update-golden and review it")
        assert json.loads(text) == json.loads(path.read_text(encoding="utf-8")), f"differs from {path.name}"

    return check
