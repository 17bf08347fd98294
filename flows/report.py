"""The run report: one summary, shown as Prefect artifacts and by the command line.

``summary`` is the dict a flow returns (counts, quarantine, repair kinds, timings); everything
here only formats it, so the artifacts and the terminal always say the same thing.
"""

from __future__ import annotations

import re
import time

from qikan.pipeline import STAGES

TOP_REPAIR_KINDS = 10


class TooManyFailures(Exception):
    """The run's failed share passed ``max_failed_share``; ``summary`` is the run's report."""

    def __init__(self, message: str, summary: dict) -> None:
        super().__init__(message)
        self.summary = summary


#: C0 and C1 controls, DEL, and the line and paragraph separators: never printed raw.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(name: str) -> str:
    """A name or message from the data as one printable line: controls as ``\\n``, ``\\x1b`` …

    Rich markup is escaped separately where rich prints (``console_text``), so ``[bold]x.txt``
    is printed as it is.

    >>> shown("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    """
    return _CONTROL_RE.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), name)


def console_text(name: str) -> str:
    """``shown(name)`` with rich markup escaped, for ``Console.print(..., markup=True)``."""
    from rich.markup import escape

    return escape(shown(name))


def failed_share(summary: dict) -> float:
    """Quarantined inputs over inputs attempted in this run (0 when nothing was attempted)."""
    attempted = summary["documents"] + summary["quarantined"]
    return summary["quarantined"] / attempted if attempted else 0.0


def stage_rows(summary: dict) -> list[tuple[str, int, int]]:
    """``(stage, inputs that entered it, inputs that failed in it)`` in pipeline order."""
    failed = {}
    for _, stage, _ in summary["quarantine"]:
        failed[stage] = failed.get(stage, 0) + 1
    rows, entered = [], summary["documents"] + summary["quarantined"]
    for stage in ("discover", *STAGES, "process", "write"):
        if stage in ("discover", "process") and stage not in failed:
            continue  # stages that only appear when a whole batch failed
        rows.append((stage, entered, failed.get(stage, 0)))
        entered -= failed.get(stage, 0)
    return rows


def count_rows(summary: dict) -> list[tuple[str, int]]:
    return [
        ("documents", summary["documents"]),
        ("sections", summary["sections"]),
        ("paragraphs", summary["paragraphs"]),
        ("sentences", summary["sentences"]),
        ("repairs fixed", summary["repairs_fixed"]),
        ("repairs flagged", summary["repairs_flagged"]),
        ("quarantined", summary["quarantined"]),
        ("skipped (unchanged)", summary["skipped"]),
        ("skipped (hidden name)", len(summary.get("hidden", []))),
        ("source gone", len(summary["gone"])),
        ("pruned", summary["pruned"]),
    ]


def rate_lines(summary: dict) -> list[str]:
    """Throughput and failed share, one sentence each."""
    mb, secs = summary["bytes"] / 1e6, summary["seconds"]
    return [
        f"{mb:.3f} MB in {secs:.1f} s ({mb / (secs or 1e-9):.3f} MB/s), run {summary['run_id']}"
        f" on {summary['task_runner']}"
        + (f" with {summary['workers']} worker process(es)" if summary.get("workers") else ""),
        f"failed share {failed_share(summary):.1%} (the run fails above {summary['max_failed_share']:.0%})",
    ]


def top_repair_kinds(summary: dict) -> list[tuple[str, int]]:
    kinds = sorted(summary["repair_kinds"].items(), key=lambda kv: (-kv[1], kv[0]))
    return kinds[:TOP_REPAIR_KINDS]


