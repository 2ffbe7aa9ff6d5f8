"""xAPI 1.0.3 statements for a completion: `completed` (the course) and `passed` or
`failed` (its assessment). Statement ids are UUID5s of the certificate or attempt, so
sending a statement twice can never record it twice in a learning record store.
"""

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

from certificates.models import verification_url

XAPI_VERSION = "1.0.3"
NAMESPACE = uuid.UUID("8b0f6d35-4a47-5cf1-9c55-6f0a3b1e2d70")
VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"


def iso_duration(delta: timedelta) -> str:
    """ISO 8601 duration, e.g. PT12M30S (xAPI's result.duration)."""
    seconds = max(0, int(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{seconds}S"
    )


def statement_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def _timestamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _actor(learner_id, learner_name):
    # An account on our site, not an e-mail: statements leave the platform.
    return {
        "objectType": "Agent",
        "name": learner_name,
        "account": {"homePage": settings.WAGTAILADMIN_BASE_URL, "name": f"learner-{learner_id}"},
    }


def _activity(activity_id, activity_type, name):
    return {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"type": activity_type, "name": {"en-US": name}},
    }


def measured_duration(record: dict) -> timedelta:
    """The learner's measured seat time in the module, else the passing attempt's span."""
    if record.get("active_seconds") is not None:
        return timedelta(seconds=record["active_seconds"])
    if record.get("active_minutes") is not None:
        return timedelta(minutes=record["active_minutes"])
    return record["attempt_submitted_at"] - record["attempt_started_at"]


def completion_statements(record: dict) -> list[dict]:
    """The two statements for one completion record (see records.completions).

    `record` needs: learner_id, learner_name, course_code, course_title, certificate_code,
    issued_at, score_percent, attempt_started_at, attempt_submitted_at; and, when seat time
    was measured, active_seconds (or active_minutes), which becomes result.duration instead
    of the passing attempt's submitted - started.
    """
    base = settings.WAGTAILADMIN_BASE_URL
    course_id = f"{base}/xapi/activities/course/{record['course_code']}"
    assessment_id = f"{course_id}/quiz"
    actor = _actor(record["learner_id"], record["learner_name"])
    duration = iso_duration(measured_duration(record))
    scaled = (Decimal(record["score_percent"]) / 100).quantize(Decimal("0.0001"))
    certificate_url = verification_url(record["certificate_code"])
    context = {
        "platform": "CEC Platform",
        "language": "en-US",
        "extensions": {f"{base}/xapi/extensions/certificate": certificate_url},
    }
    completed = {
        "id": statement_id(record["certificate_code"], "completed"),
        "actor": actor,
        "verb": {"id": VERBS["completed"], "display": {"en-US": "completed"}},
        "object": _activity(
            course_id, COURSE_TYPE, f"{record['course_code']} {record['course_title']}"
        ),
        "result": {"completion": True, "success": True, "duration": duration},
        "context": context,
        "timestamp": _timestamp(record["issued_at"]),
        "version": XAPI_VERSION,
    }
    passed = {
        "id": statement_id(record["certificate_code"], "passed"),
        "actor": actor,
        "verb": {"id": VERBS["passed"], "display": {"en-US": "passed"}},
        "object": _activity(assessment_id, ASSESSMENT_TYPE, f"{record['course_code']} quiz"),
        "result": {
            "score": {
                "scaled": float(scaled),
                "raw": float(record["score_percent"]),
                "min": 0,
                "max": 100,
            },
            "success": True,
            "completion": True,
            "duration": duration,
        },
        "context": {
            **context,
            "contextActivities": {"parent": [{"id": course_id, "objectType": "Activity"}]},
        },
        "timestamp": _timestamp(record["attempt_submitted_at"]),
        "version": XAPI_VERSION,
    }
    return [completed, passed]


def failed_attempt_statement(attempt, *, course_code, learner_name) -> dict:
    """A `failed` statement for an attempt that did not pass."""
    base = settings.WAGTAILADMIN_BASE_URL
    course_id = f"{base}/xapi/activities/course/{course_code}"
    scaled = (Decimal(attempt.score_percent) / 100).quantize(Decimal("0.0001"))
    return {
        "id": statement_id("attempt", attempt.pk, "failed"),
        "actor": _actor(attempt.learner_id, learner_name),
        "verb": {"id": VERBS["failed"], "display": {"en-US": "failed"}},
        "object": _activity(f"{course_id}/quiz", ASSESSMENT_TYPE, f"{course_code} quiz"),
        "result": {
            "score": {
                "scaled": float(scaled),
                "raw": float(attempt.score_percent),
                "min": 0,
                "max": 100,
            },
            "success": False,
            "completion": True,
            "duration": iso_duration(attempt.submitted_at - attempt.started_at),
        },
        "context": {
            "platform": "CEC Platform",
            "contextActivities": {"parent": [{"id": course_id, "objectType": "Activity"}]},
        },
        "timestamp": _timestamp(attempt.submitted_at),
        "version": XAPI_VERSION,
    }
