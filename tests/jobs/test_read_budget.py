"""Issue #11 item 12: polling one's own job has its own, larger rate budget.

With the PRD's limits (60/min, burst 10) a client polling a job four times a second was refused on
request 61, and every poll spent the budget its writes need. Here the PRD budget is shrunk (5/min,
burst 3) so the same failure shows in a few requests, and the reads budget keeps its defaults.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

ENV = {"RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_BURST_SIZE": "3", "RATE_LIMIT_REQUESTS_PER_MINUTE": "5",
       "RATE_LIMIT_REQUESTS_PER_HOUR": "100", "REMOTION_SERVICE_API_KEY": "",
       "REMOTION_SERVICE_API_KEYS": json.dumps([{"key": "a", "scopes": ["read", "write"]},
                                                {"key": "b", "scopes": ["read", "write"]}])}
A, B = {"X-API-Key": "a"}, {"X-API-Key": "b"}


def test_polling_ones_own_job_does_not_spend_the_write_budget(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client(ENV, key=None)
    client.app.openapi()  # type: ignore[attr-defined]  # built once on first use: keep it out of the windows
    r = client.post("/api/v1/test/sleep", json={"seconds": 1}, headers=A)  # PRD budget: 1 of 5
    assert r.status_code == 202, r.text
    job_id = r.json()["data"]["job_id"]
    polls = []
    for _ in range(20):  # four times the PRD's per-minute budget, at most ~15/s
        polls.append(client.get(f"/api/v1/jobs/{job_id}", headers=A))
        time.sleep(0.065)
    assert [p.status_code for p in polls] == [200] * 20
    assert polls[0].headers["RateLimit-Limit"] == "600"  # the reads budget (RATE_LIMIT_READS_PER_MINUTE)
    for path in ("/logs", "/result"):  # (the SSE stream /events is on it too; a TestClient cannot end one)
        assert client.get(f"/api/v1/jobs/{job_id}{path}", headers=A).headers["RateLimit-Limit"] == "600"
    # The PRD numbers still hold for everything else: 4 more requests fit in the 5 per minute, the next is refused.
    others = []
    for _ in range(5):
        others.append(client.get("/api/v1/capabilities", headers=A))
        time.sleep(0.4)  # under the burst, so the minute window binds
    assert [o.status_code for o in others] == [200] * 4 + [429]
    assert others[-1].json()["error"]["details"]["window"] == "minute"


def test_the_reads_budget_is_bounded_and_another_keys_job_costs_the_prd_budget(
        jobs_client: Callable[..., TestClient]) -> None:
    # Per-minute windows only (bursts out of the way), so a loaded machine cannot change the counts.
    env = {**ENV, "RATE_LIMIT_BURST_SIZE": "100", "RATE_LIMIT_REQUESTS_PER_MINUTE": "4",
           "RATE_LIMIT_READS_BURST_SIZE": "100", "RATE_LIMIT_READS_PER_MINUTE": "8"}
    client = jobs_client(env, key=None)
    job_id = client.post("/api/v1/test/sleep", json={"seconds": 1}, headers=A).json()["data"]["job_id"]
    reads = [client.get(f"/api/v1/jobs/{job_id}", headers=A) for _ in range(10)]
    assert [r.status_code for r in reads] == [200] * 8 + [429, 429]  # a budget of its own, not unlimited
    assert reads[-1].json()["error"]["details"]["limit"] == 8 and reads[-1].json()["error"]["details"]["window"] == "minute"
    # Key b reading a's job is not polling its own: each read also spends b's PRD budget (4 a minute).
    foreign = [client.get(f"/api/v1/jobs/{job_id}", headers=B) for _ in range(5)]
    assert [r.status_code for r in foreign] == [200] * 4 + [429]
    details = foreign[-1].json()["error"]["details"]
    assert details["limit"] == 4 and details["window"] == "minute"
