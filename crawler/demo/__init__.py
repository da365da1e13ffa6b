"""The demo web: sample department sites served on 127.0.0.1 (see server.py, web.py)."""
