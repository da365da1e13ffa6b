"""Helpers for the crawl-engine tests: run `thidua crawl` in a subprocess (the Twisted reactor
starts once per process), read the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--set", "RETRY_BACKOFF_BASE=0.05", "--set", "THIDUA_PROGRESS_INTERVAL=0.5"]


def crawl_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "thidua.cli", "crawl", *args, *FAST]


def run_crawl(*args: str, timeout: float = 150) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(crawl_argv(*args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return done
