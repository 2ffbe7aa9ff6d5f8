"""Editor screens for a quiz in the Wagtail admin: paste GIFT, export GIFT, item analysis.

Every view needs edit permission on the quiz page. The views stay thin: the work is done
in quizzes.authoring and quizzes.reports.
"""

import io

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page

from core.admin_pages import admin_forbidden
from core.spreadsheets import EXCEL_BOM, wants_excel
from core.text_files import MAX_TEXT_FILE_BYTES

from .authoring import (
    add_gift_questions,
    course_code,
    export_quiz_gift,
    objective_texts,
    parse_pasted_gift,
)
from .gift import GiftError
from .models import QuizPage
from .reports import item_analysis, write_item_analysis_csv

APPEND, REPLACE = "append", "replace"


# --- Views ---------------------------------------------------------------------------------


class GiftPasteForm(forms.Form):
    gift = forms.CharField(
        label="GIFT questions",
        # Not stripped: leading blank lines count in the line numbers of any problem.
        strip=False,
        max_length=MAX_TEXT_FILE_BYTES,  # the size import_module takes from a file
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false", "class": "w-font-mono"}),
        help_text=(
            "Single choice (=right ~wrong), multiple answers (~%50%a ~%50%b ~%-100%c) and "
            "true/false ({T} or {F}). Use $CATEGORY: for the topic, //@ points=2 and "
            "//@ scoring=all-or-nothing before a question."
        ),
    )
    mode = forms.ChoiceField(
        label="The quiz's current questions",
        choices=[
            (APPEND, "Keep them and add the pasted questions after them"),
            (REPLACE, "Replace them with the pasted questions"),
        ],
        initial=APPEND,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_mode(self):
        return self.cleaned_data["mode"] or APPEND

    def show_problems(self, problems_id):
        """Point the textarea at the list of problems for screen readers."""
        help_id = f"{self['gift'].auto_id}-helptext"
        self.fields["gift"].widget.attrs.update(
            {"aria-invalid": "true", "aria-describedby": f"{problems_id} {help_id}"}
        )


class QuizAdminView(WagtailAdminTemplateMixin, View):
    """Base for the quiz screens: loads the quiz and requires edit permission on it."""

    header_icon = "help"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["page_id"])

    def dispatch(self, request, *args, **kwargs):
        if not self.quiz.permissions_for_user(request.user).can_edit():
            return admin_forbidden(
                request,
                "Sorry, you need permission to edit this quiz to use its tools. "
                "Ask an administrator for edit access to the page.",
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.quiz.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *get_breadcrumbs_items_for_page(self.quiz, self.request.user),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(quiz=self.quiz, links=quiz_admin_links(self.quiz))
        return context


def quiz_admin_links(quiz):
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=[quiz.pk]),
        "paste": reverse("quizzes_admin:gift_import", args=[quiz.pk]),
        "export": reverse("quizzes_admin:gift_export", args=[quiz.pk]),
        "analysis": reverse("quizzes_admin:item_analysis", args=[quiz.pk]),
        "analysis_csv": reverse("quizzes_admin:item_analysis_csv", args=[quiz.pk]),
    }


class GiftImportView(QuizAdminView):
    page_title = "Paste GIFT questions"
    header_icon = "upload"
    template_name = "quizzes/admin/gift_import.html"
    problems_id = "gift-problems"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=GiftPasteForm()))

    def post(self, request, *args, **kwargs):
        form = GiftPasteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        # As in the page editor, a page locked by someone else takes no new revisions.
        if self.quiz.permissions_for_user(request.user).page_locked():
            return self.render_problems(form, ["The quiz is locked by another user."])
        try:
            questions = parse_pasted_gift(form.cleaned_data["gift"])
            add_gift_questions(
                self.quiz,
                questions,
                replace=form.cleaned_data["mode"] == REPLACE,
                user=request.user,
            )
        except GiftError as error:
            problems = [f"line {line}: {message}" for line, message in error.problems]
            return self.render_problems(form, problems)
        except ValidationError as error:
            return self.render_problems(form, error.messages)
        count = len(questions)
        messages.success(
            request,
            f"Added {count} question{'s' if count != 1 else ''} to a new draft of "
            f"“{self.quiz.get_admin_display_title()}”. Publish the page to make "
            f"{'them' if count != 1 else 'it'} live.",
        )
        return redirect("wagtailadmin_pages:edit", self.quiz.pk)

    def render_problems(self, form, problems):
        form.show_problems(self.problems_id)
        return self.render_to_response(
            self.get_context_data(form=form, problems=problems, problems_id=self.problems_id)
        )


class GiftExportView(QuizAdminView):
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        filename, text = export_quiz_gift(self.quiz)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ItemAnalysisView(QuizAdminView):
    page_title = "Item analysis"
    header_icon = "table"
    template_name = "quizzes/admin/item_analysis.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        analysis = item_analysis(self.quiz, objective_texts(self.quiz))
        return self.render_to_response(self.get_context_data(analysis=analysis))


class ItemAnalysisCsvView(QuizAdminView):
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        out = io.StringIO(EXCEL_BOM if wants_excel(request) else "")
        out.seek(0, io.SEEK_END)
        write_item_analysis_csv(item_analysis(self.quiz), out)
        filename = f"{course_code(self.quiz)}-quiz-item-analysis.csv"
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
