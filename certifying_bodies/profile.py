"""The learner's numbers with each certifying body, as a section of the profile page."""

from django import forms
from django.utils import timezone

from .models import CertifyingBody, LearnerCredential


class CredentialForm(forms.ModelForm):
    """The learner's number with one certifying body; left blank, it is removed."""

    class Meta:
        model = LearnerCredential
        fields = [
            "credential_number",
            "licence_state",
            "profession",
            "certified_on",
            "cycle_ends_on",
        ]
        labels = {"credential_number": "Member, credential or licence number"}
        widgets = {
            "certified_on": forms.DateInput(attrs={"type": "date"}),
            "cycle_ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["credential_number"].required = False
        self.fields["credential_number"].label = f"{body.name} ({body.code}) number"
        self.fields["licence_state"].label = f"{body.code} licence state (state boards only)"
        self.fields["profession"].label = f"{body.code} profession code (state boards only)"
        self.fields["certified_on"].label = f"{body.code} certification date"
        self.fields["cycle_ends_on"].label = f"{body.code} current renewal cycle ends on"

    def clean_certified_on(self):
        day = self.cleaned_data["certified_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The certification date cannot be in the future.")
        return day

    def clean_licence_state(self):
        return self.cleaned_data["licence_state"].strip().upper()

    def clean(self):
        data = super().clean()
        if not data.get("credential_number") and (
            data.get("licence_state")
            or data.get("profession")
            or data.get("certified_on")
            or data.get("cycle_ends_on")
        ):
            self.add_error("credential_number", "Enter the number these details belong to.")
        return data

    def save_for(self, learner):
        if not self.cleaned_data.get("credential_number"):
            if self.instance.pk:
                self.instance.delete()
            return None
        credential = super().save(commit=False)
        credential.learner, credential.body = learner, self.body
        credential.save()
        return credential


class CredentialsSection:
    template_name = "certifying_bodies/profile_credentials.html"

    def __init__(self, request, data):
        self.learner = request.user
        existing = {c.body_id: c for c in LearnerCredential.objects.filter(learner=self.learner)}
        self.forms = [
            CredentialForm(
                data, prefix=f"body-{body.pk}", body=body, instance=existing.get(body.pk)
            )
            for body in CertifyingBody.objects.order_by("name")
        ]

    def is_valid(self):
        return all(form.is_valid() for form in self.forms)

    def save(self):
        for form in self.forms:
            form.save_for(self.learner)
