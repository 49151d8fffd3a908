"""The signing key ring of a running app."""

import os
import secrets
from pathlib import Path

from mypage_api.config import Environment, Settings
from mypage_api.security.tokens import KeyRing

LOCAL_KEY_ID = "local"


def key_ring_from(settings: Settings) -> KeyRing:
    """Configured keys; outside production without any, a local key kept in the data folder
    (tests get a fresh random one) so that a restarted development server keeps sessions."""
    if settings.jwt_keys:
        keys = {kid: key.get_secret_value().encode() for kid, key in settings.jwt_keys.items()}
        active = settings.jwt_active_kid or sorted(keys)[-1]
        return KeyRing(keys=keys, active=active)
    if settings.env is Environment.test:
        return KeyRing(keys={LOCAL_KEY_ID: secrets.token_bytes(32)}, active=LOCAL_KEY_ID)
    return KeyRing(
        keys={LOCAL_KEY_ID: _local_key(settings.data_dir / "jwt-signing.key")}, active=LOCAL_KEY_ID
    )


def _local_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key)
    return key
