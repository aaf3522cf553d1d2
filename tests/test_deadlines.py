"""Deadlines with a frozen clock: holidays, adjusted working days, time zones, pauses,
extensions, a year without holiday data, and where each limit comes from."""
import types
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


from core.extensions import db
from core.hookspecs import hookimpl
from core.tenant_calendar import set_day
from core.toolkit import Limit
from tests.workflow_support import deadline

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args, tz=SHANGHAI):
    return datetime(*args, tzinfo=tz)


def end_of(day, tz=SHANGHAI):
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=tz)


def test_national_day_holidays_are_skipped(office):
    """Received 30 Sep 2025: 1-8 Oct are the National Day holidays."""
    now = local(2025, 9, 30, 10)
    case = office.register(now=now)
    assert deadline(case, "acknowledge").due_at == end_of(date(2025, 10, 9))
    # 9 Oct, 10 Oct, then Saturday 11 Oct, an adjusted working day (调休).
    assert deadline(case, "decide").due_at == end_of(date(2025, 10, 11))


def test_adjusted_working_sunday_counts(office):
    """Received Friday 26 Sep 2025: Sunday 28 Sep is a working day that year."""
    case = office.register(now=local(2025, 9, 26, 16))
    assert deadline(case, "acknowledge").due_at == end_of(date(2025, 9, 28))


def test_counting_uses_the_tenants_local_date(office):
    """17:00 UTC on 26 Sep is already Saturday 27 Sep in Shanghai: count from there."""
    received = datetime(2025, 9, 26, 17, 0, tzinfo=timezone.utc)
    case = office.register(now=received)
    assert deadline(case, "acknowledge").due_at == end_of(date(2025, 9, 28))


def test_other_country_and_time_zone(app, make_tenant, make_user):
    from core.cases.intake import register_case
    from tests.support import complaint
    tenant = make_tenant(calendar="US", timezone="America/New_York", locale="en")
    clerk = make_user(tenant, "intake")
    ny = ZoneInfo("America/New_York")
    received = local(2025, 7, 3, 20, tz=ny)  # Thursday evening; Friday 4 July is a holiday
    case, _ = register_case(tenant, clerk, complaint(received_at=received.isoformat()), now=received)
    assert deadline(case, "acknowledge").due_at == end_of(date(2025, 7, 7), tz=ny)


def test_days_the_tenant_removed_or_added(office):
    set_day(office.tenant, date(2026, 3, 3), working=False, note="网点装修停业")
    set_day(office.tenant, date(2026, 3, 7), working=True, note="周六补班")
    db.session.commit()
    case = office.register(now=local(2026, 3, 2, 10))  # Monday
    assert deadline(case, "acknowledge").due_at == end_of(date(2026, 3, 4))
    # 4, 5, 6 March: three working days; then Saturday 7 March counts as a fourth.
    office.tenant.settings = {"deadlines": [{"kind": "decide", "amount": 4, "unit": "working_days"}]}
    db.session.commit()
    case = office.register(now=local(2026, 3, 2, 10))
    assert deadline(case, "decide").due_at == end_of(date(2026, 3, 7))


def test_a_year_without_holiday_data_still_works_and_says_so(office):
    """chinese-calendar has no table for 2027 yet: weekends and the tenant's own days only."""
    case = office.register(now=local(2026, 12, 30, 10))
    decide = deadline(case, "decide")
    # 31 Dec, 1 Jan 2027 (no data: an ordinary Friday), Monday 4 Jan.
    assert decide.due_at == end_of(date(2027, 1, 4))
    assert decide.years_without_holidays == [2027]
    assert deadline(case, "acknowledge").years_without_holidays == []


def test_pause_moves_the_due_time_by_the_paused_time(office):
    now = local(2026, 3, 2, 10)
    case = office.register(now=now)
    due = deadline(case, "decide").due_at
    office.act(office.intake, case, "request_info", now=now + timedelta(hours=2), missing="凭证")
    office.act(office.intake, case, "provide_info", now=now + timedelta(days=3, hours=2), text="已补")
    decide = deadline(case, "decide")
    assert decide.due_at == due + timedelta(days=3) and decide.paused_seconds == 3 * 86400


def test_waiting_for_information_does_not_count_against_the_reply(office):
    now = local(2026, 3, 2, 10)
    case = office.register(now=now)
    office.act(office.intake, case, "request_info", now=now, missing="凭证")
    office.act(office.intake, case, "provide_info", now=now + timedelta(days=14), text="已补")
    office.act(office.intake, case, "accept", category="work_error", now=now + timedelta(days=14))
    resolve = deadline(case, "resolve")
    # 3 working days for a general bank complaint (to Thu 5 March), plus the 14 days waited.
    assert resolve.due_at == end_of(date(2026, 3, 5)) + timedelta(days=14)
    assert resolve.paused_seconds == 14 * 86400


