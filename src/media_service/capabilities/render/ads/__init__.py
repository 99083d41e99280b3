"""Static ads: `POST /render/static-ad` (PRD §6.1.2), `POST /render/ad-template` and the shipped-template
catalogue, as jobs on the `cpu` queue over the scene engine. The render group mounts `router.build_router`
and imports `jobs` (job types `render.static_ad`, `render.ad_template`)."""
