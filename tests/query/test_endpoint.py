"""`/sparql` over HTTP on loopback: the SPARQL 1.1 Protocol, read-only, with limits."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from query_support import start_server

BLOCS = ("PREFIX thd: <https://w3id.org/thidua/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
         "SELECT ?bloc ?label WHERE { ?bloc a thd:Bloc ; skos:prefLabel ?label } ORDER BY ?label")
LABELS = sorted(["Khối Kinh tế", "Khối thi đua Kinh tế - Kỹ thuật", "Khối thi đua số 5", "Khối Văn hóa - Xã hội"])


def call(url, *, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(server, query, accept=None, **extra):
    qs = urllib.parse.urlencode({"query": query, **extra})
    return call(f"{server.url}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def test_get_json(demo_server):
    status, headers, body = get(demo_server, BLOCS, "application/sparql-results+json")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["bloc", "label"]
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == LABELS
    assert data["results"]["bindings"][0]["bloc"]["type"] == "uri"
    assert data["results"]["bindings"][0]["label"]["xml:lang"] == "vi"


def test_post_form_and_direct_body(demo_server):
    form = urllib.parse.urlencode({"query": BLOCS}).encode()
    status, _, body = call(f"{demo_server.url}/sparql", data=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert status == 200
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["bloc", "label"] and [r[1] for r in rows[1:]] == LABELS
    status, _, body = call(f"{demo_server.url}/sparql", data=BLOCS.encode(),
                           headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"})
    assert status == 200
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["bloc", "label"]
    assert [e.text for e in root.findall("s:results/s:result/s:binding[@name='label']/s:literal", ns)] == LABELS


@pytest.mark.parametrize("accept, ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5, */*;q=0.1", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_every_result_format(demo_server, accept, ctype):
    status, headers, body = get(demo_server, BLOCS, accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == ctype
    text = body.decode("utf-8")
    assert "Khối thi đua số 5" in text
    if ctype == "text/tab-separated-values":
        lines = text.splitlines()
        assert lines[0] == "?bloc\t?label"
        assert lines[1].startswith("<https://w3id.org/thidua/id/bloc/") and lines[1].endswith('"@vi')


def test_format_parameter_and_ask_and_construct(demo_server):
    status, headers, body = get(demo_server, BLOCS, format="tsv")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    status, _, body = get(demo_server, "ASK { ?s a <https://w3id.org/thidua/ontology#Bloc> }",
                          "application/sparql-results+json")
    assert json.loads(body) == {"head": {}, "boolean": True}
    status, headers, body = get(demo_server, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3", "application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 3


def test_not_acceptable(demo_server):
    status, _, body = get(demo_server, BLOCS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_bad_query_gets_400_with_the_parser_message(demo_server):
    status, headers, body = get(demo_server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.startswith(b"bad query: SPARQL syntax error") and b"error at" in body  # Oxigraph's parser says where


@pytest.mark.parametrize("how", ["get-update", "post-update", "post-form-update", "query-is-update"])
def test_updates_are_refused(demo_server, how):
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    url = f"{demo_server.url}/sparql"
    if how == "get-update":
        status, _, body = call(f"{url}?{urllib.parse.urlencode({'update': update})}")
    elif how == "post-update":
        status, _, body = call(url, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    elif how == "post-form-update":
        status, _, body = call(url, data=urllib.parse.urlencode({"update": update}).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = get(demo_server, update)
    assert 400 <= status < 500 and b"read-only" in body
    assert not demo_server.store.query("ASK { <http://x/a> ?p ?o }")


def test_result_cap(demo_store):
    server = start_server(demo_store, timeout=10.0, max_rows=5)
    try:
        status, headers, body = get(server, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
        assert status == 200 and headers["X-Result-Truncated"].startswith("true")
        assert len(json.loads(body)["results"]["bindings"]) == 5
    finally:
        server.stop()


def test_time_limit(demo_store):
    """A cross product of the graph with itself three times streams rows far past a tiny limit."""
    server = start_server(demo_store, timeout=0.05, max_rows=10**9)
    try:
        status, _, body = get(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert status == 503 and b"time limit" in body
        # the server still answers afterwards
        status, _, _ = get(server, "ASK { ?s ?p ?o }")
        assert status == 200
    finally:
        server.stop()


def test_method_not_allowed(demo_server):
    status, headers, _ = call(f"{demo_server.url}/sparql?query=ASK%7B%7D", method="DELETE")
    assert status == 405 and "GET" in headers["Allow"]


def test_unreachable_store_is_502_not_the_client_s_fault():
    from query_support import free_port

    from graph.store import open_store

    store = open_store(f"http://127.0.0.1:{free_port()}/query")  # nothing listens there
    server = start_server(store, timeout=10.0, max_rows=10)
    try:
        status, _, body = get(server, "ASK { ?s ?p ?o }")
        assert status == 502 and b"cannot reach the SPARQL endpoint" in body
    finally:
        server.stop()
