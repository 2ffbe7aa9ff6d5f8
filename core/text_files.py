"""Text files editors hand to the importers (module files, GIFT): size, NUL, lines.

Lines are counted as editors count them: a line ends at '\\n' only (with an optional '\\r'
before it), never at U+2028 LINE SEPARATOR and the other breaks str.splitlines() knows.
"""

from pathlib import Path

MAX_TEXT_FILE_BYTES = 1024 * 1024  # 1 MiB: a module file is a few tens of kilobytes


def split_lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


def size_problem(path: Path) -> str:
    """Why the file is too big to read, or ""."""
    size = path.stat().st_size
    if size > MAX_TEXT_FILE_BYTES:
        return (
            f"the file is {size / 1024 / 1024:.1f} MiB; the limit is "
            f"{MAX_TEXT_FILE_BYTES // 1024 // 1024} MiB"
        )
    return ""


def nul_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first NUL character, which no database text column takes."""
    position = text.find("\0")
    if position == -1:
        return None
    return text.count("\n", 0, position) + 1, "a NUL character (\\0): is this a binary file?"
