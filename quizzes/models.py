from wagtail.models import Page


class QuizPage(Page):
    """The graded quiz that ends a module."""

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
