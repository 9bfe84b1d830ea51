"""pressroom: typesets the multilingual bulletin *Since the Victory* from YAML/Markdown sources."""

__version__ = "0.1.0"
