"""Bearer tokens for the API: the token names its tenant and user; scopes ``read`` and
``write``; a rate limit per token."""
import hashlib

from flask import abort, current_app, g, request

from core.fence import fence
from core.auth.service import user_for_token
from core.validation import refuse_nul

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def bearer_token() -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def rate_limit_key() -> str:
    """Per token (by hash, never the token itself); per address for requests without one."""
    token = bearer_token()
    if token:
        return "token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "addr:" + (request.remote_addr or "unknown")


def rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def authenticate():
    """Before every API request: set ``g.tenant`` and ``g.api_user`` from the token, and
    check the token's scope for the method."""
    found = user_for_token(bearer_token())
    if found is None:
        abort(401)
    g.tenant, g.api_user, g.api_scopes = found
    fence(g.tenant.id)
    needed = "read" if request.method in READ_METHODS else "write"
    if needed not in g.api_scopes:
        abort(403)
    refuse_nul(request.args.to_dict(flat=False), "query")
