"""Benchmark corpora built by repeating real text (the shared corpus when present, else the seed)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The shared corpus beside the checkout (CI), or wherever $QIKAN_CORPUS says (a git worktree).
CORPUS = Path(os.environ.get("QIKAN_CORPUS") or ROOT.parent / "shared" / "corpus")


def real_text() -> tuple[str, str]:
    """Real Chinese journal text and where it came from."""
    parts, origin = [], []
    csl = CORPUS / "csl" / "kg_dev.tsv"
    if csl.exists():
        with csl.open(encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t"):
                parts.append("\n\n".join(x for x in row[:2] if x))
        origin.append(f"{csl.name} ({len(parts)} abstracts)")
    parts.append((ROOT / "seeds" / "zgkjlt-2024-forum.txt").read_text(encoding="utf-8"))
    origin.append("seeds/zgkjlt-2024-forum.txt")
    return "\n\n".join(parts), " + ".join(origin)


def write_corpus(folder: Path, megabytes: float, *, file_kb: int = 200) -> tuple[int, int]:
    """Write ``megabytes`` of repeated real text as files of about ``file_kb``; return (files, bytes)."""
    text, _ = real_text()
    unit = text.encode("utf-8")
    target = int(megabytes * 1_000_000)
    folder.mkdir(parents=True, exist_ok=True)
    n_files = total = 0
    while total < target:
        chunk = b""
        while len(chunk) < file_kb * 1000:
            chunk += unit[: file_kb * 1000 - len(chunk)]
            # cut at a line end so every file is valid UTF-8
        chunk = chunk[: chunk.rfind(b"\n") + 1] or chunk
        (folder / f"part-{n_files:05d}.txt").write_bytes(chunk)
        n_files += 1
        total += len(chunk)
    return n_files, total
