"""Response shapes of the body API (they make the OpenAPI description)."""

from ninja import Field, Schema

DECIMAL = {"pattern": r"^\d+(\.\d+)?$", "examples": ["1.5"]}


class ErrorOut(Schema):
    error: str = Field(description="What went wrong, in words.")
    fields: dict[str, str] | None = Field(
        None, description="For a bad request: the parameters at fault and why."
    )


class CompletionOut(Schema):
    learner_name: str
    learner_email: str
    credential_number: str | None = Field(description="The learner's number with your body.")
    licence_state: str | None
    profession: str | None
    course_code: str
    course_title: str
    approval_number: str = Field(description="Your body's number for the course.")
    provider_number: str
    completion_date: str = Field(json_schema_extra={"format": "date"})
    contact_hours: str = Field(json_schema_extra=DECIMAL)
    credits: str = Field(json_schema_extra=DECIMAL)
    credit_unit: str
    score_percent: str | None = Field(json_schema_extra=DECIMAL)
    certificate_code: str
    verification_url: str
    status: str = Field(description="valid, revoked or superseded")
    active_minutes: int | None = Field(
        None,
        description="The learner's measured active minutes in the module (lessons and "
        "quiz); null when not measured.",
    )
    valid_until: str | None = Field(
        None,
        json_schema_extra={"format": "date"},
        description="The last day the certificate is current; null when it does not expire.",
    )


class CompletionsOut(Schema):
    results: list[CompletionOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null when this is the last page."
    )


class ApprovalOut(Schema):
    body_code: str
    body_name: str
    provider_number: str
    approval_number: str
    credits: str
    credit_unit: str


class CertificateOut(Schema):
    code: str
    status: str = Field(description="valid, expired, revoked or superseded")
    learner_name: str
    course_code: str
    course_title: str
    completion_date: str = Field(json_schema_extra={"format": "date"})
    contact_hours: str
    delivery_type: str
    provider_name: str
    valid_until: str | None = Field(json_schema_extra={"format": "date"})
    approvals: list[ApprovalOut]
    revoked_at: str | None = Field(json_schema_extra={"format": "date-time"})
    revoked_reason: str | None
    superseded_by: str | None = Field(description="Code of the certificate that replaced it.")
    verification_url: str
