"""Wagtail block validation errors as plain 'where: message' lines, for import reports."""

from django.core.exceptions import ValidationError


def _walk(data, path, name_item):
    for message in data.get("messages", []):
        yield f"{' '.join(path)}: {message}" if path else message
    for key, nested in data.get("blockErrors", {}).items():
        name = name_item(key) if isinstance(key, int) else str(key).replace("_", " ")
        yield from _walk(nested, (*path, name), name_item)


def block_error_messages(error: ValidationError, *, name_item=lambda i: f"item {i + 1}"):
    """Flatten a block's ValidationError into e.g. 'choices answer 2 text: message' lines.

    `name_item` names the n-th (0-based) child of a list or stream block.
    """
    data = error.as_json_data() if hasattr(error, "as_json_data") else {}
    return list(_walk(data, (), name_item)) or error.messages
