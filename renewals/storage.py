"""Where learners' uploaded CE certificates are stored: a storage with no public URL.

`STORAGES["private"]` when the settings define it (production: its own directory or
bucket), else a directory beside the media root that no URL pattern serves. Files are
read back only through the owner-checked download view.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages


def private_storage():
    try:
        return storages["private"]
    except InvalidStorageError:
        return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
