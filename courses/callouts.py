"""`> [!NOTE] Title` callouts in Markdown, drawn like the lesson's callout block.

Module files turn such a quote into a CalloutBlock (courses/blocks/callout.html); this
Python-Markdown extension gives a Markdown block typed in the page editor the same markup,
so a callout looks the same whichever way it was written.
"""

import re
from xml.etree.ElementTree import Element, SubElement

from django.utils.text import capfirst

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

CALLOUT_KINDS = ("note", "tip", "warning", "important")
_TAG = re.compile(r"<[^>]*>")
_MARKER = re.compile(r"\[!(?P<kind>[A-Za-z]+)\][ \t]*(?P<title>[^\n]*)(?:\n|$)")


def callout_classes() -> set[str]:
    return {"callout", *(f"callout--{kind}" for kind in CALLOUT_KINDS)}


def _marker(element: Element):
    """The callout marker opening this paragraph, or None."""
    if element.tag != "p" or not element.text:
        return None
    match = _MARKER.match(element.text)
    return match if match and match["kind"].lower() in CALLOUT_KINDS else None


def _callout(match, children) -> Element:
    # The title is plain text: HTML tags in it are dropped, as raw HTML is in the body.
    kind, title = match["kind"].lower(), _TAG.sub("", match["title"]).strip()
    aside = Element(
        "aside", {"class": f"callout callout--{kind}", "aria-label": capfirst(title or kind)}
    )
    heading = SubElement(SubElement(aside, "p", {"class": "callout__title"}), "strong")
    heading.text = AtomicString(title or capfirst(kind))  # plain text, as in the callout block
    SubElement(aside, "div", {"class": "callout__body"}).extend(children)
    return aside


def _segments(quote: Element):
    """Split a quote's children where a marker starts a callout: [(match or None, children)].

    Python-Markdown joins quotes that only a blank line separates; module files do not.
    """
    segments = []
    for child in list(quote):
        match = _marker(child)
        if match or not segments:
            segments.append((match, []))
        if match:
            child.text = child.text[match.end() :]
            if not child.text.strip() and not len(child):
                continue  # the marker line was the whole paragraph
        segments[-1][1].append(child)
    return segments


class _Callouts(Treeprocessor):
    def run(self, root: Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        # Last first, so a quote inside a quote is handled while its parent is intact.
        for quote in reversed(list(root.iter("blockquote"))):
            segments = _segments(quote)
            if all(match is None for match, _ in segments):
                continue
            parent = parents[quote]
            index = list(parent).index(quote)
            parent.remove(quote)
            for offset, (match, children) in enumerate(segments):
                if match is None:
                    replacement = Element("blockquote")
                    replacement.extend(children)
                else:
                    replacement = _callout(match, children)
                parent.insert(index + offset, replacement)


class CalloutExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (python-markdown's API name)
        # Before inline parsing (priority 20), so the title stays plain text.
        md.treeprocessors.register(_Callouts(md), "callouts", 25)
