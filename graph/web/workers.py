"""Run `/sparql` queries in worker processes, so a query past its time limit is stopped.

The embedded engine cannot be interrupted from Python: a thread running an aggregate over a
huge join keeps a core busy after its client got the 503. For an on-disk store `thidua
serve` therefore answers ad-hoc SPARQL from a few worker processes, each holding the store
read-only; a worker that runs past the deadline is killed and replaced. (An in-memory store
cannot be shared between processes; it keeps the in-thread limit of graph.query.execute.)
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.query import QueryError, QueryTimeout, execute, refuse_updates
from graph.results import Result


def _worker_main(path: str, conn: Connection) -> None:
    """Open the store read-only and answer (sparql, limit) requests until the pipe closes."""
    from graph.store import open_store

    try:
        store = open_store(path, read_only=True)
    except Exception as error:
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            sparql, limit = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", execute(store, sparql, limit=limit)))
        except QueryError as error:
            conn.send(("query-error", str(error)))
        except Exception as error:  # reported to the caller, the worker lives on
            conn.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, ctx: Any, path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(path, child), daemon=True, name="thidua-sparql")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Wait for the worker to have opened the store, so start-up never eats a query's time."""
        if not self.ready:
            if not self.conn.poll(timeout):
                raise QueryError(f"the query worker did not start within {timeout:g} s")
            status, payload = self.conn.recv()
            if status != "ready":
                raise QueryError(f"the query worker could not open the store: {payload}")
            self.ready = True

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """`size` worker processes over the store at `path`; `run` is graph.query.execute's peer."""

    def __init__(self, path: Path | str, size: int = 2) -> None:
        self.path = str(path)
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a process holding RocksDB and threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()
        with self._lock:
            starting = list(self._all)
        for worker in starting:
            worker.wait_ready()

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.path)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.remove(worker)
        self._add()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def run(self, sparql: str, *, limit: int | None, timeout: float) -> Result:
        refuse_updates(sparql)
        worker = self._idle.get()
        try:
            worker.wait_ready()
        except QueryError:
            self._replace(worker)
            raise
        try:
            worker.conn.send((sparql, limit))
            if not worker.conn.poll(timeout):
                print(f"thidua serve: stopped a query past {timeout:g} s (worker {worker.process.pid})",
                      file=sys.stderr)
                self._replace(worker)
                worker = None
                raise QueryTimeout(f"query exceeded the time limit of {timeout:g} s")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            if worker is not None:
                self._replace(worker)
                worker = None
            raise QueryError(f"the query worker failed ({error}); try again") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload
        if status == "query-error":
            raise QueryError(payload)
        raise RuntimeError(payload)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()

