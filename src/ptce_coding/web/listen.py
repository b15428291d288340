"""Whether the server can listen where it is asked to, checked before anything is printed."""

from __future__ import annotations

import errno
import socket

from ptce_coding.base.errors import PtceError


def check_can_listen(host: str, port: int) -> None:
    """Bind ``host``:``port`` once, as the server will (address reuse on, like uvicorn), and
    let it go; PtceError says why when the port is taken or the address is not this machine's."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise PtceError(
            f"cannot listen on {host}: {exc.strerror}",
            hint="Give --host 127.0.0.1 (this machine only) or an address of this machine.",
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PtceError(
                    f"port {port} on {host} is already in use (another server, or "
                    "`ptce-coding serve` already running?)",
                    hint=f"Stop the other server, or give another port: --port {port + 1}.",
                ) from None
            raise PtceError(
                f"cannot listen on {host} port {port}: {exc.strerror}",
                hint="Give another --port (above 1024 needs no special rights) or --host.",
            ) from None
