"""``qikan review``: a self-contained HTML page that shows what qikan changed in a document, and why.

Built only from the output tables (``documents``, ``sections``, ``paragraphs``, ``repairs``) and,
when it can still be read, the source file (local or any fsspec URL): the source gives the
extracted text (re-extracted, checked against ``content_sha256``), which the ``repairs`` rows
replay into the repaired text (``engine.replay_with_pages``), and for a PDF the page images.
Where every repair stands in the repaired text comes from ``inspect.repair_groups`` (the one
offset mapper); where it stood in the extracted text from the same passes, walked back.

The page needs nothing but a browser: inline CSS, a few lines of inline JavaScript, images as
``data:`` URIs, no fonts or scripts from the network. Everything that comes from a document
(file names, titles, text, rules' notes) is escaped.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from qikan import store
from qikan.inspect import repair_groups
from qikan.repair.engine import repair_passes, replay_with_pages

#: Families of repairs the page tells apart, in the order of its filters: repair ``kind`` → family.
FAMILY_OF_KIND = {
    "seam": "seam",
    "header": "header",
    "header_footer": "header",
    "margin_note": "header",
    "metadata": "metadata",
    "punctuation": "punct",
    "spacing": "spacing",
    "width": "width",
    "footnote": "footnote",
    "wrap": "wrap",
    "table": "table",
    "markup": "markup",
    "noise": "noise",
    "encoding": "noise",
    "figure": "float",
    "equation": "float",
}
#: Rules whose kind is broader than what they did.
FAMILY_OF_RULE = {"footnote_block": "footnote", "footnote_rule": "footnote"}
FAMILIES = {  # family → (label, colour)
    "seam": ("seam join", "#d9480f"),
    "header": ("header/footer removed", "#7048e8"),
    "metadata": ("moved to metadata", "#9c36b5"),
    "punct": ("punctuation", "#1971c2"),
    "spacing": ("spacing", "#0c8599"),
    "width": ("width", "#2f9e44"),
    "footnote": ("footnote moved", "#e8590c"),
    "wrap": ("line wrap", "#868e96"),
    "table": ("table rows", "#5c940d"),
    "float": ("figure text, equation", "#5f3dc4"),
    "markup": ("markup", "#c2255c"),
    "noise": ("noise/glyphs", "#495057"),
    "other": ("other", "#495057"),
    "flag": ("flag: check by hand", "#e03131"),
}
#: Rows whose removed text is a zone of the page (outlined on a PDF page image when found there).
ZONE_FAMILIES = ("header", "footnote", "noise", "float")
#: Page images: resolution and JPEG quality (a 250-page book's images take ≈ 12.6 MB), and the
#: pages up to which that resolution holds: a longer PDF gets a lower one, so that its images
#: stay about that size (the bytes go with the area, dpi²).
IMAGE_DPI = 60
IMAGE_QUALITY = 55
IMAGE_FULL_PAGES = 250
IMAGE_MIN_DPI = 30


def image_dpi(n_pages: int) -> int:
    """Resolution of the page images for a PDF of ``n_pages``.

    >>> image_dpi(10), image_dpi(250), image_dpi(1000)
    (60, 60, 30)
    """
    if n_pages <= IMAGE_FULL_PAGES:
        return IMAGE_DPI
    return max(IMAGE_MIN_DPI, int(IMAGE_DPI * (IMAGE_FULL_PAGES / n_pages) ** 0.5))


def family(row: dict) -> str:
    """The family a ``repairs`` row is shown as (a flag is a flag, whatever its kind)."""
    if row["action"] != "fixed":
        return "flag"
    return FAMILY_OF_RULE.get(row["rule"]) or FAMILY_OF_KIND.get(row["kind"], "other")


@dataclass
class Review:
    """What one document's page is built from."""

    doc: dict
    sections: list[dict]
    paragraphs: list[dict]
    repairs: list[dict]
    text: str | None = None  #: repaired text (replayed from the source), None without the source
    page_starts: list[int] = field(default_factory=lambda: [0])  #: pages of ``text``
    raw_text: str | None = None  #: the extracted source text
    raw_page_starts: list[int] = field(default_factory=lambda: [0])
    raw_spans: dict[int, tuple[int, int]] = field(default_factory=dict)  #: step → span in ``raw_text``
    pdf: bytes | None = None
    notes: list[str] = field(default_factory=list)  #: what the page could not show, and why


# --- loading ------------------------------------------------------------------------------------


def _rows(output: str, name: str, doc_id: str, storage_options: dict | None) -> list[dict]:
    dt = store.open_table(output, name, storage_options=storage_options)
    if dt is None:
        return []
    return store.rows_of(dt, filter=pc.field("doc_id") == doc_id).to_pylist()


