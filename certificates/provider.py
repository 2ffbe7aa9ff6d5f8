"""Whether the provider's details are real yet: the shipped ones are placeholders.

Production (CEC_REQUIRE_PROVIDER_DETAILS) issues no certificate while any placeholder is
left: a passing learner keeps the grade and gets the certificate once the details are set.
"""

from django.conf import settings

from .models import ProviderSettings

# The values the provider settings ship with; none may print on a real certificate.
PLACEHOLDERS = {
    "address": "CEC Platform\n100 Example Street\nSpringfield, IL 62701, USA",
    "email": "records@cec.example",
    "website": "https://cec.example",
    "signatory_name": "Alex Morgan",
}


def placeholder_fields(provider) -> list[str]:
    """Labels of the provider fields that still hold a shipped placeholder."""
    return [
        str(ProviderSettings._meta.get_field(name).verbose_name)
        for name, value in PLACEHOLDERS.items()
        if (getattr(provider, name) or "").strip() == value
    ]


def issuing_paused(provider) -> bool:
    return bool(getattr(settings, "CEC_REQUIRE_PROVIDER_DETAILS", False)) and bool(
        placeholder_fields(provider)
    )


def address_lines(provider: dict) -> list[str]:
    """A snapshot's provider address without a first line repeating the provider's name,
    which certificates already print above it."""
    lines = [line.strip() for line in (provider.get("address") or "").splitlines()]
    lines = [line for line in lines if line]
    if lines and lines[0].casefold() == (provider.get("name") or "").strip().casefold():
        lines = lines[1:]
    return lines
