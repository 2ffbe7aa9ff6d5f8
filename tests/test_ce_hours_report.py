import csv
import io
from decimal import Decimal

import pytest

from learning import admin_reports
from learning.admin_reports import percentile
from tests.certs import pass_course
from tests.factories import make_course


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(email="admin@example.com", is_staff=True, is_superuser=True))
    return client


def test_percentiles():
    assert percentile([], 0.5) is None
    assert percentile([10, 20, 30, 40, 50], 0.1) == pytest.approx(14)
    assert percentile([10, 20, 30, 40, 50], 0.9) == pytest.approx(46)


def test_report_figures_and_flag(catalog, learner, admin_client, monkeypatch):
    course = make_course(catalog)
    pass_course(learner, course)
    monkeypatch.setattr(admin_reports, "completer_active_minutes", lambda c: [20, 30, 40])
    html = admin_client.get("/admin/learning/ce-hours/").content.decode()
    assert course.code in html and "Under half the claimed hours" in html  # 30 < 45
    rows = list(
        csv.reader(
            io.StringIO(admin_client.get("/admin/learning/ce-hours/?format=csv").content.decode())
        )
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (
        row["claimed_hours"] == "1.5"
        and row["completers"] == "1"
        and row["completers_timed"] == "3"
    )
    assert row["median_active_minutes"] == "30" and row["flag_under_half_claimed"] == "yes"
    assert Decimal(row["estimate_minutes"]) > 0


def test_no_seat_time_data_shows_no_data(catalog, admin_client):
    make_course(catalog)
    html = admin_client.get("/admin/learning/ce-hours/").content.decode()
    assert "no data" in html and "Under half" not in html


def test_report_is_for_provider_admins_only(catalog, make_user, client):
    client.force_login(make_user(is_staff=True))
    assert client.get("/admin/learning/ce-hours/").status_code in (302, 403)
