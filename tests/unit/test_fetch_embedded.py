"""IPv6 forms that carry an IPv4 address, cloud metadata addresses, malformed redirects, DNS rebinding and
names that do not resolve: each ends in a typed verdict, and nothing is ever sent outside loopback."""

import json
import socket
import subprocess
import sys

import pytest

from tests import images
from tests.faultserver import serve_bytes
from videogen.catalog import builtin
from videogen.images.check import check_url
from videogen.images.fetch import FetchError, embedded_ipv4, fetch, refused

EMBEDDED = [
    "::169.254.169.254",
    "::127.0.0.1",
    "::10.0.0.1",
    "::192.168.0.1",
    "::100.100.100.200",
    "::172.16.0.9",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::a00:1",
    "2002:a9fe:a9fe::1",
    "2002:c0a8:1::",
    # Teredo: server 65.54.227.120 (public), client 192.168.0.1 (stored inverted: 3f57:fffe)
    "2001:0:4136:e378:8000:63bf:3f57:fffe",
]
TAILS = ["/", "/?@images.example.com/a.png", "/#@images.example.com/a.png"]


@pytest.mark.parametrize("address", EMBEDDED)
@pytest.mark.parametrize("tail", TAILS, ids=["plain", "query-at", "fragment-at"])
def test_ipv6_forms_carrying_an_internal_ipv4_make_no_connection(fake_dns, connections, address, tail):
    with pytest.raises(FetchError) as info:
        fetch(f"http://[{address}]{tail}")
    assert info.value.code == "blocked_address"
    assert connections == []


@pytest.mark.parametrize("address", EMBEDDED)
def test_the_ipv4_inside_is_what_is_judged(address):
    import ipaddress

    inside = embedded_ipv4(ipaddress.IPv6Address(address))
    assert inside and any(not v4.is_global for v4 in inside)
    assert refused(address, allow_private=False)


def test_a_public_ipv4_inside_a_public_form_is_not_refused_for_that():
    import ipaddress

    assert embedded_ipv4(ipaddress.IPv6Address("::93.184.216.34")) == [ipaddress.IPv4Address("93.184.216.34")]
    assert not refused("93.184.216.34", allow_private=False)
    assert not refused("2606:2800:220:1:248:1893:25c8:1946", allow_private=False)


METADATA = ["100.100.100.200", "fd00:ec2::254", "192.0.0.192", "168.63.129.16", "169.254.169.254"]


@pytest.mark.parametrize("address", METADATA)
@pytest.mark.parametrize("allow_private", [False, True], ids=["strict", "private"])
def test_metadata_addresses_are_refused_in_every_mode(fake_dns, connections, address, allow_private):
    literal = f"[{address}]" if ":" in address else address
    fake_dns["meta.example.com"] = address
    for url in (f"http://{literal}/latest/meta-data/", "http://meta.example.com/latest/meta-data/"):
        with pytest.raises(FetchError) as info:
            fetch(url, allow_private=allow_private)
        assert info.value.code == "blocked_address", url
    assert connections == []


@pytest.mark.parametrize(
    "address", ["::169.254.169.254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::", "fe80::1"]
)
def test_private_mode_still_refuses_link_local_in_any_form(fake_dns, connections, address):
    with pytest.raises(FetchError) as info:
        fetch(f"http://[{address}]/", allow_private=True)
    assert info.value.code == "blocked_address" and connections == []


def redirect_raw(location: bytes):
    def handler(conn, request):
        conn.sendall(
            b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )

    return handler


@pytest.mark.parametrize("address", ["::169.254.169.254", "::10.0.0.1", "::100.100.100.200", "64:ff9b::a9fe:a9fe"])
def test_redirect_from_a_public_host_to_an_embedded_form_is_refused(public_host, connections, address):
    public_host.route("/r.png", redirect_raw(f"http://[{address}]/x".encode()))
    with pytest.raises(FetchError) as info:
        fetch("http://images.example.com/r.png")
    assert info.value.code == "blocked_address"
    assert {c[0] for c in connections} == {"127.0.0.1"}  # the public host (rerouted to loopback) only
    assert len(public_host.hits) == 1


MALFORMED_LOCATIONS = {
    "unclosed bracket": b"http://[::1/",
    "unclosed bracket, relative": b"//[::1/x",
    "nfkc colon \u2a74": "http://images.example.com\u2a7480/x.png".encode(),
    "fullwidth colon": "http://a\uff1ab@images.example.com/x.png".encode(),
    "small colon": "http://images.example.com\ufe5580/x.png".encode(),
    "vertical colon": "http://images.example.com\ufe1380/x.png".encode(),
    "not utf-8": b"http://images.example.com/\xff\xfe\xfa.png",
    "not utf-8 in the host": b"http://im\xffages.example.com/x.png",
    "bad port": b"http://images.example.com:99999/x.png",
}


@pytest.mark.parametrize("name", MALFORMED_LOCATIONS)
def test_malformed_location_ends_in_a_verdict(public_host, connections, name):
    public_host.route("/r.png", redirect_raw(MALFORMED_LOCATIONS[name]))
    verdict, data = check_url("http://images.example.com/r.png", builtin(), None, allow_private=False)
    assert not verdict.ok and verdict.problems[0] in ("bad_url", "unreachable", "blocked_address")
    assert data is None
    assert all(c[0] == "127.0.0.1" for c in connections)


def test_malformed_location_gives_json_from_the_cli(faults):
    faults.route("/r.png", redirect_raw(b"http://[::1/"))
    done = subprocess.run(
        [sys.executable, "-m", "videogen", "check-image", faults.url + "/r.png"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "VIDEOGEN_ALLOW_PRIVATE_URLS": "1"},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["problems"] == ["bad_url"]


@pytest.fixture
def rebinding(monkeypatch):
    """`rebind.example` answers loopback the first time and the metadata address every time after."""
    real = socket.getaddrinfo
    answers = {"count": 0}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name == "rebind.example":
            answers["count"] += 1
            address = "127.0.0.1" if answers["count"] == 1 else "169.254.169.254"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        if name in ("127.0.0.1", "localhost", "::1"):
            return real(host, port, family, type, proto, flags)
        raise socket.gaierror(socket.EAI_NONAME, f"fake resolver: {name} does not resolve")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_dns_rebinding_cannot_reach_metadata_in_private_mode(faults, connections, rebinding):
    faults.route("/a.png", serve_bytes(images.make("PNG", (64, 36))))
    fetched = fetch(f"http://rebind.example:{faults.port}/a.png", allow_private=True)
    assert fetched.content.startswith(b"\x89PNG")
    assert rebinding["count"] == 1  # resolved once, connected to the address that was judged
    assert connections == [("127.0.0.1", faults.port)]
    assert faults.hits[0].headers.get("host") == f"rebind.example:{faults.port}"


def test_a_name_that_does_not_resolve_is_unreachable(rebinding, connections):
    for allow_private in (True, False):
        with pytest.raises(FetchError) as info:
            fetch("http://nowhere.example/a.png", allow_private=allow_private)
        assert info.value.code == "unreachable"
    assert connections == []
