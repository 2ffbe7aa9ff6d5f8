"""A file storage that notes every file it saves, for tests run across processes."""

import os

from django.core.files.storage import FileSystemStorage


class CountingStorage(FileSystemStorage):
    """Appends each saved name to the file named by $CEC_TEST_SAVE_LOG (one line a save)."""

    def _save(self, name, content):
        saved = super()._save(name, content)
        log = os.environ.get("CEC_TEST_SAVE_LOG")
        if log:
            with open(log, "a") as out:  # one short append per line: atomic across processes
                out.write(f"{os.getpid()} {saved}\n")
        return saved
