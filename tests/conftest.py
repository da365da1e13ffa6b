"""Shared fixtures: the ../shared folder, free loopback ports, and external tools.

Tools a test needs (redis-server, chromium, oxigraph) are installed by .ci/run; where one
is missing on a user's machine the test skips and says why, but under CI it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (CI always has it; a user's clone may not)."""
    if not (SHARED / "FACTS.md").exists():
        pytest.skip("../shared is not beside this checkout (it holds the seed and dev articles)")
    return SHARED


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_tool(name: str, hint: str) -> str:
    """The path of an executable; skip (or fail under CI) when it is missing."""
    found = shutil.which(name)
    if not found:
        venv_bin = ROOT / ".venv" / "bin" / name
        if venv_bin.exists():
            return str(venv_bin)
        message = f"{name} not found: {hint}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_tool("chromium", "apt-get install chromium (.ci/run does)")


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Playwright (Debian's binary; Playwright downloads nothing)."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
