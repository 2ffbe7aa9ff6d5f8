"""Honest hours (the content estimator and its publishing rule) and every learning
objective assessed in every attempt (objective tags, the draw, import refusals)."""

import random
import textwrap
from decimal import Decimal

from django.core.management import CommandError, call_command

import pytest

from authoring.module_file import parse_module_file
from courses.estimate import estimate_blocks, module_estimate, overstated_hours
from courses.models import CoursePage
from quizzes.gift import GiftError, parse_gift, write_gift
from quizzes.questions import draw_questions, freeze_pool, objective_coverage_problems
from quizzes.reports import objective_stats
from tests.conftest import LAUNCH_DIR


def words(n):
    return " ".join(["word"] * n)


@pytest.mark.parametrize(
    ("blocks", "quiz", "minutes"),
    [
        ([{"type": "markdown", "value": words(2000)}], 0, 10),
        ([{"type": "markdown", "value": words(2001)}], 0, 11),  # partial minutes round up
        ([{"type": "callout", "value": {"title": "Two words", "body": words(198)}}], 0, 1),
        (
            [
                {
                    "type": "activity",
                    "value": {"title": "Scenario", "minutes": 6, "body": words(900)},
                }
            ],
            0,
            6,  # an activity's words are covered by its declared minutes
        ),
        ([{"type": "media", "value": {"title": "Clip", "minutes": 12, "url": "https://x"}}], 0, 12),
        ([{"type": "image", "value": {}}], 10, 10),
        ([{"type": "markdown", "value": words(400)}], Decimal("7.5"), 10),
    ],
)
def test_estimate_arithmetic(blocks, quiz, minutes):
    assert estimate_blocks([blocks], quiz_minutes=quiz).minutes == minutes


@pytest.mark.parametrize(
    ("hours", "estimate_minutes", "refused"),
    [
        ("1", 60, False),
        ("1", 55, False),  # 60 <= 55 x 1.1 = 60.5
        ("1", 54, True),  # 60 > 59.4
        ("1.5", 60, True),
        ("0.25", 15, False),
    ],
)
def test_claimed_hours_may_exceed_the_estimate_by_at_most_ten_percent(
    hours, estimate_minutes, refused
):
    estimate = estimate_blocks([[{"type": "activity", "value": {"minutes": estimate_minutes}}]])
    problem = overstated_hours(Decimal(hours), estimate)
    assert bool(problem) is refused
    if refused:
        assert f"claims {hours} contact hours" in problem
        assert f"estimated {estimate_minutes} minutes" in problem


MODULE = """\
---
code: CEC-OBJ-001
title: Objectives module
summary: A module for the objective and hours tests.
contact_hours: {hours}
level: introductory
objectives:
  - Explain the first thing.
  - Apply the second thing.
authors:
  - name: Editorial Team
references:
  - title: A source
quiz:
  questions_per_attempt: {drawn}
{extra}---

# Lesson

{prose}

> [!ACTIVITY] Scenario: a client asks
> minutes: 25
>
> What do you say? Suggested approach: refer.
"""


def question(n, objective):
    tag = f"//@ objective={objective}\n" if objective else ""
    return f"{tag}::Q{n}:: Question {n}? {{=right ~wrong one ~wrong two ~wrong three}}\n"


def write(tmp_path, objectives, *, hours="0.5", drawn=4, extra="", prose="Some words."):
    path = tmp_path / "objectives.md"
    path.write_text(MODULE.format(hours=hours, drawn=drawn, extra=extra, prose=prose))
    gift = "\n".join(question(n, objective) for n, objective in enumerate(objectives, 1))
    path.with_suffix(".gift").write_text(gift)
    return path


def refusal(path, *args):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(path), *args)
    return str(excinfo.value)


@pytest.mark.parametrize(
    ("objectives", "drawn", "message"),
    [
        ([1, 1, 2, None, 2], 4, "objectives.gift:10: the question names no learning objective"),
        ([1, 1, 1, 1], 3, "objectives.md:7: quiz: objective 2 has no question"),
        ([1, 1, 1, 2], 3, "quiz: objective 2 has only 1 question; a quiz that draws needs at"),
        ([1, 1, 2, 2, 3], 4, "quiz: objective 3 does not exist: the module has 2"),
        ([1, 1, 2, 2], 1, "1 questions per attempt cannot cover the module's 2 objectives"),
    ],
)
def test_import_refuses_a_quiz_that_leaves_an_objective_unassessed(
    catalog, tmp_path, objectives, drawn, message
):
    path = write(tmp_path, objectives, drawn=drawn)
    assert message in refusal(path)
    assert not CoursePage.objects.filter(code="CEC-OBJ-001").exists()


def test_an_objective_served_by_one_question_is_enough_when_every_question_is_served(
    catalog, tmp_path
):
    call_command("import_module", str(write(tmp_path, [1, 2], drawn=2)))
    assert CoursePage.objects.get(code="CEC-OBJ-001").live


def test_import_refuses_to_publish_overstated_hours_and_names_both_numbers(catalog, tmp_path):
    path = write(tmp_path, [1, 1, 2, 2], hours="1.5")  # 25 activity + 4 quiz + 1 reading
    message = refusal(path)
    assert "objectives.md:5: not published: the module claims 1.5 contact hours (90 minutes)" in (
        message
    )
    assert "estimated 30 minutes" in message
    assert not CoursePage.objects.filter(code="CEC-OBJ-001").exists()
    # A draft may be saved; a written justification lets it publish and shows in the page.
    call_command("import_module", str(path), "--draft")
    assert not CoursePage.objects.get(code="CEC-OBJ-001").live
    justified = write(
        tmp_path,
        [1, 1, 2, 2],
        hours="1.5",
        extra="hours_justification: Includes a supervised practical assessed off-line.\n",
    )
    call_command("import_module", str(justified))
    course = CoursePage.objects.get(code="CEC-OBJ-001")
    assert course.live and course.hours_justification.startswith("Includes a supervised")


