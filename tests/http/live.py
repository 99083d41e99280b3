"""A real uvicorn server on 127.0.0.1 in a thread, for tests that need a socket (browsers, WebSockets); the
whole service as `media-service serve` in a subprocess; and Debian's headless Chromium for the browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import API_KEY, HANG_LIMIT_SEC, free_port, wait_until_serving


@contextmanager
def serve(app: Any, **config: Any) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           ws="websockets-sansio", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def media_service(root: Path, **env: str) -> Iterator[str]:
    """`media-service serve` (API and embedded worker) on a free loopback port, with its folders under `root`, the
    test key, no rate limit and `env`; its stderr goes to root/serve.log. Yields its base URL."""
    port = free_port()
    full = {k: v for k, v in os.environ.items() if not k.startswith(("REMOTION_", "RATE_LIMIT_", "JOB_QUEUE_"))}
    full.update(DATA_DIR=str(root / "data"), OUTPUT_DIR=str(root / "out"), TEMP_DIR=str(root / "tmp"),
                REMOTION_SERVICE_CONFIG=str(root / "absent.yaml"), REMOTION_SERVICE_PORT=str(port),
                REMOTION_SERVICE_API_KEY=API_KEY, RATE_LIMIT_ENABLED="false")
    full.update(env)
    with (root / "serve.log").open("w") as stderr:  # a file, not a pipe: a full pipe would stall its logging
        proc = subprocess.Popen([sys.executable, "-m", "media_service.cli", "serve"], env=full,
                                stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=HANG_LIMIT_SEC)
        except subprocess.TimeoutExpired:
            proc.kill()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@contextmanager
def chromium(profile: Path, *args: str, page_load_timeout: float = 60) -> Iterator[WebDriver]:
    """Debian's Chromium, headless, through chromium-driver (explicit paths: nothing is downloaded). A machine
    without them fails with the command that installs them: a browser test that skips proves nothing."""
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.fail("Chromium and chromium-driver are missing: run `make test-deps` (Debian packages chromium, "
                    "chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--user-data-dir={profile}", *args):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(page_load_timeout)
    try:
        yield driver
    finally:
        driver.quit()
