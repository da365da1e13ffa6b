"""The `/sparql` endpoint: SPARQL 1.1 Protocol (query operation only), read-only.

GET ?query=… or POST (form-encoded `query=…`, or a body of type application/sparql-query).
Results by content negotiation: SPARQL JSON, XML, CSV, TSV for SELECT/ASK; Turtle,
N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE. `format=json|xml|csv|tsv` in the query
string overrides the Accept header (handy in a browser). Updates get 403; a syntax error
400 with the parser's message; a query past the time limit 503.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from graph.query import BackendError, QueryError, QueryTimeout, UpdateRefused, execute
from graph.results import GRAPH_TYPES, SELECT_TYPES, Result, serialize

FORMAT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_FORMAT_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json",
                      "xml": "application/rdf+xml"}


@dataclass
class Limits:
    timeout: float = 10.0      # seconds per query
    max_rows: int = 10_000     # rows per answer (the answer says when it was cut)


@dataclass
class Response:
    status: str
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _accepted(accept: str, offered: dict[str, str]) -> str | None:
    """The offered format the Accept header prefers (q-values honoured), or None."""
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        if q <= 0:
            continue
        if media in offered:
            choices.append((q, -i, offered[media]))
        elif media in ("*/*", "application/*", "text/*"):
            fallback = next((f for m, f in offered.items() if media == "*/*" or m.startswith(media[:-1])), None)
            if fallback:
                choices.append((q - 0.001, -i, fallback))
    return max(choices)[2] if choices else None


def text(status: str, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _read_query(environ: dict[str, Any]) -> tuple[str | None, str | None, dict[str, list[str]]]:
    """(query, update, the query-string parameters) from a GET or POST."""
    params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    query = params.get("query", [None])[0]
    update = params.get("update", [None])[0]
    if environ["REQUEST_METHOD"] == "POST":
        ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length else b""
        if ctype == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        elif ctype == "application/sparql-update":
            update = body.decode("utf-8", "replace")
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            query = form.get("query", [query])[0]
            update = form.get("update", [update])[0]
            params.update({k: v for k, v in form.items() if k not in ("query", "update")})
    return query, update, params


def handle(environ: dict[str, Any], store: Any, limits: Limits, pool: Any = None) -> Response | None:
    """The protocol response, or None when the request carries no query (show the form).
    `pool` (graph.web.workers.WorkerPool) runs the query in a process that can be stopped."""
    method = environ["REQUEST_METHOD"]
    if method not in ("GET", "POST"):
        return Response("405 Method Not Allowed", "text/plain; charset=utf-8",
                        b"use GET or POST\n", (("Allow", "GET, POST"),))
    query, update, params = _read_query(environ)
    if update is not None:
        return text("403 Forbidden", "SPARQL Update is not accepted: this endpoint is read-only")
    if query is None:
        return None
    if not query.strip():
        return text("400 Bad Request", "the query is empty")
    try:
        if pool is not None:
            result = pool.run(query, limit=limits.max_rows, timeout=limits.timeout)
        else:
            result = execute(store, query, limit=limits.max_rows, timeout=limits.timeout)
    except UpdateRefused as error:
        return text("403 Forbidden", str(error))
    except BackendError as error:
        return text("502 Bad Gateway", f"the graph store failed: {error}")
    except QueryTimeout as error:
        return text("503 Service Unavailable", f"{error}; narrow the query or add a LIMIT")
    except QueryError as error:
        return text("400 Bad Request", f"bad query: {error}")
    return _negotiate(result, environ.get("HTTP_ACCEPT", "") or "*/*", params.get("format", [None])[0], limits)


def _negotiate(result: Result, accept: str, forced: str | None, limits: Limits) -> Response:
    if result.kind == "graph":
        offered = dict(GRAPH_TYPES)
        fmt = forced if forced in GRAPH_FORMAT_TYPES else _accepted(accept, offered)
        if fmt is None:
            return text("406 Not Acceptable", f"this query gives a graph; accept one of: {', '.join(offered)}")
        return Response("200 OK", f"{GRAPH_FORMAT_TYPES[fmt]}; charset=utf-8", serialize(result, fmt).encode("utf-8"))
    fmt = forced if forced in FORMAT_TYPES else _accepted(accept, SELECT_TYPES)
    if fmt is None:
        return text("406 Not Acceptable", f"accept one of: {', '.join(SELECT_TYPES)}")
    headers: tuple[tuple[str, str], ...] = ()
    if result.truncated:
        headers = (("X-Result-Truncated", f"true; at most {limits.max_rows} rows"),)
    return Response("200 OK", f"{FORMAT_TYPES[fmt]}; charset=utf-8", serialize(result, fmt).encode("utf-8"), headers)
