"""Working-day arithmetic (core/calendar.py): China's holidays and adjusted working days,
other countries and subdivisions, the tenant's own days, years without data, time zones."""
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import DAYS, HOURS, UNITS, WORKING_DAYS, WorkCalendar, due_at

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NEW_YORK = ZoneInfo("America/New_York")
CN = WorkCalendar("CN")


def local(text, tz=SHANGHAI):
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def end_of(day, tz=SHANGHAI):
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


# --- China: official holidays and adjusted working days (调休) ---------------------------

def test_national_day_2025_matches_the_library():
    assert [d for d in (date(2025, 10, 1) + timedelta(i) for i in range(8))
            if chinese_calendar.is_workday(d)] == []
    for day in (date(2025, 9, 28), date(2025, 10, 11)):   # Sunday, Saturday
        assert day.weekday() >= 5 and chinese_calendar.is_workday(day)
        assert CN.is_working_day(day)
    assert not any(CN.is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert CN.is_working_day(date(2025, 10, 9))
    assert not CN.is_working_day(date(2025, 10, 12))


def test_one_working_day_before_national_day_ends_after_it():
    due = due_at(local("2025-09-30T10:00"), 1, WORKING_DAYS, CN, SHANGHAI)
    assert due == end_of(date(2025, 10, 9))
    assert due.tzinfo is UTC and due == datetime(2025, 10, 9, 15, 59, 59, tzinfo=UTC)


def test_friday_receipt_counts_the_adjusted_working_sunday():
    assert due_at(local("2025-09-26T16:00"), 1, WORKING_DAYS, CN, SHANGHAI) == \
        end_of(date(2025, 9, 28))
    # 3 working days (a general complaint): Sun 28, Mon 29, Tue 30.
    assert due_at(local("2025-09-26T16:00"), 3, WORKING_DAYS, CN, SHANGHAI) == \
        end_of(date(2025, 9, 30))
    # 7 working days (complex): the 4th is Thu Oct 9, then Fri 10, Sat 11 (adjusted), Mon 13.
    assert due_at(local("2025-09-26T16:00"), 7, WORKING_DAYS, CN, SHANGHAI) == \
        end_of(date(2025, 10, 13))


def test_spring_festival_2026():
    assert chinese_calendar.is_workday(date(2026, 2, 14))         # Saturday, adjusted
    assert not any(chinese_calendar.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert chinese_calendar.is_workday(date(2026, 2, 24))
    assert CN.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert CN.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert CN.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


# --- time zones ----------------------------------------------------------------------

def test_counting_starts_from_the_local_date_of_receipt():
    received = datetime(2025, 9, 30, 17, 0, tzinfo=UTC)     # Oct 1 01:00 in Shanghai
    assert due_at(received, 1, DAYS, CN, SHANGHAI) == end_of(date(2025, 10, 2))
    # Sep 27 (Sat) in UTC but Sun Sep 28, an adjusted working day, in Shanghai.
    received = datetime(2025, 9, 27, 16, 30, tzinfo=UTC)
    due = due_at(received, 1, WORKING_DAYS, CN, SHANGHAI)
    assert due == end_of(date(2025, 9, 29)) == datetime(2025, 9, 29, 15, 59, 59, tzinfo=UTC)


def test_any_offset_in_gives_utc_out():
    received = datetime.fromisoformat("2025-09-30T04:00:00-05:00")   # 17:00 Shanghai
    due = due_at(received, 1, WORKING_DAYS, CN, SHANGHAI)
    assert due.utcoffset() == timedelta(0) and due == end_of(date(2025, 10, 9))


def test_end_of_day_follows_daylight_saving_time():
    us = WorkCalendar("US")
    # Fri 2025-03-07 (PST) + 1 working day = Mon 2025-03-10, after the switch to PDT.
    due = due_at(local("2025-03-07T09:00", LOS_ANGELES), 1, WORKING_DAYS, us, LOS_ANGELES)
    assert due == datetime(2025, 3, 11, 6, 59, 59, tzinfo=UTC)
    assert due.astimezone(LOS_ANGELES).time() == time(23, 59, 59)


# --- other countries and subdivisions ------------------------------------------------

def test_united_states_independence_day():
    assert date(2025, 7, 4) in holidays.country_holidays("US", years=2025)
    us = WorkCalendar("US")
    assert not us.is_working_day(date(2025, 7, 4))
    assert not us.is_working_day(date(2025, 7, 5))                # Saturday
    assert us.add_working_days(date(2025, 7, 3), 1) == date(2025, 7, 7)
    assert due_at(local("2025-07-03T12:00", NEW_YORK), 1, WORKING_DAYS, us, NEW_YORK) == \
        end_of(date(2025, 7, 7), NEW_YORK)


def test_subdivision_adds_its_own_holidays():
    cesar_chavez = date(2025, 3, 31)                              # a Monday
    assert cesar_chavez not in holidays.country_holidays("US", years=2025)
    assert cesar_chavez in holidays.country_holidays("US", subdiv="CA", years=2025)
    assert WorkCalendar("US").add_working_days(date(2025, 3, 28), 1) == cesar_chavez
    assert WorkCalendar("US-CA").add_working_days(date(2025, 3, 28), 1) == date(2025, 4, 1)


def test_hong_kong():
    hk_2025 = holidays.country_holidays("HK", years=2025)
    assert date(2025, 10, 1) in hk_2025 and date(2025, 10, 7) in hk_2025
    assert date(2025, 10, 2) not in hk_2025 and date(2025, 10, 6) not in hk_2025
    hk = WorkCalendar("HK")
    assert hk.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 2)
    assert hk.add_working_days(date(2025, 10, 6), 1) == date(2025, 10, 8)
    assert hk.add_working_days(date(2025, 10, 3), 1) == date(2025, 10, 6)   # Sat/Sun off


@pytest.mark.parametrize("code", ["XX", "US-ZZ"])
def test_unknown_calendar_is_refused(code):
    with pytest.raises(ValueError):
        WorkCalendar(code)


# --- the tenant's own days -----------------------------------------------------------

def test_tenant_days_win_over_the_library():
    cal = WorkCalendar("CN", extra_working=[date(2025, 10, 1)], extra_off=[date(2025, 9, 28)])
    assert cal.is_working_day(date(2025, 10, 1)) and not CN.is_working_day(date(2025, 10, 1))
    assert not cal.is_working_day(date(2025, 9, 28))
    assert cal.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 29)
    assert cal.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 1)
    us = WorkCalendar("US", extra_working=[date(2025, 7, 5)], extra_off=[date(2025, 7, 3)])
    assert us.add_working_days(date(2025, 7, 2), 1) == date(2025, 7, 5)


