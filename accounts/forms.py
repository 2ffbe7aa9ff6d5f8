from django import forms

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
