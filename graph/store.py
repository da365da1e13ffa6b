"""Graph stores behind one small API: embedded Oxigraph on disk, rdflib in memory, or any
SPARQL 1.1 endpoint reached over HTTP.

    open_store(spec=None, *, read_only=False, update_url=None) -> GraphStore
        None            -> embedded Oxigraph at thidua.paths.GRAPH_STORE
        "memory:"       -> rdflib's in-memory graph (the benchmark baseline; gone on close)
        "oxigraph:"     -> embedded Oxigraph in memory (tests)
        "http(s)://..." -> a SPARQL 1.1 endpoint (query URL; updates go to update_url, by
                           default the sibling ".../update", which is what `oxigraph serve` uses)
        anything else   -> a directory holding an embedded Oxigraph store

    store.query(sparql, bindings) -> list[dict[str, rdflib term]] (SELECT), bool (ASK),
                                     rdflib.Graph (CONSTRUCT / DESCRIBE)
    store.select_raw(sparql, fmt, bindings) -> bytes   (fmt: json | xml | csv | tsv)
    store.update(sparql); store.add(triples); store.graph() -> rdflib.Graph; len(store); store.close()

Bindings are RDF terms: rdflib binds them itself (initBindings); for Oxigraph and remote
endpoints they become a VALUES block at the head of the WHERE group, each term serialised
(escaped) by rdflib, so user text never changes the query's shape. (Oxigraph's own
substitutions only accept projected variables, which would not bind a filter variable.) Everything lives in the default graph, so every endpoint answers the same
queries without union-graph settings.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from thidua import paths

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Triple = tuple[Node, Node, Node]
Result = list[dict[str, Any]] | bool | rdflib.Graph

_FORMATS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON, "json"),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML, "xml"),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV, "csv"),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV, "tsv"),
}


class StoreError(Exception):
    """A store that cannot be opened, read or written: the message says which and what to do."""


# -- term conversion -------------------------------------------------------------------------

_NAMED: dict[str, ox.NamedNode] = {}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term (IRIs cached: predicates and classes repeat a lot)."""
    if isinstance(term, URIRef):
        node = _NAMED.get(term)
        if node is None:
            if len(_NAMED) > 200_000:
                _NAMED.clear()
            node = _NAMED[term] = ox.NamedNode(str(term))
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=to_ox(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise StoreError(f"cannot store the term {term!r}")


def from_ox(term: Any) -> Node:
    """pyoxigraph term -> rdflib term (xsd:string literals become plain literals, as rdflib writes them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"unexpected term from Oxigraph: {term!r}")


def _as_term(value: Any) -> Node:
    """A binding value as an RDF term: rdflib terms pass, 'http…' strings are IRIs, the rest literals."""
    if isinstance(value, Node):
        return value
    if isinstance(value, str) and re.match(r"^(https?|file|urn):", value):
        return URIRef(value)
    return Literal(value)


# -- the stores ------------------------------------------------------------------------------


class GraphStore:
    """The common interface; see the module docstring."""

    spec: str = ""

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Result:
        raise NotImplementedError

    def select_raw(self, sparql: str, fmt: str = "json", bindings: dict[str, Any] | None = None) -> bytes:
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        raise NotImplementedError

    def add(self, triples: Iterable[Triple]) -> None:
        raise NotImplementedError

    def triples(self) -> Iterator[Triple]:
        raise NotImplementedError

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(rows, list)
        return int(rows[0]["n"])

    def graph(self) -> rdflib.Graph:
        """The whole graph as an rdflib.Graph (for exports, views and SHACL)."""
        g = rdflib.Graph()
        for triple in self.triples():
            g.add(triple)
        return g

    def flush(self) -> None:
        """Make what was written durable (a no-op where writes are already durable)."""

    def close(self) -> None:
        pass

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"


class OxigraphStore(GraphStore):
    """Embedded Oxigraph (RocksDB on disk, or in memory when path is None)."""

    def __init__(self, path: Path | None, read_only: bool = False) -> None:
        self.spec = str(path) if path else "oxigraph:"
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.exists():
                    raise StoreError(f"no graph store at {path}: run `thidua build` first or give --store")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(
                f"cannot open the graph store {path}: {error} (is another process writing it? "
                "stop it, or open the store read-only)") from error

    def _run(self, sparql: str, bindings: dict[str, Any] | None) -> Any:
        try:
            return self._store.query(inject_values(sparql, bindings))
        except SyntaxError as error:
            raise StoreError(f"SPARQL syntax error: {error}") from error

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Result:
        result = self._run(sparql, bindings)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        row[name] = from_ox(value)
                rows.append(row)
            return rows
        g = rdflib.Graph()
        for t in result:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g

    def select_raw(self, sparql: str, fmt: str = "json", bindings: dict[str, Any] | None = None) -> bytes:
        result = self._run(sparql, bindings)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        return result.serialize(format=_FORMATS[fmt][1])

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise StoreError(f"SPARQL Update syntax error: {error}") from error

    def add(self, triples: Iterable[Triple]) -> None:
        """Oxigraph's bulk loader: about 5x faster than transactional `extend` for a build's
        batches. Not atomic: a crash mid-batch leaves part of it, which the next (idempotent)
        build completes; nothing already stored is removed."""
        dg = ox.DefaultGraph()
        self._store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), dg) for s, p, o in triples)

    def triples(self) -> Iterator[Triple]:
        for q in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def __len__(self) -> int:
        return len(self._store)   # every triple is in the default graph (module docstring)

    def flush(self) -> None:
        if self.spec != "oxigraph:" and not self.read_only and self._store is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        self._store = None  # type: ignore[assignment]  # RocksDB closes when the object goes


class MemoryStore(GraphStore):
    """rdflib's in-memory graph: the reference the benchmark compares Oxigraph with."""

    def __init__(self) -> None:
        self.spec = "memory:"
        self._graph = rdflib.Graph()

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Result:
        init = {k.lstrip("?$"): _as_term(v) for k, v in (bindings or {}).items()}
        result = self._graph.query(sparql, initBindings=init)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            return [{n: row[n] for n in names if row[n] is not None} for row in result]
        g = rdflib.Graph()
        for t in result:
            g.add(t)
        return g

    def select_raw(self, sparql: str, fmt: str = "json", bindings: dict[str, Any] | None = None) -> bytes:
        init = {k.lstrip("?$"): _as_term(v) for k, v in (bindings or {}).items()}
        result = self._graph.query(sparql, initBindings=init)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.serialize(format="nt")
        if fmt == "tsv" and result.type == "SELECT":   # rdflib reads TSV results but cannot write them
            names = [str(v) for v in result.vars]
            lines = ["\t".join(f"?{n}" for n in names)]
            lines += ["\t".join(row[n].n3() if row[n] is not None else "" for n in names) for row in result]
            return ("\n".join(lines) + "\n").encode("utf-8")
        return result.serialize(format=_FORMATS[fmt][2])

    def update(self, sparql: str) -> None:
        self._graph.update(sparql)

    def add(self, triples: Iterable[Triple]) -> None:
        add = self._graph.add
        for t in triples:
            add(t)

    def triples(self) -> Iterator[Triple]:
        yield from self._graph

    def __len__(self) -> int:
        return len(self._graph)

    def graph(self) -> rdflib.Graph:
        return self._graph


class EndpointStore(GraphStore):
    """A SPARQL 1.1 endpoint: queries by the SPARQL protocol, writes by SPARQL Update."""

    BATCH = 5000  # triples per INSERT DATA request

    def __init__(self, query_url: str, update_url: str | None = None, timeout: float = 60.0) -> None:
        self.spec = query_url
        self.query_url = query_url.rstrip("/")
        if update_url is None:
            parsed = urllib.parse.urlsplit(self.query_url)
            base, _, last = parsed.path.rpartition("/")
            if last in ("query", "sparql"):
                update_url = urllib.parse.urlunsplit(parsed._replace(path=f"{base}/update"))
            else:
                update_url = f"{self.query_url}/update"
                self.query_url = f"{self.query_url}/query"
        self.update_url = update_url
        self.timeout = timeout

    def _post(self, url: str, body: bytes, content_type: str, accept: str | None = None) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:500]
            raise StoreError(f"the SPARQL endpoint {url} answered {error.code}: {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {error} (is the server running?)") from error

    def _ask(self, sparql: str, accept: str, bindings: dict[str, Any] | None) -> bytes:
        body = inject_values(sparql, bindings).encode("utf-8")
        return self._post(self.query_url, body, "application/sparql-query; charset=utf-8", accept)

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Result:
        kind = query_form(sparql)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            data = self._ask(sparql, "application/n-triples", bindings)
            g = rdflib.Graph()
            g.parse(data=data.decode("utf-8"), format="nt")
            return g
        data = self._ask(sparql, "application/sparql-results+json", bindings)
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        names = [v.value for v in parsed.variables]
        rows = []
        for solution in parsed:
            rows.append({n: from_ox(solution[n]) for n in names if solution[n] is not None})
        return rows

    def select_raw(self, sparql: str, fmt: str = "json", bindings: dict[str, Any] | None = None) -> bytes:
        if query_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            return self._ask(sparql, "application/n-triples", bindings)
        return self._ask(sparql, _FORMATS[fmt][0], bindings)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update; charset=utf-8")

    def add(self, triples: Iterable[Triple]) -> None:
        batch: list[str] = []
        for s, p, o in triples:
            batch.append(f"{s.n3()} {p.n3()} {o.n3()} .")
            if len(batch) >= self.BATCH:
                self.update("INSERT DATA {\n" + "\n".join(batch) + "\n}")
                batch = []
        if batch:
            self.update("INSERT DATA {\n" + "\n".join(batch) + "\n}")

    def triples(self) -> Iterator[Triple]:
        data = self._ask("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples", None)
        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)