def find_document(output: str, doc: str, *, storage_options: dict | None = None) -> dict:
    """The ``documents`` row whose ``doc_id`` or ``source_key`` is ``doc``."""
    dt = store.open_table(output, "documents", storage_options=storage_options)
    if dt is not None:
        flt = (pc.field("doc_id") == doc) | (pc.field("source_key") == doc)
        rows = store.rows_of(dt, filter=flt).to_pylist()
        if rows:
            return rows[0]
    raise ValueError(
        f"no document {doc!r} in {output}: give a doc_id or a source_key "
        f"(`qikan review {output} --all` writes an index of every document)"
    )


def load(output: str, doc: str, *, storage_options: dict | None = None, with_source: bool = True) -> Review:
    """Read one document's rows, and its source when it can still be read and is unchanged."""
    d = find_document(output, doc, storage_options=storage_options)
    doc_id = d["doc_id"]
    rv = Review(
        doc=d,
        sections=sorted(_rows(output, "sections", doc_id, storage_options), key=lambda r: r["ordinal"]),
        paragraphs=sorted(_rows(output, "paragraphs", doc_id, storage_options), key=lambda r: r["ordinal"]),
        repairs=sorted(_rows(output, "repairs", doc_id, storage_options), key=lambda r: r["step"]),
    )
    if with_source:
        _attach_source(rv, storage_options)
    return rv


def _attach_source(rv: Review, storage_options: dict | None) -> None:
    from qikan.discover import read_bytes
    from qikan.extract import extract
    from qikan.model import Document, Source

    d = rv.doc
    try:
        data = read_bytes(d["source_uri"], storage_options=storage_options)
    except Exception as e:  # noqa: BLE001 - any read error: the page is built from the tables alone
        rv.notes.append(f"source not readable at {d['source_uri']} ({type(e).__name__}): no source text or page images")
        return
    if hashlib.sha256(data).hexdigest() != d["content_sha256"]:
        rv.notes.append(f"source at {d['source_uri']} changed since the run: no source text or page images")
        return
    src = Source(d["source_uri"], d["source_key"], d["source_format"], len(data), d["content_sha256"])
    try:
        ex = extract(Document(source=src), data)
        text, starts = replay_with_pages(ex.raw_text, rv.repairs, ex.raw_page_starts or [0])
    except Exception as e:  # noqa: BLE001 - another qikan version extracted it differently
        rv.notes.append(f"the source does not replay to the repaired text ({e}): no source text")
        return
    if any(text[p["char_start"] : p["char_end"]] != p["text"] for p in rv.paragraphs):
        rv.notes.append("the replayed source differs from the paragraphs (another qikan version?): no source text")
        return
    rv.text, rv.page_starts = text, starts
    rv.raw_text, rv.raw_page_starts = ex.raw_text, list(ex.raw_page_starts or [0])
    rv.raw_spans = raw_spans(rv.repairs)
    if d["source_format"] == "pdf":
        rv.pdf = data


def raw_spans(repairs: Iterable[dict]) -> dict[int, tuple[int, int]]:
    """Each row's ``before`` as a span of the extracted text: its span in the text its pass
    found, walked back through the passes before it (text an earlier edit wrote maps to what
    that edit replaced)."""
    inverse: list[tuple[list[int], list[int], list[int], list[int], list[int]]] = []
    out: dict[int, tuple[int, int]] = {}

    def back(x: int, at_end: bool) -> int:
        for out_starts, out_ends, starts, ends, shift in reversed(inverse):
            k = bisect.bisect_right(out_starts, x) - 1
            if k >= 0 and (x < out_ends[k] or (at_end and x == out_ends[k] and out_ends[k] > out_starts[k])):
                x = ends[k] if at_end else starts[k]
            else:
                x -= shift[k + 1]
        return x

    for p in repair_passes(repairs):
        for r, e in p:
            s = back(e.start, False)
            out[r["step"]] = (s, max(s, back(e.end, True)))
        if p[0][1].action == "fixed":
            shift, starts, ends, out_starts, out_ends = [0], [], [], [], []
            for _, e in p:
                out_starts.append(e.start + shift[-1])
                out_ends.append(e.start + shift[-1] + len(e.after))
                starts.append(e.start)
                ends.append(e.end)
                shift.append(shift[-1] + len(e.after) - (e.end - e.start))
            inverse.append((out_starts, out_ends, starts, ends, shift))
    return out


# --- HTML pieces ----------------------------------------------------------------------------------


def esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def visible(text: str) -> str:
    """Removed text as it is shown struck through: breaks and blanks made visible."""
    return text.replace("\f", "␌").replace("\n", "↵").replace("\t", "⇥") or "∅"


