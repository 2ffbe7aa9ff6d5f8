"""The renewals' part of the learner's pages: the cycles on the dashboard and the
reminder opt-out on the profile."""

from django import forms

from .cycles import learner_cycles
from .models import ReminderPreference


class DashboardCycles:
    template_name = "renewals/dashboard_cycles.html"

    def __init__(self, request):
        self.cycles = learner_cycles(request.user)


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["email_reminders"]
        labels = {
            "email_reminders": "E-mail me when a renewal cycle ends in 90, 30 or 7 days with "
            "credits still missing, and when a certificate is about to expire"
        }


class ReminderSection:
    template_name = "renewals/profile_reminders.html"

    def __init__(self, request, data):
        self.learner = request.user
        instance = ReminderPreference.objects.filter(learner=self.learner).first()
        self.form = ReminderPreferenceForm(
            data, prefix="reminders", instance=instance or ReminderPreference(email_reminders=True)
        )

    def is_valid(self):
        return self.form.is_valid()

    def save(self):
        preference = self.form.save(commit=False)
        preference.learner = self.learner
        preference.save()
