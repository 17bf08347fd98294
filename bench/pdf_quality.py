"""Layout-aware PDF extraction against ground truth (prints figures; nothing asserts on time).

    .venv/bin/python bench/pdf_quality.py [--only debian|lshort|nku]

For the Debian reference (PDF vs its HTML) and lshort (PDF vs its LaTeX source):
- CER: for every ground-truth paragraph located in the extracted text (by a 16-character anchor
  at its start, middle or end; paragraphs under 10 characters are not scored), the Levenshtein distance to the extracted span over its length;
  reported over located paragraphs and, counting unlocated ones as wholly wrong, over all;
- paragraph-boundary F1: a located ground-truth paragraph start is a hit when an extracted
  paragraph starts there; an extracted paragraph start strictly inside a located ground-truth
  paragraph is a false split;
- running-head leaks: paragraphs holding the running head (``Debian 参考手册 N/M``);
- pages/s of the layout path (extract + layout edits + segment) and of pdfplumber's plain
  ``extract_text`` on the same file in the same run, and their ratio; the peak RSS.
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

from groundtruth import CORPUS, DEBIAN, LSHORT, debian_paragraphs, lshort_paragraphs, normalise  # noqa: E402

from qikan.model import Document, Source  # noqa: E402
from qikan.pdf import extract_pdf  # noqa: E402
from qikan.repair import repair, replay  # noqa: E402
from qikan.segment import segment  # noqa: E402

#: Ground-truth paragraphs shorter than this are not scored; anchors are up to ANCHOR long.
MIN_LEN = 10
ANCHOR = 16
_MARKER_RE = re.compile(r"^\s*(?:[•–◦▪·-]|\d{1,2}\.(?!\d))\s*")


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def layout_run(path: Path, rss: dict | None = None) -> tuple[Document, float, dict]:
    data = path.read_bytes()

    def sample(n: int) -> None:
        if rss is not None and (n == 1 or n % 50 == 0):
            rss[n] = _rss_mb()

    from qikan.tokenize import get_tokenizer

    get_tokenizer()  # built once per worker in the pipeline: not part of a document's time
    t = time.perf_counter()
    pdf = extract_pdf(data, on_page=sample)
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


def score(gt: list[str], paragraphs: list[str]) -> dict:
    from rapidfuzz.distance import Levenshtein

    starts: set[int] = set()
    parts, pos = [], 0
    for p in paragraphs:
        # the list marker is a glyph the HTML/LaTeX draws itself (<li>, \item): not paragraph text
        n = normalise(_MARKER_RE.sub("", p))
        if not n:
            continue
        starts.add(pos)
        parts.append(n)
        pos += len(n)
    ext = "".join(parts)
    located, spans, dist, total, total_all = 0, [], 0, 0, 0
    cursor = 0
    for g in map(normalise, gt):
        if len(g) < MIN_LEN:
            continue
        total_all += len(g)
        a = min(ANCHOR, len(g))
        p = -1
        for off in (0, len(g) // 2, len(g) - a):
            anchor = g[off : off + a]
            q = ext.find(anchor, cursor)
            if q < 0:
                q = ext.find(anchor)
            if q >= 0:
                p = max(0, q - off)
                break
        if p < 0:
            dist += len(g)
            continue
        # the span ends where the paragraph's last characters are found near the expected end
        # (within 30 % of its length), else at its length: the closer of the candidates counts
        ends = {p + len(g)}
        lo, hi = p + int(len(g) * 0.7), p + int(len(g) * 1.3) + a
        e = ext.find(g[-a:], lo, hi)
        if e >= 0:
            ends.add(e + a)
        dist_g, end = min((Levenshtein.distance(g, ext[p:x]), x) for x in ends)
        if dist_g > len(g) * 0.5:  # a false anchor: count as not located
            dist += len(g)
            continue
        located += 1
        total += len(g)
        dist += dist_g
        spans.append((p, end))
        cursor = p
    hits = sum(p in starts for p, _ in spans)
    inside = sum(1 for s in starts for p, e in spans if p < s < e - 1)
    precision = hits / (hits + inside) if hits + inside else 0.0
    recall = hits / len(spans) if spans else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gt_paragraphs": sum(len(normalise(g)) >= MIN_LEN for g in gt),
        "located": located,
        "cer_located": (dist - (total_all - total)) / total if total else float("nan"),
        "cer_all": dist / total_all if total_all else float("nan"),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def report(name: str, pdf: Path, gt: list[str], head_re: re.Pattern | None) -> None:
    samples: dict[int, float] = {}
    doc, elapsed, stats = layout_run(pdf, samples)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n_plain, plain_elapsed = plain_run(pdf)
    paragraphs = [p.text for p in doc.paragraphs]
    s = score(gt, paragraphs)
    print(
        f"== {name}: {pdf.name}, {doc.n_pages} pages, {len(paragraphs)} paragraphs, {len(gt)} ground-truth paragraphs"
    )
    print(f"   layout stats: {stats}")
    print(
        f"   CER {s['cer_located']:.4f} over {s['located']}/{s['gt_paragraphs']} located paragraphs"
        f" ({s['cer_all']:.4f} counting unlocated ones as wholly wrong)"
    )
    print(f"   paragraph boundaries: precision {s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f}")
    if head_re is not None:
        leaks = [p for p in paragraphs if head_re.search(normalise(p))]
        print(f"   running-head leaks: {len(leaks)} paragraphs" + (f" e.g. {leaks[0][:60]!r}" if leaks else ""))
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
    flags = [r for r in doc.repairs if r.rule == "pdf_no_tounicode"]
    removed = sum(r.after == "" for r in flags)
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
        f" {len(flags) - removed} spans amid text made U+FFFD, on pages {sorted({r.page for r in flags})[:20]};"
        f" paragraphs still holding control characters or (cid:N): {noisy}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["debian", "lshort", "nku"])
    args = ap.parse_args()
    if args.only in (None, "debian"):
        pdf = DEBIAN / "debian-reference.zh-cn.pdf"
        if pdf.exists():
            report("debian", pdf, debian_paragraphs(), re.compile(r"Debian参考手册\d+/\d+"))
        else:
            print("== debian: absent, skipped")
    if args.only in (None, "lshort"):
        pdf = LSHORT / "lshort-zh-cn.pdf"
        if pdf.exists():
            report("lshort", pdf, lshort_paragraphs(), None)
        else:
            print("== lshort: absent, skipped")
    if args.only in (None, "nku"):
        nku()


if __name__ == "__main__":
    main()
