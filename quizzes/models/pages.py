from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.privacy import NoRestrictionShortcut

from ..blocks import QuestionStreamBlock
from ..forms import QuizEditForm

QUIZ_SLUG = "quiz"


class QuizPage(NoRestrictionShortcut, RoutablePageMixin, Page):
    """The graded quiz that ends a module: its rules and its pool of questions."""

    class ReviewLevel(models.TextChoices):
        SCORE = "score", "Score only"
        ANSWERS = "answers", "Which answers were right or wrong"
        EXPLANATIONS = "explanations", "Correct answers, feedback and explanations"

    class ReviewTiming(models.TextChoices):
        EVERY_ATTEMPT = "every_attempt", "After every attempt"
        AFTER_PASSING = "after_passing", "Only after passing (score only before)"

    intro = models.TextField(blank=True, help_text="Shown above the rules before an attempt.")
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)", default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        default=3, help_text="How many attempts a learner may start; 0 means unlimited."
    )
    cooldown_minutes = models.PositiveIntegerField(
        "waiting time after a failed attempt (minutes)", default=0
    )
    time_limit_minutes = models.PositiveIntegerField(
        "time limit (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for no time limit.",
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty to serve every question; otherwise a random draw across topics.",
    )
    require_all_lessons = models.BooleanField(
        "open every lesson first",
        default=True,
        help_text="Learners must open every lesson of the module before starting an attempt.",
    )
    shuffle_questions = models.BooleanField(default=True)
    shuffle_choices = models.BooleanField(default=True)
    review_level = models.CharField(
        "what a learner sees after submitting",
        max_length=20,
        choices=ReviewLevel.choices,
        default=ReviewLevel.EXPLANATIONS,
    )
    review_timing = models.CharField(
        "when", max_length=20, choices=ReviewTiming.choices, default=ReviewTiming.AFTER_PASSING
    )
    questions = StreamField(QuestionStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed")]),
                FieldRowPanel([FieldPanel("cooldown_minutes"), FieldPanel("time_limit_minutes")]),
                FieldPanel("require_all_lessons"),
                FieldRowPanel(
                    [
                        FieldPanel("questions_per_attempt"),
                        FieldPanel("shuffle_questions"),
                        FieldPanel("shuffle_choices"),
                    ]
                ),
                FieldRowPanel([FieldPanel("review_level"), FieldPanel("review_timing")]),
            ],
            heading="Rules",
        ),
        FieldPanel("questions"),
    ]
    base_form_class = QuizEditForm
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "quiz"

    def clean(self):
        super().clean()
        errors = {}
        if self.slug and self.slug != QUIZ_SLUG:
            errors["slug"] = (
                f"A quiz lives at <module>/{QUIZ_SLUG}/; set its slug to '{QUIZ_SLUG}'."
            )
        count = len(self.questions or [])
        if self.questions_per_attempt and self.questions_per_attempt > count:
            errors["questions_per_attempt"] = (
                f"Only {count} question{'s' if count != 1 else ''} in the pool; "
                "draw at most that many, or leave empty."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def question_count(self):
        return len(self.questions)

    @property
    def served_count(self):
        return min(self.questions_per_attempt or self.question_count, self.question_count)

    def review_level_for(self, attempt):
        """What the review of a submitted attempt may show under this quiz's policy."""
        if self.review_timing == self.ReviewTiming.AFTER_PASSING and not attempt.passed:
            return self.ReviewLevel.SCORE
        return self.review_level

    def serve_preview(self, request, mode_name):
        # Editors previewing a draft see the whole pool with the right answers marked.
        from ..views import quiz_preview

        return quiz_preview(request, self)

    @path("")
    def landing(self, request):
        from ..views import quiz_landing

        return quiz_landing(request, self)

    @path("start/")
    def start(self, request):
        from ..views import start_attempt_view

        return start_attempt_view(request, self)

    @path("attempt/<int:attempt_id>/")
    def attempt(self, request, attempt_id):
        from ..views import attempt_view

        return attempt_view(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/result/")
    def result(self, request, attempt_id):
        from ..views import result_view

        return result_view(request, self, attempt_id)
