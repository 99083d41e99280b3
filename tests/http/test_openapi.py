"""The OpenAPI document is valid, served as JSON and YAML, and Swagger UI is served offline."""

from __future__ import annotations

import re

import yaml
from openapi_spec_validator import validate


def test_openapi_json_and_yaml_valid_and_equal(make_client):
    client = make_client()
    spec = client.get("/api/v1/openapi.json").json()
    validate(spec)
    assert spec["info"]["title"] == "Remotion Media Service"
    as_yaml = yaml.safe_load(client.get("/api/v1/openapi.yaml").text)
    assert as_yaml == spec


def test_swagger_ui_is_served_from_the_service(make_client):
    client = make_client()
    html = client.get("/api/v1/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert url.startswith("/api/v1/"), f"external asset {url}"  # no CDN: the machine may be offline
        resp = client.get(url)
        assert resp.status_code == 200 and len(resp.content) > 100, url


def test_docs_public_flag_opens_docs_only(make_client):
    client = make_client({"DOCS_PUBLIC": "true"}, key=None)
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/capabilities").status_code == 401


def test_capabilities_lists_endpoints_with_scope(make_client):
    client = make_client()
    entries = client.get("/api/v1/capabilities").json()["data"]["endpoints"]
    by_path = {(e["method"], e["path"]): e for e in entries}
    assert by_path[("GET", "/api/v1/capabilities")]["scope"] == "read"
    assert by_path[("GET", "/health")]["scope"] == "none"
    assert all(isinstance(e["available"], bool) for e in entries)
