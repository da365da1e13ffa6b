"""Text -> facts (../shared/FACTS.md): roles, awards, members, events, people, each with evidence.

    extract_text(text, *, doc, province=None, published=None) -> list[dict]
    extract_article(article) -> list[dict]        # a crawler.items.Article
    extract_file(path, province=None) -> list[dict]

Modules: document (the article context), sentences, agencies (+ graph/gazetteer.py), blocs,
lists, roles, awards, members, events, persons; phrases live in ontology/gazetteer/lexicon.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.core import extract_text
from graph.extract.files import BadInput, read_article_dated

if TYPE_CHECKING:
    from crawler.items import Article

__all__ = ["BadInput", "extract_article", "extract_file", "extract_text"]


def extract_article(article: Article) -> list[dict]:
    return extract_text(article.full_text(), doc=article.canonical_url, province=article.province,
                        published=article.published)


def extract_file(path: str, province: str | None = None) -> list[dict]:
    """Facts of an article file; raises BadInput (with a message naming the file) for bad input."""
    text, published = read_article_dated(path)
    return extract_text(text, doc=path, province=province, published=published)
