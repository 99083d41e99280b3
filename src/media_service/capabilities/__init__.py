"""One package per capability group: schemas.py (requests/results), router.py (thin), jobs.py (handlers).

Importing this package (the job registry's `load_capabilities` does, in the API and in every worker)
gives job handlers their `ctx.inputs` / `ctx.outputs`.
"""

from media_service.media.service import register_context_extensions

register_context_extensions()
