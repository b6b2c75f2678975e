"""Safe download of a user-given image URL: scheme, port and address policy, byte cap, deadline, ranges."""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from typing import cast
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES, InvalidIPAddress
from urllib3.exceptions import LocationParseError

from videogen.i18n import Note, NotedError

MAX_URL_LENGTH = 2048
MAX_REDIRECTS = 3
ALLOWED_PORTS = {"http": 80, "https": 443}
USER_AGENT = "videogen-reference-check/1.0"


class FetchError(NotedError):
    """The image could not be fetched. `code` is a check-image problem code; `note` says why (`fetch.<why>`,
    with its parameters), and `message` in words what to do."""

    def __init__(self, code: str, why: str, **params):
        self.code = code
        super().__init__(Note(f"fetch.{why}", params))


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    total_bytes: int | None  # the whole file's size when known (Content-Range / Content-Length)
    complete: bool  # True when `content` is the whole file


# Cloud metadata and platform addresses: never fetched, in any mode. Some are link-local (refused as
# such too), some private, and Azure's is a public address.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "100.100.100.200",
        "192.0.0.192",
        "168.63.129.16",
        "fd00:ec2::254",
        "fd00:ec2::23",
    )
)
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address an IPv6 form carries: compatible (::a.b.c.d), mapped, 6to4, NAT64, Teredo.
    Python's `ipaddress` calls `::169.254.169.254` global: the address inside is what counts."""
    found = []
    if ip in IPV4_COMPATIBLE and int(ip) > 1:  # :: and ::1 are themselves, not IPv4 forms
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if any(ip in net for net in NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def refused(address: str, allow_private: bool) -> bool:
    """Whether a resolved address may not be connected to. Strict: anything not globally routable, in
    any form that embeds one; private mode (development): still never link-local or metadata."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    forms = [ip, *(embedded_ipv4(ip) if ip.version == 6 else [])]
    for form in forms:
        if form in METADATA_ADDRESSES or form.is_link_local:
            return True
        if allow_private:
            continue
        if not form.is_global or form.is_multicast or any(form in net for net in EXTRA_BLOCKED_NET_RANGES):
            return True
    return False


class _PinnedAdapter(HTTPAdapter):
    """Resolves the host once, judges every address it resolves to, and connects to the one it judged:
    a name that answers differently the second time (DNS rebinding) never gets a second lookup. The URL's
    host name still goes in the Host header and in TLS (SNI and certificate check), as requests-hardened
    does."""

    def __init__(self, *, allow_private: bool, https: bool):
        super().__init__()
        self.allow_private = allow_private
        self.https = https

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        request.headers = CaseInsensitiveDict(request.headers or {})
        name, port = host_params["host"].strip("[]"), host_params["port"]
        try:
            answers = socket.getaddrinfo(name, port or (443 if self.https else 80), type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise requests.ConnectionError(f"the name does not resolve ({type(exc).__name__})") from None
        addresses = [
            str(sockaddr[0]) for family, *_, sockaddr in answers if family in (socket.AF_INET, socket.AF_INET6)
        ]
        if not addresses or any(refused(a, self.allow_private) for a in addresses):
            raise InvalidIPAddress(name)
        host = f"[{name}]" if ":" in name else name
        request.headers["Host"] = host + (f":{port}" if port is not None else "")
        if self.https:  # urllib3 takes these pool keys; requests' type stubs do not list them
            pool = cast("dict[str, object]", pool_kwargs)
            pool["assert_hostname"] = name
            pool["server_hostname"] = name
        pinned = addresses[0].split("%", 1)[0]
        host_params["host"] = f"[{pinned}]" if ":" in pinned else pinned
        return host_params, pool_kwargs


def check_url(url: str, allow_private: bool) -> None:
    """Refuse, before any connection, what the policy never fetches. Raises FetchError."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("bad_url", "empty")
    if len(url) > MAX_URL_LENGTH:
        raise FetchError("bad_url", "too_long", limit=MAX_URL_LENGTH)
    if re.search(r"[\x00-\x20\x7f]", url.strip()):
        raise FetchError("bad_url", "spaces")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError("bad_url", "malformed") from None
    if parts.scheme not in ALLOWED_PORTS:
        raise FetchError("bad_url", "scheme")
    if not parts.hostname:
        raise FetchError("bad_url", "no_host")
    if parts.username is not None or parts.password is not None:
        raise FetchError("bad_url", "credentials")
    try:
        parts.hostname.encode("idna").decode("idna")  # the round trip also refuses broken punycode
    except UnicodeError:
        raise FetchError("bad_url", "bad_host") from None
    if not allow_private and port is not None and port != ALLOWED_PORTS[parts.scheme]:
        raise FetchError("blocked_address", "port")


def _session(allow_private: bool, accept: str = "image/*") -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy, no .netrc credentials from the environment
    session.headers.clear()
    session.headers.update({"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"})
    session.mount("http://", _PinnedAdapter(allow_private=allow_private, https=False))
    session.mount("https://", _PinnedAdapter(allow_private=allow_private, https=True))
    return session


def _total_from(response: requests.Response) -> int | None:
    match = re.match(r"bytes \d+-\d+/(\d+)", response.headers.get("Content-Range", ""))
    if match:
        return int(match.group(1))
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def fetch(
    url: str,
    *,
    max_bytes: int = 10 * 1024 * 1024,
    first_bytes: int | None = None,
    allow_private: bool = False,
    timeout: tuple[float, float] = (5.0, 10.0),
    deadline: float = 30.0,
    offset: int = 0,
    accept: str = "image/*",
) -> Fetched:
    """Download `url` (at most `max_bytes`), or only its first `first_bytes` when given (from `offset`: a
    video's index may sit at its end).

    Redirects are followed by hand (at most 3) so that every hop is checked again. With
    `first_bytes`, a Range request is made; a server that ignores it is read only that far (and an `offset`
    it ignores is `no_ranges`: the caller decides whether the whole file may be read instead).
    """
    started = time.monotonic()
    wanted = min(first_bytes, max_bytes + 1) if first_bytes else max_bytes + 1
    session = _session(allow_private, accept)
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private)
            headers = {"Range": f"bytes={offset}-{offset + wanted - 1}"} if first_bytes else {}
            try:
                response = session.get(url, headers=headers, stream=True, allow_redirects=False, timeout=timeout)
            except InvalidIPAddress:
                raise FetchError("blocked_address", "private") from None
            except (ValueError, UnicodeError, LocationParseError):  # requests' InvalidURL is a ValueError too
                raise FetchError("bad_url", "bad_link") from None
            except requests.RequestException as exc:
                raise FetchError("unreachable", "not_reached", reason=type(exc).__name__) from None
            with response:
                if response.is_redirect:
                    url = _redirect_target(url, response)
                    continue
                if response.status_code not in (200, 206):
                    raise FetchError("unreachable", "http_status", status=response.status_code)
                total = _total_from(response)
                if offset and response.status_code != 206:
                    raise FetchError("unreachable", "no_ranges")
                if total is not None and total > max_bytes and not first_bytes:
                    raise FetchError("too_large", "declared_size", mb=total / 1e6, limit_mb=max_bytes / 1e6)
                content = _read(response, wanted, started, deadline)
                ranged = response.status_code == 206
                if not first_bytes and len(content) > max_bytes:
                    raise FetchError("too_large", "over_limit", limit_mb=max_bytes / 1e6)
                complete = (not first_bytes or len(content) < wanted) if not ranged else (total == len(content))
                if not ranged and complete:
                    total = len(content)
                return Fetched(response.url or url, content, total, complete)
        raise FetchError("unreachable", "redirects", limit=MAX_REDIRECTS)
    finally:
        session.close()


