"""`--store URL`: query, rotation and serve against a real `oxigraph serve` on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from query_support import ROOT, demo_graph, free_port, require_tool, thidua


def wait_for(url: str, proc: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not start at {url}")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    binary = require_tool("oxigraph", "pip install oxigraph (the dev extra installs it)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/query?query=ASK%7B%7D", proc, "oxigraph serve")
    from graph.store import open_store

    store = open_store(f"{url}/query")
    store.add(demo_graph())
    yield f"{url}/query"
    stop(proc)


def test_rotation_through_the_endpoint(oxigraph_url):
    data = json.loads(thidua("rotation", "--store", oxigraph_url, "--bloc", "KT-KT", "--province", "Bắc Kạn",
                             "--format", "json").stdout)
    years = {y["year"]: y for y in data["years"]}
    assert years[2019]["chair"] == [{"agency": "Sở Công Thương", "sources": ["http://demo.test/bac-kan/tong-ket-2019"]}]
    assert years[2021]["chair"] == [] and years[2022]["vice_chair"] == []
    hinted = json.loads(thidua("rotation", "--store", oxigraph_url, "--bloc", "khoi 5", "--format", "json").stdout)
    assert {y["year"]: y for y in hinted["years"]}[2020]["hint"] is not None


def test_named_query_with_parameters_through_the_endpoint(oxigraph_url):
    out = thidua("query", "--store", oxigraph_url, "--name", "blocs-without-chair", "--param", "province=Đảo Mây",
                 "--param", "year=2019", "--format", "csv")
    rows = out.stdout.decode().splitlines()
    assert rows[0].startswith("blocLabel,") and sorted(r.split(",")[0] for r in rows[1:]) == [
        "Khối Kinh tế", "Khối Văn hóa - Xã hội"]
    bad = thidua("query", "--store", oxigraph_url, "SELECT ?x WHERE { ?x }", check=False)
    assert bad.returncode == 1 and b"Traceback" not in bad.stderr and b"400" in bad.stderr


def test_serve_in_front_of_the_endpoint(oxigraph_url):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "thidua.cli", "serve", "--store", oxigraph_url, "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/", proc, "thidua serve")
        query = "SELECT ?l WHERE { ?b a <https://w3id.org/thidua/ontology#Bloc> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } ORDER BY ?l"
        request = urllib.request.Request(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}",
                                         headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.read().decode().splitlines()[1:] == sorted(
                ["Khối Kinh tế", "Khối thi đua Kinh tế - Kỹ thuật", "Khối thi đua số 5", "Khối Văn hóa - Xã hội"])
        with urllib.request.urlopen(f"{base}/bloc?name=KT-KT", timeout=30) as response:
            page = response.read().decode()
        assert "Sở Công Thương" in page and "http://demo.test/bac-kan/tong-ket-2019" in page
        bad = urllib.request.Request(f"{base}/sparql?{urllib.parse.urlencode({'query': 'SELECT ?x WHERE { ?x }'})}")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(bad, timeout=30)
        assert info.value.code == 400  # the endpoint's parser refused it: the client's query, not a 502
        update = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(urllib.request.Request(f"{base}/sparql", data=update), timeout=30)
        assert info.value.code == 403
    finally:
        stop(proc)
