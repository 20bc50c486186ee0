"""The identity provider, spoken to with Authlib (OAuth 2 client, PKCE) and joserfc (JWS/JWT).

The discovery document and the JWKS are cached per process for an hour; an ID token signed
with a key id the cache does not know fetches the JWKS again once (the provider rotated its
keys), so rotation needs no restart and a forged kid costs one fetch, not a loop.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

CACHE_SECONDS = 3600
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered with something that is not OpenID Connect."""


class TokenRejected(Exception):
    """The provider's answer or ID token failed a check (signature, issuer, audience, expiry, nonce)."""


class RefreshRefused(Exception):
    """The provider refused the refresh token: the user signed out there or was removed."""


@dataclass
class ProviderTokens:
    claims: dict
    refresh_token: str | None


_cache: dict[tuple[str, str], tuple[float, object]] = {}
_lock = threading.Lock()


def _timeout() -> int:
    return current_app.config["OIDC_HTTP_TIMEOUT"]


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=_timeout())
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url}: {error}") from error


def _cached(kind: str, key: str, load, fresh: bool = False):
    with _lock:
        hit = _cache.get((kind, key))
    if hit and not fresh and hit[0] > time.monotonic():
        return hit[1]
    value = load()
    with _lock:
        _cache[(kind, key)] = (time.monotonic() + CACHE_SECONDS, value)
    return value


def metadata() -> dict:
    issuer = current_app.config["OIDC_ISSUER"]

    def load():
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ProviderUnavailable(f"the discovery document names issuer {document.get('issuer')!r}")
        return document

    return _cached("metadata", issuer, load)


def _keys(fresh: bool = False) -> KeySet:
    uri = metadata()["jwks_uri"]
    return _cached("jwks", uri, lambda: KeySet.import_key_set(_get_json(uri)), fresh=fresh)


def _client(redirect_uri: str | None = None, scope: str | None = None) -> OAuth2Session:
    config = current_app.config
    return OAuth2Session(config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"] or None,
                         scope=scope, redirect_uri=redirect_uri,
                         code_challenge_method="S256",
                         token_endpoint_auth_method="client_secret_basic"
                         if config["OIDC_CLIENT_SECRET"] else "none")


def authorization_url(redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
    extra = dict(parse_qsl(current_app.config["OIDC_AUTH_PARAMS"]))
    url, _ = _client(redirect_uri, current_app.config["OIDC_SCOPES"]).create_authorization_url(
        metadata()["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier, **extra)
    return url


def exchange_code(redirect_uri: str, code: str, verifier: str, nonce: str) -> ProviderTokens:
    """Trade the code (with the PKCE verifier) for tokens and check the ID token."""
    try:
        token = _client(redirect_uri).fetch_token(metadata()["token_endpoint"], code=code,
                                                  code_verifier=verifier, timeout=_timeout())
    except AuthlibBaseError as error:
        raise TokenRejected(f"token endpoint: {error.error}") from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"token endpoint: {error}") from error
    if not token.get("id_token"):
        raise TokenRejected("the token response has no id_token")
    return ProviderTokens(verify_id_token(token["id_token"], nonce), token.get("refresh_token"))


def _decode(id_token: str) -> jwt.Token:
    try:
        kid = extract_compact(id_token.encode()).headers().get("kid")
    except (JoseError, ValueError) as error:
        raise TokenRejected(f"the ID token is not a JWS: {error}") from error
    keys = _keys()
    if kid and not any(key.kid == kid for key in keys.keys):
        keys = _keys(fresh=True)  # the provider rotated its keys
    try:
        return jwt.decode(id_token, keys, algorithms=SIGNING_ALGORITHMS)
    except (JoseError, ValueError) as error:
        raise TokenRejected(f"ID token signature: {error}") from error


def verify_id_token(id_token: str, nonce: str | None) -> dict:
    """The ID token's claims, once signature, issuer, audience, expiry and nonce are checked."""
    config = current_app.config
    claims = _decode(id_token).claims
    now = time.time()
    leeway = config["OIDC_CLOCK_LEEWAY"]
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    problems = {
        "issuer": claims.get("iss", "").rstrip("/") != config["OIDC_ISSUER"],
        "audience": config["OIDC_CLIENT_ID"] not in audiences
        or (len(audiences) > 1 and claims.get("azp") != config["OIDC_CLIENT_ID"]),
        "expiry": not isinstance(claims.get("exp"), (int, float)) or claims["exp"] + leeway < now,
        "issued at": not isinstance(claims.get("iat"), (int, float)) or claims["iat"] - leeway > now,
        "subject": not claims.get("sub"),
        "nonce": nonce is not None and claims.get("nonce") != nonce,
    }
    failed = [name for name, bad in problems.items() if bad]
    if failed:
        raise TokenRejected(f"ID token {', '.join(failed)} check failed")
    return claims


def refresh(refresh_token: str) -> ProviderTokens:
    """Ask the provider whether the session still stands (the scope stays the one granted).

    `invalid_grant` (RFC 6749 5.2: revoked, expired, the user signed out or was removed) raises
    RefreshRefused; any other error says more about the portal's client than about the user,
    and raises TokenRejected.
    """
    try:
        token = _client().refresh_token(metadata()["token_endpoint"], refresh_token=refresh_token,
                                        timeout=_timeout())
    except AuthlibBaseError as error:
        if error.error == "invalid_grant":
            raise RefreshRefused(error.error) from error
        raise TokenRejected(f"token endpoint: {error.error}") from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"token endpoint: {error}") from error
    claims = verify_id_token(token["id_token"], None) if token.get("id_token") else {}
    return ProviderTokens(claims, token.get("refresh_token") or refresh_token)


def revoke(refresh_token: str) -> None:
    """Revoke the refresh token at the provider (RFC 7009), if it offers revocation."""
    endpoint = metadata().get("revocation_endpoint")
    if endpoint:
        _client().revoke_token(endpoint, token=refresh_token, token_type_hint="refresh_token",
                               timeout=_timeout())
