"""Shared fixtures: people and organisations, a real Celery worker, real Chromium."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db.models.signals import post_migrate

from config.celery import app as celery_app
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.faults import OwnRedis, point_celery_at
from tests.procurement.factories import ExclusionDeclarationFactory

# Each test run, and each pytest-xdist process of a run, gets its own queue, so a run never
# eats another run's messages, and its own control exchange, so a worker ping (the health
# check) is answered only by this process's test worker.
_RUN = f"kindred-test-{uuid.uuid4().hex[:8]}"
celery_app.conf.task_default_queue = _RUN
celery_app.conf.control_exchange = _RUN


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist load` (what `./kindred test` runs) with an even end: both processes finish
    together.

    xdist hands out runs of consecutive tests, a quarter of what is left to each process
    that runs short, so each keeps pytest-django's order and a module's tests together.
    That order puts the transactional tests (browser journeys, real workers, faults:
    seconds each, minutes together) next to last, where one hand-out (a quarter of some
    400 tests left) can take all 36 of them: one process then runs them one after the
    other while the other has finished. For
    the last tenth of the tests, each process is kept two tests ahead, no more, so the
    slow ones go to whichever process is free."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScheduling

    class EvenEndScheduling(LoadScheduling):
        def _send_tests(self, node: Any, num: int) -> None:
            if self.collection and len(self.pending) < len(self.collection) // 10:
                num = min(num, max(0, 2 - len(self.node2pending[node])))
            super()._send_tests(node, num)

    return EvenEndScheduling(config, log)


@pytest.fixture
def council(db: Any):
    return OrganisationFactory(name="Northbridge Council", kind="public_body")


@pytest.fixture
def other_council(db: Any):
    return OrganisationFactory(name="Southvale Council", kind="public_body")


# Both suppliers have declared that no exclusion ground applies, as a supplier must before
# it submits a bid; tests/procurement/test_exclusion.py makes suppliers that have not.
@pytest.fixture
def supplier_org(db: Any):
    supplier = OrganisationFactory(
        name="Good Food Co-op", kind="supplier", supplier_type="cooperative"
    )
    ExclusionDeclarationFactory(supplier=supplier)
    return supplier


@pytest.fixture
def other_supplier_org(db: Any):
    supplier = OrganisationFactory(name="Big Catering plc", kind="supplier", supplier_type="large")
    ExclusionDeclarationFactory(supplier=supplier)
    return supplier


def _member(organisation: Any, role: str, **user_fields: Any):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def commissioner(council: Any):
    return _member(council, "commissioner", full_name="Chidi Commissioner")


@pytest.fixture
def evaluator(council: Any):
    return _member(council, "evaluator", full_name="Eva Evaluator")


@pytest.fixture
def contract_manager(council: Any):
    return _member(council, "contract_manager", full_name="Morgan Manager")


@pytest.fixture
def council_admin(council: Any):
    return _member(council, "admin", full_name="Ada Admin")


@pytest.fixture
def viewer(council: Any):
    return _member(council, "viewer", full_name="Vic Viewer")


@pytest.fixture
def other_commissioner(other_council: Any):
    return _member(other_council, "commissioner", full_name="Olu Other")


@pytest.fixture
def supplier_user(supplier_org: Any):
    return _member(supplier_org, "supplier", full_name="Sam Supplier")


@pytest.fixture
def other_supplier_user(other_supplier_org: Any):
    return _member(other_supplier_org, "supplier", full_name="Pat Other-Supplier")


@pytest.fixture
def celery_worker(transactional_db: Any) -> Iterator[Any]:
    """A real Celery worker (in a thread of this process) on the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker


# --- Browser tests: Playwright driving the system Chromium ---------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Browser tests need Chromium: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """The journeys' `--base-url`, as pytest-playwright gives it when pytest-base-url is
    not installed. Its own is a method of a plugin object, and pytest (9.2 on) warns that
    session fixtures defined as instance methods go in pytest 10; this one replaces it."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


