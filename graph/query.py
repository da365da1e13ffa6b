"""Run SPARQL against a graph store and bind named-query parameters as RDF terms.

`execute` answers any SPARQL 1.1 query with a `graph.results.Result`, whatever holds the
graph: the embedded Oxigraph store, a remote SPARQL endpoint (both through graph.store),
a bare pyoxigraph.Store or an rdflib.Graph (the benchmark's baseline). Parameters reach
the engine as RDF terms (pyoxigraph substitutions, rdflib initBindings, or the store's
own binding mechanism) and are never pasted into the query text.

A time limit and a row cap are enforced here, so the command line and `/sparql` behave
the same on every backend.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph.results import PREFIXES, Result, to_term


class QueryError(Exception):
    """A query the engine refused (syntax, unsupported form): the message is the parser's."""


class QueryTimeout(QueryError):
    """The query ran past the time limit."""


class BackendError(QueryError):
    """The store behind the query failed or could not be reached (not the query's fault)."""


class UpdateRefused(QueryError):
    """A SPARQL Update sent where only queries are allowed."""


_PROLOGUE = re.compile(r"(?is)^(\s+|#[^\n]*\n?|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s+<[^>]*>))*")
_FORM = re.compile(r"(?i)^(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b")
UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or the update keyword the text starts with ('' if none)."""
    rest = sparql[_PROLOGUE.match(sparql).end():]  # type: ignore[union-attr]
    m = _FORM.match(rest)
    return m.group(1).upper() if m else ""


def refuse_updates(sparql: str) -> None:
    """Raise UpdateRefused for a SPARQL Update (this service is read-only)."""
    if query_form(sparql) in UPDATE_FORMS:
        raise UpdateRefused("SPARQL Update is not accepted here: this endpoint is read-only")


def year_term(year: int | str) -> Literal:
    return Literal(f"{int(year):04d}", datatype=XSD.gYear)


def iri_term(text: str) -> URIRef:
    """An IRI from 'https://...' or a known prefix ('id:bloc/bac-kan/...')."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(text)


# -- backends -----------------------------------------------------------------------------


def _rdflib_graph(triples: Iterable[Any]) -> Graph:
    graph = Graph()
    for prefix, base in PREFIXES.items():
        graph.bind(prefix, base)
    for t in triples:
        graph.add((to_term(t.subject), to_term(t.predicate), to_term(t.object)))  # type: ignore[arg-type]
    return graph


def _check(cancel: threading.Event, deadline: float | None) -> None:
    if cancel.is_set() or (deadline is not None and time.monotonic() > deadline):
        raise QueryTimeout("query exceeded the time limit")


def _fill(result: Result, solutions: Iterable[Any], value: Callable[[Any, str], Node | None], limit: int | None,
          cancel: threading.Event, deadline: float | None) -> Result:
    """Read solutions into `result` one by one: stop at the deadline, cut at `limit` rows."""
    for solution in solutions:
        _check(cancel, deadline)
        if limit is not None and len(result.rows) >= limit:
            result.truncated = True
            break
        row = {}
        for name in result.variables:
            term = value(solution, name)
            if term is not None:
                row[name] = term
        result.rows.append(row)
    return result


