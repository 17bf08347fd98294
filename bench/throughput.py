"""Throughput of qikan against the bare pipeline, measured honestly: interleaved, medians.

    .venv/bin/python bench/throughput.py [--mb 4] [--samples 3] [--memory-mb 5 20]

Over journal-like text (CSL abstracts + the seed, repeated; the seed alone without the shared
corpus; ``QIKAN_CORPUS`` points elsewhere), each comparison runs its variants in turn, sample
after sample (A B A B A B), every sample in a fresh process whose imports, tokenizer
dictionaries, worker start, Prefect server start and one tiny run of the same variant are done
*before* its clock starts. Printed: median wall and CPU seconds (CPU counts every process of the
sample: the worker processes and Prefect's temporary server), MB/s, and the ratios:

1. single process: the library (``qikan.runner.run``, workers=0) against ``bench/bare_pipeline.py``;
2. the flow with one worker process against the bare pipeline (the issue's headline ratio);
3. worker processes: the flow with 1 and with 2 workers;
4. Prefect's overhead: the flow against the library with the same worker (1);
5. one long document: the same text as one 5 MB file and as 100 KB files (library, one process);
6. peak memory (writer and worker RSS) of the library with one worker at ``--memory-mb`` sizes.

Figures only: nothing is asserted. On a shared machine note ``uptime``: the 2-worker figure needs
two idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._corpus import real_text, write_corpus  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _descendants(pid: int) -> list[int]:
    """Every live process below ``pid``: the worker processes, and Prefect's temporary server."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for c in children:
            found += [c, *_descendants(c)]
    return found


def _tree_cpu(pids: list[int]) -> float:
    total = 0.0
    for p in pids:
        try:
            total += _proc_cpu(p)
        except OSError:  # ended meanwhile
            pass
    return total


def _proc_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --------------------------------------------------------------------------- one sample (child)


def _one(kind: str, input_dir: str, out: str, workers: int) -> dict:
    """Run one variant in this (fresh) process; timings exclude start-up (imports, dictionaries,
    worker start, Prefect's server, and one tiny run of the same variant, so the first commit's
    lazy imports are not counted either). CPU counts every process below this one too: the
    worker processes and Prefect's temporary server."""
    import resource

    paths = sorted(Path(input_dir).rglob("*.txt"))
    pool_pids: list[int] = []
    warm = Path(out).parent / f"{Path(out).name}-warm"
    (warm / "in").mkdir(parents=True, exist_ok=True)
    (warm / "in" / "a.txt").write_text("预热。\n\n第二段。\n", encoding="utf-8")
    if kind == "bare":
        import rjieba

        from bench import bare_pipeline

        tk = rjieba.Jieba()  # the dictionary load, outside the clock like qikan's
        tk.tag("预热", True)
        bare_pipeline.run([warm / "in" / "a.txt"], warm / "bare.parquet", tk=tk)
        run = lambda: bare_pipeline.run(paths, Path(out) / "bare.parquet", tk=tk)  # noqa: E731
        Path(out).mkdir(parents=True, exist_ok=True)
    else:
        from qikan import runner
        from qikan.discover import iter_sources
        from qikan.tokenize import get_tokenizer, idf_table

        if not workers:  # in process: this process tags; else only the workers load dictionaries
            get_tokenizer().pos("预热")
            idf_table()
        else:
            pool = runner.shared_pool(workers)
            for f in pool.warm():  # every worker up, its dictionaries loaded
                f.result()
            pool_pids = list(pool._executor._processes)
        if kind == "library":
            runner.run(iter_sources(str(warm / "in")), str(warm / "out"), run_id="warm", workers=workers)
            run = lambda: runner.run(iter_sources(input_dir), out, run_id="bench", workers=workers)  # noqa: E731
        else:  # the flow, its temporary Prefect server started by a first tiny run
            from prefect.settings import temporary_settings

            from flows.ingest import ingest

            settings = temporary_settings(updates={"flows.heartbeat_frequency": None})
            settings.__enter__()
            ingest(input_root=str(warm / "in"), output=str(warm / "out"), workers=workers)
            run = lambda: ingest(input_root=input_dir, output=out, workers=workers)  # noqa: E731
    others = [p for p in _descendants(os.getpid()) if p not in pool_pids]  # Prefect's server
    cpu0 = [time.process_time(), _tree_cpu(pool_pids), _tree_cpu(others)]
    t0 = time.perf_counter()
    run()
    wall = time.perf_counter() - t0
    own, workers_cpu, server = (
        b - a for a, b in zip(cpu0, [time.process_time(), _tree_cpu(pool_pids), _tree_cpu(others)])
    )
    cpu = own + workers_cpu + server
    worker_rss = max((_proc_hwm_mb(p) for p in pool_pids), default=0.0)
    writer_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "wall": wall, "cpu": cpu, "cpu_writer": own, "cpu_workers": workers_cpu, "cpu_server": server,
        "writer_rss_mb": writer_rss, "worker_rss_mb": worker_rss,
    }  # fmt: skip


