from decimal import Decimal

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import MarkdownBlock


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.CharBlock(
        max_length=500, required=False, help_text="Shown in review when this choice was picked."
    )

    class Meta:
        icon = "radio-empty"
        form_classname = "quiz-choice"


class QuestionBlock(blocks.StructBlock):
    """Fields every question has; subclasses add how it is answered."""

    title = blocks.CharBlock(
        max_length=120, required=False, help_text="A short label for reports (GIFT ::title::)."
    )
    prompt = MarkdownBlock(rows=3)
    topic = blocks.CharBlock(
        max_length=100,
        required=False,
        help_text="Questions drawn per attempt are spread evenly across topics.",
    )
    points = blocks.DecimalBlock(
        default=Decimal(1), min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )
    objective = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=50,
        help_text="The number of the module's learning objective this question assesses.",
    )
    explanation = MarkdownBlock(
        rows=3, required=False, help_text="Shown in review; cite the lesson it comes from."
    )

    class Meta:
        icon = "help"


def _count_correct(choices):
    return sum(1 for choice in choices if choice["correct"])


class SingleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        if _count_correct(value["choices"]) != 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError("Mark exactly one choice as correct.")}
            )
        return value

    class Meta:
        icon = "radio-full"
        label = "Single choice"


class MultipleSelectQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2)
    scoring = blocks.ChoiceBlock(
        choices=[
            ("all_or_nothing", "All or nothing"),
            ("partial", "Partial credit, wrong picks cost as much as right ones earn"),
        ],
        default="all_or_nothing",
    )

    def clean(self, value):
        value = super().clean(value)
        if _count_correct(value["choices"]) < 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError("Mark at least one choice as correct.")}
            )
        return value

    class Meta:
        icon = "tasks"
        label = "Multiple select"


class TrueFalseQuestionBlock(QuestionBlock):
    correct_answer = blocks.ChoiceBlock(choices=[("true", "True"), ("false", "False")])
    true_feedback = blocks.CharBlock(
        max_length=500, required=False, help_text="Shown in review to a learner who chose True."
    )
    false_feedback = blocks.CharBlock(
        max_length=500, required=False, help_text="Shown in review to a learner who chose False."
    )

    class Meta:
        icon = "tick"
        label = "True / false"


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_select = MultipleSelectQuestionBlock()
    true_false = TrueFalseQuestionBlock()
