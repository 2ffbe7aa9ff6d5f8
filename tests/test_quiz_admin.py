"""Quiz tools in the Wagtail admin: paste GIFT into a draft, export GIFT, permissions."""

import re
import uuid

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from wagtail.models import PageLogEntry, Revision

import pytest

from quizzes.gift import parse_gift
from quizzes.importing import gift_to_stream_data
from quizzes.models import QuizPage
from quizzes.questions import freeze_pool
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course, multiple_select, single_choice, true_false

TWO_QUESTIONS = """\
$CATEGORY: $course$/Hygiene
::Towels::Who washes the towels? {
  =The gym #Right.
  ~The client #No.
}

//@ points=2
Wet floors are a hazard. {TRUE}
"""


@pytest.fixture
def course(catalog):
    return make_course(catalog, lessons=0)


@pytest.fixture
def quiz(course):
    return QuizPage.objects.child_of(course).get()


@pytest.fixture
def editor(django_user_model, client):
    user = django_user_model.objects.create_superuser(email="editor@example.com", password="pw")
    client.force_login(user)
    return user


@pytest.fixture
def outsider(django_user_model, client):
    """May open the admin but has no permission on any page."""
    user = django_user_model.objects.create_user(
        email="outsider@example.com", password="pw", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    return user


def urls(quiz):
    return {
        name: reverse(f"quizzes_admin:{name}", args=[quiz.pk])
        for name in ("gift_import", "gift_export", "item_analysis", "item_analysis_csv")
    }


def without_ids(questions):
    """Frozen questions compared on everything but their (regenerated) ids."""
    return [
        {
            **{key: value for key, value in question.items() if key != "id"},
            "choices": [
                {key: value for key, value in choice.items() if key != "id"}
                for choice in question["choices"]
            ],
        }
        for question in questions
    ]


def reimport(gift_text):
    stream_block = QuizPage._meta.get_field("questions").stream_block
    return freeze_pool(stream_block.to_python(gift_to_stream_data(parse_gift(gift_text))))


def draft_questions(quiz):
    quiz.refresh_from_db()
    return freeze_pool(quiz.get_latest_revision_as_object().questions)


# --- Paste GIFT ----------------------------------------------------------------------------


def test_paste_form_has_a_labelled_textarea_and_append_by_default(client, editor, quiz):
    response = client.get(urls(quiz)["gift_import"])

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<label[^>]*for="id_gift"', html)
    assert re.search(r'<textarea[^>]*id="id_gift"', html)
    assert re.search(r'<input[^>]*value="append"[^>]*checked', html)
    assert 'name="csrfmiddlewaretoken"' in html


def test_paste_appends_to_a_new_draft_and_leaves_the_live_quiz(client, editor, quiz):
    live_before = freeze_pool(quiz.questions)
    live_revision = quiz.live_revision_id
    revisions_before = Revision.page_revisions.filter(object_id=str(quiz.pk)).count()

    response = client.post(urls(quiz)["gift_import"], {"gift": TWO_QUESTIONS})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "Added 2 questions to a new draft of “Quiz”. Publish the page to make them live."
    ]
    quiz.refresh_from_db()
    assert freeze_pool(quiz.questions) == live_before  # the live page is unchanged
    assert quiz.live_revision_id == live_revision
    assert quiz.has_unpublished_changes
    assert Revision.page_revisions.filter(object_id=str(quiz.pk)).count() == revisions_before + 1
    assert quiz.latest_revision.user == editor
    assert PageLogEntry.objects.filter(page=quiz, action="wagtail.edit", user=editor).exists()

    draft = draft_questions(quiz)
    assert [q["id"] for q in draft[:2]] == [q["id"] for q in live_before]
    towels, floors = draft[2:]
    assert (towels["title"], towels["topic"], towels["type"]) == (
        "Towels",
        "Hygiene",
        "single_choice",
    )
    assert [(c["text"], c["correct"], c["feedback"]) for c in towels["choices"]] == [
        ("The gym", True, "Right."),
        ("The client", False, "No."),
    ]
    assert (floors["type"], floors["points"], floors["topic"]) == ("true_false", "2", "Hygiene")


def test_paste_can_replace_the_questions(client, editor, quiz):
    response = client.post(urls(quiz)["gift_import"], {"gift": TWO_QUESTIONS, "mode": "replace"})

    assert response.status_code == 302
    assert [q["title"] for q in draft_questions(quiz)] == ["Towels", ""]


