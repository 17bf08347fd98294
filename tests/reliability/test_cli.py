"""Mistakes on the command line get one clear line and a non-zero exit, before Prefect starts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from qikan import store
from tests.conftest import ROOT
from tests.reliability.kinds import article


def qikan(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qikan", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article(1), encoding="utf-8")
    return tmp_path / "in"


def _refused(proc: subprocess.CompletedProcess, words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "prefect" not in proc.stderr.lower()  # found before Prefect started


def test_version():
    from qikan import __version__

    proc = qikan("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"qikan {__version__}"


@pytest.mark.parametrize(
    "option, words",
    [
        (["--tokenizer", "nosuch"], "unknown --tokenizer 'nosuch'"),
        (["--max-failed-share", "7"], "--max-failed-share 7 is out of range"),
        (["--max-failed-share", "nan"], "--max-failed-share nan is out of range"),
        (["--batch-mb", "-1"], "--batch-mb -1 is out of range"),
        (["--doc-timeout", "0"], "--doc-timeout 0 is out of range"),
        (["--max-bytes", "0"], "--max-bytes 0 is out of range"),
        (["--keep-history", "-2"], "--keep-history -2 is out of range"),
    ],
)
def test_bad_settings_are_refused_before_anything_runs(corpus, tmp_path, option, words):
    out = tmp_path / "out"
    _refused(qikan("run", str(corpus), "-o", str(out), *option), words)
    assert not out.exists()  # no document touched, no folder made


def test_a_missing_user_dictionary_is_refused(corpus, tmp_path):
    out = tmp_path / "out"
    proc = qikan("run", str(corpus), "-o", str(out), env={"QIKAN_USER_DICT": str(tmp_path / "nope.txt")})
    _refused(proc, "$QIKAN_USER_DICT names")
    assert not out.exists()


@pytest.mark.parametrize("where", ["file", "under-file", "read-only"])
def test_a_bad_output_location_is_refused(corpus, tmp_path, where):
    if where == "read-only" and os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    f = tmp_path / "afile"
    f.write_text("x")
    target = {"file": f, "under-file": f / "out", "read-only": tmp_path / "ro" / "out"}[where]
    if where == "read-only":
        (tmp_path / "ro").mkdir()
        os.chmod(tmp_path / "ro", 0o500)
    words = {"file": "is a file", "under-file": "which is a file", "read-only": "is not writable"}[where]
    _refused(qikan("run", str(corpus), "-o", str(target)), words)


def test_a_locked_output_is_refused_before_prefect(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with store.output_lock(str(out)):
        _refused(qikan("run", str(corpus), "-o", str(out)), "is being written by pid")


@pytest.mark.parametrize("command", [["inspect"], ["compact"], ["reprocess", "--failed"]])
def test_a_mistyped_output_is_an_error_and_creates_nothing(tmp_path, command):
    wrong = tmp_path / "outptu"
    proc = qikan(command[0], str(wrong), *command[1:])
    assert proc.returncode == 2 and "does not exist" in proc.stderr, proc.stderr
    assert not wrong.exists()
    plain = tmp_path / "plain"
    plain.mkdir()
    proc = qikan(command[0], str(plain), *command[1:])
    assert proc.returncode == 2 and "no qikan output" in proc.stderr
    assert os.listdir(plain) == []  # no lock file left in a folder that is not ours


@pytest.fixture
def written(corpus, tmp_path):
    from qikan.pipeline import pending_sources, process_batch

    out = tmp_path / "out"
    sources, _ = pending_sources(str(corpus), str(out))
    process_batch(sources, str(out), run_id="r", backend="jieba")
    return out


def test_reprocess_refuses_a_version_that_is_no_version(written):
    proc = qikan("reprocess", str(written), "--older-than-version", "notaversion")
    assert proc.returncode == 2 and "is not a version" in proc.stderr


def test_reprocess_says_when_a_selection_matches_nothing(written):
    proc = qikan("reprocess", str(written), "--key", "no/such/*.txt")
    assert proc.returncode == 1 and "nothing to reprocess" in proc.stderr and "--key 'no/such/*.txt'" in proc.stderr
    proc = qikan("reprocess", str(written), "--failed")
    assert proc.returncode == 0 and "quarantine is empty" in proc.stderr


def test_inspect_an_unknown_doc_id_is_an_error(written):
    proc = qikan("inspect", str(written), "--doc", "0000")
    assert proc.returncode == 2 and "no document '0000'" in proc.stderr


def test_import_qikan_main_does_not_import_prefect():
    code = "import sys, qikan.__main__; assert 'prefect' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