def test_no_extension_while_the_clock_is_stopped(office):
    from core.errors import NotAllowedNow
    from tests.workflow_support import refused
    now = local(2026, 3, 2, 10)
    case = office.register(now=now)
    office.act(office.intake, case, "request_info", now=now, missing="凭证")
    refused(office, office.supervisor, case, "extend", NotAllowedNow, now=now, kind="decide",
            due_at=end_of(date(2026, 3, 20)).isoformat(), reason="r")


def test_extension_replaces_the_due_time(office):
    now = local(2026, 3, 2, 10)
    case = office.register(now=now)
    office.act(office.intake, case, "accept", category="work_error", now=now)
    new_due = end_of(date(2026, 3, 20))
    office.act(office.supervisor, case, "extend", now=now, due_at=new_due.isoformat(), reason="外部鉴定")
    resolve = deadline(case, "resolve")
    assert resolve.due_at == new_due and resolve.original_due_at < new_due


def test_bank_plugin_limits_by_category_class(office):
    """Art. 12 §11: general 3 working days, complex up to 10."""
    now = local(2026, 3, 2, 10)  # Monday
    general = office.register(now=now)
    office.act(office.intake, general, "accept", category="service_attitude", now=now)
    assert deadline(general, "resolve").due_at == end_of(date(2026, 3, 5))
    complex_ = office.register(now=now)
    office.act(office.intake, complex_, "accept", category="rule_violation", now=now)
    assert deadline(complex_, "resolve").due_at == end_of(date(2026, 3, 16))


def test_tenant_rule_beats_plugin_and_most_specific_rule_wins(office):
    office.tenant.settings = {"deadlines": [
        {"kind": "resolve", "amount": 5, "unit": "working_days"},
        {"kind": "resolve", "amount": 48, "unit": "hours", "category": "work_error", "channel": "phone"},
    ]}
    db.session.commit()
    now = local(2026, 3, 2, 10)
    by_phone = office.register(now=now, channel="phone")
    office.act(office.intake, by_phone, "accept", category="work_error", now=now)
    assert deadline(by_phone, "resolve").due_at == now + timedelta(hours=48)
    walk_in = office.register(now=now)
    office.act(office.intake, walk_in, "accept", category="work_error", now=now)
    assert deadline(walk_in, "resolve").due_at == end_of(date(2026, 3, 9))


def test_plugin_policy_reaches_only_its_tenants(office, host, make_tenant, make_user):
    module = types.ModuleType("fast")

    @hookimpl
    def deadline_policy(tenant, case, kind):
        return Limit(2, "hours") if kind == "acknowledge" else None

    module.deadline_policy = deadline_policy
    host.register(module, name="fast")
    try:
        office.tenant.plugins = dict(office.tenant.plugins) | {"fast": {}}
        db.session.commit()
        now = local(2026, 3, 2, 10)
        case = office.register(now=now)
        assert deadline(case, "acknowledge").due_at == now + timedelta(hours=2)
        assert deadline(case, "decide").due_at == end_of(date(2026, 3, 5))  # core default
    finally:
        host.unregister("fast")


def test_met_late_is_recorded_as_breached(office):
    now = local(2026, 3, 2, 10)
    on_time = office.register(now=now)
    office.act(office.intake, on_time, "accept", category="work_error", now=now + timedelta(hours=1))
    assert deadline(on_time, "decide").met_at and deadline(on_time, "decide").breached_at is None
    late = office.register(now=now)
    office.act(office.intake, late, "accept", category="work_error", now=now + timedelta(days=10))
    decide = deadline(late, "decide")
    assert decide.met_at and decide.breached_at == decide.due_at


def test_stop_the_clock_for_an_external_appraisal(office):
    """Time for an outside appraisal does not count, and the complainant is told."""
    from core.errors import NotAllowedNow
    from tests.workflow_support import outbox_of, refused
    now = local(2026, 3, 2, 10)
    case = office.register(now=now)
    office.act(office.intake, case, "accept", category="work_error", now=now)
    office.act(office.supervisor, case, "assign", assignee=office.handler.email, now=now)
    due = deadline(case, "resolve").due_at
    refused(office, office.handler, case, "restart_clock", NotAllowedNow, now=now)
    office.act(office.handler, case, "stop_clock", now=now, reason="送司法鉴定")
    assert deadline(case, "resolve").pause_reason == "送司法鉴定"
    assert outbox_of(case, "clock_stopped")[0].payload["reason"] == "送司法鉴定"
    refused(office, office.handler, case, "stop_clock", NotAllowedNow, now=now, reason="again")
    office.act(office.handler, case, "restart_clock", now=now + timedelta(days=6))
    assert deadline(case, "resolve").due_at == due + timedelta(days=6)
