"""Tokenizer backends, the domain and user dictionaries, TF-IDF keywords."""

from __future__ import annotations

import pytest

from qikan.tokenize import (
    BACKENDS,
    DEFAULT_BACKEND,
    JiebaTokenizer,
    RjiebaTokenizer,
    get_tokenizer,
    read_user_dict,
    tfidf_keywords,
)

TEXT = "发展新质生产力需要突破卡脖子技术，提高全要素生产率。"


@pytest.fixture(scope="module", params=["jieba", "rjieba"])  # the shipped backends (tests may register fakes)
def tk(request):
    return get_tokenizer(request.param)


def test_default_backend_is_rjieba() -> None:
    assert DEFAULT_BACKEND == "rjieba"
    assert get_tokenizer() is get_tokenizer(None) is get_tokenizer("rjieba")  # one per process


def test_unknown_backend_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="jieba"):
        get_tokenizer("spacy")


def test_domain_words_stay_whole(tk) -> None:
    words = tk.words(TEXT)
    for w in ("新质生产力", "卡脖子", "全要素生产率"):
        assert w in words
    assert "".join(words) == TEXT


def test_pos_pairs_cover_the_text(tk) -> None:
    pairs = tk.pos(TEXT)
    assert "".join(w for w, _ in pairs) == TEXT
    assert all(t for _, t in pairs)


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_user_dictionary(backend, tmp_path) -> None:
    text = "我们研究鲲鹏算力平台的应用"
    path = tmp_path / "user.txt"
    path.write_text("鲲鹏算力平台 3000 nz\n", encoding="utf-8")
    assert "鲲鹏算力平台" not in get_tokenizer(backend).words(text)
    assert "鲲鹏算力平台" in BACKENDS[backend](user_dict=str(path)).words(text)


def test_user_dictionary_from_the_environment(tmp_path, monkeypatch) -> None:
    path = tmp_path / "env.txt"
    path.write_text("鲲鹏算力平台 3000 nz\n", encoding="utf-8")
    monkeypatch.setenv("QIKAN_USER_DICT", str(path))
    assert "鲲鹏算力平台" in get_tokenizer().words("我们研究鲲鹏算力平台的应用")


@pytest.mark.parametrize("cls", [JiebaTokenizer, RjiebaTokenizer])
def test_without_domain_dictionary(cls) -> None:
    assert "新质生产力" not in cls(domain=False).words(TEXT)


def test_backends_agree_on_chinese_words() -> None:
    a, b = get_tokenizer("jieba").words(TEXT * 3), get_tokenizer("rjieba").words(TEXT * 3)
    assert a == b


def test_read_user_dict_forms() -> None:
    assert read_user_dict(["甲乙 10 n", "丙丁 nz", "戊己 5", "\ufeff庚辛"]) == [
        ("甲乙", 10, "n"),
        ("丙丁", None, "nz"),
        ("戊己", 5, None),
        ("庚辛", None, None),
    ]


def test_tfidf_keywords() -> None:
    tagged = [
        ("数字经济", "n"),
        ("的", "uj"),
        ("数字经济", "n"),
        ("发展", "vn"),
        ("2024", "m"),
        ("我", "r"),
        ("张伟", "nr"),
    ]
    kws = tfidf_keywords(tagged, k=5)
    assert kws[0] == "数字经济"
    assert "的" not in kws and "2024" not in kws and "张伟" not in kws
    assert tfidf_keywords([]) == []
