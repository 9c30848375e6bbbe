"""HTTPS that trusts what the system trusts: the simulator served with a certificate from a CA
made in the test. Untrusted, the failure names the host and says why; given as the extra CA
file it works; installed in the system's store (OpenSSL's default file, in a child process) it
works with no setting at all."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import errors
from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.core import Core, resolve_connection
from app.diagnostics import check_connection
from app.engine.jobs import JobStatus
from app.messages import Catalogue, Surface
from app.metadata import read_tags
from app.paths import Paths
from app.present import problem_line
from app.resources import demo_clip
from app.secrets import KeyStore
from app.settings import Settings
from app.simulator import Simulator, SimulatorConfig
from tests.certificates import Authority, make_authority, server_context
from tests.children import ROOT, child_env
from tests.videos import same_video

from .helpers import KEY, running_engine

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


@pytest.fixture
def authority(tmp_path: Path) -> Authority:
    return make_authority(tmp_path / "ca")


@pytest.fixture
def https_sim(authority: Authority, tmp_path: Path) -> Iterator[Simulator]:
    tls = server_context(authority, tmp_path / "server")
    with Simulator(SimulatorConfig(job_seconds=0.3), tls=tls) as simulator:
        yield simulator


async def test_an_untrusted_certificate_names_the_host_and_the_next_step(
    https_sim: Simulator,
) -> None:
    assert https_sim.base_url.startswith("https://127.0.0.1:")
    async with FoxClient(https_sim.base_url, KEY) as client:
        with pytest.raises(errors.CertificateRejected) as caught:
            await client.submit(GenerationRequest("a fox"))
    problem = caught.value
    assert (problem.host, problem.reason) == ("127.0.0.1", "unknown_issuer")
    english = Catalogue("en").explain(problem)
    assert "127.0.0.1" in english and "does not trust" in english
    assert "install its CA certificate in the system" in english
    assert "Preferences" in english
    assert "REELDESK_CA_BUNDLE" in Catalogue("en", Surface.CLI).explain(problem)
    chinese = Catalogue("zh_CN").explain(problem)
    assert "127.0.0.1" in chinese and "不信任" in chinese and "CA 证书" in chinese
    # Refused at the handshake: no request ever reached the service, and none was retried.
    assert https_sim.submissions() == []


async def test_a_job_refused_by_its_certificate_says_so(https_sim: Simulator, paths: Paths) -> None:
    async with running_engine(paths, None, base_url=https_sim.base_url) as engine:
        (job,) = await engine.submit(GenerationRequest("a fox"))
        await engine.wait([job.id])
        failed = engine.job(job.id)
    assert failed is not None and failed.status is JobStatus.FAILED
    assert failed.error_code == errors.ProblemCode.CERTIFICATE
    # The job keeps whose certificate it was and why, in both languages, after a restart too:
    # the history holds the code and the details.
    for language, words in (("en", "does not trust"), ("zh_CN", "不信任")):
        line = problem_line(failed, Catalogue(language, Surface.CLI))
        assert "127.0.0.1" in line and words in line and "REELDESK_CA_BUNDLE" in line


async def test_the_connection_test_reports_the_certificate(https_sim: Simulator) -> None:
    report = await check_connection(https_sim.base_url, KEY)
    assert not report.reachable
    assert isinstance(report.problem, errors.CertificateRejected)
    assert "127.0.0.1" in Catalogue("en").explain(report.problem)


async def test_the_extra_ca_file_from_the_settings_is_trusted_for_api_and_downloads(
    https_sim: Simulator, authority: Authority, paths: Paths
) -> None:
    settings = Settings(base_url=https_sim.base_url, ca_bundle=str(authority.pem))
    connection = resolve_connection(settings, KeyStore(paths.key_file), {"REELDESK_API_KEY": KEY})
    assert connection is not None
    core = Core(paths, settings, connection, environ={})
    try:
        (job,) = await core.engine.submit(GenerationRequest("a fox crossing a bridge", seed=7))
        await core.engine.wait([job.id])
        saved = core.engine.job(job.id)
    finally:
        await core.close()
    assert saved is not None and saved.status is JobStatus.SAVED, saved
    video = Path(saved.path or "")
    assert same_video(video, demo_clip("16:9"))
    # Over HTTPS, the link to the video was on the simulator's TLS CDN as well.
    assert any(r.path.startswith("/files/") for r in https_sim.received("cdn"))


async def test_the_connection_test_uses_the_extra_ca_file(
    https_sim: Simulator, authority: Authority
) -> None:
    report = await check_connection(https_sim.base_url, KEY, ca_file=str(authority.pem))
    assert report.reachable and report.key_accepted and report.problem is None


async def test_an_unreadable_ca_file_is_named(https_sim: Simulator, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-ca.pem"
    bogus.write_text("hello\n")
    report = await check_connection(https_sim.base_url, KEY, ca_file=str(bogus))
    assert isinstance(report.problem, errors.SettingsError)
    assert "not-a-ca.pem" in Catalogue("en").explain(report.problem)


@pytest.mark.parametrize(
    ("hosts", "expired", "self_signed", "reason", "words"),
    [
        (("127.0.0.1",), True, False, "expired", "has expired"),
        (("films.example",), False, False, "wrong_host", "another host name"),
        (("127.0.0.1",), False, True, "self_signed", "self-signed"),
    ],
    ids=["expired", "wrong-host", "self-signed"],
)
async def test_why_a_certificate_is_refused(
    authority: Authority,
    tmp_path: Path,
    hosts: tuple[str, ...],
    expired: bool,
    self_signed: bool,
    reason: str,
    words: str,
) -> None:
    tls = server_context(
        authority, tmp_path / "server", hosts=hosts, expired=expired, self_signed=self_signed
    )
    with Simulator(tls=tls) as simulator:
        async with FoxClient(simulator.base_url, KEY, ca_file=str(authority.pem)) as client:
            with pytest.raises(errors.CertificateRejected) as caught:
                await client.get_task("task-1")
    assert caught.value.reason == reason
    assert words in Catalogue("en").error_message(caught.value)


def _cli(home: Path, base_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.launcher", "generate", "a fox at dawn", "--json"],
        cwd=ROOT,
        env=child_env(
            home,
            REELDESK_TIME_SCALE="0.05",
            REELDESK_API_KEY=KEY,
            REELDESK_BASE_URL=base_url,
            **env,
        ),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "where", ["system store", "REELDESK_CA_BUNDLE", "nowhere"], ids=lambda w: w.replace(" ", "-")
)
async def test_the_command_line_trusts_the_system_store_or_the_environment_ca(
    https_sim: Simulator, authority: Authority, tmp_path: Path, where: str
) -> None:
    # OpenSSL's default store, where truststore looks on Linux, moved to a folder of the
    # test's own: an empty one, or one with the company CA "installed".
    empty = tmp_path / "empty-store"
    empty.mkdir()
    store = {"SSL_CERT_DIR": str(empty), "SSL_CERT_FILE": str(empty / "none.pem")}
    if where == "system store":
        store["SSL_CERT_FILE"] = str(authority.pem)
    elif where == "REELDESK_CA_BUNDLE":
        store["REELDESK_CA_BUNDLE"] = str(authority.pem)
    result = await asyncio.to_thread(_cli, tmp_path / "home", https_sim.base_url, **store)
    if where == "nowhere":
        assert result.returncode == 1
        assert "127.0.0.1" in result.stderr + result.stdout
        job = json.loads(result.stdout)
        assert job["error"]["code"] == "certificate"
        assert https_sim.submissions() == []
        return
    assert result.returncode == 0, result.stderr
    job = json.loads(result.stdout)
    assert job["status"] == "saved"
    record = read_tags(Path(job["path"]))
    assert record is not None and record["task_id"] == job["task_id"]
