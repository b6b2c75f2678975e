import gzip
import time

import pytest

from tests import images
from tests.faultserver import respond, serve_bytes
from videogen.images.fetch import FetchError, check_url, fetch


def redirect_to(location):
    return lambda c, r: respond(c, 302, b"", {"Location": location})


def test_fetch_whole_file_from_loopback_when_allowed(faults):
    data = images.make("PNG", (320, 180))
    url = faults.route("/a.png", serve_bytes(data, "image/png"))
    got = fetch(url, allow_private=True)
    assert got.content == data and got.complete and got.total_bytes == len(data)
    assert "authorization" not in faults.hits[0].headers


def test_ranged_read_reads_only_the_start(faults):
    data = images.noisy_jpeg((1920, 1080))
    url = faults.route("/big.jpg", serve_bytes(data))
    got = fetch(url, allow_private=True, first_bytes=4096)
    assert len(got.content) == 4096 and got.total_bytes == len(data) and not got.complete
    assert faults.hits[0].headers["range"] == "bytes=0-4095"


def test_server_ignoring_ranges_is_read_only_that_far(faults):
    data = images.noisy_jpeg((1920, 1080))
    url = faults.route("/big.jpg", serve_bytes(data, ranges=False))
    got = fetch(url, allow_private=True, first_bytes=4096)
    assert len(got.content) == 4096 and got.total_bytes == len(data) and not got.complete


def test_loopback_is_blocked_by_default(faults):
    url = faults.route("/a.png", serve_bytes(b"x"))
    with pytest.raises(FetchError) as info:
        fetch(url.replace(f":{faults.port}", ""))
    assert info.value.code == "blocked_address"
    assert faults.hits == []


def test_non_standard_port_is_blocked_by_default(faults):
    url = faults.route("/a.png", serve_bytes(b"x"))
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert info.value.code == "blocked_address" and faults.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.7/a.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/a.png",
        "http://[::1]/a.png",
        "http://0.0.0.0/a.png",
        "http://2130706433/a.png",
        "http://0x7f000001/a.png",
        "http://100.64.0.1/a.png",
        "http://[::ffff:127.0.0.1]/a.png",
        "http://[64:ff9b::a00:1]/a.png",
        "http://[2002:a00:1::]/a.png",
        "http://172.16.5.4/a.png",
    ],
)
def test_internal_addresses_are_refused_without_a_connection(fake_dns, url):
    # The socket guard (pytest.ini) fails the test on any connection outside loopback.
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert info.value.code == "blocked_address"


def test_public_name_resolving_to_private_is_refused(fake_dns):
    fake_dns["images.example.com"] = "10.1.2.3"
    with pytest.raises(FetchError) as info:
        fetch("https://images.example.com/photo.jpg")
    assert info.value.code == "blocked_address"


@pytest.mark.parametrize(
    "url,code",
    [
        ("file:///etc/passwd", "bad_url"),
        ("ftp://x.example/a.png", "bad_url"),
        ("gopher://x.example/", "bad_url"),
        ("data:image/png;base64,AAAA", "bad_url"),
        ("javascript:alert(1)", "bad_url"),
        ("http://user:pass@x.example/a.png", "bad_url"),
        ("http://x.example:8080/a.png", "blocked_address"),
        ("http://x.example/" + "a" * 3000, "bad_url"),
        ("", "bad_url"),
        ("http://exa mple.com/a.png", "bad_url"),
    ],
)
def test_url_policy(url, code):
    with pytest.raises(FetchError) as info:
        check_url(url, allow_private=False)
    assert info.value.code == code and info.value.message


def test_redirect_to_internal_is_checked_again(faults):
    url = faults.route("/r", redirect_to("http://169.254.169.254/latest/meta-data/"))
    with pytest.raises(FetchError) as info:
        fetch(url, allow_private=True)  # loopback start allowed; the hop is checked again, and refused
    assert len(faults.hits) == 1
    assert info.value.code == "blocked_address"


def test_redirects_followed_up_to_three(faults):
    data = images.make("PNG", (32, 18))
    faults.route("/img", serve_bytes(data, "image/png"))
    faults.route("/r1", redirect_to("/r2"))
    faults.route("/r2", redirect_to("/r3"))
    faults.route("/r3", redirect_to("/img"))
    assert fetch(faults.url + "/r1", allow_private=True).content == data
    faults.route("/r0", redirect_to("/r1"))
    with pytest.raises(FetchError, match="redirects more than 3"):
        fetch(faults.url + "/r0", allow_private=True)


def test_redirect_loop_ends(faults):
    faults.route("/loop", redirect_to("/loop"))
    with pytest.raises(FetchError, match="redirects"):
        fetch(faults.url + "/loop", allow_private=True)


def test_oversized_with_and_without_length(faults):
    big = b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024 + 10)
    faults.route("/len", serve_bytes(big, ranges=False))
    faults.route("/nolen", serve_bytes(big, ranges=False, length=False))
    for path in ("/len", "/nolen"):
        with pytest.raises(FetchError) as info:
            fetch(faults.url + path, allow_private=True)
        assert info.value.code == "too_large"


def test_gzip_bomb_is_capped(faults):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    faults.route("/bomb", lambda c, r: respond(c, 200, bomb, {"Content-Encoding": "gzip"}, "image/png"))
    with pytest.raises(FetchError) as info:
        fetch(faults.url + "/bomb", allow_private=True)
    assert info.value.code == "too_large"


def test_short_body_is_unreachable(faults):
    def short(conn, request):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n" + b"x" * 100)

    faults.route("/short", short)
    with pytest.raises(FetchError) as info:
        fetch(faults.url + "/short", allow_private=True)
    assert info.value.code == "unreachable"


def test_slow_drip_hits_the_deadline(faults):
    def drip(conn, request):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n")
        for _ in range(100):
            conn.sendall(b"x")
            time.sleep(0.1)

    faults.route("/drip", drip)
    started = time.monotonic()
    with pytest.raises(FetchError, match="too slow"):
        fetch(faults.url + "/drip", allow_private=True, deadline=1.0)
    assert time.monotonic() - started < 3


def test_stall_hits_the_read_timeout(faults):
    def stall(conn, request):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\nabc")
        time.sleep(5)

    faults.route("/stall", stall)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(faults.url + "/stall", allow_private=True, timeout=(1, 0.5))
    assert info.value.code == "unreachable" and time.monotonic() - started < 3


def test_http_error_status(faults):
    faults.route("/gone", lambda c, r: respond(c, 404, b"nope", content_type="text/plain"))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(faults.url + "/gone", allow_private=True)
