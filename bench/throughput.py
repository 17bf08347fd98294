"""Throughput of ``qikan run`` against jieba alone over the same text, in the same run.

    .venv/bin/python bench/throughput.py [--mb 4]

Builds a corpus by repeating real text (CSL abstracts and the seed when ../shared/corpus is
present, the seed alone otherwise), runs ``qikan run`` on it in a fresh process (Prefect's
temporary server included), then times jieba's ``lcut`` and ``posseg`` over the same text.
Prints MB/s, the ratios, and peak memory of the ``qikan run`` process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import real_text, write_corpus  # noqa: E402


def _time_jieba(texts: list[str]) -> tuple[float, float]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    t = time.perf_counter()
    for s in texts:
        jieba.lcut(s)
    words = time.perf_counter() - t
    t = time.perf_counter()
    for s in texts:
        jieba.posseg.lcut(s)
    pos = time.perf_counter() - t
    return words, pos


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    ap.add_argument(
        "--overhead-mb", type=float, default=0,
        help="then also print Prefect's overhead and the 2-vs-1 Dask worker speed-up on a corpus of this "
        "size (bench/overhead.py; 20 is the reference figure, ≈ 8 minutes here)",
    )  # fmt: skip
    args = ap.parse_args()
    _, origin = real_text()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n_files, n_bytes = write_corpus(tmp / "input", args.mb)
        mb = n_bytes / 1e6
        print(f"corpus: {mb:.2f} MB in {n_files} files, repeated from {origin}")

        env = dict(os.environ, PREFECT_HOME=str(tmp / "prefect"))
        qikan = Path(sys.executable).with_name("qikan")
        cmd = [str(qikan), "run", str(tmp / "input"), "--output", str(tmp / "out")]
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if proc.returncode:
            sys.exit(f"qikan run failed:\n{proc.stderr[-2000:]}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        flow_secs = float(proc.stdout.split(" MB in ")[1].split(" s")[0])

        texts = [p.read_text(encoding="utf-8") for p in sorted((tmp / "input").glob("*.txt"))]
        words, pos = _time_jieba(texts)

    rows = {
        "qikan run, whole command (MB/s)": mb / wall,
        "qikan run, flow only (MB/s)": mb / flow_secs,
        "jieba.lcut alone (MB/s)": mb / words,
        "jieba.posseg alone (MB/s)": mb / pos,
    }
    for k, v in rows.items():
        print(f"{k:<36} {v:8.3f}")
    print(
        f"{'ratio qikan flow / jieba.posseg':<36} {rows['qikan run, flow only (MB/s)'] / rows['jieba.posseg alone (MB/s)']:8.3f}"
    )
    print(
        f"{'ratio qikan flow / jieba.lcut':<36} {rows['qikan run, flow only (MB/s)'] / rows['jieba.lcut alone (MB/s)']:8.3f}"
    )
    print(f"{'peak RSS of qikan run (MB)':<36} {peak_mb:8.1f}")
    print(json.dumps({k: round(v, 4) for k, v in rows.items()} | {"mb": mb, "peak_rss_mb": round(peak_mb, 1)}))
    if args.overhead_mb:
        overhead = Path(__file__).with_name("overhead.py")
        subprocess.run([sys.executable, str(overhead), "--mb", str(args.overhead_mb)], check=True)


if __name__ == "__main__":
    main()
