"""`thidua extract FILE... [--province P]`: facts as JSON Lines on stdout, problems on stderr."""

from __future__ import annotations

import argparse
import json
import sys

from graph.extract import BadInput, extract_file


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="article files (.txt: line 1 the title; .html)")
    parser.add_argument("--province", help="the province the articles come from (when the text does not say)")


def main(args: argparse.Namespace) -> int:
    bad = 0
    total = 0
    out = sys.stdout
    for path in args.files:
        try:
            facts = extract_file(path, province=args.province)
        except BadInput as error:
            print(f"thidua extract: {error}", file=sys.stderr)
            bad += 1
            continue
        except (OSError, ValueError, RecursionError) as error:
            print(f"thidua extract: {path}: cannot read ({error})", file=sys.stderr)
            bad += 1
            continue
        except Exception as error:  # an extractor bug must not cost the other files their facts
            print(f"thidua extract: {path}: skipped, the extractor failed on it ({type(error).__name__}: {error});"
                  " please report it with the file", file=sys.stderr)
            bad += 1
            continue
        for fact in facts:
            out.write(json.dumps(fact, ensure_ascii=False, sort_keys=False) + "\n")
        total += len(facts)
    if len(args.files) > 1 or bad:
        print(f"thidua extract: {total} facts from {len(args.files) - bad} of {len(args.files)} files",
              file=sys.stderr)
    return 1 if bad and bad == len(args.files) else 0
