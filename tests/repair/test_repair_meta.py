"""What the repair stage moves into metadata, and the sample issue it must keep repairing."""

from __future__ import annotations

from pathlib import Path

from qikan.extract import decode_text
from qikan.repair import DEFAULT_FIXERS, run_fixers

SEED = Path(__file__).resolve().parents[2] / "seeds" / "zgkjlt-2024-forum.txt"


def test_running_heads_give_journal_year_volume_issue_and_pages() -> None:
    pages = [
        "正文第一页的内容。\n· 23 ·",
        "科技管理研究　第44卷第3期　2024年\n正文第二页的内容。\n· 24 ·",
        "张三：论新质生产力\n正文第三页的内容。\n· 25 ·",
        "科技管理研究　第44卷第3期　2024年\n正文第四页的内容。\n· 26 ·",
    ]
    result = run_fixers("\f".join(pages), DEFAULT_FIXERS)
    assert result.meta == {"journal": "科技管理研究", "year": 2024, "volume": 44, "issue": 3, "pages": "23-26"}
    assert "科技管理研究" not in result.text and "·" not in result.text
    heads = [r for r in result.repairs if r.kind == "header"]
    assert [r.page for r in heads] == [1, 2, 2, 3, 4, 4]


def test_sample_issue_keeps_its_repairs() -> None:
    text, _ = decode_text(SEED.read_bytes())
    result = run_fixers(text, DEFAULT_FIXERS)
    seams = [r for r in result.repairs if r.rule in ("page_seam", "blank_mid_sentence")]
    assert len(seams) == 4 and all(r.confidence for r in seams)
    assert {"journal": "中国科技论坛", "year": 2024, "editor": "迟凤玲"}.items() <= result.meta.items()
    flagged = [r for r in result.repairs if r.action == "flagged"]
    assert [r.before for r in flagged] == [" and "]
    assert "伊彤 北京市" in result.text
    for word in ("整合收缩", "创新驱动经济", "理论与实践", "必须抓住机遇"):
        assert word in result.text
