"""Single sign-on's account rules, and the provider's word on each portal refresh.

An employee signs in only with a verified email in an allowed domain. The account is found by
that email (the admin created it), or created on first sign-in when OIDC_JIT_CREATE is on; a
deactivated account stays out whatever the provider says. With OIDC_ADMIN_GROUP set, the group
claim decides the admin role at each sign-in (break-glass admins are never demoted by it).
"""
from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from flask import current_app

from portal import audit
from portal.auth import sessions
from portal.auth.accounts import find_by_email, normalize_email
from portal.auth.sso import provider, sealed
from portal.auth.sso.handoff import Handoff
from portal.extensions import db
from portal.models import AuthSession, User
from portal.models.types import utcnow

# A password hash no password matches: accounts made by single sign-on have no password.
NO_PASSWORD = "!sso"


class SsoRefused(Exception):
    """Sign-in did not happen; `code` is what the sign-in page explains (frontend locales)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def enabled() -> bool:
    return bool(current_app.config["OIDC_ISSUER"])


def begin(next_path: str, redirect_uri: str) -> tuple[str, Handoff]:
    """Where to send the browser, and the handoff to keep in its cookie."""
    if not enabled():
        raise SsoRefused("sso_disabled")
    handoff = Handoff.new(next_path)
    try:
        url = provider.authorization_url(redirect_uri, handoff.state, handoff.nonce, handoff.verifier)
    except provider.ProviderUnavailable as error:
        raise SsoRefused("provider_unavailable", str(error)) from error
    return url, handoff


def complete(handoff: Handoff | None, args: dict, redirect_uri: str) -> sessions.SignIn:
    """Finish the sign-in the provider sent back: checks, then the portal's own session."""
    if not enabled():
        raise SsoRefused("sso_disabled")
    if handoff is None or not args.get("state") or args.get("state") != handoff.state:
        raise SsoRefused("state_mismatch")
    if args.get("iss") and args["iss"].rstrip("/") != current_app.config["OIDC_ISSUER"]:
        raise SsoRefused("sso_failed", "the response names another issuer (RFC 9207 mix-up)")
    if args.get("error"):
        raise SsoRefused("access_denied" if args["error"] == "access_denied" else "sso_failed", args["error"])
    if not args.get("code"):
        raise SsoRefused("sso_failed", "no code")
    try:
        tokens = provider.exchange_code(redirect_uri, args["code"], handoff.verifier, handoff.nonce)
    except provider.ProviderUnavailable as error:
        raise SsoRefused("provider_unavailable", str(error)) from error
    except provider.TokenRejected as error:
        raise SsoRefused("sso_failed", str(error)) from error
    user = _account_for(tokens.claims)
    return _open_session(user, tokens)


def _refuse(code: str, claims: dict, user: User | None = None, **detail) -> SsoRefused:
    audit.record(user, "auth.login_failed", user, method="sso", reason=code,
                 provider=current_app.config["OIDC_ISSUER"], subject=str(claims.get("sub", ""))[:255], **detail)
    db.session.commit()
    return SsoRefused(code)


def _verified(claims: dict) -> bool:
    value = claims.get(current_app.config["OIDC_EMAIL_VERIFIED_CLAIM"])
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _groups(claims: dict) -> list[str]:
    value = claims.get(current_app.config["OIDC_GROUP_CLAIM"]) or []
    return [value] if isinstance(value, str) else [str(group) for group in value if group is not None]


def _account_for(claims: dict) -> User:
    config = current_app.config
    email = claims.get(config["OIDC_EMAIL_CLAIM"])
    if not isinstance(email, str) or "@" not in email:
        raise _refuse("email_unverified", claims)
    email = normalize_email(email)
    if not _verified(claims):
        raise _refuse("email_unverified", claims, email=email[:254])
    if email.rsplit("@", 1)[1] not in config["OIDC_ALLOWED_DOMAINS"]:
        raise _refuse("domain_not_allowed", claims, email=email[:254])
    user = find_by_email(email)
    if user is None and not config["OIDC_JIT_CREATE"]:
        raise _refuse("account_not_found", claims, email=email[:254])
    if user is None:
        user = _create(email, claims)
    if not user.is_active:
        raise _refuse("account_inactive", claims, user)
    _apply_admin_group(user, claims)
    return user


