"""Issue #19, the dashboard: a person signs in with a key, edits a brief (errors shown at the field), renders
it, watches the progress reach 100 %, plays the preview and opens the job's logs — in Debian's Chromium
(chromium-driver; `make test` installs both; tests.http.live.chromium) against a live `media-service serve` with its embedded worker.

Screenshots go to /tmp/dashboard-shots/ (looked at by hand; never committed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from fastapi.testclient import TestClient
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import API_KEY, HANG_LIMIT_SEC, REQUEST_TIMEOUT_SEC
from tests.http.live import chromium, media_service

SHOTS = Path("/tmp/dashboard-shots")
T = TypeVar("T")
WAIT_SEC = HANG_LIMIT_SEC  # waits end when the page gets there; only a hang reaches the limit


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`media-service serve` (API and embedded worker) on a free loopback port; yields its base URL."""
    with media_service(tmp_path_factory.mktemp("dashboard-service")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    with chromium(tmp_path_factory.mktemp("dashboard-browser"), "--window-size=1360,900",
                  "--autoplay-policy=no-user-gesture-required", page_load_timeout=REQUEST_TIMEOUT_SEC) as driver:
        yield driver


def _shot(driver: WebDriver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def _wait(driver: WebDriver, what: str, condition: Callable[[WebDriver], T]) -> T:
    """Wait for `condition`; a timeout saves a screenshot named after `what` and says what the page showed."""
    try:
        # The pages re-render parts as events arrive: an element found a moment ago may be replaced.
        return WebDriverWait(driver, WAIT_SEC, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
    except TimeoutException:
        _shot(driver, "failed-" + re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-"))
        text = driver.find_element(By.TAG_NAME, "body").text[-1500:]
        raise AssertionError(f"waited {WAIT_SEC:.0f} s for {what}; the page shows:\n{text}") from None


def _visible(driver: WebDriver, css: str) -> WebElement:
    return _wait(driver, css, ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def _click(driver: WebDriver, css: str) -> None:
    def click(d: WebDriver) -> bool:
        element = ec.element_to_be_clickable((By.CSS_SELECTOR, css))(d)
        if not element:
            return False
        d.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        return True

    _wait(driver, css, click)


def _present(driver: WebDriver, css: str) -> None:
    _wait(driver, css, lambda d: d.find_elements(By.CSS_SELECTOR, css))


def _shows_job(driver: WebDriver, job_id: str) -> None:
    _wait(driver, f"the page of {job_id}", lambda d: d.find_element(By.ID, "job-id").text == job_id)


def _set_editor(driver: WebDriver, text: str) -> None:
    area = _visible(driver, "#brief-json")
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input'));", area, text)


def _sign_in(driver: WebDriver, key: str) -> None:
    field = _visible(driver, "#signin-key")
    field.clear()
    field.send_keys(key)
    _click(driver, "#signin-submit")


def test_the_page_is_public_and_not_api(make_client: Callable[..., TestClient]) -> None:
    client = make_client(key=None)
    page = client.get("/dashboard")
    assert page.status_code == 200 and '<meta name="api-prefix" content="/api/v1">' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    for asset in ("dashboard.css", "js/app.js", "js/api.js", "js/jobs.js", "js/editor.js", "js/jsonmap.js",
                  "js/preview.js", "js/galleries.js", "js/voices.js", "js/health.js", "js/ui.js"):
        assert client.get(f"/dashboard/static/{asset}").status_code == 200, asset
    imported = set(re.findall(r'from "\./([a-z]+\.js)"', "".join(
        client.get(f"/dashboard/static/js/{name}").text for name in ("app.js", "jobs.js", "editor.js", "galleries.js"))))
    assert imported and all(client.get(f"/dashboard/static/js/{name}").status_code == 200 for name in imported)
    assert client.get("/dashboard/").status_code == 200  # redirected to the page
    assert client.get("/api/v1/jobs").status_code == 401  # the API behind it is not public
    assert not [p for p in client.get("/api/v1/openapi.json").json()["paths"] if p.startswith("/dashboard")]


def _signed_in(driver: WebDriver, service: str) -> None:
    """On the dashboard with the test key (signing in when this tab has no key yet)."""
    driver.get(f"{service}/dashboard")
    _wait(driver, "the sign-in form or the app", lambda d: d.find_element(By.ID, "signin").is_displayed()
          or d.find_element(By.ID, "shell").is_displayed())
    if driver.find_element(By.ID, "signin").is_displayed():
        _sign_in(driver, API_KEY)
    _visible(driver, "#shell")


def test_sign_in_render_a_brief_watch_it_and_play_the_preview(service: str, browser: WebDriver) -> None:
    page = httpx.get(f"{service}/dashboard", timeout=REQUEST_TIMEOUT_SEC)  # public: the page itself
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert httpx.get(f"{service}/dashboard/static/js/app.js", timeout=REQUEST_TIMEOUT_SEC).status_code == 200
    assert httpx.get(f"{service}/api/v1/jobs", timeout=REQUEST_TIMEOUT_SEC).status_code == 401  # the API is not

    # A wrong key: a clear message, and nothing of the app behind it.
    browser.get(f"{service}/dashboard")
    _sign_in(browser, "not-a-key")
    error = _visible(browser, "#signin-error")
    assert "not accepted" in error.text
    assert not browser.find_element(By.ID, "shell").is_displayed()
    assert browser.execute_script("return sessionStorage.length") == 0
    _shot(browser, "01-signin-wrong-key")

    # The right key: the jobs page; the key is kept for this tab only, never in the URL.
    _sign_in(browser, API_KEY)
    _visible(browser, "#jobs-table")
    assert API_KEY not in browser.current_url
    assert browser.execute_script("return sessionStorage.getItem('media-service.api-key')") == API_KEY

    # The editor: a bad field is shown at its line, from the 400 envelope of a dry run.
    _click(browser, 'nav a[data-view="editor"]')
    starter = _visible(browser, "#brief-json").get_attribute("value") or ""
    broken = starter.replace('"duration_sec": 2,', '"duration_sec": -2,', 1)
    assert broken != starter
    _set_editor(browser, broken)
    _click(browser, "#brief-validate")
    item = _visible(browser, "#brief-errors li")
    field, line = item.get_attribute("data-field") or "", int(item.get_attribute("data-line") or 0)
    assert field.startswith("brief.sections[0]"), field
    assert '"duration_sec": -2' in broken.splitlines()[line - 1], (field, line)
    assert browser.find_elements(By.CSS_SELECTOR, ".editor .gutter .bad")
    _shot(browser, "02-editor-field-error")

    # The starter brief validates, then renders; the progress reaches 100 % and the preview plays.
    _set_editor(browser, starter)
    _click(browser, "#brief-validate")
    assert "valid" in _visible(browser, "#brief-status .row strong").text
    _click(browser, "#brief-render")
    _wait(browser, "the render's progress at 100 %",
          lambda d: d.find_elements(By.CSS_SELECTOR, '#brief-progress .progress[data-pct="100"]')
          and d.find_elements(By.CSS_SELECTOR, "#brief-status .badge[data-status]"))
    assert browser.find_element(By.CSS_SELECTOR, "#brief-status .badge").get_attribute("data-status") == "completed"
    updates = int(browser.find_element(By.ID, "brief-progress").get_attribute("data-updates") or 0)
    assert updates >= 3, updates  # submitted, then the job's progress events over SSE (replayed from the first)
    video = _visible(browser, "#brief-outputs video")
    duration = _wait(browser, "the video's duration", lambda d: d.execute_script("const v = arguments[0]; return v.readyState >= 1 && v.duration > 0 && v.duration",
                                   video))
    assert 3.5 <= duration <= 4.5, duration  # the 4-second brief
    browser.execute_script("arguments[0].muted = true; arguments[0].play();", video)
    _wait(browser, "the video playing", lambda d: d.execute_script("return arguments[0].currentTime > 0.2", video))
    browser.execute_script("arguments[0].pause(); arguments[0].currentTime = 1.0;", video)
    _wait(browser, "the video seeking", lambda d: d.execute_script("return !arguments[0].seeking", video))
    _shot(browser, "03-editor-rendered")

    # The job's detail: status, preview, and its logs.
    job_link = browser.find_element(By.CSS_SELECTOR, "#brief-job-link")
    job_id = job_link.text.removeprefix("Job ")
    _click(browser, "#brief-job-link")
    _shows_job(browser, job_id)
    _present(browser, '.job-head .badge[data-status="completed"]')
    _visible(browser, ".pane video")
    _shot(browser, "04-job-detail")
    _click(browser, 'button[data-tab="logs"]')
    _present(browser, "#job-logs .line")
    _shot(browser, "05-job-logs")
    _click(browser, 'button[data-tab="events"]')
    _wait(browser, "the job's events", lambda d: {"job.progress", "job.completed"} <= {
        e.text for e in d.find_elements(By.CSS_SELECTOR, "#job-events td code")})
    _shot(browser, "06-job-events")

    # The jobs table lists it, completed.
    _click(browser, 'nav a[data-view="jobs"]')
    _present(browser, f'#jobs-table tr[data-job-id="{job_id}"] .badge[data-status="completed"]')
    _shot(browser, "07-jobs")


def test_galleries_voices_and_health(service: str, browser: WebDriver) -> None:
    _signed_in(browser, service)

    _click(browser, 'nav a[data-view="templates"]')
    _wait(browser, "template previews", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#templates .thumb img")) >= 2)
    card = browser.find_element(By.CSS_SELECTOR, "#templates .card")
    assert browser.execute_script("return arguments[0].querySelector('.thumb img').naturalWidth", card) > 100
    card.find_element(By.CSS_SELECTOR, "button").click()
    first_text = _visible(browser, "#template-form input")
    first_text.send_keys("Dashboard sale")
    _click(browser, '#template-form button[type="submit"]')
    picture = _visible(browser, "#template-form .preview img")
    _wait(browser, "the rendered template", lambda d: d.execute_script("return arguments[0].naturalWidth > 100", picture))
    _shot(browser, "08-templates")

    _click(browser, 'nav a[data-view="formats"]')
    _wait(browser, "format previews", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#formats .thumb img")) >= 2)
    _shot(browser, "09-formats")
    _click(browser, "#formats .card button")  # "use this": the format's example brief in the editor
    assert '"format"' in (_visible(browser, "#brief-json").get_attribute("value") or "")
    _click(browser, "#brief-validate")
    assert "valid" in _visible(browser, "#brief-status .row strong").text

    _click(browser, 'nav a[data-view="voices"]')
    _visible(browser, "#voices-table tr[data-voice]")
    total = len(browser.find_elements(By.CSS_SELECTOR, "#voices-table tr[data-voice]"))
    language = browser.find_element(By.CSS_SELECTOR, '.filters select[name="language"]')
    browser.execute_script("arguments[0].value = 'en'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                           language)
    shown = browser.find_elements(By.CSS_SELECTOR, "#voices-table tr[data-voice]")
    assert 0 < len(shown) < total
    _click(browser, '#voices-table tr[data-voice] button:not([disabled])')
    wave = _visible(browser, "#voice-player canvas.wave[data-max]")
    assert float(wave.get_attribute("data-max") or 0) > 0.05  # decoded speech, not silence
    audio = browser.find_element(By.CSS_SELECTOR, "#voice-player audio")
    _wait(browser, "the spoken sentence", lambda d: d.execute_script("return arguments[0].duration > 0.5", audio))
    _shot(browser, "10-voices")

    _click(browser, 'nav a[data-view="health"]')
    _present(browser, '[data-stat="ready"] .badge[data-status="completed"]')  # ready (refreshed every 10 s)
    _visible(browser, "#duration-chart")  # jobs have completed: their mean durations are drawn
    _shot(browser, "11-health")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the health page scrolls sideways by {overflow} px"  # long dependency details wrap


def test_the_jobs_table_follows_a_job_submitted_elsewhere_and_the_detail_cancels_it(service: str,
                                                                                    browser: WebDriver) -> None:
    _signed_in(browser, service)
    _click(browser, 'nav a[data-view="jobs"]')
    _visible(browser, "#jobs-table")
    long_brief = {"brief": {"id": "long-one", "format": "explainer_v1", "title": "A longer one",
                            "sections": [{"id": "intro", "type": "intro", "start_time_sec": 0, "duration_sec": 60,
                                          "content": {"title": "A minute of video"}}],
                            "settings": {"duration_sec": 60, "fps": 30}},
                  "quality": "preview"}
    resp = httpx.post(f"{service}/api/v1/render/brief", json=long_brief, headers={"Authorization": f"Bearer {API_KEY}"},
                      timeout=REQUEST_TIMEOUT_SEC)
    assert resp.status_code == 202, resp.text
    job_id = resp.json()["data"]["job_id"]

    row = f'#jobs-table tr[data-job-id="{job_id}"]'
    _visible(browser, row)  # appears without a reload: the table follows the events WebSocket
    _shot(browser, "12-jobs-live")
    _click(browser, f"{row} a")
    _shows_job(browser, job_id)
    _click(browser, "#cancel-job")
    _wait(browser, "the job cancelled", lambda d: d.find_elements(
        By.CSS_SELECTOR, '.job-head .badge[data-status="cancelled"]'))
    assert not browser.find_elements(By.CSS_SELECTOR, "#cancel-job")
    _shot(browser, "13-job-cancelled")
    job = httpx.get(f"{service}/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {API_KEY}"},
                    timeout=REQUEST_TIMEOUT_SEC).json()["data"]
    assert job["status"] == "cancelled"

    _click(browser, 'nav a[data-view="jobs"]')
    _wait(browser, "the cancelled row", lambda d: d.find_elements(By.CSS_SELECTOR, f'{row} .badge[data-status="cancelled"]'))
