"""The `thidua` command: one entry point that wires the stages.

Each sub-command lives in the package that owns its stage and is imported only when it
is called, so `thidua extract` does not pay for Scrapy and a broken stage cannot take
the others down. A command module provides `configure(parser)` and `main(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("thidua.pipeline", "the whole flow on the demo web (or --sites): crawl, extract, build, export, rotation"),
    "crawl": ("crawler.commands.crawl", "crawl the sites of a registry into the article store"),
    "demo-sites": ("crawler.commands.demo_sites", "serve the demo web on 127.0.0.1 for a person to browse"),
    "extract": ("graph.extract.command", "print the facts of article files as JSON Lines"),
    "build": ("graph.commands.build", "build the knowledge graph from articles or facts into a store"),
    "query": ("graph.commands.query", "run a SPARQL query or a named query against a store"),
    "rotation": ("graph.commands.rotation", "year-over-year chair rotation of a bloc"),
    "agency": ("graph.commands.agency", "one agency's blocs, roles and awards by year"),
    "serve": ("graph.web.command", "SPARQL endpoint and HTML pages on 127.0.0.1"),
    "view": ("graph.views.command", "write the interactive graph view (pyvis) as one HTML file"),
    "export": ("graph.exports.command", "write Turtle, JSON-LD, GraphML, GEXF, CSV, XLSX and views"),
}


def _usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: thidua COMMAND [options]   (thidua COMMAND --help for its options)", "", "commands:"]
    lines += [f"  {name:<{width}}  {helptext}" for name, (_, helptext) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0 if argv else 2
    if argv[0] == "--version":
        from thidua import __version__

        print(__version__)
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"thidua: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, helptext = COMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            print(f"thidua: the command {name!r} is not available in this build", file=sys.stderr)
            return 2
        raise
    parser = argparse.ArgumentParser(prog=f"thidua {name}", description=helptext)
    module.configure(parser)
    args = parser.parse_args(rest)
    try:
        return int(module.main(args) or 0)
    except KeyboardInterrupt:
        print("thidua: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
