"""Fixtures of the view/export tests: a small graph in a real (in-memory Oxigraph) store."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def rdf_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(FIXTURES / "views.ttl")


@pytest.fixture
def store(rdf_graph):
    from graph.store import open_store

    s = open_store("oxigraph:")
    s.add(rdf_graph)
    yield s
    s.close()


@pytest.fixture
def open_page(browser):
    """open_page(url) -> (page, seen): a page recording requests, console, page errors, dialogs."""
    pages = []

    def opener(url: str):
        page, seen = _open(browser, url)
        pages.append(page)
        return page, seen

    yield opener
    for page in pages:
        page.close()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    seen = {"requests": [], "console": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(url)
    return page, seen


@pytest.fixture
def assert_clean():
    """assert_clean(seen): nothing left the page, no error, no warning, no script from the data ran."""
    return _assert_clean


def _assert_clean(seen: dict) -> None:
    leaving = [u for u in seen["requests"] if not u.startswith(("file://", "data:"))]
    assert not leaving, f"requests left the page: {leaving}"
    assert not seen["errors"], seen["errors"]
    assert not [m for m in seen["console"] if m[0] in ("error", "warning")], seen["console"]
    assert not seen["dialogs"], f"a script from the data ran: {seen['dialogs']}"
