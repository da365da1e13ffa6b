"""Views people open in a browser: the interactive graph (pyvis / vis-network) and bloc timelines.

Pages are single HTML files with every script and style inlined, so they work offline and
from file://; text from scraped pages reaches the DOM only as text.
"""
