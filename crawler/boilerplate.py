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


_SIMPLE = re.compile(r"^(?:(?P<tag>[a-z][a-z0-9]*)|\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)|"
                     r"\[class\*=(?P<sub>[\w-]+)\])$")


def _split(selectors: tuple[str, ...]) -> tuple[set[str], set[str], set[str], tuple[str, ...], list[str]]:
    """Simple selectors (tag, .class, #id, [class*=x]) for one fast pass; the rest for soupsieve."""
    tags: set[str] = set()
    classes: set[str] = set()
    ids: set[str] = set()
    subs: list[str] = []
    complex_: list[str] = []
    for selector in selectors:
        m = _SIMPLE.match(selector.strip().strip('"'))
        if not m:
            complex_.append(selector)
        elif m.group("tag"):
            tags.add(m.group("tag"))
        elif m.group("cls"):
            classes.add(m.group("cls"))
        elif m.group("id"):
            ids.add(m.group("id"))
        else:
            subs.append(m.group("sub"))
    return tags, classes, ids, tuple(subs), complex_


def strip_elements(root: Tag, extra_selectors: list[str] | tuple[str, ...] = ()) -> None:
    """Remove boilerplate elements under `root` in place.

    One walk over the tree for the simple selectors: CSS engines walk it once per selector,
    which costs seconds on the multi-MB pages some sites serve."""
    tags, classes, ids, subs, complex_ = _split((*load().remove_selectors, *extra_selectors))
    doomed = []
    for element in root.find_all(True):
        if element.name in tags or element.get("id") in ids:
            doomed.append(element)
            continue
        names = element.get("class") or ()
        if names and (classes.intersection(names) or any(sub in name for name in names for sub in subs)):
            doomed.append(element)
    for element in doomed:
        if not element.decomposed:
            element.decompose()
    for selector in complex_:
        for element in root.select(selector):
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
