"""closeness: a nightly check-in ritual for couples, local-first and private."""

__version__ = "0.1.0"
