"""thidua: Vietnamese provincial emulation blocs, from department news to a knowledge graph."""

__version__ = "0.1.0"