def _title(rows: Sequence[dict]) -> str:
    lines = []
    for r in rows:
        label = FAMILIES[family(r)][0]
        if r["action"] == "fixed":
            lines.append(f"#{r['step']} {label} · {r['rule']}: «{visible(r['before'])}» → «{visible(r['after'])}»")
        else:
            lines.append(f"#{r['step']} flag · {r['rule']}: «{r['before']}»")
        if r.get("note"):
            lines.append(f"   {r['note']}")
    return "\n".join(lines)


def _group_html(text: str, rows: list[dict], *, first: bool = True, split: bool = False) -> str:
    """One repair group: what it wrote (or, where it only deleted, what it removed, struck through).
    ``split``: the group goes on in the next block (this is its first piece)."""
    fams = {family(r) for r in rows}
    fam = "flag" if fams == {"flag"} else family(next(r for r in reversed(rows) if r["action"] == "fixed"))
    attrs = f' class="r f-{fam}" title="{esc(_title(rows))}"'
    if first:
        steps = " ".join(str(r["step"]) for r in rows)
        attrs += f' data-steps="{steps}" data-fams="{" ".join(sorted(fams))}" id="s{rows[0]["step"]}"'
    if split:
        attrs += ' data-split="1"'
    if fam == "flag":
        return f"<mark{attrs}>{esc(text)}</mark>"
    if not text:
        removed = "".join(r["before"] for r in rows if r["action"] == "fixed" and not r["after"])
        return f"<del{attrs}>{esc(visible(removed))}</del>"
    if not text.strip():  # only breaks or blanks written (a block moved away): show them as signs
        attrs += f' data-ws="{esc(visible(text))}"'
    return f"<ins{attrs}>{esc(text)}</ins>"


def marked(text: str, start: int, groups: Sequence[tuple[int, int, list]], *, last: bool = False) -> str:
    """``text`` (the repaired text from ``start``) with the repair groups that start in it marked;
    a group begun before ``start`` continues unmarked by steps (a ``cont`` piece)."""
    end = start + len(text)
    out, pos = [], start
    i = bisect.bisect_left(groups, (start, -1))
    # a group that began earlier and reaches into this piece
    for s, e, rows in groups[max(0, i - 8) : i]:
        if s < start < e and pos < min(e, end):
            out.append(_group_html(text[: min(e, end) - start], rows, first=False))
            pos = min(e, end)
    while i < len(groups):
        s, e, rows = groups[i]
        if s > end or (s == end and not (last and s == e)):
            break
        i += 1
        if s < pos:  # inside a group already shown (a flag on written text): its rows get a marker
            out.append(_group_html("", rows) if s == e else _marker(rows))
            continue
        out.append(esc(text[pos - start : s - start]))
        out.append(_group_html(text[s - start : min(e, end) - start], rows, split=e > end))
        pos = min(e, end) if s != e else s
    out.append(esc(text[pos - start :]))
    return "".join(out)


def _marker(rows: list[dict]) -> str:
    fam = "flag" if all(r["action"] != "fixed" for r in rows) else family(rows[-1])
    steps = " ".join(str(r["step"]) for r in rows)
    return (
        f'<sup class="r f-{fam} nest" title="{esc(_title(rows))}" data-steps="{steps}" '
        f'data-fams="{fam}" id="s{rows[0]["step"]}">{"⚑" if fam == "flag" else "•"}</sup>'
    )


# --- the document page ----------------------------------------------------------------------------


@dataclass
class Block:
    start: int
    end: int
    tag: str  #: p, h2 … h4, div
    cls: str
    text: str | None = None  #: when the page has no repaired text: the paragraph's own


def _blocks(rv: Review) -> list[Block]:
    """The repaired text as blocks: paragraphs (by kind) and what stands between them (headings,
    front matter) with the section it opens."""
    paras = [p for p in rv.paragraphs]
    first_of = {}
    for p in paras:
        first_of.setdefault(p["section_id"], p["ordinal"])
    sec = {s["section_id"]: s for s in rv.sections}
    blocks: list[Block] = []
    pos = 0
    n = len(rv.text) if rv.text is not None else None
    for p in paras:
        opens = sec.get(p["section_id"]) if first_of[p["section_id"]] == p["ordinal"] else None
        if rv.text is not None:
            if p["char_start"] > pos:
                tag = f"h{min(1 + (opens['level'] or 1), 4)}" if opens else "div"
                blocks.append(Block(pos, p["char_start"], tag, f"gap {('sec-' + opens['kind']) if opens else ''}"))
        elif opens:
            title = opens["title"] or opens["kind"]
            author = f" — {opens['author']}" if opens.get("author") else ""
            blocks.append(Block(p["char_start"], p["char_start"], "h2", "gap", text=f"{title}{author}"))
        blocks.append(Block(p["char_start"], p["char_end"], "p", f"k-{p.get('kind') or 'body'}", text=p["text"]))
        pos = p["char_end"]
    if n is not None and pos < n:
        blocks.append(Block(pos, n, "div", "gap"))
    if n is not None and not paras:
        blocks = [Block(0, n, "div", "gap")]
    return blocks


