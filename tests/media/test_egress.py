"""The egress decision function on address literals and URL strings; no network."""

from __future__ import annotations

import ipaddress

import pytest

from media_service.errors import ValidationError
from media_service.media import (
    AddressClass,
    EgressDenied,
    EgressRules,
    check_address,
    classify_address,
    parse_host_literal,
    validate_url,
)

DEFAULT = EgressRules()
OPEN = EgressRules.create(block_private=False)  # EGRESS_BLOCK_PRIVATE=false, the development switch
STRICT = EgressRules.create(block_private=True)
STRICT_LOOPBACK_OK = EgressRules.create(block_private=True, allow_networks=["127.0.0.0/8", "10.1.0.0/16"])


def ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


ALWAYS_DENIED = [
    ("169.254.169.254", AddressClass.LINK_LOCAL),  # AWS/GCP/Azure metadata
    ("169.254.0.1", AddressClass.LINK_LOCAL),
    ("fe80::1", AddressClass.LINK_LOCAL),
    ("febf::ffff", AddressClass.LINK_LOCAL),
    ("fd00:ec2::254", AddressClass.METADATA),  # AWS IMDS over IPv6 (inside ULA space)
    ("100.100.100.200", AddressClass.METADATA),  # Alibaba metadata (inside CGNAT space)
    ("224.0.0.1", AddressClass.MULTICAST),
    ("239.255.255.250", AddressClass.MULTICAST),
    ("ff02::1", AddressClass.MULTICAST),
    ("0.0.0.0", AddressClass.UNSPECIFIED),
    ("0.1.2.3", AddressClass.UNSPECIFIED),
    ("::", AddressClass.UNSPECIFIED),
    ("255.255.255.255", AddressClass.BROADCAST),
    ("240.0.0.1", AddressClass.RESERVED),
    ("192.0.2.10", AddressClass.RESERVED),
    ("198.51.100.1", AddressClass.RESERVED),
    ("203.0.113.9", AddressClass.RESERVED),
    ("198.18.0.1", AddressClass.RESERVED),
    ("2001:db8::1", AddressClass.RESERVED),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", AddressClass.RESERVED),  # Teredo
    ("fec0::1", AddressClass.RESERVED),
    ("100::1", AddressClass.RESERVED),
    # IPv6 forms embedding a denied IPv4 address take the embedded class
    ("::ffff:169.254.169.254", AddressClass.LINK_LOCAL),
    ("::ffff:a9fe:a9fe", AddressClass.LINK_LOCAL),
    ("::169.254.169.254", AddressClass.LINK_LOCAL),  # IPv4-compatible
    ("2002:a9fe:a9fe::1", AddressClass.LINK_LOCAL),  # 6to4
    ("64:ff9b::169.254.169.254", AddressClass.LINK_LOCAL),  # NAT64 well-known prefix
    ("::ffff:0.0.0.0", AddressClass.UNSPECIFIED),
    ("::ffff:224.0.0.1", AddressClass.MULTICAST),
    ("64:ff9b:1::a9fe:a9fe", AddressClass.RESERVED),  # local-use NAT64
]

PRIVATE = [
    ("127.0.0.1", AddressClass.LOOPBACK),
    ("127.255.255.254", AddressClass.LOOPBACK),
    ("::1", AddressClass.LOOPBACK),
    ("10.0.0.1", AddressClass.PRIVATE),
    ("172.16.0.1", AddressClass.PRIVATE),
    ("172.31.255.255", AddressClass.PRIVATE),
    ("192.168.1.1", AddressClass.PRIVATE),
    ("100.64.0.1", AddressClass.PRIVATE),
    ("fd12:3456::1", AddressClass.PRIVATE),
    ("::ffff:127.0.0.1", AddressClass.LOOPBACK),
    ("::ffff:10.0.0.1", AddressClass.PRIVATE),
    ("2002:c0a8:0101::", AddressClass.PRIVATE),  # 6to4 of 192.168.1.1
    ("64:ff9b::10.0.0.1", AddressClass.PRIVATE),
]

