"""Issuing, revoking and checking body API tokens. Only a token's SHA-256 is ever stored."""

import hashlib
import re
import secrets

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from .models import ApiToken

TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
PREFIX_LENGTH = 8


class TokenError(Exception):
    pass


class TokenRejected(Exception):
    """The presented token cannot be used; the message says why (for the 401 answer)."""


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, body, name, user) -> tuple[ApiToken, str]:
    """A new token for `body`; returns it with the plain token, which is never stored."""
    plain = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(
        body=body,
        name=(name or "").strip(),
        token_hash=hash_token(plain),
        prefix=plain[:PREFIX_LENGTH],
        created_by=user,
    )
    token.full_clean()
    token.save()
    log(
        body,
        "cec.token.create",
        user=user,
        data={"token": token.prefix, "token_id": token.pk, "name": token.name},
    )
    return token, plain


@transaction.atomic
def revoke_api_token(*, token, user, now=None) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("body").get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError(f"Token {token.prefix}… was already revoked.")
    token.revoked_at = now or timezone.now()
    token.revoked_by = user
    token.save(update_fields=["revoked_at", "revoked_by"])
    log(
        token.body,
        "cec.token.revoke",
        user=user,
        data={"token": token.prefix, "token_id": token.pk, "name": token.name},
    )
    return token


def authenticate_token(plain: str, *, now=None) -> ApiToken:
    """The active token matching `plain` (its last use recorded), or TokenRejected."""
    if not TOKEN_PATTERN.match(plain):
        raise TokenRejected("Malformed token.")
    token = ApiToken.objects.select_related("body").filter(token_hash=hash_token(plain)).first()
    if token is None:
        raise TokenRejected("Unknown token.")
    if token.revoked_at is not None:
        raise TokenRejected("This token has been revoked.")
    token.last_used_at = now or timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