def test_a_day_cannot_be_both_added_and_removed():
    with pytest.raises(ValueError):
        WorkCalendar("CN", extra_working=[date(2025, 10, 1)], extra_off=[date(2025, 10, 1)])


def test_a_calendar_without_working_days_fails_instead_of_looping():
    start = date(2100, 1, 1)
    cal = WorkCalendar("CN", extra_off=[start + timedelta(i) for i in range(4000)])
    with pytest.raises(ValueError):
        cal.next_working_day(start)


# --- years without data --------------------------------------------------------------

def test_year_without_data_counts_weekends_and_tenant_days():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2100, 1, 4))
    assert CN.has_data(2025) and not CN.has_data(2100)
    assert CN.years_without_data(date(2025, 6, 1), date(2025, 12, 31)) == []
    assert CN.years_without_data(date(2099, 12, 1), date(2100, 1, 5)) == [2099, 2100]
    friday = date(2100, 1, 1)
    assert friday.weekday() == 4
    assert CN.add_working_days(friday, 1) == date(2100, 1, 4)
    cal = WorkCalendar("CN", extra_off=[date(2100, 1, 4)], extra_working=[date(2100, 1, 2)])
    assert cal.add_working_days(friday, 1) == date(2100, 1, 2)
    assert cal.add_working_days(friday, 2) == date(2100, 1, 5)
    assert due_at(local("2100-01-01T10:00"), 1, WORKING_DAYS, CN, SHANGHAI) == \
        end_of(date(2100, 1, 4))


def test_the_library_range_ends_where_chinese_calendar_ends():
    last = max(y for y in range(2000, 2101) if CN.has_data(y))
    chinese_calendar.is_workday(date(last, 12, 31))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(last + 1, 1, 1))
    assert CN.years_without_data(date(last, 12, 1), date(last + 1, 1, 5)) == [last + 1]


