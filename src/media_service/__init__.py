"""Remotion Media Service: a local media-generation HTTP service."""

__version__ = "0.1.0"
