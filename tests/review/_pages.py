"""Outputs to review, made by the library path (no Prefect), and a reader for the pages' HTML."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from qikan import pipeline, store
from qikan.discover import iter_sources

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PDF_FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SEED_KEY = "zgkjlt-2024-forum.txt"


def run(inputs: dict[str, Path | str], tmp: Path) -> str:
    """Copy ``inputs`` (name → file or text) into an input folder, run qikan over it; the output root."""
    src = tmp / "in"
    src.mkdir(parents=True, exist_ok=True)
    for name, what in inputs.items():
        if isinstance(what, Path):
            shutil.copy(what, src / name)
        else:
            (src / name).write_text(what, encoding="utf-8")
    out = tmp / "out"
    pipeline.process_batch(list(iter_sources(str(src))), str(out), run_id=pipeline.new_run_id())
    return str(out)


def repairs_of(output: str, doc_id: str) -> list[dict]:
    rows = store.read_table(output, "repairs").to_pylist()
    return sorted((r for r in rows if r["doc_id"] == doc_id), key=lambda r: r["step"])


class Marks(HTMLParser):
    """The marked repairs of a page (``data-steps``) with their text, and the repaired pane's text
    without what is struck through, block by block (``data-at`` = the block's offset)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []  # tag, class, steps, text, block offset, position in block
        self.blocks: list[tuple[int, str]] = []
        self.scripts = 0
        self._stack: list[dict] = []
        self._block: dict | None = None
        self._mark: dict | None = None
        self._in_rep = 0
        self.flag_items = 0
        self._in_flags = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "script":
            self.scripts += 1
        if tag == "details" and a.get("id") == "flags":
            self._in_flags = True
        if self._in_flags and tag == "li":
            self.flag_items += 1
        if tag == "div" and cls == "rep":
            self._in_rep = 1
        elif self._in_rep and tag in ("p", "div", "h2", "h3", "h4") and "data-at" in a and self._block is None:
            self._block = {"at": int(a["data-at"]), "text": [], "tag": tag, "depth": 0}
        if self._block is not None:
            self._block["depth"] += tag not in ("br",)
            if "data-steps" in a:
                self._mark = {
                    "tag": tag,
                    "class": cls,
                    "steps": [int(s) for s in a["data-steps"].split()],
                    "text": [],
                    "at": self._block["at"],
                    "pos": len("".join(self._block["text"])),
                    "title": a.get("title", ""),
                }

    def handle_endtag(self, tag):
        if tag == "details":
            self._in_flags = False
        if self._block is not None:
            if self._mark is not None and tag == self._mark["tag"]:
                self._mark["text"] = "".join(self._mark["text"])
                self.marks.append(self._mark)
                self._mark = None
            self._block["depth"] -= 1
            if self._block["depth"] == 0:
                self.blocks.append((self._block["at"], "".join(self._block["text"])))
                self._block = None

    def handle_data(self, data):
        if self._block is not None:
            if self._mark is not None:
                self._mark["text"].append(data)
                if self._mark["tag"] in ("del", "sup"):
                    return  # struck-through text is not in the repaired text
            self._block["text"].append(data)


def marks_of(page: str) -> Marks:
    m = Marks()
    m.feed(page)
    m.close()
    return m
