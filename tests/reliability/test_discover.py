"""Discovery never raises on an entry: each is a source, a rejection with its cause, or hidden."""

from __future__ import annotations

import os

import pytest

from qikan.discover import Hidden, Rejected, iter_entries, iter_sources, rejected_failures
from qikan.model import Source
from tests.reliability.kinds import article


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(article(1), encoding="utf-8")
    (root / "sub" / "b.md").write_text(article(2), encoding="utf-8")
    (tmp_path / "outside.txt").write_text(article(3), encoding="utf-8")
    return root


def _by_key(root) -> dict:
    return {e.source_key: e for e in iter_entries(str(root))}


def test_good_files_are_sources_with_their_hash(tree):
    got = _by_key(tree)
    assert set(got) == {"a.txt", "sub/b.md"} and all(isinstance(e, Source) for e in got.values())
    assert len(got["a.txt"].content_sha256) == 64


@pytest.mark.parametrize(
    "make, key, error_type",
    [
        (lambda r: os.symlink("loop.txt", r / "loop.txt"), "loop.txt", "SymlinkLoop"),
        (lambda r: os.symlink("..", r / "sub" / "up"), "sub/up", "SymlinkLoop"),
        (lambda r: os.symlink("gone.txt", r / "dangling.txt"), "dangling.txt", "DanglingSymlink"),
        (lambda r: os.symlink(r.parent / "outside.txt", r / "out.txt"), "out.txt", "SymlinkOutsideRoot"),
        (lambda r: os.symlink(r.parent, r / "outdir"), "outdir", "SymlinkOutsideRoot"),
        (lambda r: os.mkfifo(r / "pipe.txt"), "pipe.txt", "NotARegularFile"),
        (lambda r: (r / "x.docx").write_bytes(b"PK"), "x.docx", "UnsupportedType"),
        (lambda r: (r / "README").write_text("x"), "README", "UnsupportedType"),
        (lambda r: open(os.fsencode(r) + b"/caf\xe9.txt", "wb").close(), "caf\\xe9.txt", "UnicodeDecodeError"),
    ],
)
def test_each_odd_entry_is_rejected_with_its_cause_and_the_rest_goes_on(tree, make, key, error_type):
    make(tree)
    got = _by_key(tree)
    assert isinstance(got[key], Rejected) and got[key].error_type == error_type
    assert got[key].source_key.encode("utf-8")  # printable, storable
    assert {"a.txt", "sub/b.md"} <= {s.source_key for s in iter_sources(str(tree))}


@pytest.mark.parametrize("make, key", [
    (lambda r: os.symlink("a.txt", r / "link.txt"), "link.txt"),  # inside the root: followed
    (lambda r: os.symlink("sub", r / "linked-sub"), "linked-sub/b.md"),
    (lambda r: (r / "dir.txt").mkdir() or (r / "dir.txt" / "c.txt").write_text(article(4)), "dir.txt/c.txt"),
])  # fmt: skip
def test_links_inside_the_root_and_folders_named_like_files_are_followed(tree, make, key):
    make(tree)
    assert isinstance(_by_key(tree)[key], Source)


@pytest.mark.parametrize("name", [".x.txt", "_x.txt", ".git"])
def test_hidden_names_are_listed_not_dropped(tree, name):
    if name == ".git":
        (tree / name).mkdir()
        (tree / name / "c.txt").write_text("x")
    else:
        (tree / name).write_text(article(5))
    got = _by_key(tree)
    assert isinstance(got[name], Hidden)
    assert not any(k.startswith(f"{name}/") for k in got)  # a hidden folder is not walked


def test_an_unreadable_folder_is_rejected_when_the_reader_lacks_access(tree):
    if os.geteuid() == 0:
        pytest.skip("root reads anyway (the reliability suite drops that capability)")
    (tree / "closed").mkdir()
    os.chmod(tree / "closed", 0)
    try:
        assert _by_key(tree)["closed"].error_type == "PermissionError"
    finally:
        os.chmod(tree / "closed", 0o700)


def test_a_missing_root_is_the_one_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list(iter_entries(str(tmp_path / "nope")))


def test_a_rejection_seen_before_is_not_committed_again(tree, tmp_path):
    from qikan.pipeline import write_batch

    (tree / "x.docx").write_bytes(b"PK")
    out = str(tmp_path / "out")
    entries = list(iter_entries(str(tree)))
    failures, known = rejected_failures(entries, out)
    assert [f.source.source_key for f in failures] == ["x.docx"] and known == 0
    write_batch(out, failures, run_id="r1")
    again, known = rejected_failures(list(iter_entries(str(tree))), out)
    assert again == [] and known == 1
    forced, _ = rejected_failures(list(iter_entries(str(tree))), out, force=True)
    assert len(forced) == 1