PUBLIC = ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
          "2002:0808:0808::1", "64:ff9b::8.8.8.8"]


@pytest.mark.parametrize(("address", "cls"), ALWAYS_DENIED)
def test_always_denied_in_both_modes(address: str, cls: AddressClass) -> None:
    assert classify_address(ip(address)) is cls
    for policy in (DEFAULT, OPEN, STRICT, STRICT_LOOPBACK_OK, EgressRules.create(allow_networks=["0.0.0.0/0", "::/0"]),
                   EgressRules.create(allow_hosts=[address])):
        with pytest.raises(EgressDenied) as err:
            check_address(ip(address), policy, field="video_url")
        assert err.value.status == 400 and err.value.code == "VALIDATION_ERROR"
        assert err.value.errors == [{"field": "video_url", "message": err.value.message}]


@pytest.mark.parametrize(("address", "cls"), PRIVATE)
def test_private_and_loopback_refused_by_default_allowed_by_the_development_switch(address: str,
                                                                                   cls: AddressClass) -> None:
    assert classify_address(ip(address)) is cls
    check_address(ip(address), OPEN)
    for policy in (DEFAULT, STRICT):
        with pytest.raises(EgressDenied, match="EGRESS_BLOCK_PRIVATE") as err:
            check_address(ip(address), policy)
        assert err.value.details["reason"] == "refused"


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass_in_strict_mode(address: str) -> None:
    assert classify_address(ip(address)) is AddressClass.PUBLIC
    check_address(ip(address), STRICT)


def test_allow_networks_open_only_their_ranges_in_strict_mode() -> None:
    check_address(ip("127.0.0.1"), STRICT_LOOPBACK_OK)
    check_address(ip("::ffff:127.0.0.1"), STRICT_LOOPBACK_OK)  # mapped form of an allowed address
    check_address(ip("10.1.2.3"), STRICT_LOOPBACK_OK)
    with pytest.raises(EgressDenied):
        check_address(ip("10.2.0.1"), STRICT_LOOPBACK_OK)
    with pytest.raises(EgressDenied):
        check_address(ip("::1"), STRICT_LOOPBACK_OK)


@pytest.mark.parametrize(("host", "expected"), [
    ("2130706433", "127.0.0.1"),  # decimal
    ("0x7f000001", "127.0.0.1"),  # hex
    ("017700000001", "127.0.0.1"),  # octal
    ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("127.0.1", "127.0.0.1"),
    ("0x7F.0X00.0.01", "127.0.0.1"),
    ("127.0.0.1.", "127.0.0.1"),  # trailing dot
    ("169.254.43518", "169.254.169.254"),
    ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
    ("2852039166", "169.254.169.254"),
    ("0", "0.0.0.0"),
    ("0x", "0.0.0.0"),
    ("１２７．０．０．１", "127.0.0.1"),  # fullwidth digits and dots
    ("127。0。0。1", "127.0.0.1"),  # ideographic full stops
    ("[::1]", "::1"),
    ("[::ffff:169.254.169.254]", "::ffff:a9fe:a9fe"),
    ("[fe80::1%25eth0]", "fe80::1"),  # zone id, URL-encoded
    ("fe80::1%eth0", "fe80::1"),
    ("[0:0:0:0:0:ffff:7f00:1]", "::ffff:7f00:1"),
])
def test_parse_host_literal_encodings(host: str, expected: str) -> None:
    assert parse_host_literal(host) == ip(expected)


@pytest.mark.parametrize("host", ["example.com", "localhost", "127.0.0.1.nip.io", "1.2.3.example", "127.0.0.1..",
                                  "xn--n3h.com", "0x7f.example"])
def test_parse_host_literal_leaves_names_to_the_resolver(host: str) -> None:
    assert parse_host_literal(host) is None


