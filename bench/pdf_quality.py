"""Layout-aware PDF extraction against ground truth (prints figures; nothing asserts on time).

    .venv/bin/python bench/pdf_quality.py [--only debian|lshort|nku|speed] [--examples N]
                                          [--source pypdfium2|pdfplumber] [--samples N] [--speed-pages N]

For the Debian reference (PDF vs its HTML) and lshort (PDF vs its LaTeX source), with the
ground truth and the scoring shared with ``bench/repair_quality.py`` (``bench/groundtruth.py``:
its ``normalise`` and ``score`` docstrings say exactly what is compared and counted):
- CER over the located truth paragraphs (and over all, unlocated ones counted wholly wrong),
  with how many truth paragraphs are scored and located;
- paragraph-boundary precision/recall/F1 over the starts and ends of located paragraphs;
- running-head leaks: paragraphs holding the book's running head;
- pages/s of the layout path (extract + layout edits + segment) and of pdfplumber's plain
  ``extract_text`` on the same file in the same run, and their ratio; the peak RSS;
- ``--examples N``: N examples of each kind of error (worst paragraphs, unlocated ones, false
  splits, missed boundaries).
``--source`` chooses where the layout reads its characters (``qikan.pdf.source``; both must
score the same). ``speed`` (run with the Debian part, or alone with ``--only speed``): pages/s of
the PDFium character source against pdfplumber's ``extract_words`` (what ``read_page`` asks of
each), on the Debian manual, interleaved, ``--samples`` runs each (3), medians of CPU and wall
time: the ratio in one run is what counts on a loaded machine.
The NKU thesis (dev-only, never excerpted into the repo): chapter running heads left in
paragraphs, and text without a ToUnicode map (removed or U+FFFD; paragraphs checked raw). Each part skips when its files are absent.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from groundtruth import (  # noqa: E402
    CORPUS,
    DEBIAN,
    LSHORT,
    debian_paragraphs,
    examples,
    leaks,
    lshort_truth,
    normalise,
    score,
)

from qikan.model import Document, Source  # noqa: E402
from qikan.pdf import extract_pdf  # noqa: E402
from qikan.pdf.source import DEFAULT_SOURCE, SOURCES, default_source  # noqa: E402
from qikan.repair import repair, replay  # noqa: E402
from qikan.segment import segment  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


SOURCE = DEFAULT_SOURCE  # set by --source


def layout_run(path: Path, rss: dict | None = None) -> tuple[Document, float, dict]:
    data = path.read_bytes()

    def sample(n: int) -> None:
        if rss is not None and (n == 1 or n % 50 == 0):
            rss[n] = _rss_mb()

    from qikan.tokenize import get_tokenizer

    get_tokenizer()  # built once per worker in the pipeline: not part of a document's time
    t = time.perf_counter()
    pdf = extract_pdf(data, on_page=sample, source=SOURCE)
    if rss is not None:
        rss["extract_s"] = time.perf_counter() - t
    doc = Document(source=Source(str(path), path.name, "pdf", len(data), "-"))
    doc.raw_text, doc.layout_edits, doc.n_pages = pdf.raw_text, pdf.edits, pdf.n_pages
    segment(repair(doc))
    elapsed = time.perf_counter() - t
    assert replay(doc.raw_text, doc.repairs) == doc.text
    return doc, elapsed, dict(pdf.stats)


def plain_run(path: Path) -> tuple[int, float]:
    import pdfplumber

    t = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        n = 0
        for page in pdf.pages:
            page.extract_text()
            page.close()
            n += 1
    return n, time.perf_counter() - t


#: what ``layout.read_page`` asks of a page
WORDS_ARGS = {"extra_attrs": ["size"], "keep_blank_chars": False, "return_chars": True}


def _source_pass(data: bytes, source: str, what: str, n_pages: int) -> tuple[int, float, float]:
    """One pass over the first ``n_pages`` pages: (pages, wall s, CPU s)."""
    from qikan.pdf.source import open_pages

    wall, cpu = time.perf_counter(), time.process_time()
    pages = open_pages(data, source=source)
    n = 0
    try:
        for page in pages:
            # read_page indexes the chars too (pdfplumber's are cached by then)
            got = (page.extract_words(**WORDS_ARGS), page.chars) if what == "words" else page.chars
            assert got is not None
            page.close()
            n += 1
            if n == n_pages:
                break
    finally:
        pages.close()
    return n, time.perf_counter() - wall, time.process_time() - cpu


def speed(pdf: Path, samples: int, n_pages: int) -> None:
    """pages/s of each character source, interleaved samples, medians (see the module docstring)."""
    import statistics

    data = pdf.read_bytes()
    runs = {
        ("pdfplumber", "words"): "pdfplumber extract_words",
        ("pypdfium2", "words"): "pypdfium2 source, words (chars + pdfplumber's word grouping)",
        ("pypdfium2", "chars"): "pypdfium2 source, chars only",
    }
    got: dict[tuple[str, str], list[tuple[int, float, float]]] = {k: [] for k in runs}
    for _ in range(samples):
        for key in runs:
            got[key].append(_source_pass(data, *key, n_pages))
    n = got[("pdfplumber", "words")][0][0]
    print(f"== speed: {pdf.name}, {n} pages, {samples} interleaved samples each, medians")
    rates = {}
    for key, label in runs.items():
        wall = statistics.median(r[1] for r in got[key])
        cpu = statistics.median(r[2] for r in got[key])
        rates[key] = (n / wall, n / cpu)
        print(f"   {label}: {n / wall:.1f} pages/s wall, {n / cpu:.1f} pages/s CPU")
    base = rates[("pdfplumber", "words")]
    for key in (("pypdfium2", "words"), ("pypdfium2", "chars")):
        print(
            f"   {runs[key]} / pdfplumber extract_words: {rates[key][0] / base[0]:.1f}x wall,"
            f" {rates[key][1] / base[1]:.1f}x CPU"
        )


def report(name: str, pdf: Path, gt: list[str], n_examples: int = 0) -> None:
    samples: dict[int, float] = {}
    doc, elapsed, stats = layout_run(pdf, samples)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n_plain, plain_elapsed = plain_run(pdf)
    paragraphs = [p.text for p in doc.paragraphs]
    s = score(gt, paragraphs)
    print(f"== {name}: {pdf.name}, {doc.n_pages} pages, {len(paragraphs)} paragraphs")
    print(f"   layout stats: {stats}")
    print(
        f"   truth paragraphs scored {s.scored}, located {s.located}: CER {s.cer_located:.2%} over the located"
        f" ({s.cer_all:.2%} counting unlocated ones as wholly wrong)"
    )
    print(f"   paragraph boundaries: precision {s.precision:.3f} recall {s.recall:.3f} F1 {s.f1:.3f}")
    leaked = leaks(paragraphs, name)
    print(f"   running-head leaks: {len(leaked)} paragraphs" + (f" e.g. {leaked[0][:60]!r}" if leaked else ""))
    print(
        f"   layout path (extract + repair + segment) {doc.n_pages / elapsed:.1f} pages/s; plain extract_text {n_plain / plain_elapsed:.1f} pages/s;"
        f" ratio {elapsed / plain_elapsed:.2f}x the plain time; peak RSS so far {rss:.0f} MB"
    )
    extract_s = samples.pop("extract_s")
    print(
        f"   extraction alone (layout + zones + seams, no repair/segment) {doc.n_pages / extract_s:.1f} pages/s,"
        f" ratio {extract_s / plain_elapsed:.2f}x the plain time"
    )
    print("   RSS while reading pages (MB): " + ", ".join(f"p{n} {mb:.0f}" for n, mb in samples.items()))
    for line in examples(s, n_examples):
        print("   " + line)


def nku() -> None:
    pdf = CORPUS / "dev-only" / "nku-thesis" / "main.pdf"
    if not pdf.exists():
        print("== nku: absent, skipped")
        return
    doc, elapsed, stats = layout_run(pdf)
    heads = {normalise(r.before) for r in doc.repairs if r.rule in ("pdf_running_head", "pdf_running_foot")}
    heads = {re.sub(r"\d+$", "", h) for h in heads}
    paragraphs = [normalise(p.text) for p in doc.paragraphs]
    # a chapter title is a paragraph once (its heading); a running head left in the text repeats,
    # alone or glued to the start of a paragraph
    counts = {h: sum(p == h for p in paragraphs) for h in heads}
    leaks = sum(max(0, c - 1) for c in counts.values())
    toc = re.compile(r"[·.…]{6,}")  # a table-of-contents entry names the chapter legitimately
    glued = sum(
        1 for p in paragraphs for h in heads if len(h) >= 4 and p.startswith(h) and p != h and not toc.search(p)
    )
    rows = [r for r in doc.repairs if r.rule == "pdf_no_tounicode"]
    removed = sum(r.action == "fixed" and r.after == "" for r in rows)
    replaced = sum(r.action == "fixed" and r.after != "" for r in rows)
    flagged = sum(r.action == "flagged" for r in rows) + sum(
        r.action == "flagged" and "\ufffd" in r.before for r in doc.repairs if r.rule != "pdf_no_tounicode"
    )
    # on the paragraphs as they are: normalise() drops whitespace, and \s matches \x1c-\x1f
    noise = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\(cid:\d+\)")
    noisy = sum(bool(noise.search(p.text)) for p in doc.paragraphs)
    print(
        f"== nku: {doc.n_pages} pages, {len(paragraphs)} paragraphs, {doc.n_pages / elapsed:.1f} pages/s; stats {stats}"
    )
    print(f"   distinct running heads/feet removed: {len(heads)}")
    print(
        f"   running-head leaks: {leaks} repeated + {glued} glued to a paragraph's start"
        f" ({sum(c == 1 for c in counts.values())} of the heads appear once: their own chapter heading)"
    )
    print(
        f"   text without a ToUnicode map (pdf_no_tounicode rows): {removed} blocks of nothing else removed,"
        f" {replaced} spans amid text made U+FFFD, {flagged} flags for a person, on pages {sorted({r.page for r in rows})[:20]};"
        f" paragraphs still holding control characters or (cid:N): {noisy}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["debian", "lshort", "nku", "speed"])
    ap.add_argument("--source", choices=SOURCES, help="character source (default: the library's)")
    ap.add_argument("--samples", type=int, default=3, help="interleaved samples of each source (speed)")
    ap.add_argument("--speed-pages", type=int, default=0, metavar="N", help="first N pages only (speed; 0: all)")
    ap.add_argument("--examples", type=int, default=0, metavar="N", help="print N examples of each kind of error")
    args = ap.parse_args()
    global SOURCE
    SOURCE = args.source or default_source()
    print(f"== character source: {SOURCE}")
    if args.only in (None, "debian"):
        pdf = DEBIAN / "debian-reference.zh-cn.pdf"
        if pdf.exists():
            report("debian", pdf, debian_paragraphs(), args.examples)
        else:
            print("== debian: absent, skipped")
    if args.only in (None, "speed"):
        pdf = DEBIAN / "debian-reference.zh-cn.pdf"
        if pdf.exists():
            speed(pdf, args.samples, args.speed_pages)
        else:
            print("== speed: the Debian manual is absent, skipped")
    if args.only in (None, "lshort"):
        pdf = LSHORT / "lshort-zh-cn.pdf"
        if pdf.exists():
            truth = lshort_truth()
            print(f"== lshort truth: {len(truth.paragraphs)} paragraphs; left out: {truth.skipped}")
            report("lshort", pdf, truth.paragraphs, args.examples)
        else:
            print("== lshort: absent, skipped")
    if args.only in (None, "nku"):
        nku()


if __name__ == "__main__":
    main()
