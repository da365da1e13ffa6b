"""Stores: embedded Oxigraph on disk, rdflib in memory, and a real `oxigraph serve` reached by
the SPARQL protocol (SPARQL Update to write). All three hold the same graph for one input."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request

import pytest
from graph_support import free_port, require_tool, rows
from rdflib import Literal, URIRef

from graph.build import build
from graph.store import StoreError, inject_values, open_store
from graph.vocab import sparql_prefixes

IRI = "https://w3id.org/thidua/id/"


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real Oxigraph server on a free loopback port, stopped after the test."""
    binary = require_tool("oxigraph", "pip install oxigraph (it is in the dev extras)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            request = urllib.request.Request(f"{base}/query", data=b"ASK {}", method="POST",
                                             headers={"Content-Type": "application/sparql-query"})
            with urllib.request.urlopen(request, timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.2)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_build_into_a_sparql_endpoint_and_read_back(oxigraph_server, facts_file, tmp_path):
    remote = open_store(oxigraph_server)
    assert remote.update_url == f"{oxigraph_server}/update"
    summary = build([facts_file], store=remote, judgements=False)
    assert summary.added > 0 and summary.conflicts == 1
    with open_store("oxigraph:") as local:
        build([facts_file], store=local, judgements=False)
        assert set(remote.triples()) == set(local.triples())
    # read back through the protocol, with a binding
    chairs = rows(remote, "SELECT ?agency WHERE { ?f org:organization ?bloc ; org:role thd:Chair ; thd:year ?y ; "
                          "org:member/skos:prefLabel ?agency } ORDER BY ?agency",
                  {"bloc": URIRef(IRI + "bloc/thu-nghiem/khoi-5"), "y": Literal("2022", datatype=URIRef(
                      "http://www.w3.org/2001/XMLSchema#gYear"))})
    assert [str(r["agency"]) for r in chairs] == ["Sở Nội vụ", "Sở Tư pháp"]
    assert remote.query("PREFIX thd: <https://w3id.org/thidua/ontology#> ASK { ?a thd:conflictsWith ?b }") is True
    raw = json.loads(remote.select_raw("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "json"))
    assert int(raw["results"]["bindings"][0]["n"]["value"]) == len(remote)
    # building twice through the endpoint adds nothing
    assert build([facts_file], store=remote, judgements=False).added == 0


def test_unreachable_endpoint_is_a_clear_error(tmp_path):
    store = open_store(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        store.query("ASK {}")


def test_embedded_store_persists_and_opens_read_only(facts_file, tmp_path):
    path = tmp_path / "graph"
    build([facts_file], store=path, judgements=False)
    with open_store(path, read_only=True) as store:
        count = len(store)
        assert count > 100
        assert len(store.graph()) == count
    with open_store(path) as store:
        assert len(store) == count
    with pytest.raises(StoreError, match="no graph store"):
        open_store(tmp_path / "nothing", read_only=True)


@pytest.mark.parametrize("spec", ["oxigraph:", "memory:"])
def test_bindings_are_terms_not_query_text(spec, facts_file):
    with open_store(spec) as store:
        build([facts_file], store=store, judgements=False)
        query = "SELECT ?a WHERE { ?a skos:prefLabel ?label }"
        assert [str(r["a"]) for r in rows(store, query, {"label": Literal("Sở Nội vụ", lang="vi")})] == [
            IRI + "agency/thu-nghiem/so-noi-vu"]
        hostile = Literal('x"@vi } ?a ?p ?o . FILTER(true) #', lang="vi")
        assert rows(store, query, {"label": hostile}) == []
        for fmt, marker in (("json", b'"bindings"'), ("xml", b"<sparql"), ("csv", b"a\r\n"), ("tsv", b"?a")):
            raw = store.select_raw(sparql_prefixes() + query, fmt, {"label": Literal("Sở Nội vụ", lang="vi")})
            assert marker in raw and b"so-noi-vu" in raw
        years = rows(store, "SELECT DISTINCT ?y WHERE { ?f thd:year ?y } ORDER BY ?y")
        assert [str(r["y"]) for r in years] == ["2021", "2022"]


def test_memory_and_embedded_stores_build_the_same_graph(facts_file):
    graphs = []
    for spec in ("memory:", "oxigraph:"):
        with open_store(spec) as store:
            build([facts_file], store=store, judgements=False)
            graphs.append(set(store.triples()))
    assert graphs[0] == graphs[1]


def test_values_block_goes_into_the_where_group():
    text = inject_values('SELECT ?s WHERE { ?s <p> "WHERE {" }', {"s": "https://x.org/a"})
    assert text == 'SELECT ?s WHERE { VALUES (?s) { (<https://x.org/a>) }  ?s <p> "WHERE {" }'
    with pytest.raises(StoreError):
        inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"s } DROP ALL {": "x"})
