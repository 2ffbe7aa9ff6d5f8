"""Helpers for files people open in spreadsheet programs (CSV and XLSX exports)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text that a spreadsheet will not run: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
