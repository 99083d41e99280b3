"""`python -m media_service.jobs`: one worker process (what `start_workers` spawns for `serve`)."""

from __future__ import annotations

import argparse
import sys

from media_service.jobs.queue import QUEUES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m media_service.jobs", description="Run a job worker")
    parser.add_argument("--queues", default=",".join(QUEUES), help="comma-separated: cpu,io,gpu")
    parser.add_argument("--settings-stdin", action="store_true", help="read the settings as JSON from stdin")
    parser.add_argument("--exit-with-parent", action="store_true", help="stop when the parent process dies")
    args = parser.parse_args(argv)

    from media_service.jobs.worker import run_worker, settings_from_json
    from media_service.logs import configure_logging
    from media_service.settings import load_settings

    settings = settings_from_json(sys.stdin.read()) if args.settings_stdin else load_settings()
    configure_logging(settings.log_level, settings.log_format)
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    run_worker(settings, queues, exit_with_parent=args.exit_with_parent)


if __name__ == "__main__":
    main()
