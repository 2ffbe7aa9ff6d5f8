"""How long a module takes the average learner, from its content alone.

Reading at CEC_READING_WORDS_PER_MINUTE (200, the NCBTMB home-study pace) over the lessons'
prose and callouts; the declared minutes of media and activity blocks (their own words are
covered by those minutes); and the minutes the layers above add through
COURSE_ESTIMATE_HOOK (the quiz: questions served x minutes per question). A module may not
claim contact hours more than CEC_HOURS_TOLERANCE above the estimate unless it records a
written justification of its hours basis.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from wagtail import hooks

COURSE_ESTIMATE_HOOK = "construct_course_estimate"
WORD = re.compile(r"\b[\w'’-]+\b")


def words_per_minute() -> int:
    return getattr(settings, "CEC_READING_WORDS_PER_MINUTE", 200)


def hours_tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "CEC_HOURS_TOLERANCE", "0.10")))


@dataclass(frozen=True)
class Estimate:
    words: int
    media_minutes: int
    activity_minutes: int
    quiz_minutes: Decimal

    @property
    def reading_minutes(self) -> Decimal:
        return Decimal(self.words) / words_per_minute()

    @property
    def minutes(self) -> int:
        total = self.reading_minutes + self.media_minutes + self.activity_minutes
        return math.ceil(total + self.quiz_minutes)

    def describe(self) -> str:
        return (
            f"estimated {self.minutes} minutes ({self.words} words read in "
            f"{self.reading_minutes:.0f} min, {self.activity_minutes} min of activities, "
            f"{self.media_minutes} min of media, {self.quiz_minutes.normalize():f} min of quiz)"
        )


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


def estimate_blocks(lesson_bodies, *, quiz_minutes=Decimal(0)) -> Estimate:
    """The estimate from lessons' raw StreamField data (lists of {"type", "value"})."""
    words = media = activity = 0
    for body in lesson_bodies:
        for block in body:
            kind, value = block["type"], block["value"]
            if kind == "markdown":
                words += count_words(value)
            elif kind == "callout":
                words += count_words(value.get("title", "")) + count_words(value.get("body", ""))
            elif kind == "activity":
                activity += int(value.get("minutes") or 0)
            elif kind == "media":
                media += int(value.get("minutes") or 0)
    return Estimate(words, media, activity, Decimal(quiz_minutes))


def module_estimate(course) -> Estimate:
    """The estimate of a module's live lessons, plus what higher layers add (the quiz)."""
    from .models import LessonPage

    lessons = LessonPage.objects.child_of(course).live().only("body")
    extra = sum((Decimal(add(course)) for add in hooks.get_hooks(COURSE_ESTIMATE_HOOK)), Decimal(0))
    return estimate_blocks([lesson.body.raw_data for lesson in lessons], quiz_minutes=extra)


def overstated_hours(contact_hours, estimate: Estimate) -> str:
    """Why the claimed hours are refused ("" when the estimate supports them)."""
    claimed = Decimal(contact_hours) * 60
    allowed = estimate.minutes * (1 + hours_tolerance())
    if claimed <= allowed:
        return ""
    return (
        f"the module claims {Decimal(contact_hours).normalize():f} contact hours "
        f"({claimed.normalize():f} minutes) but its content is {estimate.describe()}, "
        f"more than {hours_tolerance() * 100:.0f}% over: lower the hours, add learning "
        "activity with its minutes declared, or record a justification of the hours basis"
    )
