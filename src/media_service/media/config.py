"""The media layer's own configuration: a small frozen value built once from `Settings` by the caller.

Keeping it separate from `Settings` lets the media layer (and its tests) run without the service's
settings machinery; `MediaConfig.create` applies the documented defaults.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = ["EgressPolicy", "EgressRules", "HostRule", "IPNetwork", "MediaConfig", "load_or_create_signing_key",
           "parse_host_rules"]

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
HostRule = tuple[str, int | None]  # (lower-case host without brackets, port or None for any port)

_MB = 1024 * 1024


class EgressPolicy(Protocol):
    """What the egress guard needs to decide: strict mode (private and loopback refused, the default),
    the networks strict mode still allows, and the origins (`host[:port]`) an operator trusts."""

    @property
    def block_private(self) -> bool: ...

    @property
    def allow_networks(self) -> tuple[IPNetwork, ...]: ...

    @property
    def allow_hosts(self) -> tuple[HostRule, ...]: ...


@dataclass(frozen=True, slots=True)
class EgressRules:
    """A stand-alone `EgressPolicy` for callers without a `MediaConfig` (webhooks, provider clients)."""

    block_private: bool = True
    allow_networks: tuple[IPNetwork, ...] = ()
    allow_hosts: tuple[HostRule, ...] = ()

    @classmethod
    def create(cls, *, block_private: bool = True, allow_networks: Iterable[str | IPNetwork] = (),
               allow_hosts: Iterable[str | HostRule] = (), trusted_origins: Iterable[str] = ()) -> EgressRules:
        """Build rules from CIDR strings (`EGRESS_ALLOW_NETWORKS`), `host[:port]` strings
        (`EGRESS_ALLOW_HOSTS`) and trusted origin URLs (configured provider base URLs: each one's
        host and port is trusted like an allow-listed host). A bad entry raises ValueError.
        """
        return cls(block_private=block_private, allow_networks=_parse_networks(allow_networks),
                   allow_hosts=parse_host_rules([*allow_hosts, *trusted_origins]))


@dataclass(frozen=True, slots=True)
class MediaConfig:
    """Everything the media layer reads. Directories are stored resolved (realpath) so that
    containment checks compare like with like even when a root itself is a symlink.
    """

    output_dir: Path
    temp_dir: Path
    upload_dir: Path
    signing_key: bytes
    input_roots: tuple[Path, ...] = ()
    output_roots: tuple[Path, ...] = ()
    max_file_size_bytes: int = 500 * _MB
    base64_max_bytes: int = 10 * _MB
    block_private: bool = True
    allow_networks: tuple[IPNetwork, ...] = ()
    allow_hosts: tuple[HostRule, ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_redirects: int = 5
    url_ttl_seconds: int = 86_400
    output_ttl_hours: float = 168.0
    upload_ttl_seconds: int = 86_400
    temp_ttl_hours: float = 24.0
    public_base_url: str | None = None
    files_base_path: str = "/api/v1/files/"

    def __post_init__(self) -> None:
        if len(self.signing_key) < 16:
            raise ValueError("MediaConfig.signing_key must be at least 16 bytes")
        if self.max_redirects < 0:
            raise ValueError("MediaConfig.max_redirects must be >= 0")
        # frozen dataclass: normalise through object.__setattr__ once, at construction.
        for name in ("output_dir", "temp_dir", "upload_dir"):
            object.__setattr__(self, name, _real(getattr(self, name)))
        inputs = self.input_roots or (self.output_dir, self.temp_dir, Path("media"))
        object.__setattr__(self, "input_roots", tuple(_real(p) for p in inputs))
        outputs = self.output_roots or (Path("exports"),)
        object.__setattr__(self, "output_roots", tuple(_real(p) for p in outputs))
        for root in self.output_roots:  # job directories belong to their job alone
            for own in (self.output_dir, self.temp_dir, self.upload_dir):
                if root == own or root.is_relative_to(own) or own.is_relative_to(root):
                    raise ValueError(f"export root {root} overlaps the service's own directory {own}; "
                                     "EXPORT_ROOTS must be separate from OUTPUT_DIR and TEMP_DIR")
        object.__setattr__(self, "allow_networks", _parse_networks(self.allow_networks))
        object.__setattr__(self, "allow_hosts", parse_host_rules(self.allow_hosts))

    @classmethod
    def create(
        cls,
        *,
        output_dir: str | os.PathLike[str],
        temp_dir: str | os.PathLike[str],
        upload_dir: str | os.PathLike[str] | None = None,
        signing_key: bytes,
        input_roots: Iterable[str | os.PathLike[str]] | None = None,
        output_roots: Iterable[str | os.PathLike[str]] | None = None,
        max_file_size_mb: float = 500,
        base64_max_mb: float = 10,
        block_private: bool = True,
        allow_networks: Iterable[str | IPNetwork] = (),
        allow_hosts: Iterable[str | HostRule] = (),
        **rest: object,
    ) -> MediaConfig:
        """Build from the units `Settings` uses (MB, CIDR strings). `upload_dir` defaults to
        TEMP_DIR/uploads; empty root lists mean the defaults (inputs: OUTPUT_DIR, TEMP_DIR, ./media;
        exports, where `output_path` may write: ./exports, never overlapping OUTPUT_DIR or TEMP_DIR). Remaining keyword arguments are fields of the dataclass.
        """
        temp = Path(temp_dir)
        return cls(
            output_dir=Path(output_dir),
            temp_dir=temp,
            upload_dir=Path(upload_dir) if upload_dir is not None else temp / "uploads",
            signing_key=signing_key,
            input_roots=tuple(Path(p) for p in input_roots or ()),
            output_roots=tuple(Path(p) for p in output_roots or ()),
            max_file_size_bytes=int(max_file_size_mb * _MB),
            base64_max_bytes=int(base64_max_mb * _MB),
            block_private=block_private,
            allow_networks=_parse_networks(allow_networks),
            allow_hosts=parse_host_rules(allow_hosts),
            **rest,  # type: ignore[arg-type]
        )

    def ensure_dirs(self) -> None:
        """Create OUTPUT_DIR, TEMP_DIR and the upload directory (at start-up)."""
        for d in (self.output_dir, self.temp_dir, self.upload_dir):
            d.mkdir(parents=True, exist_ok=True)


def load_or_create_signing_key(path: str | os.PathLike[str]) -> bytes:
    """The URL-signing key kept at `path` (e.g. DATA_DIR/signing.key), created on first use.

    Persisting it keeps signed file URLs valid across restarts; the file is created 0600 and
    exclusively, so two processes starting together end up with the same key.
    """
    target = Path(path)
    try:
        return target.read_bytes()
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return target.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(32))
    return target.read_bytes()


def _real(p: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.expanduser(os.fspath(p))))


def _parse_networks(items: Iterable[str | IPNetwork]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) if isinstance(n, str) else n for n in items)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_rule(item: str | HostRule) -> HostRule:
    if not isinstance(item, str):
        host, port = item
        return host.lower().strip("[]").rstrip("."), port
    text = item.strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    if not authority or "@" in authority:
        raise ValueError(f"{item!r} is not host[:port] or a URL")
    if authority.startswith("["):
        host, _, tail = authority[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else ""
        if tail and not tail.startswith(":"):
            raise ValueError(f"{item!r} is not host[:port] or a URL")
    elif authority.count(":") > 1:
        host, port_text = authority, ""  # a bare IPv6 address
    else:
        host, _, port_text = authority.partition(":")
    if port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        raise ValueError(f"{item!r} has an invalid port")
    port = int(port_text) if port_text else _DEFAULT_PORTS.get(scheme.lower()) if scheme else None
    if not host:
        raise ValueError(f"{item!r} has no host")
    return host.lower().rstrip("."), port


def parse_host_rules(items: Iterable[str | HostRule]) -> tuple[HostRule, ...]:
    """`host`, `host:port`, `[v6]:port` or a URL (its host and effective port) → host rules.

    A rule without a port trusts every port of the host. Raises ValueError for a malformed entry.
    """
    return tuple(dict.fromkeys(_host_rule(i) for i in items))
