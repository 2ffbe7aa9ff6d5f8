from ralph.models.xapi.base.statements import BaseXapiStatement

from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody
from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
from records.completions import RecordFilter, completion_records
from records.xapi import completion_statements, failed_attempt_statement, iso_duration
from tests.certs import approve, pass_course
from tests.factories import make_course


def test_completion_statements_validate_strictly_and_have_stable_ids(catalog, learner):
    course = make_course(catalog, lessons=1)
    approve(course)
    pass_course(learner, course)
    (record,) = completion_records(RecordFilter(body=CertifyingBody.objects.get()))
    completed, passed = completion_statements(record)
    for statement in (completed, passed):
        BaseXapiStatement.model_validate(statement)
        assert statement["version"] == "1.0.3"
        assert learner.email not in str(statement)
    assert completed["verb"]["id"].endswith("/completed")
    assert passed["verb"]["id"].endswith("/passed")
    assert passed["result"]["score"]["scaled"] == 1.0 and passed["result"]["success"] is True
    assert completed["object"]["definition"]["type"].endswith("/activities/course")
    assert passed["object"]["definition"]["type"].endswith("/activities/assessment")
    assert passed["result"]["duration"].startswith("PT")
    again = completion_statements(record)
    assert [s["id"] for s in again] == [completed["id"], passed["id"]]
    assert Certificate.objects.get().code  # one certificate behind both statements


def test_failed_statement(catalog, learner):
    course = make_course(catalog, lessons=1)
    attempt = start_attempt(QuizPage.objects.child_of(course).get(), learner)
    attempt, _ = submit_attempt(attempt, {})
    statement = failed_attempt_statement(attempt, course_code=course.code, learner_name="Lee")
    BaseXapiStatement.model_validate(statement)
    assert statement["result"]["success"] is False and statement["result"]["score"]["scaled"] == 0


def test_iso_duration():
    from datetime import timedelta

    assert iso_duration(timedelta(seconds=5)) == "PT5S"
    assert iso_duration(timedelta(minutes=12, seconds=30)) == "PT12M30S"
    assert iso_duration(timedelta(hours=1, seconds=1)) == "PT1H1S"
