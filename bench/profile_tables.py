"""CPU per stage of the in-process pipeline on a repeated-real-text corpus (the runner's stages,
run one after the other on every batch, timed with ``time.process_time``).

    .venv/bin/python bench/profile_tables.py [--mb 4] [--samples 3] [--profile STAGE]

Stages: extract, repair, segment, tokenize, tables (``build_tables``), files (the Parquet files a
worker hands to the writer, ``store.encode``). Each sample runs the whole corpus once; the figure per stage is
the median over samples (the machine may be shared: compare stages within one run).
``--profile STAGE`` prints the cProfile of that stage (top 25, cumulative or
``$QIKAN_PROFILE_SORT``) for one more pass.
Imports and dictionary loads happen before the clock, as at a worker's start-up.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import write_corpus  # noqa: E402
from qikan import pipeline, store  # noqa: E402
from qikan.discover import iter_sources  # noqa: E402
from qikan.model import Document, Failure  # noqa: E402
from qikan.tables import build_tables, load_converters  # noqa: E402
from qikan.tokenize import get_tokenizer, idf_table  # noqa: E402

STAGES = ("extract", "repair", "segment", "tokenize", "tables", "files")


def _batches(folder: Path, batch_bytes: int = 2_000_000) -> list[list]:
    out, cur, size = [], [], 0
    for s in iter_sources(str(folder)):
        cur.append(s)
        size += s.size
        if size >= batch_bytes:
            out.append(cur)
            cur, size = [], 0
    return out + ([cur] if cur else [])


def _files_all(tables: dict) -> dict[str, list]:
    return {n: store.encode(n, t) for n, t in tables.items()}


def _pass(batches: list[list], profile: str | None = None) -> dict[str, float]:
    """One pass over the corpus; CPU seconds per stage (``profile``: that stage under cProfile)."""
    spent = dict.fromkeys(STAGES, 0.0)
    prof = cProfile.Profile() if profile else None

    def timed(name: str, fn, *args, **kw):
        if prof and name == profile:
            prof.enable()
        t0 = time.process_time()
        result = fn(*args, **kw)
        spent[name] += time.process_time() - t0
        if prof and name == profile:
            prof.disable()
        return result

    for sources in batches:
        batch = [Document(source=s) for s in sources]
        batch = timed("extract", pipeline.extract_batch, batch)
        batch = timed("repair", pipeline.repair_batch, batch)
        batch = timed("segment", pipeline.segment_batch, batch)
        batch = timed("tokenize", pipeline.tokenize_batch, batch)
        failed = [f for f in batch if isinstance(f, Failure)]
        if failed:
            print(f"  {len(failed)} failures, e.g. {failed[0].stage}: {failed[0].message}", file=sys.stderr)
        docs = [d for d in batch if isinstance(d, Document)]
        tables = timed("tables", build_tables, docs, failed, run_id="bench", processed_at=datetime.now(UTC))
        timed("files", _files_all, tables)
    if prof:
        pstats.Stats(prof).sort_stats(os.environ.get("QIKAN_PROFILE_SORT", "cumulative")).print_stats(25)
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--profile", choices=STAGES)
    args = ap.parse_args()
    get_tokenizer().pos("预热")  # what a worker loads at start-up (runner._warm)
    idf_table()
    load_converters()
    with tempfile.TemporaryDirectory() as tmp:
        n_files, n_bytes = write_corpus(Path(tmp), args.mb)
        batches = _batches(Path(tmp))
        samples = [_pass(batches) for _ in range(args.samples)]
        print(
            f"{n_bytes / 1e6:.1f} MB, {n_files} files, {len(batches)} batches; CPU s per stage, median of {args.samples}"
        )
        total = 0.0
        for name in STAGES:
            m = statistics.median(s[name] for s in samples)
            total += m
            print(f"  {name:9s} {m:6.3f}   ({', '.join(f'{s[name]:.3f}' for s in samples)})")
        print(f"  {'total':9s} {total:6.3f}   {n_bytes / 1e6 / total:.2f} MB/CPU-s")
        if args.profile:
            _pass(batches, args.profile)


if __name__ == "__main__":
    main()
