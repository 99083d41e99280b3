"""`media-service`: serve, worker, openapi, keys, render."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from media_service.settings import ConfigError, Settings, load_settings

app = typer.Typer(help="Remotion Media Service: a local media-generation HTTP service.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

__all__ = ["app", "contract_app", "openapi_document"]


def _settings(**overrides: Any) -> Settings:
    try:
        return load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except ConfigError as exc:
        typer.echo(f"media-service: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1)")] = None,
          port: Annotated[int | None, typer.Option(help="Port (default 3100)")] = None,
          workers: Annotated[bool, typer.Option(help="Start the job workers with the API")] = True) -> None:
    """Start the API and its job workers together."""
    import uvicorn

    from media_service.app import create_app, start_warm_up
    from media_service.http.state import web_state
    from media_service.http.auth import ensure_local_key
    from media_service.logs import configure_logging, get_logger

    settings = _settings(host=host, port=port)
    configure_logging(settings.log_level, settings.log_format)
    log = get_logger("media_service.cli")
    try:
        local_key, generated = ensure_local_key(settings)
    except ConfigError as exc:
        typer.echo(f"media-service: {exc}", err=True)
        raise typer.Exit(2) from None
    if generated:
        # Shown once, on the start that created it; later starts only say where it is kept.
        typer.echo(f"No API key configured: generated one and saved it to {settings.data_dir / 'api_key'} (mode 0600).\n"
                   f"  API key: {local_key}\n  Use it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.", err=True)
    elif local_key:
        log.info("auth.local_key.loaded", path=str(settings.data_dir / "api_key"))
    application = create_app(settings, local_key=local_key)
    start_warm_up(settings, application.state.capabilities)
    handle = _start_workers(settings) if workers and settings.embedded_worker else None
    if handle is not None:
        # uvicorn re-raises SIGTERM after its shutdown, so `finally` below may never run: stop the
        # workers from the app's own shutdown too (stop() is idempotent).
        web_state(application).on_shutdown.append(handle.stop)
    scheme = "https" if settings.tls_cert_file else "http"
    log.info("service.started", url=f"{scheme}://{settings.host}:{settings.port}", workers=handle is not None)
    try:
        uvicorn.run(application, host=settings.host, port=settings.port, log_config=None, access_log=False,
                    ssl_certfile=str(settings.tls_cert_file) if settings.tls_cert_file else None,
                    ssl_keyfile=str(settings.tls_key_file) if settings.tls_key_file else None)
    finally:
        if handle is not None:
            handle.stop()


def _start_workers(settings: Settings) -> Any:
    try:
        from media_service.jobs import start_workers
    except ImportError:
        return None
    return start_workers(settings, module="media_service.workers")


@app.command()
def worker(queues: Annotated[str, typer.Option(help="Comma-separated queues to consume")] = "cpu,io") -> None:
    """Run job workers only (for scale-out: many machines, one queue)."""
    from media_service.logs import configure_logging

    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    try:
        from media_service.jobs import run_worker
        from media_service.workers import context_services
    except ImportError:
        typer.echo("media-service: the job engine is not installed in this build", err=True)
        raise typer.Exit(1) from None
    run_worker(settings, [q.strip() for q in queues.split(",") if q.strip()], context=context_services())


def contract_app(directory: Path) -> Any:
    """The app whose OpenAPI document is the contract: default settings (no config file, no environment),
    its state in `directory`, one key `openapi`."""
    from media_service.app import create_app

    settings = load_settings({}, config_file=directory / "none.yaml", data_dir=directory / "d",
                             output_dir=directory / "o", temp_dir=directory / "t", api_key="openapi")
    return create_app(settings)


def openapi_document() -> dict[str, Any]:
    """The contract app's OpenAPI document (what `openapi/openapi.json` holds): it depends only on the code,
    not on this machine's state."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="media-service-openapi-") as name:
        spec: dict[str, Any] = contract_app(Path(name)).openapi()
        return spec


