"""How much Markdown the renderer is trusted with: size and nesting.

Python-Markdown recurses once per level of nested quotes, lists, brackets and HTML, and
some shapes cost time in proportion to the square of their size, so hostile text can
raise RecursionError or take minutes. Every way in (the page editor's Markdown blocks,
module files, GIFT) refuses text over these limits with the line to fix, and the renderer
shows text over them as plain escaped text instead of parsing it.
"""

import re

MAX_MARKDOWN_CHARS = 20_000  # per block: about 3,000 words, four times a long lesson
MAX_MARKDOWN_NESTING = 16  # levels of quotes, lists, brackets, parentheses or HTML elements
# Lines in a row without a blank one: Python-Markdown re-scans the rest of such a run at
# every heading, rule or definition in it, so its cost grows with the square of its length.
MAX_LINES_WITHOUT_BLANK = 200
MAX_ABBREVIATIONS = 50  # `*[HTML]: ...` definitions: each one is searched for in all the text
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[[^\]]*\][ ]?:", re.MULTILINE)

# A container a line opens: a quote marker, a bullet or a numbered item.
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")  # not <https://…>
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


def _container_depth(line: str) -> int:
    expanded = line.expandtabs(4)
    depth = (len(expanded) - len(expanded.lstrip())) // 4  # nested by indentation
    position = 0
    while match := _CONTAINER.match(expanded, position):
        depth, position = depth + 1, match.end()
    return depth


def nesting_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first line nested deeper than MAX_MARKDOWN_NESTING (or past
    MAX_LINES_WITHOUT_BLANK), or None.

    Brackets and HTML elements are counted through a paragraph (up to a blank line), which
    errs on the side of refusing: the limit is far above what lesson text needs.
    """
    open_count = {"[": 0, "(": 0}
    elements = run = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            open_count, elements, run = {"[": 0, "(": 0}, 0, 0
            continue
        run += 1
        if run > MAX_LINES_WITHOUT_BLANK:
            return number, (
                f"more than {MAX_LINES_WITHOUT_BLANK} lines without a blank line; "
                "separate paragraphs, lists and tables with blank lines"
            )
        depth = _container_depth(line)
        for char in line:
            if char in "[(":
                open_count[char] += 1
                depth = max(depth, open_count[char])
            elif char in "])":
                opener = "[" if char == "]" else "("
                open_count[opener] = max(open_count[opener] - 1, 0)
        for match in _TAG.finditer(line):
            closing, name, self_closing = match.groups()
            if closing:
                elements = max(elements - 1, 0)
            elif not self_closing and name.lower() not in _VOID_TAGS:
                elements += 1
                depth = max(depth, elements)
        if depth > MAX_MARKDOWN_NESTING:
            return number, (
                f"the Markdown is nested {depth} levels deep (quotes, lists, brackets, "
                "parentheses or HTML); "
                f"the limit is {MAX_MARKDOWN_NESTING}"
            )
    return None


def markdown_problem(text: str) -> tuple[int, str] | None:
    """(line, message) saying why this Markdown is refused, or None when it is fine."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return 1, (
            f"the Markdown is {len(text):,} characters long; the limit is "
            f"{MAX_MARKDOWN_CHARS:,}: split it into several blocks or lessons"
        )
    abbreviations = list(_ABBREVIATION.finditer(text))
    if len(abbreviations) > MAX_ABBREVIATIONS:
        line = text.count("\n", 0, abbreviations[MAX_ABBREVIATIONS].start()) + 1
        return line, f"more than {MAX_ABBREVIATIONS} abbreviation definitions (*[ABBR]: ...)"
    return nesting_problem(text)
