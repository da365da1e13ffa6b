"""Fast forms of thidua.text's per-character views and keys, for the extractor's hot loops.

`fold` and `ascii_fold` map each character on its own (same length out as in), so a
str.translate table filled lazily from thidua.text gives the same result at C speed; `key`
is memoised. These are the project's functions, only cached: no second definition.
"""

from __future__ import annotations

from functools import lru_cache

from thidua import text as tt


class _Table(dict):
    def __init__(self, one) -> None:
        super().__init__()
        self._one = one

    def __missing__(self, code: int) -> str:
        value = self[code] = self._one(chr(code))
        return value


_FOLD = _Table(tt.fold)
_ASCII = _Table(tt.ascii_fold)
_WORDS = _Table(lambda ch: a if (a := tt.ascii_fold(ch)).isalnum() else " ")


def fold(text: str) -> str:
    """thidua.text.fold(text), via a translation table."""
    return text.translate(_FOLD)


def ascii_fold(text: str) -> str:
    """thidua.text.ascii_fold(text), via a translation table."""
    return text.translate(_ASCII)


def ascii_words(text: str) -> str:
    """ascii_fold(text) with every character that is not a letter or digit as a space (same length)."""
    return text.translate(_WORDS)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """thidua.text.key(text), memoised (names recur across an article and a corpus)."""
    return tt.key(text)