def _page_of(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) or 1


def _pieces(rv: Review, blocks: list[Block]) -> dict[int, list[tuple[Block, int, int]]]:
    """Blocks cut at page starts: page → [(block, start, end)]."""
    pages: dict[int, list[tuple[Block, int, int]]] = {}
    if rv.text is None:
        by_start = {p["char_start"]: p for p in rv.paragraphs}
        for b in blocks:
            p = by_start.get(b.start)
            page = (p["page_start"] if p else None) or 1
            pages.setdefault(page, []).append((b, b.start, b.end))
        return pages
    starts = rv.page_starts
    for b in blocks:
        s = b.start
        while True:
            page = _page_of(starts, s)
            cut = starts[page] if page < len(starts) else b.end
            e = min(b.end, max(cut, s + 1)) if b.end > s else s
            pages.setdefault(page, []).append((b, s, e))
            if e >= b.end:
                break
            s = e
    return pages


def _source_html(rv: Review, page: int, spans: list[tuple[int, tuple[int, int]]], fams: dict[int, str]) -> str:
    """The extracted text of one page, with the spans repairs changed or removed marked
    (``spans``: step → span in the extracted text, in text order)."""
    raw, starts = rv.raw_text or "", rv.raw_page_starts
    a = starts[page - 1] if page - 1 < len(starts) else len(raw)
    b = starts[page] if page < len(starts) else len(raw)
    out, pos = [], a
    i = bisect.bisect_left(spans, a, key=lambda kv: kv[1][0])
    for step, (s, e) in spans[i:]:
        if s < a or e <= s:
            continue
        if s >= b:
            break
        if s < pos:
            continue
        fam = fams[step]
        out.append(esc(raw[pos:s]))
        piece = raw[s : min(e, b)]
        ws = "" if piece.strip() else " ws"  # a removed break: marked so that it shows
        out.append(f'<span class="o f-{fam}{ws}" data-step="{step}">{esc(piece)}</span>')
        pos = min(e, b)
    out.append(esc(raw[pos:b]))
    return "".join(out)


