"""The REST API under ``/api/v1`` (flask-smorest): bearer tokens per tenant with scopes,
a rate limit per token, errors as ``{"error": {"code", "message", "fields"}}``, and an
OpenAPI document at ``/api/v1/openapi.json`` that, for a token's tenant, spells out its
plugins' case fields."""
import copy

import flask_smorest
from flask import Blueprint, current_app, jsonify
from flask_limiter import Limiter

from core.api import auth, cases, errors, meta
from core.converters import IdConverter, id_schema

BLUEPRINTS = (cases.blp, meta.blp)
for _blueprint in BLUEPRINTS:
    _blueprint.before_request(auth.authenticate)


class ComplaintsApi(flask_smorest.Api):
    def _register_error_handlers(self):
        """Errors are rendered by core.api.errors, for API paths only."""


spec_bp = Blueprint("api_spec", __name__, url_prefix="/api/v1")


@spec_bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document; with a bearer token, ``CaseFields`` lists the fields of the
    token's tenant's plugins."""
    from core.auth.service import user_for_token
    from core.plugins import case_fields_schema

    api = current_app.extensions["complaints.api"]
    document = copy.deepcopy(api.spec.to_dict())
    found = user_for_token(auth.bearer_token())
    if found is not None:
        fields_schema = api.ma_plugin.converter.schema2jsonschema(case_fields_schema(found[0])())
        fields_schema["additionalProperties"] = False
        document["components"]["schemas"]["CaseFields"] = fields_schema
        document["components"]["schemas"]["CaseRegistration"]["properties"]["fields"] = {
            "$ref": "#/components/schemas/CaseFields"}
    return jsonify(document)


def init_app(app):
    app.config.setdefault("API_TITLE", "Complaint platform")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "info": {"description": "Tokens: `complaints token create --tenant SLUG --user EMAIL`."},
    })
    app.config.setdefault("API_RATE_LIMIT", "600/minute")
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    errors.init_app(app)
    api = ComplaintsApi(app)
    api.register_converter(IdConverter, id_schema)
    limiter = Limiter(key_func=auth.rate_limit_key, app=app, default_limits=[],
                      headers_enabled=True)
    for blueprint in BLUEPRINTS:
        limiter.limit(auth.rate_limit)(blueprint)
        api.register_blueprint(blueprint)
    cases.register_components(api.spec)
    app.register_blueprint(spec_bp)
    app.extensions["complaints.api"] = api
    app.extensions["complaints.limiter"] = limiter
