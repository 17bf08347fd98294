"""Where a PDF's characters come from: pypdfium2 (fast) or pdfplumber (the reference).

``qikan.pdf.layout.read_page`` reads a page through a small part of pdfplumber's ``Page``:

- ``width``, ``height``: the MediaBox, in points, turned as the page is shown (``/Rotate``);
- ``chars``: one dict a glyph, **in the order the page draws them**, with pdfplumber's keys
  ``text x0 x1 top bottom doctop y0 y1 width height size fontname upright matrix adv`` (points,
  origin top-left, ``top``/``bottom`` from the top of the page; ``size`` the font size the glyph is
  drawn at; ``fontname`` with its subset prefix, ``ABCDEF+Song``);
- ``extract_words(**kwargs)``: pdfplumber's word grouping over ``chars`` (see below);
- ``rects``, ``lines``: ruled boxes and rules with ``x0 x1 top bottom``;
- ``find_tables()``: pdfplumber's table grids;
- ``close()``.

``open_pages(data, source=...)`` gives those pages one at a time. With ``"pdfplumber"`` they are
pdfplumber's own (pdfminer parses every page: slow, the reference the tests compare against).
With ``"pypdfium2"`` a ``PdfiumPage`` builds the same records from PDFium's text page (on the
Debian manual 6.5 times pdfplumber's ``extract_words`` pages/s for the characters, 5.5 times
with the words, CPU time: ``bench/pdf_quality.py --only speed``) and asks pdfplumber only for
the table grids of a page whose rules could form one (three rules or more across and down),
for the whole of a page where PDFium could not read every glyph (below), and pdfminer only for
a font dictionary whose metrics PDFium replaced or a glyph PDFium has no Unicode for (never a
page's content: the page is found down the page tree by /Count and each object read alone,
``_PageAt``, ``_parse_single_objects``); ``tests/pdf/test_source.py`` compares both.

What PDFium does differently and how the records are made the same:

- its coordinates are the PDF's user space (origin bottom-left, not shifted to the MediaBox,
  not turned by ``/Rotate``): each point goes through the transformation pdfminer applies, then
  pdfplumber's flip to ``top``; its MediaBox call reads the page's own entry only, so an
  inherited MediaBox comes from the page's bounding box;
- its *loose* box (``FPDFText_GetLooseCharBox``) spans the font's ascent to descent (or the
  glyph's ink), its *tight* box (``FPDFText_GetCharBox``) the ink only; pdfminer's box is the
  advance wide and one font size high from the font's descent, and that box is rebuilt: from the
  glyph's origin, its advance (the loose box's width, which is the font's /W entry; for a font
  that is not embedded PDFium sizes that box from the font it substitutes, so there the width
  is looked up by Unicode) and the font's descent: PDFium's ``FPDFFont_GetDescent`` is the
  descriptor's /Descent, which pdfminer uses, unless PDFium found it wanting (0, missing) and took
  the font's bounding box or glyphs (0, ``-13``, ``-958`` per 1000): a value outside 5-50 % of
  the em is read from the font dictionary with pdfminer instead (once a font);
- it inserts spaces and line ends it guessed (``FPDFText_IsGenerated``): skipped; a text object
  that draws nothing but a space, which PDFium leaves out of its text page, is put back as a
  blank (it ends a word, as pdfminer's does);
- a glyph whose ToUnicode map gives several characters (a ligature, a broken map giving NUL +
  a byte) comes as one record per character at one origin: joined again into one glyph;
- it marks a hyphen ending a line (U+0002): ``-`` again;
- a glyph it finds no Unicode for (``FPDFText_HasUnicodeMapError``) reads as pdfminer reads it
  (a simple font's encoding, else ``(cid:N)``, which the layout knows as a glyph from a font
  without a ToUnicode map);
- invisible text (render mode 3, the text layer of a scanned page) is kept, as pdfminer keeps
  it; each record carries ``render_mode`` too;
- pdfminer's font sizes carry float noise (``10.460800000000063`` beside ``10.46079999999995``,
  from each font's descent and the baseline's height) that splits pdfplumber's words at some
  changes of font and not others, by chance: the PDFium words take sizes within ``SIZE_NOISE``
  as one size (no word split by a change of font alone); where pdfminer's noise split a word
  and the layout put a space (``Debian 参考手册``), the PDFium line has none;
- the advance is the loose box's edge ahead of the origin (the loose box is the advance box
  joined with the ink), or pdfminer's width for the code where the ink reaches that edge (an
  italic letter); for a font that is not embedded, pdfminer's width and descent (its /W, the
  standard 14's metrics); along any axis (turned labels);
- a curve is boxed by its segments' ends, not its control points (pdfminer's ``LTCurve``);
- PDFium leaves out a text object drawn twice at one place (overprinted bold): it stays out
  (pdfminer reads each glyph twice, ``重重要要``);
- PDFium's text page also leaves out a text object whose glyphs have no width on the page: a
  character drawn alone in a font that is not embedded, where no font of the machine has that
  glyph (every ``，`` of a journal set in 方正书宋_GBK on a machine without Chinese fonts), and it
  offers no call to read such an object's codes: a page with one is pdfplumber's, characters,
  words, graphics and tables (``PdfiumPage._reference``; pages of the corpus's real journals set
  in such fonts, none of the manuals').

Remaining differences (``tests/pdf/test_source.py`` bounds them): those spaces; TeX math fonts
without a ToUnicode map, which pdfminer reads through the standard encoding (``2"`` for ``2ε``,
``8:5`` for ``8.5``) and PDFium as printed; the order and boxes of formula glyphs drawn over
each other.
"""

from __future__ import annotations

import ctypes
import io
import os
from collections.abc import Iterator
from operator import itemgetter

#: The character sources ``extract_pdf(source=...)`` accepts.
SOURCES = ("pypdfium2", "pdfplumber")
#: The default: PDFium, about 5x faster than pdfminer at the characters. The PDF benches score
#: the same with both (lshort's CER is 0.00 % with PDFium, 0.01 % with pdfplumber: pdfminer reads
#: \\LaTeXe's ε as ``"``), and every journal reads the same paragraphs with both
#: (``tests/pdf/test_source.py``); ``"pdfplumber"`` stays selectable, the former reference.
DEFAULT_SOURCE = "pypdfium2"
#: The environment variable naming a run's character source (``qikan run --pdf-source`` sets
#: it, so the worker processes read as the flow does); unset or empty: ``DEFAULT_SOURCE``.
SOURCE_ENV = "QIKAN_PDF_SOURCE"

