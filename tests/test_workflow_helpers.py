"""Shared lifecycle steps for tests of several modules (not a test module itself)."""
from tests.test_workflow import COMPLETE_REPLY, handled  # noqa: F401


def answered(office, satisfaction):
    case = handled(office)
    office.act(office.handler, case, "determine", responsibility="liable", findings="f")
    office.act(office.handler, case, "propose", resolution="r")
    office.act(office.handler, case, "reply", **COMPLETE_REPLY)
    office.act(office.intake, case, "follow_up", satisfaction=satisfaction)
    return case
