"""Fixtures of the graph tests (helpers live in graph_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_support import FIXTURES


@pytest.fixture
def facts_file() -> Path:
    """Facts of three invented articles (fictional provinces 'Thử Nghiệm' and 'Mẫu Thử')."""
    return FIXTURES / "facts.jsonl"
