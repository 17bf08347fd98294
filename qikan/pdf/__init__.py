"""Layout-aware PDF extraction from a PDF's characters (PDFium's by default, or pdfplumber's;
``qikan.pdf.source``: ``extract_pdf(source=...)``).

The contract with the rest of the pipeline
------------------------------------------
``extract_pdf(data)`` returns a ``PdfText``; ``qikan.extract.extract`` puts it on the document:

- ``doc.raw_text`` is the reading-order text of **every** line of every page, running heads,
  page numbers, footnotes and table cells included: lines separated by ``\\n``, blocks (a
  paragraph, a heading, a footnote, a table, a running head) by a blank line, pages by ``\\f``.
  Nothing is lost: only running heads and feet, page numbers, margin notes and lines of
  unreadable glyphs leave the text (their text stays in the ``repairs`` row's ``before``).
  On a page, running heads come first and page feet last; columns are read left, then right,
  region by region (full-width rows between two-column runs make the regions); a table or
  figure interrupting a paragraph of a document with indented paragraphs follows the rest of it.
- ``doc.layout_edits`` holds the layout decisions as ``Edit``s with offsets into ``raw_text``,
  non-overlapping, so ``qikan.repair.repair`` applies them as its first fixer
  (``layout_fixer``) and every one becomes a ``repairs`` row with its page:

  ==============  ================================  ==========================================
  kind            rule                              change
  ==============  ================================  ==========================================
  header_footer   pdf_running_head / _foot /        the zone's lines (and one block separator)
                  pdf_page_number                   → ""
  footnote        pdf_footnote                      two rows a footnote: its lines (and one
                                                    separator) → "", then "" → the footnote,
                                                    lines run on, at the end of the text
                                                    (after the last page; in page order), where
                                                    segmentation makes it a ``note`` paragraph
                                                    with the page of its cut
  table           pdf_table                         the table's lines → its rows, in place, one
                                                    block a row, cells (pdfplumber's grid)
                                                    separated by tabs, empty ones kept: ``table``
                                                    paragraphs; a seam with a table between is
                                                    kept (the caption, outside the grid, stays)
  header_footer   pdf_masthead /                    page 1's masthead (lines above the title
                  pdf_online_first_cover            holding 第N卷/Vol./ISSN …) or a CNKI
                                                    online-first cover page → "" (``before``
                                                    keeps journal, volume, issue, year)
  figure          pdf_figure_text                   text inside a figure's vector graphics (its
                                                    labels) → "" (two-column pages)
  equation        pdf_equation                      a display equation's lines → one line, in
                                                    place (flagged when unchanged): an
                                                    ``equation`` paragraph
  seam            pdf_continued_elsewhere           （下转第114页） → "", flagged
  margin_note     pdf_margin_note                   the zone's lines → "" (text beside the body;
                                                    read after the page's text, so the
                                                    paragraph beside it reads on)
  seam            pdf_page_seam / pdf_column_seam   the break → "" (joined; " " between Latin
                                                    words) or "\\n\\n" (kept); a kept column
                                                    seam that needs no change is ``flagged``
  seam            pdf_page_break                    a form feed outside any seam → ""
  wrap            pdf_soft_wrap                     a line break inside a block → "" or " "
  wrap            pdf_hyphen_join                   ``-`` + break of a Latin word cut at a line
                                                    end → "" (``Amer-``/``ican``; also at seams)
  encoding        pdf_no_tounicode                  glyphs of a font without a ToUnicode map
                                                    (control characters, ``(cid:N)``): a line of
                                                    nothing else is removed like a zone, glyphs
                                                    amid text → U+FFFD (which repair flags)
  ==============  ================================  ==========================================

  After them no form feed is left in the text; page starts are carried by the repair runner, so
  ``replay(raw_text, repairs)`` gives the repaired text and paragraphs get ``page_start`` /
  ``page_end``. The plain-text layout fixers (page seams, page breaks) are skipped for a PDF:
  the geometry has already decided.

Failures raise subclasses of ``ExtractError`` naming the cause: encrypted, truncated or
unreadable, no text layer, too many pages, too slow to parse.

Memory: pages are read one at a time (``page.close()`` drops pdfplumber's caches after each);
only small line records are kept for the whole-document decisions.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from qikan.extract import ExtractError
from qikan.pdf.source import DEFAULT_SOURCE, SOURCES, default_source
from qikan.repair.engine import Edit

#: Defaults for a journal corpus; a 250-page manual is well inside them.
MAX_PAGES = 2000
MAX_SECONDS = 600.0


class PdfEncryptedError(ExtractError):
    """The PDF needs a password."""


class PdfUnreadableError(ExtractError):
    """Truncated or damaged: the PDF structure cannot be parsed."""


class PdfNoTextError(ExtractError):
    """Image-only PDF: no text layer."""


class PdfLimitError(ExtractError):
    """Over the page or parse-time limit."""


@dataclass
class PdfText:
    raw_text: str
    n_pages: int
    edits: list[Edit]
    stats: Counter = field(default_factory=Counter)
    page_starts: list[int] = field(default_factory=lambda: [0])  #: offsets in ``raw_text``


def _open(data: bytes, source: str | None):
    from qikan.pdf.source import open_pages

    source = source or default_source()
    if source not in SOURCES:
        raise ValueError(f"unknown PDF character source {source!r}: use one of {', '.join(SOURCES)}")
    if b"%%EOF" not in data[-2048:]:
        raise PdfUnreadableError(
            f"truncated PDF: no %%EOF marker at the end of its {len(data)} bytes; fetch or export the file again"
        )
    try:
        return open_pages(data, source=source)
    except Exception as e:  # noqa: BLE001 - pdfminer and PDFium raise many types; name the cause
        cause = e.__cause__ or e.__context__ or e
        text = f"{type(e).__name__}: {e} {type(cause).__name__}: {cause}".lower()
        if "password" in text or "encrypt" in text:
            raise PdfEncryptedError(
                "encrypted PDF: it needs a password to open; ask for an unprotected copy or decrypt it (qpdf --decrypt)"
            ) from e
        raise PdfUnreadableError(f"unreadable PDF ({type(cause).__name__}: {cause}); the file may be damaged") from e


def read_layouts(
    data: bytes,
    *,
    max_pages: int = MAX_PAGES,
    max_seconds: float = MAX_SECONDS,
    on_page=None,
    source: str | None = None,
):
    """Page layouts of a PDF, one page parsed at a time (``on_page(number)`` after each); the
    characters come from ``source`` (``qikan.pdf.source``; None: its ``default_source()``)."""
    from qikan.pdf.layout import read_page

    started = time.monotonic()
    pages = _open(data, source)
    try:
        if len(pages) > max_pages:
            raise PdfLimitError(
                f"PDF has {len(pages)} pages, over the limit of {max_pages}; split it or raise max_pages"
            )
        layouts = []
        gutters: list[float] = []  # of the page before: a page of figures reads at the same gutter
        drawings: frozenset = frozenset()  # of the page before: a watermark is drawn on every page
        for i, page in enumerate(pages):
            try:
                layouts.append(read_page(page, i + 1, prior=tuple(gutters), seen=drawings))
                # the previous page's gutter only: a one-column page ends the run of columns
                gutters = [layouts[-1].gutter] if layouts[-1].gutter is not None else []
                drawings, layouts[-1].drawings = layouts[-1].drawings, frozenset()  # memory stays flat
            except ExtractError:
                raise
            except Exception as e:  # noqa: BLE001
                raise PdfUnreadableError(
                    f"page {i + 1} cannot be parsed ({type(e).__name__}: {e}); the file may be damaged"
                ) from e
            finally:
                page.close()
            if on_page is not None:
                on_page(i + 1)
            if time.monotonic() - started > max_seconds:
                raise PdfLimitError(
                    f"parsing stopped after {max_seconds:.0f} s at page {i + 1} of {len(pages)}; "
                    "split the PDF or raise max_seconds"
                )
        return layouts
    finally:
        pages.close()


def extract_pdf(
    data: bytes,
    *,
    max_pages: int = MAX_PAGES,
    max_seconds: float = MAX_SECONDS,
    words=None,
    on_page=None,
    source: str | None = None,
) -> PdfText:
    """Reading-order text of a PDF and its layout edits (see the module docstring).

    ``words`` is the seam check's word splitter (default: the project's jieba tokenizer);
    ``source`` where the characters come from: ``"pypdfium2"`` (fast, the default) or ``"pdfplumber"``
    (pdfminer, the former reference), see ``qikan.pdf.source``; None: ``$QIKAN_PDF_SOURCE``, else the
    default (``qikan.pdf.source.default_source``).
    """
    from qikan.pdf.document import assemble
    from qikan.pdf.zones import mark_zones

    layouts = read_layouts(data, max_pages=max_pages, max_seconds=max_seconds, on_page=on_page, source=source)
    if not layouts:
        raise PdfNoTextError("PDF has no pages: nothing to extract; export the document again")
    if not any(p.n_chars for p in layouts):
        raise PdfNoTextError(f"PDF has {len(layouts)} page(s) but no text layer (scanned images?): run OCR first")
    mark_zones(layouts)
    if words is None:
        from qikan.tokenize import get_tokenizer

        words = get_tokenizer().words
    out = assemble(layouts, words=words)
    out.stats["two_column_pages"] = sum(p.two_column for p in layouts)
    return PdfText(out.raw_text, len(layouts), out.edits, out.stats, out.page_starts)


__all__ = [
    "DEFAULT_SOURCE",
    "MAX_PAGES",
    "MAX_SECONDS",
    "PdfEncryptedError",
    "PdfLimitError",
    "PdfNoTextError",
    "PdfText",
    "PdfUnreadableError",
    "SOURCES",
    "extract_pdf",
]
