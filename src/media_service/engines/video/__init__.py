"""Video: the timeline model (scenes on a time axis) and its renderer, built on the scene, encode and audio engines."""
