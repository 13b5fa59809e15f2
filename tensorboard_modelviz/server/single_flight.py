"""One computation under way per key, and everyone waiting for it: the plugin's caches
compute an answer once however many requests ask for it at the same time
(AnalysisCache's run analyses, HistogramCache's histograms over the steps).

Imports only the standard library: the plugin server uses it.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class Computation(Generic[T]):
    """One answer being computed. The thread that computes it sets `result` or `error`,
    then `done`; the others `wait` for it, and a failure reaches each of them as the
    error it is."""

    __slots__ = ("done", "result", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None

    def wait(self) -> T:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.result is not None  # set before `done` unless `error` is
        return self.result


class Flights(Generic[K, T]):
    """The computations under way in one cache, by key.

    `lock` is the cache's own: the caller holds it to look at what the cache keeps and
    then `join`; `run` takes it to keep a result and end its computation at once, so that
    a request finds either the result kept or the computation still under way. A
    computation that fails keeps nothing: the next request for its key starts again.
    """

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self._running: dict[K, Computation[T]] = {}

    def join(self, key: K) -> tuple[Computation[T], bool]:
        """(the computation under way for `key`, False), or a new one and True: the
        caller, holding the lock, then waits for the first or `run`s the second."""
        running = self._running.get(key)
        if running is not None:
            return running, False
        computation = self._running[key] = Computation[T]()
        return computation, True

    def run(self, key: K, computation: Computation[T], work: Callable[[], T], keep: Callable[[T], None]) -> T:
        """work()'s result, handed to keep() (under the lock) and to every waiter; an
        error work() raises is handed to every waiter and raised."""
        try:
            result = computation.result = work()
        except BaseException as e:
            computation.error = e
            raise
        finally:
            try:
                with self._lock:
                    del self._running[key]
                    if computation.error is None:
                        keep(result)
            finally:
                computation.done.set()
        return result
