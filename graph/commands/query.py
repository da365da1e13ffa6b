"""`thidua query`: any SPARQL 1.1 query, or a named query of ontology/queries with parameters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.commands._common import add_store_option, close, open_for_reading, write_stdout


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--format", choices=("table", "csv", "tsv", "json", "xml"), default="table",
                        help="output format (json/xml/csv/tsv: the W3C SPARQL results formats)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("sparql", nargs="?", help="the SPARQL query text")
    source.add_argument("-f", "--file", help="read the query from this .rq file")
    source.add_argument("--name", help="run a named query (see --list)")
    source.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a named query's parameter (repeatable); bound as an RDF term")
    parser.add_argument("--limit", type=int, default=None, help="stop after this many rows")
    parser.add_argument("--timeout", type=float, default=None, help="give up after this many seconds")


def _list() -> int:
    from graph import named

    for q in named.all_queries().values():
        params = " ".join(f"--param {p.name}=<{p.kind}>" for p in q.params)
        print(f"{q.name}: {q.title}\n    {q.description}\n    thidua query --name {q.name} {params}".rstrip())
        for example in q.examples:
            print(f"    e.g. {example}")
    return 0


def main(args: argparse.Namespace) -> int:
    from graph import named
    from graph.lookup import LookupFailed, bind
    from graph.query import QueryError, execute
    from graph.results import serialize

    if args.list:
        return _list()
    bindings = {}
    if args.name:
        try:
            query = named.get(args.name)
        except KeyError as error:
            print(f"thidua query: {error.args[0]}", file=sys.stderr)
            return 2
        sparql = query.sparql
    elif args.file:
        try:
            sparql = Path(args.file).read_text(encoding="utf-8")
        except OSError as error:
            print(f"thidua query: cannot read {args.file}: {error.strerror}", file=sys.stderr)
            return 2
    elif args.sparql:
        sparql = args.sparql
    else:
        print("thidua query: give a query, -f FILE.rq, --name NAME or --list", file=sys.stderr)
        return 2
    raw: dict[str, str] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f"thidua query: --param {item!r}: write NAME=VALUE", file=sys.stderr)
            return 2
        raw[name.strip()] = value
    if raw and not args.name:
        print("thidua query: --param applies to named queries (--name)", file=sys.stderr)
        return 2
    store = open_for_reading(args.store)
    if store is None:
        return 1
    try:
        if args.name:
            bindings = bind(store, query, raw)
        result = execute(store, sparql, bindings, limit=args.limit, timeout=args.timeout)
    except (QueryError, LookupFailed) as error:
        print(f"thidua query: {error}", file=sys.stderr)
        return 1
    finally:
        close(store)
    write_stdout(serialize(result, args.format))
    if result.kind == "select" and args.format != "table":  # the table says it itself
        print(f"thidua query: {len(result.rows)} row(s){' (truncated)' if result.truncated else ''}",
              file=sys.stderr)
    return 0
