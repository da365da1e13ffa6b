"""The model as data: ontology, shapes, JSON-LD context, named queries and the gazetteer.

Code finds these files through `path()`, so they work from a checkout and from an install.
"""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """The path of a data file in ontology/, e.g. path("queries", "rotation.rq")."""
    return ONTOLOGY_DIR.joinpath(*parts)
