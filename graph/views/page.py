"""Render and write self-contained HTML pages: vis-network and our CSS/JS inlined, data as JSON.

pyvis ships vis-network in its templates/lib folder; its own template still links Bootstrap
from a CDN even with cdn_resources="in_line" (pyvis #228/#229), so pages use our templates
and inline the library files themselves. `external_refs` finds any src/href that would load
something from the network, and `write_page` refuses to write a page that has one.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pyvis

from graph.exports import atomic

TEMPLATES = Path(__file__).with_name("templates")
VIS_LIB = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


class PageError(Exception):
    """A page that would not work offline."""


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


@cache
def asset(name: str) -> str:
    """A file of templates/ (our CSS/JS) or, for vis-network.*, of pyvis's bundled library."""
    folder = VIS_LIB if name.startswith("vis-network") else TEMPLATES
    return (folder / name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON safe inside <script type="application/json">: '<', '>' and '&' as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def external_refs(html: str) -> list[str]:
    """Tags that would load a resource from another host (http:, https: or protocol-relative)."""
    return [m.group(0)[:120] for m in _EXTERNAL.finditer(html)]


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def write_page(path: Path | str, html: str) -> Path:
    found = external_refs(html)
    if found:
        raise PageError(f"{path}: the page would load from the network: {found[0]}")
    return atomic.write_text(path, html)
