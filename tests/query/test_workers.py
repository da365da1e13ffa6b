"""`/sparql` on an on-disk store: queries run in worker processes, and one past the limit is stopped."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from query_support import start_server

from graph.store import open_store
from graph.web.workers import WorkerPool

# an aggregate: the engine computes the whole cross product before the first (only) row,
# so only stopping the process ends it
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def pooled_server(demo_store_dir):
    store = open_store(demo_store_dir, read_only=True)
    pool = WorkerPool(demo_store_dir, size=1)
    from graph.web.app import make_app
    from graph.web.sparql import Limits

    running = start_server(store, timeout=1.0, max_rows=100)
    running.server.set_app(make_app(store, Limits(timeout=1.0, max_rows=100), pool))
    yield running, pool
    running.stop()
    pool.close()


def ask(url: str, query: str):
    request = urllib.request.Request(f"{url}/sparql?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child that is not yet reaped is a zombie: gone for our purpose
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_answers_from_a_worker(pooled_server):
    server, pool = pooled_server
    status, body = ask(server.url, "SELECT ?b WHERE { ?b a <https://w3id.org/thidua/ontology#Bloc> }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 4
    status, body = ask(server.url, "SELECT ?x WHERE { ?x }")
    assert status == 400 and b"SPARQL syntax error" in body


def test_a_query_past_the_limit_is_stopped(pooled_server):
    server, pool = pooled_server
    (before,) = pool.pids
    status, body = ask(server.url, HEAVY)
    assert status == 503 and b"time limit" in body
    for _ in range(100):
        if not alive(before):
            break
        time.sleep(0.05)
    assert not alive(before), "the worker running the stopped query still runs"
    (after,) = pool.pids
    assert after != before
    status, body = ask(server.url, "ASK { ?s ?p ?o }")  # the replacement answers
    assert status == 200 and json.loads(body)["boolean"] is True


def test_thidua_serve_on_a_directory(demo_store_dir):
    """The command itself: workers start, answer, and stop with the server on SIGTERM."""
    import signal
    import subprocess
    import sys

    from query_support import ROOT, free_port

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "thidua.cli", "serve", "--store", str(demo_store_dir),
                             "--port", str(port), "--workers", "1", "--timeout", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                status, body = ask(url, "ASK { ?s a <https://w3id.org/thidua/ontology#Bloc> }")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200 and json.loads(body)["boolean"] is True
        status, body = ask(url, HEAVY)
        assert status == 503
        children = [int(p) for p in open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()]
        assert children, "no worker process"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    assert b"thidua serve: stopped" in proc.stderr.read()
    for _ in range(100):
        if not any(alive(c) for c in children):
            break
        time.sleep(0.05)
    assert not any(alive(c) for c in children)
