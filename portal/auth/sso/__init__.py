"""OpenID Connect single sign-on: the provider's sign-in opens the portal's own session.

provider.py talks to the identity provider (discovery, JWKS, code exchange, ID token checks,
refresh); handoff.py carries state, nonce and the PKCE verifier across the redirect in a signed
cookie (the app is stateless: nothing is kept in server memory between the two requests);
service.py applies the portal's account rules and opens or ends sessions.
"""
