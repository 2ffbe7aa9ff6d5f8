"""The key that signs Open Badges credentials (VC-JWT, RS256), and its public JWKS.

The RSA private key lives in a PEM file named by the `CEC_SIGNING_KEY_FILE` setting, kept
outside the repository and outside media/. In development (`CEC_SIGNING_KEY_CREATE`
true, the default when DEBUG is on) a missing file is generated on first use and written
with mode 0600; in production a missing or unreadable key is a configuration error, since
a new key would silently stop every credential signed with the old one from verifying.

The key id (`kid`) is the RFC 7638 JWK thumbprint of the public key, so it changes exactly
when the key does. Loaded keys are cached per process; the cache is cleared when a test
changes the settings.
"""

import logging
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import RSAKey

logger = logging.getLogger(__name__)

ALGORITHM = "RS256"
MIN_KEY_BITS = 2048
NEW_KEY_BITS = 3072
KEY_SETTINGS = {"CEC_SIGNING_KEY_FILE", "CEC_SIGNING_KEY_CREATE", "DEBUG"}


def default_key_path() -> Path:
    """Per-user data directory: never inside the repository or the media root."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "cec-platform" / "signing-key.pem"


def key_path() -> Path:
    configured = getattr(settings, "CEC_SIGNING_KEY_FILE", None)
    return Path(configured).expanduser() if configured else default_key_path()


def may_create_key() -> bool:
    return bool(getattr(settings, "CEC_SIGNING_KEY_CREATE", settings.DEBUG))


@dataclass(frozen=True)
class SigningKey:
    private: RSAKey
    kid: str
    public_jwk: dict


def signing_key() -> SigningKey:
    """The process's signing key, loaded (or in development created) once."""
    return _load(str(key_path()), may_create_key())


@lru_cache(maxsize=4)
def _load(path: str, create: bool) -> SigningKey:
    pem = _read_or_create(Path(path), create)
    try:
        private = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"CEC_SIGNING_KEY_FILE ({path}) is not an unencrypted PEM private key: {exc}"
        ) from None
    if not isinstance(private, rsa.RSAPrivateKey):
        raise ImproperlyConfigured(f"CEC_SIGNING_KEY_FILE ({path}) must hold an RSA key.")
    if private.key_size < MIN_KEY_BITS:
        raise ImproperlyConfigured(
            f"The signing key in {path} has {private.key_size} bits; use {MIN_KEY_BITS} or more."
        )
    key = RSAKey.import_key(private)
    kid = key.thumbprint()  # RFC 7638, SHA-256, base64url
    public_jwk = {**key.as_dict(private=False), "kid": kid, "use": "sig", "alg": ALGORITHM}
    return SigningKey(private=key, kid=kid, public_jwk=public_jwk)


def _read_or_create(path: Path, create: bool) -> bytes:
    try:
        pem = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise ImproperlyConfigured(
                f"No credential signing key at {path}. Set CEC_SIGNING_KEY_FILE to the PEM file "
                "of an RSA private key (2048 bits or more)."
            ) from None
        return _create(path)
    except OSError as exc:
        raise ImproperlyConfigured(f"Cannot read the signing key {path}: {exc}") from None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        logger.warning("The signing key %s is readable by other users; chmod 600 it.", path)
    return pem


def _create(path: Path) -> bytes:
    """Write a new key with mode 0600. If another process wins the race, use its key."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=NEW_KEY_BITS)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # atomic, and refuses to replace an existing key
        except FileExistsError:
            return path.read_bytes()
    finally:
        temporary.unlink(missing_ok=True)
    logger.warning("Generated a new credential signing key at %s.", path)
    return pem


def public_jwks() -> dict:
    """The JSON Web Key Set that verifiers fetch from /.well-known/jwks.json."""
    return {"keys": [dict(signing_key().public_jwk)]}


def sign_jwt(claims: dict) -> str:
    """The claims as a compact JWS: header {alg: RS256, typ: JWT, kid}."""
    key = signing_key()
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, dict(claims), key.private, algorithms=[ALGORITHM])


def clear_cache():
    _load.cache_clear()


@receiver(setting_changed)
def _forget_keys_when_settings_change(sender, setting, **kwargs):
    if setting in KEY_SETTINGS:
        clear_cache()
