from decimal import Decimal

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import MarkdownBlock

from .grading import right_weights_problem


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.CharBlock(
        max_length=500, required=False, help_text="Shown in review when this choice was picked."
    )

    class Meta:
        icon = "radio-empty"
        form_classname = "quiz-choice"


class WeightedChoiceBlock(ChoiceBlock):
    weight = blocks.DecimalBlock(
        required=False,
        min_value=Decimal(-100),
        max_value=Decimal(100),
        max_digits=8,
        decimal_places=5,
        help_text=(
            "Percent of the question's points this answer adds when picked (below 0 for a "
            "wrong answer). Leave every weight blank to share 100% equally among the right "
            "answers, each wrong pick taking one share off."
        ),
    )


def weights_problem(choices) -> str:
    """Why the choices' weights cannot grade the question, or "" (all blank is fine)."""
    weights = [choice.get("weight") for choice in choices]
    if all(weight is None for weight in weights):
        return ""
    if any(weight is None for weight in weights):
        return "Give every answer a weight, or leave every weight blank."
    if any(bool(choice["correct"]) != (choice["weight"] > 0) for choice in choices):
        return "Mark as correct exactly the answers whose weight is above 0%."
    problem = right_weights_problem(weights)
    return f"{problem[0].upper()}{problem[1:]}." if problem else ""


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
    choices = blocks.ListBlock(WeightedChoiceBlock(), min_num=2)
    scoring = blocks.ChoiceBlock(
        choices=[
            ("all_or_nothing", "All or nothing"),
            ("partial", "Partial credit: each picked answer adds its weight (as in Moodle)"),
        ],
        default="all_or_nothing",
    )

    def clean(self, value):
        value = super().clean(value)
        if _count_correct(value["choices"]) < 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError("Mark at least one choice as correct.")}
            )
        problem = weights_problem(value["choices"])
        if problem:
            raise StructBlockValidationError(block_errors={"choices": ValidationError(problem)})
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
