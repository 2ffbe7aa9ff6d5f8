"""Verification codes: 75 random bits in Crockford base32, grouped, with a check character.

A code looks like 7KQ2-M9XD-4HTR-B3W8. It is case-insensitive, ignores hyphens and
spaces, reads I and L as 1 and O as 0, and its last character is a Luhn mod 32 check: any
single mistyped character or swapped pair of neighbours is caught before a lookup, so a
typo says "check the code" instead of finding someone else's certificate.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAYLOAD_LENGTH = 15  # 15 × 5 = 75 random bits
GROUP = 4
_VALUE = {char: i for i, char in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})


class InvalidCode(ValueError):
    pass


def check_character(payload: str) -> str:
    """Luhn mod 32 over the payload's characters."""
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * _VALUE[char]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def generate_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return format_code(payload + check_character(payload))


def normalize_code(text: str) -> str:
    """The canonical form of a typed code; InvalidCode if it cannot be one of ours."""
    raw = re.sub(r"[\s-]", "", (text or "").upper()).translate(_ALIASES)
    if len(raw) != PAYLOAD_LENGTH + 1 or any(char not in _VALUE for char in raw):
        raise InvalidCode("A certificate code has 16 letters and digits, e.g. 7KQ2-M9XD-4HTR-B3W8.")
    if check_character(raw[:-1]) != raw[-1]:
        raise InvalidCode("No such certificate: check the code for a typing mistake.")
    return format_code(raw)
