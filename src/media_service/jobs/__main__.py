"""`python -m media_service.jobs`: one worker process with no outside services on its context (the
service runs `python -m media_service.workers`, which calls `main` with the media layer wired in)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from media_service.jobs.context import ContextServices


def main(argv: list[str] | None = None, *, context: ContextServices | None = None) -> None:
    """Parse the worker's command line and run it until it is told to stop."""
    parser = argparse.ArgumentParser(prog="python -m media_service.jobs", description="Run a job worker")
    parser.add_argument("--queues", default="cpu,io,gpu", help="comma-separated: cpu,io,gpu")
    parser.add_argument("--settings-stdin", action="store_true", help="read the settings as JSON from stdin")
    parser.add_argument("--exit-with-parent", type=int, metavar="PID", default=None,
                        help="stop when process PID (our parent) is gone")
    args = parser.parse_args(argv)
    if args.exit_with_parent:
        import os

        from media_service.jobs.worker import die_with_parent

        die_with_parent()  # before the slow imports below: a parent that dies meanwhile takes us along
        if os.getppid() != args.exit_with_parent:  # it died before we asked: nobody wants us
            raise SystemExit(0)

    from media_service.jobs.worker import run_worker, settings_from_json
    from media_service.logs import configure_logging
    from media_service.settings import load_settings

    settings = settings_from_json(sys.stdin.read()) if args.settings_stdin else load_settings()
    configure_logging(settings.log_level, settings.log_format)
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    run_worker(settings, queues, parent_pid=args.exit_with_parent, context=context)


if __name__ == "__main__":
    main()
