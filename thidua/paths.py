"""Default locations, relative to the working directory, so that `make run` needs no flags."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("THIDUA_DATA", "data"))
ARTICLES_DB = DATA_DIR / "articles.db"
GRAPH_STORE = DATA_DIR / "graph"
EXPORTS_DIR = Path(os.environ.get("THIDUA_EXPORTS", "exports"))
