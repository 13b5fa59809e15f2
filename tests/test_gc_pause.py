"""The garbage collector's pause: nested and concurrent uses, and what it leaves behind."""

import gc
import threading

import pytest

from tensorboard_modelviz.gc_pause import collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_nested_uses_pause_once_and_restore_at_the_outermost():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_exception_inside_restores_it():
    with pytest.raises(KeyError):
        with collector_paused():
            raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_user_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_concurrent_uses_keep_it_paused_until_the_last_leaves():
    """Two request threads: the first to finish must not switch it back on under the other."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first left"] = gc.isenabled()
        seen["after both left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first left": False, "after both left": True}