# -- helpers for the remote endpoint ---------------------------------------------------------

_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                   r"|<[^<>\s{}]*>|#[^\n]*", re.S)


def _code_positions(sparql: str) -> Iterator[tuple[int, str]]:
    """(offset, char) of the query outside strings, IRIs and comments."""
    pos = 0
    for m in _SKIP.finditer(sparql):
        for i in range(pos, m.start()):
            yield i, sparql[i]
        pos = m.end()
    for i in range(pos, len(sparql)):
        yield i, sparql[i]


def query_form(sparql: str) -> str:
    code = "".join(ch for _, ch in _code_positions(sparql))
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.I)
    return m.group(1).upper() if m else "SELECT"


def inject_values(sparql: str, bindings: dict[str, Any] | None) -> str:
    """Bind variables by a VALUES block at the head of the outermost WHERE group.

    Terms are written by rdflib's n3() (escaped), so a value can never change the query's shape.
    """
    if not bindings:
        return sparql
    names = [k.lstrip("?$") for k in bindings]
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise StoreError(f"not a SPARQL variable name: {name!r}")
    terms = [_as_term(v).n3() for v in bindings.values()]
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }} "
    code = "".join(ch for _, ch in _code_positions(sparql))
    offsets = [i for i, _ in _code_positions(sparql)]
    form = query_form(sparql)
    m = re.search(r"\bWHERE\s*\{", code, re.I)
    if m:
        at = offsets[m.end() - 1] + 1
    elif form != "CONSTRUCT" and "{" in code:
        at = offsets[code.index("{")] + 1
    else:
        raise StoreError("cannot bind variables in this query: give it a WHERE clause")
    return sparql[:at] + block + sparql[at:]


# -- opening ---------------------------------------------------------------------------------


def open_store(spec: str | Path | None = None, *, read_only: bool = False,
               update_url: str | None = None) -> GraphStore:
    """The store a --store value names (see the module docstring)."""
    if spec is None:
        return OxigraphStore(Path(paths.GRAPH_STORE), read_only=read_only)
    text = str(spec)
    if text.startswith(("http://", "https://")):
        return EndpointStore(text, update_url)
    if text == "memory:":
        return MemoryStore()
    if text == "oxigraph:":
        return OxigraphStore(None)
    return OxigraphStore(Path(text), read_only=read_only)
