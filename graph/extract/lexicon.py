"""The phrase lexicon (ontology/gazetteer/lexicon.yaml), compiled once.

Patterns are written in plain Vietnamese in the data file and folded here with
`thidua.text.fold`, so they run on the folded view of an article (same length as the
article: match offsets are evidence offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from ontology import path as data_path
from thidua.text import fold


@lru_cache(maxsize=512)
def rx(pattern: str) -> re.Pattern[str]:
    """Compile a lexicon pattern for the folded view."""
    return re.compile(fold(pattern))


def words_rx(words: list[str], suffix: str = r"(?![\w])") -> re.Pattern[str]:
    """One alternation over folded phrases, longest first, on word boundaries."""
    alts = sorted({re.escape(fold(w)) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + ")" + suffix)


@dataclass
class Lexicon:
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


@lru_cache(maxsize=1)
def load() -> Lexicon:
    with open(data_path("gazetteer", "lexicon.yaml"), encoding="utf-8") as fh:
        return Lexicon(yaml.safe_load(fh))
