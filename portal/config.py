"""Configuration: read once from the environment by create_app(), never at import time."""
from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

# Values that appear in examples and docs: refused in production.
KNOWN_DEFAULT_SECRETS = {
    "",
    "change-me",
    "changeme",
    "secret",
    "dev",
    "development",
    "replace-with-a-long-random-string",
}
MIN_SECRET_LENGTH = 32
# A random value's characters vary: hex carries 4 bits each, base64 6, and 32 random hex characters
# (`openssl rand -hex 16`) never measured under 3.0 over 5,000 draws. Repeated characters do not
# (32 identical ones carry none), and neither does text with spaces (a placeholder, not a key).
MIN_BITS_PER_CHARACTER = 2.75


def _bits_per_character(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _repeats_a_chunk(value: str) -> bool:
    return any(value == value[:size] * (len(value) // size) + value[:len(value) % size]
               for size in range(1, len(value) // 2 + 1))


def secret_problem(name: str, value: str) -> str | None:
    """Why `value` is not acceptable as the production `name`, or None."""
    if value.lower() in KNOWN_DEFAULT_SECRETS or len(value) < MIN_SECRET_LENGTH:
        return f"{name} must be set to a random value of at least {MIN_SECRET_LENGTH} characters in production"
    if any(ch.isspace() for ch in value) or _repeats_a_chunk(value) \
            or _bits_per_character(value) < MIN_BITS_PER_CHARACTER:
        return f"{name} is not random enough (a pattern or placeholder text): use `openssl rand -hex 32`"
    return None


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def database_url(raw: str) -> str:
    """Accept the usual `postgres://` spellings and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def engine_options(url: str, statement_timeout_ms: int) -> dict:
    """Pool and connect settings: with PostgreSQL down, a request fails within seconds (503).

    A broken connection invalidates the whole pool (SQLAlchemy does this on a disconnect error),
    so recovery after a database restart does not rely on `pool_pre_ping`.
    """
    options: dict = {"pool_pre_ping": False}
    if url.startswith("postgresql"):
        options["connect_args"] = {
            "connect_timeout": 3,
            "options": f"-c statement_timeout={statement_timeout_ms}",
        }
    return options


def _dev_secret(instance_path: str, name: str) -> str:
    """A random secret kept in the instance folder, so development sessions survive restarts."""
    path = Path(instance_path) / f"{name.lower()}.dev"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


def settings_from_env(env: Mapping[str, str], instance_path: str) -> dict:
    """Build the Flask config mapping from environment variables (see .env.example)."""
    portal_env = env.get("PORTAL_ENV", "development")
    if portal_env not in {"development", "production", "testing"}:
        raise ConfigError(f"PORTAL_ENV must be development, production or testing, got {portal_env!r}")
    production = portal_env == "production"

    secrets_by_name = {}
    for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
        value = env.get(name, "")
        if production:
            if problem := secret_problem(name, value):
                raise ConfigError(problem)
        elif not value:
            value = _dev_secret(instance_path, name)
        secrets_by_name[name] = value

    if production and secrets_by_name["SECRET_KEY"] == secrets_by_name["JWT_SECRET_KEY"]:
        raise ConfigError("SECRET_KEY and JWT_SECRET_KEY must be different values in production")
    if production:
        # Defaults made for one developer's laptop would fail quietly on a server: files on one
        # host's disk, rate limits counted per worker. Production names its choices.
        for name in ("STORAGE_BACKEND", "REDIS_URL"):
            if not env.get(name):
                raise ConfigError(f"{name} must be set in production (see .env.example)")

    default_db = "sqlite:///" + os.path.join(instance_path, "portal.sqlite3")
    storage_backend = env.get("STORAGE_BACKEND", "local")
    if storage_backend not in {"local", "s3"}:
        raise ConfigError(f"STORAGE_BACKEND must be local or s3, got {storage_backend!r}")
    if storage_backend == "s3" and not env.get("S3_BUCKET"):
        raise ConfigError("S3_BUCKET must be set when STORAGE_BACKEND=s3")
    redis_url = env.get("REDIS_URL", "")
    sso = sso_settings(env, production)

    return {
        "PORTAL_ENV": portal_env,
        "SECRET_KEY": secrets_by_name["SECRET_KEY"],
        "JWT_SECRET_KEY": secrets_by_name["JWT_SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL") or default_db),
        # No pre-ping (a round trip per request): connections a server restart closed are found
        # and replaced on checkout without one (portal/database.py).
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url(env.get("DATABASE_URL") or default_db),
                                                    _int(env, "DATABASE_STATEMENT_TIMEOUT_MS", 15000)),
        "REDIS_URL": redis_url,
        # Auth
        "JWT_TOKEN_LOCATION": ["headers", "cookies"],
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=_int(env, "ACCESS_TOKEN_MINUTES", 15)),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=_int(env, "REFRESH_TOKEN_DAYS", 14)),
        "JWT_REFRESH_COOKIE_PATH": "/api/auth",
        "JWT_REFRESH_CSRF_COOKIE_PATH": "/",
        "JWT_COOKIE_SAMESITE": "Strict",
        "JWT_COOKIE_SECURE": _bool(env.get("COOKIE_SECURE"), default=production),
        "JWT_COOKIE_CSRF_PROTECT": True,
        "JWT_CSRF_IN_COOKIES": True,
        "JWT_SESSION_COOKIE": False,
        "PASSWORD_HASH_TIME_COST": _int(env, "PASSWORD_HASH_TIME_COST", 3),
        "PASSWORD_HASH_MEMORY_KIB": _int(env, "PASSWORD_HASH_MEMORY_KIB", 65536),
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute"),
        "LOGIN_LIMIT_PER_IP": env.get("LOGIN_LIMIT_PER_IP", "20 per minute"),
        # The editor asks for a preview a moment after each pause in typing.
        "PREVIEW_LIMIT_PER_USER": env.get("PREVIEW_LIMIT_PER_USER", "120 per minute"),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Redis down: count sign-in attempts in each process instead (still throttled, never a
        # 500), and go back to Redis when it answers again.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1} if redis_url else {},
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
        # Uploads and storage
        "STORAGE_BACKEND": storage_backend,
        "LOCAL_STORAGE_PATH": env.get("LOCAL_STORAGE_PATH") or os.path.join(instance_path, "uploads"),
        "S3_BUCKET": env.get("S3_BUCKET", ""),
        "S3_REGION": env.get("S3_REGION", "ap-northeast-2"),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL", ""),
        "UPLOAD_MAX_BYTES": _int(env, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024),
        "UPLOAD_URL_EXPIRES": _int(env, "UPLOAD_URL_EXPIRES", 300),
        "DOWNLOAD_URL_EXPIRES": _int(env, "DOWNLOAD_URL_EXPIRES", 300),
        # Content limits. Request bodies: the largest the API takes is a post (100,000 characters,
        # up to 3 bytes each in UTF-8) with its attachment keys; files never pass through the app.
        "MAX_CONTENT_LENGTH": _int(env, "REQUEST_MAX_BYTES", 1024 * 1024),
        "MESSAGE_MAX": _int(env, "MESSAGE_MAX", 4000),
        # Hosts (https) posts may show images from; any other image is shown as a link.
        "MARKDOWN_IMAGE_HOSTS": _list(env.get("MARKDOWN_IMAGE_HOSTS")),
        # Chat: the Socket.IO channel on REDIS_URL (also the prefix of chat's Redis keys);
        # portals sharing one Redis need distinct channels.
        "CHAT_CHANNEL": env.get("CHAT_CHANNEL", "portal-chat"),
        # Seconds a socket counts as online without its process's heartbeat (a crashed process's
        # users go offline within this).
        "CHAT_PRESENCE_TTL": _int(env, "CHAT_PRESENCE_TTL", 60),
        # How often each chat process closes sockets whose token expired or session ended.
        "CHAT_SESSION_CHECK_SECONDS": _int(env, "CHAT_SESSION_CHECK_SECONDS", 5),
        # Socket.IO's concurrency: "auto" follows the server — gevent under gunicorn's gevent
        # worker (production's chat tier), threads anywhere else (`make run`, in-process tests).
        "CHAT_ASYNC_MODE": env.get("CHAT_ASYNC_MODE", "auto"),
        # Open sockets one process holds; past it a new socket gets 503 at once, and the process
        # keeps answering other requests. Keep it below gunicorn's --worker-connections.
        "CHAT_MAX_SOCKETS": _int(env, "CHAT_MAX_SOCKETS", 1000),
        # Under gevent: PostgreSQL connections per chat process (sockets queue for them), and
        # Redis connections for presence (a socket waits up to 2 s for one).
        "CHAT_DATABASE_POOL": _int(env, "CHAT_DATABASE_POOL", 10),
        "CHAT_REDIS_POOL": _int(env, "CHAT_REDIS_POOL", 50),
        # Web
        "CORS_ORIGINS": _list(env.get("CORS_ORIGINS")),
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 1 if production else 0),
        "FRONTEND_DIST": env.get("FRONTEND_DIST")
        or str(Path(__file__).resolve().parent.parent / "frontend" / "dist"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO").upper(),
        # Prometheus metrics: set by gunicorn's master (gunicorn.conf.py) for its workers when
        # METRICS_PORT is set; empty means nothing is measured (portal/metrics.py).
        "METRICS_MULTIPROC_DIR": env.get("PROMETHEUS_MULTIPROC_DIR", ""),
        # API documentation (flask-smorest)
        "API_TITLE": "Portal API",
        "API_VERSION": "1.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
        "JSON_SORT_KEYS": False,
        **sso,
    }


def sso_settings(env: Mapping[str, str], production: bool) -> dict:
    """OpenID Connect single sign-on: on when OIDC_ISSUER is set (see docs/sso.md)."""
    issuer = env.get("OIDC_ISSUER", "").strip().rstrip("/")
    password_login = _bool(env.get("PASSWORD_LOGIN"), default=True)
    settings = {
        "OIDC_ISSUER": issuer,
        "OIDC_CLIENT_ID": env.get("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": env.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_ALLOWED_DOMAINS": [d.lower().lstrip("@") for d in _list(env.get("OIDC_ALLOWED_DOMAINS"))],
        "OIDC_SCOPES": env.get("OIDC_SCOPES") or "openid email profile offline_access",
        # Extra authorization parameters, e.g. Google's `access_type=offline&prompt=consent`.
        "OIDC_AUTH_PARAMS": env.get("OIDC_AUTH_PARAMS", ""),
        "OIDC_NAME_CLAIM": env.get("OIDC_NAME_CLAIM") or "name",
        "OIDC_EMAIL_CLAIM": env.get("OIDC_EMAIL_CLAIM") or "email",
        # Entra ID has no `email_verified`: its optional claim `xms_edov` says the same.
        "OIDC_EMAIL_VERIFIED_CLAIM": env.get("OIDC_EMAIL_VERIFIED_CLAIM") or "email_verified",
        "OIDC_GROUP_CLAIM": env.get("OIDC_GROUP_CLAIM") or "groups",
        "OIDC_ADMIN_GROUP": env.get("OIDC_ADMIN_GROUP", ""),
        "OIDC_JIT_CREATE": _bool(env.get("OIDC_JIT_CREATE")),
        # Where the provider sends the browser back; derived from the request when empty.
        "OIDC_REDIRECT_URI": env.get("OIDC_REDIRECT_URI", ""),
        "OIDC_HTTP_TIMEOUT": _int(env, "OIDC_HTTP_TIMEOUT", 5),
        "OIDC_CLOCK_LEEWAY": _int(env, "OIDC_CLOCK_LEEWAY", 60),
        "PASSWORD_LOGIN": password_login,
    }
    if issuer:
        if not issuer.startswith("https://") and production:
            raise ConfigError("OIDC_ISSUER must be an https:// URL in production")
        if not settings["OIDC_CLIENT_ID"]:
            raise ConfigError("OIDC_CLIENT_ID must be set when OIDC_ISSUER is")
        if not settings["OIDC_ALLOWED_DOMAINS"]:
            raise ConfigError("OIDC_ALLOWED_DOMAINS must name the company's email domains when OIDC_ISSUER "
                              "is set (otherwise any account at the provider could sign in)")
        if production and (problem := secret_problem("OIDC_CLIENT_SECRET", settings["OIDC_CLIENT_SECRET"])):
            raise ConfigError(problem)
    elif not password_login:
        raise ConfigError("PASSWORD_LOGIN=false needs single sign-on: set OIDC_ISSUER (and its client)")
    return settings


def start_up_warnings(settings: Mapping) -> list[str]:
    """What an operator should hear about a configuration that runs but is not what they want."""
    warnings = []
    if settings["PORTAL_ENV"] == "production" and not settings["JWT_COOKIE_SECURE"]:
        warnings.append("COOKIE_SECURE is off: the refresh cookie travels without the Secure flag. "
                        "Serve the portal over HTTPS and set COOKIE_SECURE=true (Ansible does when "
                        "portal_public_origin is https://).")
    if settings["JWT_COOKIE_SECURE"] and any(o.startswith("http://") for o in settings["CORS_ORIGINS"]):
        warnings.append("COOKIE_SECURE is on but an origin is plain http://: browsers will not keep the "
                        "refresh cookie there, and sign-in will not survive a reload.")
    return warnings