def load_reference_data() -> None:
    """Load what migrations load (starter glossary, social value measures); idempotent."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    import_module("commissioning.migrations.0003_starter_glossary").add_starter_terms(apps, None)
    import_module("social_value.migrations.0002_load_kindred_measures").load_measures(apps, None)


# The test databases are built from the models (`--no-migrations` in pyproject.toml):
# applying every migration cost each test process about ten times as long (over a minute
# under load on a 2-core machine), most of it Django re-rendering model states. The schema is the same, because
# tests/config/test_checks.py holds the models to the migrations; the rows that the
# migrations' RunPython steps add are loaded here, once the tables exist.
# tests/config/test_test_database.py fails when a migration adds a step this does not cover.
def _load_what_migrations_load(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from learning.models import LessonIndexState
    from learning.pgvector import add_vector_column

    load_reference_data()
    LessonIndexState.objects.using(using).get_or_create(pk=1)
    add_vector_column(connection=connections[using])


# Sent once per app after `migrate`, and after the flush that empties every table when a
# transactional test ends: with the content types and permissions that Django's own
# receivers put back, this leaves the database as the migrations did, so no later test
# depends on the order tests ran in. (Serialised rollback cannot do it: it copies only the
# tables of apps whose migrations are loaded, and here none are.) The loaders are
# idempotent; social value is the sender, so it runs once per migrate or flush.
post_migrate.connect(
    _load_what_migrations_load,
    sender=django_apps.get_app_config("social_value"),
    dispatch_uid="kindred-tests-what-migrations-load",
)


@pytest.fixture(scope="module")
def rolled_back_demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The Northbridge demo (`home.demo_data.load()`, what `manage.py seed_demo` loads),
    loaded once for the module that asks for it, inside a transaction rolled back when the
    module ends, so no other module ever sees it. A module fixture may add to it (inside
    `django_db_blocker.unblock()`): what it adds is rolled back with the demo."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from home import demo_data

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            # The glossary and measures come from migrations; make sure they are here
            # whatever ran before in this process.
            load_reference_data()
            demo_data.load()
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        # Content types first looked up inside the rolled-back demo are gone with it.
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _no_kept_searches_from_earlier_tests() -> Iterator[None]:
    """A test's writes are rolled back, but searches kept while it ran stay in the shared
    cache under the version they were drawn at: a new version after each test (and before,
    for a run that stopped half way) means none of them is served to the next
    (dialogue/search_page.py)."""
    from dialogue import search_page

    search_page.forget_kept_searches()
    yield
    search_page.forget_kept_searches()


@pytest.fixture(autouse=True)
def _content_types_fresh_after_a_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """A transactional test empties the tables and puts them back; content types cached
    before it may name rows that are gone, so the cache is dropped after one."""
    yield
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(getattr(request, "fixturenames", ()))
    if (marker and marker.kwargs.get("transaction")) or (
        {"live_server", "transactional_db"} & fixtures
    ):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


@pytest.fixture
def own_redis(settings: Any) -> Iterator[OwnRedis]:
    """A Redis of the test's own (tests/faults.py), running, with this process's cache
    and Celery pointed at it (again if it had to move to another port); the test may stop
    and start it."""
    before = (celery_app.conf.broker_url, celery_app.conf.result_backend)

    def point_at(url: str) -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        point_celery_at(url)

    redis = OwnRedis(on_moved=point_at)
    redis.start()
    point_at(redis.url)
    yield redis
    redis.stop()
    point_celery_at(*before)


# --- Servers started by tests as another user ---------------------------------------
# pgserver runs PostgreSQL as its own user (`pgserver`) when tests run as root, and opens
# the folders above the data folder to it. Under pytest's temporary folder that does not
# last: every pytest process that starts makes /tmp/pytest-of-<user> private again, so a
# server of a test run beside it could no longer reach its data (or start on it again).
# These folders are made outside it, one tree per test process, and removed at the end.
@pytest.fixture(scope="session")
def server_folders() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="kindred-test-servers-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pgserver_runtime_dir(server_folders: Path) -> Iterator[Path]:
    """XDG_RUNTIME_DIR for pgserver (its lock file; the socket when a data path is too
    long for one), set for the rest of the session: pgserver reads it once, on import."""
    path = server_folders / "run"
    path.mkdir(mode=0o700)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_RUNTIME_DIR", str(path))
        yield path


@pytest.fixture
def server_tmp_path(server_folders: Path, pgserver_runtime_dir: Path) -> Path:
    """An empty folder of the test's own for a server's data, outside pytest's
    temporary folder (see above)."""
    return Path(tempfile.mkdtemp(dir=server_folders))
