"""Word segmentation and part-of-speech tags behind one small interface, and TF-IDF keywords.

``Tokenizer`` is what the pipeline needs: ``words`` (fast, for seam checks and keywords) and
``pos`` (word/tag pairs per sentence). The jieba backend is the reference; the default is
``rjieba`` (jieba-rs: the same dictionary and algorithm, ≈ 90× faster for POS here, token
agreement with jieba measured by ``bench/tokenizer.py``, see docs/structure.md). One tokenizer
is built per worker process (``get_tokenizer`` caches it) with the domain dictionary shipped in
``qikan/data/domain_dict.txt`` and, optionally, a user dictionary in jieba's format
(``word [freq] [tag]`` per line).
"""

from __future__ import annotations

import gc
import heapq
import logging
import os
import re
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from itertools import accumulate, chain, compress, count, repeat
from operator import add, itemgetter, mul, truediv
from pathlib import Path
from typing import Protocol

DOMAIN_DICT = resources.files("qikan") / "data" / "domain_dict.txt"
#: The backend used when none is named.
DEFAULT_BACKEND = "rjieba"


class Tokenizer(Protocol):
    name: str

    def words(self, text: str) -> list[str]: ...

    def pos(self, text: str) -> list[tuple[str, str]]: ...


class JiebaTokenizer:
    """jieba with its own dictionary instance (never jieba's global one)."""

    name = "jieba"

    def __init__(self, *, user_dict: str | None = None, domain: bool = True) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        if domain:
            with DOMAIN_DICT.open("rb") as f:
                self._tk.load_userdict(f)
        if user_dict:
            self._tk.load_userdict(user_dict)
        self._pos = jieba.posseg.POSTokenizer(self._tk)
        self._lock = threading.Lock()  # jieba's lazy state is not thread-safe

    def words(self, text: str) -> list[str]:
        with self._lock:
            return self._tk.lcut(text, HMM=True)

    def pos(self, text: str) -> list[tuple[str, str]]:
        with self._lock:
            return [(p.word, p.flag) for p in self._pos.lcut(text)]


def read_user_dict(lines: Iterable[str]) -> list[tuple[str, int | None, str | None]]:
    """Entries ``(word, freq, tag)`` of a jieba-format dictionary (``word [freq] [tag]``).

    >>> read_user_dict(["新质生产力 2000 n", "卡脖子", "", "# comment"])
    [('新质生产力', 2000, 'n'), ('卡脖子', None, None)]
    """
    out = []
    for line in lines:
        parts = line.strip().lstrip("\ufeff").split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return out


class RjiebaTokenizer:
    """jieba-rs (``rjieba``): jieba's dictionary and algorithm in Rust, words added with ``add_word``."""

    name = "rjieba"

    def __init__(self, *, user_dict: str | None = None, domain: bool = True) -> None:
        try:
            import rjieba
        except ImportError as e:  # pragma: no cover - rjieba is a dependency
            raise ImportError(
                "the rjieba backend needs the rjieba package: pip install rjieba, or use backend='jieba'"
            ) from e
        self._tk = rjieba.Jieba()
        entries: list[tuple[str, int | None, str | None]] = []
        if domain:
            entries += read_user_dict(DOMAIN_DICT.read_text(encoding="utf-8").splitlines())
        if user_dict:
            entries += read_user_dict(Path(user_dict).read_text(encoding="utf-8").splitlines())
        for word, freq, tag in entries:
            self._tk.add_word(word, freq, tag)

    def words(self, text: str) -> list[str]:
        return self._tk.cut(text, True)

    def pos(self, text: str) -> list[tuple[str, str]]:
        return self._tk.tag(text, True)


BACKENDS = {"jieba": JiebaTokenizer, "rjieba": RjiebaTokenizer}


#: Environment variable naming a user dictionary for every worker (``qikan run`` included).
USER_DICT_ENV = "QIKAN_USER_DICT"


def get_tokenizer(backend: str | None = None, user_dict: str | None = None) -> Tokenizer:
    """The process-wide tokenizer for ``backend`` (built once per process; default ``DEFAULT_BACKEND``).

    ``user_dict`` is a jieba-format file of extra words; without it, ``$QIKAN_USER_DICT`` when set.
    """
    return _build(backend or DEFAULT_BACKEND, user_dict or os.environ.get(USER_DICT_ENV) or None)


@lru_cache(maxsize=4)
def _build(backend: str, user_dict: str | None) -> Tokenizer:
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown tokenizer backend {backend!r}; choose one of {sorted(BACKENDS)}") from None
    return cls(user_dict=user_dict)


