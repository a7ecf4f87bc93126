"""Exact decisions of `_deadline.py`: the attempt deadline's context variable, a `Deadline`'s clock
arithmetic and repr, and how `bounded_by` nests (the earlier deadline wins, the outer one is left alone,
the bound ends with the block even when it raises).

Pure: a fixed `time.monotonic`. The deadlines in action (waits against loopback servers) are covered
in test_wait_deadlines.py.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from cerebras_management._deadline import (
    ATTEMPT_DEADLINE,
    OVERALL_DEADLINE,
    Deadline,
    bounded_by,
    enter_attempt,
    enter_bound,
    leave_attempt,
    leave_bound,
)


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """`time.monotonic` fixed at ``now[0]`` (change it to move the clock)."""
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    return clock


def test_an_attempt_deadline_is_set_and_left() -> None:
    assert ATTEMPT_DEADLINE.get() is None
    outer = enter_attempt(50.0, 5.0)
    assert ATTEMPT_DEADLINE.get() == (50.0, 5.0)
    inner = enter_attempt(40.0, 2.5)
    assert ATTEMPT_DEADLINE.get() == (40.0, 2.5)
    leave_attempt(inner)
    assert ATTEMPT_DEADLINE.get() == (50.0, 5.0)
    leave_attempt(outer)
    assert ATTEMPT_DEADLINE.get() is None


def test_a_deadline_counts_down_on_the_monotonic_clock(now: list[float]) -> None:
    deadline = Deadline.after(2.5)
    assert (deadline.at, deadline.reached) == (1002.5, False)
    assert deadline.left() == 2.5
    now[0] = 1003.0
    assert deadline.left() == -0.5
    assert Deadline(7.0).at == 7.0


def test_a_deadline_repr_says_time_left_and_reached(now: list[float]) -> None:
    deadline = Deadline(1001.25)
    assert repr(deadline) == "Deadline(left=1.250, reached=False)"
    deadline.reached = True
    now[0] = 1002.0
    assert repr(deadline) == "Deadline(left=-0.750, reached=True)"


def test_bounded_by_sets_the_deadline_for_the_block_only() -> None:
    deadline = Deadline(10.0)
    assert OVERALL_DEADLINE.get() is None
    with bounded_by(deadline) as bound:
        assert bound is deadline
        assert OVERALL_DEADLINE.get() is deadline
    assert OVERALL_DEADLINE.get() is None


def test_bounded_by_ends_with_the_block_when_it_raises() -> None:
    with pytest.raises(KeyError), bounded_by(Deadline(10.0)):
        raise KeyError("x")
    assert OVERALL_DEADLINE.get() is None


@pytest.mark.parametrize(
    ("outer_at", "inner_at", "inner_after"),
    [(10.0, 20.0, 10.0), (20.0, 10.0, 10.0), (10.0, 10.0, 10.0)],
)
def test_enter_bound_keeps_the_earlier_deadline_and_leave_bound_restores_the_outer(
    outer_at: float, inner_at: float, inner_after: float
) -> None:
    # The decisions of `bounded_by` (a decorated function, which mutmut does not mutate).
    outer, inner = Deadline(outer_at), Deadline(inner_at)
    first = enter_bound(outer)
    assert (OVERALL_DEADLINE.get(), outer.at) == (outer, outer_at)
    second = enter_bound(inner)
    assert (OVERALL_DEADLINE.get(), inner.at, outer.at) == (inner, inner_after, outer_at)
    leave_bound(second)
    assert OVERALL_DEADLINE.get() is outer
    leave_bound(first)
    assert OVERALL_DEADLINE.get() is None


@pytest.mark.parametrize(
    ("outer_at", "inner_at", "inner_after"),
    [
        (10.0, 20.0, 10.0),  # a later inner deadline is lowered to the outer one
        (20.0, 10.0, 10.0),  # an earlier one is kept
        (10.0, 10.0, 10.0),
    ],
)
def test_nested_bounds_keep_the_earlier_deadline(
    outer_at: float, inner_at: float, inner_after: float
) -> None:
    outer, inner = Deadline(outer_at), Deadline(inner_at)
    with bounded_by(outer):
        with bounded_by(inner) as bound:
            assert OVERALL_DEADLINE.get() is inner
            assert bound.at == inner_after
        assert OVERALL_DEADLINE.get() is outer
        assert outer.at == outer_at  # never changed by an inner bound
    assert OVERALL_DEADLINE.get() is None


def test_a_bound_belongs_to_its_asyncio_task() -> None:
    async def other_task() -> Deadline | None:
        await asyncio.sleep(0)
        return OVERALL_DEADLINE.get()

    async def main() -> tuple[Deadline | None, Deadline | None]:
        task = asyncio.get_running_loop().create_task(other_task())  # created outside the bound
        with bounded_by(Deadline(5.0)):
            seen_inside = OVERALL_DEADLINE.get()
            return seen_inside, await task

    inside, in_other_task = asyncio.run(main())
    assert inside is not None
    assert inside.at == 5.0
    assert in_other_task is None
