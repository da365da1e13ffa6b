"""`thidua view`: write the interactive graph of a store (or a province, bloc, year of it) as one
HTML file; with --timeline, the year-by-year timeline page of one bloc instead."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua import paths


def configure(parser: argparse.ArgumentParser) -> None:
    from graph.commands._common import add_store_option

    add_store_option(parser)
    parser.add_argument("--province", help="keep only this province (e.g. \"Bắc Kạn\")")
    parser.add_argument("--bloc", help="keep only blocs whose name contains this (loosely: \"kinh te\")")
    parser.add_argument("--year", type=int, help="keep only facts of this year")
    parser.add_argument("--out", default=None,
                        help="the HTML file to write (default: exports/views/graph.html, "
                             "or exports/views/timeline/<province>--<bloc>.html with --timeline)")
    parser.add_argument("--timeline", action="store_true",
                        help="write the timeline of the bloc --bloc names (chair, vice-chair, awards by year)")
    parser.add_argument("--max-nodes", type=int, default=None,
                        help="beyond this many nodes the page shows one node per bloc and year (default 2000)")


def main(args: argparse.Namespace) -> int:
    from graph.commands._common import open_for_reading
    from graph.views.graphview import Selection, write_graph_view
    from graph.views.page import PageError

    out = Path(args.out or paths.EXPORTS_DIR / "views" / "graph.html")
    if out.suffix.lower() not in (".html", ".htm"):
        print(f"thidua view: --out {out} should end in .html", file=sys.stderr)
        return 2
    store = open_for_reading(args.store)
    if store is None:
        return 1
    if args.timeline:
        return _timeline(store, args, Path(args.out) if args.out else None)
    try:
        print("thidua view: reading the graph…", file=sys.stderr)
        rdf = store.graph()
    finally:
        store.close()
    if len(rdf) == 0:
        print(f"thidua view: the store {args.store or paths.GRAPH_STORE} is empty; run `thidua build` first",
              file=sys.stderr)
        return 1
    sel = Selection(args.province, args.bloc, args.year)
    try:
        result = write_graph_view(rdf, out, sel=sel, max_nodes=args.max_nodes)
    except PageError as error:
        print(f"thidua view: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"thidua view: cannot write {out}: {error.strerror or error}; choose another --out", file=sys.stderr)
        return 1
    if result.nodes == 0:
        print("thidua view: nothing matches that selection; the page is empty "
              "(check --province/--bloc/--year against `thidua query --name blocs`)", file=sys.stderr)
    note = f", aggregated from {result.total_nodes} nodes" if result.aggregated else ""
    print(f"thidua view: {result.nodes} nodes, {result.edges} edges{note} -> {out}", file=sys.stderr)
    print(out)
    return 0


def _timeline(store, args: argparse.Namespace, out: Path | None) -> int:
    """The timeline page of one bloc, found loosely by name (graph.rotation's lookup)."""
    from graph.lookup import LookupFailed
    from graph.rotation import rotation
    from graph.views.page import write_page
    from graph.views.timeline import file_name, timeline_page

    if not args.bloc:
        print("thidua view: --timeline needs --bloc NAME (and --province P when names repeat)", file=sys.stderr)
        store.close()
        return 2
    try:
        rot = rotation(store, args.bloc, args.province)
    except LookupFailed as error:
        print(f"thidua view: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    out = out or paths.EXPORTS_DIR / "views" / "timeline" / file_name(rot)
    try:
        write_page(out, timeline_page(rot))
    except OSError as error:
        print(f"thidua view: cannot write {out}: {error.strerror or error}; choose another --out", file=sys.stderr)
        return 1
    print(f"thidua view: timeline of {rot.bloc} ({rot.province}), {len(rot.years)} years -> {out}", file=sys.stderr)
    print(out)
    return 0
