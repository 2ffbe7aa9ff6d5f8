import pytest

from courses.markdown import render_markdown


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert('x')</script>", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<img src="x">', "<img"),
        ('<a href="https://e.example" onclick="steal()">x</a>', "onclick"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ('<p style="position:fixed">x</p>', "style="),
    ],
)
def test_unsafe_markup_never_reaches_the_page(source, forbidden):
    assert forbidden not in render_markdown(f"Intro\n\n{source}\n\nOutro")


def test_markdown_features_editors_use_are_kept():
    html = render_markdown(
        "## Sub-heading\n\n**bold** and *italic*\n\n- one\n- two\n\n"
        "[AMTA](https://www.amtamassage.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h2>Sub-heading</h2>" in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://www.amtamassage.org"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "<table>" in html


def test_a_top_level_heading_in_a_body_becomes_h2():
    # The page title is the page's only <h1>.
    html = render_markdown("# Heading")
    assert "<h1" not in html
    assert "<h2>Heading</h2>" in html


def test_html_in_a_callout_title_is_dropped():
    html = str(render_markdown('> [!NOTE] <a href="javascript:x">Read this</a>\n> Body.'))
    assert "javascript" not in html
    assert 'aria-label="Read this"' in html and "<strong>Read this</strong>" in html
