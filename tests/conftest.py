import random
from pathlib import Path

from django.conf import settings

import pytest
from allauth.account.models import EmailAddress

from authoring.importing import import_module
from authoring.module_file import parse_module_file
from home.site_setup import ensure_page_tree

LAUNCH_DIR = Path(settings.CONTENT_DIR) / "modules"
LAUNCH_MODULE = LAUNCH_DIR / "scope-of-practice-trainers-bodywork.md"


@pytest.fixture
def site_tree(db):
    """The home page and the /courses/ catalog, as `make run` creates them."""
    home, catalog = ensure_page_tree()
    return home, catalog


@pytest.fixture
def catalog(site_tree):
    return site_tree[1]


@pytest.fixture
def launch_course(catalog):
    """The first launch module, imported from its Markdown and GIFT files."""
    return import_module(parse_module_file(LAUNCH_MODULE), publish=True).course


@pytest.fixture
def make_user(django_user_model):
    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        fields.setdefault("email", f"learner{n}@example.com")
        fields.setdefault("first_name", "Lee")
        fields.setdefault("last_name", f"Learner{n}")
        password = fields.pop("password", "correct-horse-battery")
        user = django_user_model.objects.create_user(password=password, **fields)
        # Learners confirm their address at sign-up; log-in asks for it.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def learner(make_user):
    return make_user(email="lee@example.com", first_name="Lee", last_name="Learner")


@pytest.fixture
def rng():
    return random.Random(1234)


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached outlines must not outlive the test database they were built from."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
