"""The ``qikan`` command line: ``run``, ``reprocess`` and ``serve``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows import _env  # noqa: F401  (must precede any Prefect import)
from qikan.limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_BYTES


class SettingsError(ValueError):
    """A setting of the command is wrong; found before Prefect starts and before any document."""


def _check_input(path: str) -> None:
    """Fail before Prefect starts (≈ 10 s) when a local input is plainly wrong."""
    if "://" not in path and not os.path.lexists(path):
        raise FileNotFoundError(f"input {path!r} does not exist: give a file or a folder of .txt, .md or .pdf")


def _check_settings(args: argparse.Namespace) -> None:
    """Ranges, the tokenizer and its dictionaries: one clear line each, before anything runs."""
    checks = [
        ("--batch-mb", args.batch_mb, args.batch_mb > 0, "a positive number of megabytes"),
        ("--max-failed-share", args.max_failed_share, 0 <= args.max_failed_share <= 1, "a share from 0 to 1"),
        ("--keep-history", args.keep_history, args.keep_history >= 0, "0 or more days"),
        ("--dask-workers", args.dask_workers, args.dask_workers >= 1, "1 or more"),
        ("--doc-timeout", args.doc_timeout, args.doc_timeout > 0, "a positive number of seconds"),
        ("--max-bytes", args.max_bytes, args.max_bytes > 0, "a positive number of bytes"),
    ]
    for name, value, ok, want in checks:
        if not ok or value != value:  # NaN compares unequal to itself
            raise SettingsError(f"{name} {value:g} is out of range: give {want}")
    from qikan.tokenize import BACKENDS, USER_DICT_ENV, get_tokenizer

    backend = args.tokenizer
    if backend is not None and backend not in BACKENDS:
        raise SettingsError(f"unknown --tokenizer {backend!r}: choose one of {', '.join(sorted(BACKENDS))}")
    from qikan.pdf.source import SOURCE_ENV, default_source

    if getattr(args, "pdf_source", None):
        os.environ[SOURCE_ENV] = args.pdf_source  # worker processes inherit it
    try:
        default_source()
    except ValueError as e:
        raise SettingsError(str(e)) from None
    user_dict = os.environ.get(USER_DICT_ENV)
    if user_dict and not os.path.isfile(user_dict):
        raise SettingsError(f"${USER_DICT_ENV} names {user_dict!r}, which is not a file: fix or unset it")
    try:
        get_tokenizer(backend)  # built once per process: the run's own tasks reuse it
    except (ImportError, OSError, UnicodeDecodeError, ValueError) as e:
        raise SettingsError(f"the tokenizer cannot start: {e}") from None


def _check_output(output: str) -> None:
    """A local output must be a folder (or creatable as one), writable, and not being written."""
    if "://" in output and not output.startswith("file://"):
        return
    path = Path(output.removeprefix("file://")).expanduser()
    probe = path
    while not probe.exists():
        if probe.is_symlink():
            raise SettingsError(f"--output {output!r} is a dangling symlink: point it at a folder")
        probe = probe.parent
    if not probe.is_dir():
        where = "is a file" if probe == path else f"is under {str(probe)!r}, which is a file"
        raise SettingsError(f"--output {output!r} {where}: give a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise SettingsError(f"--output {output!r} is not writable (no write permission on {str(probe)!r})")
    if path.is_dir():
        from qikan import store

        with store.output_lock(output):  # raises OutputLocked naming the holder
            pass


def _check_existing_output(output: str) -> None:
    """``inspect``, ``compact`` and ``reprocess`` read an output that must already be there."""
    from qikan import store

    if store.is_remote(output):
        if store.open_table(output, "documents") is None:
            raise FileNotFoundError(f"no qikan output at {output!r} (no documents table there)")
        return
    path = Path(output.removeprefix("file://")).expanduser()
    if not path.is_dir():
        raise FileNotFoundError(f"output {output!r} does not exist: give the folder a `qikan run` wrote")
    if not (path / "documents" / "_delta_log").is_dir():
        raise FileNotFoundError(f"{output!r} is no qikan output (it has no documents table): check the path")


def _common(p: argparse.ArgumentParser) -> None:
    """Options of every command that runs the pipeline."""
    p.add_argument("--batch-mb", type=float, default=2.0, help="megabytes of input per batch (default: 2)")
    p.add_argument("--tokenizer", default=None, help="tokenizer backend: rjieba (default) or jieba")
    p.add_argument(
        "--pdf-source", choices=["pdfplumber", "pypdfium2"], default=None,
        help="where PDF characters are read from: pypdfium2 (default, about 5x faster) or pdfplumber (the former"
        " reference); sets $QIKAN_PDF_SOURCE",
    )  # fmt: skip
    p.add_argument(
        "--prune", action="store_true", help="remove documents whose source is gone from every table (else: report)"
    )
    p.add_argument(
        "--max-failed-share", type=float, default=0.5,
        help="fail the run (exit 1) when more than this share of its inputs is quarantined (default: 0.5)",
    )  # fmt: skip
    p.add_argument(
        "--task-runner", choices=["default", "dask"], default="default",
        help="default: one process; dask: parallel batches on Dask workers (needs PREFECT_API_URL)",
    )  # fmt: skip
    p.add_argument(
        "--workers", type=int, default=None, metavar="N",
        help="worker processes of the default runner (default: every core)",
    )  # fmt: skip
    p.add_argument("--dask-address", help="scheduler address of an existing Dask cluster (tcp://host:8786)")
    p.add_argument("--dask-workers", type=int, default=2, help="local Dask worker processes (default: 2)")
    p.add_argument(
        "--keep-history", type=float, default=0, metavar="DAYS",
        help="keep superseded versions this long for time travel through the Delta log (default: 0)",
    )  # fmt: skip
    p.add_argument(
        "--doc-timeout", type=float, default=DEFAULT_DOC_TIMEOUT, metavar="SECONDS",
        help=f"quarantine a document whose stages take longer than this (default: {DEFAULT_DOC_TIMEOUT:g})",
    )  # fmt: skip
    p.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
        help=f"quarantine a source larger than this many bytes (default: {DEFAULT_MAX_BYTES:,})",
    )  # fmt: skip


def _settings(args: argparse.Namespace) -> tuple[dict, object | None]:
    """Flow parameters shared by the commands, and the task runner to use (None = default)."""
    params = dict(
        batch_bytes=int(args.batch_mb * 1_000_000),
        tokenizer=args.tokenizer,
        prune=args.prune,
        max_failed_share=args.max_failed_share,
        keep_history_days=args.keep_history,
        doc_timeout=args.doc_timeout,
        max_bytes=args.max_bytes,
    )
    if args.task_runner != "dask":
        if args.workers is not None and args.workers < 1:
            raise ValueError(f"--workers must be at least 1, got {args.workers}")
        params["workers"] = args.workers
        return params, None
    from flows.runners import dask_runner

    runner = dask_runner(address=args.dask_address, workers=args.dask_workers)
    params["parallelism"] = 4 if args.dask_address else args.dask_workers  # unknown cluster size: assume 4
    return params, runner


def _execute(flow_fn, params: dict, runner) -> int:
    """Run a flow with the progress bar, print its report, and return the exit code."""
    from prefect.settings import temporary_settings
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from flows import progress, report

    class _Bar:
        def __init__(self, p: Progress) -> None:
            self.p, self.task = p, None

        def start(self, total_bytes: int, total_docs: int) -> None:
            self.task = self.p.add_task(f"{total_docs} document(s)", total=max(total_bytes, 1))

        def advance(self, n_bytes: int, n_docs: int) -> None:
            self.p.advance(self.task, n_bytes)

    if runner is not None:
        flow_fn = flow_fn.with_options(task_runner=runner)
    columns = (TextColumn("[bold]qikan[/] {task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        progress.reporter = _Bar(bar)
        try:
            # the heartbeat thread makes every synchronous flow run wait ~1 s at exit
            with temporary_settings(updates={"flows.heartbeat_frequency": None}):
                state = flow_fn(**params, return_state=True)
        finally:
            progress.reporter = progress.Silent()
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, report.TooManyFailures):
        summary = summary.summary
    if not isinstance(summary, dict):  # the flow itself crashed: nothing to summarise
        print(f"qikan: error: the run failed: {state.message or summary}", file=sys.stderr)
        return 1
    print_summary(summary)
    if state.is_failed():
        print(f"qikan: error: {state.message}", file=sys.stderr)
        return 1
    return 0


def print_summary(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    from flows import report

    out = Console()
    table = Table(title="qikan run", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in report.count_rows(summary):
        table.add_row(name, str(n))
    out.print(table)
    stages = Table(title="stages", show_header=True)
    for col in ("stage", "entered", "failed"):
        stages.add_column(col, justify="left" if col == "stage" else "right")
    for stage, n, failed in report.stage_rows(summary):
        stages.add_row(stage, str(n), str(failed))
    out.print(stages)
    if summary["repair_kinds"]:
        out.print("top repair kinds: " + ", ".join(f"{k} {n}" for k, n in report.top_repair_kinds(summary)))
    # names and messages come from the data: controls escaped, never read as rich markup
    shown = report.console_text
    for key, stage, message in summary["quarantine"]:
        out.print(f"[yellow]quarantined[/] {shown(key)} ({stage}): {shown(message)}", highlight=False, soft_wrap=True)
    for key in summary["gone"]:
        what = "removed from every table" if summary["pruned"] else "kept (run with --prune to remove)"
        out.print(f"[yellow]source gone[/] {shown(key)}: {what}", highlight=False, soft_wrap=True)
    for key in summary.get("hidden", []):
        out.print(f"[yellow]skipped (hidden name)[/] {shown(key)}", highlight=False, soft_wrap=True)
    for line in report.rate_lines(summary):
        out.print(line, highlight=False, soft_wrap=True)  # one line each: scripts read them
    where = summary["output"] if "://" in summary["output"] else Path(summary["output"]).resolve()
    out.print(f"tables: {report.console_text(str(where))}", highlight=False, soft_wrap=True)


def _say(message: str) -> None:
    print(f"qikan: {message}", file=sys.stderr, flush=True)


def _preflight(args: argparse.Namespace, params: dict, runner) -> bool:
    """Look at the input before Prefect starts (≈ 5–15 s): whether there is anything to do.

    Shows what was found from the first second; when work is pending, starts the worker
    processes now so they load the tokenizer while Prefect's server starts.
    """
    from flows import report
    from qikan import pipeline, reprocess
    from qikan import runner as qrunner
    from qikan.discover import iter_entries, rejected_failures
    from qikan.model import Source

    _say(f"looking for sources under {report.console_text(args.input)} …")
    entries = list(iter_entries(args.input))
    sources = [e for e in entries if isinstance(e, Source)]
    todo, skipped = pipeline.select_pending(sources, args.output, force=args.force)
    gone = reprocess.vanished(args.output, entries, args.input)
    rejected, _ = rejected_failures(entries, args.output, force=args.force)
    if not todo and not gone and not rejected:
        where = args.output if "://" in args.output else Path(args.output).resolve()
        _say(f"nothing to do: {skipped} source(s) unchanged since the last run (tables: {where})")
        return False
    mb = sum(s.size for s in todo) / 1e6
    if todo and runner is None:
        qrunner.shared_pool(params.get("workers") or qrunner.default_workers(), params.get("tokenizer")).warm()
    _say(f"{len(todo)} source(s) to process ({mb:.1f} MB), {skipped} unchanged; starting Prefect …")
    return True


def _cmd_run(args: argparse.Namespace) -> int:
    _check_input(args.input)
    _check_settings(args)
    _check_output(args.output)
    params, runner = _settings(args)
    if not _preflight(args, params, runner):
        return 0
    from flows.ingest import ingest

    return _execute(ingest, dict(input_root=args.input, output=args.output, force=args.force, **params), runner)


def _cmd_reprocess(args: argparse.Namespace) -> int:
    if not (args.key or args.doc_id or args.failed or args.older_than_version):
        raise ValueError(
            "say what to reprocess: --key GLOB, --doc-id ID, --failed or --older-than-version VERSION "
            "(to reprocess everything, run `qikan run INPUT --force`)"
        )
    _check_existing_output(args.output)
    _check_settings(args)
    _check_output(args.output)
    from qikan import reprocess as rp

    unmatched = rp.unmatched_criteria(
        args.output, keys=args.key, doc_ids=args.doc_id, failed=args.failed, older_than_version=args.older_than_version
    )
    if unmatched is not None:
        print(f"qikan: nothing to reprocess: {unmatched}", file=sys.stderr)
        return 1 if (args.key or args.doc_id) else 0
    from flows.ingest import reprocess

    params, runner = _settings(args)
    params.update(
        output=args.output,
        keys=args.key,
        doc_ids=args.doc_id,
        failed=args.failed,
        older_than_version=args.older_than_version,
    )
    return _execute(reprocess, params, runner)


def _cmd_serve(args: argparse.Namespace) -> int:
    from flows import deploy
    from flows.runners import api_url

    if api_url() is None:
        raise ValueError(
            "schedules need a Prefect API server (the temporary one creates no scheduled runs): "
            "run `prefect server start --host 127.0.0.1`, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and `qikan serve` again"
        )
    params = dict(input_root=args.input, output=args.output, max_failed_share=args.max_failed_share)
    deployment = deploy.build(name=args.name, parameters=params, cron=args.cron, timezone=args.timezone)
    from prefect import serve

    print(f"serving qikan-ingest/{args.name} on '{args.cron}' ({args.timezone}); Ctrl-C stops", file=sys.stderr)
    serve(deployment)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from flows.deploy import DEFAULT_CRON, DEFAULT_TIMEZONE
    from qikan import __version__

    parser = argparse.ArgumentParser(prog="qikan", description="Raw Chinese journal issues → clean Parquet datasets.")
    parser.add_argument("--version", action="version", version=f"qikan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest a file or a folder of .txt/.md/.pdf (recursively)")
    run.add_argument("input", help="file, folder or fsspec URL")
    run.add_argument("--output", "-o", default="output", help="output root for the tables (default: output)")
    run.add_argument("--force", action="store_true", help="reprocess sources that are unchanged since the last run")
    _common(run)
    run.set_defaults(func=_cmd_run)

    rep = sub.add_parser(
        "reprocess",
        help="process documents already in OUTPUT again, read from where they were found",
        description="Select documents of OUTPUT (any criterion matches) and process them again from the "
        "source_uri they were recorded with. Documents whose source is gone are reported; --prune removes them.",
    )
    rep.add_argument("output", help="output root holding the tables")
    rep.add_argument("--key", action="append", default=[], metavar="GLOB", help="source key or glob (repeatable)")
    rep.add_argument("--doc-id", action="append", default=[], metavar="ID", help="doc_id (repeatable)")
    rep.add_argument("--failed", action="store_true", help="every input in quarantine (it leaves it on success)")
    rep.add_argument("--older-than-version", metavar="VERSION", help="documents made by a lower pipeline_version")
    _common(rep)
    rep.set_defaults(func=_cmd_reprocess)

    srv = sub.add_parser(
        "serve",
        help="run qikan-ingest on a cron schedule (long-running; needs `prefect server start`)",
    )
    srv.add_argument("input", help="folder or fsspec URL to ingest on each run")
    srv.add_argument("--output", "-o", default="output", help="output root for the tables (default: output)")
    srv.add_argument("--cron", default=DEFAULT_CRON, help=f"cron expression (default: '{DEFAULT_CRON}')")
    srv.add_argument("--timezone", default=DEFAULT_TIMEZONE, help=f"IANA time zone (default: {DEFAULT_TIMEZONE})")
    srv.add_argument("--name", default="nightly", help="deployment name (default: nightly)")
    srv.add_argument("--max-failed-share", type=float, default=0.5, help="see `qikan run --help`")
    srv.set_defaults(func=_cmd_serve)
    _add_storage_commands(sub)
    _add_review_command(sub)
    return parser


# --- storage commands (issue 7): compact and inspect need no Prefect -------------------------


def _cmd_compact(args: argparse.Namespace) -> int:
    from qikan import store

    _check_existing_output(args.output)
    if args.keep_history < 0:
        raise SettingsError(f"--keep-history {args.keep_history:g} is out of range: give 0 or more days")

    with store.output_lock(args.output):
        counts = store.compact(args.output, retention_hours=args.keep_history * 24)
    for name, (before, after) in counts.items():
        print(f"{name:<12} {before:>6} file(s) → {after}")
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from qikan import inspect

    _check_existing_output(args.output)

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


# --- review (issue 15): a static HTML page per document, from the tables (no Prefect) -----------


def _cmd_review(args: argparse.Namespace) -> int:
    from qikan import review

    if args.all == bool(args.doc):
        raise ValueError("say which: --doc DOC_ID_OR_SOURCE_KEY (one page) or --all (every document and an index)")
    if args.all:
        path = review.write_all(args.output, args.out or "qikan-review")
    else:
        doc = review.find_document(args.output, args.doc)
        path = review.write_document(args.output, doc["doc_id"], args.out or f"qikan-review/{doc['doc_id']}.html")
    print(path.resolve())
    return 0


def _add_review_command(sub) -> None:
    rv = sub.add_parser("review", help="a static HTML page showing every repair of a document, or --all with an index")
    rv.add_argument("output", help="output root (local folder or s3://bucket/prefix)")
    rv.add_argument("--doc", metavar="ID_OR_KEY", help="the document's doc_id or source_key")
    rv.add_argument("--all", action="store_true", help="every document's page and index.html linking them")
    rv.add_argument("--out", help="file (--doc) or folder (--all) to write (default: qikan-review/)")
    rv.set_defaults(func=_cmd_review)


#: Exit codes (docs/operations.md).
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_SIGNAL = {"SIGINT": 130, "SIGTERM": 143}


def main(argv: list[str] | None = None) -> int:
    from qikan import limits
    from qikan.store import OutputLocked, SchemaVersionMismatch

    args = build_parser().parse_args(argv)
    if args.func in (_cmd_run, _cmd_reprocess):
        limits.stop_handlers()  # SIGTERM stops as cleanly as Ctrl-C
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, OutputLocked, SchemaVersionMismatch) as e:
        print(f"qikan: error: {_line(str(e))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as e:
        return _stopped(str(e) or "stopped by SIGINT")


def _line(text: str) -> str:
    """One printable line (names in messages come from the data)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


def _stopped(why: str) -> int:
    """After a stop: end the temporary Prefect server, say what was kept, and leave at once
    (a worker thread still busy with the abandoned batch must not hold the exit)."""
    try:
        from prefect.server.api.server import SubprocessASGIServer

        for server in list(SubprocessASGIServer._instances.values()):
            server.stop()
    except Exception:  # noqa: BLE001 - stopping anyway
        pass
    print(
        f"qikan: {why}: the batch in flight was abandoned, committed batches are kept; run again to continue",
        file=sys.stderr,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_SIGNAL.get(why.rsplit(" ", 1)[-1], 130))


if __name__ == "__main__":
    sys.exit(main())
