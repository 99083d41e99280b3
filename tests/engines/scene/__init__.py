"""Scene engine tests."""
