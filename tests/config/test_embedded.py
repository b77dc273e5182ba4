"""The project-private PostgreSQL and Redis that `./kindred` starts on a bare machine."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote

import environ
import psutil
import psycopg
import pytest
import redis

from config import devstack

pytestmark = pytest.mark.embedded


def _gone(pid: int, timeout: float = 10) -> bool:
    """True once the process has exited (a zombie awaiting its reaper counts as exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


# The PostgreSQL tests keep their data in `server_tmp_path` (tests/conftest.py), not in
# pytest's own temporary folder, which another pytest run closes to the server's user.
def test_embedded_postgres_answers_queries_and_stops(server_tmp_path: Path) -> None:
    data_dir = server_tmp_path / "pgdata"
    with devstack.embedded_postgres(data_dir, database="kindred_embedded") as url:
        # Parsed exactly as settings.py parses DATABASE_URL.
        config = environ.Env.db_url_config(url)
        socket_dir = Path(unquote(config["HOST"]))
        assert (socket_dir / ".s.PGSQL.5432").is_socket()
        with psycopg.connect(
            host=str(socket_dir), user=config["USER"], dbname=config["NAME"]
        ) as connection:
            assert connection.execute("SELECT 1").fetchone() == (1,)
            assert connection.execute("SHOW server_version_num").fetchone()[0] >= "160000"
        postmaster_pid = int((data_dir / "postmaster.pid").read_text().split()[0])
        assert psutil.pid_exists(postmaster_pid)

    assert _gone(postmaster_pid), "PostgreSQL was left running"
    assert not (data_dir / "postmaster.pid").exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", connect_timeout=2)


def test_embedded_postgres_restarts_on_existing_data(server_tmp_path: Path) -> None:
    data_dir = server_tmp_path / "pgdata"
    with devstack.embedded_postgres(data_dir) as url:
        config = environ.Env.db_url_config(url)
        with psycopg.connect(host=unquote(config["HOST"]), user="postgres") as conn:
            conn.execute("CREATE TABLE kept (id int)")
    with (
        devstack.embedded_postgres(data_dir),
        psycopg.connect(host=unquote(config["HOST"]), user="postgres") as conn,
    ):
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (0,)


def test_embedded_redis_answers_pings_and_stops(tmp_path: Path) -> None:
    with devstack.embedded_redis(tmp_path / "redis.db") as url:
        client = redis.Redis.from_url(url)
        assert client.ping() is True
        server_pid = client.info("server")["process_id"]
        client.close()

    assert _gone(server_pid), "Redis was left running"
    stale = redis.Redis.from_url(url, retry=None, socket_connect_timeout=1)
    with pytest.raises(redis.ConnectionError):
        stale.ping()