#: PDFium's font descent, as a share of the em, taken as the font descriptor's (see
#: ``PdfiumPage._object_info``).
DESCENT_TRUSTED = (0.05, 0.5)

#: Three rules or more across and three or more down (within this many points of each other)
#: could make a grid of two rows and two columns: only then are pdfplumber's tables asked for.
RULE_SNAP = 3.0


class PdfiumPage:
    """One page read with PDFium, offering what ``read_page`` reads from a pdfplumber page (see
    the module docstring)."""

    def __init__(self, source: PdfiumSource, index: int, doctop: float):
        import pypdfium2.raw as R

        self._source, self._index = source, index
        self.page_number = index + 1
        self._page = source.pdf[index]
        left, bottom, right, top = _mediabox(self._page.raw, R)
        self.rotation = self._page.get_rotation() % 360
        x0, x1 = sorted((left, right))
        y0, y1 = sorted((bottom, top))
        # pdfminer's page transformation (PDFPageInterpreter.process_page), then pdfplumber's flip
        if self.rotation == 90:
            self._ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif self.rotation == 180:
            self._ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif self.rotation == 270:
            self._ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self._ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        if self.rotation in (90, 270):
            self._shift, self.width, self.height = y0, y1 - y0, x1 - x0
        else:
            self._shift, self.width, self.height = x0, x1 - x0, y1 - y0
        self.bbox = (self._shift, 0.0, self._shift + self.width, self.height)
        self.doctop = doctop
        self._R = R
        self._matrix = R.FS_MATRIX()  # a text object's matrix, filled by _object_info
        self._matrix_ref = ctypes.byref(self._matrix)
        self._chars: list[dict] | None = None
        #: pdfplumber's page, which answers for this one when PDFium's text page left out glyphs
        #: it could not read (``_with_blanks``): its characters, words, graphics and tables
        self._reference = None
        self._paths: tuple[list[dict], list[dict], int, int] | None = None

    # -- characters ------------------------------------------------------------------------
    @property
    def chars(self) -> list[dict]:
        if self._chars is None:
            self._chars = self._read_chars()
        return self._chars

    def _point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._ctm
        return (a * x + c * y + e, b * x + d * y + f)

    def _read_chars(self) -> list[dict]:
        R = self._R
        textpage = self._page.get_textpage()
        try:
            chars = self._chars_of(textpage.raw, R)
        finally:
            textpage.close()
        if chars is None:  # glyphs PDFium could not read: the page is pdfplumber's (``_reference``)
            self._reference = self._source.plumber_page(self._index)
            chars = self._reference.chars
        return chars

    def _chars_of(self, tp, R) -> list[dict] | None:
        """The page's records (module docstring), or None when PDFium's text page left out glyphs
        it could not measure (``_with_blanks``)."""
        n = R.FPDFText_CountChars(tp)
        f = _functions(R)
        is_generated, get_object, get_box = f["is_generated"], f["get_object"], f["get_box"]
        get_origin, map_error, get_unicode = f["get_origin"], f["map_error"], f["get_unicode"]
        codes = _page_text(tp, n, R)  # one call for the page; None when it does not map 1:1
        tp = ctypes.cast(tp, ctypes.c_void_p).value  # the text page's address, for the calls above
        rect = R.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        tl, tr, tb, tt = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        tl_ref, tr_ref, tb_ref, tt_ref = ctypes.byref(tl), ctypes.byref(tr), ctypes.byref(tb), ctypes.byref(tt)
        get_tight = f["get_tight"]
        ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
        objects: dict[int, tuple] = {}
        glyph_width = R.FPDFFont_GetGlyphWidth
        width = ctypes.c_float()
        width_ref = ctypes.byref(width)
        widths: dict[tuple[int, int], float] = {}
        # what the objects of one font, size, matrix and mode share (``_object_info``), with
        # whether a glyph's ink reaches its advance box's edge ahead (PDFium's tight box, the
        # dearest call a character) by character: a page draws each of its few hundred distinct
        # characters many times
        groups: dict[tuple, tuple] = {}
        a0, b0, c0, d0, e0, f0 = self._ctm
        shift, height, doctop = self._shift, self.height, self.doctop
        page_number = self.page_number
        out: list[dict] = []
        keys: list[int] = []  # the text object of each record
        lkey = lx = ly = None  # the last record's object and origin
        fonts: dict[tuple[int, float], tuple] = {}  # this page's fonts (PDFium may free them with it)
        key_now = None
        for i in range(n):
            u = codes[i] if codes is not None else get_unicode(tp, i)
            # PDFium generates only spaces and line ends (U+0020, U+000D, U+000A)
            if (u == 32 or u == 10 or u == 13 or codes is None) and is_generated(tp, i):
                continue
            key = get_object(tp, i) or 0
            if key != key_now:  # a text object's characters come together
                info = objects.get(key)
                if info is None:
                    info = objects[key] = self._object_info(tp, i, key, R, fonts, groups)
                (
                    fontname,
                    mode,
                    ma,
                    mb,
                    mc,
                    md,
                    fontsize,
                    descent,
                    font,
                    c_fontsize,
                    embedded,
                    upright,
                    ama,
                    scale,
                    axis,
                    mcd,
                    mdd,
                    mchy,
                    mdhy,
                    leans,
                ) = info
                key_now = key
            get_origin(tp, i, ox_ref, oy_ref)
            x, y = ox.value, oy.value
            if x == lx and y == ly and key == lkey and out:
                # one glyph whose ToUnicode map gives several characters (a ligature): one
                # record, as pdfminer, as wide as the glyph (not its first character)
                rec = out[-1]
                rec["text"] += chr(u)
                if len(rec["text"]) == 2 and mb == 0 and mc == 0:
                    get_box(tp, i, rect_ref)
                    rec["x1"] = rec["x0"] + abs(rect.right - rect.left) * abs(a0 + b0)
                    rec["width"] = rec["x1"] - rec["x0"]
                continue
            lkey, lx, ly = key, x, y
            if map_error(tp, i):
                text = self._source.unmapped(self._index, fontname, u)
            elif (u == 2 or u == 0xFFFE) and f["is_hyphen"](tp, i):
                text = "-"  # PDFium marks a hyphen that ends a line (U+0002, U+FFFE in its page text)
                u = 0x2D
            else:
                text = chr(u)
            # the advance: the loose box's width is the font's /W or /Widths entry for the code;
            # for a font that is not embedded PDFium sizes the loose box from the font it
            # substitutes, so there the width is looked up by Unicode (as pdfminer reads /W)
            adv = None
            if not embedded and u >= 0x20:
                wkey = (key, u)
                adv = widths.get(wkey)
                if adv is None:
                    # pdfminer's width for the code (the font dictionary's /W or /Widths, the
                    # standard 14's metrics), else PDFium's for the Unicode
                    em = self._source.width(self._index, fontname, text, font)
                    if em is not None:
                        adv = widths[wkey] = em * fontsize
                    elif glyph_width(font, u, c_fontsize, width_ref) and width.value > 0:
                        adv = widths[wkey] = width.value
            if adv is None and axis:
                # the loose box is the advance box joined with the glyph's ink: from the origin
                # to its edge ahead, unless the ink reaches that edge (an italic letter leaning
                # out): then the font's width, as pdfminer reads it. Which one holds for the
                # character in its font, size and matrix: ``leans`` keeps pdfminer's width for
                # it, or False for the loose box's
                adv = leans.get(u)
                if adv is None or adv is False:
                    get_box(tp, i, rect_ref)
                    if axis == 1:
                        reach, step = rect.right - x, ma
                    elif axis == 2:
                        reach, step = x - rect.left, -ma
                    elif axis == 3:
                        reach, step = rect.top - y, mb
                    else:
                        reach, step = y - rect.bottom, -mb
                    if adv is None:
                        get_tight(tp, i, tl_ref, tr_ref, tb_ref, tt_ref)
                        if axis == 1:
                            ink = tr.value - x
                        elif axis == 2:
                            ink = x - tl.value
                        elif axis == 3:
                            ink = tt.value - y
                        else:
                            ink = y - tb.value
                        em = None
                        if ink >= reach - 1e-3 and u >= 0x20:
                            em = self._source.width(self._index, fontname, text, font)
                        adv = leans[u] = False if em is None else em * fontsize
                    if adv is False:
                        adv = reach / step
            elif adv is None:
                get_box(tp, i, rect_ref)
                adv = abs(rect.right - rect.left) / scale
            # pdfminer's glyph box in text space: the advance wide, one font size high from the
            # descent, through the glyph's matrix and the page's
            ux, uy = mcd + x, mdd + y
            vx, vy = ma * adv + mchy + x, mb * adv + mdhy + y
            p0x, p0y = a0 * ux + c0 * uy + e0, b0 * ux + d0 * uy + f0
            p1x, p1y = a0 * vx + c0 * vy + e0, b0 * vx + d0 * vy + f0
            x0, x1 = (p0x, p1x) if p0x <= p1x else (p1x, p0x)
            y0, y1 = (p0y, p1y) if p0y <= p1y else (p1y, p0y)
            top = height - y1
            keys.append(key)
            out.append(
                {
                    "text": text,
                    "fontname": fontname,
                    "size": y1 - y0,
                    "adv": adv * ama,
                    "upright": upright,
                    "x0": x0 + shift,
                    "x1": x1 + shift,
                    "y0": y0,
                    "y1": y1,
                    "width": x1 - x0,
                    "height": y1 - y0,
                    "top": top,
                    "bottom": height - y0,
                    "doctop": doctop + top,
                    "matrix": (ma, mb, mc, md, x, y),
                    "render_mode": mode,
                    "object_type": "char",
                    "page_number": page_number,
                }
            )
        return self._with_blanks(out, keys, objects, R)

    def _with_blanks(self, out: list[dict], keys: list[int], seen: dict, R) -> list[dict] | None:
        """``out`` with the text objects PDFium's text page left out put back, or None when one
        of them may hold glyphs.

        PDFium's text page leaves out a text object whose glyphs have no width on the page. In
        an embedded font that is a blank; in a font that is not embedded, whose glyphs PDFium
        takes from a font of the system, it is also any glyph that font has not (a Chinese
        character where the machine has no Chinese font: each ``，`` drawn alone of a journal
        set in 方正书宋_GBK), and PDFium offers no way to read the codes of such an object: the
        caller reads that page with pdfminer.

        PDFium drops a text object that draws nothing but a space (U+0020, U+00A0, U+3000) and
        may put a space of its own guessing elsewhere; pdfminer keeps it, and a blank glyph ends
        a word in pdfplumber's word grouping: ``比如 SSH 或`` must not become ``比如SSH或``. The
        blank goes after the characters of the objects drawn before it. PDFium also drops a
        text object that repeats the one drawn just before it at the same place (overprinted
        bold): that one stays out (pdfminer reads each of its glyphs twice, ``重重要要``)."""
        order: list[int] = []
        missing: list[tuple[int, object]] = []
        page = self._page.raw

        f = _functions(R)
        obj_type, page_object, text, form = f["obj_type"], f["page_object"], R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_FORM

        def walk(count, get) -> None:
            for k in range(count):
                ptr = get(k) or 0  # the object's address
                kind = obj_type(ptr)
                if kind == text:
                    if ptr not in seen:
                        missing.append((len(order), ctypes.cast(ctypes.c_void_p(ptr), R.FPDF_PAGEOBJECT)))
                    order.append(ptr)
                elif kind == form:
                    o = ctypes.cast(ctypes.c_void_p(ptr), R.FPDF_PAGEOBJECT)
                    walk(
                        R.FPDFFormObj_CountObjects(o),
                        lambda j, o=o: ctypes.cast(R.FPDFFormObj_GetObject(o, j), ctypes.c_void_p).value,
                    )

        walk(R.FPDFPage_CountObjects(page), lambda j: page_object(page, j))
        if not missing:
            return out
        rank = {ptr: i for i, ptr in enumerate(order)}
        ranks = [rank.get(k, -1) for k in keys]
        left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        inserts: list[tuple[int, dict]] = []
        for j, obj in missing:
            if self._repeats(obj, order[j - 1] if j else None, R):
                continue  # drawn twice at one place: read once (pdfminer reads each glyph twice)
            if not R.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            if right.value - left.value < 0.01:
                font = R.FPDFTextObj_GetFont(obj)
                if font and not R.FPDFFont_GetIsEmbedded(font):
                    return None
            (x0, y0), (x1, y1) = self._point(left.value, bottom.value), self._point(right.value, top.value)
            x0, x1 = sorted((x0, x1))
            y0, y1 = sorted((y0, y1))
            if x1 - x0 <= 0 or y1 - y0 <= 0:
                continue
            pos = next((n for n, r in enumerate(ranks) if r > j), len(ranks))
            rec = {
                "text": " ",
                "fontname": "",
                "size": y1 - y0,
                "adv": x1 - x0,
                "upright": True,
                "x0": x0 + self._shift,
                "x1": x1 + self._shift,
                "y0": y0,
                "y1": y1,
                "width": x1 - x0,
                "height": y1 - y0,
                "top": self.height - y1,
                "bottom": self.height - y0,
                "doctop": self.doctop + self.height - y1,
                "matrix": (1.0, 0.0, 0.0, 1.0, x0, y0),
                "render_mode": R.FPDFTextObj_GetTextRenderMode(obj),
                "object_type": "char",
                "page_number": self.page_number,
            }
            inserts.append((pos, rec))
        for pos, rec in sorted(inserts, key=lambda t: t[0], reverse=True):
            out.insert(pos, rec)
        return out

    @staticmethod
    def _repeats(obj, before: int | None, R) -> bool:
        """Whether the text object ``obj`` covers the very box of the text object ``before``: a
        repeat PDFium leaves out (overprinted bold)."""
        if not before:
            return False
        boxes = []
        for o in (obj, ctypes.cast(ctypes.c_void_p(before), R.FPDF_PAGEOBJECT)):
            v = [ctypes.c_float() for _ in range(4)]
            if not R.FPDFPageObj_GetBounds(o, *v):
                return False
            boxes.append([x.value for x in v])
        return all(abs(p - q) < 0.01 for p, q in zip(*boxes))

    def _object_info(self, tp: int, i: int, key: int, R, fonts: dict, groups: dict) -> tuple:
        """What the records of a text object share: its font's name, render mode, matrix, font
        size, its font's descent, PDFium's font, the size as a C float, whether the font is
        embedded, whether upright; then, for the box arithmetic of ``_chars_of``: the matrix's
        scale along x and overall, the axis the glyphs advance along, the descent's and the
        top's parts, and ``leans`` (see there). ``fonts``: the page's fonts read so far, by
        PDFium's font and the size; ``groups``: these tuples by font, size, matrix and mode (the
        objects of a page share a few)."""
        f = _functions(R)
        m = self._matrix
        f["get_matrix"](tp, i, self._matrix_ref)
        fontsize = f["font_size"](tp, i)
        ma, mb, mc, md = m.a, m.b, m.c, m.d
        mode, address = (f["render_mode"](key), f["text_font"](key)) if key else (0, None)
        group = (address, fontsize, ma, mb, mc, md, mode)
        if address and group in groups:
            return groups[group]
        fontname, descent, font, embedded, c_fontsize = "", 0.0, None, True, None
        if address:  # the font's address: no ctypes.cast an object
            known = fonts.get((address, fontsize))
            if known is None:
                font = ctypes.cast(ctypes.c_void_p(address), R.FPDF_FONT)
                known = fonts[(address, fontsize)] = (
                    font,
                    *self._font_info(font, fontsize, R),
                    ctypes.c_float(fontsize),
                )
            font, fontname, embedded, descent, c_fontsize = known
        # pdfminer: upright when the glyph's matrix and the page's keep x right and y up
        a0, b0, c0, d0, _, _ = self._ctm
        ta, tb = ma * a0 + mb * c0, ma * b0 + mb * d0
        tc, td = mc * a0 + md * c0, mc * b0 + md * d0
        upright = 0 < ta * td and tb * tc <= 0
        # the direction the glyphs advance in, when along an axis and not skewed: right, left,
        # up, down (1-4); 0 otherwise
        if mb == 0 and mc == 0 and ma:
            axis = 1 if ma > 0 else 2
        elif ma == 0 and md == 0 and mb:
            axis = 3 if mb > 0 else 4
        else:
            axis = 0
        hy = descent + fontsize
        info = (
            fontname,
            mode,
            ma,
            mb,
            mc,
            md,
            fontsize,
            descent,
            font,
            c_fontsize,
            embedded,
            upright,
            abs(ma),
            max(abs(ma), abs(mb), 1e-9),
            axis,
            mc * descent,
            md * descent,
            mc * hy,
            md * hy,
            {},  # leans
        )
        if address:
            groups[group] = info
        return info

    def _font_info(self, font, fontsize: float, R) -> tuple[str, bool, float]:
        """A font's name, whether it is embedded, and its descent at ``fontsize``."""
        fontname = self._source.font_name(font, R)
        embedded = bool(R.FPDFFont_GetIsEmbedded(font))
        # the descent pdfminer boxes a glyph from is the font descriptor's /Descent; PDFium reads
        # the same unless it finds that one wanting (0, missing) and takes the font's bounding
        # box or glyphs instead: a descent outside 5-50 % of the em is asked of pdfminer's reading
        # of the font dictionary (a few objects read: once a font)
        descent = 0.0
        d = ctypes.c_float()
        if R.FPDFFont_GetDescent(font, ctypes.c_float(fontsize), ctypes.byref(d)):
            descent = d.value
        # a font that is not embedded: PDFium's descent is the substitute's, pdfminer's the
        # font descriptor's or, for the standard 14, its own metrics (Helvetica's -207)
        if not embedded or not -DESCENT_TRUSTED[1] * fontsize <= descent <= -DESCENT_TRUSTED[0] * fontsize:
            pm = self._source.pdfminer_font(self._index, fontname, font)
            if pm is not None:
                descent = pm.get_descent() * fontsize
        return fontname, embedded, descent

    def extract_words(self, **kwargs) -> list[dict]:
        """pdfplumber's words over ``chars``; ``read_page``'s case through ``_words``."""
        chars = self.chars
        if self._reference is not None:
            return self._reference.extract_words(**kwargs)
        return _extract_words(chars, kwargs)

    # -- rules and tables ------------------------------------------------------------------
    def _read_paths(self) -> tuple[list[dict], list[dict], int, int, list[dict], list[dict]]:
        """Rects, lines (and curves: every other subpath) as pdfminer classifies a path's
        subpaths, how many distinct rule positions across and down the page holds (for the table
        check), and the images' boxes (the layout's figure finder wants them all)."""
        R = self._R
        rects: list[dict] = []
        lines: list[dict] = []
        curves: list[dict] = []
        images: list[dict] = []
        across: list[float] = []
        down: list[float] = []
        page = self._page.raw

        def walk(count, get, matrix) -> None:
            for k in range(count):
                obj = get(k)
                kind = R.FPDFPageObj_GetType(obj)
                m = R.FS_MATRIX()
                R.FPDFPageObj_GetMatrix(obj, m)
                mm = _mult((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
                if kind == R.FPDF_PAGEOBJ_FORM:
                    walk(R.FPDFFormObj_CountObjects(obj), lambda j, o=obj: R.FPDFFormObj_GetObject(o, j), mm)
                elif kind == R.FPDF_PAGEOBJ_PATH:
                    self._subpaths(obj, mm, (rects, lines, curves), across, down, R)
                elif kind == R.FPDF_PAGEOBJ_IMAGE:  # the unit square, placed by its matrix
                    a, b, c, d, e, f = mm
                    corners = [(a * u + c * v + e, b * u + d * v + f) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
                    images.append(
                        {**self._box([p[0] for p in corners], [p[1] for p in corners]), "object_type": "image"}
                    )

        walk(R.FPDFPage_CountObjects(page), lambda j: R.FPDFPage_GetObject(page, j), self._ctm)
        return rects, lines, _clusters(across), _clusters(down), curves, images

    def _box(self, xs: list[float], ys: list[float]) -> dict:
        """pdfplumber's box keys for points in PDF space (origin at the foot of the page)."""
        rec = {
            "x0": min(xs) + self._shift,
            "x1": max(xs) + self._shift,
            "top": self.height - max(ys),
            "bottom": self.height - min(ys),
        }
        rec["width"], rec["height"] = rec["x1"] - rec["x0"], rec["bottom"] - rec["top"]
        return rec

    def _subpaths(self, obj, matrix, out: tuple[list, list, list], across, down, R) -> None:
        rects, lines, curves = out
        x, y = ctypes.c_float(), ctypes.c_float()
        a, b, c, d, e, f = matrix
        subpaths: list[list[tuple[float, float, int]]] = []
        bezier = 0  # PDFium gives a curve's two control points and its end as three segments
        for s in range(R.FPDFPath_CountSegments(obj)):
            seg = R.FPDFPath_GetPathSegment(obj, s)
            R.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            kind = R.FPDFPathSegment_GetType(seg)
            px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            if kind == R.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([])
            if kind == R.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3:
                    continue  # a control point: pdfminer boxes a curve by its segments' ends
            subpaths[-1].append((px, py, kind))
            first = subpaths[-1][0]
            if R.FPDFPathSegment_GetClose(seg) and (px, py) != first[:2]:
                subpaths[-1].append((*first[:2], R.FPDF_SEGMENT_LINETO))
        for pts in subpaths:
            if len(pts) < 2:
                continue
            rec = self._box([p[0] for p in pts], [p[1] for p in pts])
            curved = any(p[2] == R.FPDF_SEGMENT_BEZIERTO for p in pts)
            if len(pts) == 2 and not curved:
                lines.append({**rec, "object_type": "line"})
            elif not curved and len(pts) in (4, 5) and pts[-1][:2] == pts[0][:2] and _axis_aligned(pts):
                rects.append({**rec, "object_type": "rect"})
            else:
                curves.append({**rec, "object_type": "curve"})
            for (x0, y0, _), (x1, y1, _) in zip(pts, pts[1:]):
                if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= 1:
                    across.append(y0)
                elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= 1:
                    down.append(x0)

    def _path_part(self, i: int, name: str) -> list[dict]:
        """One of the page's graphics lists, read (all of them, once) when first asked for;
        ``name``: pdfplumber's, for a page it answers for."""
        if self.chars is not None and self._reference is not None:
            return getattr(self._reference, name)
        if self._paths is None:
            self._paths = self._read_paths()
        return self._paths[i]

    @property
    def rects(self) -> list[dict]:
        return self._path_part(0, "rects")

    @property
    def lines(self) -> list[dict]:
        return self._path_part(1, "lines")

    @property
    def curves(self) -> list[dict]:
        return self._path_part(4, "curves")

    @property
    def images(self) -> list[dict]:
        return self._path_part(5, "images")

    @property
    def may_hold_table(self) -> bool:
        """Rules enough for a grid of two rows and two columns (see ``RULE_SNAP``)."""
        if self._paths is None:
            self._paths = self._read_paths()
        return self._paths[2] >= 3 and self._paths[3] >= 3

    def find_tables(self, table_settings=None) -> list:
        if self.chars is not None and self._reference is not None:
            return self._reference.find_tables(table_settings)
        if not self.may_hold_table:
            return []
        page = self._source.plumber_page(self._index)
        try:
            return page.find_tables(table_settings)
        finally:
            page.close()

    def close(self) -> None:
        self._chars = None
        self._paths = None
        if self._reference is not None:
            self._reference.close()
            self._reference = None
        self._page.close()


#: pdfplumber's word grouping tolerances (its defaults, which ``read_page`` uses)
X_TOLERANCE = Y_TOLERANCE = 3


#: Font sizes within this many points of each other are one size to the word grouping.
#: pdfminer's sizes carry float noise: a glyph's size is the top of its box less the foot, both
#: summed with the baseline's ``y`` (``10.460800000000063`` beside ``10.46079999999995`` on one
#: line, depending on each font's descent and the line's height on the page), so pdfplumber's
#: ``extract_words(extra_attrs=["size"])`` split words at some changes of font and not at
#: others: the Debian manual's running head read ``Debian参考手册`` on one page and
#: ``Debian 参考手册`` on the next, a list item gained the space that made it a heading. A real
#: change of size (a superscript, a smaller caption) is a tenth of a point or more.
SIZE_NOISE = 1e-3


def _runs(chars: list[dict], extra_attrs: list[str]) -> Iterator[tuple[bool, list[dict]]]:
    """pdfplumber's ``itertools.groupby(chars, itemgetter("upright", *extra_attrs))``, with
    ``size`` equal within ``SIZE_NOISE`` of the run's last character."""
    others = [k for k in extra_attrs if k != "size"]
    by_size = len(others) != len(extra_attrs)
    run: list[dict] = []
    last = None
    for c in chars:
        if last is not None and (
            c["upright"] != last["upright"]
            or (by_size and abs(c["size"] - last["size"]) > SIZE_NOISE)
            or (others and any(c[k] != last[k] for k in others))
        ):
            yield last["upright"], run
            run = []
        run.append(c)
        last = c
    if run:
        yield last["upright"], run


def _extract_words(chars: list[dict], kwargs: dict) -> list[dict]:
    """``extract_words(**kwargs)`` for a page of either source: ``read_page``'s one case (blanks
    end words, pdfplumber's default tolerances) through ``_words``, any other through
    pdfplumber's own."""
    from pdfplumber.utils import extract_words

    if set(kwargs) <= {"extra_attrs", "keep_blank_chars", "return_chars"} and not kwargs.get("keep_blank_chars"):
        return _words(chars, list(kwargs.get("extra_attrs") or ()), kwargs.get("return_chars", False))
    return extract_words(chars, **kwargs)


def _words(chars: list[dict], extra_attrs: list[str], return_chars: bool) -> list[dict]:
    """pdfplumber's ``extract_words(chars, extra_attrs=..., return_chars=...)`` with its
    defaults (tolerances of 3, blanks end words, ligatures expanded), the same words in the same
    order but for float noise in the sizes (``SIZE_NOISE``), written for the one case
    ``read_page`` asks for: about twice as fast. Runs of rotated text go to pdfplumber's own
    ``WordExtractor``; ``tests/pdf/test_source.py`` compares both."""
    from pdfplumber.utils.text import LIGATURES, WordExtractor

    out: list[dict] = []
    rotated = None
    x0_of = itemgetter("x0")
    # a record that is a ligature glyph reads as its letters (pdfplumber expands each char's text)
    ligatures = any(c["text"] in LIGATURES for c in chars)
    for upright, group in _runs(chars, extra_attrs):
        if not upright:
            # the run's attributes are one (up to noise): pdfplumber's grouping without them
            rotated = rotated or WordExtractor()
            for word, word_chars in rotated.iter_extract_tuples(group):
                for key in extra_attrs:
                    word[key] = word_chars[0][key]
                out.append({**word, "chars": word_chars} if return_chars else word)
            continue
        for line in _lines(group, Y_TOLERANCE):
            line.sort(key=x0_of)
            word: list[dict] = []
            runs: list[list[dict]] = []
            for c in line:
                if c["text"].isspace():
                    if word:
                        runs.append(word)
                    word = []
                    continue
                if word:
                    a = word[-1]
                    cx = c["x0"]
                    if cx < a["x0"] or cx > a["x1"] + X_TOLERANCE or abs(c["top"] - a["top"]) > Y_TOLERANCE:
                        runs.append(word)
                        word = [c]
                        continue
                word.append(c)
            if word:
                runs.append(word)
            for run in runs:
                first = run[0]
                x0 = first["x0"]  # the line is in order of x0
                top, x1, bottom = first["top"], first["x1"], first["bottom"]
                for c in run:
                    if c["top"] < top:
                        top = c["top"]
                    if c["x1"] > x1:
                        x1 = c["x1"]
                    if c["bottom"] > bottom:
                        bottom = c["bottom"]
                w = {
                    "text": "".join([LIGATURES.get(c["text"], c["text"]) for c in run])
                    if ligatures
                    else "".join([c["text"] for c in run]),
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "doctop": top + (first["doctop"] - first["top"]),
                    "bottom": bottom,
                    "upright": upright,
                    "height": bottom - top,
                    "width": x1 - x0,
                    "direction": "ltr",
                }
                for key in extra_attrs:
                    w[key] = first[key]
                if return_chars:
                    w["chars"] = run
                out.append(w)
    return out


def _lines(chars: list[dict], tolerance: float) -> list[list[dict]]:
    """pdfplumber's ``cluster_objects(chars, "top", tolerance)``, written out: the distinct tops
    in order, a new line where one lies more than ``tolerance`` below the one before; the
    characters of each line in their order, the lines from the top."""
    tops = [c["top"] for c in chars]
    line_of: dict[float, int] = {}
    k, last = -1, None
    for t in sorted(set(tops)):
        if last is None or t > last + tolerance:
            k += 1
        line_of[t] = k
        last = t
    lines: list[list[dict]] = [[] for _ in range(k + 1)]
    for c, t in zip(chars, tops):
        lines[line_of[t]].append(c)
    return lines


_FUNCTIONS: dict[str, object] = {}


def _functions(R) -> dict[str, object]:
    """The PDFium calls made once a character, bound once: ``FPDFText_GetTextObject`` returning
    the object's address as an int (a dictionary key without a ``ctypes.cast`` a character)."""
    if not _FUNCTIONS:
        # the same C function under a prototype of our own (pypdfium2's binding stays as it is)
        address = ctypes.cast(R.FPDFText_GetTextObject, ctypes.c_void_p).value
        get_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)
        # and the page's objects by address, for the walk over them (``_with_blanks``)
        address = ctypes.cast(R.FPDFPage_GetObject, ctypes.c_void_p).value
        page_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)
        address = ctypes.cast(R.FPDFPageObj_GetType, ctypes.c_void_p).value
        obj_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(address)
        address = ctypes.cast(R.FPDFTextObj_GetTextRenderMode, ctypes.c_void_p).value
        render_mode = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(address)
        address = ctypes.cast(R.FPDFTextObj_GetFont, ctypes.c_void_p).value
        text_font = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(address)
        _FUNCTIONS.update(
            render_mode=render_mode,
            text_font=text_font,
            page_object=page_object,
            obj_type=obj_type,
            is_generated=_plain(R.FPDFText_IsGenerated, ctypes.c_int, 2),
            get_object=get_object,
            get_box=_plain(R.FPDFText_GetLooseCharBox, ctypes.c_int, 3),
            get_tight=_plain(R.FPDFText_GetCharBox, ctypes.c_int, 6),
            get_origin=_plain(R.FPDFText_GetCharOrigin, ctypes.c_int, 4),
            map_error=_plain(R.FPDFText_HasUnicodeMapError, ctypes.c_int, 2),
            get_unicode=_plain(R.FPDFText_GetUnicode, ctypes.c_uint, 2),
            get_matrix=_plain(R.FPDFText_GetMatrix, ctypes.c_int, 3),
            font_size=_plain(R.FPDFText_GetFontSize, ctypes.c_double, 2),
            is_hyphen=_plain(R.FPDFText_IsHyphen, ctypes.c_int, 2),
        )
    return _FUNCTIONS


def _plain(function, restype, n_args: int):
    """``function`` (a ``FPDFText_*`` call taking the text page, a character index and pointers
    to what it fills) under a prototype of plain addresses and ints: a third cheaper a call than
    through pypdfium2's typed binding, which stays as it is."""
    args = [ctypes.c_void_p, ctypes.c_int] + [ctypes.c_void_p] * (n_args - 2)
    return ctypes.CFUNCTYPE(restype, *args)(ctypes.cast(function, ctypes.c_void_p).value)


def _page_text(tp, n: int, R) -> list[int] | None:
    """The code points of the page's ``n`` characters in one call, or None when the page holds
    a character outside the BMP (two UTF-16 units: the indices would not match)."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = R.FPDFText_GetText(tp, 0, n, buf)
    units = list(buf[: max(got - 1, 0)])
    if len(units) != n or any(0xD800 <= c <= 0xDFFF for c in units):
        return None
    return units


def _mediabox(page, R) -> tuple[float, float, float, float]:
    """The page's MediaBox, inherited from the page tree when the page has none of its own
    (``FPDFPage_GetMediaBox`` reads the page's own entry only; the bounding box PDFium uses
    for the page is the CropBox, which defaults to the inherited MediaBox)."""
    box = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in box]
    if not R.FPDFPage_GetMediaBox(page, *refs):
        rect = R.FS_RECTF()
        R.FPDF_GetPageBoundingBox(page, rect)
        box = [rect.left, rect.bottom, rect.right, rect.top]
    # PDFium keeps floats: 595.2756 comes back as 595.27557373...; boxes are written with a few decimals
    return tuple(round(v if isinstance(v, float) else v.value, 4) for v in box)


def _mult(m, n) -> tuple[float, ...]:
    """The matrix ``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (
        a * a1 + b * c1,
        a * b1 + b * d1,
        c * a1 + d * c1,
        c * b1 + d * d1,
        e * a1 + f * c1 + e1,
        e * b1 + f * d1 + f1,
    )


def _axis_aligned(pts) -> bool:
    return all(abs(p[0] - q[0]) <= 1e-3 or abs(p[1] - q[1]) <= 1e-3 for p, q in zip(pts, pts[1:]))


def _clusters(values: list[float]) -> int:
    """How many groups of values lie within ``RULE_SNAP`` of the next."""
    n, last = 0, None
    for v in sorted(values):
        if last is None or v - last > RULE_SNAP:
            n += 1
        last = v
    return n


class PdfiumSource:
    """A PDF opened with PDFium; pdfplumber is opened on the same bytes only when a page may
    hold a table."""

    def __init__(self, data: bytes):
        import pypdfium2 as pdfium

        self.data = data
        self.pdf = pdfium.PdfDocument(data)
        self._plumber = None
        self._pdfminer_fonts: dict[int, dict[str, object]] = {}
        self._manager = None
        self._by_handle: dict[tuple[int, str], object] = {}
        self._codes: dict[int, dict[str, int]] = {}  # pdfminer font (id) -> Unicode -> code
        self._pdfminer_pages: list = []  # pdfminer's pages, read as far as asked
        self._pdfminer_iter = None

    def __len__(self) -> int:
        return len(self.pdf)

    def __iter__(self) -> Iterator[PdfiumPage]:
        doctop = 0.0
        for i in range(len(self.pdf)):
            page = PdfiumPage(self, i, doctop)
            doctop += page.height
            yield page

    def font_name(self, font, R) -> str:
        size = R.FPDFFont_GetBaseFontName(font, None, 0)
        buf = ctypes.create_string_buffer(max(size, 1))
        R.FPDFFont_GetBaseFontName(font, buf, size)
        return buf.value.decode("utf-8", "replace")

    def pdfminer_font(self, index: int, fontname: str, handle=None):
        """pdfminer's reading of the font named ``fontname`` on page ``index`` (its dictionary
        only, not the page's content), or None; cached by PDFium's font ``handle``, which PDFium
        keeps for the document, so a page's fonts are read only when it brings a new one."""
        # PDFium frees a font no open page uses, and its address may serve another: the name too
        key = (ctypes.cast(handle, ctypes.c_void_p).value, fontname) if handle else None
        if key is not None and key in self._by_handle:
            return self._by_handle[key]
        fonts = self._pdfminer_fonts.get(index)
        if fonts is None:
            fonts = self._pdfminer_fonts[index] = self._read_fonts(index)
        found = fonts.get(fontname)
        if key is not None:
            self._by_handle[key] = found
        return found

    def width(self, index: int, fontname: str, text: str, handle=None) -> float | None:
        """The advance (text space, one font size = 1) pdfminer reads for the glyph that shows
        ``text`` in the font ``fontname`` of page ``index``: its code found back through the
        font's Unicode map, then the font's widths; None when pdfminer cannot say (no map, a
        Unicode several codes show)."""
        font = self.pdfminer_font(index, fontname, handle)
        if font is None:
            return None
        codes = self._codes.get(id(font))
        if codes is None:
            codes = self._codes[id(font)] = _codes_of(font)
        code = codes.get(text)
        if code is None:
            return None
        try:
            return font.char_width(code)
        except Exception:  # noqa: BLE001 - a width pdfminer cannot read: PDFium's box then
            return None

    def unmapped(self, index: int, fontname: str, code: int) -> str:
        """What pdfminer reads for a glyph PDFium found no Unicode for (``FPDFText_HasUnicodeMapError``):
        a simple font's encoding can still name it (``-`` in a TeX math font), else pdfminer's
        ``(cid:N)``, which the layout knows as a glyph from a font without a ToUnicode map."""
        font = self.pdfminer_font(index, fontname)
        if font is not None:
            try:
                return font.to_unichr(code)
            except Exception:  # noqa: BLE001 - PDFUnicodeNotDefined and the like: no Unicode
                pass
        return f"(cid:{code})"

    def _read_fonts(self, index: int) -> dict[str, object]:
        """The fonts of a page and of its forms by BaseFont, with and without the subset prefix
        (PDFium names a Type 1 font without it)."""
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1
        from pdfminer.psparser import literal_name

        if self._manager is None:
            self._manager = PDFResourceManager(caching=True)
        manager = self._manager
        out: dict[str, object] = {}

        def add(resources, depth: int = 0) -> None:
            resources = dict_value(resources)
            for ref in dict_value(resources.get("Font", {})).values():
                try:
                    spec = dict_value(ref)
                    font = manager.get_font(ref.objid if isinstance(ref, PDFObjRef) else None, spec)
                    name = literal_name(resolve1(spec.get("BaseFont")))
                except Exception:  # noqa: BLE001 - a font pdfminer cannot read: PDFium's reading then
                    continue
                if isinstance(name, bytes):
                    name = name.decode("latin-1")
                for key in (name, name.split("+", 1)[-1]):
                    out.setdefault(key, font)
            if depth < 2:
                for xobj in dict_value(resources.get("XObject", {})).values():
                    x = resolve1(xobj)
                    attrs = getattr(x, "attrs", {})
                    if literal_name(attrs.get("Subtype")) == "Form" and "Resources" in attrs:
                        add(attrs["Resources"], depth + 1)

        try:
            add(self._pdfminer_page(index).resources or {})
        except Exception:  # noqa: BLE001 - damaged resources: PDFium's metrics then
            pass
        return out

    def _pdfminer_page(self, index: int):
        """pdfminer's page ``index`` (only ``resources`` is read): found by descending the page
        tree by its nodes' /Count, reading a few objects; pdfminer's own walk (``create_pages``,
        which reads every page before it) when the tree's counts cannot be trusted."""
        from pdfminer.pdfpage import PDFPage

        if self._pdfminer_iter is None:
            self.plumber_document()
            try:
                return _PageAt(self._plumber.doc, index, len(self.pdf))
            except Exception:  # noqa: BLE001 - a page tree without counts we trust: walk it
                pass
            self._pdfminer_iter = PDFPage.create_pages(self._plumber.doc)
        while len(self._pdfminer_pages) <= index:
            self._pdfminer_pages.append(next(self._pdfminer_iter))
        return self._pdfminer_pages[index]

    def plumber_document(self):
        if self._plumber is None:
            import pdfplumber

            self._plumber = pdfplumber.open(io.BytesIO(self.data))
            _parse_single_objects(self._plumber.doc)
        return self._plumber

    def plumber_page(self, index: int):
        return self.plumber_document().pages[index]

    def close(self) -> None:
        if self._plumber is not None:
            if hasattr(self._plumber, "_pages"):
                self._plumber.close()
            else:  # pdfplumber's close() would read every page first, only to close it
                self._plumber.flush_cache()
                self._plumber.stream.close()
        self.pdf.close()


def _codes_of(font) -> dict[str, int]:
    """Unicode -> the one code that shows it in a pdfminer font (its ToUnicode map, else a
    simple font's encoding); a Unicode several codes show is left out."""
    pairs: dict[int, str] = {}
    umap = getattr(font, "unicode_map", None)
    if umap is not None:
        pairs.update(getattr(umap, "cid2unichr", {}) or {})
    else:
        pairs.update(getattr(font, "cid2unicode", {}) or {})
    out: dict[str, int] = {}
    twice: set[str] = set()
    for code, text in pairs.items():
        if text in out:
            twice.add(text)
        out[text] = code
    for text in twice:
        del out[text]
    return out


class _PageAt:
    """The ``resources`` of page ``index`` of a pdfminer document, reached down the page tree:
    a node of the tree (/Type /Pages with /Kids) whose /Count says the page lies beyond it is
    skipped unread. Raises when a count is missing or the tree's total is not ``n_pages``
    (PDFium's count): the caller then walks every page as pdfminer does."""

    def __init__(self, doc, index: int, n_pages: int):
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdftypes import dict_value, int_value, list_value, resolve1
        from pdfminer.psparser import LIT

        pages, page = LIT("Pages"), LIT("Page")
        node = dict_value(doc.catalog["Pages"])
        if int_value(node["Count"]) != n_pages or not 0 <= index < n_pages:
            raise ValueError("page tree count")
        attrs = {k: v for k, v in doc.catalog.items() if k in PDFPage.INHERITABLE_ATTRS}
        for _ in range(64):  # a tree deeper than this is a loop
            attrs.update((k, v) for k, v in node.items() if k in PDFPage.INHERITABLE_ATTRS)
            for kid in list_value(node["Kids"]):
                kd = dict_value(kid)
                kind = kd.get("Type")
                if kind is pages and "Kids" in kd:
                    count = int_value(kd["Count"])
                    if index < count:
                        node = kd
                        break
                    index -= count
                elif kind is page:
                    if index == 0:
                        attrs.update((k, v) for k, v in kd.items() if k in PDFPage.INHERITABLE_ATTRS)
                        self.resources = resolve1(attrs.get("Resources", {}))
                        return
                    index -= 1
            else:
                raise ValueError("page tree shorter than its count")
        raise ValueError("page tree too deep")


def _parse_single_objects(doc) -> None:
    """Make pdfminer's document read an object held in an object stream alone, from its offset in
    the stream, instead of parsing the whole stream (a hundred objects or so) the first time one
    of them is asked for: a font dictionary costs a few objects, not the document's streams. The
    stream's own parse when its header is not as the standard says (``/N`` pairs before
    ``/First``)."""
    import types

    from pdfminer.pdfparser import PDFStreamParser

    headers: dict[int, tuple[bytes, int, list[int]] | None] = {}
    whole = type(doc)._getobj_objstm

    def getobj_objstm(self, stream, index: int, objid: int) -> object:
        head = headers.get(stream.objid, False)
        if head is False:
            head = None
            try:
                data = stream.get_data()
                n, first = int(stream["N"]), int(stream["First"])
                numbers = [int(v) for v in data[:first].split()]
                if len(numbers) >= 2 * n:
                    head = (data, first, numbers[1 : 2 * n : 2])
            except Exception:  # noqa: BLE001 - a header we cannot read: pdfminer's own parse
                head = None
            headers[stream.objid] = head
        if head is None or not 0 <= index < len(head[2]):
            return whole(self, stream, index, objid)
        data, first, offsets = head
        parser = PDFStreamParser(data)
        parser.set_document(self)
        parser.seek(first + offsets[index])
        return parser.nextobject()[1]

    doc._getobj_objstm = types.MethodType(getobj_objstm, doc)


class PlumberSource:
    """The reference: pdfplumber's pages (pdfminer parses each)."""

    def __init__(self, data: bytes):
        import pdfplumber

        self.pdf = pdfplumber.open(io.BytesIO(data))
        self.pages = self.pdf.pages  # parses the page tree: errors surface here

    def __len__(self) -> int:
        return len(self.pages)

    def __iter__(self):
        return iter(self.pages)

    def close(self) -> None:
        self.pdf.close()


def default_source() -> str:
    """The character source of this process: ``$QIKAN_PDF_SOURCE`` (``SOURCE_ENV``), else
    ``DEFAULT_SOURCE``."""
    name = os.environ.get(SOURCE_ENV) or DEFAULT_SOURCE
    if name not in SOURCES:
        raise ValueError(f"${SOURCE_ENV} is {name!r}: set it to one of {', '.join(SOURCES)}, or unset it")
    return name


def open_pages(data: bytes, *, source: str | None = None) -> PdfiumSource | PlumberSource:
    """The pages of a PDF, iterated one at a time, each offering what ``read_page`` reads (module
    docstring); ``len()`` is the page count, ``close()`` frees the document. ``source``: None
    for ``default_source()``. Raises what the library raises on a damaged or encrypted file
    (``qikan.pdf`` names the cause)."""
    source = source or default_source()
    if source not in SOURCES:
        raise ValueError(f"unknown PDF character source {source!r}: use one of {', '.join(SOURCES)}")
    return PdfiumSource(data) if source == "pypdfium2" else PlumberSource(data)
