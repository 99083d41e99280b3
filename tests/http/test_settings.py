"""Configuration: defaults < config/service.yaml < environment; bad values name the setting."""

from __future__ import annotations

import pytest

from media_service.settings import ConfigError, load_settings


def test_precedence(tmp_path):
    cfg = tmp_path / "service.yaml"
    cfg.write_text("service:\n  port: 4100\napi:\n  rate_limit:\n    requests_per_minute: 7\n"
                   "jobs:\n  retry:\n    backoff_ms: 50\n")
    s = load_settings({}, config_file=cfg)
    assert (s.port, s.rate_limit_per_minute, s.job_retry_backoff_ms, s.rate_limit_per_hour) == (4100, 7, 50, 1000)
    s = load_settings({"REMOTION_SERVICE_PORT": "4200"}, config_file=cfg)
    assert s.port == 4200 and s.rate_limit_per_minute == 7
    assert load_settings({}, config_file=tmp_path / "absent.yaml").port == 3100


@pytest.mark.parametrize(("env", "yaml_text", "named"), [
    ({"REMOTION_SERVICE_PORT": "eighty"}, "", "REMOTION_SERVICE_PORT"),
    ({"RATE_LIMIT_REQUESTS_PER_MINUTE": "-1"}, "", "RATE_LIMIT_REQUESTS_PER_MINUTE"),
    ({"REMOTION_SERVICE_API_KEYS": '[{"scopes": ["read"]}]'}, "", "REMOTION_SERVICE_API_KEYS"),
    ({"CORS_ENABLED": "maybe"}, "", "CORS_ENABLED"),
    ({}, "service:\n  port: -5\n", "service.port"),
    ({}, "logging:\n  level: loud\n", "logging.level"),
])
def test_invalid_setting_is_one_line_naming_it(tmp_path, env, yaml_text, named):
    cfg = tmp_path / "service.yaml"
    cfg.write_text(yaml_text)
    with pytest.raises(ConfigError) as info:
        load_settings(env, config_file=cfg)
    message = str(info.value)
    assert named in message and "\n" not in message


def test_api_keys_from_yaml(tmp_path):
    cfg = tmp_path / "service.yaml"
    cfg.write_text('api:\n  keys:\n    - key_sha256: "' + "a" * 64 + '"\n      scopes: [read]\n')
    s = load_settings({}, config_file=cfg)
    assert s.api_keys[0].key_sha256 == "a" * 64 and s.api_keys[0].scopes == ["read"]
