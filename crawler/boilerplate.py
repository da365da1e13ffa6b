"""Boilerplate removal for article bodies; the patterns live in crawler/boilerplate.yaml.

Two passes: elements (share bars, counters, related lists) are removed from the body's
HTML before its text is taken, then lines of the text are dropped or the text is cut
where a related-posts/footer heading starts, for the debris that has no element of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from bs4 import Tag

from thidua.text import clean

PATTERNS = Path(__file__).with_name("boilerplate.yaml")


@dataclass(frozen=True)
class Boilerplate:
    remove_selectors: tuple[str, ...]
    drop_lines: tuple[re.Pattern[str], ...]
    cut_at: tuple[re.Pattern[str], ...]
    drop_tokens: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def load(path: Path = PATTERNS) -> Boilerplate:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in data.get(key) or [])

    return Boilerplate(
        remove_selectors=tuple(data.get("remove_selectors") or []),
        drop_lines=compile_all("drop_lines"),
        cut_at=compile_all("cut_at"),
        drop_tokens=compile_all("drop_tokens"),
    )


def elements(index, extra_selectors: list[str] | tuple[str, ...] = ()) -> list[Tag]:  # noqa: ANN001
    """Boilerplate elements of an indexed tree (crawler.pages.select.Index), not removed."""
    found: dict[int, Tag] = {}
    for selector in (*load().remove_selectors, *extra_selectors):
        for element in index.select(selector.strip().strip('"')):
            found[id(element)] = element
    return list(found.values())


def strip_elements(root: Tag, extra_selectors: list[str] | tuple[str, ...] = ()) -> None:
    """Remove boilerplate elements under `root` in place."""
    from crawler.pages.select import Index  # the selection index lives with the page objects

    for element in elements(Index(root), extra_selectors):
        if not element.decomposed:
            element.decompose()


def clean_lines(lines: list[str]) -> list[str]:
    """Drop boilerplate lines and everything from a related-posts/footer heading on."""
    patterns = load()
    kept: list[str] = []
    for line in lines:
        line = " ".join(clean(line).split())
        for token in patterns.drop_tokens:
            line = " ".join(token.sub(" ", line).split())
        if not line:
            continue
        if any(p.search(line) for p in patterns.cut_at):
            break
        if any(p.search(line) for p in patterns.drop_lines):
            continue
        kept.append(line)
    return kept


def is_boilerplate_line(line: str) -> bool:
    """True for a line the body must not keep (used by tests and the generic extractor)."""
    line = " ".join(line.split())
    patterns = load()
    return any(p.search(line) for p in (*patterns.drop_lines, *patterns.cut_at))
