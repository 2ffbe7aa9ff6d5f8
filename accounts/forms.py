from django import forms

from certifying_bodies.models import LearnerCredential

from .models import User


class SignupDetailsForm(forms.Form):
    """Extra fields on the allauth sign-up form: the learner's name."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")

    def signup(self, request, user):
        # allauth's adapter already copies first_name and last_name onto the user.
        pass


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "certificate_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name prints on certificates, so it cannot be left blank here.
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


class CredentialForm(forms.ModelForm):
    """The learner's number with one certifying body; left blank, it is removed."""

    class Meta:
        model = LearnerCredential
        fields = ["credential_number", "licence_state", "profession"]
        labels = {"credential_number": "Member, credential or licence number"}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["credential_number"].required = False
        self.fields["credential_number"].label = f"{body.name} ({body.code}) number"
        self.fields["licence_state"].label = f"{body.code} licence state (state boards only)"
        self.fields["profession"].label = f"{body.code} profession code (state boards only)"

    def clean_licence_state(self):
        return self.cleaned_data["licence_state"].strip().upper()

    def clean(self):
        data = super().clean()
        if not data.get("credential_number") and (
            data.get("licence_state") or data.get("profession")
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