#: Tags of the words that can be keywords: nouns (not person names), verbal/adjectival nouns, idioms.
_KEYWORD_TAGS = ("n", "nz", "nt", "ns", "nl", "ng", "vn", "an", "l", "i")
#: Paragraph kinds whose words count for keywords.
_KEYWORD_KINDS = ("body", "abstract")
_KEYWORD_TAG_SET = frozenset(_KEYWORD_TAGS)
#: A word that can be a keyword: two characters or more, no digit.
_CANDIDATE_RE = re.compile(r"\D{2,}")


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median (the IDF of a word it does not list)."""
    # read the file jieba ships, without importing jieba.analyse (that builds a posseg tokenizer)
    path = resources.files("jieba") / "analyse" / "idf.txt"
    idf: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            idf[word] = float(value)
    values = sorted(idf.values())
    return idf, values[len(values) // 2]


def tfidf_keywords(tagged: Iterable[tuple[str, str]], k: int = 10) -> list[str]:
    """Top ``k`` content words by TF-IDF (term frequency × jieba's IDF); ties by first occurrence.

    >>> tfidf_keywords([("新质生产力", "n"), ("是", "v"), ("新质生产力", "n"), ("创新", "v"), ("引擎", "n")], k=2)
    ['新质生产力', '引擎']
    """
    # a Counter keeps first-occurrence order: a stable sort on the score breaks ties by it
    return _top(Counter(w for w, t in tagged if t in _KEYWORD_TAG_SET), k)


def _top(counts: Counter[str], k: int) -> list[str]:
    """The ``k`` best counted candidates by TF-IDF (words of one character or with a digit are
    dropped). Computed with ``map`` over the distinct words, in C: a document has thousands."""
    words = list(filter(_CANDIDATE_RE.fullmatch, counts))
    if not words:
        return []
    idf, median = idf_table()
    freq = list(map(counts.__getitem__, words))
    total = sum(freq)
    if len(words) > 4 * k and _highest_idf() is not None:
        words, freq = _likely(words, freq, total, k)
    tf = map(truediv, freq, repeat(total))
    keys = list(map(round, map(mul, tf, map(idf.get, words, repeat(median))), repeat(9)))
    # nlargest is sorted(..., reverse=True)[:k]: ties stay in first-occurrence order
    return [words[i] for i in heapq.nlargest(k, range(len(words)), key=keys.__getitem__)]


def _likely(words: list[str], freq: list[int], total: int, k: int) -> tuple[list[str], list[int]]:
    """The words (in order) that can still be among the ``k`` best: most words of a document are
    rare, and a rare word cannot outscore the frequent ones whatever its IDF.

    ``floor`` is the k-th best score among the words counted at least as often as the k-th most
    frequent word; a word whose score, were its IDF the table's highest, rounds below ``floor``
    has ≥ k words strictly ahead of it. Scores only grow with the count and the IDF (both ≥ 0),
    so the bound is one per distinct count, and the top k of what is left is the top k of all.
    """
    idf, median = idf_table()
    high = _highest_idf()
    kth = heapq.nlargest(k, freq)[-1]
    frequent = [(w, c) for w, c in zip(words, freq) if c >= kth]
    floor = heapq.nlargest(k, (round(c / total * idf.get(w, median), 9) for w, c in frequent))[-1]
    can = {c for c in set(freq) if round(c / total * high, 9) >= floor}
    keep = list(map(can.__contains__, freq))
    return list(compress(words, keep)), list(compress(freq, keep))


@lru_cache(maxsize=1)
def _highest_idf() -> float | None:
    """The highest IDF a word can get (listed or the median); None when some IDF is negative
    (then a score no longer grows with the IDF and ``_likely`` cannot bound it)."""
    idf, median = idf_table()
    values = [*idf.values(), median]
    return None if min(values) < 0 else max(values)


#: Sentences per call to the tokenizer: one call per document at most, but a bounded string.
TAG_CHUNK = 4000

#: Whitespace other than the line breaks that join the texts of one call.
_SPACE_BUT_NL_RE = re.compile(r"[^\S\n]")

Tagged = tuple[list[str], list[str]]  # words and their tags


def tag_texts(tk: Tokenizer, texts: list[str]) -> list[Tagged]:
    """Words and tags of each text, whitespace words dropped: exactly what tagging each text
    alone gives, from one call per ``TAG_CHUNK`` texts.

    jieba cuts its input into blocks at every whitespace character and segments each block on
    its own, so texts joined by ``\n`` are segmented as if alone; the words are handed back by
    the ``\n`` between them (or by offset when a text holds a line break itself). Should a word
    ever straddle two texts, those texts are tagged one by one.
    """
    return _tag_and_count(tk, texts, counting=False)[0]


def _tag_and_count(tk: Tokenizer, texts: list[str], *, counting: bool = True) -> tuple[list[Tagged], Counter[str]]:
    """``tag_texts``, and how often each word tagged as a possible keyword occurs in the texts
    (in first-occurrence order), counted on the whole call's words rather than text by text."""
    out: list[Tagged] = []
    counts: Counter[str] = Counter()
    keyword = _KEYWORD_TAG_SET.__contains__
    for i in range(0, len(texts), TAG_CHUNK):
        tagged, whole = _tag_chunk(tk, texts[i : i + TAG_CHUNK])
        out += tagged
        if not counting:
            continue
        if whole is None:
            words, tags = chain.from_iterable(w for w, _ in tagged), chain.from_iterable(t for _, t in tagged)
        else:  # the texts' words in order, with the separators and whitespace words between
            words, tags = whole
        counts.update(compress(words, map(keyword, tags)))
    for word in [w for w in counts if not w.strip()]:  # a separator or whitespace word
        del counts[word]
    return out, counts


def _alone(tk: Tokenizer, text: str) -> Tagged:
    pairs = [(w, t) for w, t in tk.pos(text) if w.strip()]
    return [w for w, _ in pairs], [t for _, t in pairs]


def _split(words: list[str], tags: list[str]) -> Tagged:
    """A text's words and tags, whitespace words dropped."""
    keep = list(map(str.strip, words))  # "" (falsy) for a whitespace word
    return list(compress(words, keep)), list(compress(tags, keep))


def _tag_chunk(tk: Tokenizer, texts: list[str]) -> tuple[list[Tagged], Tagged | None]:
    """Each text's words and tags, and the joined call's words and tags when the texts' words
    are those, in order, less the separators and whitespace words (None otherwise)."""
    if len(texts) == 1:
        return [_alone(tk, texts[0])], None
    joined = "\n".join(texts)
    pairs = tk.pos(joined)
    words = list(map(itemgetter(0), pairs))
    tags = list(map(itemgetter(1), pairs))
    del pairs
    if joined.count("\n") == len(texts) - 1:  # no text holds a line break of its own
        try:
            return _by_separator(texts, joined, words, tags), (words, tags)
        except ValueError:  # a separator inside a word ("\r" + "\n"): fewer "\n" words
            pass
    if sum(map(len, words)) != len(joined):  # characters dropped or added: no offsets to trust
        return [_alone(tk, x) for x in texts], None
    return _by_offset(tk, texts, words, tags), None


def _by_separator(texts: list[str], joined: str, words: list[str], tags: list[str]) -> list[Tagged]:
    """Cut at the "\n" words (``list.index`` runs in C). The joined string holds no other "\n",
    so when all ``len(texts) - 1`` are found, each is a separator; ValueError when one is not."""
    out, a = [], 0
    index = words.index
    # the texts that hold whitespace words to drop, found in one scan of the joined string
    spaces = [m.start() for m in _SPACE_BUT_NL_RE.finditer(joined)]
    ends = list(map(add, accumulate(map(len, texts)), count())) if spaces else []  # "\n" after text k
    dirty = {bisect_left(ends, p) for p in spaces}
    for k in range(len(texts) - 1):
        b = index("\n", a)
        out.append(_split(words[a:b], tags[a:b]) if k in dirty else (words[a:b], tags[a:b]))
        a = b + 1
    out.append(_split(words[a:], tags[a:]) if len(texts) - 1 in dirty else (words[a:], tags[a:]))
    return out


def _by_offset(tk: Tokenizer, texts: list[str], words: list[str], tags: list[str]) -> list[Tagged]:
    """Hand words to texts by their offsets in the joined string (texts that hold line breaks)."""
    out: list[Tagged] = [([], []) for _ in texts]
    ends, end = [], -1
    for t in texts:
        end += 1 + len(t)
        ends.append(end)  # offset of the "\n" after text k
    k, pos = 0, 0
    for w, t in zip(words, tags):
        start, pos = pos, pos + len(w)
        if not w.strip():
            continue
        while start >= ends[k]:
            k += 1
        if pos > ends[k]:  # a word across two texts: the tokenizer does not cut as assumed
            return [_alone(tk, x) for x in texts]
        out[k][0].append(w)
        out[k][1].append(t)
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (process-wide; left as found afterwards).

    Tagging a document allocates a tuple per word and two lists per sentence, none of them in a
    cycle, and every few thousand allocations the collector walks the batch's live records: on
    4 MB that walking cost ≈ 0.1–0.3 s of CPU for nothing. Another thread that pauses at the same
    time sees the collector off and so leaves it to the first to turn it back on.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def tokenize(doc, tokenizer: Tokenizer | None = None):
    """Fill ``tokens`` and ``pos`` of every sentence of ``doc`` (whitespace tokens dropped), and
    ``doc.meta["auto_keywords"]`` from the body and abstract sentences.

    The sentences are tagged in few calls (``tag_texts``), with the words of one call each; the
    body and abstract sentences in calls of their own, whose words are counted for keywords.
    """
    tk = tokenizer or get_tokenizer()
    kinds = {p.paragraph_id: p.kind for p in doc.paragraphs}
    keyword_sentences, other = [], []
    for s in doc.sentences:
        (keyword_sentences if kinds.get(s.paragraph_id) in _KEYWORD_KINDS else other).append(s)
    # two groups, each tagged as if text by text: the keyword words are counted on whole calls
    with _gc_paused():
        tagged, counts = _tag_and_count(tk, [s.text for s in keyword_sentences])
        tagged += tag_texts(tk, [s.text for s in other])
        for s, (words, tags) in zip(keyword_sentences + other, tagged):
            s.tokens, s.pos = words, tags
    doc.meta["auto_keywords"] = _top(counts, 10)
    return doc
