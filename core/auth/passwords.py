"""Password hashing with argon2id at OWASP's recommended setting (Password Storage Cheat
Sheet: m=19 MiB, t=2, p=1). argon2-cffi's own default takes 64 MiB per hash, which every
web worker would hold at its peak after the first sign-in (docs/PERFORMANCE.md)."""
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# PASSWORD_HASH_PROFILE=test: argon2's cheapest parameters, for test suites only. Hashes
# carry their parameters, so verification works whichever profile made them.
_cheap_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("dummy password for timing")


def hash_password(password: str) -> str:
    cheap = has_app_context() and current_app.config.get("PASSWORD_HASH_PROFILE") == "test"
    return (_cheap_hasher if cheap else _hasher).hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