def test_paste_builds_on_unpublished_changes(client, editor, quiz):
    draft = quiz.get_latest_revision_as_object()
    draft.questions = [*draft.questions.raw_data, multiple_select()]
    draft.save_revision()

    client.post(urls(quiz)["gift_import"], {"gift": TWO_QUESTIONS})

    assert [q["type"] for q in draft_questions(quiz)] == [
        "single_choice",
        "true_false",
        "multiple_select",
        "single_choice",
        "true_false",
    ]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Describe your warm-up. {}", "essay"),
        ("How many sets? {#4}", "numerical"),
        ("Match them. {=cat -> feline =dog -> canine}", "matching"),
        ("Name the muscle. {=biceps}", "short-answer"),
    ],
)
def test_refused_gift_shows_its_line_and_saves_nothing(client, editor, quiz, question, kind):
    pasted = f"Fine? {{=yes ~no}}\n\n// the next one is refused\n{question}\n"
    revisions = Revision.objects.count()

    response = client.post(urls(quiz)["gift_import"], {"gift": pasted, "mode": "replace"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"line 4: {kind} questions are not supported" in html
    assert "Nothing was saved" in html
    assert "// the next one is refused" in html  # the pasted text is kept in the form
    assert 'aria-describedby="gift-problems id_gift-helptext"' in html
    assert Revision.objects.count() == revisions
    assert not QuizPage.objects.get(pk=quiz.pk).has_unpublished_changes


def test_every_problem_is_listed(client, editor, quiz):
    pasted = "Essay {}\n\nNumber {#1}\n"

    html = client.post(urls(quiz)["gift_import"], {"gift": pasted}).content.decode()

    assert "line 1: essay questions" in html
    assert "line 3: numerical questions" in html
    assert "2 problems to fix" in html


def test_block_limits_are_reported_by_line(client, editor, quiz):
    pasted = f"Fine? {{=yes ~no}}\n\n::{'x' * 121}::Too long a title? {{=yes ~no}}\n"
    revisions = Revision.objects.count()

    html = client.post(urls(quiz)["gift_import"], {"gift": pasted}).content.decode()

    assert "line 3: title: Ensure this value has at most 120 characters" in html
    assert Revision.objects.count() == revisions


def test_replacing_below_the_draw_size_is_refused(client, editor, catalog):
    quiz = QuizPage.objects.child_of(make_course(catalog, questions_per_attempt=2)).get()
    revisions = Revision.objects.count()

    response = client.post(
        urls(quiz)["gift_import"], {"gift": "Only one? {=yes ~no}", "mode": "replace"}
    )

    assert response.status_code == 200
    assert "Only 1 question in the pool" in response.content.decode()
    assert Revision.objects.count() == revisions


def test_paste_into_a_page_locked_by_someone_else_is_refused(
    client, editor, quiz, django_user_model
):
    quiz.locked, quiz.locked_by = True, django_user_model.objects.create_user(email="x@y.z")
    quiz.save(update_fields=["locked", "locked_by"])
    revisions = Revision.objects.count()

    response = client.post(urls(quiz)["gift_import"], {"gift": TWO_QUESTIONS})

    assert response.status_code == 200
    assert "The quiz is locked by another user." in response.content.decode()
    assert Revision.objects.count() == revisions


def test_paste_needs_a_csrf_token(editor, quiz):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(urls(quiz)["gift_import"], {"gift": TWO_QUESTIONS})
    assert response.status_code == 403


# --- Export GIFT ---------------------------------------------------------------------------


def test_export_is_a_gift_attachment_named_after_the_course(client, editor, course, quiz):
    response = client.get(urls(quiz)["gift_export"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{course.code}-quiz.gift"'
    assert "Who should give a client a massage?" in response.content.decode()


def tricky_questions():
    """Every field the format carries, with the characters GIFT needs escaped."""
    tricky = "a ~ b = c # d { e } f : g \\ h"
    single = single_choice(prompt=f"Prompt {tricky}?", topic=f"Topic {tricky}", points="1.5")
    single["value"].update(title=f"Title {tricky}", explanation=f"Because {tricky}.")
    single["value"]["choices"][0]["value"]["feedback"] = f"Yes {tricky}"
    single["value"]["choices"][1]["value"].update(text=f"No {tricky}", feedback="")
    partial = multiple_select(scoring="partial", topic="Scope")
    all_or_nothing = multiple_select(scoring="all_or_nothing", topic="Scope", points="2")
    all_or_nothing["value"]["choices"].append(
        {
            "type": "item",
            "id": str(uuid.uuid4()),
            "value": {"text": "A third right one", "correct": True, "feedback": "#1 = best"},
        }
    )
    statement_true = true_false(answer="true", topic="")
    statement_true["value"].update(title="TF", points="3", explanation="")
    statement_false = true_false(answer="false", topic="Regulation")
    statement_false["value"].update(true_feedback="", false_feedback="Right: {not} licensed")
    no_feedback = true_false(answer="false", topic="Regulation")
    no_feedback["value"].update(true_feedback="", false_feedback="")
    multiline = single_choice(prompt="First line\n\nSecond line:\n- a list", topic="Scope")
    return [
        single,
        partial,
        all_or_nothing,
        statement_true,
        statement_false,
        no_feedback,
        multiline,
    ]


def test_export_round_trips_losslessly(client, editor, quiz):
    draft = quiz.get_latest_revision_as_object()
    draft.questions = tricky_questions()
    draft.save_revision()  # export reads the latest revision, not the live page
    expected = without_ids(draft_questions(quiz))

    exported = client.get(urls(quiz)["gift_export"]).content.decode("utf-8")

    assert "//@ points=2" in exported
    assert "//@ scoring=all-or-nothing" in exported
    assert without_ids(reimport(exported)) == expected


def test_exported_gift_pasted_back_gives_the_same_quiz(client, editor, quiz):
    draft = quiz.get_latest_revision_as_object()
    draft.questions = tricky_questions()
    draft.save_revision()
    expected = without_ids(draft_questions(quiz))
    exported = client.get(urls(quiz)["gift_export"]).content.decode("utf-8")

    response = client.post(urls(quiz)["gift_import"], {"gift": exported, "mode": "replace"})

    assert response.status_code == 302
    assert without_ids(draft_questions(quiz)) == expected


def test_export_writes_admin_line_breaks_as_single_breaks(client, editor, quiz):
    # The page editor submits textareas with CRLF line breaks.
    draft = quiz.get_latest_revision_as_object()
    draft.questions = [single_choice(prompt="First line\r\nSecond line")]
    draft.save_revision()

    exported = client.get(urls(quiz)["gift_export"]).content.decode("utf-8")

    assert reimport(exported)[0]["prompt"] == "First line\nSecond line"


# --- Permissions and menus -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["gift_import", "gift_export", "item_analysis", "item_analysis_csv"]
)
def test_users_without_edit_permission_get_403(client, outsider, quiz, name):
    url = urls(quiz)[name]
    assert client.get(url).status_code == 403
    revisions = Revision.objects.count()
    assert client.post(url, {"gift": TWO_QUESTIONS}).status_code == 403
    assert Revision.objects.count() == revisions


def test_anonymous_users_are_sent_to_log_in(client, quiz):
    response = client.get(urls(quiz)["gift_import"])
    assert response.status_code == 302
    assert "login" in response.url


def test_views_are_only_for_quiz_pages(client, editor, course):
    response = client.get(reverse("quizzes_admin:gift_export", args=[course.pk]))
    assert response.status_code == 404


def test_editor_header_menu_offers_the_quiz_tools(client, editor, course, quiz):
    html = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content.decode()
    for url in urls(quiz).values():
        if not url.endswith(".csv"):
            assert url in html
    course_html = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content
    assert b"/admin/quizzes/" not in course_html


def test_page_listing_more_menu_offers_the_quiz_tools(client, editor, course, quiz):
    html = client.get(reverse("wagtailadmin_explore", args=[course.pk])).content.decode()
    assert urls(quiz)["gift_import"] in html
    assert urls(quiz)["item_analysis"] in html


# --- Item analysis screens -----------------------------------------------------------------


def test_item_analysis_page_is_accessible_markup(client, editor, quiz, make_user, rng):
    for _ in range(3):
        attempt = start_attempt(quiz, make_user(), rng=rng)
        submit_attempt(attempt, {})

    response = client.get(urls(quiz)["item_analysis"])

    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Per-question statistics (2 questions)</caption>" in html
    assert '<th scope="col">Share correct</th>' in html
    assert '<th scope="row">' in html
    assert "Review this question" in html  # nobody answered: 0% correct
    assert urls(quiz)["item_analysis_csv"] in html
    main = html[html.index("<main") : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_item_analysis_without_attempts(client, editor, quiz):
    response = client.get(urls(quiz)["item_analysis"])
    assert response.status_code == 200
    assert "No submitted attempts yet" in response.content.decode()


def test_item_analysis_csv_download(client, editor, course, quiz):
    response = client.get(urls(quiz)["item_analysis_csv"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{course.code}-quiz-item-analysis.csv"' in response["Content-Disposition"]
    assert response.content.decode().startswith("question_id,question,type,times_served")
