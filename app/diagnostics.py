""" "Test connection": is the service reachable, is the key accepted, what is the balance."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from app import errors
from app.api.client import Balance, FoxClient

_PROBE_TASK = "reeldesk-connection-check"


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    reachable: bool
    #: None when it could not be told (service unreachable or blocked).
    key_accepted: bool | None
    balance: Balance | None
    problem: errors.ReelDeskError | None = None


async def check_connection(
    base_url: str,
    api_key: str,
    *,
    proxy: str | None = None,
    ca_file: str = "",
    wait_seconds: float = 10.0,
) -> ConnectionReport:
    """Ask for a task that does not exist: 404 means reachable with a good key, 401 a bad one.
    A certificate that does not verify, or a CA file that cannot be read, is the problem."""
    client = FoxClient(
        base_url, api_key, proxy=proxy, timeout=httpx.Timeout(wait_seconds), ca_file=ca_file
    )
    try:
        try:
            await client.get_task(_PROBE_TASK)
        except errors.TaskNotFound:
            pass
        except errors.AuthenticationFailed as exc:
            return ConnectionReport(True, False, None, exc)
        except (
            errors.NetworkError,
            errors.FirewallBlocked,
            errors.CertificateRejected,
            errors.SettingsError,
        ) as exc:
            return ConnectionReport(False, None, None, exc)
        except errors.ReelDeskError as exc:
            return ConnectionReport(True, None, None, exc)
        try:
            balance = await client.balance()
        except errors.ReelDeskError:
            balance = None
        return ConnectionReport(True, True, balance)
    finally:
        await client.aclose()
