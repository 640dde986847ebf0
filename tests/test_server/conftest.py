import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_builder.build.pipeline import build
from graph_builder.serve.app import OrgKGServer, make_server


@pytest.fixture(scope="session")
def session_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build((), out, progress=lambda _: None)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(session_build: Path) -> Iterator[OrgKGServer]:
    srv = make_server(
        session_build, "127.0.0.1", free_port(), workers=3, timeout=3.0, cap=2000
    )
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def base(server: OrgKGServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
