"""Credit conversion: contact hours to a certifying body's own credit unit."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

# rounding rule -> (quantum, rounding mode); None means no rounding beyond 2 places.
ROUNDING_RULES = {
    "nearest_0_1": (Decimal("0.1"), ROUND_HALF_UP),
    "down_0_1": (Decimal("0.1"), ROUND_DOWN),
    "nearest_0_25": (Decimal("0.25"), ROUND_HALF_UP),
    "down_0_25": (Decimal("0.25"), ROUND_DOWN),
    "nearest_0_5": (Decimal("0.5"), ROUND_HALF_UP),
    "down_0_5": (Decimal("0.5"), ROUND_DOWN),
    "nearest_1": (Decimal("1"), ROUND_HALF_UP),
    "down_1": (Decimal("1"), ROUND_DOWN),
    "none": (Decimal("0.01"), ROUND_HALF_UP),
}
ROUNDING_CHOICES = [
    ("nearest_0_1", "Nearest 0.1"),
    ("down_0_1", "Down to 0.1"),
    ("nearest_0_25", "Nearest 0.25"),
    ("down_0_25", "Down to 0.25"),
    ("nearest_0_5", "Nearest 0.5"),
    ("down_0_5", "Down to 0.5"),
    ("nearest_1", "Nearest whole credit"),
    ("down_1", "Down to a whole credit"),
    ("none", "No rounding (2 decimal places)"),
]


def convert_hours(hours, credits_per_hour, rounding) -> Decimal:
    """Credits for `hours` of instruction: hours × rate, rounded by the body's rule.

    Rounding to a quantum q: round(x / q) × q, so 0.25-credit steps work like 0.1 steps.
    """
    quantum, mode = ROUNDING_RULES[rounding]
    exact = Decimal(hours) * Decimal(credits_per_hour)
    steps = (exact / quantum).quantize(Decimal(1), rounding=mode)
    return (steps * quantum).normalize() if steps else Decimal(0)


def format_credits(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"
