"""Idempotent set-up of the site: page tree, launch modules and the demo editor."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Page, Site

from allauth.account.models import EmailAddress

from authoring.importing import import_module
from authoring.module_file import parse_module_file
from certifying_bodies.models import CertifyingBody
from courses.models import CourseIndexPage, CoursePage

from .models import HomePage

DEMO_EDITOR_EMAIL = "editor@example.com"
DEMO_EDITOR_PASSWORD = "cec-demo-editor"  # noqa: S105 (documented local demo account)
HOME_INTRO = (
    "<p>Short, referenced continuing-education modules for personal trainers and "
    "soft-tissue therapists. Read the lessons, pass the quiz and download a certificate "
    "that anyone can verify.</p>"
)


@transaction.atomic
def ensure_page_tree():
    """Make a HomePage the site root and give it a course catalog at /courses/."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a placeholder "Welcome" page at the root.
        Page.objects.filter(
            depth=2, content_type__app_label="wagtailcore", content_type__model="page"
        ).delete()
        home = root.add_child(
            instance=HomePage(title="CEC Platform", slug="home", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "CEC Platform",
        },
    )
    catalog = CourseIndexPage.objects.first()
    if catalog is None:
        catalog = home.add_child(
            instance=CourseIndexPage(
                title="Course catalog",
                slug="courses",
                intro="Every module is online and self-paced, with a graded quiz and certificate.",
            )
        )
        catalog.save_revision().publish()
    return home, catalog


def load_launch_modules(directory=None):
    """Import each module file whose course code is not in the catalog yet."""
    directory = directory or settings.CONTENT_DIR / "modules"
    loaded = []
    for path in sorted(directory.glob("*.md")):
        parsed = parse_module_file(path)
        if CoursePage.objects.filter(code=parsed.code).exists():
            continue
        loaded.append(import_module(parsed, publish=True))
    return loaded


def ensure_demo_editor():
    user, created = get_user_model().objects.get_or_create(
        email=DEMO_EDITOR_EMAIL,
        defaults={"first_name": "Demo", "last_name": "Editor", "is_staff": True},
    )
    if created:
        user.set_password(DEMO_EDITOR_PASSWORD)
        user.save()
    # Wagtail's default groups: Editors edit pages, Moderators may also publish.
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    # Its address counts as verified, so the public log-in works for it too.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user, created


PROVIDER_ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("certificates", "view_certificate"),
    ("certificates", "revoke_certificate"),
    ("certificates", "change_providersettings"),  # the provider details on certificates
    ("certifying_bodies", "add_certifyingbody"),
    ("certifying_bodies", "change_certifyingbody"),
    ("certifying_bodies", "view_certifyingbody"),
    ("certifying_bodies", "add_courseapproval"),
    ("certifying_bodies", "change_courseapproval"),
    ("certifying_bodies", "view_courseapproval"),
    ("certifying_bodies", "view_learnercredential"),
    ("records", "view_completionrecord"),
    ("api", "add_apitoken"),
    ("api", "change_apitoken"),
    ("api", "view_apitoken"),
    ("lrs", "view_statementdelivery"),
    ("lrs", "change_statementdelivery"),
    ("learning", "view_evaluation_report"),
    ("learning", "view_ce_hours_report"),
    ("learning", "add_moduleevaluationpolicy"),
    ("learning", "change_moduleevaluationpolicy"),
    ("learning", "view_moduleevaluationpolicy"),
    ("quizzes", "add_accommodation"),
    ("quizzes", "change_accommodation"),
    ("quizzes", "delete_accommodation"),
    ("quizzes", "view_accommodation"),
    ("certificates", "add_modulecertificatepolicy"),
    ("certificates", "change_modulecertificatepolicy"),
    ("certificates", "view_modulecertificatepolicy"),
    ("renewals", "view_remindersent"),
]


def ensure_provider_admin_group():
    """The "Provider admins" group: bodies, approvals, certificates, tokens, deliveries."""
    group, _ = Group.objects.get_or_create(name="Provider admins")
    wanted = Permission.objects.none()
    for app_label, codename in PROVIDER_ADMIN_PERMISSIONS:
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*wanted)
    return group


# The launch bodies and what is known of their renewal rules. NCBTMB asks for a set number
# of CE hours per renewal period with no carry-over, but the number and the period are not
# recorded here, so its cycle view says "rules unknown" until a provider admin fills them.
LAUNCH_BODIES = {
    "ACE": {
        "body": {
            "name": "American Council on Exercise",
            "credit_unit": "CEC",
            "credits_per_hour": Decimal("0.1"),
        },
        "rules": {"cycle_months": 24, "credits_required": Decimal("2.0")},
    },
    "NFPT": {
        "body": {
            "name": "National Federation of Professional Trainers",
            "credit_unit": "CEC",
            "credits_per_hour": Decimal("0.2"),
        },
        "rules": {
            "cycle_months": 12,
            "credits_required": Decimal("2.0"),
            "first_cycle_exempt": True,
            "carry_forward": True,
        },
    },
    "NASM": {
        "body": {
            "name": "National Academy of Sports Medicine",
            "credit_unit": "CEU",
            "credits_per_hour": Decimal("0.1"),
        },
        "rules": {"cycle_months": 24, "credits_required": Decimal("2.0")},
    },
    "NCBTMB": {
        "body": {
            "name": "National Certification Board for Therapeutic Massage & Bodywork",
            "credit_unit": "CE",
            "credits_per_hour": Decimal("1"),
        },
        "rules": {"carry_forward": False},
    },
}


@transaction.atomic
def ensure_launch_bodies():
    """Create the launch bodies when missing and fill renewal rules only where empty."""
    bodies = []
    for code, known in LAUNCH_BODIES.items():
        body, _ = CertifyingBody.objects.get_or_create(code=code, defaults=known["body"])
        if body.cycle_months is None and body.credits_required is None:
            for name, value in known["rules"].items():
                setattr(body, name, value)
            body.save()
        bodies.append(body)
    return bodies
