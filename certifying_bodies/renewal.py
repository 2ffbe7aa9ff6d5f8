"""CE renewal cycle arithmetic: plain functions over a body's renewal rules and dates.

A learner holds a certification with a body from a certification date, or knows only the
end of their current cycle. Cycles follow each other without gaps, each `cycle_months`
long; boundaries are always counted from the anchor date (never from the previous
boundary) so a 29 February anchor does not drift to the 28th for good.

Counting in a cycle: credits dated inside it, online / home-study credit capped at the
body's maximum share of the requirement, plus what the previous cycle carries forward
when the body allows it (its own excess, capped; carried credit is never carried twice and
an exempt first cycle carries nothing).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class RenewalRules:
    cycle_months: int
    credits_required: Decimal
    carry_forward: bool = False
    max_carry_forward: Decimal | None = None  # None: no maximum
    first_cycle_exempt: bool = False
    online_max_percent: Decimal | None = None  # None: no cap


@dataclass(frozen=True)
class Cycle:
    start: date
    end: date  # inclusive
    index: int | None  # 0 = the first cycle after certification; None when not known
    exempt: bool = False


@dataclass(frozen=True)
class Credit:
    day: date
    credits: Decimal
    online: bool = True
    self_reported: bool = False


@dataclass(frozen=True)
class CycleStatus:
    cycle: Cycle
    required: Decimal
    earned_here: Decimal  # our certificates, counted in full
    external: Decimal  # self-reported, counted in full
    online_capped: Decimal  # online credit left out by the body's cap
    carried_in: Decimal
    counted: Decimal  # what counts toward the requirement
    needed: Decimal
    days_left: int
    credits: list[Credit] = field(default_factory=list)

    @property
    def complete(self):
        return self.needed == ZERO


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _boundary(rules, *, certified_on, cycle_ends_on, k) -> date:
    """Start of cycle k: certification date + k cycles, or the day after the stated end."""
    months = k * rules.cycle_months
    if certified_on is not None:
        return add_months(certified_on, months)
    return add_months(cycle_ends_on, months) + timedelta(days=1)


def cycle_at(rules: RenewalRules, k: int, *, certified_on=None, cycle_ends_on=None) -> Cycle:
    start = _boundary(rules, certified_on=certified_on, cycle_ends_on=cycle_ends_on, k=k)
    nxt = _boundary(rules, certified_on=certified_on, cycle_ends_on=cycle_ends_on, k=k + 1)
    index = k if certified_on is not None else None
    exempt = bool(rules.first_cycle_exempt and index == 0)
    return Cycle(start=start, end=nxt - timedelta(days=1), index=index, exempt=exempt)


def cycle_index_on(rules: RenewalRules, day: date, *, certified_on=None, cycle_ends_on=None):
    """k such that cycle k contains `day` (never below 0 from a certification date)."""
    if (certified_on is None) == (cycle_ends_on is None):
        raise ValueError("Give either the certification date or the current cycle's end.")
    if rules.cycle_months <= 0:
        raise ValueError("A cycle lasts at least one month.")
    anchor = certified_on or cycle_ends_on
    k = ((day.year - anchor.year) * 12 + day.month - anchor.month) // rules.cycle_months
    kwargs = {"certified_on": certified_on, "cycle_ends_on": cycle_ends_on}
    while _boundary(rules, k=k, **kwargs) > day:
        k -= 1
    while _boundary(rules, k=k + 1, **kwargs) <= day:
        k += 1
    if certified_on is not None:
        k = max(k, 0)
    return k


def current_cycle(rules, *, today, certified_on=None, cycle_ends_on=None) -> Cycle:
    """The cycle containing today; a stated end date in the past rolls forward."""
    kwargs = {"certified_on": certified_on, "cycle_ends_on": cycle_ends_on}
    return cycle_at(rules, cycle_index_on(rules, today, **kwargs), **kwargs)


def previous_cycle(rules, cycle: Cycle, *, certified_on=None, cycle_ends_on=None):
    """The cycle before `cycle`, or None before the certification date."""
    kwargs = {"certified_on": certified_on, "cycle_ends_on": cycle_ends_on}
    k = cycle_index_on(rules, cycle.start, **kwargs)
    if certified_on is not None and k == 0:
        return None
    return cycle_at(rules, k - 1, **kwargs)


def _in(cycle, credits):
    return [c for c in credits if cycle.start <= c.day <= cycle.end]


def _counted(rules, required, credits):
    """(credits counted toward `required`, online credit left out by the cap)."""
    online = sum((c.credits for c in credits if c.online), ZERO)
    live = sum((c.credits for c in credits if not c.online), ZERO)
    left_out = ZERO
    if rules.online_max_percent is not None:
        cap = required * Decimal(rules.online_max_percent) / 100
        left_out = max(ZERO, online - cap)
        online -= left_out
    return online + live, left_out


def required_in(rules, cycle: Cycle) -> Decimal:
    return ZERO if cycle.exempt else Decimal(rules.credits_required)


def carry_out(rules, cycle: Cycle, credits) -> Decimal:
    """What `cycle` carries into the next one: its excess over its own requirement."""
    if not rules.carry_forward or cycle.exempt:
        return ZERO
    required = required_in(rules, cycle)
    counted, _ = _counted(rules, required, _in(cycle, credits))
    excess = max(ZERO, counted - required)
    if rules.max_carry_forward is not None:
        excess = min(excess, Decimal(rules.max_carry_forward))
    return excess


def cycle_status(
    rules: RenewalRules, credits: list[Credit], *, today, certified_on=None, cycle_ends_on=None
) -> CycleStatus:
    """Where the learner stands in the current cycle."""
    kwargs = {"certified_on": certified_on, "cycle_ends_on": cycle_ends_on}
    cycle = current_cycle(rules, today=today, **kwargs)
    previous = previous_cycle(rules, cycle, **kwargs)
    carried = carry_out(rules, previous, credits) if previous else ZERO
    required = required_in(rules, cycle)
    mine = sorted(_in(cycle, credits), key=lambda c: c.day)
    counted, left_out = _counted(rules, required, mine)
    counted += carried
    return CycleStatus(
        cycle=cycle,
        required=required,
        earned_here=sum((c.credits for c in mine if not c.self_reported), ZERO),
        external=sum((c.credits for c in mine if c.self_reported), ZERO),
        online_capped=left_out,
        carried_in=carried,
        counted=counted,
        needed=max(ZERO, required - counted),
        days_left=(cycle.end - today).days,
        credits=mine,
    )
