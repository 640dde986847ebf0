"""Query workers: the row cap in every format, and answers on the event loop."""

import asyncio
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.serve.workers import RESULT_FORMATS, WorkerPool, _evaluate

EX = "http://example.org/"
ROWS = "SELECT ?s WHERE { ?s <http://example.org/p> ?o }"


def store_with(rows: int, text: str = "x") -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode(EX + "g")
    store.extend(
        ox.Quad(
            ox.NamedNode(f"{EX}s{i}"),
            ox.NamedNode(EX + "p"),
            ox.Literal(text, language="en"),
            graph,
        )
        for i in range(rows)
    )
    return store


@pytest.mark.parametrize("media", sorted(RESULT_FORMATS))
def test_exactly_the_cap_is_answered_one_more_is_413(media: str) -> None:
    at_cap = _evaluate(store_with(5), ROWS, {}, [media], cap=5)
    assert at_cap.status == 200
    assert at_cap.media_type == media
    over = _evaluate(store_with(6), ROWS, {}, [media], cap=5)
    assert over.status == 413
    assert b"more than 5 rows" in over.body


def test_rows_with_line_breaks_are_counted_once_in_csv() -> None:
    answer = _evaluate(
        store_with(3, "two\nlines"), "SELECT * WHERE { ?s ?p ?o }", {}, ["text/csv"], 3
    )
    assert answer.status == 200
    assert answer.body.count(b"\n") > 4


def test_an_answer_too_large_to_hold_is_413_before_it_is_whole() -> None:
    long_text = "y" * 10_000  # over the per-row allowance of the bound
    answer = _evaluate(
        store_with(3, long_text), ROWS.replace("?s WHERE", "?s ?o WHERE"), {}, [], 3
    )
    assert answer.status == 413


def test_ask_answers_a_boolean() -> None:
    answer = _evaluate(store_with(1), "ASK { ?s ?p ?o }", {}, [], cap=1)
    assert json.loads(answer.body)["boolean"] is True


def test_run_async_answers_and_returns_the_worker(tmp_path: Path) -> None:
    path = tmp_path / "store"
    disk = ox.Store(str(path))
    disk.extend(store_with(4))
    disk.flush()
    del disk

    async def ask_many(pool: WorkerPool) -> list[int]:
        answers = await asyncio.gather(
            *(pool.run_async(ROWS, {}, []) for _ in range(6))
        )
        return [len(json.loads(a.body)["results"]["bindings"]) for a in answers]

    with WorkerPool(path, size=2, timeout=5, cap=10) as pool:
        # Six queries on two workers: four wait in threads for a free worker.
        assert asyncio.run(ask_many(pool)) == [4] * 6
        assert pool._idle.qsize() == 2


def test_a_cancelled_query_does_not_leave_its_answer_for_the_next(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store"
    disk = ox.Store(str(path))
    disk.extend(store_with(200))
    disk.flush()
    del disk
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"

    async def cancel_then_ask(pool: WorkerPool) -> dict[str, object]:
        task = asyncio.create_task(pool.run_async(slow, {}, []))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The one worker is busy settling the abandoned query: this waits.
        answer = await pool.run_async(ROWS, {}, [])
        return dict(json.loads(answer.body))

    with WorkerPool(path, size=1, timeout=30, cap=1000) as pool:
        body = asyncio.run(cancel_then_ask(pool))
        assert body["head"] == {"vars": ["s"]}


def test_a_worker_that_cannot_start_leaves_a_vacancy_not_a_dead_worker(
    tmp_path: Path,
) -> None:
    """A replacement that fails to start (here: a cap too small for it) answers
    503 and is retried by the next query, never handing out a killed worker."""
    path = tmp_path / "store"
    disk = ox.Store(str(path))
    disk.extend(store_with(200))  # enough rows that a four-way join runs long
    disk.flush()
    del disk
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with WorkerPool(path, size=1, timeout=1, cap=1000) as pool:
        pool.memory = 100  # from now on a new worker refuses to start

        async def run(query: str) -> tuple[int, bytes]:
            answer = await pool.run_async(query, {}, [])
            return answer.status, answer.body

        status, body = asyncio.run(run(slow))
        assert (status, b"time limit" in body) == (503, True)
        status, body = asyncio.run(run(ROWS))
        assert (status, body) == (
            503,
            b"no query worker could be started just now; try again",
        )
        pool.memory = None  # starting works again
        status, body = asyncio.run(run(ROWS))
        assert status == 200
        assert len(json.loads(body)["results"]["bindings"]) == 200
