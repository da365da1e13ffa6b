"""Helpers of the graph tests: SPARQL rows with the project's prefixes, SHACL validation, and
the root conftest's free_port / require_tool (its module name `conftest` is taken by this folder's)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import rdflib

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def _root_conftest():
    spec = importlib.util.spec_from_file_location("thidua_graph_tests_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ROOT = _root_conftest()
free_port = _ROOT.free_port
require_tool = _ROOT.require_tool


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
