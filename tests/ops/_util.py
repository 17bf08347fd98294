"""Helpers of the operations tests: a small input folder and table snapshots."""

from __future__ import annotations

import shutil
from pathlib import Path

from qikan.store import open_table, read_table
from schemas import TABLES
from tests.conftest import SEEDS

#: Columns that differ between two runs over the same input by design.
VOLATILE = ("run_id", "processed_at", "failed_at")

SHORT = "关于数据治理的几点思考\n\n数据治理是一项系统工程。它涉及组织、制度和技术三个方面。\n\n我们认为，标准建设应当先行。\n"
EDITED = "关于数据治理的再思考\n\n修订后的正文只有一段。\n"


def make_input(root: Path) -> Path:
    """forum.txt (the seed), 2024/short.txt, and bad.pdf (not a PDF: quarantined at extract)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS / "zgkjlt-2024-forum.txt", root / "forum.txt")
    (root / "2024").mkdir(exist_ok=True)
    (root / "2024" / "short.txt").write_text(SHORT, encoding="utf-8")
    (root / "bad.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    return root


def rows(output: Path, name: str, drop=VOLATILE) -> list[str]:
    t = read_table(str(output), name)
    return sorted(map(repr, t.select([c for c in t.column_names if c not in drop]).to_pylist()))


def snapshot(output: Path, drop=VOLATILE) -> dict[str, list[str]]:
    return {name: rows(output, name, drop) for name in TABLES}


def versions(output: Path) -> dict[str, int]:
    return {name: open_table(str(output), name).version() for name in TABLES}


def doc_rows(output: Path, doc_id: str) -> dict[str, list[dict]]:
    """Every row of one document, per table (quarantine has no doc_id)."""
    out = {}
    for name in TABLES:
        if name == "quarantine":
            continue
        t = read_table(str(output), name)
        out[name] = [r for r in t.to_pylist() if r["doc_id"] == doc_id]
    return out
