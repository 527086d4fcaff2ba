"""Cells that are safe to open in a spreadsheet: no value may start a formula."""

from __future__ import annotations

# A cell starting with one of these may be run as a formula by Excel, LibreOffice or Sheets
# (tab and carriage return are how a formula hides behind whitespace).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, with a leading single quote when it could start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
