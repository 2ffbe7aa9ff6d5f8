from datetime import date, timedelta

from certificates.issuing import reissue_certificate, revoke_certificate
from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody, LearnerCredential
from records.completions import RecordFilter, completion_records
from records.models import CompletionRecord
from tests.certs import approve, pass_course
from tests.factories import make_course


def test_one_record_per_certificate_and_approving_body(catalog, learner, make_user):
    course = make_course(catalog, lessons=1)
    approve(course, code="NCBTMB", unit="CE", rate="1")
    approve(course, code="ACE", unit="CEC", rate="0.1")
    approve(
        course, code="OLD", unit="CEC", rate="0.2", valid_until=date.today() - timedelta(days=2)
    )
    pass_course(learner, course)
    other = make_user()
    pass_course(other, course)
    assert CompletionRecord.objects.count() == 4  # 2 learners × 2 bodies with valid approvals
    assert not CompletionRecord.objects.filter(body__code="OLD").exists()


def test_records_carry_what_a_body_needs(catalog, learner):
    course = make_course(catalog, lessons=1)
    approve(course, code="NCBTMB", unit="CE", rate="1")
    body = CertifyingBody.objects.get(code="NCBTMB")
    LearnerCredential.objects.create(learner=learner, body=body, credential_number="NCB-42")
    pass_course(learner, course)
    (row,) = completion_records(RecordFilter(body=body))
    certificate = Certificate.objects.get()
    assert row["learner_name"] == "Lee Learner" and row["learner_email"] == learner.email
    assert row["credential_number"] == "NCB-42"
    assert row["course_code"] == course.code and row["course_title"] == course.title
    assert row["approval_number"] == "NCBTMB-COURSE-9" and row["provider_number"] == "NCBTMB-PROV-1"
    assert row["completed_on"] == date.today() and row["contact_hours"] == "1.5"
    assert str(row["credits"]) == "1.50" and row["credit_unit"] == "CE"
    assert row["certificate_code"] == certificate.code and row["status"] == "valid"
    assert row["score_percent"] == 100


def test_filters_by_date_module_and_status(catalog, learner, make_user):
    first = make_course(catalog, lessons=1)
    second = make_course(catalog, lessons=1)
    for course in (first, second):
        approve(course)
    pass_course(learner, first)
    pass_course(learner, second)
    body = CertifyingBody.objects.get(code="NCBTMB")
    today = date.today()
    assert len(completion_records(RecordFilter(body=body))) == 2
    assert len(completion_records(RecordFilter(body=body, module=first.code))) == 1
    assert len(completion_records(RecordFilter(body=body, since=today + timedelta(days=1)))) == 0
    assert len(completion_records(RecordFilter(body=body, until=today - timedelta(days=1)))) == 0

    admin = make_user(is_staff=True)
    certificate = Certificate.objects.get(course=first)
    new = reissue_certificate(certificate, user=admin, reason="Name")
    revoke_certificate(Certificate.objects.get(course=second), reason="Error", user=admin)
    valid = list(completion_records(RecordFilter(body=body)))
    assert [r["certificate_code"] for r in valid] == [new.code]
    every = completion_records(RecordFilter(body=body, statuses=("valid", "revoked", "superseded")))
    assert sorted(r["status"] for r in every) == ["revoked", "superseded", "valid"]


def test_another_bodys_records_never_appear(catalog, learner):
    course = make_course(catalog, lessons=1)
    approve(course, code="NCBTMB")
    pass_course(learner, course)
    ace = CertifyingBody.objects.create(name="ACE", code="ACE", credits_per_hour="0.1")
    assert list(completion_records(RecordFilter(body=ace))) == []
