"""Named queries: the commented `.rq` files of ontology/queries/.

The first comment line of a file is its title, the next ones its description, then
`# @param NAME KIND: text` lines (KIND: bloc, agency, province, year, int, string, iri) and
`# @example ...` lines. The rest is plain SPARQL that any endpoint runs; parameters are
variables of the query that the caller binds as RDF terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ontology import path as data_path

PARAM_KINDS = ("bloc", "agency", "province", "year", "int", "string", "iri")
_PARAM = re.compile(r"^@param\s+(?P<name>\w+)\s+(?P<kind>\w+)(?P<optional>\?)?\s*:\s*(?P<text>.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    text: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    sparql: str
    path: Path = field(compare=False)


class QueryFileError(ValueError):
    """A named query file that does not follow the header convention."""


def parse(path: Path) -> NamedQuery:
    """Read one `.rq` file and its header."""
    text = path.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    if not header or not header[0]:
        raise QueryFileError(f"{path}: the first line must be a '# Title' comment")
    title, description, params, examples = header[0], [], [], []
    for line in header[1:]:
        if line.startswith("@param"):
            m = _PARAM.match(line)
            if not m or m["kind"] not in PARAM_KINDS:
                raise QueryFileError(f"{path}: bad parameter line {line!r}: write '@param NAME KIND: text', "
                                     f"KIND one of {', '.join(PARAM_KINDS)}")
            params.append(Param(m["name"], m["kind"], m["text"], bool(m["optional"])))
        elif line.startswith("@example"):
            examples.append(line[len("@example"):].strip())
        elif line:
            description.append(line)
    return NamedQuery(path.stem, title, " ".join(description), tuple(params), tuple(examples), text, path)


def directory() -> Path:
    return data_path("queries")


@lru_cache(maxsize=1)
def _load_all(folder: str) -> dict[str, NamedQuery]:
    return {p.stem: parse(p) for p in sorted(Path(folder).glob("*.rq"))}


def all_queries() -> dict[str, NamedQuery]:
    """Every named query by name (file stem), sorted."""
    return _load_all(str(directory()))


def get(name: str) -> NamedQuery:
    """The named query `name`; KeyError with the list of names when there is none."""
    queries = all_queries()
    if name not in queries:
        raise KeyError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name]
