import re

from django import template
from django.utils.safestring import mark_safe

from courses.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text or "")


@register.filter(name="markdown_inline")
def markdown_inline_filter(text):
    """Markdown for places that take phrasing content only (a legend): no <p> wrappers."""
    html = str(render_markdown(text or "")).strip()
    html = re.sub(r"</p>\s*<p>", "<br>", html)
    html = re.sub(r"^<p>|</p>$", "", html)
    return mark_safe(html)  # noqa: S308 (already sanitised by render_markdown)
