"""Helpers the tests import by name (`from testtools import free_port`): a module of its own,
since every test folder has a `conftest` and that module name is taken by the nearest one."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
