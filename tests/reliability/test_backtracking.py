"""Every compiled pattern of the library searches adversarial strings without blowing up.

Each pattern is searched over long runs built to make a backtracking engine retry every start
position (CJK without punctuation, word characters without ``@``, digits, spaces, brackets,
quotes). This is a hang bound, not a speed measurement: a linear pattern needs milliseconds
for 100 000 characters, a quadratic one (the old e-mail pattern: 0.6 s for 8 000 CJK
characters) needs minutes, and the bound sits far between the two.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qikan

ALPHABETS = {
    "cjk": "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动",
    "word": "abcxyz019_",
    "digits": "0123456789",
    "spaces": " \t\u3000",
    "brackets": "（()）[]【】",
    "dots": ".．。",
    "mixed": "的a1 .（@-_",
}


def patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for info in pkgutil.walk_packages(qikan.__path__, "qikan."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and getattr(module, name) is value:
                found.append((f"{info.name}.{name}", value))
    return found


PATTERNS = patterns()


def _cost(pattern: re.Pattern, text: str) -> float:
    started = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - started


#: Seconds one pattern may take over a 100 000-character adversarial run (a hang bound).
BOUND = 10.0


def test_there_are_patterns_to_check():
    assert len(PATTERNS) > 50


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
def test_no_pattern_blows_up_on_a_long_run(alphabet):
    chars = ALPHABETS[alphabet]
    text = (chars * (100_000 // len(chars) + 1))[:100_000]
    slow = [f"{name}: {cost:.1f} s" for name, p in PATTERNS if (cost := _cost(p, text)) > BOUND]
    assert not slow, slow


def test_the_old_email_pattern_would_have_failed_this_suite():
    """The bound catches what it is for: the e-mail pattern before its lookbehind, on CJK."""
    old = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    text = ALPHABETS["cjk"] * (8000 // len(ALPHABETS["cjk"]))  # 8 000 characters, not 100 000
    # quadratic: 100 000 characters would be (100 000 / 8 000)² ≈ 156 times this
    assert _cost(old, text) * 156 > BOUND


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet="的一是在abc01 .。，@-_（）[]\n", min_size=1, max_size=30),
    st.integers(min_value=1, max_value=200),
)
def test_repeated_fragments_search_fast(fragment, n):
    """Any fragment repeated up to 6 000 characters: every pattern answers within the bound."""
    text = (fragment * (6000 // len(fragment) + 1))[:6000]
    text = text[: max(1, len(text) * n // 200)]
    for name, pattern in PATTERNS:
        assert _cost(pattern, text) < BOUND / 4, name
