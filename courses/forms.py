"""The module editor: the content estimate beside the claimed hours, and no publishing of
hours the content does not support."""

from django.utils.html import format_html

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel

from .estimate import module_estimate, overstated_hours


class CourseEditForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        hours = cleaned.get("contact_hours")
        publishing = "action-publish" in self.data
        if publishing and hours and not (cleaned.get("hours_justification") or "").strip():
            estimate = module_estimate(self.instance) if self.instance.pk else None
            problem = overstated_hours(hours, estimate) if estimate else ""
            if estimate is None:
                problem = "add and publish the module's lessons before publishing its hours"
            if problem:
                self.add_error("contact_hours", f"Not published: {problem}.")
        return cleaned


class EstimatePanel(Panel):
    """Read-only: what the live lessons and quiz support, next to the claimed hours."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            if not self.instance.pk:
                return format_html("<p>{}</p>", "The estimate appears once lessons exist.")
            estimate = module_estimate(self.instance)
            return format_html(
                "<p><strong>Content: {}.</strong> Claimed: {} contact hours.</p>",
                estimate.describe(),
                self.instance.contact_hours,
            )
