"""Render capabilities: static ads, ad templates, briefs."""