def _redirect_target(url: str, response: requests.Response) -> str:
    """Where a redirect leads. Any `Location` an image host can send (an unclosed bracket, look-alike
    colons, bytes that are not UTF-8) ends in `bad_url`, never in an exception."""
    location = response.headers.get("Location", "")
    try:
        location = location.encode("latin-1").decode("utf-8")  # http.client decodes header bytes as latin-1
        target = urljoin(url, location)
        urlsplit(target).port  # noqa: B018 - parsing the port raises on a malformed one
    except (ValueError, UnicodeError):
        raise FetchError("bad_url", "bad_redirect") from None
    return target


def _read(response: requests.Response, limit: int, started: float, deadline: float) -> bytes:
    """Read at most `limit` bytes (decoded), checking the overall deadline after every arrival.

    `read1` returns whatever has arrived, so a slow drip cannot hold a read open past the deadline.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        while size < limit:
            chunk = response.raw.read1(min(64 * 1024, limit - size), decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() - started > deadline:
                raise FetchError("unreachable", "too_slow", seconds=deadline)
    except FetchError:
        raise
    except Exception as exc:  # requests, urllib3 and socket errors all mean the same here
        raise FetchError("unreachable", "broke_off", reason=type(exc).__name__) from None
    return b"".join(chunks)
