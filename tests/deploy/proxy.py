"""Debian's HAProxy running the committed ``deploy/haproxy.cfg`` in front of a test server.

Used by the deployment tests and the hostile suite. Without ``haproxy`` a test that needs it
skips with the reason, except under CI (``CI`` set), where ``.ci/run`` installs it and a
missing proxy is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.server.harness import free_port

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg"


class Proxy:
    """``haproxy -f deploy/haproxy.cfg`` in the foreground, in front of ``node``."""

    def __init__(self, node: str, request_timeout: float = 10.0, **env: str) -> None:
        path = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(path).exists():
            reason = "HAProxy is not installed (apt-get install -y haproxy; .ci/run does this)"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        self.port = free_port()
        env = os.environ | {
            "MANTIMON_PROXY_BIND": f"127.0.0.1:{self.port}",
            "MANTIMON_NODE_1": node,
            "MANTIMON_PROXY_REQUEST_TIMEOUT": f"{request_timeout:g}s",
            **env,
        }
        self.process = subprocess.Popen(
            [path, "-db", "-f", str(CONFIG)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_until(self, status: int, path: str = "/health", timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                assert self.process.stderr is not None
                raise RuntimeError(f"haproxy exited: {self.process.stderr.read().decode()}")
            try:
                if httpx.get(self.url + path, timeout=2).status_code == status:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the proxy never answered {path} with {status}")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        if self.process.stderr is not None:
            self.process.stderr.close()
