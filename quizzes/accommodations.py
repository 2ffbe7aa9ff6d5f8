"""Quiz accommodations: extra time and extra attempts for one learner on one quiz.

A provider admin grants them in the admin (*Quizzes → Accommodations*, the viewset below;
model `quizzes.models.Accommodation`, unique per quiz × learner, with the reason). The quiz
services apply them:

- time: an attempt's deadline is its start plus the quiz's time limit × the multiplier
  (a quiz without a time limit stays without one);
- attempts: the attempts allowed are the quiz's own plus the extra ones (a quiz with
  unlimited attempts stays unlimited).

Each attempt started under an accommodation points at it (`Attempt.accommodation`) and
keeps its terms as they were at the start (`Attempt.accommodation_terms`). Such attempts
are ordinary attempts otherwise: grading, item analysis and reports count them like any
other.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from core.learner_cache import cached_for_learner

from .models import Accommodation, QuizPage


def accommodation_for(quiz, learner) -> Accommodation | None:
    """The learner's accommodation on this quiz, if one was granted (cached until one of
    theirs changes: see quizzes.receivers)."""
    if learner is None or not getattr(learner, "pk", None):
        return None
    return cached_for_learner(
        learner.pk,
        f"accommodation:{quiz.pk}",
        lambda: Accommodation.objects.filter(quiz=quiz, learner=learner).first(),
    )


def attempts_allowed(quiz, accommodation: Accommodation | None) -> int:
    """The attempts this learner may use; 0 means unlimited, as on the quiz."""
    if not quiz.attempts_allowed:
        return 0
    return quiz.attempts_allowed + (accommodation.extra_attempts if accommodation else 0)


def time_limit(quiz, accommodation: Accommodation | None) -> timedelta | None:
    """The learner's time for one attempt: the quiz's limit × the multiplier, or None."""
    if not quiz.time_limit_minutes:
        return None
    multiplier = (accommodation.time_multiplier if accommodation else None) or Decimal(1)
    seconds = Decimal(quiz.time_limit_minutes) * 60 * Decimal(multiplier)
    return timedelta(seconds=int(seconds))


def deadline(quiz, accommodation: Accommodation | None, started_at):
    limit = time_limit(quiz, accommodation)
    return started_at + limit if limit is not None else None


def attempt_fields(accommodation: Accommodation | None) -> dict:
    """What `Attempt.objects.create` records about the accommodation it starts under."""
    if accommodation is None:
        return {}
    return {"accommodation": accommodation, "accommodation_terms": accommodation.terms()}


def accommodation_summary(quiz, accommodation: Accommodation | None) -> dict | None:
    """What the quiz page tells the learner about their accommodation."""
    if accommodation is None:
        return None
    limit = time_limit(quiz, accommodation)
    return {
        "time_limit_minutes": round(limit.total_seconds() / 60, 1) if limit else None,
        "extra_time": bool(accommodation.time_multiplier and limit),
        "attempts_allowed": attempts_allowed(quiz, accommodation),
        "extra_attempts": accommodation.extra_attempts if quiz.attempts_allowed else 0,
    }


# --- the admin --------------------------------------------------------------------------


class LearnerByEmailField(forms.ModelChoiceField):
    """The learner typed by e-mail address (no select of every account)."""

    widget = forms.EmailInput

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", get_user_model().objects.filter(is_active=True))
        kwargs.setdefault("to_field_name", "email")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "No active learner has this e-mail address."}
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            user = self.queryset.filter(pk=value).first()
            return user.email if user else ""
        return super().prepare_value(value)

    def to_python(self, value):
        return super().to_python((value or "").strip() or None)


class AccommodationForm(WagtailAdminModelForm):
    learner = LearnerByEmailField(label="Learner's e-mail address")

    class Meta:
        model = Accommodation
        fields = ["quiz", "learner", "time_multiplier", "extra_attempts", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = QuizPage.objects.order_by("path")
        self.fields["quiz"].label_from_instance = lambda quiz: (
            f"{quiz.get_parent().title} — {quiz.title}"
        )
        self.fields["time_multiplier"].widget.attrs.update(min="1.01", max="4", step="0.05")
        self.fields["extra_attempts"].widget.attrs.update(min="0")
        self.fields["extra_attempts"].error_messages["min_value"] = (
            "Extra attempts cannot be negative."
        )

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError("Give the reason for the accommodation.")
        return reason

    def save(self, commit=True):
        accommodation = super().save(commit=False)
        user = getattr(self, "for_user", None)
        accommodation.granted_by = user if user and user.is_authenticated else None
        accommodation.granted_at = timezone.now()
        if commit:
            accommodation.save()
        return accommodation


class AccommodationViewSet(ModelViewSet):
    """*Accommodations* in the admin menu, for provider admins only: the views check the
    model's add / change / delete / view permissions, which only the Provider admins group
    holds (`home.site_setup.PROVIDER_ADMIN_PERMISSIONS`). Creating, editing and deleting
    are in the audit log like any model viewset's."""

    model = Accommodation
    icon = "time"
    menu_label = "Accommodations"
    menu_order = 230  # after Certification
    add_to_admin_menu = True
    list_display = ["learner", "quiz", "time_multiplier", "extra_attempts", "granted_by"]
    list_filter = ["quiz"]
    search_fields = ["learner__email", "learner__first_name", "learner__last_name", "reason"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return AccommodationForm
