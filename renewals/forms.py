"""The form a learner records external (self-reported) CE with."""

from django import forms
from django.utils import timezone

from .models import MAX_EXTERNAL_CREDITS, ExternalCredit

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Magic bytes -> content type. The browser's type and the file name are never trusted.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def sniff(upload) -> str | None:
    """The content type the file's first bytes show, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


class ExternalCreditForm(forms.ModelForm):
    class Meta:
        model = ExternalCredit
        fields = ["body", "title", "provider", "completed_on", "credits", "delivery"]
        labels = {"body": "Counts toward", "credits": "Credits (in the body's unit)"}
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"})}

    certificate_file = forms.FileField(
        required=False,
        label="Certificate of completion (optional: PDF, PNG or JPEG, at most 10 MB)",
    )

    def __init__(self, *args, learner, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.learner = learner
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = None
        self.fields["credits"].min_value = None  # the messages below say it plainly

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    def clean_credits(self):
        credits = self.cleaned_data["credits"]
        if credits <= 0:
            raise forms.ValidationError("Credits must be more than zero.")
        if credits > MAX_EXTERNAL_CREDITS:
            raise forms.ValidationError(
                f"{credits} credits is more than one course can give (at most "
                f"{MAX_EXTERNAL_CREDITS}); check the number."
            )
        return credits

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        content_type = sniff(upload)
        if content_type is None:
            raise forms.ValidationError("Upload a PDF, PNG or JPEG file.")
        self.sniffed_type = content_type
        return upload

    def save(self, commit=True):
        credit = super().save(commit=False)
        credit.learner = self.learner
        upload = self.cleaned_data.get("certificate_file")
        if upload:
            credit.file_content_type = self.sniffed_type
            credit.original_name = (upload.name or "")[:200]
            credit.certificate_file.save(upload.name, upload, save=False)
        if commit:
            credit.save()
        return credit
