"""CPU of the single writer: committing staged batches (``runner.commit_staged``), nothing else.

    .venv/bin/python bench/profile_writer.py [--mb 4] [--samples 3] [--workers 1 2] [--profile]

The corpus's batches are staged once, in this process, cut as ``runner.run`` cuts them for 1
and for 2 worker processes (about 4 batches per worker). Then, per sample, each batch goes
through a pickle round trip (what a worker process sends; only the writer's ``loads`` is
timed) and the batches are committed into a fresh output (``fresh``), then all of them again
into the same output (``reprocess``: every document's rows replaced), ``--group`` batches
per commit (default 1; ``runner.run`` commits as many as it has workers). Printed: median CPU
seconds (``time.process_time``) of the writer per pass, table creation included.
``--profile`` prints the cProfile of one more fresh pass (top 30, cumulative or
``$QIKAN_PROFILE_SORT``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import write_corpus  # noqa: E402
from qikan import pipeline, runner, store  # noqa: E402
from qikan.discover import iter_sources  # noqa: E402


def _commit_all(
    staged: list[bytes], out: str, run_id: str, group: int = 1, prof: cProfile.Profile | None = None
) -> float:
    """Commit every pickled staged batch into ``out``, ``group`` per commit; the writer's CPU."""
    writer = store.TableWriter(out, run_id=run_id)
    spent = 0.0
    for i in range(0, len(staged), group):
        if prof:
            prof.enable()
        t0 = time.process_time()
        batches = [pickle.loads(data) for data in staged[i : i + group]]
        runner.commit_staged(out, batches, run_id=run_id, writer=writer)
        spent += time.process_time() - t0
        if prof:
            prof.disable()
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--group", type=int, default=1, help="batches per commit (default 1)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qikan-writer-"))
    try:
        _, n_bytes = write_corpus(tmp / "in", args.mb)
        sources = list(iter_sources(str(tmp / "in")))
        staged: dict[int, list[bytes]] = {}
        for w in args.workers:
            size = runner.batch_size(n_bytes, 2_000_000, w)
            batches = list(pipeline.plan_batches(sources, max_bytes=size))
            staged[w] = [pickle.dumps(runner.stage_batch(b, run_id="bench")) for b in batches]
            mb = sum(map(len, staged[w])) / 1e6
            print(f"{w} worker(s): {len(batches)} batches of ≤ {size / 1e6:.2f} MB, {mb:.1f} MB pickled")
        # a tiny commit first: lazy imports and the first table creation out of the clock
        _commit_all(staged[args.workers[0]][:1], str(tmp / "warm"), "warm")
        runs: dict[str, list[float]] = {}
        for i in range(args.samples):
            for w in args.workers:
                out = str(tmp / f"out-{w}-{i}")
                runs.setdefault(f"{w} worker(s), fresh", []).append(_commit_all(staged[w], out, "a", args.group))
                runs.setdefault(f"{w} worker(s), reprocess", []).append(_commit_all(staged[w], out, "b", args.group))
                shutil.rmtree(out)
        load = os.getloadavg()[0]
        print(
            f"\nwriter CPU on {n_bytes / 1e6:.2f} MB, {args.group} batch(es) per commit (median of {args.samples}, load {load:.1f})"
        )
        for name, xs in runs.items():
            print(f"  {name:<26} {statistics.median(xs):6.3f} s   samples {[round(x, 3) for x in xs]}")
        if args.profile:
            prof = cProfile.Profile()
            _commit_all(staged[args.workers[0]], str(tmp / "profiled"), "p", args.group, prof)
            pstats.Stats(prof).sort_stats(os.environ.get("QIKAN_PROFILE_SORT", "cumulative")).print_stats(30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
