"""Certificates as Open Badges 3.0 credentials (OpenBadgeCredential, VC Data Model 2.0).

Everything a credential says about the learner and the course comes from the snapshot
frozen at issue, plus the certificate's own dates and current status. Identifiers are
absolute URLs on this site: the credential's id is its public verification page, the
issuer's id is /certificates/issuer.json.

The learner is named with an IdentityObject (identityType "name", not hashed), as on the
printed certificate and the verification page; the e-mail address is never included.

Revocation: `credentialStatus` is a `CecCertificateStatus` entry whose `id` is the
certificate's live credential.json, which always carries the current `status` ("valid",
"expired", "revoked" or "superseded"), `revoked`, and when relevant `revokedAt`,
`revocationReason` and `supersededBy`. A verifier holding an older copy fetches that URL
and accepts the credential only while its status there is "valid".
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils import timezone

from .models import Certificate, ProviderSettings
from .signing import sign_jwt

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
XSD = "http://www.w3.org/2001/XMLSchema#"
STATUS_TYPE = "CecCertificateStatus"
CREDITS_RESULT_TYPE = "ext:ContinuingEducationCredits"

# Defines the terms of our status entry, so the credential stays well-formed JSON-LD.
STATUS_CONTEXT = {
    STATUS_TYPE: {
        "@id": ISSUER_DEPENDENT + STATUS_TYPE,
        "@context": {
            "@protected": True,
            "id": "@id",
            "type": "@type",
            "statusPurpose": "https://www.w3.org/ns/credentials/status#statusPurpose",
            "status": ISSUER_DEPENDENT + "certificateStatus",
            "revoked": {"@id": ISSUER_DEPENDENT + "revoked", "@type": XSD + "boolean"},
            "revokedAt": {"@id": ISSUER_DEPENDENT + "revokedAt", "@type": XSD + "dateTime"},
            "revocationReason": ISSUER_DEPENDENT + "revocationReason",
            "supersededBy": {"@id": ISSUER_DEPENDENT + "supersededBy", "@type": "@id"},
        },
    }
}
CONTEXT = [VC_CONTEXT, OB_CONTEXT, STATUS_CONTEXT]


def iso_z(moment: datetime) -> str:
    """An aware datetime as RFC 3339 in UTC to the second: 2026-03-01T09:30:00Z."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def end_of_day(day) -> datetime:
    """The last second of `day` in the site's time zone: a certificate is valid through it."""
    start_of_next = datetime.combine(day + timedelta(days=1), time.min)
    return timezone.make_aware(start_of_next) - timedelta(seconds=1)


def _number(text) -> int | float:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return 0
    return int(value) if value == value.to_integral_value() else float(value)


