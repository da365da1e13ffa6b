"""`thidua agency NAME`: one agency's blocs, roles and awards by year, across renames and mergers."""

from __future__ import annotations

import argparse
import json
import sys

from graph.commands._common import add_store_option, close, open_for_reading


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("name", help='the agency, loosely: "Sở NN&PTNT", "so xay dung"')
    parser.add_argument("--province", help="the province the agency belongs to")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def main(args: argparse.Namespace) -> int:
    from graph.agency import WHAT_LABELS, history
    from graph.lookup import LookupFailed
    from graph.query import QueryError

    store = open_for_reading(args.store)
    if store is None:
        return 1
    try:
        record = history(store, args.name, args.province)
    except (LookupFailed, QueryError) as error:
        print(f"thidua agency: {error}", file=sys.stderr)
        return 1
    finally:
        close(store)
    if args.format == "json":
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
        return 0
    title = f"{record.agency} ({record.province or 'province unknown'})"
    print(title + "\n" + "=" * len(title))
    if len(record.names) > 1:
        print("also recorded as: " + "; ".join(record.names[1:]))
    for e in record.entries:
        what = WHAT_LABELS.get(e.what, e.what)
        year = str(e.year) if e.year else "----"
        as_name = f"  [as {e.as_agency}]" if e.as_agency and e.as_agency != record.agency else ""
        print(f"{year}  {what}  {e.bloc or ''}{as_name}  {' '.join(e.sources)}".rstrip())
    if not record.entries:
        print("(nothing recorded for this agency)")
    return 0
