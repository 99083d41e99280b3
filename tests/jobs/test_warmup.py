"""Job types' warm_up hooks run once in the forkserver that cpu children come from, never on import."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_warm_up_runs_in_the_forkserver_not_on_import():
    script = textwrap.dedent("""
        from media_service.jobs.process import mp_context
        from tests.jobs import sample_jobs

        assert sample_jobs.WARMED["count"] == 0, "importing a job module must not warm it"
        ctx = mp_context(["tests.jobs.sample_jobs"])
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=sample_jobs.report_warmed, args=(child,))
        proc.start()
        print(parent.recv())
        proc.join()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"  # warmed once, in the forkserver, before this child was forked
