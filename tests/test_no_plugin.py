"""An organisation with no fitting plugin runs on its settings alone (DOMAIN.md: the mall of
Art. 17, the school of Art. 15)."""
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.cases.intake import register_case
from core.demo import MALL, SCHOOL
from core.errors import InvalidInput
from core.extensions import db
from core.plugins import categories_for
from core.tenancy import create_tenant, department_by_code
from core.workflow import perform
from tests.support import complaint, table_counts, unique_slug
from tests.workflow_support import deadline

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)


@pytest.fixture
def configured(app, make_user):
    def factory(spec):
        tenant = create_tenant(unique_slug(spec["prefix"].lower()), spec["name"], settings=spec["settings"])
        from core.tenancy import create_department
        for code, name in spec["departments"]:
            create_department(tenant, code, name)
        db.session.commit()
        return tenant, {role: make_user(tenant, role) for role in ("intake", "handler", "supervisor", "admin")}
    return factory


def register(tenant, clerk, **overrides):
    overrides.setdefault("received_at", MONDAY.isoformat())
    case, _ = register_case(tenant, clerk, complaint(**overrides), now=MONDAY)
    db.session.commit()
    return case


def act(tenant, user, case, name, now=MONDAY, **params):
    db.session.refresh(case)
    perform(tenant, user, case.id, name, params, version=case.version, now=now)
    db.session.commit()


def test_categories_routing_and_majors_from_settings(configured):
    tenant, staff = configured(MALL)
    assert [c.code for c in categories_for(tenant)] == ["liable_major", "liable_general", "not_liable", "assistance"]
    major = register(tenant, staff["intake"], category="liable_major")
    assert major.department_id == department_by_code(tenant, "MGMT").id and major.major
    # Routed, and judged major, once the category is chosen at acceptance, too.
    later = register(tenant, staff["intake"])
    act(tenant, staff["intake"], later, "accept", category="assistance")
    assert later.department_id == department_by_code(tenant, "ENG").id and not later.major
    late_major = register(tenant, staff["intake"])
    act(tenant, staff["intake"], late_major, "accept", category="liable_major")
    assert late_major.major and late_major.major_reasons == ["major_category"]


def test_deadlines_from_settings(configured):
    """Art. 17: decide within 3 days; major to the manager the same day; general in 2 days."""
    tenant, staff = configured(MALL)
    major = register(tenant, staff["intake"], category="liable_major")
    assert deadline(major, "acknowledge").due_at == MONDAY + timedelta(hours=8)
    general = register(tenant, staff["intake"], category="liable_general")
    assert deadline(general, "decide").due_at == datetime(2026, 3, 5, 23, 59, 59, tzinfo=SHANGHAI)
    act(tenant, staff["intake"], general, "accept", category="liable_general")
    assert deadline(general, "resolve").due_at == datetime(2026, 3, 4, 23, 59, 59, tzinfo=SHANGHAI)
    school, school_staff = configured(SCHOOL)
    case = register(school, school_staff["intake"])
    act(school, school_staff["intake"], case, "accept", category="teaching")
    # Art. 15: 7 working days.
    assert deadline(case, "resolve").due_at == datetime(2026, 3, 11, 23, 59, 59, tzinfo=SHANGHAI)


def test_compensation_menu_limits_and_reply_requirements(configured):
    from tests.test_workflow import COMPLETE_REPLY
    tenant, staff = configured(SCHOOL)
    tenant.settings = dict(tenant.settings) | {"compensation_menu": ["refund"], "approval_limits": {"handler": 50}}
    db.session.commit()
    case = register(tenant, staff["intake"])
    act(tenant, staff["intake"], case, "accept", category="fees")
    act(tenant, staff["supervisor"], case, "assign", assignee=staff["handler"].email)
    act(tenant, staff["handler"], case, "determine", responsibility="liable", findings="多收")
    with pytest.raises(InvalidInput):
        act(tenant, staff["handler"], case, "propose", resolution="r", compensation={"kind": "gift", "amount": "10"})
    act(tenant, staff["handler"], case, "propose", resolution="退费", compensation={"kind": "refund", "amount": "80"})
    act(tenant, staff["supervisor"], case, "approve")  # 80 is above the handler's 50
    with pytest.raises(InvalidInput) as err:
        act(tenant, staff["handler"], case, "reply", **COMPLETE_REPLY)
    assert "parent_contacted" in err.value.fields["extra"]
    act(tenant, staff["handler"], case, "reply", **(COMPLETE_REPLY | {"extra": {"parent_contacted": "已电话沟通"}}))
    assert case.status == "replied"


@pytest.mark.parametrize("settings, field", [
    ({"categories": [{"code": "Bad Code", "label_zh": "x", "label_en": "x"}]}, "categories"),
    ({"categories": [{"code": "a", "label_zh": "x", "label_en": "x"}] * 2}, "categories"),
    ({"deadlines": [{"kind": "resolve", "amount": 3, "unit": "fortnights"}]}, "deadlines"),
    ({"approval_limits": {"king": 5}}, "approval_limits"),
    ({"contact": {"email": "nope"}}, "contact"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_settings_are_refused_and_write_nothing(app, settings, field):
    before = table_counts()
    with pytest.raises(InvalidInput) as err:
        create_tenant(unique_slug(), "Bad", settings=settings)
    db.session.rollback()
    assert field in err.value.fields["settings"]
    assert table_counts() == before


def test_settings_command(app, make_tenant, tmp_path):
    from core.cli import main
    tenant = make_tenant()
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(SCHOOL["settings"], ensure_ascii=False), encoding="utf-8")
    bad.write_text('{"deadlines": [{"kind": "resolve"}]}', encoding="utf-8")
    runner = app.test_cli_runner()
    with app.app_context():
        ok = runner.invoke(main, ["tenant", "settings", tenant.slug, "--file", str(good)])
        refused_ = runner.invoke(main, ["tenant", "settings", tenant.slug, "--file", str(bad)])
    assert ok.exit_code == 0 and "5 categories" in ok.output
    assert refused_.exit_code == 1 and "Invalid tenant settings" in refused_.stderr
    db.session.expire_all()
    assert len(db.session.get(type(tenant), tenant.id).settings["categories"]) == 5
