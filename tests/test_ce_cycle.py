"""The CE renewal cycle: arithmetic (table-driven), credits counted once, rules unknown."""

from datetime import date
from decimal import Decimal as D

import pytest

from certifying_bodies.renewal import (
    Credit,
    RenewalRules,
    add_months,
    current_cycle,
    cycle_status,
)

ACE = RenewalRules(cycle_months=24, credits_required=D("2.0"))
NFPT = RenewalRules(
    cycle_months=12, credits_required=D("2.0"), carry_forward=True, first_cycle_exempt=True
)
NFPT_CAPPED_CARRY = RenewalRules(
    cycle_months=12,
    credits_required=D("2.0"),
    carry_forward=True,
    max_carry_forward=D("0.5"),
    first_cycle_exempt=True,
)
NCBTMB = RenewalRules(cycle_months=24, credits_required=D("24"), carry_forward=False)
CAPPED = RenewalRules(cycle_months=24, credits_required=D("2.0"), online_max_percent=D("50"))


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "rules, anchor, today, start, end, exempt",
    [
        # ACE, two years from the certification date.
        (ACE, {"certified_on": date(2025, 6, 1)}, date(2026, 12, 2), date(2025, 6, 1),
         date(2027, 5, 31), False),
        (ACE, {"certified_on": date(2022, 6, 1)}, date(2026, 12, 2), date(2026, 6, 1),
         date(2028, 5, 31), False),
        # NFPT: yearly, the first year after certification exempt.
        (NFPT, {"certified_on": date(2026, 3, 10)}, date(2026, 12, 2), date(2026, 3, 10),
         date(2027, 3, 9), True),
        (NFPT, {"certified_on": date(2025, 3, 10)}, date(2026, 12, 2), date(2026, 3, 10),
         date(2027, 3, 9), False),
        # Leap day anchor: boundaries counted from the anchor, never drifting.
        (NFPT, {"certified_on": date(2024, 2, 29)}, date(2025, 3, 1), date(2025, 2, 28),
         date(2026, 2, 27), False),
        (NFPT, {"certified_on": date(2024, 2, 29)}, date(2028, 3, 1), date(2028, 2, 29),
         date(2029, 2, 27), False),
        # A stated cycle end in the future: the cycle ending then.
        (ACE, {"cycle_ends_on": date(2027, 3, 31)}, date(2026, 12, 2), date(2025, 4, 1),
         date(2027, 3, 31), False),
        # A stated cycle end in the past rolls forward by whole cycles.
        (ACE, {"cycle_ends_on": date(2024, 3, 31)}, date(2026, 12, 2), date(2026, 4, 1),
         date(2028, 3, 31), False),
        (ACE, {"cycle_ends_on": date(2026, 12, 1)}, date(2026, 12, 2), date(2026, 12, 2),
         date(2028, 12, 1), False),
        # From a stated end we do not know which cycle is the first: never exempt.
        (NFPT, {"cycle_ends_on": date(2027, 1, 31)}, date(2026, 12, 2), date(2026, 2, 1),
         date(2027, 1, 31), False),
    ],
)  # fmt: skip
def test_current_cycle(rules, anchor, today, start, end, exempt):
    cycle = current_cycle(rules, today=today, **anchor)
    assert (cycle.start, cycle.end, cycle.exempt) == (start, end, exempt)
    assert cycle.start <= today <= cycle.end


def ours(day, credits):
    return Credit(day=day, credits=D(credits), online=True)


def external(day, credits, online=False):
    return Credit(day=day, credits=D(credits), online=online, self_reported=True)


TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    "rules, anchor, credits, required, carried, counted, needed, complete",
    [
        # ACE: nothing yet; then 0.5 here + 1.0 external; then complete.
        (ACE, {"certified_on": date(2025, 6, 1)}, [], "2.0", "0", "0", "2.0", False),
        (ACE, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 5), "0.5"), external(date(2026, 2, 1), "1.0")],
         "2.0", "0", "1.5", "0.5", False),
        (ACE, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 5), "1.5"), ours(date(2025, 6, 1), "0.5"),
          ours(date(2025, 5, 31), "9")],  # the day before the cycle: not counted
         "2.0", "0", "2.0", "0", True),
        # NFPT first year: exempt, complete with nothing.
        (NFPT, {"certified_on": date(2026, 3, 10)}, [], "0", "0", "0", "0", True),
        # NFPT second year: the exempt first year carries nothing.
        (NFPT, {"certified_on": date(2025, 3, 10)}, [ours(date(2025, 9, 1), "3")],
         "2.0", "0", "0", "2.0", False),
        # NFPT third year: 3.0 in the second year carries 1.0 forward.
        (NFPT, {"certified_on": date(2024, 3, 10)},
         [ours(date(2025, 9, 1), "3"), ours(date(2026, 4, 1), "0.4")],
         "2.0", "1", "1.4", "0.6", False),
        # ...capped by the body's maximum carried forward.
        (NFPT_CAPPED_CARRY, {"certified_on": date(2024, 3, 10)},
         [ours(date(2025, 9, 1), "3"), ours(date(2026, 4, 1), "0.4")],
         "2.0", "0.5", "0.9", "1.1", False),
        # NCBTMB: no carry-over, whatever the previous cycle earned.
        (NCBTMB, {"certified_on": date(2023, 6, 1)},
         [ours(date(2024, 1, 1), "40"), ours(date(2025, 7, 1), "10")],
         "24", "0", "10", "14", False),
        # Online cap 50 %: 2.0 online counts 1.0; live external credit fills the rest.
        (CAPPED, {"certified_on": date(2025, 6, 1)}, [ours(date(2026, 1, 1), "2.0")],
         "2.0", "0", "1.0", "1.0", False),
        (CAPPED, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 1), "2.0"), external(date(2026, 2, 1), "1.0")],
         "2.0", "0", "2.0", "0", True),
        # Online external credit is capped too.
        (CAPPED, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 1), "1.0"), external(date(2026, 2, 1), "1.0", online=True)],
         "2.0", "0", "1.0", "1.0", False),
    ],
)  # fmt: skip
def test_cycle_status(rules, anchor, credits, required, carried, counted, needed, complete):
    status = cycle_status(rules, credits, today=TODAY, **anchor)
    assert status.required == D(required)
    assert status.carried_in == D(carried)
    assert status.counted == D(counted)
    assert status.needed == D(needed)
    assert status.complete is complete
    assert status.days_left == (status.cycle.end - TODAY).days


def test_days_left_and_split_between_here_and_external():
    status = cycle_status(
        ACE,
        [ours(date(2026, 1, 5), "0.5"), external(date(2026, 2, 1), "1.0")],
        today=TODAY,
        certified_on=date(2025, 6, 1),
    )
    assert status.days_left == (date(2027, 5, 31) - TODAY).days
    assert (status.earned_here, status.external) == (D("0.5"), D("1.0"))


def test_either_anchor_is_required():
    with pytest.raises(ValueError):
        current_cycle(ACE, today=TODAY)
