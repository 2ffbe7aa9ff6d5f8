"""`{% linkedin_link certificate %}`: the owner's "Add to LinkedIn" link, or nothing."""

from django import template
from django.template.loader import render_to_string

from certificates.linkedin import linkedin_add_url, offers_linkedin

register = template.Library()


@register.simple_tag(takes_context=True)
def linkedin_link(context, certificate, style="full"):
    request = context.get("request")
    if request is None or not offers_linkedin(certificate, getattr(request, "user", None)):
        return ""
    return render_to_string(
        "certificates/includes/linkedin_link.html",
        {"certificate": certificate, "url": linkedin_add_url(certificate), "style": style},
    )
