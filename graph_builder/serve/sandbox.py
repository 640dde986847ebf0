"""Keep untrusted SPARQL off the network: a seccomp filter for query processes.

pyoxigraph executes ``SERVICE`` over HTTP and offers no option to turn that
off, so refusing ``SERVICE`` in the parsed query (``graph_builder.query.sparql``) is
only the first guard: a query text that another parser reads differently could
still reach the network. The second guard is the kernel's. A process that
evaluates queries from users calls :func:`deny_network` first; from then on
none of its threads can open an Internet (or any non-Unix) socket or connect
any socket, whatever the query engine tries. Unix socket pairs that already
exist, such as a worker's pipe to the server, keep working.
"""

import errno
import socket
import sys

from graph_builder.errors import SandboxError

__all__ = ["deny_network"]


def deny_network() -> None:
    """Forbid this process, in every thread, to open network connections.

    The filter is permanent for the process and its children: ``socket()``
    for any family but ``AF_UNIX`` and every ``connect()`` fail with ``EPERM``.

    Raises:
        SandboxError: Not Linux, or libseccomp is missing.
    """
    if not sys.platform.startswith("linux"):
        raise SandboxError(
            "the query sandbox needs Linux seccomp; untrusted queries are refused"
        )
    try:
        import pyseccomp as seccomp

        refuse = seccomp.ERRNO(errno.EPERM)
        flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        flt.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread, not just this one
        flt.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        flt.add_rule(refuse, "connect")
        flt.load()
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        raise SandboxError(
            f"cannot install the query sandbox ({exc}); untrusted queries are refused"
        ) from exc