def test_other_countries_have_data_within_the_library_years():
    assert WorkCalendar("US").has_data(2025) and not WorkCalendar("US").has_data(2101)


# --- calendar days and hours ---------------------------------------------------------

def test_calendar_days_do_not_skip_holidays():
    due = due_at(local("2025-09-30T23:30"), 3, DAYS, CN, SHANGHAI)
    assert due == end_of(date(2025, 10, 3))


def test_hours_are_elapsed_time():
    received = local("2025-09-30T10:15")
    assert due_at(received, 24, HOURS, CN, SHANGHAI) == received + timedelta(hours=24)
    # 24 hours across the spring-forward night is 13:00 EDT, not 12:00.
    received = local("2025-03-08T12:00", NEW_YORK)
    due = due_at(received, 24, HOURS, WorkCalendar("US"), NEW_YORK)
    assert due.tzinfo is UTC and due.astimezone(NEW_YORK) == local("2025-03-09T13:00", NEW_YORK)


@pytest.mark.parametrize("amount, unit", [(1, "weeks"), (1, "working-days"), (0, WORKING_DAYS),
                                          (-1, DAYS), (0, HOURS)])
def test_bad_unit_or_amount(amount, unit):
    with pytest.raises(ValueError):
        due_at(local("2025-09-30T10:00"), amount, unit, CN, SHANGHAI)


def test_naive_receipt_is_refused():
    with pytest.raises(ValueError):
        due_at(datetime(2025, 9, 30, 10), 1, WORKING_DAYS, CN, SHANGHAI)


def test_units():
    assert UNITS == ("working_days", "days", "hours")


def test_working_days_between_is_empty_backwards():
    assert CN.working_days_between(date(2025, 10, 9), date(2025, 10, 1)) == 0
    assert CN.working_days_between(date(2025, 10, 9), date(2025, 10, 9)) == 0


# --- properties ----------------------------------------------------------------------

CALENDARS = [
    (CN, SHANGHAI),
    (WorkCalendar("US-CA"), LOS_ANGELES),
    (WorkCalendar("HK"), ZoneInfo("Asia/Hong_Kong")),
    (WorkCalendar("CN", extra_working=[date(2025, 10, 3), date(2027, 1, 2)],
                  extra_off=[date(2025, 9, 29), date(2026, 12, 31)]), SHANGHAI),
]
# Within chinese_calendar's years, across the edges of its range, and far beyond it.
DATES = st.one_of(st.dates(date(2003, 10, 1), date(2027, 3, 31)),
                  st.dates(date(2099, 6, 1), date(2101, 6, 30)))
PROPERTY = settings(max_examples=100, deadline=None)


@PROPERTY
@given(st.sampled_from(CALENDARS), DATES, st.integers(1, 30))
def test_add_working_days_lands_on_the_nth_working_day(cal_tz, start, n):
    cal, _ = cal_tz
    result = cal.add_working_days(start, n)
    assert result > start
    assert cal.is_working_day(result)
    assert cal.working_days_between(start, result) == n
    assert cal.working_days_between(start, result - timedelta(days=1)) == n - 1


@PROPERTY
@given(st.sampled_from(CALENDARS), DATES, st.integers(1, 15), st.integers(1, 15))
def test_add_working_days_composes(cal_tz, start, a, b):
    cal, _ = cal_tz
    assert cal.add_working_days(start, a + b) == \
        cal.add_working_days(cal.add_working_days(start, a), b)


@PROPERTY
@given(st.sampled_from(CALENDARS), DATES, st.times(), st.integers(-12 * 60, 14 * 60),
       st.integers(1, 30))
def test_due_at_ends_the_nth_working_day_in_local_time(cal_tz, day, clock, offset, n):
    cal, tz = cal_tz
    received = datetime.combine(day, clock, tzinfo=timezone(timedelta(minutes=offset)))
    due = due_at(received, n, WORKING_DAYS, cal, tz)
    assert due.utcoffset() == timedelta(0)
    local_due = due.astimezone(tz)
    assert local_due.time() == time(23, 59, 59)
    assert local_due.date() == cal.add_working_days(received.astimezone(tz).date(), n)
    assert due > received
