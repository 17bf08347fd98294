"""CPU seconds and MB/s of each stage, and of each repair fixer, on journal-like text.

    .venv/bin/python bench/profile_stages.py [--mb 4] [--samples 3] [--profile] [--distinct]

Writes ``--mb`` of journal-like text (``bench/_corpus``, the corpus the throughput bench uses),
extracts it once, then runs repair → segment → tokenize → tables on fresh copies of the
documents, ``--samples`` times, in this one process (no workers, no writer). Printed per stage:
the median CPU seconds (``time.process_time``) and MB/s of input, and the stage's share. Then the
repair stage cut up: each fixer's median CPU seconds, and the runner's own (``run_fixers``
minus the fixers). ``--profile`` also prints a cProfile of one repair pass (top functions by
own time). All samples come from one run, so their ratios hold on a loaded machine; the
absolute figures do not.

The corpus's files all start at the start of the same text, so they are the same text: whatever
is remembered per text (parsed lines, running heads, a text's Latin spacing) is found once for all
of them. ``--distinct`` rotates each file to start elsewhere in the text (at a line start), so each
document pays for its own, as a corpus of different articles does.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import functools
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._corpus import write_corpus  # noqa: E402
from qikan.discover import iter_sources, read_bytes  # noqa: E402
from qikan.extract import extract  # noqa: E402
from qikan.model import Document  # noqa: E402
from qikan.repair import DEFAULT_FIXERS, repair  # noqa: E402
from qikan.segment import segment  # noqa: E402
from qikan.tables import build_tables  # noqa: E402
from qikan.tokenize import get_tokenizer, tokenize  # noqa: E402


def _timed(fixer, spent: dict[str, list[float]]):
    @functools.wraps(fixer)
    def run(text):
        t = time.process_time()
        try:
            return fixer(text)
        finally:
            spent[fixer.__name__][-1] += time.process_time() - t

    return run


def _make_distinct(folder: Path) -> None:
    """Rotate the k-th file by k/n of its length, cut at a line start (same size, same lines)."""
    files = sorted(folder.glob("*.txt"))
    for k, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        cut = text.find("\n", k * len(text) // len(files)) + 1
        path.write_text(text[cut:] + text[:cut], encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one repair pass")
    ap.add_argument("--distinct", action="store_true", help="make every file a different text (see above)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        n_files, n_bytes = write_corpus(Path(tmp), args.mb)
        if args.distinct:
            _make_distinct(Path(tmp))
        t = time.process_time()
        extracted = [extract(Document(source=s), read_bytes(s.uri)) for s in iter_sources(tmp)]
        extract_cpu = time.process_time() - t
    mb = n_bytes / 1e6
    tk = get_tokenizer()
    tokenize(segment(repair(copy.deepcopy(extracted[0]))), tk)  # warm up: dictionaries, lazy imports

    stages: dict[str, list[float]] = defaultdict(list)
    fixers: dict[str, list[float]] = defaultdict(list)
    timed = tuple(_timed(f, fixers) for f in DEFAULT_FIXERS)
    for _ in range(args.samples):
        # the stages as the runner runs them, on fresh copies
        docs = copy.deepcopy(extracted)
        for name, fn in (("repair", repair), ("segment", segment), ("tokenize", lambda d: tokenize(d, tk))):
            t = time.process_time()
            docs = [fn(d) for d in docs]
            stages[name].append(time.process_time() - t)
        t = time.process_time()
        build_tables(docs, [], run_id="profile", processed_at=datetime.now(UTC))
        stages["tables"].append(time.process_time() - t)
        # repair again, each fixer timed (the wrapper's own cost lands in "runner")
        for f in DEFAULT_FIXERS:
            fixers[f.__name__].append(0.0)
        docs = copy.deepcopy(extracted)
        t = time.process_time()
        for d in docs:
            repair(d, timed)
        fixers["(repair total)"].append(time.process_time() - t)

    print(f"{mb:.2f} MB of journal text in {n_files} files, {args.samples} samples, medians of CPU seconds")
    print(f"{'extract':<12} {extract_cpu:7.3f} s {mb / extract_cpu if extract_cpu else float('inf'):8.2f} MB/s  (once)")
    med = {k: statistics.median(v) for k, v in stages.items()}
    total = sum(med.values())
    for name, s in med.items():
        print(f"{name:<12} {s:7.3f} s {mb / s:8.2f} MB/s  {100 * s / total:5.1f} %")
    print(f"{'all four':<12} {total:7.3f} s {mb / total:8.2f} MB/s")
    print("\nrepair, by fixer")
    fmed = {k: statistics.median(v) for k, v in fixers.items()}
    repair_total = fmed.pop("(repair total)")
    for name, s in sorted(fmed.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<28} {s:7.3f} s  {100 * s / repair_total:5.1f} %")
    runner = repair_total - sum(fmed.values())
    print(f"  {'(runner: log, apply, pages)':<28} {runner:7.3f} s  {100 * runner / repair_total:5.1f} %")
    print(f"  {'(repair total)':<28} {repair_total:7.3f} s")

    if args.profile:
        docs = copy.deepcopy(extracted)
        prof = cProfile.Profile()
        prof.enable()
        for d in docs:
            repair(d)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