def page_images(pdf: bytes, zones: dict[int, list[str]], *, dpi: int | None = None) -> dict[int, tuple[str, list]]:
    """Each PDF page as a JPEG ``data:`` URI, with the boxes (in % of the page) where the removed
    text of ``zones`` (page → removed texts) is found on it by pdfium's text search."""
    import pypdfium2 as pdfium

    out: dict[int, tuple[str, list]] = {}
    pdf_doc = pdfium.PdfDocument(pdf)
    dpi = dpi or image_dpi(len(pdf_doc))
    try:
        for i in range(len(pdf_doc)):
            page = pdf_doc[i]
            w, h = page.get_size()
            img = page.render(scale=dpi / 72, grayscale=True).to_pil()
            buf = io.BytesIO()
            img.save(buf, format="JPEG", quality=IMAGE_QUALITY, optimize=True)
            boxes = _zone_boxes(page, zones.get(i + 1, []), w, h)
            out[i + 1] = ("data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), boxes)
            page.close()
    finally:
        pdf_doc.close()
    return out


def _zone_boxes(page, texts: list[tuple[str, str]], w: float, h: float) -> list[tuple[str, float, float, float, float]]:
    if not texts:
        return []
    tp = page.get_textpage()
    boxes = []
    try:
        for fam, text in texts:
            for line in [ln.strip() for ln in text.splitlines() if ln.strip()][:6]:
                searcher = tp.search(line[:60], match_case=True)
                hit = searcher.get_next()
                searcher.close()
                if not hit:
                    continue
                idx, count = hit
                rects = [tp.get_rect(k) for k in range(tp.count_rects(idx, count))]
                if not rects:
                    continue
                left = min(r[0] for r in rects)
                bottom = min(r[1] for r in rects)
                right = max(r[2] for r in rects)
                top = max(r[3] for r in rects)
                boxes.append(
                    (fam, 100 * left / w, 100 * (h - top) / h, 100 * (right - left) / w, 100 * (top - bottom) / h)
                )
    finally:
        tp.close()
    return boxes


def document_html(rv: Review, *, images: bool = True) -> str:
    """The review page of one document."""
    d = rv.doc
    groups = repair_groups(rv.repairs)
    fams = {r["step"]: family(r) for r in rv.repairs}
    spans = sorted(rv.raw_spans.items(), key=lambda kv: (kv[1][0], kv[0]))
    counts = Counter(family(r) for r in rv.repairs)
    blocks = _blocks(rv)
    pieces = _pieces(rv, blocks)
    n_pages = max([d.get("n_pages") or 1, *pieces.keys(), len(rv.raw_page_starts)])
    imgs: dict[int, tuple[str, list]] = {}
    if rv.pdf is not None and images:
        zones: dict[int, list[tuple[str, str]]] = {}
        for r in rv.repairs:
            if r["action"] == "fixed" and not r["after"] and family(r) in ZONE_FAMILIES and r["page"]:
                zones.setdefault(r["page"], []).append((family(r), r["before"]))
        try:
            imgs = page_images(rv.pdf, zones)
        except Exception as e:  # noqa: BLE001 - a page that does not render must not lose the text
            rv.notes.append(f"page images not rendered ({type(e).__name__}: {e})")
    if rv.pdf is not None and imgs:
        rv.notes.append(
            "the repairs table records no coordinates: removed zones are outlined where pdfium finds "
            "their text on the page image"
        )
    placed: set[int] = set()
    group_starts = [g[0] for g in groups]
    body = []
    text_len = len(rv.text) if rv.text is not None else None
    for page in range(1, n_pages + 1):
        rep = []
        for b, s, e in pieces.get(page, []):
            if rv.text is not None and b.tag != "p":
                s, e = _trimmed(rv.text, s, e, groups, group_starts)
            if rv.text is not None:
                inner = marked(rv.text[s:e], s, groups, last=(e == text_len))
            else:
                inner = esc(b.text) if b.start == b.end else marked(b.text or "", b.start, groups)
            cont = " cont" if s != b.start else ""
            if b.tag == "div" and rv.text is not None and not rv.text[s:e].strip() and "data-steps" not in inner:
                continue  # blank space between blocks where no repair starts
            kind = b.cls[2:] if b.tag == "p" and b.cls != "k-body" and not cont else ""
            kind_attr = f' data-kind="{esc(kind)}"' if kind else ""
            rep.append(f'<{b.tag} class="{esc(b.cls)}{cont}"{kind_attr} data-at="{s}">{inner}</{b.tag}>')
            placed.update(int(x) for x in _steps_in(inner))
        src = ""
        if page in imgs:
            uri, boxes = imgs[page]
            zone_html = "".join(
                f'<i class="zone f-{fam}" style="left:{x:.2f}%;top:{y:.2f}%;width:{w:.2f}%;height:{h:.2f}%"></i>'
                for fam, x, y, w, h in boxes
            )
            src += (
                f'<figure class="img"><img alt="page {page}" loading="lazy" decoding="async" src="{uri}">'
                f"{zone_html}</figure>"
            )
        if rv.raw_text is not None:
            src += f'<pre class="srctext">{_source_html(rv, page, spans, fams)}</pre>'
        body.append(
            f'<section class="page" id="page-{page}"><div class="pno"><a href="#page-{page}">{page}</a></div>'
            f'<div class="rep">{"".join(rep)}</div><div class="src">{src}</div></section>'
        )
    unplaced = [g for g in groups if not any(r["step"] in placed for r in g[2])]
    if unplaced:  # repairs outside every paragraph when the page has no repaired text to put them in
        items = "".join(
            f'<div class="gap outside" data-at="{s}">p.{esc(rows[0]["page"])} '
            f"{_group_html(rows[-1]['after'] if e_ > s else '', rows)}</div>"
            for s, e_, rows in unplaced
        )
        body.append(
            '<section class="page" id="outside"><div class="pno">–</div><div class="rep">'
            f"<h3>Repairs in headings and front matter (not in any paragraph)</h3>{items}</div></section>"
        )
    flags = [r for r in rv.repairs if r["action"] != "fixed"]
    step_group = {r["step"]: rows[0]["step"] for _, _, rows in groups for r in rows}
    flag_items = "".join(
        f'<li><a href="#s{step_group[r["step"]]}">p.{esc(r["page"])}</a> <code>{esc(r["rule"])}</code> '
        f"«{esc(r['before'])}» <small>{esc(r.get('note') or '')} — …{esc(r['context'])}…</small></li>"
        for r in flags
    )
    filters = "".join(
        f'<label class="f-{fam}"><input type="checkbox" checked data-fam="{fam}"> {esc(FAMILIES[fam][0])} '
        f"<b>{counts[fam]}</b></label>"
        for fam in FAMILIES
        if counts.get(fam)
    )
    meta = [
        ("source", d["source_key"]),
        ("doc_id", d["doc_id"]),
        ("format", f"{d['source_format']}, {d.get('n_pages')} page(s)"),
        ("journal", " ".join(str(x) for x in (d.get("journal"), d.get("year")) if x)),
        ("run", f"{d.get('run_id')} · qikan {d.get('pipeline_version')} · {d.get('processed_at')}"),
        ("repairs", f"{d.get('n_repairs_fixed')} fixed, {d.get('n_repairs_flagged')} flagged"),
    ]
    head = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta if v)
    notes = "".join(f"<li>{esc(n)}</li>" for n in rv.notes)
    toggles = '<label><input type="checkbox" id="t-src" checked> source</label>'
    if imgs:
        toggles += ' <label><input type="checkbox" id="t-img" checked> page images</label>'
    return _PAGE.format(
        title=esc(f"qikan review · {d['title'] or d['source_key']}"),
        css=_CSS + _family_css(),
        h1=esc(d["title"] or d["source_key"]),
        head=head,
        notes=f'<ul class="notes">{notes}</ul>' if notes else "",
        filters=filters,
        toggles=toggles,
        flags=f"<ol>{flag_items}</ol>" if flags else "<p>none</p>",
        n_flags=len(flags),
        flags_open=" open" if len(flags) <= 30 else "",
        body="".join(body),
        data=esc(json.dumps({"doc_id": d["doc_id"], "repairs": len(rv.repairs)})),
        js=_JS,
        srccls="" if (imgs or rv.raw_text is not None) else " nosrc",
    )


