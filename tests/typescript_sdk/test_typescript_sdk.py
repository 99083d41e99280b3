"""The TypeScript SDK (`sdk/typescript`, `@remotion-service/client`): generated from the committed OpenAPI
document and checked for drift, compiled with `tsc`, and its Node tests (PRD §15.2's usage) run against a real
`media-service serve`. `npm ci` installs the pinned tools from the lock file (the npm registry is reachable
wherever the tests run; nothing is fetched at run time by the SDK itself)."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import API_KEY
from tests.http.live import media_service
from tests.test_cli import env_for

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk" / "typescript"
NPM = shutil.which("npm")
pytestmark = pytest.mark.skipif(NPM is None, reason="npm (Node 18+) is not installed")


def _npm(*args: str, timeout: float = 300, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(NPM), *args], cwd=SDK, capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, f"npm {' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def built() -> Path:
    """node_modules from the lock file (once), then `tsc`."""
    lock = SDK / "package-lock.json"
    stamp = SDK / "node_modules" / ".installed-lock"
    if not stamp.exists() or stamp.read_text() != lock.read_text():
        _npm("ci", "--no-audit", "--no-fund")
        stamp.write_text(lock.read_text())
    _npm("run", "build")
    return SDK / "dist"


def test_the_generated_files_match_the_committed_openapi(built: Path, tmp_path: Path) -> None:
    document = ROOT / "openapi" / "openapi.json"
    subprocess.run(["node", "scripts/generate-operations.mjs", str(document), str(tmp_path / "operations.ts")],
                   cwd=SDK, check=True, capture_output=True, timeout=60)
    subprocess.run([str(SDK / "node_modules" / ".bin" / "openapi-typescript"), str(document), "-o",
                    str(tmp_path / "schema.ts")], cwd=SDK, check=True, capture_output=True, timeout=120)
    stale = [name for name in ("operations.ts", "schema.ts")
             if not filecmp.cmp(tmp_path / name, SDK / "src" / name, shallow=False)]
    assert not stale, f"sdk/typescript/src/{stale} differ from openapi/openapi.json: run `npm run generate` there"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`media-service serve` (API and embedded worker) on a free loopback port."""
    with media_service(tmp_path_factory.mktemp("ts-sdk-service")) as url:
        yield url


def test_the_node_tests_pass_against_a_live_service(built: Path, service: str) -> None:
    env = {**env_for(Path("/nonexistent")), "REMOTION_BASE_URL": service, "REMOTION_API_KEY": API_KEY}
    out = _npm("test", timeout=900, env=env)
    print(out[-3000:])
    assert "# fail 0" in out and "# pass 5" in out, out[-3000:]
