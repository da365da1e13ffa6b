"""Helpers of the graph tests: SPARQL rows with the project's prefixes, SHACL validation, and
free_port / require_tool from tests/testtools.py."""

from __future__ import annotations

from pathlib import Path

import rdflib
from testtools import free_port, require_tool  # noqa: F401 (re-exported to the tests)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def rows(store, sparql: str, bindings=None) -> list[dict]:
    from graph.vocab import sparql_prefixes

    result = store.query(sparql_prefixes() + sparql, bindings)
    assert isinstance(result, list)
    return result


def validate(graph: rdflib.Graph, allow_warnings: bool = False) -> tuple[bool, str]:
    """pySHACL with ontology/shapes.ttl: (conforms, report text)."""
    import pyshacl

    from ontology import path

    shapes = rdflib.Graph().parse(path("shapes.ttl"))
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=allow_warnings)
    return conforms, text
