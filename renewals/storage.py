"""Where learners' uploaded CE certificates are stored: a storage with no public URL.

The helper lives in `core.storage` (certificates keeps transcript PDFs there too); this
name stays because migrations refer to `renewals.storage.private_storage`.
"""

from core.storage import private_storage

__all__ = ["private_storage"]
