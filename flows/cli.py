"""The ``qikan`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows import _env  # noqa: F401  (must precede any Prefect import)


def _check_input(path: str) -> None:
    """Fail before Prefect starts (≈ 10 s) when a local input is plainly wrong."""
    if "://" not in path and not Path(path).exists():
        raise FileNotFoundError(f"input {path!r} does not exist: give a file or a folder of .txt, .md or .pdf")


def _cmd_run(args: argparse.Namespace) -> int:
    _check_input(args.input)
    from prefect.settings import temporary_settings
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from flows import progress
    from flows.ingest import ingest

    console = Console(stderr=True)
    out = Console()

    class _Bar:
        def __init__(self, p: Progress) -> None:
            self.p, self.task = p, None

        def start(self, total_bytes: int, total_docs: int) -> None:
            self.task = self.p.add_task(f"{total_docs} document(s)", total=max(total_bytes, 1))

        def advance(self, n_bytes: int, n_docs: int) -> None:
            self.p.advance(self.task, n_bytes)

    with Progress(
        TextColumn("[bold]qikan[/] {task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        progress.reporter = _Bar(bar)
        # the heartbeat thread makes every synchronous flow run wait ~1 s at exit
        with temporary_settings(updates={"flows.heartbeat_frequency": None}):
            summary = ingest(
                input_root=args.input,
                output=args.output,
                force=args.force,
                batch_bytes=int(args.batch_mb * 1_000_000),
                tokenizer=args.tokenizer,
                keep_history_days=args.keep_history,
            )
    _print_summary(out, summary)
    return 0


def _print_summary(out, summary: dict) -> None:
    from rich.table import Table

    table = Table(title="qikan run", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("documents", summary["documents"]),
        ("sections", summary["sections"]),
        ("paragraphs", summary["paragraphs"]),
        ("sentences", summary["sentences"]),
        ("repairs fixed", summary["repairs_fixed"]),
        ("repairs flagged", summary["repairs_flagged"]),
        ("quarantined", summary["quarantined"]),
        ("skipped (unchanged)", summary["skipped"]),
    ]
    for name, n in rows:
        table.add_row(name, str(n))
    out.print(table)
    for key, stage, message in summary["quarantine"]:
        out.print(f"[yellow]quarantined[/] {key} ({stage}): {message}")
    mb = summary["bytes"] / 1e6
    secs = summary["seconds"] or 1e-9
    out.print(f"{mb:.3f} MB in {summary['seconds']:.1f} s ({mb / secs:.3f} MB/s), run {summary['run_id']}")
    out.print(f"tables: {Path(summary['output']).resolve() if '://' not in summary['output'] else summary['output']}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qikan", description="Raw Chinese journal issues → clean Parquet datasets.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest a file or a folder of .txt/.md/.pdf (recursively)")
    run.add_argument("input", help="file, folder or fsspec URL")
    run.add_argument("--output", "-o", default="output", help="output root for the tables (default: output)")
    run.add_argument("--force", action="store_true", help="reprocess sources that are unchanged since the last run")
    run.add_argument("--batch-mb", type=float, default=2.0, help="megabytes of input per batch (default: 2)")
    run.add_argument("--tokenizer", default=None, help="tokenizer backend: rjieba (default) or jieba")
    run.add_argument(
        "--keep-history",
        type=float,
        default=0,
        metavar="DAYS",
        help="keep superseded versions this long for time travel through the Delta log (default: 0)",
    )
    run.set_defaults(func=_cmd_run)
    _add_storage_commands(sub)
    return parser


# --- storage commands (issue 7): compact and inspect need no Prefect -------------------------


def _cmd_compact(args: argparse.Namespace) -> int:
    from qikan import store

    with store.output_lock(args.output):
        counts = store.compact(args.output, retention_hours=args.keep_history * 24)
    for name, (before, after) in counts.items():
        print(f"{name:<12} {before:>6} file(s) → {after}")
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from qikan import inspect

    if args.doc:
        print(inspect.document_report(args.output, args.doc))
    else:
        print(inspect.stats_report(args.output))
    return 0


def _add_storage_commands(sub) -> None:
    compact = sub.add_parser("compact", help="merge small Parquet files of every table, then vacuum")
    compact.add_argument("output", help="output root (local folder or s3://bucket/prefix)")
    compact.add_argument("--keep-history", type=float, default=0, metavar="DAYS", help="versions to keep (days)")
    compact.set_defaults(func=_cmd_compact)
    inspect = sub.add_parser("inspect", help="table sizes and versions, or one document with its repairs")
    inspect.add_argument("output", help="output root (local folder or s3://bucket/prefix)")
    inspect.add_argument("--doc", metavar="ID", help="show this doc_id: sections, paragraphs, marked repairs")
    inspect.set_defaults(func=_cmd_inspect)


def main(argv: list[str] | None = None) -> int:
    from qikan.store import OutputLocked, SchemaVersionMismatch

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, OutputLocked, SchemaVersionMismatch) as e:
        print(f"qikan: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