@pytest.mark.parametrize("host", ["1.2.3.4.5", "256.0.0.1", "1.2.65536", "4294967296", "0x100.0.0.1", "09.0.0.1",
                                  "1..2.3", "[::g]", "[1.2.3.4]", "0x7g.1", "a.0x", "example.1", "1.2.3.08"])
def test_parse_host_literal_rejects_malformed_addresses(host: str) -> None:
    with pytest.raises(ValueError):
        parse_host_literal(host)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/",
    "http://2852039166/",
    "http://0xa9fea9fe/",
    "http://0251.0376.0251.0376/",
    "http://169.254.43518/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://169.254.169.254./",
    "http://allowed.example@169.254.169.254/",  # userinfo trick
    "http://allowed.example:pass@169.254.169.254/",
    "http://allowed.example\\@169.254.169.254/",  # backslash: browsers and parsers disagree
    "http://0.0.0.0:8080/",
    "http://[::]/",
    "http://224.0.0.1/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "ftp://example.com/a.mp4",
    "dict://127.0.0.1:11211/",
    "javascript:alert(1)",
    "http://exa mple.com/",
    "http://example.com/\r\nX-Injected: 1",
    "http://",
    "http://1.2.3.4.5/",
])
def test_validate_url_refuses(url: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_url(url, DEFAULT, field="image")
    assert err.value.errors[0]["field"] == "image"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://2130706433/", "http://0x7f.1/", "http://[::1]/",
                                 "http://localhost/a.png", "http://media.localhost./a.png", "http://10.0.0.5/",
                                 "http://192.168.0.10/x"])
def test_validate_url_private_targets_depend_on_mode(url: str) -> None:
    validate_url(url, OPEN)
    for policy in (DEFAULT, STRICT):
        with pytest.raises(EgressDenied):
            validate_url(url, policy)


@pytest.mark.parametrize(("rules", "url", "allowed"), [
    (["127.0.0.1:8080"], "http://127.0.0.1:8080/a", True),
    (["127.0.0.1:8080"], "http://127.1:8080/a", True),  # the same address, spelled otherwise
    (["127.0.0.1:8080"], "http://127.0.0.1:8081/a", False),  # another port of a trusted host
    (["127.0.0.1"], "http://127.0.0.1:9/a", True),  # no port: every port
    (["localhost:3000"], "http://LOCALHOST:3000/x", True),
    (["localhost:3000"], "http://127.0.0.1:3000/x", False),  # a rule trusts the name it gives
    (["http://10.0.0.7:11434/v1"], "http://10.0.0.7:11434/api", True),  # a provider base URL
    (["https://10.0.0.9"], "https://10.0.0.9/x", True),  # URL without port: its default port
    (["https://10.0.0.9"], "http://10.0.0.9/x", False),
    (["[::1]:81"], "http://[::1]:81/", True),
    (["10.0.0.7"], "http://10.0.0.8/", False),
])
def test_allow_hosts_trust_exactly_their_origins(rules: list[str], url: str, allowed: bool) -> None:
    policy = EgressRules.create(allow_hosts=rules)
    if allowed:
        validate_url(url, policy)
    else:
        with pytest.raises(EgressDenied):
            validate_url(url, policy)


def test_a_trusted_host_still_cannot_reach_metadata() -> None:
    with pytest.raises(EgressDenied, match="link-local"):
        validate_url("http://169.254.169.254/latest", EgressRules.create(allow_hosts=["169.254.169.254"]))


@pytest.mark.parametrize("rule", ["", "http://", "a@b:1", "host:0", "host:99999", "host:x"])
def test_malformed_allow_hosts_are_refused(rule: str) -> None:
    with pytest.raises(ValueError):
        EgressRules.create(allow_hosts=[rule])


@pytest.mark.parametrize("url", ["https://example.com/a.mp4?sig=a@b", "HTTP://Example.COM/x", "https://8.8.8.8/",
                                 "http://example.com#@169.254.169.254"])
def test_validate_url_accepts_public_urls(url: str) -> None:
    parsed = validate_url(url, STRICT)
    assert parsed.scheme in ("http", "https")
