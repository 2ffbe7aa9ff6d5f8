"""The quiz editor refuses to publish a pool that cannot assess every objective."""

from wagtail.admin.forms import WagtailAdminPageForm

from .questions import objective_coverage_problems


class QuizEditForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        parent = getattr(self, "parent_page", None)
        objectives = getattr(getattr(parent, "specific", parent), "objectives", None)
        questions = cleaned.get("questions")
        if "action-publish" not in self.data or not objectives or questions is None:
            return cleaned
        tags = [block.value.get("objective") for block in questions]
        problems = []
        if any(tag is None for tag in tags):
            untagged = sum(1 for tag in tags if tag is None)
            problems.append(f"{untagged} question(s) name no learning objective")
        problems += objective_coverage_problems(
            [tag for tag in tags if tag is not None],
            len(objectives),
            cleaned.get("questions_per_attempt"),
            pool_size=len(tags),
        )
        if problems:
            self.add_error("questions", "Not published: " + "; ".join(problems) + ".")
        return cleaned
