"""Password hashing (argon2id) and the password policy."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from portal.field_problems import Problem, coded

MIN_LENGTH = 10
MAX_LENGTH = 128


def new_password_field(**kwargs):
    """The schema field for a password being set: its length rule is published in the OpenAPI
    document, where the web app reads it (one source for the hint and the check)."""
    import marshmallow as ma

    return ma.fields.String(required=True, validate=ma.validate.Length(
        min=MIN_LENGTH, max=MAX_LENGTH,
        error=coded("length_between", f"Password must be at least {MIN_LENGTH} and at most {MAX_LENGTH} characters.",
                    min=MIN_LENGTH, max=MAX_LENGTH)), **kwargs)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def policy_problem(password: str) -> Problem | None:
    """Why `password` is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return Problem("too_short", f"Password must be at least {MIN_LENGTH} characters.", {"min": MIN_LENGTH})
    if len(password) > MAX_LENGTH:
        return Problem("too_long", f"Password must be at most {MAX_LENGTH} characters.", {"max": MAX_LENGTH})
    if password.lower() in _common_passwords():
        return Problem("password_common", "This password is too common. Choose another.")
    return None


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_KIB"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the email is unknown, so both failures take the same time.
_DUMMY_HASH: dict[tuple[int, int], str] = {}


def burn_verification_time(password: str) -> None:
    cfg = current_app.config
    params = (cfg["PASSWORD_HASH_TIME_COST"], cfg["PASSWORD_HASH_MEMORY_KIB"])
    if params not in _DUMMY_HASH:
        _DUMMY_HASH[params] = hash_password("not-a-real-password-0000")
    verify_password(_DUMMY_HASH[params], password)
