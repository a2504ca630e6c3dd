"""Backoff, Retry-After and turns per host."""

from __future__ import annotations

from email.utils import formatdate

from newsweave.watch import HostTurns, backoff_delay, retry_after_seconds

from .conftest import FakeClock


def test_backoff_doubles_up_to_its_cap() -> None:
    delays = [backoff_delay(n, base=60, cap=600) for n in range(6)]
    assert delays == [0, 60, 120, 240, 480, 600]
    assert backoff_delay(10_000, base=60, cap=600) == 600


def test_retry_after_is_read_as_seconds_or_as_a_date() -> None:
    now = 1_800_000_000.0
    assert retry_after_seconds("120", now=now) == 120
    assert retry_after_seconds(formatdate(now + 300, usegmt=True), now=now) == 300
    assert retry_after_seconds(formatdate(now - 300, usegmt=True), now=now) == 0
    assert retry_after_seconds("whenever", now=now) is None
    assert retry_after_seconds(None, now=now) is None


def test_turns_keep_one_host_apart_and_leave_others_alone(clock: FakeClock) -> None:
    turns = HostTurns(2.0, clock, clock.sleep)

    for url in ["http://a.example/1", "http://a.example/2", "http://b.example/1"]:
        assert turns.take_turn(url) is None
        turns.finished(url)
        clock.advance(0.5)
    assert turns.take_turn("http://a.example/3") is None

    # a/2 came 0.5 s after a/1 ended and waited 1.5 s more; b/1 went at once; a/3 came
    # 1 s after a/2 ended (it waited, then b/1 had its turn) and waited 1 s more.
    assert clock.slept == [1.5, 1.0]


def test_a_closed_host_is_put_off_unless_it_opens_within_the_interval(clock: FakeClock) -> None:
    turns = HostTurns(1.0, clock, clock.sleep)
    turns.close("http://a.example/feed", clock.now + 30)

    assert turns.take_turn("http://a.example/other") == clock.now + 30
    clock.advance(29.5)
    assert turns.take_turn("http://a.example/other") is None
    assert clock.slept == [0.5]
