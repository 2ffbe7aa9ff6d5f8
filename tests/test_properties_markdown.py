"""Property: rendering any Markdown never raises and never emits a tag outside the list."""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from courses.markdown import ALLOWED_TAGS, render_markdown

PIECES = [
    "> ", "- ", "1. ", "    ", "\n", "\n\n", "#", "## ", "*", "_", "`", "```\n", "[", "]", "(",
    ")", "![", "<", ">", "/", "&", ";", "|", "---", "=", ":", "^", "~", "\\", "[!NOTE] ",
    "[!WARNING] Title\n", "[!NOTE]", "<script>", "</script>", "<img src=x onerror=y>",
    '<a href="javascript:x">', "<div>", "</div>", "<aside class='x'>", "<p style='x'>",
    'markdown="1"', "*[A]: b\n", "[^1]", "[^1]: n\n", "javascript:", "a", "é", "中", " ",
]  # fmt: skip
markdown_text = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)


@settings(max_examples=400, deadline=None)
@given(markdown_text)
def test_rendering_never_raises_and_keeps_to_the_allowed_tags(text):
    parser = _Tags()
    parser.feed(str(render_markdown(text)))
    assert parser.tags <= ALLOWED_TAGS
    for name, value in parser.attributes:
        assert not name.startswith("on") and name != "style"
        assert "javascript:" not in (value or "")
