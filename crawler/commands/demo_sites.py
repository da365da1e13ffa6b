"""`thidua demo-sites [--port N]`: serve the demo web on 127.0.0.1 for a person to browse."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request on stderr")


def main(args: argparse.Namespace) -> int:
    from crawler.demo.server import serve

    return serve(args.port, verbose=not args.quiet)
