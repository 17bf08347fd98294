"""Two-column journal PDFs against ground truth (prints figures; nothing asserts on time).

    .venv/bin/python bench/journal_quality.py [--only generated|real|speed] [--examples N]
                                              [--source pypdfium2|pdfplumber]

``../shared/corpus/journals`` (each part skips when absent; nothing of it is ever committed):

- ``generated/*.pdf`` with ``<name>.pdf.gold.json``: each article run through
  ``qikan.pipeline.process_document`` and scored with ``bench/groundtruth.score`` (the method of
  ``bench/pdf_quality.py``: CER over located truth paragraphs, paragraph-boundary P/R/F1), on the
  gold's ``body`` sections against our ``body`` paragraphs outside ``references`` sections; then
  - **joins kept**: each gold join (the text either side of a column or page break inside a
    paragraph) read joined inside one of our paragraphs;
  - **leaks**: our body paragraphs holding a ``must_not_leak`` string or matching a
    ``must_not_leak_regex`` (both in ``normalise`` form; a string the gold's own body paragraphs
    hold is not counted: it is prose there);
  - **floats in body**: a table (a caption, or three cells of a row in order), a figure (its
    caption, or two of its labels in a row, or a paragraph of nothing but labels), a display
    equation (its number after something that is not ``式``) found inside one of our body
    paragraphs, each detector counted only where the gold body paragraphs do not trigger it;
  - **metadata**: title, journal, year, volume, issue, authors (names), keywords compared
    exactly with ``doc.meta`` / ``doc.authors`` (a field qikan does not fill is printed missing).
- ``real/*.pdf``: per file, body paragraphs holding a masthead line (journal name, 第N卷/第N期,
  Vol./No., 年N月, DOI, 文章编号, ISSN, 网络首发), a running head (``·28·``, ``— 65 —``,
  ``某某等：``), a printed page number of the article glued between CJK characters, or a
  first-page footnote label (收稿日期, 基金项目, 作者简介, 通信作者, …), with examples; and the
  count of *fragments* — body paragraphs of at most 60 characters without sentence punctuation:
  figure labels, table cells, equation pieces, headings read as body (which is which is read by
  eye against a rendering; ``--examples N`` prints them).
- speed: qikan's PDF path (``extract_pdf``: layout, zones, seams) against pdfplumber's own
  ``extract_words`` on every page of the same file, interleaved runs, medians and their ratio.
``--source`` chooses where the PDF path reads its characters (``qikan.pdf.source``; it sets
``$QIKAN_PDF_SOURCE`` for ``process_document``; default: the library's default); both sources
must give the same figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from groundtruth import CORPUS, examples, normalise, score  # noqa: E402

from qikan.model import Document, Source  # noqa: E402
from qikan.pdf.source import SOURCE_ENV, SOURCES, default_source  # noqa: E402
from qikan.pipeline import process_document  # noqa: E402

JOURNALS = CORPUS / "journals"
META_FIELDS = ("title", "journal", "year", "volume", "issue", "authors", "keywords")

#: What a real article's body must not hold, by convention (the file name's journal is added).
MASTHEAD_RE = re.compile(
    r"第\d+卷|第\d+期(?!间)|Vol\.?\d+|No\.\d+|\d{4}年\d{1,2}月(?!\d{1,2}日)|DOI:|doi:|文章编号|ISSN|CN\d{2}-\d{4}|网络首发"
)
HEAD_RE = re.compile(r"[·•]\d{1,4}[·•]|—\d{1,4}—|(?:^|[^\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}等[:：]")
FOOTNOTE_RE = re.compile(
    r"收稿日期|修回日期|定稿日期|录用日期|基金项目|作者简介|通信作者|通讯作者|Receiveddate|Foundationitem|网络出版"
)
#: journal, printed page range of each real article (from the corpus README)
REAL = {
    "txxb": ("通信学报", range(26, 36)),
    "cttd": ("计算机技术与发展", [*range(59, 66), 114]),
    "pst": ("电网技术", range(1809, 1818)),
    "arc": ("计算机应用研究", range(3526, 3533)),
    "epae": ("电力自动化设备", range(0)),  # online-first: no printed page numbers
}


def run(path: Path) -> Document:
    data = path.read_bytes()
    source = Source(str(path), path.name, "pdf", len(data), hashlib.sha256(data).hexdigest())
    return process_document(source)


def body_paragraphs(doc: Document) -> list[str]:
    """Our running text: ``body`` paragraphs outside the references and the abstract."""
    kinds = {s.section_id: s.kind for s in doc.sections}
    return [
        p.text for p in doc.paragraphs if p.kind == "body" and kinds.get(p.section_id) not in ("references", "abstract")
    ]


def _float_patterns(fl: dict) -> list[re.Pattern[str]]:
    esc = lambda s: re.escape(normalise(s))  # noqa: E731
    pats = []
    if fl.get("caption"):
        pats.append(re.compile(esc(fl["caption"])))
    if fl["kind"] == "table":
        for row in [fl.get("header", []), *fl.get("rows", [])]:
            if len(row) >= 3:
                pats.append(re.compile("".join(esc(c) for c in row[:3])))
    elif fl["kind"] == "figure":
        labels = fl.get("labels", [])
        pats += [re.compile(esc(a) + esc(b)) for a, b in zip(labels, labels[1:])]
        if labels:
            pats.append(re.compile("^(?:" + "|".join(esc(x) for x in labels) + ")+$"))
    elif fl["kind"] == "equation" and fl.get("number"):
        pats.append(re.compile(r"(?<!式)" + esc(fl["number"]) + r"(?!所示)"))
    return pats


def _metadata(doc: Document, gold: dict) -> dict[str, str]:
    out = {}
    for key in META_FIELDS:
        want = gold.get(key)
        if key == "authors":
            got = [a.get("name") for a in doc.authors] if doc.authors else doc.meta.get("authors")
            want = [a["name"] for a in want or []]
        else:
            got = doc.meta.get(key, getattr(doc, key, None))
        if got in (None, "", []):
            out[key] = "missing"
        elif str(got) == str(want) or (isinstance(got, list) and list(map(str, got)) == list(map(str, want or []))):
            out[key] = "exact"
        else:
            out[key] = f"wrong ({str(got)[:40]!r} ≠ {str(want)[:40]!r})"
    return out


def generated(n_examples: int) -> None:
    folder = JOURNALS / "generated"
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        print("== journals/generated: absent, skipped")
        return
    totals = {"dist": 0.0, "len": 0, "hits": 0, "splits": 0, "edges": 0, "joins": 0, "kept": 0, "leaks": 0}
    totals |= {"floats": 0, "in_body": 0}
    meta_exact = {k: 0 for k in META_FIELDS}
    for pdf in pdfs:
        gold = json.loads(pdf.with_name(pdf.name + ".gold.json").read_text(encoding="utf-8"))
        t = time.perf_counter()
        doc = run(pdf)
        elapsed = time.perf_counter() - t
        truth = [p for s in gold["sections"] if s["kind"] == "body" for p in s["paragraphs"]]
        ours = body_paragraphs(doc)
        s = score(truth, ours)
        normed = [normalise(p) for p in ours]
        gold_normed = [normalise(p) for p in truth]
        joined = "\x00".join(normed)
        kept = [j for j in gold["joins"] if normalise(j[0]) + normalise(j[1]) in joined]
        lost = [j for j in gold["joins"] if j not in kept]
        leaks = []
        for needle in gold.get("must_not_leak", []):
            n = normalise(needle)
            if any(n in g for g in gold_normed):
                continue
            leaks += [(needle, p) for p in normed if n in p]
        for rx in gold.get("must_not_leak_regex", []):
            pat = re.compile(rx)
            if any(pat.search(g) for g in gold_normed):
                continue
            leaks += [(rx, p) for p in normed if pat.search(p)]
        in_body = []
        for fl in gold.get("floats", []):
            pats = [p for p in _float_patterns(fl) if not any(p.search(g) for g in gold_normed)]
            hit = [p for p in normed for pat in pats if pat.search(p)]
            if hit:
                in_body.append((fl["kind"], fl.get("caption") or fl.get("number"), hit[0]))
        meta = _metadata(doc, gold["document"])
        for k, v in meta.items():
            meta_exact[k] += v == "exact"
        print(f"== {pdf.name}: {doc.n_pages} pages, {len(ours)} body paragraphs (truth {len(truth)}), {elapsed:.1f} s")
        print(
            f"   truth paragraphs scored {s.scored}, located {s.located}: CER {s.cer_located:.2%} over the located"
            f" ({s.cer_all:.2%} counting unlocated ones as wholly wrong)"
        )
        print(f"   paragraph boundaries: precision {s.precision:.3f} recall {s.recall:.3f} F1 {s.f1:.3f}")
        print(f"   joins kept {len(kept)}/{len(gold['joins'])}" + (f"; lost e.g. {lost[:3]}" if lost else ""))
        print(
            f"   leaks: {len(leaks)}"
            + "".join(f"\n     {what!r} in {p[:70]!r}" for what, p in leaks[: max(3, n_examples)])
        )
        print(
            f"   floats in body paragraphs: {len(in_body)}/{len(gold.get('floats', []))}"
            + "".join(f"\n     {k} {c!r} in {p[:70]!r}" for k, c, p in in_body)
        )
        print("   metadata: " + ", ".join(f"{k} {v}" for k, v in meta.items()))
        for line in examples(s, n_examples):
            print("   " + line)
        total = sum(len(g) for g, _, _ in s.pairs)
        totals["dist"] += s.cer_located * total if total else 0
        totals["len"] += total
        edges = 2 * s.located
        totals["hits"] += round(s.recall * edges)
        totals["edges"] += edges
        totals["splits"] += len(s.false_splits)
        totals["joins"] += len(gold["joins"])
        totals["kept"] += len(kept)
        totals["leaks"] += len(leaks)
        totals["floats"] += len(gold.get("floats", []))
        totals["in_body"] += len(in_body)
    p = totals["hits"] / (totals["hits"] + totals["splits"]) if totals["hits"] + totals["splits"] else 0.0
    r = totals["hits"] / totals["edges"] if totals["edges"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    cer = totals["dist"] / totals["len"] if totals["len"] else float("nan")
    print(
        f"== generated, all {len(pdfs)}: CER {cer:.2%}, boundaries P {p:.3f} R {r:.3f} F1 {f1:.3f},"
        f" joins kept {totals['kept']}/{totals['joins']}, leaks {totals['leaks']},"
        f" floats in body {totals['in_body']}/{totals['floats']}; metadata exact: "
        + ", ".join(f"{k} {v}/{len(pdfs)}" for k, v in meta_exact.items())
    )


def real(n_examples: int) -> None:
    pdfs = sorted((JOURNALS / "real").glob("*.pdf"))
    if not pdfs:
        print("== journals/real: absent, skipped")
        return
    for pdf in pdfs:
        journal, pages = REAL.get(pdf.name.split("_")[0], ("", range(0)))
        doc = run(pdf)
        ours = body_paragraphs(doc)
        numbers = "|".join(str(n) for n in sorted(pages, reverse=True))
        page_re = re.compile(
            rf"(?<=[\u4e00-\u9fff])(?<![图表式第])(?:{numbers})(?=[\u4e00-\u9fff])(?![年月日个位种次条项篇所中])"
        )
        found: dict[str, list[str]] = {"masthead": [], "running head": [], "page number": [], "footnote": []}
        jn = normalise(journal)
        for p in ours:
            n = normalise(p)
            # a reference entry may cite the journal by name
            if MASTHEAD_RE.search(n) or (jn and jn in n and not re.match(r"\[\d+\]", n)):
                found["masthead"].append(n)
            if HEAD_RE.search(n):
                found["running head"].append(n)
            if pages and page_re.search(n):
                found["page number"].append(n)
            if FOOTNOTE_RE.search(n):
                found["footnote"].append(n)
        total = sum(len(v) for v in found.values())
        print(
            f"== {pdf.name}: {doc.n_pages} pages, {len(ours)} body paragraphs; leaks {total}: "
            + ", ".join(f"{k} {len(v)}" for k, v in found.items())
        )
        for k, v in found.items():
            for n in v[: max(n_examples, 2)]:
                m = {
                    "masthead": MASTHEAD_RE,
                    "running head": HEAD_RE,
                    "page number": page_re,
                    "footnote": FOOTNOTE_RE,
                }[k].search(n)
                at = m.start() if m else (n.find(jn) if jn in n else 0)
                print(f"     {k}: …{n[max(0, at - 30) : at + 40]}…")
        frags = [p for p in ours if fragment(p)]
        print(
            f"   fragments (no sentence punctuation, ≤ {FRAGMENT_CHARS} characters): {len(frags)}"
            + "".join(f"\n     {p[:60]!r}" for p in frags[:n_examples])
        )
        meta = {k: doc.meta.get(k) for k in ("title", "journal", "year")}
        print(f"   metadata: {meta}")


#: A body paragraph this short without any sentence punctuation is a fragment: figure or table
#: text, a piece of an equation, a heading read as body — which, is read by eye (docs/quality.md).
FRAGMENT_CHARS = 60
_SENTENCE_PUNCT_RE = re.compile(r"[。，；：！？,;:]")


def fragment(text: str) -> bool:
    """A short body paragraph without sentence punctuation (see ``FRAGMENT_CHARS``)."""
    return len(text) <= FRAGMENT_CHARS and not _SENTENCE_PUNCT_RE.search(text)


def _words_run(data: bytes) -> None:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def speed(rounds: int = 3) -> None:
    from qikan.pdf import extract_pdf
    from qikan.tokenize import get_tokenizer

    pdfs = sorted((JOURNALS / "generated").glob("*.pdf"))[:2] + sorted((JOURNALS / "real").glob("*.pdf"))
    if not pdfs:
        print("== speed: no journal PDFs, skipped")
        return
    get_tokenizer()  # built once per worker in the pipeline
    ratios = []
    for pdf in pdfs:
        data = pdf.read_bytes()
        ours, plain = [], []
        for _ in range(rounds):  # interleaved: the machine's load hits both alike
            t = time.perf_counter()
            extract_pdf(data)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            _words_run(data)
            plain.append(time.perf_counter() - t)
        ratio = statistics.median(ours) / statistics.median(plain)
        ratios.append(ratio)
        print(
            f"== speed {pdf.name}: extract_pdf {statistics.median(ours):.2f} s, pdfplumber extract_words"
            f" {statistics.median(plain):.2f} s (medians of {rounds}); ratio {ratio:.2f}x"
        )
    print(f"== speed: median ratio {statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x (target ≤ 1.5x)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["generated", "real", "speed"])
    ap.add_argument("--examples", type=int, default=0, metavar="N", help="print N examples of each kind of error")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds per file")
    ap.add_argument("--source", choices=SOURCES, help="PDF character source (default: the library's)")
    args = ap.parse_args()
    if args.source:
        os.environ[SOURCE_ENV] = args.source
    print(f"== character source: {default_source()}")
    if args.only in (None, "generated"):
        generated(args.examples)
    if args.only in (None, "real"):
        real(args.examples)
    if args.only in (None, "speed"):
        speed(args.rounds)


if __name__ == "__main__":
    main()
