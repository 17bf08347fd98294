"""The review page of a 250-page PDF in a real browser: its size, and how long it takes to open.

    python bench/review_page.py [--pdf PATH] [--loads 5] [--keep DIR]

Runs qikan over the PDF (the Debian reference manual from ../shared/corpus by default; the run
is kept under bench/.cache/review and reused), writes its review page with ``qikan review``, and
opens it in headless Chromium (Debian's ``chromium``, over the DevTools pipe) ``--loads`` times.
Prints the page's size (and how much of it is page images), the time to write it, and per load:
the load event, first contentful paint and the first frame painted after load, as the browser's
``performance`` timings give them (milliseconds from navigation start), with the median; each
load in a fresh browser (empty profile).
Target: under 20 MB, open (first frame after load) in under 3 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._chromium import Chromium, browser_unavailable  # noqa: E402
from qikan import pipeline, review, store  # noqa: E402
from qikan.discover import iter_sources  # noqa: E402

# ../shared/corpus beside the checkout (a worktree under /work/wt/ has it two levels up)
CORPUS = next(
    (p for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus") if p.is_dir()), None
)
DEBIAN = (CORPUS or ROOT) / "manuals" / "debian-reference-zh-cn" / "debian-reference.zh-cn.pdf"
CACHE = ROOT / "bench" / ".cache" / "review"

TIMING_JS = """
new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  done({load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : null,
        painted: performance.now(), bytes: nav.decodedBodySize,
        marks: document.querySelectorAll('[data-steps]').length, images: document.images.length});
})))
"""


def ensure_output(pdf: Path) -> tuple[str, str]:
    """The output root holding ``pdf`` (made once, reused while the PDF is unchanged), and its key."""
    src, out = CACHE / "in", CACHE / "out"
    key = pdf.name
    if (src / key).exists() and (src / key).stat().st_size == pdf.stat().st_size and out.exists():
        docs = store.read_table(str(out), "documents").to_pylist()
        if any(d["source_key"] == key and d["pipeline_version"] == pipeline.PIPELINE_VERSION for d in docs):
            return str(out), key
    shutil.rmtree(CACHE, ignore_errors=True)
    src.mkdir(parents=True)
    shutil.copy(pdf, src / key)
    t = time.perf_counter()
    pipeline.process_batch(list(iter_sources(str(src))), str(out), run_id=pipeline.new_run_id())
    print(f"qikan run over {key}: {time.perf_counter() - t:.1f} s (kept in {CACHE.relative_to(ROOT)})")
    return str(out), key


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdf", type=Path, default=DEBIAN)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="folder to keep the page and a screenshot in")
    args = ap.parse_args()
    if not args.pdf.exists():
        print(f"skipped: {args.pdf} is absent (../shared/corpus)")
        return 0
    why = browser_unavailable()
    if why:
        print(f"skipped: {why}")
        return 0
    output, key = ensure_output(args.pdf)
    where = args.keep or CACHE
    where.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    page = review.write_document(output, key, where / "review.html")
    written = time.perf_counter() - t
    html = page.read_text(encoding="utf-8")
    images = sum(len(m) for m in re.findall(r'src="(data:image/[^"]+)"', html))
    size = page.stat().st_size
    doc = review.find_document(output, key)
    print(f"{key}: {doc['n_pages']} pages, {doc['n_repairs_fixed']} repairs fixed, {doc['n_repairs_flagged']} flagged")
    print(f"page: {size / 1e6:.2f} MB ({images / 1e6:.2f} MB of it page images), written in {written:.1f} s")
    rows = []
    for i in range(args.loads):  # a fresh browser (empty profile, no cache) for every load
        with Chromium(width=1400, height=1000, timeout=120) as b:
            wall = b.open(page.as_uri())
            m = b.evaluate(TIMING_JS, await_promise=True)
            rows.append(m)
            print(
                f"load {i + 1}: load event {m['load']:.0f} ms, first contentful paint {m['fcp'] or 0:.0f} ms, "
                f"first frame after load {m['painted']:.0f} ms (wall {wall * 1000:.0f} ms); "
                f"{m['marks']} marked repairs, {m['images']} page images"
            )
            if i == 0:
                b.evaluate("document.getElementById('page-40').scrollIntoView()")
                b.evaluate(TIMING_JS, await_promise=True)
                b.screenshot(where / "review-page-40.png")
    med = {k: statistics.median(r[k] for r in rows) for k in ("load", "painted")}
    print(
        f"median of {len(rows)}: load event {med['load']:.0f} ms, first frame after load {med['painted']:.0f} ms "
        f"(target < 3000 ms); size {size / 1e6:.2f} MB (target < 20 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
