"""Helpers of the query/rotation/serve tests: the demo graph, the command line, a server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import rdflib
from testtools import free_port, require_tool  # noqa: F401 (re-exported to the tests)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
DEMO = FIXTURES / "demo.ttl"



def demo_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(DEMO, format="turtle")
    return g


def thidua(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real `thidua` command line."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "thidua.cli", *args], capture_output=True, cwd=ROOT, env=env,
                            timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"thidua {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stderr.decode('utf-8', 'replace')}")
    return result


class Running:
    def __init__(self, server, thread, store) -> None:
        self.server, self.thread, self.store = server, thread, store
        host, port = server.server_address[:2]
        self.url = f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def start_server(store, **limits) -> Running:
    from graph.web.app import make_app
    from graph.web.command import serve
    from graph.web.sparql import Limits

    server = serve(make_app(store, Limits(**limits)), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return Running(server, thread, store)

