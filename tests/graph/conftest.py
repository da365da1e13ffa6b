"""Helpers for the graph tests: build into a fresh embedded store, run a query, validate."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def facts_file() -> Path:
    """Facts of three invented articles (a fictional province 'Thử Nghiệm' and 'Mẫu Thử')."""
    return FIXTURES / "facts.jsonl"


def rows(store, sparql: str, bindings=None) -> list[dict]:
    from graph.vocab import sparql_prefixes

    result = store.query(sparql_prefixes() + sparql, bindings)
    assert isinstance(result, list)
    return result


def validate(graph: rdflib.Graph, allow_warnings: bool = False) -> tuple[bool, str]:
    import pyshacl

    from ontology import path

    shapes = rdflib.Graph().parse(path("shapes.ttl"))
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=allow_warnings)
    return conforms, text
