"""Helpers for files people open in spreadsheet programs (CSV and XLSX exports)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text that a spreadsheet will not run: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; other
# programs show the mark as a stray character, so both versions are offered.
EXCEL_BOM = "\ufeff"


def wants_excel(request) -> bool:
    """`?for=excel` on a CSV download asks for the byte order mark."""
    return request.GET.get("for") == "excel"
