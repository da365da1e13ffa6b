"""The page fixtures: folders of input.html (+ headers.json) and expected.json."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).with_name("fixtures")


def fixtures(require: str | None = None) -> list[str]:
    """Names of fixture folders, optionally only those whose expected.json has `require`."""
    names = []
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").exists()):
        if require is None or require in expected(folder.name):
            names.append(folder.name)
    return names


def expected(name: str) -> dict:
    return json.loads((FIXTURES / name / "expected.json").read_text(encoding="utf-8"))


def load(name: str) -> tuple[str, bytes, dict[str, str]]:
    """(url, body bytes, headers) of a fixture."""
    folder = FIXTURES / name
    headers_file = folder / "headers.json"
    headers = json.loads(headers_file.read_text(encoding="utf-8")) if headers_file.exists() else {}
    return expected(name)["url"], (folder / "input.html").read_bytes(), headers
