"""meetfirst: connect only with people you know, and get to know the rest."""

__version__ = "0.1.0"
