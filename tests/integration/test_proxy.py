"""Proxy settings reach httpx: a loopback proxy in the test sees the API and CDN traffic."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.core import resolve_connection
from app.engine.downloader import Downloader
from app.secrets import KeyStore
from app.settings import Settings
from app.simulator import Simulator

from .helpers import KEY


class ForwardingProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[str] = []
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ForwardingProxy

    def log_message(self, *args: object) -> None:
        pass

    def _forward(self) -> None:
        self.server.seen.append(f"{self.command} {self.path}")
        target = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
        path = target.path + (f"?{target.query}" if target.query else "")
        upstream.request(self.command, path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = _forward
    do_POST = _forward


@pytest.fixture
def proxy() -> Iterator[ForwardingProxy]:
    server = ForwardingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.asyncio
async def test_custom_proxy_carries_api_and_cdn_traffic(
    proxy: ForwardingProxy, sim: Simulator, tmp_path: Path
) -> None:
    settings = replace(Settings(), proxy_mode="custom", proxy_url=proxy.url, base_url=sim.base_url)
    connection = resolve_connection(
        settings, KeyStore(tmp_path / "k", backend=None), {"REELDESK_API_KEY": KEY}
    )
    assert connection is not None and connection.proxy == proxy.url
    async with FoxClient(connection.base_url, connection.api_key, proxy=connection.proxy) as client:
        task = await client.submit(GenerationRequest("through the proxy"))
        sim.finish_now(task.id)
        done = await client.get_task(task.id)
    downloader = Downloader(proxy=connection.proxy)
    assert done.result_url is not None
    final = tmp_path / "video.mp4"
    await downloader.fetch(done.result_url, final)
    await downloader.aclose()
    assert any(line.startswith(f"POST {sim.base_url}/v1/videos/generations") for line in proxy.seen)
    assert any(line.startswith(f"GET {sim.base_url}/v1/tasks/") for line in proxy.seen)
    assert any(line.startswith(f"GET {sim.cdn_url}/files/") for line in proxy.seen)


def test_system_proxy_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://corp-proxy:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert Settings(proxy_mode="system").proxy() == "http://corp-proxy:3128"
    assert Settings(proxy_mode="none").proxy() is None
    monkeypatch.setenv("NO_PROXY", "api.foxapi.cc")
    assert Settings(proxy_mode="system").proxy() is None
