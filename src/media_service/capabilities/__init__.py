"""One package per capability group: schemas.py (requests/results), router.py (thin), jobs.py (handlers).

Handlers get `ctx.inputs` / `ctx.outputs` from the worker's composition root (`media_service.workers`).
"""
