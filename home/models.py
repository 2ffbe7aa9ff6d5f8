from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site's front door: an introduction and the newest modules."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "home.StandardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from courses.models import CoursePage

        context = super().get_context(request, *args, **kwargs)
        context["newest_courses"] = (
            CoursePage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-first_published_at")
            .prefetch_related("topics")[:3]
        )
        return context

    def route(self, request, path_components):
        from .routing import learner_page_route

        found = learner_page_route(self, request, path_components)
        return found or super().route(request, path_components)


class StandardPage(Page):
    """A plain information page: about us, accessibility statement, privacy notice."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "information page"
