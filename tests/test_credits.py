"""Credit conversion per body's rule: a pure function, table-driven."""

from decimal import Decimal

import pytest

from certifying_bodies.credits import convert_hours, format_credits


@pytest.mark.parametrize(
    "body, hours, rate, rounding, expected",
    [
        ("ACE 0.1 CEC/h", "1", "0.1", "nearest_0_1", "0.1"),
        ("ACE 0.1 CEC/h", "1.5", "0.1", "nearest_0_1", "0.2"),  # 0.15 rounds half up
        ("ACE 0.1 CEC/h", "1.25", "0.1", "nearest_0_1", "0.1"),  # 0.125
        ("ACE, rounded down", "1.5", "0.1", "down_0_1", "0.1"),
        ("NFPT 0.2 CEC/h", "1", "0.2", "nearest_0_1", "0.2"),
        ("NFPT 0.2 CEC/h", "1.5", "0.2", "nearest_0_1", "0.3"),
        ("NFPT 0.2 CEC/h", "2.75", "0.2", "nearest_0_1", "0.6"),  # 0.55
        ("NCBTMB 1 CE/h", "1.5", "1", "nearest_0_1", "1.5"),
        ("NCBTMB whole CEs", "1.5", "1", "down_1", "1"),
        ("NCBTMB half CEs", "1.75", "1", "nearest_0_5", "2"),  # 1.75 -> 2.0
        ("NCBTMB half CEs down", "1.75", "1", "down_0_5", "1.5"),
        ("IACET 0.1 CEU/h", "1", "0.1", "nearest_0_1", "0.1"),
        ("IACET 0.1 CEU/h", "4", "0.1", "nearest_0_1", "0.4"),
        ("IACET 0.1 CEU/h", "0.5", "0.1", "nearest_0_1", "0.1"),  # 0.05 rounds up
        ("IACET, short course", "0.25", "0.1", "nearest_0_1", "0"),  # 0.025 rounds to 0
        ("quarter credits", "1.1", "1", "nearest_0_25", "1"),
        ("quarter credits", "1.15", "1", "nearest_0_25", "1.25"),
        ("contact hours 1:1", "1.33", "1", "none", "1.33"),
        ("large course", "40", "0.1", "nearest_0_1", "4"),
    ],
)
def test_convert_hours(body, hours, rate, rounding, expected):
    assert format_credits(convert_hours(Decimal(hours), Decimal(rate), rounding)) == expected


def test_format_credits_never_uses_exponents():
    assert format_credits(Decimal("1E+1")) == "10"
    assert format_credits(Decimal("0.50")) == "0.5"
