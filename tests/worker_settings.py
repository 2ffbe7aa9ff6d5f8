"""Settings for real `db_worker` processes started by tests/test_worker.py.

The test settings, pointed at the test's own database ($CEC_WORKER_DATABASE_NAME, which
the test commits to), with the database task backend, the test's media directory and
signing key, and a storage that records every save.
"""

import os

from cec_site.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["CEC_WORKER_DATABASE_NAME"]  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": os.environ["CEC_WORKER_DATABASE_NAME"]}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MEDIA_ROOT = os.environ["CEC_WORKER_MEDIA_ROOT"]
CEC_SIGNING_KEY_FILE = os.environ["CEC_WORKER_SIGNING_KEY_FILE"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "tests.worker_storage.CountingStorage"},
}
# As in production: the worker renders in its main thread, anything else is refused.
PDF_RENDER_MAIN_THREAD_ONLY = True
