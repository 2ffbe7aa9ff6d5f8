from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.safestring import mark_safe

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from ..blocks import AuthorBlock, LessonBodyBlock, ReferenceBlock
from ..forms import CourseEditForm, EstimatePanel
from ..page_cache import cached_for_pages
from ..privacy import NoRestrictionShortcut

COURSE_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,31}$",
    "Use capital letters, digits and hyphens, e.g. CEC-SOP-101.",
)


def search_terms(query):
    """The typed query, safe for every search backend.

    Wagtail's SQLite (FTS5) backend quotes each word without escaping a double quote in
    it, so a stray `"` is a syntax error there; the catalog has no phrase search anyway.
    """
    return query.replace('"', " ").strip()


class CourseIndexPage(Page):
    """The catalog of CEC modules, filterable by topic and searchable."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = "course catalog"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()
        topic = request.GET.get("topic", "").strip()
        courses = CoursePage.objects.live().public().child_of(self)
        if topic:
            courses = courses.filter(topics__slug=topic)
        if terms := search_terms(query):
            # Search gives the matching pages in rank order; fetch them again so the
            # listing keeps its prefetching and stays a fixed number of queries.
            ranked_ids = [page.pk for page in courses.search(terms, fields=None)]
            by_id = {
                page.pk: page
                for page in courses.filter(pk__in=ranked_ids).prefetch_related("topics")
            }
            courses = [by_id[pk] for pk in ranked_ids if pk in by_id]
        else:
            courses = courses.order_by("code").prefetch_related("topics")
        context.update(
            courses=courses,
            query=query,
            topic=topic,
            topics=CoursePageTag.topics_in_use(),
        )
        return context


class CoursePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    @classmethod
    def topics_in_use(cls):
        from taggit.models import Tag

        return (
            Tag.objects.filter(courses_coursepagetag_items__isnull=False)
            .distinct()
            .order_by("name")
        )


class CoursePage(NoRestrictionShortcut, RoutablePageMixin, Page):
    """One CEC module: its metadata, followed by its lessons and quiz as child pages."""

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    code = models.CharField(
        "course code", max_length=32, unique=True, validators=[COURSE_CODE_VALIDATOR]
    )
    summary = models.TextField(max_length=300, help_text="One or two sentences for the catalog.")
    objectives = StreamField(
        [("objective", blocks.CharBlock(max_length=300, label="Objective"))],
        help_text="What a learner can do after the module; start each with a verb.",
    )
    contact_hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.INTRODUCTORY)
    authors = StreamField([("author", AuthorBlock())])
    references = StreamField([("reference", ReferenceBlock())], blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    topics = ClusterTaggableManager(through=CoursePageTag, blank=True)
    about = models.TextField(
        blank=True,
        max_length=2000,
        help_text="'About this module' (Markdown): how it was written, from which sources, "
        "when it was last reviewed.",
    )
    hours_note = models.TextField(
        "hours basis note",
        blank=True,
        max_length=2000,
        help_text="For editors and auditors, not shown to learners: how the hours were "
        "reached and which bodies' minimum course length they meet.",
    )
    hours_justification = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Only when the claimed hours exceed the content estimate by more than 10%: "
        "the written basis for the hours (shown in the CE hours report).",
    )

    # The admin lists a module's lessons in their order in the module, not by date.
    admin_default_ordering = "ord"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("contact_hours"), FieldPanel("level")],
            heading="Module",
        ),
        MultiFieldPanel(
            [EstimatePanel(), FieldPanel("hours_note"), FieldPanel("hours_justification")],
            heading="Hours basis",
        ),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("authors"),
        FieldPanel("references"),
        FieldPanel("about"),
        FieldPanel("last_reviewed"),
        FieldPanel("topics"),
    ]
    base_form_class = CourseEditForm
    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.FilterField("code"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = "CEC module"

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def hours_label(self):
        """Contact hours without trailing zeros: 1, 1.5, 1.25."""
        return f"{self.contact_hours.normalize():f}"

    def get_context(self, request, *args, **kwargs):
        from ..extensions import course_page_sections, lesson_marks
        from ..outline import course_outline

        context = super().get_context(request, *args, **kwargs)
        outline = course_outline(self)
        marks = lesson_marks(request, self, outline)
        context["outline"] = outline
        context["lessons"] = [(lesson, marks.get(lesson.pk)) for lesson in outline.lessons]
        context["sections"] = course_page_sections(request, self, outline)
        return context

    def route(self, request, path_components):
        # /courses/<slug>/<action>/ for actions the layers above register (enrol, claim a
        # certificate); anything else is a lesson, the quiz or a 404, as usual.
        from ..extensions import course_page_action

        if self.live and len(path_components) == 1:
            view = course_page_action(path_components[0])
            if view is not None:
                return RouteResult(self, args=(lambda request: view(request, self), (), {}))
        return super().route(request, path_components)


class LessonPage(NoRestrictionShortcut, Page):
    """A lesson in a module; its body is Markdown with callouts and images."""

    body = StreamField(LessonBodyBlock())

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        from ..extensions import lesson_extras
        from ..outline import outline_for_lesson

        context = super().get_context(request, *args, **kwargs)
        outline = outline_for_lesson(self)
        lessons = list(outline.lessons)
        position = next((i for i, link in enumerate(lessons) if link.pk == self.pk), None)
        if position is None:  # a draft lesson being previewed: show it after the others
            position = len(lessons)
            lessons.append(None)
        context.update(
            course=outline.course,
            lesson_number=position + 1,
            lesson_count=len(lessons),
            previous_lesson=lessons[position - 1] if position > 0 else None,
            next_lesson=lessons[position + 1] if position + 1 < len(lessons) else None,
            lesson_extras=lesson_extras(request, self),
            body_html=self.body_html(request),
        )
        return context

    def body_html(self, request):
        """The body as HTML: its blocks, each rendered by its own template, once per
        change of the published pages (a preview renders the draft every time)."""

        def render():
            # As `{% for block in page.body %}{% include_block block %}` would: the block
            # templates read the child's id as `block.id`.
            html = "".join(child.render_as_block({"block": child}) for child in self.body)
            return mark_safe(html)  # noqa: S308 (the block templates escape)

        if getattr(request, "is_preview", False) or not self.live:
            return render()
        return cached_for_pages(f"lesson-body:{self.pk}", render)
