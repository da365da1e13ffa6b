"""The one spider (sites.py), driven by the site registry, and its relevance filter."""