def _absolute(base_url: str, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else base_url.rstrip("/") + path


# --- Issuer ----------------------------------------------------------------------------


def issuer_id(base_url: str) -> str:
    return _absolute(base_url, reverse("certificates:issuer"))


def postal_address(text: str, *, organisation: str = "") -> dict | None:
    """Best-effort mapping of the free-text contact address to an OB3 Address.

    The last line is read as "City, ST 12345[, Country]" when it has that shape; the
    lines before it (less a first line repeating the organisation's name) are the street.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if lines and organisation and lines[0].casefold() == organisation.strip().casefold():
        lines = lines[1:]
    if not lines:
        return None
    address = {"type": ["Address"]}
    parts = [part.strip() for part in lines[-1].split(",")]
    region_postal = parts[1].split() if len(parts) >= 2 else []
    if len(parts) in (2, 3) and len(region_postal) >= 2 and any(c.isdigit() for c in parts[1]):
        address["addressLocality"] = parts[0]
        address["addressRegion"] = region_postal[0]
        address["postalCode"] = " ".join(region_postal[1:])
        if len(parts) == 3:
            address["addressCountry"] = parts[2]
        street = lines[:-1]
    else:
        street = lines
    if street:
        address["streetAddress"] = ", ".join(street)
    return address


def _profile(provider: dict, base_url: str) -> dict:
    name = provider.get("name") or "Certificate provider"
    profile = {"id": issuer_id(base_url), "type": ["Profile"], "name": name}
    if provider.get("website"):
        profile["url"] = provider["website"]
    if provider.get("email"):
        profile["email"] = provider["email"]
    address = postal_address(provider.get("address", ""), organisation=name)
    if address:
        profile["address"] = address
    return profile


def issuer_profile(base_url: str) -> dict:
    """The issuer's Profile as it stands now (ProviderSettings)."""
    provider = ProviderSettings.load()
    return _profile(
        {
            "name": provider.name,
            "address": provider.address,
            "email": provider.email,
            "website": provider.website,
        },
        base_url,
    )


def issuer_profile_document(base_url: str) -> dict:
    """The Profile served at its own id, with the JSON-LD contexts that define its terms."""
    return {"@context": [VC_CONTEXT, OB_CONTEXT], **issuer_profile(base_url)}


# --- Credential ------------------------------------------------------------------------


def verification_url(certificate: Certificate, base_url: str) -> str:
    return _absolute(base_url, certificate.get_absolute_url())


def credential_json_url(certificate: Certificate, base_url: str) -> str:
    return _absolute(base_url, reverse("certificates:credential_json", args=[certificate.code]))


def _achievement_id(certificate: Certificate, base_url: str) -> str:
    """The live course page when there is one; otherwise a fragment of the verify page."""
    course = certificate.course
    url = course.get_url() if course.live else None
    if url:
        return _absolute(base_url, url)
    return verification_url(certificate, base_url) + "#achievement"


def _criteria(certificate: Certificate, snapshot: dict) -> str:
    code = snapshot.get("course_code", "")
    pass_mark = certificate.attempt.pass_mark
    return (
        f"Open every lesson of {code} and pass its graded quiz with a score of at least "
        f"{pass_mark}%."
    )


def _credit_results(snapshot: dict, verify_url: str) -> tuple[list, list]:
    """Certifying bodies' approvals as ResultDescriptions and the credits as Results."""
    descriptions, results = [], []
    for approval in snapshot.get("approvals") or []:
        description_id = f"{verify_url}#credits-{approval['body_code']}"
        provider_number = approval.get("provider_number")
        name = (
            f"{approval['body_name']} ({approval['body_code']}) continuing-education credits "
            f"({approval['credit_unit']}), course approval {approval['approval_number']}"
        )
        if provider_number:
            name += f", provider number {provider_number}"
        descriptions.append(
            {
                "id": description_id,
                "type": ["ResultDescription"],
                "name": name,
                "resultType": CREDITS_RESULT_TYPE,
                "valueMin": "0",
            }
        )
        results.append(
            {
                "type": ["Result"],
                "resultDescription": description_id,
                "value": str(approval["credits"]),
                "status": "Completed",
            }
        )
    return descriptions, results


def credential_status(certificate: Certificate, base_url: str) -> dict:
    status = certificate.display_status
    entry = {
        "id": credential_json_url(certificate, base_url),
        "type": STATUS_TYPE,
        "statusPurpose": "revocation",
        "status": status,
        "revoked": status == Certificate.Status.REVOKED,
    }
    if certificate.status == Certificate.Status.REVOKED:
        if certificate.revoked_at:
            entry["revokedAt"] = iso_z(certificate.revoked_at)
        entry["revocationReason"] = certificate.revoked_reason
    if certificate.status == Certificate.Status.SUPERSEDED and certificate.superseded_by_id:
        entry["supersededBy"] = verification_url(certificate.superseded_by, base_url)
    return entry


def build_credential(certificate: Certificate, base_url: str) -> dict:
    """The certificate as an unsigned OpenBadgeCredential (JSON-ready dict)."""
    snapshot = certificate.snapshot or {}
    verify_url = verification_url(certificate, base_url)
    code = snapshot.get("course_code", "")
    title = snapshot.get("course_title", "")
    hours = snapshot.get("contact_hours", "0")
    delivery = snapshot.get("delivery_type", "")
    provider = _profile(snapshot.get("provider") or {}, base_url)
    result_descriptions, results = _credit_results(snapshot, verify_url)

    achievement = {
        "id": _achievement_id(certificate, base_url),
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": title,
        "description": (
            f"{code} {title}: a continuing-education module of {hours} contact hours "
            f"({delivery}) from {provider['name']}."
        ),
        "criteria": {"narrative": _criteria(certificate, snapshot)},
        "humanCode": code,
        "creditsAvailable": _number(hours),
        "creator": {key: provider[key] for key in ("id", "type", "name")},
    }
    if result_descriptions:
        achievement["resultDescription"] = result_descriptions

    subject = {
        "id": f"{verify_url}#recipient",
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": snapshot.get("learner_name", ""),
            }
        ],
        "creditsEarned": _number(hours),
        "achievement": achievement,
    }
    if results:
        subject["result"] = results

    credential = {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Certificate of completion: {code} {title}",
        "description": (
            f"Awarded by {provider['name']} for completing {code} {title} "
            f"({hours} contact hours) on {snapshot.get('completed_on', '')}."
        ),
        "issuer": provider,
        "validFrom": iso_z(certificate.issued_at),
    }
    if certificate.valid_until:
        credential["validUntil"] = iso_z(end_of_day(certificate.valid_until))
    credential["credentialSubject"] = subject
    credential["credentialStatus"] = credential_status(certificate, base_url)
    credential["credentialSchema"] = [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]
    return credential


def jwt_claims(credential: dict, *, now: datetime | None = None) -> dict:
    """OB 3.0 VC-JWT claims: the credential under `vc`, plus the registered claims."""
    now = now or timezone.now()
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": _timestamp(credential["validFrom"]),
        "iat": int(now.timestamp()),
    }
    if "validUntil" in credential:
        claims["exp"] = _timestamp(credential["validUntil"])
    claims["vc"] = credential
    return claims


def _timestamp(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def signed_credential(certificate: Certificate, base_url: str) -> str:
    """The certificate as a compact VC-JWT signed with the site's key."""
    return sign_jwt(jwt_claims(build_credential(certificate, base_url)))
