"""TLS for every connection: the operating system's trust store, plus an optional CA file.

Certificates are checked against the certificates the system trusts (``truststore``: the
Keychain on macOS, the certificate store on Windows, OpenSSL's default paths on Linux), so a
company's TLS-inspecting proxy or private CA works as it does in the user's browser. An extra
CA file (Preferences, or ``REELDESK_CA_BUNDLE``) is trusted on top.

Building a context is blocking (truststore and the CA files load): call ``tls_context`` on a
worker thread, as the API client and the downloader do when they build their HTTP clients.
``certificate_problem`` turns a failed handshake into a ``CertificateRejected`` that says whose
certificate it was and why.
"""

from __future__ import annotations

import enum
import functools
import ssl
from collections.abc import Mapping
from pathlib import Path

from app import errors

#: Environment variable naming an extra CA file (PEM), for the command line and scripts.
CA_BUNDLE_ENV = "REELDESK_CA_BUNDLE"


class CertificateReason(enum.StrEnum):
    """Why a certificate was refused, as a person can act on it."""

    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    SELF_SIGNED = "self_signed"
    UNKNOWN_ISSUER = "unknown_issuer"
    WRONG_HOST = "wrong_host"
    OTHER = "other"


# OpenSSL's X509_V_ERR_* numbers (x509_vfy.h), stable across versions.
_REASONS = {
    9: CertificateReason.NOT_YET_VALID,
    10: CertificateReason.EXPIRED,
    18: CertificateReason.SELF_SIGNED,
    # A chain that ends in a root nobody here trusts: a company proxy's own CA, typically.
    19: CertificateReason.UNKNOWN_ISSUER,
    2: CertificateReason.UNKNOWN_ISSUER,
    20: CertificateReason.UNKNOWN_ISSUER,
    21: CertificateReason.UNKNOWN_ISSUER,
    62: CertificateReason.WRONG_HOST,
    64: CertificateReason.WRONG_HOST,
}


def tls_context(ca_file: str = "") -> ssl.SSLContext:
    """A verifying client context over the system's trust store, trusting ``ca_file`` (PEM)
    too. Blocking; shared while the file is unchanged. Raises ``SettingsError`` (field
    ``ca_bundle``) when the file cannot be read as certificates."""
    if not ca_file:
        return _context("", 0, 0)
    path = Path(ca_file).expanduser()
    try:
        stat = path.stat()
    except OSError as exc:
        raise errors.SettingsError(
            "ca_bundle", "reason.ca_file", path=str(path), why=exc.strerror or str(exc)
        ) from exc
    return _context(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _context(ca_file: str, _mtime: int, _size: int) -> ssl.SSLContext:
    # Loaded here, on the worker thread that builds an HTTP client, never before first paint.
    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
            raise errors.SettingsError(
                "ca_bundle", "reason.ca_file", path=ca_file, why=str(why)
            ) from exc
    return context


def check_ca_file(ca_file: str) -> str:
    """``ca_file`` when it is empty or holds certificates ReelDesk can load; else
    ``SettingsError``. Blocking (reads the file)."""
    if ca_file:
        tls_context(ca_file)
    return ca_file


def ca_file_from(environ: Mapping[str, str], configured: str) -> str:
    """The extra CA file in use: the environment's, else the one chosen in Preferences."""
    return environ.get(CA_BUNDLE_ENV, "").strip() or configured


def certificate_problem(exc: BaseException, host: str) -> errors.CertificateRejected | None:
    """A ``CertificateRejected`` for ``host`` when ``exc`` (an httpx error) was caused by a
    certificate that did not verify; ``None`` for any other failure."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = _REASONS.get(cause.verify_code or -1, CertificateReason.OTHER)
            said = cause.verify_message or cause.reason or str(cause)
            return errors.CertificateRejected.about(host, reason.value, said)
        cause = cause.__cause__ or cause.__context__
    return None
