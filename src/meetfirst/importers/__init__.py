"""Importers: one module per format, each yielding plain records and row errors.

The public face is `read()` and `FORMATS`; see reading.py for how files are found and ordered, and
registry.py for the explicit list of formats.
"""

from meetfirst.importers.formats import FormatInfo
from meetfirst.importers.reading import read
from meetfirst.importers.registry import FORMATS

__all__ = ["FORMATS", "FormatInfo", "read"]
