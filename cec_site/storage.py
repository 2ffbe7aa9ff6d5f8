"""Where media goes: S3-compatible object storage in production, local files otherwise.

Everything the app stores (certificate PDFs, Wagtail images and documents, any learner
upload) goes through Django's storage API (`default_storage`), so switching the backend
moves all of it. On object storage nothing is public: objects are written with the
`private` ACL, and any URL the storage hands out is a short-lived signed one. Certificate
PDFs are streamed through the app after its own checks (`certificates.views_pdf`).
"""

import os

S3_BACKEND = "storages.backends.s3.S3Storage"

# Seconds a signed media URL stays valid.
SIGNED_URL_SECONDS = 300


def s3_media_storage(env=os.environ) -> dict | None:
    """The STORAGES["default"] entry for object storage, or None when no bucket is set."""
    bucket = env.get("DJANGO_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "region_name": env.get("DJANGO_MEDIA_S3_REGION", "").strip() or "us-east-1",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(env.get("DJANGO_MEDIA_S3_URL_SECONDS", "") or SIGNED_URL_SECONDS),
        # Never overwrite: a second writer of the same name gets a new name, which the
        # certificate code drops (it keeps the first copy).
        "file_overwrite": False,
        "signature_version": "s3v4",
        "object_parameters": {"CacheControl": "private, max-age=0"},
    }
    endpoint = env.get("DJANGO_MEDIA_S3_ENDPOINT_URL", "").strip()
    if endpoint:
        # S3-compatible servers (MinIO, Ceph, moto...) usually want path-style addresses.
        options["endpoint_url"] = endpoint
        options["addressing_style"] = "path"
    key_id = env.get("DJANGO_MEDIA_S3_ACCESS_KEY_ID", "").strip()
    secret = env.get("DJANGO_MEDIA_S3_SECRET_ACCESS_KEY", "").strip()
    if key_id and secret:
        options["access_key"] = key_id
        options["secret_key"] = secret
    # Otherwise boto3 finds credentials itself (instance role, AWS_* variables).
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
