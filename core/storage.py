"""A storage with no public URL, for what only its owner may read.

`STORAGES["private"]` when the settings define it (production: its own directory or
bucket prefix), else a directory beside the media root that no URL pattern serves. Files
are read back only through views that check who is asking (learners' uploaded CE
certificates, their transcript PDFs).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages


def private_storage():
    try:
        return storages["private"]
    except InvalidStorageError:
        return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
