"""Shared fixtures: the ../shared folder, free loopback ports, and external tools.

Tools a test needs (redis-server, chromium, oxigraph) are installed by .ci/run; where one
is missing on a user's machine the test skips and says why, but under CI it fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from testtools import CHROMIUM_ARGS, free_port, require_tool  # noqa: F401 (re-exported)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (CI always has it; a user's clone may not)."""
    if not (SHARED / "FACTS.md").exists():
        pytest.skip("../shared is not beside this checkout (it holds the seed and dev articles)")
    return SHARED


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_tool("chromium", "apt-get install chromium (.ci/run does)")


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Playwright (Debian's binary; Playwright downloads nothing)."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
