"""Fixtures of the view/export tests: a small graph built by graph.build into a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def store():
    """A real store (in-memory Oxigraph) built by graph.build from fixtures/facts.jsonl: Bắc Kạn
    facts restated from the seeds in new words, and an invented province whose article is titled
    <script>alert(1)</script> and whose sentence carries an <img onerror> tag."""
    from graph.build import build
    from graph.store import open_store

    s = open_store("oxigraph:")
    build([FIXTURES / "facts.jsonl"], store=s, judgements=False)
    yield s
    s.close()


@pytest.fixture
def rdf_graph(store) -> rdflib.Graph:
    return store.graph()


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
