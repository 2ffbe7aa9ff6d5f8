"""Markdown to safe HTML for everything editors write in Markdown."""

from functools import lru_cache
from xml.etree.ElementTree import Element

from django.utils.safestring import SafeString, mark_safe

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# No <img>, <script>, <style>, <iframe> or event attributes: images go through the image
# block, where they get required alt text.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class _DemoteTopHeadings(Treeprocessor):
    # The page title is the only <h1>; a "# heading" in a body becomes <h2>.
    def run(self, root: Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class _DemoteTopHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (python-markdown's API name)
        md.treeprocessors.register(_DemoteTopHeadings(md), "demote_top_headings", 5)


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> SafeString:
    """Render editor Markdown to HTML with every unsafe tag and attribute removed.

    Cached per text: the same lesson is served many times and never changes in place.
    """
    html = markdown.markdown(
        text,
        extensions=["extra", "sane_lists", _DemoteTopHeadingsExtension()],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
