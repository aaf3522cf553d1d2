"""Case actions: every change to a case is one action that checks who may do it and in
which state, appends one event and updates the case in the same transaction.

    perform(tenant, actor, case_id, "accept", {"category": "work_error"}, version=3)

A refused action raises a :mod:`core.errors` error (Forbidden 403, NotAllowedNow 409,
InvalidInput 422, Conflict 409 for a stale version, NotFound 404) and leaves the case,
its events, its deadlines and its outbox exactly as they were.
"""
from core.workflow.engine import ACTIONS, Complainant, actions_for, allowed_actions, perform

__all__ = ["ACTIONS", "Complainant", "actions_for", "allowed_actions", "perform"]

from core.workflow import actions as _actions  # noqa: E402,F401  (registers the actions)
