"""`/healthz` reports the database, Redis and whether a Celery worker answers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from config import health


@pytest.fixture(autouse=True)
def redis_cache(settings: Any) -> None:
    """The health check reads Redis through the Django cache, which the test settings keep
    in the process: point it back at the real Redis here."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "kindred-tests",
        }
    }


def _healthz(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


@pytest.mark.django_db
def test_without_a_worker_the_service_is_degraded_but_up(client: Client) -> None:
    # The first request of a process loads the URLs and views and connects to the
    # database, Redis and the broker: seconds on a busy machine, and nothing to do with
    # how long the worker check waits. Only a later request is timed.
    _healthz(client)
    started = time.monotonic()
    status_code, body = _healthz(client)
    seconds = time.monotonic() - started
    assert status_code == 200
    assert body == {
        "status": "degraded",
        "checks": {"database": "ok", "redis": "ok", "worker": "no worker answered"},
    }
    # With no worker, the page waits out the ping's timeout, so it is at least that long
    # (the check was really made, with that timeout). Kombu reads the broker in steps of
    # one timeout, so the wait is one or two of them (0.51 s or 1.01 s here, even at load
    # 8); the bound leaves room for a busy machine while still failing on a longer
    # timeout or a broker connection retried for seconds.
    assert health.WORKER_PING_TIMEOUT <= seconds < 4 * health.WORKER_PING_TIMEOUT, seconds


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_with_a_worker_running_the_service_is_ok(client: Client, celery_worker: Any) -> None:
    status_code, body = _healthz(client)
    assert status_code == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "worker": "ok"}}


@pytest.mark.django_db
def test_an_unreachable_database_makes_the_service_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise ConnectionError("database is gone")

    monkeypatch.setattr(health, "_database", broken)
    status_code, body = _healthz(client)
    assert status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == "error: ConnectionError"


@pytest.mark.django_db
def test_health_check_is_not_redirected_to_https(settings: Any, client: Client) -> None:
    # Probes come from inside the network over plain HTTP.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_health_check_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
