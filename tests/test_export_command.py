"""manage.py export_completions: formats to files and stdout, bad arguments, the audit log."""

import csv
import io
import json
from datetime import date

from django.core.management import ManagementUtility, call_command

from wagtail.models import ModelLogEntry

import openpyxl
import pytest

from records import exports
from records.models import CompletionRecord
from tests.certs import pass_course
from tests.test_exports import licensed, state_board_course


@pytest.fixture
def board(catalog, learner, make_user):
    course, body = state_board_course(catalog)
    licensed(learner, body)
    pass_course(learner, course)
    pass_course(make_user(first_name="Una", last_name="Unlicensed"), course)
    CompletionRecord.objects.update(completed_on=date(2026, 3, 7))
    return course, body


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the command as from a shell; return (exit status, stdout, stderr)."""
    # The command closes database connections when it ends: keep the test's open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)

    def run(*args):
        status = 0
        try:
            ManagementUtility(["manage.py", "export_completions", *args]).execute()
        except SystemExit as exit:
            status = exit.code
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_csv_to_stdout_with_the_count_on_stderr(board, run):
    status, out, err = run("--body", "FL-MT", "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(exports.CSV_HEADER) and len(rows) == 3
    assert "Exported 2 records of FL-MT (csv) to standard output." in err
    assert "Left out" not in err  # nothing was


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("csv", lambda path: path.read_text(encoding="utf-8").startswith("learner_name,")),
        ("jsonl", lambda path: len(path.read_text().splitlines()) == 2),
        ("cebroker", lambda path: path.read_text().startswith("12345,654321,,,MA12345,3/7/2026")),
        ("xapi", lambda path: len(json.loads(path.read_text())) == 4),
        ("badges", lambda path: len(json.loads(path.read_text())["credentials"]) == 2),
        (
            "cebroker-xlsx",
            lambda path: openpyxl.load_workbook(path).active["E1"].value == "MA12345",
        ),
        ("xlsx", lambda path: openpyxl.load_workbook(path).active.max_row == 3),
    ],
)
def test_every_format_to_a_file(board, run, tmp_path, fmt, check):
    path = tmp_path / ("out" + exports.FORMATS[fmt].suffix)
    status, out, err = run("--body", "FL-MT", "--format", fmt, "--output", str(path))
    assert status == 0 and out == ""
    assert check(path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_cebroker_reports_what_it_left_out(board, run, tmp_path):
    path = tmp_path / "roster.csv"
    status, _, err = run("--body", "FL-MT", "--format", "cebroker", "--output", str(path))
    assert status == 0
    assert "Exported 1 record of FL-MT (cebroker)" in err
    assert "Left out 1 record without a licence number or licence state" in err


def test_filters_and_status(board, run):
    course, _ = board
    _, out, _ = run("--body", "fl-mt", "--format", "jsonl", "--since", "2026-03-08")
    assert out == ""
    _, out, _ = run("--body", "FL-MT", "--format", "jsonl", "--until", "2026-03-07")
    assert len(out.splitlines()) == 2
    _, out, _ = run("--body", "FL-MT", "--format", "jsonl", "--module", course.code)
    assert len(out.splitlines()) == 2
    _, out, _ = run("--body", "FL-MT", "--format", "jsonl", "--status", "revoked")
    assert out == ""
    _, out, _ = run("--body", "FL-MT", "--format", "jsonl", "--status", "all")
    assert len(out.splitlines()) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--body", "NOPE", "--format", "csv"],
            "Unknown certifying body 'NOPE'. Known codes: FL-MT.",
        ),
        (
            ["--body", "FL-MT", "--format", "csv", "--since", "2026-02-30"],
            "--since '2026-02-30' is not a date: expected YYYY-MM-DD",
        ),
        (
            ["--body", "FL-MT", "--format", "csv", "--until", "31/03/2026"],
            "--until '31/03/2026' is not a date: expected YYYY-MM-DD",
        ),
        (
            [
                "--body",
                "FL-MT",
                "--format",
                "csv",
                "--since",
                "2026-03-02",
                "--until",
                "2026-03-01",
            ],
            "--until 2026-03-01 is before --since 2026-03-02.",
        ),
        (
            ["--body", "FL-MT", "--format", "csv", "--module", "NO-SUCH"],
            "Unknown module code 'NO-SUCH'. Modules approved by FL-MT: ",
        ),
        (["--body", "FL-MT", "--format", "pdf"], "--format 'pdf' is not a format"),
        (["--body", "FL-MT", "--format", "csv", "--status", "lost"], "--status 'lost'"),
    ],
)
def test_bad_arguments_exit_2_with_a_message_and_write_nothing(board, run, tmp_path, args, message):
    path = tmp_path / "out.csv"
    status, out, err = run(*args, "--output", str(path))
    assert status == 2
    assert message in err and out == ""
    assert list(tmp_path.iterdir()) == []
    assert not ModelLogEntry.objects.filter(action="cec.export").exists()


def test_a_spreadsheet_needs_an_output_file(board, run):
    for fmt in ("cebroker-xlsx", "xlsx"):
        status, out, err = run("--body", "FL-MT", "--format", fmt)
        assert status == 2 and out == ""
        assert f"--format {fmt} writes a spreadsheet" in err and "--output FILE" in err


def test_missing_output_directory_exits_2(board, run, tmp_path):
    status, _, err = run("--body", "FL-MT", "--format", "csv", "--output", str(tmp_path / "x/y"))
    assert status == 2 and "does not exist" in err


def test_missing_required_options_exit_2(board, run):
    status, _, err = run("--format", "csv")
    assert status == 2 and "--body" in err


def test_a_failure_halfway_leaves_no_file(board, run, tmp_path, monkeypatch):
    def failing_rows(flt, stats):
        rows = real(flt, stats)
        yield next(rows)
        raise RuntimeError("database went away")

    real = exports.csv_record_rows
    monkeypatch.setattr(exports, "csv_record_rows", failing_rows)
    path = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        call_command("export_completions", body="FL-MT", fmt="csv", output=str(path))
    assert list(tmp_path.iterdir()) == []


def test_every_export_is_logged(board, run, tmp_path):
    _, body = board
    run(
        "--body",
        "FL-MT",
        "--format",
        "cebroker",
        "--since",
        "2026-01-01",
        "--output",
        str(tmp_path / "r.csv"),
    )
    entry = ModelLogEntry.objects.get(action="cec.export")
    assert entry.object_id == str(body.pk) and entry.user is None
    assert entry.data == {
        "filters": {
            "body": "FL-MT",
            "since": "2026-01-01",
            "until": None,
            "module": None,
            "statuses": ["valid"],
        },
        "format": "cebroker",
        "rows": 1,
        "skipped": 1,
        "source": "command",
        "complete": True,
    }
    assert entry.message == "Completions exported"
