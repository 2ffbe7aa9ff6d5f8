"""gunicorn settings for app nodes: `gunicorn -c gunicorn.conf.py`.

Environment: PORT (8000), HOST (127.0.0.1; 0.0.0.0 behind a load balancer),
GUNICORN_WORKERS (2 x cores + 1, at most 8), GUNICORN_THREADS (1: sync workers; more than
1 switches to gthread), GUNICORN_TIMEOUT (30 s), GUNICORN_ACCESS_LOG (unset: no access log).

Sync workers by default: one request per process. Learners' and visitors' PDFs
(certificates: the default size at issue, another size on its first download; transcripts,
CE summaries) are rendered by the task worker (`manage.py db_worker`, which runs tasks in
its main thread); the views stream stored files or answer "being prepared"
(`certificates.queueing`). WeasyPrint is not safe beside other threads (in gthread request
threads it corrupted memory), so production sets `PDF_RENDER_MAIN_THREAD_ONLY`: a render
reached outside a process's main thread raises instead of running. The one request that
still renders is the admin's bulk ZIP for a PDF missing from storage (`records.bulk`): it
works on sync workers and is refused on gthread, so keep GUNICORN_THREADS at 1 while that
download is in use.
"""

import os

_cores = os.cpu_count() or 1

wsgi_app = "cec_site.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * _cores + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "sync" if threads == 1 else "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow leaks cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Big enough for a synchronized start of hundreds of learners.
backlog = 2048
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "cec-app"
