"""Score the repair engine against real ground truth in ../shared/corpus (skips when absent).

* Debian reference (zh-CN): the PDF's page texts (pdfplumber ``extract_text`` per page, joined by
  form feeds) are repaired and compared with the ``<p>`` paragraphs of the same book's HTML.
* lshort-zh-cn: the PDF's page texts against paragraphs taken from its LaTeX source.

Figures printed per book:

* ``found``: ground-truth paragraphs located in the repaired text. Matching uses a canonical
  form (Chinese characters, letters and digits only), so punctuation repairs do not stop it;
  a paragraph cut by a leaked header or a wrong join is not found.
* ``CER``: edit distance / length over the found paragraphs, whitespace ignored (the HTML and
  the PDF space Latin words differently), punctuation included.
* boundary ``P/R/F1``: paragraph starts and ends. A predicted boundary inside the span of a
  found paragraph is a false positive; an edge of a found paragraph that is not a predicted
  boundary is a miss. Boundaries outside found paragraphs (tables, code, lists) are not scored.
* ``leaks``: repaired paragraphs that still hold the book's running head (table-of-contents
  lines, with their dot leaders, are not counted: they name chapters and pages by design).
* the same boundary scores for the unrepaired text, one paragraph per line (``baseline``).

Page texts are cached under ``bench/.cache`` (pdfplumber runs at about 12 pages/s);
``--pages N`` limits each book to its first N pages.

    python bench/repair_quality.py [--pages 80] [--book debian|lshort]
"""

from __future__ import annotations

import argparse
import html.parser
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))

CANON_RE = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def page_texts(pdf: Path, name: str) -> list[str]:
    cached = CACHE / f"{name}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        pages = [(p.extract_text() or "") for p in doc.pages]
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return pages


# --------------------------------------------------------------------------- ground truth


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.depth = 0
        self.buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1
            self.buf = []

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.out.append(re.sub(r"\s+", " ", "".join(self.buf)).strip())

    def handle_data(self, data):
        if self.depth:
            self.buf.append(data)


def debian_truth(folder: Path) -> list[str]:
    out: list[str] = []
    for f in sorted(folder.glob("*.html")):
        parser = _Paragraphs()
        parser.feed(f.read_text(encoding="utf-8"))
        out += parser.out
    return out


_VERBATIM_RE = re.compile(
    r"\\begin\{(verbatim|lstlisting|code|example|latexcode|tabular|table|figure)\*?\}.*?\\end\{\1\*?\}", re.S
)


def lshort_truth(folder: Path) -> list[str]:
    out: list[str] = []
    for f in sorted((folder / "src").rglob("*.tex")):
        tex = f.read_text(encoding="utf-8", errors="replace")
        tex = re.sub(r"(?<!\\)%.*", "", tex)
        tex = _VERBATIM_RE.sub("\n\n", tex)
        for para in re.split(r"\n\s*\n", tex):
            if re.search(r"\\(?:begin|end|item|chapter|section|subsection|caption)\b", para):
                continue  # lists, floats and headings are not running paragraphs
            para = re.sub(
                r"\\(LaTeX|TeX|XeTeX|XeLaTeX|LuaTeX|pdfTeX|pdfLaTeX|ConTeXt|BibTeX|MiKTeX)e?(?![a-zA-Z])(?:\{\})?",
                lambda m: m.group(1).upper(),
                para,
            )  # the logos print as letters
            if re.search(r"\\[a-zA-Z]+(?![a-zA-Z{\[*])", para):
                continue  # a macro that prints text of its own (\LaTeX): the truth is unknown
            para = re.sub(r"\\(?:label|ref|pageref|index|cite|footnote)\*?(?:\[[^\]]*\])?\{[^{}]*\}", "", para)
            s = re.sub(r"\\(?:verb|lstinline)(.)(.*?)\1", r"\2", para)
            s = re.sub(r"\\[a-zA-Z@]+\*?", "", s)
            s = re.sub(r"[{}~]", "", s)
            s = re.sub(r"\s*\n\s*", "", s)
            out.append(re.sub(r"[ \t]+", " ", s).strip())
    return out


# --------------------------------------------------------------------------- scoring


def canon(s: str) -> tuple[str, list[int]]:
    chars, where = [], []
    for i, ch in enumerate(s):
        if CANON_RE.match(ch):
            chars.append(ch.lower())
            where.append(i)
    return "".join(chars), where


