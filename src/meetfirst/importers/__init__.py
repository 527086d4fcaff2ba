"""Importers: one module per format, each yielding plain records and row errors."""
