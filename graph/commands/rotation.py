"""`thidua rotation`: the year-over-year chair rotation of a bloc (or of every bloc with --all)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.commands._common import add_store_option, close, open_for_reading, write_stdout


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--bloc", help='the bloc, loosely: "Kinh tế - Kỹ thuật", "KT-KT", "khoi 5"')
    parser.add_argument("--province", help="the province the bloc belongs to")
    parser.add_argument("--all", action="store_true", help="the table of every bloc in the store")
    parser.add_argument("--from", dest="year_from", type=int, help="first year shown")
    parser.add_argument("--to", dest="year_to", type=int, help="last year shown")
    parser.add_argument("--format", choices=("table", "csv", "json", "xlsx"), default="table")
    parser.add_argument("--out", help="write to this file instead of stdout (needed for xlsx on a terminal)")


def text_table(rot) -> str:
    """A terminal table: one line per year, sources numbered below."""
    from graph.exports.tables import award_text

    refs: dict[str, int] = {}

    def cite(sources: list[str]) -> str:
        return "".join(f"[{refs.setdefault(s, len(refs) + 1)}]" for s in sources)

    def seat(holders) -> str:
        return "; ".join(f"{h.agency} {cite(h.sources)}" for h in holders)

    title = f"{rot.bloc} ({rot.province or 'province unknown'})"
    lines = [title, "=" * len(title)]
    rows = [("year", "chair", "vice-chair", "awards", "")]
    for y in rot.years:
        awards = "; ".join(f"{award_text({'award': a.award, 'recipient': a.recipient, 'status': a.status, 'rank': a.rank})}"
                           f" {cite(a.sources)}" for a in y.awards)
        chair = seat(y.chair) or ("(unknown" + (f"; hint: {y.hint_agency}, inferred" if y.hint else "") + ")")
        flag = "CONFLICT" if y.conflict else ("gap" if y.gap else "")
        rows.append((str(y.year), chair, seat(y.vice_chair), awards, flag))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if not rot.years:
        lines.append("(no chair, vice-chair or award known for this bloc)")
    for source, n in refs.items():
        lines.append(f"[{n}] {source}")
    return "\n".join(lines) + "\n"


def render(tables: list, fmt: str, single: bool) -> str | bytes:
    from graph.exports.tables import to_csv, to_xlsx

    if fmt == "json":
        data = [t.to_json() for t in tables]
        return json.dumps(data[0] if single else data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv([t.to_json() for t in tables])
    if fmt == "xlsx":
        return to_xlsx([t.to_json() for t in tables])
    return "\n".join(text_table(t) for t in tables)


def main(args: argparse.Namespace) -> int:
    from graph.lookup import LookupFailed
    from graph.query import QueryError
    from graph.rotation import all_blocs, rotation, rotation_of

    if not args.all and not args.bloc:
        print("thidua rotation: give --bloc NAME (and --province P), or --all", file=sys.stderr)
        return 2
    if args.format == "xlsx" and not args.out and sys.stdout.isatty():
        print("thidua rotation: xlsx is binary; give --out FILE.xlsx or redirect stdout", file=sys.stderr)
        return 2
    store = open_for_reading(args.store)
    if store is None:
        return 1
    try:
        if args.all:
            blocs = all_blocs(store)
            tables = [rotation_of(store, b, args.year_from, args.year_to) for b in blocs]
            print(f"thidua rotation: {len(tables)} bloc(s), "
                  f"{sum(1 for t in tables for y in t.years if not y.gap)} year(s) with a known seat, "
                  f"{sum(1 for t in tables for y in t.years if y.gap)} gap(s)", file=sys.stderr)
        else:
            tables = [rotation(store, args.bloc, args.province, args.year_from, args.year_to)]
    except (LookupFailed, QueryError) as error:
        print(f"thidua rotation: {error}", file=sys.stderr)
        return 1
    finally:
        close(store)
    data = render(tables, args.format, single=not args.all)
    if args.out:
        from graph.exports.atomic import write_bytes

        write_bytes(Path(args.out), data if isinstance(data, bytes) else data.encode("utf-8"))
        print(f"thidua rotation: wrote {args.out}", file=sys.stderr)
    else:
        write_stdout(data)
    return 0
