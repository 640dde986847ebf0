"""The fair share of query workers between clients (#9)."""

import asyncio

import pytest

from graph_builder.serve.scheduler import Busy, FairScheduler


def test_waiting_queries_are_served_round_robin_between_clients() -> None:
    async def scenario() -> list[str]:
        s = FairScheduler(1, per_client=1, wait=5)
        order: list[str] = []
        gate = asyncio.Event()

        async def query(client: str) -> None:
            async with s.slot(client):
                order.append(client)
                await gate.wait()

        first = asyncio.create_task(query("hog"))
        await asyncio.sleep(0)
        queued = [asyncio.create_task(query("hog")) for _ in range(3)]
        await asyncio.sleep(0)
        queued.append(asyncio.create_task(query("other")))
        await asyncio.sleep(0)
        gate.set()
        await asyncio.gather(first, *queued)
        return order

    # The other client goes second, not after the hog's whole queue.
    assert asyncio.run(scenario()) == ["hog", "hog", "other", "hog", "hog"]


def test_a_client_keeps_one_worker_free_for_others() -> None:
    async def scenario() -> tuple[int, bool]:
        s = FairScheduler(3, wait=0.2)
        await s.acquire("hog")
        await s.acquire("hog")
        with pytest.raises(Busy) as info:
            await s.acquire("hog")  # the third worker is kept for others
        await s.acquire("other")
        return info.value.status, s.free == 0

    assert asyncio.run(scenario()) == (503, True)


def test_too_many_waiting_queries_from_one_client_is_429() -> None:
    async def scenario() -> int:
        s = FairScheduler(1, max_waiting=2, wait=5)
        await s.acquire("a")
        waiting = [asyncio.create_task(s.acquire("a")) for _ in range(2)]
        await asyncio.sleep(0)
        try:
            await s.acquire("a")
        except Busy as exc:
            status = exc.status
        for task in waiting:
            task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        return status

    assert asyncio.run(scenario()) == 429


def test_a_client_that_goes_away_while_waiting_leaks_no_slot() -> None:
    async def scenario() -> int:
        s = FairScheduler(1, wait=5)
        await s.acquire("a")
        waiter = asyncio.create_task(s.acquire("b"))
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        s.release("a")
        return s.free

    assert asyncio.run(scenario()) == 1
