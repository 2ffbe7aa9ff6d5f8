"""Keep a module file's YAML front matter to plain data, before any value is built.

PyYAML's safe loader still builds what a file asks for: `!!binary` and `!!set` values,
aliases that expand a few lines into billions of items, dates that do not exist
(`2026-13-45` raises ValueError) and nesting deep enough to exhaust the stack. Each is
refused here with its line, so the importer reports `FILE:LINE: problem`, never a traceback.
"""

import yaml

from core.problems import ProblemCollector

MAX_YAML_DEPTH = 8  # front matter is a mapping of lists of mappings at most
_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
# U+0085, U+2028, U+2029 and a lone CR end a line for YAML but not in editors.
YAML_ONLY_BREAKS = {"\x85": "NEXT LINE (U+0085)", "\u2028": "LINE SEPARATOR (U+2028)",
                    "\u2029": "PARAGRAPH SEPARATOR (U+2029)", "\r": "carriage return"}  # fmt: skip


def line_break_problems(lines: list[str], first_line: int, problems: ProblemCollector) -> bool:
    """Refuse characters YAML counts as line breaks (they would shift every line number)."""
    found = False
    for offset, line in enumerate(lines):
        for char, name in YAML_ONLY_BREAKS.items():
            if char in line:
                problems.add(
                    first_line + offset,
                    f"a {name} in the front matter: YAML reads it as a line break; "
                    "use an ordinary line break or a space",
                )
                found = True
    return found


def _deepest_line(text: str) -> int:
    """The first line (0-based) where '[' and '{' nest past MAX_YAML_DEPTH, else 0."""
    depth = 0
    for number, line in enumerate(text.split("\n")):
        for char in line:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth > MAX_YAML_DEPTH:
                return number
    return 0


def compose_front_matter(text: str):
    """yaml.compose, with a stack too deep reported like any other YAML error."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        mark = yaml.Mark("front matter", 0, _deepest_line(text), 0, None, None)
        problem = f"nested more than {MAX_YAML_DEPTH} levels deep"
        raise yaml.MarkedYAMLError(problem=problem, problem_mark=mark) from None


def _valid_timestamp(node) -> bool:
    try:
        yaml.SafeLoader(yaml.serialize(node)).get_single_data()
    except (ValueError, OverflowError, yaml.YAMLError):
        return False
    return True


def plain_data_problems(root, problems: ProblemCollector) -> bool:
    """Report tags, aliases, non-text keys and deep nesting; True when any was found.

    A date YAML cannot build (2026-13-45, year 0) is turned back into text, so the key's own
    check says what is wrong with it.
    """
    found, seen, stack = False, set(), [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            problems.add(line, "YAML aliases (*name) are not allowed: write the value out")
            found = True
            continue
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            problems.add(line, f"the front matter is nested more than {MAX_YAML_DEPTH} levels deep")
            found = True
            continue
        if node.tag == f"{_TAG}timestamp":
            if not _valid_timestamp(node):
                node.tag = f"{_TAG}str"
            continue
        if node.tag not in PLAIN_TAGS:
            problems.add(line, f"the YAML tag '{node.tag.replace(_TAG, '!!')}' is not allowed")
            found = True
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    problems.add(key.start_mark.line + 1, "a key must be plain text")
                    found = True
                    continue
                stack.extend([(key, depth + 1), (value, depth + 1)])
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return found
