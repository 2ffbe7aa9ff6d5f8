"""Markdown to safe HTML for everything editors write in Markdown."""

from functools import lru_cache
from xml.etree.ElementTree import Element

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .callouts import CalloutExtension, callout_classes
from .markdown_limits import markdown_problem

# No <img>, <script>, <style>, <iframe> or event attributes: images go through the image
# block, where they get required alt text.
ALLOWED_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "aside": {"aria-label"},
    "th": {"align"},
    "td": {"align"},
}
# Only the callout's own classes survive (courses/callouts.py).
ALLOWED_CLASSES = {
    "aside": callout_classes(),
    "p": {"callout__title"},
    "div": {"callout__body"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class _DemoteTopHeadings(Treeprocessor):
    # The page title is the only <h1>; a "# heading" in a body becomes <h2>.
    def run(self, root: Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class _DemoteTopHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (python-markdown's API name)
        md.treeprocessors.register(_DemoteTopHeadings(md), "demote_top_headings", 5)


def _as_plain_text(text: str) -> str:
    return f"<p>{escape(text)}</p>".replace("\n", "<br>\n")


def _to_html(text: str) -> str:
    if markdown_problem(text):
        # Stored before the limits were checked: shown as typed, never parsed.
        return _as_plain_text(text)
    try:
        return markdown.markdown(
            text,
            extensions=["extra", "sane_lists", CalloutExtension(), _DemoteTopHeadingsExtension()],
            output_format="html",
        )
    except Exception:  # a page must render whatever text was stored
        return _as_plain_text(text)


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> SafeString:
    """Render editor Markdown to HTML with every unsafe tag and attribute removed.

    Cached per text: the same lesson is served many times and never changes in place.
    Never raises: text the limits refuse (courses.markdown_limits) is shown escaped.
    """
    clean = nh3.clean(
        _to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
