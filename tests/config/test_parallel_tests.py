"""`./kindred test` runs pytest in two xdist processes unless told otherwise."""

from __future__ import annotations

import pytest

from config.devstack import PARALLEL, pytest_arguments


@pytest.mark.parametrize(
    "args",
    [[], ["tests/procurement", "-k", "sealed"], ["-m", "not browser"], ["-q", "--durations=20"]],
)
def test_tests_run_in_two_processes_by_default(args: list[str]) -> None:
    assert pytest_arguments(args) == [*PARALLEL, *args]


@pytest.mark.parametrize(
    "args",
    [
        ["-n", "4"],
        ["-nauto"],
        ["--numprocesses=3", "tests/accounts"],
        ["-p", "no:xdist"],
        ["-pno:xdist"],
        ["-n", "2", "--dist", "loadgroup"],
        ["--dist=load"],
    ],
)
def test_the_callers_choice_of_processes_is_kept(args: list[str]) -> None:
    assert pytest_arguments(args) == args