def test_import_prints_the_estimate_beside_the_claimed_hours(catalog, tmp_path, capsys):
    call_command("import_module", str(write(tmp_path, [1, 1, 2, 2], hours="0.5")))
    out = capsys.readouterr().out
    assert "hours: 0.5 claimed; estimated 30 minutes (2 words read in 0 min, 25 min of" in out
    course = CoursePage.objects.get(code="CEC-OBJ-001")
    assert module_estimate(course).minutes == 30  # the same figure from the published pages


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("//@ objective=0\n::Q:: Q? {T}", "objective must be a whole number from 1, not '0'"),
        ("//@ objective=two\n::Q:: Q? {T}", "objective must be a whole number from 1, not 'two'"),
    ],
)
def test_gift_objective_values_are_checked(text, problem):
    with pytest.raises(GiftError) as excinfo:
        parse_gift(text)
    assert (2, problem) in excinfo.value.problems  # the line of the question it tags


def test_gift_objective_tags_survive_export(launch_course):
    from quizzes.models import QuizPage

    quiz = QuizPage.objects.child_of(launch_course).get()
    exported = write_gift(freeze_pool(quiz.questions))
    assert [q.objective for q in parse_gift(exported)] == [
        q["objective"] for q in freeze_pool(quiz.questions)
    ]


def pool(objectives, topics=("a", "b", "c")):
    return [
        {"id": f"q{n}", "topic": topics[n % len(topics)], "objective": objective, "choices": []}
        for n, objective in enumerate(objectives)
    ]


def draw(questions, count, rng):
    return draw_questions(
        questions, count=count, shuffle_questions=True, shuffle_choices=False, rng=rng
    )


def test_a_thousand_draws_each_cover_every_objective_and_still_vary():
    questions = pool([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5])
    rng = random.Random(7)
    seen = set()
    for _ in range(1000):
        served = draw(questions, 6, rng)
        assert len(served) == 6 and len({q["id"] for q in served}) == 6
        assert {q["objective"] for q in served} == {1, 2, 3, 4, 5}
        seen.add(frozenset(q["id"] for q in served))
    assert len(seen) > 100


@pytest.mark.parametrize("path", sorted(LAUNCH_DIR.glob("*.md")), ids=lambda p: p.stem)
def test_ten_thousand_draws_of_each_launch_quiz_cover_every_objective(path):
    module = parse_module_file(path)
    questions = [
        {"id": str(n), "topic": q.topic, "objective": q.objective, "choices": []}
        for n, q in enumerate(module.quiz.questions)
    ]
    count = module.quiz.rules["questions_per_attempt"]
    expected = set(range(1, len(module.objectives) + 1))
    rng = random.Random(2026)
    for _ in range(10_000):
        assert {q["objective"] for q in draw(questions, count, rng)} == expected
    counts = [q.objective for q in module.quiz.questions]
    assert all(counts.count(n) >= 3 for n in expected)
    assert not objective_coverage_problems(counts, len(expected), count, pool_size=len(counts))


def test_item_analysis_counts_share_correct_per_objective():
    served = [
        ([{"id": "a", "objective": 1}, {"id": "b", "objective": 2}], {"a": {"correct": True}}),
        ([{"id": "a", "objective": 1}, {"id": "c", "objective": 2}], {"c": {"correct": True}}),
    ]
    stats = objective_stats(served, ["First", "Second", "Third"])
    assert [(s.number, s.served, s.fully_correct) for s in stats] == [
        (1, 2, 1),
        (2, 2, 1),
        (3, 0, 0),
    ]
    assert stats[0].share_correct_percent == 50.0 and stats[2].share_correct_percent is None
    assert textwrap.shorten(stats[1].text, 10) == "Second"


def _filled(value):
    return {key: "" if item is None else item for key, item in value.items()}


def _module_form(course, **changes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    fields = {
        "title": course.title,
        "slug": course.slug,
        "code": course.code,
        "contact_hours": str(course.contact_hours),
        "level": course.level,
        "summary": course.summary,
        "objectives": streamfield([("objective", b.value) for b in course.objectives]),
        "authors": streamfield([("author", _filled(b.value)) for b in course.authors]),
        "references": streamfield([("reference", _filled(b.value)) for b in course.references]),
        "about": course.about,
        "hours_note": course.hours_note,
        "hours_justification": "",
        "topics": "",
        "last_reviewed": "",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_the_admin_refuses_to_publish_hours_the_content_does_not_support(
    client, launch_course, django_user_model
):
    from django.urls import reverse

    admin = django_user_model.objects.create_superuser(email="root@example.com", password="x")
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:edit", args=[launch_course.pk])
    page = client.get(url).content.decode()
    assert "Content: estimated 60 minutes" in page and "Claimed: 1.00 contact hours" in page

    response = client.post(url, _module_form(launch_course, contact_hours="2"))
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "Not published: the module claims 2 contact hours (120 minutes)" in html
    assert "estimated 60 minutes" in html
    launch_course.refresh_from_db()
    assert launch_course.contact_hours == 1

    justified = _module_form(
        launch_course, contact_hours="2", hours_justification="A live practical is included."
    )
    assert client.post(url, justified).status_code == 302
    launch_course.refresh_from_db()
    assert launch_course.contact_hours == 2 and launch_course.live
