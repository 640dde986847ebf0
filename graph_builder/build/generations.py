"""Build folders that are never half-written: generations, one pointer, locks.

A build writes everything (exports and store) into a fresh ``gen-*`` folder
and then publishes it with one atomic rename of the ``current`` symlink, so a
build killed at any moment leaves the previous build whole, and readers see
the exports and the store of one and the same build. ``orgkg.nq``,
``orgkg.trig`` and ``store`` in the build folder are symlinks through
``current``.

Locks (``fcntl.flock``, released by the kernel when a process dies, so a crash
never leaves a stale lock):

* ``.build.lock``: held exclusively by the build writing into the folder; a
  second build exits with an error instead of interleaving with the first.
* ``gen-*/.lock``: held shared by every reader of that generation (a server,
  a query); a generation is only deleted by the clean-up, which runs at the
  start and end of every build, when nobody holds it.
"""

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from graph_builder.errors import BuildLockedError, SourceDataError

__all__ = [
    "CURRENT",
    "OUTPUTS",
    "build_lock",
    "cleanup",
    "current_generation",
    "new_generation",
    "pin",
    "publish",
]

CURRENT = "current"
#: What a generation holds; each is also a symlink in the build folder.
OUTPUTS = ("orgkg.nq", "orgkg.trig", "store")
_LOCK = ".build.lock"
_GEN_LOCK = ".lock"
_PINNED: dict[Path, int] = {}  # generation -> fd holding its shared lock


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold the build folder's exclusive lock, or fail at once.

    Raises:
        BuildLockedError: Another build is writing into ``out_dir``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / _LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"{out_dir}: another orgkg build is writing here; wait for it"
                " to finish or build into another --out"
            ) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def new_generation(out_dir: Path) -> Path:
    """Create an empty, unpublished generation folder in ``out_dir``."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    gen = Path(tempfile.mkdtemp(prefix=f"gen-{stamp}-", dir=out_dir))
    mask = os.umask(0)
    os.umask(mask)
    gen.chmod(0o777 & ~mask)
    (gen / _GEN_LOCK).touch()
    return gen


def _replace_with_symlink(path: Path, target: str) -> None:
    """Point ``path`` at ``target`` with one rename (a legacy folder goes first)."""
    if path.is_symlink() and str(path.readlink()) == target:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)  # a store from before generations existed
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    tmp.replace(path)


def publish(out_dir: Path, gen: Path) -> None:
    """Make ``gen`` the current build: one atomic rename of ``current``."""
    _replace_with_symlink(out_dir / CURRENT, gen.name)
    for name in OUTPUTS:
        _replace_with_symlink(out_dir / name, f"{CURRENT}/{name}")


def cleanup(out_dir: Path) -> list[Path]:
    """Remove generations nobody reads and leftovers of killed builds.

    Call only while holding :func:`build_lock`.

    Returns:
        What was removed.
    """
    current = _current_name(out_dir)
    removed = []
    for path in sorted(out_dir.glob("gen-*")):
        if path.name == current or not path.is_dir() or path.is_symlink():
            continue
        try:
            fd = os.open(path / _GEN_LOCK, os.O_RDWR)
        except FileNotFoundError:  # killed before its lock file existed
            fd = -1
        try:
            if fd >= 0:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(path)
            removed.append(path)
        except BlockingIOError:
            pass  # a reader still uses it; a later build removes it
        finally:
            if fd >= 0:
                os.close(fd)
    # Temporary links, and temporary files and stores of older orgkg versions.
    for pattern in (".*.link", ".orgkg.nq.*", ".orgkg.trig.*", ".store.*"):
        for path in out_dir.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _current_name(out_dir: Path) -> str | None:
    try:
        return str((out_dir / CURRENT).readlink())
    except OSError:
        return None


def current_generation(out_dir: Path) -> Path:
    """The folder of the current build, pinned so no clean-up removes it.

    A folder built before generations existed (outputs directly inside it) is
    returned as it is.

    Raises:
        SourceDataError: There is no build in ``out_dir``.
    """
    for _ in range(20):  # a build may publish and clean up between two steps
        name = _current_name(out_dir)
        if name is None:
            if (out_dir / "store").is_dir():
                return out_dir
            raise SourceDataError(
                out_dir / "store", "no built store here; run 'orgkg build' first"
            )
        gen = (out_dir / name).resolve()
        if pin(gen):
            return gen
        time.sleep(0.05)
    raise SourceDataError(out_dir, "the build kept changing while it was opened")


def pin(gen: Path) -> bool:
    """Hold a shared lock on ``gen`` for the rest of this process's life.

    Returns:
        Whether ``gen`` is a complete generation that is now pinned.
    """
    if gen in _PINNED:
        return True
    try:
        fd = os.open(gen / _GEN_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # being removed right now
        os.close(fd)
        return False
    if not (gen / "store").is_dir():  # removed before we held the lock
        os.close(fd)
        return False
    _PINNED[gen] = fd
    return True
