"""`GET /healthz`: is the database, Redis and a Celery worker reachable?"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _redis() -> str:
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "unreadable"


def _worker() -> str:
    from config.celery import app

    replies = app.control.ping(timeout=0.5)
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
