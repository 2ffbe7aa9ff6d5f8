"""Open Badges 3.0: the credential validates, the VC-JWT verifies with the public JWKS."""

import base64
import hashlib
import json
import re
import stat
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from jsonschema import Draft201909Validator, FormatChecker

from certificates import openbadges, signing
from certificates.issuing import reissue_certificate, revoke_certificate
from certificates.models import Certificate, ProviderSettings
from certifying_bodies.models import CertifyingBody, CourseApproval
from courses.models import LessonPage
from learning.seat_time import record_lesson_view
from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course

STANDARDS = Path(__file__).parent / "standards" / "openbadges-3.0"
SCHEMA = json.loads((STANDARDS / "ob_v3p0_achievementcredential_schema.json").read_text())
RFC3339_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
LEARNER_EMAIL = "lee@example.com"


@pytest.fixture(autouse=True)
def signing_key_file(settings, tmp_path):
    """A fresh key per test, generated on first use in a temporary directory."""
    settings.CEC_SIGNING_KEY_FILE = str(tmp_path / "keys" / "signing-key.pem")
    settings.CEC_SIGNING_KEY_CREATE = True
    signing.clear_cache()
    yield Path(settings.CEC_SIGNING_KEY_FILE)
    signing.clear_cache()


@pytest.fixture
def certificate(catalog, learner):
    """Earned as in the real flow: approval in force, lesson opened, quiz passed."""
    assert learner.email == LEARNER_EMAIL
    course = make_course(catalog, lessons=1)
    body = CertifyingBody.objects.create(
        name="American Council on Exercise",
        code="ACE",
        credit_unit="CEC",
        credits_per_hour=Decimal("0.1"),
        rounding="nearest_0_1",
        provider_number="ACE-55",
    )
    CourseApproval.objects.create(
        course=course,
        body=body,
        approval_number="ACE-2026-1",
        valid_from=date.today() - timedelta(days=1),
    )
    for lesson in LessonPage.objects.child_of(course).live():
        record_lesson_view(learner, lesson)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    right = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}
    attempt, _ = submit_attempt(attempt, right)
    assert attempt.passed
    return Certificate.objects.get(learner=learner, course=course, status="valid")


def credential_of(client, certificate):
    response = client.get(reverse("certificates:credential_json", args=[certificate.code]))
    assert response.status_code == 200
    return response


def jwt_of(client, certificate):
    response = client.get(reverse("certificates:credential_jwt", args=[certificate.code]))
    assert response.status_code == 200
    return response


def fetched_keys(client):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return response, KeySet.import_key_set(response.json())


def verify(token, keys):
    """Signature and time claims, as a verifier would check them; raises if either fails."""
    decoded = jwt.decode(token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(iss={"essential": True}, nbf={"essential": True}).validate(decoded.claims)
    return decoded


def schema_errors(document, definition=None):
    schema = SCHEMA if definition is None else {"$defs": SCHEMA["$defs"], "$ref": definition}
    validator = Draft201909Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def b64url_decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def flip_byte(token, segment, position):
    """The token with one byte of one segment's decoded bytes changed."""
    parts = token.split(".")
    raw = bytearray(b64url_decode(parts[segment]))
    raw[position % len(raw)] ^= 0x01
    parts[segment] = b64url_encode(bytes(raw))
    return ".".join(parts)


# --- The credential --------------------------------------------------------------------


def test_credential_validates_against_the_ob3_schema(client, certificate):
    credential = credential_of(client, certificate).json()
    assert schema_errors(credential) == []
    assert credential["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    # FormatChecker cannot check date-time without rfc3339-validator: check it here.
    assert RFC3339_Z.fullmatch(credential["validFrom"])
    issued = datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    assert abs(issued - certificate.issued_at) < timedelta(seconds=1)
    assert "validUntil" not in credential  # the default provider sets no validity period


def test_credential_describes_the_certificate(client, certificate):
    credential = credential_of(client, certificate).json()
    verify_url = "http://testserver" + certificate.get_absolute_url()
    assert credential["id"] == verify_url
    assert credential["issuer"]["id"] == "http://testserver/certificates/issuer.json"
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["name"] == certificate.snapshot["provider"]["name"]

    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Lee Learner",
        }
    ]
    achievement = subject["achievement"]
    course = certificate.course
    assert achievement["id"] == "http://testserver" + course.url
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Course"
    assert achievement["name"] == course.title
    assert achievement["humanCode"] == course.code
    assert achievement["creditsAvailable"] == 1.5 == subject["creditsEarned"]
    assert achievement["criteria"]["narrative"] == (
        f"Open every lesson of {course.code} and pass its graded quiz with a score of at "
        f"least {certificate.attempt.pass_mark}%."
    )
    # ACE: 1.5 hours x 0.1, to the nearest 0.1 -> 0.2 CEC (0.15 rounds half up).
    [description] = achievement["resultDescription"]
    assert "ACE-2026-1" in description["name"] and "ACE-55" in description["name"]
    assert subject["result"] == [
        {
            "type": ["Result"],
            "resultDescription": description["id"],
            "value": "0.2",
            "status": "Completed",
        }
    ]
    assert credential["credentialStatus"] == {
        "id": "http://testserver" + f"/certificates/{certificate.code}/credential.json",
        "type": "CecCertificateStatus",
        "statusPurpose": "revocation",
        "status": "valid",
        "revoked": False,
    }


