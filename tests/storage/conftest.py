"""Fixtures for the storage tests: a small corpus with several years, and the tables as rows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "zgkjlt-2024-forum.txt"
#: Columns that differ between two runs over the same input by design.
VOLATILE = {"run_id", "processed_at", "failed_at"}


def write_variant(path: Path, year: int | None) -> None:
    """A shortened seed (its first two articles and its footer) with the footer year changed
    (``None``: no year line, so a null year). Short keeps each test run cheap."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = lines[:30] + lines[-6:]
    out = []
    for line in lines:
        if line.strip() == "2024":
            if year is None:
                continue
            line = f"{year}\n"
        out.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(out), encoding="utf-8")


def make_corpus(root: Path, years: dict[str, int | None], *, failing: bool = False) -> Path:
    """One shortened seed per key; ``failing`` adds an empty file, which lands in quarantine."""
    for key, year in years.items():
        write_variant(root / key, year)
    if failing:
        (root / "misc").mkdir(parents=True, exist_ok=True)
        (root / "misc" / "empty.txt").write_bytes(b"")
    return root


YEARS = {"2023/a.txt": 2023, "2023/b.txt": 2023, "2024/c.txt": 2024, "2024/d.txt": 2024, "misc/e.txt": None}


def stable_rows(table: pa.Table) -> list[tuple]:
    """Rows without run-specific columns, sorted: what two runs over the same input must share."""
    cols = [c for c in table.column_names if c not in VOLATILE]
    rows = table.select(cols).to_pylist()
    return sorted(tuple(repr(r[c]) for c in cols) for r in rows)


@pytest.fixture(scope="session")
def moto_s3():
    """A local S3 (moto in server mode) on 127.0.0.1, with the AWS environment pointing at it."""
    pytest.importorskip("moto.server")
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ALLOW_HTTP": "true",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield env
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
