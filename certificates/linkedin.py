"""LinkedIn's "Add to profile" link for a certificate: a plain URL, no API key, no script.

LinkedIn documents the add-to-profile address for certifications
(https://addtoprofile.linkedin.com/): `https://www.linkedin.com/profile/add` with
`startTask=CERTIFICATION_NAME` and the certification's fields as query parameters. LinkedIn
shows the learner a pre-filled "Add license or certification" form; nothing is posted until
they save it there, so the link carries only what the certificate already prints publicly.

| parameter          | from the certificate                                      |
|--------------------|-----------------------------------------------------------|
| `name`             | the course title as printed (snapshot)                    |
| `organizationName` | the provider's name as printed (snapshot)                 |
| `issueYear/Month`  | the completion date                                       |
| `expirationYear/Month` | the expiry date, when the certificate has one (left out otherwise) |
| `certUrl`          | the public verification page                              |
| `certId`           | the certificate code                                      |

Values are percent-encoded with `quote` (a space is `%20`, never `+`, which some readers
keep literally), so titles with `&`, `#`, `:` or accents arrive intact.
"""

from datetime import date
from urllib.parse import quote, urlencode

from .models import verification_url

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def _day(value) -> date | None:
    if not value or isinstance(value, date):
        return value or None
    return date.fromisoformat(value)


def linkedin_params(certificate) -> dict[str, str]:
    """The add-to-profile query parameters, in LinkedIn's documented order."""
    snapshot = certificate.snapshot or {}
    issued = _day(certificate.completed_on) or _day(snapshot.get("completed_on"))
    expires = _day(certificate.valid_until) or _day(snapshot.get("valid_until"))
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": snapshot.get("course_title", ""),
        "organizationName": (snapshot.get("provider") or {}).get("name", ""),
    }
    if issued:
        params |= {"issueYear": str(issued.year), "issueMonth": str(issued.month)}
    if expires:
        params |= {"expirationYear": str(expires.year), "expirationMonth": str(expires.month)}
    params |= {"certUrl": verification_url(certificate.code), "certId": certificate.code}
    return params


def linkedin_add_url(certificate) -> str:
    """The link that opens LinkedIn's pre-filled "Add license or certification" form."""
    return f"{ADD_TO_PROFILE}?{urlencode(linkedin_params(certificate), quote_via=quote)}"


def offers_linkedin(certificate, user) -> bool:
    """Only the certificate's own learner is offered the link, and only while it is valid."""
    return (
        user is not None
        and user.is_authenticated
        and user.pk == certificate.learner_id
        and certificate.display_status == certificate.Status.VALID
    )
