"""Word segmentation and part-of-speech tags behind one small interface.

``Tokenizer`` is what the pipeline needs: ``words`` (fast, for seam checks and keywords) and
``pos`` (word/tag pairs per sentence). The jieba backend is the reference. One tokenizer is built
per worker process (``get_tokenizer`` caches it) with the domain dictionary shipped in
``qikan/data/domain_dict.txt`` and, optionally, a user dictionary.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib import resources
from typing import Protocol

DOMAIN_DICT = resources.files("qikan") / "data" / "domain_dict.txt"


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


BACKENDS = {"jieba": JiebaTokenizer}


@lru_cache(maxsize=4)
def get_tokenizer(backend: str = "jieba", user_dict: str | None = None) -> Tokenizer:
    """The process-wide tokenizer for ``backend`` (built once per process)."""
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown tokenizer backend {backend!r}; choose one of {sorted(BACKENDS)}") from None
    return cls(user_dict=user_dict)


def tokenize(doc, tokenizer: Tokenizer | None = None):
    """Fill ``tokens`` and ``pos`` of every sentence of ``doc`` (whitespace tokens dropped)."""
    tk = tokenizer or get_tokenizer()
    for s in doc.sentences:
        pairs = [(w, t) for w, t in tk.pos(s.text) if w.strip()]
        s.tokens = [w for w, _ in pairs]
        s.pos = [t for _, t in pairs]
    return doc