def test_expiring_certificates_carry_valid_until_and_exp(client, certificate):
    certificate.valid_until = date(2031, 6, 30)
    certificate.save(update_fields=["valid_until"])
    credential = credential_of(client, certificate).json()
    assert schema_errors(credential) == []
    assert credential["validUntil"] == "2031-06-30T23:59:59Z"  # TIME_ZONE is UTC
    _, keys = fetched_keys(client)
    claims = verify(jwt_of(client, certificate).content.decode(), keys).claims
    assert claims["exp"] == int(datetime.fromisoformat("2031-06-30T23:59:59+00:00").timestamp())


def test_the_issuer_profile_in_the_credential_resolves(client, certificate):
    issuer = credential_of(client, certificate).json()["issuer"]
    response = client.get(issuer["id"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    profile = response.json()
    assert schema_errors(profile, "#/$defs/Profile") == []
    assert profile["id"] == issuer["id"]
    assert profile["type"] == ["Profile"]
    provider = ProviderSettings.load()
    assert profile["name"] == provider.name
    assert profile["url"] == provider.website
    assert profile["email"] == provider.email
    assert profile["address"] == {
        "type": ["Address"],
        "streetAddress": "100 Example Street",
        "addressLocality": "Springfield",
        "addressRegion": "IL",
        "postalCode": "62701",
        "addressCountry": "USA",
    }


# --- The VC-JWT ------------------------------------------------------------------------


def test_vc_jwt_verifies_with_the_published_jwks(client, certificate):
    response = jwt_of(client, certificate)
    assert response["Content-Type"] == "application/jwt"
    token = response.content.decode()
    jwks_response, keys = fetched_keys(client)
    assert jwks_response["Cache-Control"] == "public, max-age=3600"
    [public_jwk] = jwks_response.json()["keys"]
    assert public_jwk["kty"] == "RSA" and public_jwk["use"] == "sig"
    assert public_jwk["alg"] == "RS256"
    assert not {"d", "p", "q", "dp", "dq", "qi"} & public_jwk.keys()  # no private parts
    assert len(b64url_decode(public_jwk["n"])) * 8 >= 2048

    header = json.loads(b64url_decode(token.split(".")[0]))
    assert header == {"alg": "RS256", "typ": "JWT", "kid": public_jwk["kid"]}

    decoded = verify(token, keys)
    credential = credential_of(client, certificate).json()
    assert decoded.claims["vc"] == credential
    assert decoded.claims["iss"] == credential["issuer"]["id"]
    assert decoded.claims["jti"] == credential["id"]
    assert decoded.claims["sub"] == credential["credentialSubject"]["id"]
    assert decoded.claims["nbf"] == int(certificate.issued_at.timestamp())
    assert "exp" not in decoded.claims


def test_kid_is_the_rfc7638_thumbprint(client):
    _, keys = fetched_keys(client)
    [public_jwk] = client.get("/.well-known/jwks.json").json()["keys"]
    canonical = json.dumps(
        {"e": public_jwk["e"], "kty": "RSA", "n": public_jwk["n"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    assert public_jwk["kid"] == b64url_encode(hashlib.sha256(canonical.encode()).digest())


@pytest.mark.parametrize(
    "segment, positions",
    [
        ("header", [0, 5, 17, 30, -2]),
        ("payload", [0, 1, 40, 300, 1000, -20, -1]),
        ("signature", [0, 1, 64, 128, 200, 255]),
    ],
)
def test_changing_any_byte_breaks_verification(client, certificate, segment, positions):
    token = jwt_of(client, certificate).content.decode()
    _, keys = fetched_keys(client)
    verify(token, keys)  # the untouched token is fine
    index = ["header", "payload", "signature"].index(segment)
    for position in positions:
        tampered = flip_byte(token, index, position)
        assert tampered != token
        with pytest.raises((JoseError, ValueError)):
            verify(tampered, keys)


def test_a_token_signed_by_another_key_is_refused(client, certificate, settings, tmp_path):
    token = jwt_of(client, certificate).content.decode()
    settings.CEC_SIGNING_KEY_FILE = str(tmp_path / "other-key.pem")
    _, other_keys = fetched_keys(client)
    with pytest.raises(JoseError):
        verify(token, other_keys)


# --- Status, errors, privacy, limits ---------------------------------------------------


def test_revoked_certificates_are_served_with_their_revocation(client, certificate, admin_user):
    revoke_certificate(certificate, reason="Quiz answers shared", user=admin_user)
    credential = credential_of(client, certificate).json()
    assert schema_errors(credential) == []
    status = credential["credentialStatus"]
    assert status["status"] == "revoked" and status["revoked"] is True
    assert status["revocationReason"] == "Quiz answers shared"
    assert RFC3339_Z.fullmatch(status["revokedAt"])
    _, keys = fetched_keys(client)
    signed = verify(jwt_of(client, certificate).content.decode(), keys)
    assert signed.claims["vc"]["credentialStatus"] == status


def test_superseded_certificates_point_to_their_replacement(client, certificate, admin_user):
    new = reissue_certificate(certificate, user=admin_user, reason="Name corrected")
    status = credential_of(client, certificate).json()["credentialStatus"]
    assert status["status"] == "superseded" and status["revoked"] is False
    assert status["supersededBy"] == "http://testserver" + new.get_absolute_url()
    assert credential_of(client, new).json()["credentialStatus"]["status"] == "valid"


@pytest.mark.parametrize("view", ["certificates:credential_json", "certificates:credential_jwt"])
@pytest.mark.parametrize("code", ["NOT-A-CODE", "7KQ2-M9XD-4HTR-B3W8", "0000-0000-0000-0000"])
def test_bad_or_unknown_codes_are_404_json(client, db, view, code):
    response = client.get(reverse(view, args=[code]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


@pytest.mark.parametrize("view", ["certificates:credential_json", "certificates:credential_jwt"])
def test_typed_codes_redirect_to_the_canonical_one(client, certificate, view):
    typed = certificate.code.lower().replace("-", "")
    response = client.get(reverse(view, args=[typed]))
    assert response.status_code == 302
    assert response["Location"] == reverse(view, args=[certificate.code])


def test_the_learners_email_appears_in_no_response(client, certificate):
    responses = [
        credential_of(client, certificate),
        jwt_of(client, certificate),
        client.get(reverse("certificates:issuer")),
        client.get("/.well-known/jwks.json"),
    ]
    token = responses[1].content.decode()
    payload = b64url_decode(token.split(".")[1]).decode()
    for text in [r.content.decode() for r in responses] + [payload]:
        assert LEARNER_EMAIL not in text
        assert "lee@" not in text.lower()


def test_credential_lookups_are_rate_limited(client, certificate, settings):
    # An hour's window: a minute's could roll over mid-test on a slow machine and reset it.
    settings.CERTIFICATE_LOOKUP_RATE = "3/h"
    cache.clear()
    json_url = reverse("certificates:credential_json", args=[certificate.code])
    jwt_url = reverse("certificates:credential_jwt", args=[certificate.code])
    assert [client.get(url).status_code for url in (json_url, jwt_url, json_url)] == [200] * 3
    refused = client.get(jwt_url)
    assert refused.status_code == 429
    assert "Too many" in refused.json()["error"]
    # The keys and the issuer profile stay reachable for verifiers.
    assert client.get("/.well-known/jwks.json").status_code == 200
    assert client.get(reverse("certificates:issuer")).status_code == 200


# --- The key file ----------------------------------------------------------------------


def test_a_missing_key_is_generated_once_with_mode_0600(client, signing_key_file):
    assert not signing_key_file.exists()
    first = client.get("/.well-known/jwks.json").json()
    assert stat.S_IMODE(signing_key_file.stat().st_mode) == 0o600
    signing.clear_cache()  # a new process reads the same file
    assert client.get("/.well-known/jwks.json").json() == first


def test_production_refuses_to_invent_a_key(settings, tmp_path):
    settings.CEC_SIGNING_KEY_FILE = str(tmp_path / "absent.pem")
    settings.CEC_SIGNING_KEY_CREATE = False
    with pytest.raises(ImproperlyConfigured, match="No credential signing key"):
        signing.signing_key()
    assert not (tmp_path / "absent.pem").exists()


def test_small_keys_are_refused(settings, tmp_path):
    # Deliberately weak, to prove the loader refuses it.
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    path = tmp_path / "small.pem"
    path.write_bytes(
        small.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.CEC_SIGNING_KEY_FILE = str(path)
    with pytest.raises(ImproperlyConfigured, match="1024 bits"):
        signing.signing_key()


def test_the_default_key_path_is_outside_the_repository_and_media(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert signing.default_key_path() == tmp_path / "cec-platform" / "signing-key.pem"
    monkeypatch.delenv("XDG_DATA_HOME")
    default = signing.default_key_path().resolve()
    for forbidden in (Path(django_settings.BASE_DIR), Path(django_settings.MEDIA_ROOT)):
        assert not default.is_relative_to(forbidden.resolve())


def test_postal_address_mapping_falls_back_to_the_street():
    assert openbadges.postal_address("Unit 4, Harbour Road\nDublin D02 XY45\nIreland") == {
        "type": ["Address"],
        "streetAddress": "Unit 4, Harbour Road, Dublin D02 XY45, Ireland",
    }
    assert openbadges.postal_address("") is None