def _create(email: str, claims: dict) -> User:
    name = claims.get(current_app.config["OIDC_NAME_CLAIM"])
    name = name.strip()[:100] if isinstance(name, str) and name.strip() else email.split("@")[0][:100]
    user = User(email=email, name=name, password_hash=NO_PASSWORD, role="employee")
    db.session.add(user)
    db.session.flush()
    audit.record(None, "user.create", user, email=email, role=user.role, method="sso",
                 provider=current_app.config["OIDC_ISSUER"], subject=str(claims["sub"])[:255])
    return user


def _apply_admin_group(user: User, claims: dict) -> None:
    group = current_app.config["OIDC_ADMIN_GROUP"]
    if not group:
        return
    role = "admin" if group in _groups(claims) else "employee"
    if role != user.role and not (user.break_glass and user.is_admin):
        user.role = role
        audit.record(None, "user.update", user, role=role, reason="sso_admin_group")


def _open_session(user: User, tokens: provider.ProviderTokens) -> sessions.SignIn:
    issuer = current_app.config["OIDC_ISSUER"]
    subject = str(tokens.claims["sub"])[:255]
    signed_in = sessions.open_session(user, provider=issuer, provider_subject=subject,
                                      provider_refresh_token=sealed.encrypt(tokens.refresh_token))
    audit.record(user, "auth.login", user, method="sso", provider=issuer, subject=subject)
    db.session.commit()
    return signed_in


def provider_still_agrees(session: AuthSession) -> bool:
    """At a portal refresh of an SSO session: does the provider still honour its refresh token?

    A refusal (signed out there, removed, token revoked) ends the session. A provider that does
    not answer does not: an outage of the identity provider should not sign the whole company
    out; the check runs again at the next refresh. Sessions without a provider refresh token
    (a provider that gives none) live by the portal's own rules.
    """
    if not session.provider or not session.provider_refresh_token:
        return True
    if session.provider != current_app.config["OIDC_ISSUER"]:
        return False  # the portal moved to another provider
    token = sealed.decrypt(session.provider_refresh_token)
    if token is None:
        return False
    try:
        tokens = provider.refresh(token)
    except provider.RefreshRefused as error:
        current_app.logger.info("single sign-on: the provider refused session %s: %s", session.id, error)
        audit.record(session.user, "auth.sso_refresh_refused", session.user, provider=session.provider,
                     subject=session.provider_subject, error=str(error)[:100])
        return False
    except (provider.ProviderUnavailable, provider.TokenRejected) as error:
        current_app.logger.warning("single sign-on: could not check session %s at the provider: %s",
                                   session.id, error)
        return True
    if tokens.claims.get("sub", session.provider_subject) != session.provider_subject:
        return False
    session.provider_refresh_token = sealed.encrypt(tokens.refresh_token)
    session.last_used_at = utcnow()
    return True


def forget_at_provider(session: AuthSession) -> None:
    """After a portal sign-out, the provider's refresh token is of no use: revoke it there.

    Best effort, after the portal's own session has ended: a provider that does not answer
    changes nothing for the user, who is signed out of the portal either way.
    """
    if not session.provider_refresh_token or session.provider != current_app.config["OIDC_ISSUER"]:
        return
    token = sealed.decrypt(session.provider_refresh_token)
    try:
        if token:
            provider.revoke(token)
    except (provider.ProviderUnavailable, requests.RequestException, AuthlibBaseError) as error:
        current_app.logger.warning("single sign-on: could not revoke session %s at the provider: %s",
                                   session.id, error)