def _collect(answer: Any, limit: int | None, cancel: threading.Event, deadline: float | None) -> Result:
    """A Result from pyoxigraph query results, reading solutions one by one (cap, deadline)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        result = Result(variables=[v.value for v in answer.variables])
        return _fill(result, answer, lambda s, n: to_term(s[n]), limit, cancel, deadline)
    triples = []
    for triple in answer:
        _check(cancel, deadline)
        triples.append(triple)
    return Result(graph=_rdflib_graph(triples))


def _run_oxigraph(ox_store: Any, sparql: str, bindings: Mapping[str, Node], limit: int | None,
                  deadline: float | None, cancel: threading.Event) -> Result:
    from graph.store import StoreError, inject_values

    try:
        answer = ox_store.query(inject_values(sparql, dict(bindings)))
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    except StoreError as error:
        raise QueryError(str(error)) from None
    return _collect(answer, limit, cancel, deadline)


def _run_endpoint(store: Any, sparql: str, bindings: Mapping[str, Node], limit: int | None,
                  deadline: float | None, cancel: threading.Event) -> Result:
    """A remote SPARQL endpoint: results fetched as SPARQL JSON and read like local ones."""
    import pyoxigraph as ox

    from graph.store import StoreError
    from graph.store import query_form as store_form

    try:
        if store_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            answer = store.query(sparql, dict(bindings))
            return Result(graph=answer)
        data = store.select_raw(sparql, "json", dict(bindings))
    except StoreError as error:
        cause = error.__cause__
        if isinstance(cause, urllib.error.HTTPError) and 400 <= cause.code < 500:
            raise QueryError(str(error)) from None  # the endpoint refused the query itself
        raise BackendError(str(error)) from None
    return _collect(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON), limit, cancel, deadline)


def _run_rdflib(graph: Graph, sparql: str, bindings: Mapping[str, Node], limit: int | None,
                deadline: float | None, cancel: threading.Event) -> Result:
    try:
        answer = graph.query(sparql, initBindings=dict(bindings) if bindings else None)
    except Exception as error:  # rdflib raises pyparsing errors and others for bad queries
        raise QueryError(f"{type(error).__name__}: {error}") from None
    if answer.type == "ASK":
        return Result(boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        out = Graph()
        for triple in answer:
            out.add(triple)  # type: ignore[arg-type]
        return Result(graph=out)
    result = Result(variables=[str(v) for v in answer.vars or []])
    return _fill(result, answer, lambda row, n: row[n], limit, cancel, deadline)


def _run_generic(store: Any, sparql: str, bindings: Mapping[str, Node], limit: int | None,
                 deadline: float | None, cancel: threading.Event) -> Result:
    """Any other object with the GraphStore API."""
    try:
        answer = store.query(sparql, dict(bindings) if bindings else None)
    except Exception as error:
        raise QueryError(f"{type(error).__name__}: {error}") from None
    if isinstance(answer, bool):
        return Result(boolean=answer)
    if isinstance(answer, Graph):
        return Result(graph=answer)
    rows = [{k: to_term(v) for k, v in row.items() if v is not None} for row in answer]
    names = _projected(sparql) or list(dict.fromkeys(k for r in rows for k in r))
    result = Result(variables=names, rows=rows)  # type: ignore[arg-type]
    if limit is not None and len(rows) > limit:
        result.rows, result.truncated = rows[:limit], True
    return result


def _backend(store: Any) -> tuple[Any, Any]:
    """The runner for `store` and the object it runs on."""
    import pyoxigraph as ox

    from graph import store as stores

    if isinstance(store, ox.Store):
        return _run_oxigraph, store
    if isinstance(store, Graph):
        return _run_rdflib, store
    if isinstance(store, stores.OxigraphStore):
        return _run_oxigraph, store._store
    if isinstance(store, stores.MemoryStore):
        return _run_rdflib, store.graph()
    if isinstance(store, stores.EndpointStore):
        return _run_endpoint, store
    return _run_generic, store


_SELECT_VARS = re.compile(r"(?is)\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:WHERE\b|\{|FROM\b)")


def _projected(sparql: str) -> list[str]:
    """The variables a SELECT projects, in order (empty for SELECT *)."""
    m = _SELECT_VARS.search(sparql)
    if not m or "*" in m.group(1):
        return []
    clause = re.sub(r"(?is)\(.*?\bAS\s+\?(\w+)\s*\)", r"?\1", m.group(1))
    return re.findall(r"\?(\w+)", clause)


def execute(store: Any, sparql: str, bindings: Mapping[str, Node] | None = None, *,
            limit: int | None = None, timeout: float | None = None) -> Result:
    """Answer `sparql` (read-only) with `bindings` as RDF terms, at most `limit` rows,
    raising QueryTimeout after `timeout` seconds. Updates raise UpdateRefused."""
    refuse_updates(sparql)
    runner, backend = _backend(store)
    cancel = threading.Event()
    if timeout is None:
        return runner(backend, sparql, bindings or {}, limit, None, cancel)
    # Run in a worker so the caller gets its answer at the deadline even while the engine
    # is still computing the first solution; the worker is told to stop at its next
    # solution (an engine cannot be interrupted mid-step from Python).
    deadline = time.monotonic() + timeout
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = runner(backend, sparql, bindings or {}, limit, deadline, cancel)
        except BaseException as error:  # handed to the caller's thread, without the frames that
            # hold engine objects: pyoxigraph results must be dropped on the thread that made them
            box["error"] = error.with_traceback(None)

    worker = threading.Thread(target=work, name="sparql-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or isinstance(box.get("error"), QueryTimeout):
        cancel.set()
        raise QueryTimeout(f"query exceeded the time limit of {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["result"]
