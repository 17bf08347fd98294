"""The layout rules of STYLE.md that a test can hold."""

import subprocess
import sys

from tests.conftest import ROOT


def test_import_qikan_does_not_import_prefect():
    code = (
        "import sys, qikan, qikan.pipeline, qikan.store, qikan.repair, qikan.segment, qikan.tokenize, schemas;"
        "bad = [m for m in sys.modules if m == 'prefect' or m.startswith('prefect.')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_library_sources_never_mention_prefect_imports():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "qikan").rglob("*.py")
        if any(line.lstrip().startswith(("import prefect", "from prefect")) for line in p.read_text().splitlines())
    ]
    assert offenders == []
