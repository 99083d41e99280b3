"""Providers are reported by /health/ready and /api/v1/capabilities, configured or not, with what to set."""

from __future__ import annotations


def test_health_ready_names_what_to_set(make_client) -> None:
    client = make_client({"HF_TOKEN": "hf_x"})
    deps = client.get("/health/ready").json()["dependencies"]
    assert deps["provider:openai"] == {"status": "not_configured", "required": False, "detail": "set OPENAI_API_KEY"}
    assert deps["provider:huggingface"]["status"] == "ok"
    assert client.get("/health/ready").status_code == 200  # providers are optional


def test_capabilities_list_providers(make_client) -> None:
    client = make_client({"REPLICATE_API_TOKEN": "r8_secret"})
    body = client.get("/api/v1/capabilities")
    providers = {p["name"]: p for p in body.json()["data"]["providers"]}
    assert providers["replicate"]["configured"] and not providers["gemini"]["configured"]
    assert providers["gemini"]["setting"] == "GOOGLE_API_KEY" and providers["local"]["local"]
    assert "r8_secret" not in body.text
