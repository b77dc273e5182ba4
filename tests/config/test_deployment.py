"""The container files describe a deployment this code base can really run."""

from __future__ import annotations

import ast
import importlib
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import get_commands

from config.health import probe_host

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
APP_SERVICES = ("migrate", "web", "worker", "beat")


def _command(service: str) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def _settings_variables() -> set[str]:
    """Every environment variable config/settings.py reads through django-environ."""
    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def test_compose_file_defines_the_whole_stack() -> None:
    assert set(COMPOSE["services"]) == {"migrate", "web", "worker", "beat", "postgres", "redis"}
    # PostgreSQL 16 with pgvector, for the learning index's vector search.
    assert COMPOSE["services"]["postgres"]["image"].startswith("pgvector/pgvector:pg16")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:7")
    assert {"postgres", "redis", "media"} <= set(COMPOSE["volumes"])


def test_web_waits_for_migrations_to_finish() -> None:
    depends = COMPOSE["services"]["web"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert COMPOSE["services"]["migrate"]["restart"] == "no"


@pytest.mark.parametrize("service", ["web", "worker", "postgres", "redis"])
def test_long_running_services_have_a_health_check(service: str) -> None:
    healthcheck = COMPOSE["services"][service]["healthcheck"]
    assert healthcheck["test"] and not healthcheck.get("disable")


def test_media_volume_is_mounted_at_media_root_where_files_are_written() -> None:
    for service in ("web", "worker"):
        media_root = COMPOSE["services"][service]["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in COMPOSE["services"][service]["volumes"]


def test_web_command_names_the_real_wsgi_application() -> None:
    command = _command("web")
    assert command[0] == "gunicorn"
    module_name, attribute = command[1].split(":")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute))


def test_dockerfile_default_command_is_the_web_command() -> None:
    match = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)
    assert match is not None
    assert ast.literal_eval(match.group(1)) == _command("web")


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_commands_name_the_real_celery_app(service: str, subcommand: str) -> None:
    from celery.bin.celery import celery as celery_cli

    command = _command(service)
    assert command[:3] == ["celery", "-A", "config"]
    assert command[3] == subcommand and subcommand in celery_cli.commands
    module = importlib.import_module(command[2])
    assert module.celery.app.main == "kindred"


def test_worker_health_check_uses_a_real_celery_command() -> None:
    from celery.bin.celery import celery as celery_cli

    test = COMPOSE["services"]["worker"]["healthcheck"]["test"]
    words = shlex.split(test[1])
    assert words[:4] == ["celery", "-A", "config", "inspect"] and "inspect" in celery_cli.commands


def test_beat_schedule_names_tasks_that_exist() -> None:
    from config.celery import app

    # What a worker does on start: import every app's tasks module.
    app.loader.import_default_modules()
    app.finalize()
    schedule = app.conf.beat_schedule
    assert schedule, "beat would have nothing to run"
    for entry in schedule.values():
        assert entry["task"] in app.tasks, f"{entry['task']} is scheduled but not a task"


def test_migrate_command_is_a_real_management_command() -> None:
    command = _command("migrate")
    assert command[:2] == ["python", "manage.py"]
    assert command[2] in get_commands()


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_environment_variable_given_is_read_by_settings(service: str) -> None:
    environment: dict[str, Any] = COMPOSE["services"][service]["environment"]
    unread = set(environment) - _settings_variables()
    assert not unread, f"{service} sets variables settings.py never reads: {sorted(unread)}"


def test_production_essentials_are_required_not_defaulted() -> None:
    environment = COMPOSE["services"]["web"]["environment"]
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"):
        assert f"${{{name}:?" in environment[name], f"{name} must be required"
    assert environment["DEBUG"] == "false"


def test_settings_variable_parser_finds_known_names() -> None:
    # Guards the comparison above against a parser that silently finds nothing.
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_HOST", "MEDIA_ROOT"} <= (
        _settings_variables()
    )


def test_dockerfile_runs_as_a_non_root_user_with_a_health_check() -> None:
    users = re.findall(r"^USER\s+(\S+)", DOCKERFILE, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*config\.health", DOCKERFILE, re.MULTILINE)


def test_dockerfile_puts_govuk_frontend_where_settings_look_for_it() -> None:
    from django.conf import settings

    relative = settings.GOVUK_FRONTEND_DIR.relative_to(settings.BASE_DIR)
    copied = re.search(r"COPY --from=frontend \S+ /app/(\S+)", DOCKERFILE)
    assert copied is not None
    assert str(relative).startswith(copied.group(1))


def test_dockerfile_installs_without_dev_tools_and_collects_static() -> None:
    assert "pip install ." in DOCKERFILE and "[dev]" not in DOCKERFILE
    assert "collectstatic --no-input" in DOCKERFILE


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "var", ".git"} <= set(ignored)


@pytest.mark.parametrize(
    ("allowed_hosts", "expected"),
    [
        ("kindred.example.org,www.example.org", "kindred.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_health_probe_sends_a_host_django_allows(allowed_hosts: str, expected: str) -> None:
    assert probe_host(allowed_hosts) == expected


def test_dockerfile_copies_every_package_pip_installs() -> None:
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {pattern.removesuffix("*") for pattern in patterns}
    copied = set(re.findall(r"^COPY (\w+) \./\1$", DOCKERFILE, re.MULTILINE))
    assert packages == copied
