from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .markdown import render_markdown
from .markdown_limits import markdown_problem


class MarkdownBlock(blocks.TextBlock):
    """Markdown source, rendered to sanitised HTML."""

    def __init__(self, **kwargs):
        kwargs.setdefault("rows", 12)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        problem = markdown_problem(value or "")
        if problem:
            line, message = problem
            raise ValidationError(f"Line {line}: {message}.")
        return value

    def render_basic(self, value, context=None):
        return render_markdown(value or "")

    class Meta:
        icon = "code"
        label = "Markdown"
        help_text = "Markdown: ## sub-heading, **bold**, *italic*, - bullet, [link](https://…)."


class CalloutBlock(blocks.StructBlock):
    """A highlighted box, e.g. a scope-of-practice warning."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("note", "Note"),
            ("tip", "Tip"),
            ("warning", "Warning"),
            ("important", "Important"),
        ],
        default="note",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    body = MarkdownBlock(rows=4)

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        preview_value = {
            "kind": "warning",
            "title": "Scope of practice",
            "body": "Refer clients who ask for massage to a licensed massage therapist.",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"


ACTIVITY_KINDS = [
    ("scenario", "Client scenario"),
    ("decision", "Decision exercise"),
    ("practice", "Script to practise"),
    ("reflection", "Reflection"),
]


class ActivityValue(blocks.StructValue):
    def kind_label(self):
        return dict(ACTIVITY_KINDS).get(self.get("kind"), "Activity")


class ActivityBlock(blocks.StructBlock):
    """Learning activity with an honest expected duration: a worked client scenario, a
    scope-of-practice decision, a referral script to practise, a reflection prompt. Its
    declared minutes count toward the module's estimated time instead of its words."""

    kind = blocks.ChoiceBlock(choices=ACTIVITY_KINDS, default="scenario")
    title = blocks.CharBlock(max_length=120)
    minutes = blocks.IntegerBlock(
        min_value=1, max_value=60, help_text="How long the average learner needs for it."
    )
    body = MarkdownBlock(rows=8)

    class Meta:
        icon = "tasks"
        template = "courses/blocks/activity.html"
        value_class = ActivityValue


class MediaBlock(blocks.StructBlock):
    """A video or audio recording with its running time and a transcript."""

    title = blocks.CharBlock(max_length=120)
    url = blocks.URLBlock(help_text="Where the recording is played.")
    minutes = blocks.IntegerBlock(min_value=1, max_value=240, help_text="Running time.")
    transcript = MarkdownBlock(rows=6, required=False)

    class Meta:
        icon = "media"
        template = "courses/blocks/media.html"


class LessonBodyBlock(blocks.StreamBlock):
    markdown = MarkdownBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    activity = ActivityBlock()
    media = MediaBlock()


class AuthorBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=150)
    credentials = blocks.CharBlock(
        max_length=250, required=False, help_text="E.g. NFPT-CPT, LMT, DPT."
    )

    class Meta:
        icon = "user"
        template = "courses/blocks/author.html"


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    author = blocks.CharBlock(max_length=200, required=False)
    publisher = blocks.CharBlock(max_length=200, required=False)
    url = blocks.URLBlock(required=False)
    source = blocks.CharBlock(
        max_length=200, required=False, help_text="The source article's file or identifier."
    )

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/reference.html"
