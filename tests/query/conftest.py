"""Fixtures of the query/rotation/serve tests: the demo graph in a store, a running server."""

from __future__ import annotations

from pathlib import Path

import pytest
from query_support import demo_graph, start_server


@pytest.fixture
def demo_store():
    """The demo graph in an in-memory embedded Oxigraph."""
    from graph.store import open_store

    store = open_store("oxigraph:")
    store.add(demo_graph())
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_store_dir(tmp_path_factory) -> Path:
    """The demo graph in an on-disk embedded store, for the commands (opened read-only)."""
    from graph.store import open_store

    path = tmp_path_factory.mktemp("demo") / "graph"
    store = open_store(path)
    store.add(demo_graph())
    store.close()
    return path


@pytest.fixture
def demo_server(demo_store):
    running = start_server(demo_store, timeout=10.0, max_rows=1000)
    yield running
    running.stop()
