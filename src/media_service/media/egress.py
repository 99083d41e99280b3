"""The egress guard's decisions: which addresses and URLs the service may fetch from.

Two layers use these functions. `validate_url` runs at submission time and before every redirect
hop (scheme, userinfo, literal-IP hosts); the guarded transport (`transport.py`) runs
`check_address` on every address a hostname resolves to, right before connecting to that address.

Address classes (`AddressClass`):
- always denied: unspecified, link-local (incl. cloud metadata), multicast, broadcast, reserved;
- denied in strict mode (`block_private`, the default) unless inside `allow_networks` or reached
  through a trusted origin (`allow_hosts`: EGRESS_ALLOW_HOSTS and configured provider base URLs):
  loopback, private;
- public: everything else.
IPv6 forms that embed an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by the
embedded address too, so `::ffff:169.254.169.254` is link-local.
"""

from __future__ import annotations

import enum
import ipaddress
import re
import unicodedata

import httpx

from ..errors import ValidationError
from .config import EgressPolicy

__all__ = [
    "AddressClass",
    "EgressDenied",
    "IPAddress",
    "check_address",
    "classify_address",
    "host_trusted",
    "parse_host_literal",
    "validate_url",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class EgressDenied(ValidationError):
    """A URL or address the egress guard refuses (400 VALIDATION_ERROR)."""


class AddressClass(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    LOOPBACK = "loopback"
    LINK_LOCAL = "link-local"
    METADATA = "cloud-metadata"
    MULTICAST = "multicast"
    UNSPECIFIED = "unspecified"
    BROADCAST = "broadcast"
    RESERVED = "reserved"


_ALWAYS_DENIED = frozenset({AddressClass.LINK_LOCAL, AddressClass.METADATA, AddressClass.MULTICAST,
                            AddressClass.UNSPECIFIED, AddressClass.BROADCAST, AddressClass.RESERVED})

# Checked in order; the first match wins. Explicit tables rather than `ipaddress.is_*` because
# those flags changed between Python releases and do not look inside NAT64 addresses.
_TABLE: tuple[tuple[str, AddressClass], ...] = (
    # Metadata endpoints that are not link-local: Alibaba (CGNAT range) and AWS over IPv6 (ULA).
    ("100.100.100.200/32", AddressClass.METADATA),
    ("fd00:ec2::254/128", AddressClass.METADATA),
    ("255.255.255.255/32", AddressClass.BROADCAST),
    ("0.0.0.0/8", AddressClass.UNSPECIFIED),
    ("::/128", AddressClass.UNSPECIFIED),
    ("169.254.0.0/16", AddressClass.LINK_LOCAL),
    ("fe80::/10", AddressClass.LINK_LOCAL),
    ("224.0.0.0/4", AddressClass.MULTICAST),
    ("ff00::/8", AddressClass.MULTICAST),
    ("127.0.0.0/8", AddressClass.LOOPBACK),
    ("::1/128", AddressClass.LOOPBACK),
    ("10.0.0.0/8", AddressClass.PRIVATE),
    ("172.16.0.0/12", AddressClass.PRIVATE),
    ("192.168.0.0/16", AddressClass.PRIVATE),
    ("100.64.0.0/10", AddressClass.PRIVATE),  # carrier-grade NAT: reaches the provider's side
    ("fc00::/7", AddressClass.PRIVATE),
    ("240.0.0.0/4", AddressClass.RESERVED),
    ("192.0.0.0/24", AddressClass.RESERVED),
    ("192.0.2.0/24", AddressClass.RESERVED),
    ("198.51.100.0/24", AddressClass.RESERVED),
    ("203.0.113.0/24", AddressClass.RESERVED),
    ("198.18.0.0/15", AddressClass.RESERVED),
    ("::/8", AddressClass.RESERVED),  # leftovers of ::/8 once mapped/compatible forms are unwrapped
    ("100::/64", AddressClass.RESERVED),
    ("2001::/23", AddressClass.RESERVED),  # IETF protocol assignments, Teredo included
    ("2001:db8::/32", AddressClass.RESERVED),
    ("64:ff9b:1::/48", AddressClass.RESERVED),  # local-use NAT64: embedding length unknown
    ("fec0::/10", AddressClass.RESERVED),
)
_NETWORKS = tuple((ipaddress.ip_network(cidr), cls) for cidr, cls in _TABLE)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    value = int(ip)
    if ip in _NAT64:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if value >> 32 == 0 and value > 1:  # IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        return ipaddress.IPv4Address(value)
    return None


def _table_class(ip: IPAddress) -> AddressClass:
    for net, cls in _NETWORKS:
        if ip.version == net.version and ip in net:
            return cls
    return AddressClass.PUBLIC


def _strip_scope(ip: IPAddress) -> IPAddress:
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        return ipaddress.IPv6Address(int(ip))
    return ip


def classify_address(ip: IPAddress) -> AddressClass:
    """The class of one address; an IPv6 form embedding IPv4 takes the stricter of both classes."""
    ip = _strip_scope(ip)
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            inner_cls = _table_class(inner)
            return inner_cls if inner_cls is not AddressClass.PUBLIC else _wrapper_class(ip)
    return _table_class(ip)


def _wrapper_class(ip: ipaddress.IPv6Address) -> AddressClass:
    # The wrapper prefixes (::ffff:0:0/96, 2002::/16, 64:ff9b::/96, ::/96) are transport for a
    # public IPv4 address, so they are public themselves; everything else keeps its own class.
    transport = ip in _NAT64 or int(ip) >> 32 in (0, 0xFFFF)
    cls = _table_class(ip)
    return AddressClass.PUBLIC if cls is AddressClass.RESERVED and transport else cls


def _allowed_by_network(ip: IPAddress, policy: EgressPolicy) -> bool:
    ip = _strip_scope(ip)
    candidates: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
        candidates.append(inner)
    return any(c.version == n.version and c in n for c in candidates for n in policy.allow_networks)


def check_address(ip: IPAddress, policy: EgressPolicy, *, field: str | None = None, trusted: bool = False) -> None:
    """Raise `EgressDenied` unless the service may connect to `ip` under `policy`.

    `trusted` (the URL's origin is in `policy.allow_hosts`) lifts the private/loopback rule only;
    the always-denied classes (metadata, link-local, ...) stay denied.
    """
    cls = classify_address(ip)
    if cls in _ALWAYS_DENIED:
        raise EgressDenied(f"refused: the destination is a {cls.value} address", field=field,
                           details={"reason": "refused", "address_class": cls.value})
    if cls in (AddressClass.LOOPBACK, AddressClass.PRIVATE) and policy.block_private \
            and not trusted and not _allowed_by_network(ip, policy):
        raise EgressDenied(f"refused: the destination is a {cls.value} address (EGRESS_BLOCK_PRIVATE is on; "
                           "an operator can trust an origin with EGRESS_ALLOW_HOSTS)",
                           field=field, details={"reason": "refused", "address_class": cls.value})


def host_trusted(host: str, port: int | None, policy: EgressPolicy) -> bool:
    """Whether `host:port` is one of the origins `policy.allow_hosts` trusts.

    Hosts compare case-insensitively without a trailing dot; IP literals compare as addresses
    (so `127.1` matches a rule for `127.0.0.1`). A rule without a port matches every port.
    """
    rules = getattr(policy, "allow_hosts", ())
    if not rules:
        return False
    name = host.lower().strip("[]").rstrip(".")
    try:
        literal = parse_host_literal(name)
    except ValueError:
        return False
    for rule_host, rule_port in rules:
        if rule_port is not None and rule_port != port:
            continue
        if rule_host == name:
            return True
        if literal is not None:
            try:
                if parse_host_literal(rule_host) == literal:
                    return True
            except ValueError:
                continue
    return False


_IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_HEX = re.compile(r"0[xX][0-9a-fA-F]*")
_OCT = re.compile(r"0[0-7]+")
_DEC = re.compile(r"[1-9][0-9]*|0")
_DIGITS = re.compile(r"[0-9]+")


def _ipv4_number(part: str) -> int | None:
    """WHATWG "IPv4 number parser": 0x.. hex, 0.. octal (so `09` is invalid), else decimal; None
    when not a number.
    """
    if _HEX.fullmatch(part):
        return int(part[2:] or "0", 16)
    if _OCT.fullmatch(part):
        return int(part, 8)
    if _DEC.fullmatch(part):
        return int(part, 10)
    return None


def _parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # one trailing dot is the DNS root, as browsers and resolvers treat it
    if not parts or not (_DIGITS.fullmatch(parts[-1]) or _ipv4_number(parts[-1]) is not None):
        return None  # does not end in a number: a domain name, resolved later
    numbers = [_ipv4_number(p) for p in parts]
    if len(parts) > 4 or any(n is None for n in numbers):
        raise ValueError(f"invalid IPv4 address {host!r}")
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        raise ValueError(f"invalid IPv4 address {host!r}")
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def parse_host_literal(host: str) -> IPAddress | None:
    """The IP address a URL host denotes literally, or None for a domain name to resolve.

    Accepts what browsers and `inet_aton` accept: `2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`,
    a trailing dot, fullwidth digits and dots, `[v6]` brackets and `%zone` ids. Raises ValueError
    for something that looks like an address but is not a valid one (`1.2.3.4.5`, `256.0.0.1`).
    """
    h = unicodedata.normalize("NFKC", host).translate(_IDEOGRAPHIC_DOTS).strip().lower()
    bracketed = h.startswith("[") and h.endswith("]")
    if bracketed:
        h = h[1:-1]
    if bracketed or ":" in h:
        h = h.split("%", 1)[0]  # zone id (`%25eth0` in URLs): does not change the address class
        try:
            return ipaddress.IPv6Address(h)
        except ValueError:
            raise ValueError(f"invalid IPv6 address {host!r}") from None
    return _parse_ipv4(h)


def _is_localhost_name(host: str) -> bool:
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")  # RFC 6761: always loopback


def validate_url(url: str, policy: EgressPolicy, *, field: str | None = None) -> httpx.URL:
    """Check a media or webhook URL without network access and return it parsed.

    Rejects non-http(s) schemes, credentials in the authority (`http://allowed@169.254.169.254/`),
    backslashes, whitespace and control characters, and literal-IP hosts `check_address` denies.
    Domain names are checked again when they resolve, inside the guarded transport.
    """
    if any(ch == "\\" or ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise EgressDenied("URL contains backslashes, whitespace or control characters", field=field)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        raise EgressDenied("URL is not valid", field=field) from None
    if parsed.scheme not in ("http", "https"):
        raise EgressDenied(f"URL scheme {parsed.scheme or '(none)'!r} is not allowed; use http or https", field=field)
    authority = re.split(r"[/?#]", url.split("//", 1)[-1], maxsplit=1)[0]
    if parsed.userinfo or "@" in authority:
        raise EgressDenied("URLs with credentials (user@host) are not accepted", field=field)
    if not parsed.host:
        raise EgressDenied("URL has no host", field=field)
    try:
        literal = parse_host_literal(parsed.host)
    except ValueError as exc:
        raise EgressDenied(str(exc), field=field) from None
    trusted = host_trusted(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80), policy)
    if literal is not None:
        check_address(literal, policy, field=field, trusted=trusted)
    elif _is_localhost_name(parsed.host):
        check_address(ipaddress.IPv4Address("127.0.0.1"), policy, field=field, trusted=trusted)
    return parsed
