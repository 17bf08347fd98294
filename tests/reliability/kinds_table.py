"""Run the real ``qikan run`` over every kind of awkward input and print kind → outcome.

    .venv/bin/python -m tests.reliability.kinds_table [--keep DIR]

The same run is what ``test_reliability.py`` checks; this prints its table (Markdown).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT
from tests.reliability.kinds import RUN_OPTIONS, Kind, build_all, build_kinds, restore_permissions

#: No run may take longer than this (a hang fails the suite instead of blocking it).
RUN_BOUND_SECONDS = 300


def can_drop_root_override() -> bool:
    return os.geteuid() != 0 or shutil.which("setpriv") is not None


def qikan_command(*args: str) -> list[str]:
    """``python -m qikan ARGS``; as root, without the permission override (unreadable stays unreadable)."""
    cmd = [sys.executable, "-m", "qikan", *args]
    if os.geteuid() == 0 and shutil.which("setpriv"):
        caps = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", *cmd]
    return cmd


@dataclass
class Run:
    pid: int
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def run_qikan(input_dir: Path, output: Path, prefect_home: Path, *extra: str) -> Run:
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("PREFECT_API_URL", None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        qikan_command("run", str(input_dir), "--output", str(output), *RUN_OPTIONS, *extra),
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=RUN_BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        return Run(proc.pid, -9, out, err + f"\n(no answer within {RUN_BOUND_SECONDS} s: killed)", RUN_BOUND_SECONDS)
    return Run(proc.pid, proc.returncode, out, err, time.perf_counter() - started)


def session_processes(sid: int, *, settle: float = 5.0) -> list[str]:
    """Processes still alive in the session ``sid`` (the run's own, started with a new session).

    A zombie (exited, waiting for this container's init to reap it) is not alive. A worker
    process sees its writer gone within a second and exits: allow ``settle`` seconds for that."""
    deadline = time.monotonic() + settle
    while True:
        left = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    if os.getsid(int(d.name)) != sid:
                        continue
                    state = (d / "stat").read_text().rpartition(")")[2].split()[0]
                    if state != "Z":
                        left.append((d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
                except (OSError, ProcessLookupError, IndexError):
                    continue
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


@dataclass
class Outcome:
    kind: Kind
    got: str  #: document | quarantine | hidden | nothing | missing
    detail: str  #: stage and message of a quarantine row
    ok: bool


def outcomes(kinds: list[Kind], output: Path, stdout: str) -> list[Outcome]:
    from qikan.store import read_table

    docs = set(read_table(str(output), "documents").column("source_key").to_pylist())
    q = read_table(str(output), "quarantine").to_pylist()
    quarantined = {r["source_key"]: f"{r['stage']}: {r['message']}" for r in q}
    hidden_lines = stdout.splitlines()
    out = []
    for kind in kinds:
        got, detail = [], []
        for key in kind.keys:
            if key in docs:
                got.append("document")
            elif key in quarantined:
                got.append("quarantine")
                detail.append(quarantined[key])
            elif any(line.startswith("skipped (hidden name)") and line.endswith(key) for line in hidden_lines):
                got.append("hidden")
            else:
                got.append("missing")
        result = got[0] if len(set(got)) == 1 else "/".join(got) if got else "nothing"
        ok = result == kind.expect and all(kind.detail in d for d in detail)
        if kind.needs == "no-root-override" and not can_drop_root_override():
            ok = result in ("document", "quarantine")
        out.append(Outcome(kind, result, " | ".join(detail), ok))
    return out


def table(results: list[Outcome]) -> str:
    lines = ["| # | kind | outcome | stage: message |", "|---:|---|---|---|"]
    for i, r in enumerate(results, 1):
        mark = "" if r.ok else " **(expected " + r.kind.expect + ")**"
        message = r.detail.replace("|", "\\|").replace("\n", " ")[:150]
        lines.append(f"| {i} | {r.kind.name!s} | {r.got}{mark} | {message} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--keep", help="build and run in this folder and keep it")
    args = ap.parse_args()
    base = Path(args.keep or tempfile.mkdtemp(prefix="qikan-kinds-"))
    kinds = build_kinds()
    build_all(base / "in", kinds)
    try:
        run = run_qikan(base / "in", base / "out", base / "prefect")
        results = outcomes(kinds, base / "out", run.stdout)
        print(table(results))
        print(f"\n{len(kinds)} kinds; exit status {run.returncode}; {run.seconds:.1f} s; "
              f"{sum(r.ok for r in results)} as expected")  # fmt: skip
        if run.returncode != 0 or "Traceback" in run.stdout + run.stderr:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
    finally:
        restore_permissions(base / "in")
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