def markdown(summary: dict) -> str:
    lines = [f"# qikan run `{summary['run_id']}`", "", f"Output: `{summary['output']}`", ""]
    lines += ["| what | count |", "|---|---:|", *(f"| {k} | {v} |" for k, v in count_rows(summary)), ""]
    lines += [f"{line}  " for line in rate_lines(summary)] + [""]
    lines += ["## Stages", "", "| stage | entered | failed |", "|---|---:|---:|"]
    lines += [f"| {s} | {n} | {f} |" for s, n, f in stage_rows(summary)] + [""]
    if summary["quarantine"]:
        lines += ["## Quarantined", "", "| source | stage | reason |", "|---|---|---|"]
        lines += [f"| {_code(k)} | {s} | {_cell(m)} |" for k, s, m in summary["quarantine"]] + [""]
    if summary["gone"]:
        verb = "removed from every table" if summary["pruned"] else "kept; run with --prune to remove"
        lines += [f"## Sources gone ({verb})", "", *(f"- {_code(k)}" for k in summary["gone"]), ""]
    if summary.get("hidden"):
        lines += ["## Skipped: hidden names", "", *(f"- {_code(k)}" for k in summary["hidden"]), ""]
    if summary["repair_kinds"]:
        lines += ["## Top repair kinds", "", "| kind | count |", "|---|---:|"]
        lines += [f"| {k} | {n} |" for k, n in top_repair_kinds(summary)] + [""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return shown(text).replace("|", "\\|")[:300]


def _code(name: str) -> str:
    """A name as Markdown code in a table cell, whatever backticks or bars it holds."""
    text = shown(name).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def publish(summary: dict, *, review_rows: list[dict] | None = None) -> None:
    """Attach the report to the current flow run as a table and a markdown artifact.
    ``review_rows``: the run's review index, gathered from the committed batches (else read back
    from the output)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    table = [{"what": k, "value": str(v)} for k, v in count_rows(summary)]
    table += [{"what": f"stage {s}", "value": f"{n} in, {f} failed"} for s, n, f in stage_rows(summary)]
    table += [{"what": "rates", "value": line} for line in rate_lines(summary)]
    create_table_artifact(table=table, key="qikan-run-counts", description="qikan run: counts per stage")
    report = markdown(summary) + review_markdown(summary, rows=review_rows)
    create_markdown_artifact(markdown=report, key="qikan-run-report", description="qikan run report")


def review_markdown(summary: dict, rows: list[dict] | None = None) -> str:
    """This run's review index (repairs per family and flags per document, and the command that
    writes the pages), appended to the run report: one click from the run in the Prefect UI.
    ``rows``: the index already in hand (``review.index_rows_of`` of the committed batches);
    without them it is read back from the output."""
    from qikan import review

    if not summary["documents"]:
        return ""
    try:
        if rows is None:
            rows = review.index_rows(summary["output"], run_id=summary["run_id"])
    except Exception as e:  # noqa: BLE001 - the report of a finished run must not fail on its appendix
        return f"\n## Review\n\nindex not read ({type(e).__name__}: {e})\n"
    return "\n" + review.run_markdown(rows, output=summary["output"]) + "\n"


class ProgressArtifact:
    """A Prefect progress artifact advanced as batches are committed: updated at most every
    ``every_s`` seconds (each update is a call to the API), and once more by ``finish``."""

    def __init__(self, total_bytes: int, *, every_s: float = 0.0) -> None:
        from prefect.artifacts import create_progress_artifact

        self.total, self.done, self.every_s = max(total_bytes, 1), 0, every_s
        self.shown, self.last = 0.0, time.monotonic()
        self.id = create_progress_artifact(progress=0.0, key="qikan-run-progress", description="bytes committed")

    def advance(self, n_bytes: int) -> None:
        self.done += n_bytes
        if time.monotonic() - self.last >= self.every_s:
            self._update()

    def finish(self) -> None:
        """Show the last figure if a recent advance was not sent."""
        if self._progress() != self.shown:
            self._update()

    def _progress(self) -> float:
        return round(100 * min(self.done / self.total, 1.0), 1)

    def _update(self) -> None:
        from prefect.artifacts import update_progress_artifact

        self.shown, self.last = self._progress(), time.monotonic()
        update_progress_artifact(self.id, progress=self.shown)