def _trimmed(text: str, s: int, e: int, groups, starts: list[int]) -> tuple[int, int]:
    """``s``–``e`` without the blank lines at either end, unless a repair stands in them."""
    piece = text[s:e]
    s2 = s + len(piece) - len(piece.lstrip())
    e2 = max(s2, e - (len(piece) - len(piece.rstrip())))
    i = bisect.bisect_left(starts, s)
    if i < len(starts) and starts[i] < s2 or any(g[0] < s < g[1] for g in groups[max(0, i - 8) : i]):
        s2 = s
    j = bisect.bisect_right(starts, e2)
    if j < len(starts) and starts[j] <= e or any(g[1] > e2 for g in groups[max(0, j - 8) : j] if g[0] <= e2):
        e2 = e
    return s2, max(s2, e2)


def _steps_in(inner: str) -> list[str]:
    out = []
    for part in inner.split('data-steps="')[1:]:
        out += part.split('"', 1)[0].split()
    return out


def _family_css() -> str:
    rules = []
    for fam, (_, colour) in FAMILIES.items():
        rules.append(f".f-{fam}{{--c:{colour}}}")
        rules.append(f"body.hide-{fam} .r.f-{fam}{{background:none;border-color:transparent;text-decoration:none}}")
        rules.append(f"body.hide-{fam} del.r.f-{fam},body.hide-{fam} sup.r.f-{fam}{{display:none}}")
    return "".join(rules)


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.75 system-ui,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#212529;background:#f8f9fa}
header{padding:12px 20px 0;background:#fff}
.bar{position:sticky;top:0;z-index:5;background:#fff;padding:6px 20px;border-bottom:1px solid #dee2e6}
h1{font-size:20px;margin:0 0 4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:4px 0;font-size:12px;color:#495057}
dt{font-weight:600}dd{margin:0}
.bar{display:flex;flex-wrap:wrap;gap:6px 12px;font-size:13px;align-items:center}
.bar label{cursor:pointer;border-left:4px solid var(--c,#adb5bd);padding-left:4px}
.notes{font-size:12px;color:#862e9c;margin:4px 0}
#flags{margin:8px 20px;padding:6px 12px;background:#fff5f5;border:1px solid #ffc9c9;font-size:13px}
#flags summary{cursor:pointer;font-weight:600}
.page{content-visibility:auto;contain-intrinsic-size:auto 1400px;display:grid;grid-template-columns:44px minmax(0,1fr) minmax(0,1fr);gap:0 16px;padding:10px 20px;border-bottom:1px dashed #ced4da;background:#fff}
body.nosrc .page,body.hide-src .page{grid-template-columns:44px minmax(0,1fr) 0}
body.nosrc .src,body.hide-src .src{display:none}
body.hide-img figure.img{display:none}
.pno{font-size:12px;color:#868e96;text-align:right;padding-top:4px}
.pno a{color:inherit;text-decoration:none;position:sticky;top:48px}
.rep p{margin:0 0 .6em;text-indent:2em}
.rep p.cont{text-indent:0}
.rep .gap{white-space:pre-wrap;margin:0 0 .6em;color:#495057;font-size:14px}
.rep h2.gap,.rep h3.gap,.rep h4.gap{font-weight:700;color:#212529}
.rep h2.gap{font-size:18px}.rep h3.gap{font-size:16px}.rep h4.gap{font-size:15px}
.rep p.k-table{font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap;text-indent:0;background:#f1f3f5}
.rep p.k-note{font-size:13px;color:#495057}
.rep p.k-reference{font-size:13px;text-indent:-2em;padding-left:2em}
.rep p.k-caption{font-size:13px;text-align:center;text-indent:0}
.rep p.k-abstract{background:#f8f9fa;padding:2px 6px}
.rep p[data-kind]::before{content:attr(data-kind);font:10px/1.4 system-ui,sans-serif;color:#868e96;border:1px solid #ced4da;border-radius:3px;padding:0 3px;margin-right:6px;vertical-align:1px}
.r{cursor:pointer;border-bottom:2px solid var(--c);background:color-mix(in srgb,var(--c) 14%,transparent);text-decoration:none;color:inherit}
del.r{text-decoration:line-through;color:var(--c);background:color-mix(in srgb,var(--c) 8%,transparent);font-size:.85em;border-bottom:none}
mark.r{background:color-mix(in srgb,var(--c) 28%,transparent);outline:2px solid var(--c)}
sup.r{border:none;background:none;color:var(--c)}
.r.sel{outline:3px solid #fab005}
ins.r[data-ws]::before{content:attr(data-ws);font-size:.85em}
.src{font-size:12px;min-width:0;position:sticky;top:44px;align-self:start;max-height:calc(100vh - 52px);overflow:auto}
.o.sel{outline:2px solid #fab005}
.o.ws::before{content:"⤶";color:var(--c);font-weight:700}
.srctext{white-space:pre-wrap;word-break:break-all;margin:0;font:12px/1.5 ui-monospace,"Noto Sans Mono CJK SC",monospace;color:#495057;background:#f8f9fa;padding:6px}
.o{background:color-mix(in srgb,var(--c) 18%,transparent);border-bottom:1px solid var(--c)}
figure.img{position:relative;margin:0 0 6px;border:1px solid #dee2e6}
figure.img img{display:block;width:100%;height:auto}
.zone{position:absolute;border:2px solid var(--c);background:color-mix(in srgb,var(--c) 12%,transparent)}
#side{position:fixed;right:12px;bottom:12px;max-width:440px;background:#fff;border:1px solid #adb5bd;box-shadow:0 2px 8px #0003;padding:8px 10px;font:12px/1.5 ui-monospace,monospace;white-space:pre-wrap;display:none;z-index:9}
"""

_JS = """
(function(){
var b=document.body,side=document.getElementById('side');
document.querySelectorAll('.bar input[data-fam]').forEach(function(c){
 c.addEventListener('change',function(){b.classList.toggle('hide-'+c.dataset.fam,!c.checked)});});
var ts=document.getElementById('t-src');if(ts)ts.addEventListener('change',function(){b.classList.toggle('hide-src',!ts.checked)});
var ti=document.getElementById('t-img');if(ti)ti.addEventListener('change',function(){b.classList.toggle('hide-img',!ti.checked)});
var sel=null;
document.addEventListener('click',function(ev){var t=ev.target.closest('.r');
 if(sel)sel.classList.remove('sel');
 if(!t){side.style.display='none';return;}
 sel=t;t.classList.add('sel');side.textContent=t.title;side.style.display='block';
 document.querySelectorAll('.o.sel').forEach(function(o){o.classList.remove('sel')});
 (t.dataset.steps||'').split(' ').forEach(function(s){var o=document.querySelector('.o[data-step="'+s+'"]');
  if(!o)return;o.classList.add('sel');var box=o.closest('.src');
  if(box)box.scrollTop=Math.max(0,o.offsetTop-box.clientHeight/2);});});
})();
"""

_PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="qikan review">
<title>{title}</title><style>{css}</style></head>
<body class="{srccls}" data-review="{data}">
<header><h1>{h1}</h1><dl>{head}</dl>{notes}
</header>
<div class="bar">{filters}<span>·</span>{toggles}</div>
<details id="flags"{flags_open}><summary>Flags to check by hand ({n_flags})</summary>{flags}</details>
<main>{body}</main>
<div id="side"></div>
<script>{js}</script>
</body></html>
"""


# --- the index of a run -----------------------------------------------------------------------------


def index_rows(output: str, *, run_id: str | None = None, storage_options: dict | None = None) -> list[dict]:
    """One row per document: its ids, title, pages and repairs counted per family and flags."""
    docs_dt = store.open_table(output, "documents", storage_options=storage_options)
    if docs_dt is None:
        return []
    flt = pc.field("run_id") == run_id if run_id else None
    docs = store.rows_of(docs_dt, filter=flt, columns=INDEX_DOC_COLUMNS)
    rep_dt = store.open_table(output, "repairs", storage_options=storage_options)
    reps = None
    if rep_dt is not None and docs.num_rows:
        ids = docs.column("doc_id")
        reps = store.rows_of(rep_dt, filter=pc.field("doc_id").isin(ids), columns=INDEX_REPAIR_COLUMNS)
    return index_rows_of(docs, reps)


INDEX_DOC_COLUMNS = ["doc_id", "source_key", "title", "n_pages", "status", "run_id"]
INDEX_REPAIR_COLUMNS = ["doc_id", "kind", "rule", "action"]


def index_rows_of(docs, reps=None) -> list[dict]:
    """``index_rows`` of tables in hand: ``documents`` and ``repairs`` rows (Arrow tables holding
    at least ``INDEX_DOC_COLUMNS`` and ``INDEX_REPAIR_COLUMNS``), sorted by source key. A run's
    writer gets its index this way from the batches it commits, without reading them back."""
    per: dict[str, Counter] = {}
    if reps is not None and docs.num_rows and reps.num_rows:
        # rows are counted per distinct (doc, kind, rule, action) first: tens, not thousands
        grouped = reps.select(INDEX_REPAIR_COLUMNS).group_by(INDEX_REPAIR_COLUMNS, use_threads=False)
        for r in grouped.aggregate([([], "count_all")]).to_pylist():
            per.setdefault(r["doc_id"], Counter())[family(r)] += r["count_all"]
    rows = []
    for d in sorted(docs.select(INDEX_DOC_COLUMNS).to_pylist(), key=lambda d: d["source_key"]):
        rows.append({**d, "counts": dict(per.get(d["doc_id"], Counter()))})
    return rows


def index_html(rows: list[dict], *, output: str, links: bool = True) -> str:
    """The index page: every document, linked to its page, with its repairs per family and flags."""
    fams = [f for f in FAMILIES if f == "flag" or any(r["counts"].get(f) for r in rows)]  # flags: always
    head = "".join(f'<th class="f-{f}">{esc(FAMILIES[f][0])}</th>' for f in fams)
    trs = []
    for r in rows:
        name = esc(r["source_key"])
        cell = f'<a href="{esc(page_name(r["doc_id"]))}">{name}</a>' if links else name
        counts = "".join(f"<td>{r['counts'].get(f, 0) or ''}</td>" for f in fams)
        trs.append(
            f"<tr><td>{cell}</td><td>{esc(r['title'] or '')}</td><td>{esc(r['n_pages'])}</td>{counts}"
            f"<td>{esc(r['status'])}</td></tr>"
        )
    total = Counter()
    for r in rows:
        total.update(r["counts"])
    return _INDEX.format(
        title=esc(f"qikan review · {output}"),
        css=_CSS + _family_css() + "table{border-collapse:collapse;margin:12px 20px;background:#fff;font-size:13px}"
        "td,th{border:1px solid #dee2e6;padding:3px 8px}th{border-top:4px solid var(--c,#adb5bd)}td:nth-child(n+3){text-align:right}",
        output=esc(output),
        n=len(rows),
        summary=esc(", ".join(f"{FAMILIES[f][0]} {total[f]}" for f in fams)),
        head=head,
        rows="".join(trs),
    )


_INDEX = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><meta name="generator" content="qikan review">
<title>{title}</title><style>{css}</style></head>
<body><header><h1>qikan review: {n} document(s)</h1><dl><dt>output</dt><dd>{output}</dd>
<dt>repairs</dt><dd>{summary}</dd></dl></header>
<table><thead><tr><th>source</th><th>title</th><th>pages</th>{head}<th>status</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>
"""


def page_name(doc_id: str) -> str:
    return f"{doc_id}.html"


def write_document(output: str, doc: str, out: str | Path, *, storage_options: dict | None = None) -> Path:
    """Write one document's page to ``out`` and return its path."""
    page = document_html(load(output, doc, storage_options=storage_options))
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def write_all(output: str, out_dir: str | Path, *, storage_options: dict | None = None) -> Path:
    """Write every document's page and the index linking them to ``out_dir``; return the index."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = index_rows(output, storage_options=storage_options)
    for r in rows:
        write_document(output, r["doc_id"], out_dir / page_name(r["doc_id"]), storage_options=storage_options)
    index = out_dir / "index.html"
    index.write_text(index_html(rows, output=output), encoding="utf-8")
    return index


def run_markdown(rows: list[dict], *, output: str, limit: int = 100) -> str:
    """The index of one run as Markdown (a Prefect artifact): counts per family and flags per
    document, and the command that writes the pages."""
    fams = [f for f in FAMILIES if f == "flag" or any(r["counts"].get(f) for r in rows)]  # flags: always
    lines = [
        f"## Review: what this run repaired, per document ({len(rows)})",
        "",
        f"Pages: `qikan review {output} --all` (every document, with an index), or "
        f"`qikan review {output} --doc SOURCE_KEY`.",
        "",
        "| source | " + " | ".join(FAMILIES[f][0] for f in fams) + " |",
        "|---|" + "---:|" * len(fams),
    ]
    for r in rows[:limit]:
        key = r["source_key"].replace("|", "\\|").replace("`", "'")
        lines.append(f"| `{key}` | " + " | ".join(str(r["counts"].get(f, 0)) for f in fams) + " |")
    if len(rows) > limit:
        lines.append(f"\n… and {len(rows) - limit} more: `qikan review {output} --all` lists them all.")
    return "\n".join(lines)
