"""HTTP to addresses that tenants configure (webhooks) must never reach this machine or
its private network (server-side request forgery, as in osTicket CVE-2020-24881): a URL
is refused when saved and again when sent if its host is, or resolves to, a loopback,
private, link-local (cloud metadata at 169.254.169.254), shared, multicast or reserved
address. The request then goes to the address that was checked (no second lookup for a
rebinding DNS to answer differently), and redirects are not followed.
``WEBHOOK_ALLOW_PRIVATE`` lifts the address rule for closed networks and tests."""
import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from flask_babel import force_locale, lazy_gettext as _l


class UnsafeTarget(Exception):
    """``reason`` in the reader's language (the settings form); ``str()`` in English, for
    the outbox row's last error and the logs."""

    def __init__(self, reason):
        self.reason = reason
        if has_app_context():
            with force_locale("en"):
                super().__init__(str(reason))
        else:
            super().__init__(str(reason))


def _allowed(address) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def allow_private() -> bool:
    return has_app_context() and bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))


def resolve(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, address)`` of ``url`` after checking every address its host
    has; raises UnsafeTarget naming the problem."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(_l("only http and https URLs with a host"))
    if parts.username or parts.password:
        raise UnsafeTarget(_l("no credentials in the URL"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeTarget(_l("%(host)s cannot be resolved: %(error)s", host=parts.hostname, error=exc)) from exc
    addresses = sorted({info[4][0] for info in found})
    if not addresses:
        raise UnsafeTarget(_l("%(host)s cannot be resolved: %(error)s", host=parts.hostname, error="-"))
    if not allow_private():
        bad = [a for a in addresses if not _allowed(a)]
        if bad:
            raise UnsafeTarget(_l("%(host)s is a local or private address (%(addresses)s)", host=parts.hostname,
                                  addresses=", ".join(bad)))
    return parts.scheme, parts.hostname, port, addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict, timeout: float) -> int:
    """POST ``body`` to ``url``; return the status. A redirect is an answer, not followed."""
    scheme, host, port, address = resolve(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if scheme == "https":
        connection = _PinnedHTTPS(host, port, address, timeout)
    else:
        connection = http.client.HTTPConnection(address, port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers | {"Host": parts.netloc.rsplit("@", 1)[-1]})
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()
