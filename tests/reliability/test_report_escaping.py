"""Names from the data are printed escaped: no markup read from them, no raw control characters."""

from __future__ import annotations

from flows import report

NAMES = ["[bold red]x.txt", "a\nquarantined b.txt", "esc\x1b[31mred.txt", "pipe|tick`.txt", "ok 期刊.txt"]


def _summary() -> dict:
    return dict(
        run_id="r", output="out", documents=1, sections=0, paragraphs=0, sentences=0, repairs_fixed=0,
        repairs_flagged=0, quarantined=len(NAMES), skipped=0, gone=["gone\nx.txt"], pruned=0, bytes=0, seconds=1.0,
        task_runner="T", max_failed_share=1.0, repair_kinds={}, hidden=[".h\x07.txt"],
        quarantine=[(n, "extract", f"bad {n}") for n in NAMES],
    )  # fmt: skip


def test_markdown_report_keeps_one_row_per_name():
    md = report.markdown(_summary())
    rows = [line for line in md.splitlines() if "| extract | bad " in line]
    assert len(rows) == len(NAMES)  # a newline in a name never starts a new row
    assert "\x1b" not in md and "\x07" not in md
    assert "a\\nquarantined b.txt" in md and "pipe\\|tick`.txt" in md
    assert "ok 期刊.txt" in md  # printable text is left alone


def test_console_text_shows_markup_literally():
    from rich.console import Console

    console = Console(record=True, width=200, color_system=None)
    for name in NAMES:
        console.print(f"[yellow]quarantined[/] {report.console_text(name)}", highlight=False)
    text = console.export_text()
    assert "[bold red]x.txt" in text and "esc\\x1b[31mred.txt" in text
    assert "a\\nquarantined b.txt" in text and "\nquarantined b.txt" not in text
