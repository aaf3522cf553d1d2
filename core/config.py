"""Configuration read from the environment, with embedded defaults.

| variable        | default                                   |
|-----------------|-------------------------------------------|
| DATABASE_URL    | SQLite file ``instance/complaints.db``    |
| REDIS_URL       | unset: jobs run in-process (``JOBS=inline``) |
| SECRET_KEY      | generated once, kept in ``instance/secret_key`` |
| INSTANCE_PATH   | ``./instance``                            |
"""
import os
import secrets
from pathlib import Path


def instance_path() -> Path:
    return Path(os.environ.get("INSTANCE_PATH") or Path.cwd() / "instance").resolve()


def _secret_key(folder: Path) -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = folder / "secret_key"
    if not key_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        # O_EXCL so that two processes starting at once agree on one key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def from_environment() -> dict:
    folder = instance_path()
    folder.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'complaints.db'}"
    secure = os.environ.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes")
    return {
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": _secret_key(folder),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "JOBS": os.environ.get("JOBS") or ("rq" if os.environ.get("REDIS_URL") else "inline"),
        "MAIL": os.environ.get("MAIL") or ("smtp" if os.environ.get("SMTP_URL") else "log"),
        "SMTP_URL": os.environ.get("SMTP_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or "complaints@localhost",
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT") or "600/minute",
        # Cookies: HttpOnly and SameSite always; Secure when served over HTTPS.
        # A request body larger than every allowed file together (5 files of 5 MB) and the
        # form around them is refused with 413 before any of it is read or stored.
        "MAX_CONTENT_LENGTH": 26 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        # Login throttling (see core/auth/throttle.py).
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", 5)),
        "LOGIN_LOCK_MINUTES": int(os.environ.get("LOGIN_LOCK_MINUTES", 15)),
    }


def migrations_path() -> Path:
    return Path(__file__).resolve().parent.parent / "migrations"
