"""Atomic file writes: a temporary file beside the target, then os.replace.

A reader (or an export interrupted half-way) sees either the old file or the new one, never
a truncated one; the temporary name starts with '.' so a directory listing skips it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` atomically; create the parent directories."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 text atomically (always '\\n' line ends, whatever the platform)."""
    return write_bytes(path, text.encode("utf-8"))
