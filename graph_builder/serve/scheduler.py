"""Fair shares of the query workers between clients.

Written here rather than taken from a library because the policy is the
server's own: no off-the-shelf limiter knows that a SPARQL query may hold a
worker for its whole time limit. The rules, documented in the README:

* a client (one IP address) runs at most ``per_client`` queries at once,
  by default every worker but one, so one client's slow queries always leave a
  worker for everybody else;
* queries waiting for a worker are served round-robin between clients, not
  first come first served, so a client that queues many queries does not
  delay the others by more than one query each;
* a client with more than ``max_waiting`` queries waiting gets 429 at once,
  and a query that has waited ``wait`` seconds gets 503.
"""

import asyncio
import contextlib
from collections import Counter, deque
from collections.abc import AsyncIterator

__all__ = ["Busy", "FairScheduler"]


class Busy(Exception):  # noqa: N818 - reads as a state, like asyncio's
    """No worker could be had; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        """Keep the status for the response."""
        self.status = status
        super().__init__(message)


class FairScheduler:
    """Hands out ``slots`` worker slots fairly between clients.

    Args:
        slots: How many queries run at once (the number of workers).
        per_client: The most one client runs at once (default: all but one).
        max_waiting: The most queries one client may have waiting.
        wait: Seconds a query may wait for a slot.

    Examples:
        >>> async def demo() -> list[str]:
        ...     s = FairScheduler(2, wait=1)
        ...     async with s.slot("a"), s.slot("b"):
        ...         return sorted(s.active)
        >>> asyncio.run(demo())
        ['a', 'b']
    """

    def __init__(
        self,
        slots: int,
        per_client: int | None = None,
        max_waiting: int | None = None,
        wait: float = 20.0,
    ) -> None:
        """Start with every slot free."""
        self.slots = slots
        self.per_client = per_client or max(1, slots - 1)
        self.max_waiting = max_waiting or 4 * slots
        self.wait = wait
        self.free = slots
        self.active: Counter[str] = Counter()
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}
        self._turns: deque[str] = deque()  # clients with waiting queries, in turn

    def _may_start(self, client: str) -> bool:
        return self.free > 0 and self.active[client] < self.per_client

    def _take(self, client: str) -> None:
        self.free -= 1
        self.active[client] += 1

    def _dispatch(self) -> None:
        """Give free slots to waiting clients, one query per client per turn."""
        skipped = 0
        while self.free > 0 and self._turns and skipped < len(self._turns):
            client = self._turns[0]
            self._turns.rotate(-1)
            queue = self._waiting[client]
            while queue and queue[0].done():  # cancelled while waiting
                queue.popleft()
            if not queue:
                del self._waiting[client]
                self._turns.remove(client)
                continue
            if self.active[client] >= self.per_client:
                skipped += 1
                continue
            skipped = 0
            self._take(client)
            queue.popleft().set_result(None)
            if not queue:
                del self._waiting[client]
                self._turns.remove(client)

    async def acquire(self, client: str) -> None:
        """Wait for a slot for ``client``.

        Raises:
            Busy: 429 when the client already has too many queries waiting,
                503 when no slot came within ``wait`` seconds.
        """
        if not self._waiting and self._may_start(client):
            self._take(client)
            return
        queue = self._waiting.get(client)
        if queue is not None and len(queue) >= self.max_waiting:
            raise Busy(
                429,
                f"too many queries waiting from {client}: at most"
                f" {self.max_waiting}; wait for answers before sending more",
            )
        if queue is None:
            queue = self._waiting[client] = deque()
            self._turns.append(client)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(future)
        self._dispatch()
        try:
            await asyncio.wait_for(asyncio.shield(future), self.wait)
        except BaseException as exc:  # timed out, or the client went away
            granted = future.done() and not future.cancelled()
            if granted and isinstance(exc, TimeoutError):
                return  # granted just as the wait ran out: keep it
            if granted:
                self.release(client)
            else:
                future.cancel()
                self._dispatch()
            if isinstance(exc, TimeoutError):
                raise Busy(
                    503,
                    f"server busy: no query worker was free within {self.wait:g} s;"
                    " try again",
                ) from None
            raise

    def release(self, client: str) -> None:
        """Give back a slot of ``client``."""
        self.free += 1
        self.active[client] -= 1
        if self.active[client] <= 0:
            del self.active[client]
        self._dispatch()

    @contextlib.asynccontextmanager
    async def slot(self, client: str) -> AsyncIterator[None]:
        """Hold a slot for ``client`` for the duration of a ``with`` block."""
        await self.acquire(client)
        try:
            yield
        finally:
            self.release(client)