#: Punctuation variants folded for the second CER: the HTML keeps ASCII marks in Chinese text
#: and straight quotes where the PDF prints curly ones, so the plain CER counts our full-width
#: repairs (and the typesetter's quotes) as errors.
FOLD = str.maketrans("，；：（）“”‘’？！", ",;:()\"\"''?!")


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def score(paragraphs: list[str], truth: list[str], *, cer: bool = True) -> dict[str, float]:
    joined = "\n".join(paragraphs)
    stream, where = canon(joined)
    bounds, pos = {0, len(stream)}, 0
    for p in paragraphs:
        pos += len(canon(p)[0])
        bounds.add(pos)
    gt_bounds: set[int] = set()
    spans: list[tuple[int, int]] = []
    errors = folded = total = found = considered = 0
    cursor = 0
    for g in truth:
        cg, _ = canon(g)
        if len(cg) < 12 or not re.search(r"[\u4e00-\u9fff]", g):
            continue
        considered += 1
        s = stream.find(cg, cursor)
        if s < 0:
            s = stream.find(cg)
            if s < 0:
                continue
        else:
            cursor = s + len(cg)
        e = s + len(cg)
        found += 1
        spans.append((s, e))
        gt_bounds.update((s, e))
        if cer:
            raw_end = where[e] if e < len(where) else len(joined)
            piece = joined[where[s] : raw_end]
            if "\n" in piece:  # the slice runs to the next letter: stop at the paragraph's end
                piece = piece[: piece.rfind("\n")]
            pred = re.sub(r"\s+", "", piece)
            ref = re.sub(r"\s+", "", g)
            errors += levenshtein(pred, ref)
            folded += levenshtein(pred.translate(FOLD), ref.translate(FOLD))
            total += len(ref)
    inside = [b for b in bounds if any(s <= b <= e for s, e in spans)]
    tp = sum(1 for b in inside if b in gt_bounds)
    precision = tp / len(inside) if inside else 0.0
    # a list item's number ("1. 使用…") is in the PDF's paragraph but not in the HTML's
    hit = {b for b in gt_bounds if b in bounds or any(b - k in bounds and stream[b - k : b].isdigit() for k in (1, 2))}
    recall = len(hit) / len(gt_bounds) if gt_bounds else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "truth": considered,
        "found": found,
        "cer": errors / total if total else float("nan"),
        "cer_folded": folded / total if total else float("nan"),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def repaired_paragraphs(pages: list[str]) -> tuple[list[str], float]:
    from qikan.blocks import blocks
    from qikan.repair import DEFAULT_FIXERS, run_fixers

    t0 = time.perf_counter()
    result = run_fixers("\f".join(pages), DEFAULT_FIXERS)
    took = time.perf_counter() - t0
    paras = [" ".join(ln.text.strip() for ln in b) for b in blocks(result.text)]
    return paras, took


BOOKS = {
    "debian": (
        "manuals/debian-reference-zh-cn/debian-reference.zh-cn.pdf",
        debian_truth,
        "manuals/debian-reference-zh-cn",
        re.compile(r"Debian\s*参考手册\s*(?:\d+\s*/\s*\d+|[ivxl]+\b)"),
    ),
    "lshort": (
        "manuals/lshort-zh-cn/lshort-zh-cn.pdf",
        lshort_truth,
        "manuals/lshort-zh-cn",
        re.compile(r"(?:^|\s)\d{1,3}\s+第[一二三四五六七八九十]+章\s|§\d+(?:\.\d+)*\s+\S{1,20}\s+\d{1,3}(?:\s|$)"),
    ),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=0, help="only the first N pages of each book (0: all)")
    ap.add_argument("--book", choices=sorted(BOOKS), action="append", help="score only this book")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return 0
    for name in args.book or sorted(BOOKS):
        pdf, truth_of, folder, head_re = BOOKS[name]
        if not (CORPUS / pdf).exists():
            print(f"{name}: skipped, {pdf} is absent")
            continue
        pages = page_texts(CORPUS / pdf, name)
        if args.pages:
            pages = pages[: args.pages]
        truth = truth_of(CORPUS / folder)
        paras, took = repaired_paragraphs(pages)
        got = score(paras, truth)
        base_paras = [ln for p in pages for ln in p.split("\n") if ln.strip()]
        base = score(base_paras, truth, cer=False)
        leaks = sum(1 for p in paras if head_re.search(p) and ". . ." not in p)  # TOC lines are not heads
        base_leaks = sum(1 for p in base_paras if head_re.search(p) and ". . ." not in p)
        print(
            f"{name}: {len(pages)} pages, repair {took:.1f}s; truth paragraphs {got['truth']}, found {got['found']}\n"
            f"  repaired: CER {got['cer']:.2%} (punctuation variants folded: {got['cer_folded']:.2%})  boundaries P {got['precision']:.3f} R {got['recall']:.3f} "
            f"F1 {got['f1']:.3f}  header leaks {leaks}\n"
            f"  baseline (one paragraph per line): found {base['found']}  P {base['precision']:.3f} "
            f"R {base['recall']:.3f} F1 {base['f1']:.3f}  header leaks {base_leaks}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
