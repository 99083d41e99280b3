"""Run one fake by hand: `python -m tests.fakes openai [--port N]`; prints the settings to use."""

from __future__ import annotations

import argparse
import time

from . import FAKES
from .fixtures import ENV as _ENV


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vendor", choices=sorted(FAKES))
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    fake = FAKES[args.vendor](port=args.port).start()
    url_var, key_var = _ENV[args.vendor]
    extra = "".join(f" {k}={v}" for k, v in fake.extra_env.items())
    print(f"{url_var}={fake.base_url} {key_var}={fake.key}{extra}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
