"""The worker processes' composition root (app.py is the API's): the job runtime, with the media
layer's `ctx.inputs` / `ctx.outputs` and the provider layer's registry (`ctx.providers`) wired into
every handler's context.

    python -m media_service.workers --queues cpu,io,gpu     what `serve` starts (and restarts)

Nothing below this module knows the others: jobs declares what its context needs as Protocols
(jobs/context.py), media provides it, and this module joins the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.jobs.context import ContextServices
from media_service.media.service import JobInputs, JobOutputs, media_services
from media_service.providers import ProviderRegistry, registry_for

if TYPE_CHECKING:
    from media_service.jobs.context import JobContext

__all__ = ["context_services", "job_inputs", "job_outputs", "job_providers", "main"]


def job_inputs(ctx: JobContext) -> JobInputs:
    """`ctx.inputs`: media references resolved into the job's workdir."""
    return JobInputs(ctx, media_services(ctx.settings))


def job_outputs(ctx: JobContext) -> JobOutputs:
    """`ctx.outputs`: files under OUTPUT_DIR/<job_id>/."""
    return JobOutputs(ctx, media_services(ctx.settings))


def job_providers(ctx: JobContext) -> ProviderRegistry:
    """`ctx.providers`: this process's provider registry (adapters are built on first use). Keyed by the
    settings object, not its JSON: a JSON dump masks the keys (SecretStr) the adapters need."""
    return registry_for(ctx.settings)


def context_services() -> ContextServices:
    """The factories every worker's JobContext is built with (module-level: cpu children unpickle them)."""
    return ContextServices(inputs=job_inputs, outputs=job_outputs, providers=job_providers)


def main(argv: list[str] | None = None) -> None:
    """`python -m media_service.workers`: `python -m media_service.jobs` with the services wired in."""
    from media_service.jobs.__main__ import main as jobs_main

    jobs_main(argv, context=context_services())


if __name__ == "__main__":
    main()
