"""`thidua serve`: the SPARQL 1.1 Protocol endpoint and the HTML pages, as one WSGI app."""
