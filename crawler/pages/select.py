"""CSS selection for page objects, fast for the selectors the families use.

soupsieve (BeautifulSoup's `select`) walks the whole tree per selector in Python: a page
object asks ~30 selectors, which cost more than parsing the page. Here the tree is indexed
once (by tag, class and id) and a selector made of compound parts joined by descendant
spaces (`.news-list h3 a`, `span.h5.pubdate`, `#news-bodyhtml`, `[class*=date]`,
`a[rel=next]`) is answered from the index; anything else falls back to soupsieve.
Results come in document order, as soupsieve gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, Tag

_COMPOUND = re.compile(
    r"(?P<tag>[a-zA-Z][a-zA-Z0-9]*|\*)?(?P<rest>(?:\.[\w-]+|#[\w-]+|\[[\w-]+(?:[*^$]?=['\"]?[^\]'\"]*['\"]?)?\])*)$")
_PART = re.compile(r"\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)|\[(?P<attr>[\w-]+)(?:(?P<op>[*^$]?=)['\"]?(?P<val>[^\]'\"]*)['\"]?)?\]")


@dataclass(frozen=True)
class Compound:
    tag: str | None
    classes: tuple[str, ...]
    id: str | None
    attrs: tuple[tuple[str, str | None, str], ...]   # (name, op or None, value)

    def matches(self, el: Tag) -> bool:
        if self.tag and el.name != self.tag:
            return False
        if self.id and el.get("id") != self.id:
            return False
        if self.classes:
            names = el.get("class") or ()
            if not all(c in names for c in self.classes):
                return False
        for name, op, value in self.attrs:
            got = el.get(name)
            if got is None:
                return False
            if op is None:
                continue
            got = " ".join(got) if isinstance(got, list) else got
            if op == "=" and got != value:
                return False
            if op == "*=" and value not in got:
                return False
            if op == "^=" and not got.startswith(value):
                return False
            if op == "$=" and not got.endswith(value):
                return False
        return True


@lru_cache(maxsize=1024)
def compile_selector(selector: str) -> tuple[Compound, ...] | None:
    """A selector as descendant-joined compounds, or None when it needs soupsieve."""
    parts = selector.strip().split()
    if not parts or any(p in (">", "+", "~") or ":" in p or "," in p for p in parts):
        return None
    out = []
    for part in parts:
        m = _COMPOUND.match(part)
        if not m or (not m.group("tag") and not m.group("rest")):
            return None
        classes, ident, attrs = [], None, []
        for piece in _PART.finditer(m.group("rest") or ""):
            if piece.group("cls"):
                classes.append(piece.group("cls"))
            elif piece.group("id"):
                ident = piece.group("id")
            else:
                name = piece.group("attr")
                if name == "class" and piece.group("op") == "=":
                    return None  # exact class-attribute match: leave to soupsieve
                attrs.append((name, piece.group("op"), piece.group("val") or ""))
        tag = m.group("tag")
        out.append(Compound(None if tag == "*" else (tag.lower() if tag else None), tuple(classes), ident,
                            tuple(attrs)))
    return tuple(out)


class Index:
    """Elements of a tree by tag, class and id, plus document positions."""

    def __init__(self, root: BeautifulSoup | Tag):
        self.root = root
        self.order: dict[int, int] = {}
        self.by_tag: dict[str, list[Tag]] = {}
        self.by_class: dict[str, list[Tag]] = {}
        self.by_id: dict[str, list[Tag]] = {}
        self.all: list[Tag] = []
        for position, el in enumerate(root.find_all(True)):
            self.order[id(el)] = position
            self.all.append(el)
            self.by_tag.setdefault(el.name, []).append(el)
            for name in el.get("class") or ():
                self.by_class.setdefault(name, []).append(el)
            ident = el.get("id")
            if ident:
                self.by_id.setdefault(ident, []).append(el)

    def _candidates(self, last: Compound) -> list[Tag]:
        if last.id:
            return self.by_id.get(last.id, [])
        if last.classes:
            return min((self.by_class.get(c, []) for c in last.classes), key=len)
        if last.tag:
            return self.by_tag.get(last.tag, [])
        return self.all

    def select(self, selector: str, limit: int = 0) -> list[Tag]:
        compounds = compile_selector(selector)
        if compounds is None:
            return list(self.root.select(selector, limit=limit or None))
        *ancestors, last = compounds
        found = []
        for el in self._candidates(last):
            if not last.matches(el) or not _has_ancestors(el, ancestors):
                continue
            found.append(el)
            if limit and len(found) >= limit:
                break
        return found

    def select_one(self, selector: str) -> Tag | None:
        hits = self.select(selector, limit=1)
        return hits[0] if hits else None


def _has_ancestors(el: Tag, ancestors: list[Compound]) -> bool:
    """True when `ancestors` (outermost first) match a chain of el's ancestors, in order."""
    if not ancestors:
        return True
    want = len(ancestors) - 1
    node = el.parent
    while node is not None and want >= 0:
        if isinstance(node, Tag) and ancestors[want].matches(node):
            want -= 1
        node = node.parent
    return want < 0
