"""Issue 11, item 10: a corpus of malformed module files (tests/data/bad_modules/), each
refused with `FILE:LINE: problem`, a non-zero exit and nothing written; never a traceback."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from core.text_files import MAX_TEXT_FILE_BYTES
from courses.models import CoursePage
from tests.test_import import FRONT, LESSONS

BAD = Path(__file__).parent / "data" / "bad_modules"

# module file -> (file the problem is in, line, what the message says)
EXPECTED = {
    "callout-title-long.md": (
        None,
        15,
        "in the lesson 'Lesson': block 1 (callout) title: Ensure this value has at most 120",
    ),
    "course-slug-300.md": (None, 7, "the slug is 300 characters long; the limit is 255"),
    "course-title-300.md": (None, 3, "'title' is 300 characters long; the limit is 255"),
    "date-month-13.md": (None, 7, "bad last_reviewed date '2026-13-45': use YYYY-MM-DD"),
    "date-year-zero.md": (None, 7, "bad last_reviewed date '0000-01-01': use YYYY-MM-DD"),
    "empty.md": (None, 1, "the file must start with YAML front matter"),
    "front-matter-list.md": (None, 2, "the front matter must be a mapping"),
    "gift-deep-markdown.md": (".gift", 1, "prompt: Line 1: the Markdown is nested 300 levels deep"),
    "gift-infinite-points.md": (".gift", 4, "points: Enter a number."),
    "gift-nul.md": (".gift", 3, "a NUL character"),
    "gift-unclosed-brace.md": (".gift", 1, "the answer block opened with '{' is never closed"),
    "hours-infinite.md": (None, 5, "bad contact_hours value inf"),
    "key-not-text.md": (None, 6, "a key must be plain text"),
    "lesson-slug-300.md": (None, 15, "the lesson slug is 300 characters long; the limit is 255"),
    "lesson-title-300.md": (None, 15, "the lesson title is 300 characters long; the limit is 255"),
    "lesson-title-slug-300.md": (None, 15, "the lesson slug is 299 characters long"),
    "line-separator-in-front-matter.md": (None, 4, "a LINE SEPARATOR (U+2028) in the front matter"),
    "line-separator-shifts-lines.md": (None, 19, "unknown callout type '[!DANGER]'"),
    "not-utf8.md": (None, 19, "the file is not valid UTF-8"),
    "nul-in-front-matter.md": (None, 4, "a NUL character"),
    "nul-in-lesson.md": (None, 18, "a NUL character"),
    "only-fence.md": (None, 1, "the front matter opened on line 1 is never closed"),
    "quiz-file-missing.md": (None, 14, f"quiz file {BAD / 'nowhere.gift'} not found"),
    "quiz-not-mapping.md": (None, 13, "'quiz' must be a mapping of quiz rules"),
    "yaml-alias-bomb.md": (None, 2, "YAML aliases (*name) are not allowed"),
    "yaml-binary.md": (None, 4, "the YAML tag '!!binary' is not allowed"),
    "yaml-custom-tag.md": (None, 6, "the YAML tag '!shout' is not allowed"),
    "yaml-deep-block.md": (None, 15, "the front matter is nested more than 8 levels deep"),
    "yaml-deep.md": (None, 8, "invalid YAML in the front matter: nested more than 8 levels deep"),
    "yaml-python-object.md": (None, 3, "the YAML tag '!!python/object/apply:os.system'"),
}


def expected_line(name):
    suffix, line, words = EXPECTED[name]
    path = BAD / name
    return f"{path.with_suffix(suffix) if suffix else path}:{line}: {words}"


def row_counts():
    return Page.objects.count(), Revision.objects.count()


def test_the_corpus_is_all_listed():
    assert sorted(p.name for p in BAD.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_module_is_refused_with_file_line_and_nothing_written(catalog, name):
    before = row_counts()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(BAD / name))
    assert expected_line(name) in str(excinfo.value)
    assert row_counts() == before


def run_command(*files):
    return subprocess.run(
        [sys.executable, "manage.py", "import_module", *map(str, files)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "cec_site.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_the_whole_corpus_exits_non_zero_without_a_traceback():
    # Every file fails while parsing, before the database is opened.
    result = run_command(*(BAD / name for name in sorted(EXPECTED)))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for name in EXPECTED:
        assert expected_line(name) in result.stderr


def test_a_file_over_the_size_limit_is_refused_unread(catalog, tmp_path):
    path = tmp_path / "huge.md"
    path.write_text(FRONT + LESSONS + "x" * MAX_TEXT_FILE_BYTES, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(path))
    assert f"{path}:1: the file is 1.0 MiB; the limit is 1 MiB" in str(excinfo.value)


def test_two_files_with_one_new_course_code_are_refused_naming_both(catalog, tmp_path):
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(FRONT + LESSONS, encoding="utf-8")
    second.write_text(FRONT.replace("Importing modules", "Another title") + LESSONS)
    before = row_counts()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(first), str(second))
    assert (
        f"{second}:2: the course code 'CEC-IMP-001' is also used by {first}:2; "
        "import one file per course"
    ) in str(excinfo.value)
    assert row_counts() == before
    assert not CoursePage.objects.filter(code="CEC-IMP-001").exists()


def test_a_line_separator_inside_a_line_leaves_later_line_numbers_alone(tmp_path):
    source = BAD / "line-separator-shifts-lines.md"
    text = source.read_text(encoding="utf-8")
    assert "\u2028" in text.split("\n")[16]  # line 17 as an editor counts it
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(copy))
    assert f"{copy}:19: unknown callout type" in str(excinfo.value)
