"""Files people take away: RDF (Turtle, N-Triples, JSON-LD), GraphML/GEXF, facts, rotation tables, views.

Every writer returns bytes and `atomic.write_bytes` puts them in place, so the same store gives
byte-identical files and an interrupted export never leaves half a file behind.
"""
