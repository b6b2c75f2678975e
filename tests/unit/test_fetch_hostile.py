"""Hostile URLs and hostile hosts: refused before any connection, or ended in bounded time."""

import socket
import time

import pytest

from tests import images
from tests.faultserver import reset, respond, serve_bytes
from videogen.catalog import builtin
from videogen.images.check import check_url
from videogen.images.fetch import FetchError, fetch

INTERNAL = [
    "http://127.0.0.1/a.png",
    "http://127.1.2.3/a.png",
    "http://localhost/a.png",
    "http://0.0.0.0/a.png",
    "http://10.0.0.1/a.png",
    "http://10.255.255.254/a.png",
    "http://172.16.0.1/a.png",
    "http://172.31.255.1/a.png",
    "http://192.168.0.1/a.png",
    "http://100.64.0.1/a.png",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/a.png",
    "http://[::ffff:127.0.0.1]/a.png",
    "http://[::ffff:10.0.0.1]/a.png",
    "http://[64:ff9b::7f00:1]/a.png",
    "http://[64:ff9b::a00:1]/a.png",
    "http://[2002:7f00:1::]/a.png",
    "http://[2002:a9fe:a9fe::]/a.png",
    "http://[fe80::1]/a.png",
    "http://[fd00::1]/a.png",
    "http://2130706433/a.png",
    "http://0x7f000001/a.png",
    "http://0177.0.0.1/a.png",
    "http://127.1/a.png",
    "http://167772161/a.png",
    "http://3232235521/a.png",
    "http://224.0.0.1/a.png",
    "http://240.0.0.1/a.png",
]


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_make_no_connection(fake_dns, connections, url):
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert info.value.code == "blocked_address"
    assert connections == []  # refused before connect(), not just answered with an error


def test_public_name_resolving_inside_makes_no_connection(fake_dns, connections):
    for name, address in {
        "cdn.example.com": "10.9.8.7",
        "metadata.example.com": "169.254.169.254",
        "v6.example.com": "::1",
        "mapped.example.com": "::ffff:192.168.1.1",
    }.items():
        fake_dns[name] = address
        with pytest.raises(FetchError) as info:
            fetch(f"http://{name}/a.png")
        assert info.value.code == "blocked_address", name
    assert connections == []


@pytest.mark.parametrize(
    "url,code",
    [
        ("file:///etc/passwd", "bad_url"),
        ("ftp://images.example.com/a.png", "bad_url"),
        ("gopher://images.example.com/", "bad_url"),
        ("data:image/png;base64,iVBORw0KGgo=", "bad_url"),
        ("javascript:alert(1)", "bad_url"),
        ("http://user:pass@images.example.com/a.png", "bad_url"),
        ("http://user@images.example.com/a.png", "bad_url"),
        ("http://images.example.com:22/a.png", "blocked_address"),
        ("https://images.example.com:8443/a.png", "blocked_address"),
        ("http://images.example.com:99999/", "bad_url"),
        ("http://images.example.com/" + "x" * 5000, "bad_url"),
        ("http://\u0000evil/a.png", "bad_url"),
        ("http://xn--/a.png", "bad_url"),
        ("http:///a.png", "bad_url"),
        ("//images.example.com/a.png", "bad_url"),
    ],
)
def test_refused_url_forms(fake_dns, connections, url, code):
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert info.value.code == code and connections == []


def test_non_ascii_host_is_resolved_as_idna(fake_dns, connections):
    fake_dns["xn--bcher-kva.example"] = "10.0.0.5"  # bücher.example, resolving inside
    with pytest.raises(FetchError) as info:
        fetch("http://bücher.example/a.png")
    assert info.value.code == "blocked_address" and connections == []


# --- a public host, reached for real (rerouted to loopback at the last step) -------------------


def test_a_public_host_is_fetched(public_host, connections):
    data = images.make("JPEG", (720, 1280))
    public_host.route("/a.jpg", serve_bytes(data))
    assert fetch("http://images.example.com/a.jpg").content == data
    assert connections == [("127.0.0.1", public_host.port)]
    assert public_host.hits[0].headers["host"] == "images.example.com"
    assert "authorization" not in public_host.hits[0].headers


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/admin",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://2130706433/",
    ],
)
def test_public_url_redirecting_inside_is_refused(public_host, connections, target):
    public_host.route("/r", lambda c, r: respond(c, 302, b"", {"Location": target}))
    with pytest.raises(FetchError) as info:
        fetch("http://images.example.com/r")
    assert info.value.code == "blocked_address"
    assert len(public_host.hits) == 1 and len(connections) == 1  # only the public host was ever contacted


def test_redirect_to_another_scheme_is_refused(public_host):
    public_host.route("/r", lambda c, r: respond(c, 301, b"", {"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError) as info:
        fetch("http://images.example.com/r")
    assert info.value.code == "bad_url"


# --- hostile hosts: each ends in bounded time with a verdict ------------------------------------


def test_reset_mid_body(faults):
    def cut(conn, request):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"\xff\xd8\xff" + b"x" * 5000)
        reset(conn)

    faults.route("/cut", cut)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(faults.url + "/cut", allow_private=True)
    assert info.value.code == "unreachable" and time.monotonic() - started < 3


def test_html_page_instead_of_an_image(faults):
    faults.route("/page", lambda c, r: respond(c, 200, b"<html><body>Login</body></html>", content_type="text/html"))
    verdict, _ = check_url(faults.url + "/page", builtin(), None, allow_private=True)
    assert verdict.problems == ["not_an_image"]


def test_lying_content_type_does_not_decide(faults):
    faults.route("/x.jpg", serve_bytes(images.make("GIF", (100, 60)), "image/jpeg"))
    verdict, _ = check_url(faults.url + "/x.jpg", builtin(), None, allow_private=True)
    assert verdict.format == "GIF" and verdict.problems == ["unsupported_format"]


def test_connection_refused_is_unreachable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/a.png", allow_private=True)
    assert info.value.code == "unreachable"


def test_no_proxy_from_the_environment(faults, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # a proxy that would fail if used
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    data = images.make("PNG", (32, 18))
    url = faults.route("/a.png", serve_bytes(data, "image/png"))
    assert fetch(url, allow_private=True).content == data