# --------------------------------------------------------------------------- the comparisons


def _sample(kind: str, input_dir: Path, tmp: Path, workers: int, env: dict) -> dict:
    out = tmp / f"out-{kind}-{workers}-{time.monotonic_ns()}"
    cmd = [sys.executable, __file__, "--one", kind, "--input", str(input_dir), "--out", str(out)]
    proc = subprocess.run([*cmd, "--workers", str(workers)], env=env, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        sys.exit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _compare(title: str, variants: dict[str, tuple], samples: int, mb: float, tmp: Path, env: dict) -> dict:
    """Run ``variants`` (name → (kind, input_dir, workers)) interleaved; print and return medians."""
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    for _ in range(samples):
        for name, (kind, input_dir, workers) in variants.items():
            runs[name].append(_sample(kind, input_dir, tmp, workers, env))
    print(f"\n{title}")
    medians = {}
    for name, rs in runs.items():
        wall = statistics.median(r["wall"] for r in rs)
        cpu = statistics.median(r["cpu"] for r in rs)
        writer = statistics.median(r.get("cpu_writer", 0.0) for r in rs)
        server = statistics.median(r.get("cpu_server", 0.0) for r in rs)
        medians[name] = {
            "wall": wall, "cpu": cpu, "cpu_writer": writer, "cpu_server": server, "mb_s": mb / wall,
            "walls": [round(r["wall"], 2) for r in rs],
        }  # fmt: skip
        print(
            f"  {name:<34} wall {wall:7.2f} s  cpu {cpu:7.2f} s (writer {writer:5.2f}, server {server:5.2f})"
            f"  {mb / wall:6.3f} MB/s  samples {medians[name]['walls']}"
        )
    return medians


def _ratio(label: str, medians: dict, a: str, b: str, *, cpu: bool = True) -> None:
    """Print ``a``'s median time over ``b``'s, in wall time and (a loaded machine's better
    guide for single-process work) in CPU time."""
    text = f"  {label}: {medians[a]['wall'] / medians[b]['wall']:.3f}x wall"
    if cpu:
        text += f", {medians[a]['cpu'] / medians[b]['cpu']:.3f}x cpu"
    print(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    ap.add_argument("--samples", type=int, default=3, help="samples per variant (default 3)")
    ap.add_argument("--memory-mb", type=float, nargs="*", default=[5, 20], help="sizes for peak memory (default 5 20)")
    ap.add_argument("--only", nargs="*", help="comparisons to run (1-6), default all")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.input, args.out, args.workers)))
        return
    only = set(args.only or "123456")
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print(f"cores: {len(os.sched_getaffinity(0))}")
    tmp = Path(tempfile.mkdtemp(prefix="qikan-throughput-"))
    env = dict(os.environ, PREFECT_HOME=str(tmp / "prefect"), PREFECT_LOGGING_LEVEL="WARNING")
    try:
        _, origin = real_text()
        n_files, n_bytes = write_corpus(tmp / "input", args.mb)
        mb = n_bytes / 1e6
        print(f"corpus: {mb:.2f} MB in {n_files} files, repeated from {origin}")
        inp = tmp / "input"
        fig: dict[str, dict] = {}
        if "1" in only or "2" in only:
            fig["single"] = _compare(
                "1-2. single process and one worker against the bare pipeline",
                {"bare pipeline": ("bare", inp, 0), "library, in process": ("library", inp, 0),
                 "flow, 1 worker process": ("flow", inp, 1)},
                args.samples, mb, tmp, env,
            )  # fmt: skip
            _ratio("library / bare throughput", fig["single"], "bare pipeline", "library, in process")
            _ratio("flow (1 worker) / bare throughput", fig["single"], "bare pipeline", "flow, 1 worker process")
        if "3" in only:
            fig["workers"] = _compare(
                "3. worker processes",
                {"flow, 1 worker": ("flow", inp, 1), "flow, 2 workers": ("flow", inp, 2)},
                args.samples, mb, tmp, env,
            )  # fmt: skip
            _ratio("2 workers / 1 worker throughput", fig["workers"], "flow, 1 worker", "flow, 2 workers", cpu=False)
        if "4" in only:
            fig["overhead"] = _compare(
                "4. Prefect overhead (same worker)",
                {"library, 1 worker": ("library", inp, 1), "flow, 1 worker": ("flow", inp, 1)},
                args.samples, mb, tmp, env,
            )  # fmt: skip
            o = fig["overhead"]
            flow, lib = o["flow, 1 worker"], o["library, 1 worker"]
            print(
                f"  Prefect overhead (flow / library - 1): {flow['wall'] / lib['wall'] - 1:+.1%} wall, "
                f"{flow['cpu'] / lib['cpu'] - 1:+.1%} cpu (writer + worker)"
            )
        if "5" in only:
            write_corpus(tmp / "long", 5.1)
            data = b"".join(p.read_bytes() for p in sorted((tmp / "long").glob("*.txt")))[:5_000_000]
            one = tmp / "one-doc"
            one.mkdir()
            data = data[: data.rfind(b"\n") + 1]
            (one / "issue.txt").write_bytes(data)
            many = tmp / "files-100k"
            many.mkdir()
            chunk, k = [], 0
            for line in data.splitlines(keepends=True):  # cut at line ends: valid UTF-8, same text
                chunk.append(line)
                if sum(map(len, chunk)) >= 100_000:
                    (many / f"part-{k:04d}.txt").write_bytes(b"".join(chunk))
                    chunk, k = [], k + 1
            if chunk:
                (many / f"part-{k:04d}.txt").write_bytes(b"".join(chunk))
            fig["long"] = _compare(
                f"5. one {len(data) / 1e6:.1f} MB document against the same text in 100 KB files (library, in process)",
                {"one document": ("library", one, 0), "100 KB files": ("library", many, 0)},
                args.samples, len(data) / 1e6, tmp, env,
            )  # fmt: skip
            _ratio("one document / 100 KB files cost", fig["long"], "one document", "100 KB files")
        if "6" in only:
            print("\n6. peak memory (library, 1 worker, 2 MB batches)")
            for size in args.memory_mb:
                d = tmp / f"mem-{size}"
                write_corpus(d, size)
                r = _sample("library", d, tmp, 1, env)
                print(f"  {size:5.0f} MB: writer {r['writer_rss_mb']:6.0f} MB, worker {r['worker_rss_mb']:6.0f} MB peak RSS"
                      f"  ({r['wall']:.1f} s)")  # fmt: skip
                fig[f"memory_{size:g}mb"] = r
        print(f"\nuptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        print(json.dumps(fig, default=str))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