@app.command()
def openapi(fmt: Annotated[str, typer.Option("--format", help="json or yaml")] = "json",
            output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file")] = None) -> None:
    """Print the OpenAPI document (default settings, sorted keys: `make openapi` commits it)."""
    import yaml

    from media_service.http.operations import contract_json

    spec = openapi_document()
    text = contract_json(spec) if fmt == "json" else yaml.safe_dump(spec, sort_keys=False) + "\n"
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
    else:
        sys.stdout.write(text)


@app.command()
def render(file: Annotated[Path, typer.Argument(help="A Timeline JSON (the /render/scene body or its `timeline`)",
                                                exists=True, dir_okay=False)],
           output: Annotated[Path, typer.Option("-o", "--output", help="The video to write (.mp4, .webm, .gif)")],
           quality: Annotated[str, typer.Option(help="preview or production")] = "production",
           fmt: Annotated[str | None, typer.Option("--format", help="mp4, webm or gif (default: by suffix)")] = None,
           preset: Annotated[str | None, typer.Option(help="x264 preset (mp4) or libvpx cpu-used (webm)")] = None,
           poster: Annotated[Path | None, typer.Option(help="Also save a poster frame (.jpg/.png)")] = None) -> None:
    """Render a JSON file to a video here, without a server (references: paths, URLs, data: URIs, track ids)."""
    from media_service.capabilities.render import RENDER_INPUTS
    from media_service.capabilities.render.video.service import render_file
    from media_service.errors import ServiceError
    from media_service.media.music import music_library

    settings = _settings()
    if quality not in ("preview", "production") or fmt not in (None, "mp4", "webm", "gif"):
        typer.echo("media-service: --quality is preview|production, --format mp4|webm|gif", err=True)
        raise typer.Exit(2)
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = 100 * done // max(total, 1)
        if percent // 10 != shown // 10:
            shown = percent
            typer.echo(f"  {percent:3d}% ({done}/{total} frames)", err=True)

    try:
        result = render_file(file, output, inputs=RENDER_INPUTS, quality=quality, format=fmt, preset=preset, poster=poster,  # type: ignore[arg-type]
                             music=music_library(settings), progress=progress,
                             log=lambda message: typer.echo(f"  {message}", err=True))
    except ServiceError as exc:
        typer.echo(f"media-service: {exc.message}", err=True)
        for error in exc.details.get("errors", []):
            typer.echo(f"  {error['field']}: {error['message']}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {result.path} ({result.duration_seconds:.2f} s, {result.width}x{result.height} @ "
               f"{result.fps:g} fps, {result.size_bytes / 1e6:.2f} MB) in {result.render_seconds:.2f} s")


@keys_app.command("create")
def keys_create(scopes: Annotated[str, typer.Option(help="Comma-separated: read,write,admin")] = "read,write",
                name: Annotated[str | None, typer.Option(help="A name shown in logs instead of the key id")] = None,
                expires_at: Annotated[datetime | None, typer.Option(help="Expiry (ISO 8601)")] = None) -> None:
    """Print a new key and the hashed entry to put in the configuration."""
    from media_service.http.auth import ALL_SCOPES, hash_key, new_key

    wanted = [s.strip() for s in scopes.split(",") if s.strip()]
    bad = [s for s in wanted if s not in ALL_SCOPES]
    if bad or not wanted:
        typer.echo(f"media-service: --scopes: unknown scope(s) {bad or wanted}; use read, write, admin", err=True)
        raise typer.Exit(2)
    key = new_key()
    entry: dict[str, Any] = {"key_sha256": hash_key(key), "scopes": wanted}
    if name:
        entry["name"] = name
    if expires_at:
        entry["expires_at"] = expires_at.isoformat()
    typer.echo(f"key: {key}")
    typer.echo(f"REMOTION_SERVICE_API_KEYS entry: {json.dumps(entry)}")
    typer.echo("service.yaml (api.keys):\n" + "\n".join(
        f"  {'- ' if i == 0 else '  '}{k}: {json.dumps(v)}" for i, (k, v) in enumerate(entry.items())))


if __name__ == "__main__":
    app()
