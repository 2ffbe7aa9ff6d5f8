import io
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from authoring.module_file import parse_module_text
from core.problems import ModuleFileError
from courses.models import CoursePage, LessonPage
from home.info_pages import INFO_PAGES
from home.site_setup import load_launch_modules
from quizzes.models import QuizPage
from tests.conftest import LAUNCH_DIR

FRONT = """\
---
code: CEC-IMP-001
title: Importing modules
summary: A module written for the import tests.
contact_hours: 1.5
level: introductory
objectives:
  - Explain how modules are imported.
authors:
  - name: Ann Author
    credentials: NFPT-CPT
references:
  - title: A source article
hours_justification: A test module with no real content; its hours back no one's credit.
topics: [scope of practice, imports]
---
"""
LESSONS = """
# First lesson

Text of the **first** lesson.

> [!WARNING] Scope of practice
> Refer clients to a licensed massage therapist.

# Second lesson {#part-two}

Text of the second lesson.
"""
GIFT = """\
$CATEGORY: basics

//@ objective=1
::Q1:: Who gives massage? {=A licensed massage therapist ~The trainer ####Lesson 1.}

//@ objective=1
::Q2:: Massage is licensed in the UK. {FALSE ####Lesson 2.}
"""


def write_module(tmp_path, text=FRONT + LESSONS, gift=None, name="module.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if gift is not None:
        path.with_suffix(".gift").write_text(gift, encoding="utf-8")
    return path


def import_file(path, *args):
    call_command("import_module", str(path), *args)


def test_import_creates_a_published_module_with_lessons_and_quiz(catalog, tmp_path):
    import_file(write_module(tmp_path, gift=GIFT))
    course = CoursePage.objects.get(code="CEC-IMP-001")
    assert course.live and course.get_parent().pk == catalog.pk
    assert course.slug == "importing-modules"
    assert course.contact_hours == pytest.approx(1.5)
    assert sorted(tag.name for tag in course.topics.all()) == ["imports", "scope of practice"]
    lessons = list(LessonPage.objects.child_of(course))
    assert [(lesson.title, lesson.slug) for lesson in lessons] == [
        ("First lesson", "first-lesson"),
        ("Second lesson", "part-two"),
    ]
    blocks = [block.block_type for block in lessons[0].body]
    assert blocks == ["markdown", "callout"]
    assert lessons[0].body[1].value["kind"] == "warning"
    quiz = QuizPage.objects.child_of(course).get()
    assert quiz.live and quiz.slug == "quiz"
    assert [block.block_type for block in quiz.questions] == ["single_choice", "true_false"]
    assert quiz.questions[0].value["topic"] == "basics"


def test_reimport_adds_a_revision_and_never_duplicates(catalog, tmp_path):
    path = write_module(tmp_path, gift=GIFT)
    import_file(path)
    course = CoursePage.objects.get(code="CEC-IMP-001")
    revisions_before = Revision.page_revisions.filter(object_id=str(course.pk)).count()
    path.write_text(FRONT.replace("Importing modules", "Importing modules, revised") + LESSONS)
    import_file(path)
    assert CoursePage.objects.filter(code="CEC-IMP-001").count() == 1
    assert LessonPage.objects.child_of(course).count() == 2
    assert QuizPage.objects.child_of(course).count() == 1
    course.refresh_from_db()
    assert course.title == "Importing modules, revised"
    assert Revision.page_revisions.filter(object_id=str(course.pk)).count() == revisions_before + 1


def test_reimport_as_draft_leaves_the_live_page_alone(catalog, tmp_path):
    path = write_module(tmp_path)
    import_file(path)
    path.write_text(FRONT.replace("A module written", "A draft summary written") + LESSONS)
    import_file(path, "--draft")
    course = CoursePage.objects.get(code="CEC-IMP-001")
    assert course.summary.startswith("A module written")
    assert course.has_unpublished_changes
    assert course.get_latest_revision_as_object().summary.startswith("A draft summary")


def test_a_lesson_removed_from_the_file_is_unpublished_not_deleted(catalog, tmp_path):
    path = write_module(tmp_path)
    import_file(path)
    path.write_text(FRONT + LESSONS.split("# Second lesson")[0])
    import_file(path)
    course = CoursePage.objects.get(code="CEC-IMP-001")
    second = LessonPage.objects.child_of(course).get(slug="part-two")
    assert not second.live


def test_reordered_lessons_follow_the_file(catalog, tmp_path):
    path = write_module(tmp_path)
    import_file(path)
    first, second = LESSONS.split("# Second lesson {#part-two}")
    path.write_text(FRONT + "\n# Second lesson {#part-two}" + second + "\n" + first)
    import_file(path)
    course = CoursePage.objects.get(code="CEC-IMP-001")
    assert [p.slug for p in LessonPage.objects.child_of(course)] == ["part-two", "first-lesson"]


BAD_INPUTS = [
    (
        "missing key",
        FRONT.replace("level: introductory\n", "") + LESSONS,
        1,
        "the front matter is missing the required key 'level'",
    ),
    (
        "unknown key",
        FRONT.replace("level:", "colour: blue\nlevel:") + LESSONS,
        6,
        "unknown front matter key 'colour'",
    ),
    (
        "bad hours",
        FRONT.replace("contact_hours: 1.5", "contact_hours: one and a half") + LESSONS,
        5,
        "bad contact_hours value",
    ),
    (
        "negative hours",
        FRONT.replace("contact_hours: 1.5", "contact_hours: -2") + LESSONS,
        5,
        "bad contact_hours value",
    ),
    (
        "empty lesson",
        FRONT + "\n# First lesson\n\n\n# Second\n\nText.\n",
        18,
        "the lesson 'First lesson' is empty",
    ),
    (
        "duplicate slug",
        FRONT + "\n# Intro\n\nA.\n\n# Intro\n\nB.\n",
        22,
        "duplicate lesson slug 'intro' (also used by the lesson on line 18)",
    ),
    ("bad yaml", FRONT.replace("level: introductory", "level: [introductory"), 7, "invalid YAML"),
    ("no front matter", LESSONS, 1, "the file must start with YAML front matter"),
    (
        "text before lessons",
        FRONT + "Stray text.\n\n# L\n\nBody.\n",
        17,
        "text before the first lesson",
    ),
    (
        "bad callout",
        FRONT + "\n# L\n\n> [!DANGER] Careful\n> text\n",
        20,
        "unknown callout type '[!DANGER]'",
    ),
    (
        "bad level",
        FRONT.replace("level: introductory", "level: expert") + LESSONS,
        6,
        "bad level 'expert'",
    ),
]


@pytest.mark.parametrize("label, text, line, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_module_files_are_refused_with_file_line_and_problem(
    catalog, tmp_path, label, text, line, message
):
    path = write_module(tmp_path, text)
    pages_before = Page.objects.count()
    with pytest.raises(CommandError) as excinfo:
        import_file(path)
    assert f"{path}:{line}: {message}" in str(excinfo.value)
    assert "nothing was imported" in str(excinfo.value)
    assert Page.objects.count() == pages_before


@pytest.mark.parametrize(
    "gift, line, kind",
    [
        ("::E:: Describe your approach. {}\n", 3, "essay"),
        ("::N:: How many hours? {#1.5}\n", 3, "numerical"),
        ("::M:: Match. {=PT -> diagnoses =SMT -> treats}\n", 3, "matching"),
        ("::S:: Name the board. {=NCBTMB}\n", 3, "short-answer"),
    ],
)
def test_an_unsupported_quiz_question_rejects_the_whole_import(catalog, tmp_path, gift, line, kind):
    path = write_module(tmp_path, gift="::OK:: Fine? {TRUE}\n\n" + gift)
    pages_before = Page.objects.count()
    with pytest.raises(CommandError) as excinfo:
        import_file(path)
    assert f"{path.with_suffix('.gift')}:{line}: {kind} questions are not supported" in str(
        excinfo.value
    )
    assert Page.objects.count() == pages_before
    assert not CoursePage.objects.filter(code="CEC-IMP-001").exists()


def test_quiz_rules_in_front_matter_are_checked(catalog, tmp_path):
    text = (
        FRONT.rstrip("-\n")
        + "\nquiz:\n  pass_mark: 180\n  questions_per_attempt: 5\n  colour: red\n---\n"
        + LESSONS
    )
    path = write_module(tmp_path, text, gift=GIFT)
    with pytest.raises(ModuleFileError) as excinfo:
        parse_module_text(text, path)
    report = str(excinfo.value)
    assert ":17: quiz pass_mark 180 is a percentage, from 1 to 100" in report
    assert ":19: unknown quiz key 'colour'" in report
    assert ":18: quiz questions_per_attempt is 5 but the quiz has only 2 questions" in report


def test_inline_gift_in_the_module_file_reports_lines_of_the_module_file(catalog, tmp_path):
    quiz = textwrap.indent("::Q1:: Fine? {TRUE}\n\n::Q2:: Essay {}\n", "    ")
    text = FRONT.rstrip("-\n") + "\nquiz:\n  gift: |\n" + quiz + "---\n" + LESSONS
    with pytest.raises(ModuleFileError) as excinfo:
        parse_module_text(text, tmp_path / "inline.md")
    assert "inline.md:20: essay questions are not supported" in str(excinfo.value)


def test_command_exits_non_zero_with_the_message(catalog, tmp_path):
    path = write_module(
        tmp_path, FRONT.replace("contact_hours: 1.5", "contact_hours: lots") + LESSONS
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "import_module", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "cec_site.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode != 0
    assert f"{path}:5: bad contact_hours value 'lots'" in result.stderr


def test_launch_modules_load_once_however_often_setup_runs(catalog):
    first = load_launch_modules()
    assert sorted(result.course.code for result in first) == [
        "CEC-MRC-102",
        "CEC-PTSM-103",
        "CEC-SOP-101",
    ]
    pages = Page.objects.count()
    assert load_launch_modules() == []
    call_command("setup_site", stdout=io.StringIO())
    # setup_site adds the information pages once, and nothing on a second run.
    assert Page.objects.count() == pages + len(INFO_PAGES)
    call_command("setup_site", stdout=io.StringIO())
    assert Page.objects.count() == pages + len(INFO_PAGES)
    for course in CoursePage.objects.all():
        lessons = LessonPage.objects.child_of(course).live().count()
        assert 2 <= lessons <= 4, course.code
        quiz = QuizPage.objects.child_of(course).get()
        assert quiz.question_count >= 12
        assert quiz.questions_per_attempt == 10 and quiz.pass_mark == 80


def test_every_launch_file_parses(catalog):
    for path in sorted(Path(LAUNCH_DIR).glob("*.md")):
        module = parse_module_text(path.read_text(), path)
        assert module.objectives and module.references
        assert all(ref.get("source") for ref in module.references)
