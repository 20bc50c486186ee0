"""Sign-in methods, and the two legs of the single sign-on redirect.

Both legs are browser navigations, not API calls: every outcome is a redirect into the SPA,
success to the page the user wanted, a refusal to `/login?sso_error=<code>`, which the sign-in
page explains in the UI's language. Never a JSON error page in the browser.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, redirect, request, url_for
from flask.views import MethodView

from portal.auth import blp, sign_in_policy
from portal.auth.routes import set_session_cookie
from portal.auth.schemas import AuthMethodsSchema, SsoCallbackArgs, SsoStartArgs
from portal.auth.sso import handoff
from portal.auth.sso import service as sso


def _redirect_uri() -> str:
    return current_app.config["OIDC_REDIRECT_URI"] or url_for("auth.SsoCallback", _external=True)


def _refused(code: str, next_path: str = "/"):
    query = {"sso_error": code}
    if next_path != "/":
        query["next"] = next_path
    return redirect("/login?" + urlencode(query), code=302)


@blp.route("/methods")
class AuthMethods(MethodView):
    @blp.response(200, AuthMethodsSchema)
    def get(self):
        """How one signs in here: the password form, the company account (single sign-on), or both."""
        return {"password": sign_in_policy.password_login_on(), "sso": sso.enabled()}


@blp.route("/sso/start")
class SsoStart(MethodView):
    @blp.arguments(SsoStartArgs, location="query")
    @blp.response(302)
    def get(self, args):
        """Go to the company's identity provider (a browser navigation; ends in a redirect)."""
        next_path = handoff.safe_next(args.get("next"))
        try:
            url, sealed = sso.begin(next_path, _redirect_uri())
        except sso.SsoRefused as refused:
            current_app.logger.warning("single sign-on could not start: %s", refused)
            return _refused(refused.code, next_path)
        response = redirect(url, code=302)
        handoff.set_cookie(response, sealed)
        return response


@blp.route("/sso/callback")
class SsoCallback(MethodView):
    @blp.arguments(SsoCallbackArgs, location="query")
    @blp.response(302)
    def get(self, args):
        """Where the identity provider sends the browser back: opens the portal's session."""
        pending = handoff.open_sealed(request.cookies.get(handoff.COOKIE))
        try:
            signed_in = sso.complete(pending, args, _redirect_uri())
        except sso.SsoRefused as refused:
            current_app.logger.info("single sign-on refused: %s", refused)
            response = _refused(refused.code, pending.next if pending else "/")
        else:
            response = redirect(pending.next, code=302)
            set_session_cookie(response, signed_in)
        handoff.clear_cookie(response)
        return response
