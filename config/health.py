"""`GET /healthz`: is the database, Redis and a Celery worker reachable?

`python -m config.health` asks the local server the same question; the container's
HEALTHCHECK runs it, so the probe needs nothing beyond Python itself.
"""

from __future__ import annotations

import os
import sys

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Short, so that a missing worker makes the page slow by half a second, not by seconds.
WORKER_PING_TIMEOUT = 0.5


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _redis() -> str:
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "unreadable"


def _worker() -> str:
    from config.celery import app

    replies = app.control.ping(timeout=WORKER_PING_TIMEOUT)
    return "ok" if replies else "no worker answered"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in (("database", _database), ("redis", _redis), ("worker", _worker)):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = f"error: {type(error).__name__}"
    healthy = checks["database"] == "ok" and checks["redis"] == "ok"
    status = "ok" if healthy and checks["worker"] == "ok" else ("degraded" if healthy else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


def probe_host(allowed_hosts: str) -> str:
    """The Host header to send: Django answers 400 to a host it does not allow."""
    for host in (part.strip() for part in allowed_hosts.split(",")):
        if host and host != "*":
            return host.lstrip(".")
    return "localhost"


def probe(url: str = "http://127.0.0.1:8000/healthz") -> int:
    """Exit status for a container health check: 0 when /healthz answers 200."""
    import urllib.error
    import urllib.request

    host = probe_host(os.environ.get("ALLOWED_HOSTS", ""))
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310 (fixed local URL)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            print(response.read().decode())
            return 0
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(probe(os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")))
