"""Working-day arithmetic for deadlines.

Limits come in working days (DOMAIN.md "Deadlines", source Art. 12 §11: general
complaints 3 working days, complex 7-10), calendar days or hours. The counting rule is
DESIGN.md's ("Deadlines"): "N working days" starts on the first working day after receipt
and ends at 23:59:59 tenant time on the Nth working day; calendar days likewise without
skipping; hours are elapsed wall-clock time.

A tenant's calendar is China's official holidays and adjusted working days (调休) from
``chinese_calendar``, or a ``holidays`` country with Sat/Sun weekends, plus the days its
admins added or removed. A year the library has no table for still works (weekends plus
the tenant's days); ``has_data`` / ``years_without_data`` say so.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays

__all__ = ["DAYS", "HOURS", "UNITS", "WORKING_DAYS", "WorkCalendar", "due_at"]

WORKING_DAYS = "working_days"
DAYS = "days"
HOURS = "hours"
UNITS = (WORKING_DAYS, DAYS, HOURS)

# No calendar has ten years without a working day: beyond that, the tenant's days are wrong.
MAX_SCAN_DAYS = 3660
END_OF_DAY = time(23, 59, 59)


class WorkCalendar:
    """Which days are working days for one tenant."""

    def __init__(self, code: str, extra_working: Iterable[date] = (),
                 extra_off: Iterable[date] = ()):
        """``code`` "CN" = official Chinese holidays and adjusted working days (调休) from
        chinese_calendar; any other code is a ``holidays`` country, optionally "CC-SUBDIV"
        (e.g. "US-CA", "HK"), with Sat/Sun as weekend. ``extra_working`` / ``extra_off``:
        days the tenant's admins added or removed; they win over the library."""
        self.code = code
        self.extra_working = frozenset(extra_working)
        self.extra_off = frozenset(extra_off)
        both = self.extra_working & self.extra_off
        if both:
            raise ValueError(f"days both added and removed: {sorted(both)}")
        self._has_data: dict[int, bool] = {}
        self._holidays: dict[int, holidays.HolidayBase] = {}
        if code == "CN":
            self._country = self._subdiv = None
            return
        country, _, subdiv = code.partition("-")
        self._country, self._subdiv = country, subdiv or None
        try:  # fail now on an unknown country or subdivision, not at the first deadline
            probe = holidays.country_holidays(country, subdiv=self._subdiv)
        except NotImplementedError as exc:
            raise ValueError(f"unknown calendar {code!r}: {exc}") from None
        self._years = range(probe.start_year, probe.end_year + 1)

    def __repr__(self) -> str:
        return f"WorkCalendar({self.code!r})"

    def has_data(self, year: int) -> bool:
        """False when the library has no holiday table for ``year``."""
        if self._country is not None:
            return year in self._years
        if year not in self._has_data:
            try:
                chinese_calendar.is_workday(date(year, 1, 1))
                self._has_data[year] = True
            except NotImplementedError:
                self._has_data[year] = False
        return self._has_data[year]

    def years_without_data(self, start: date, end: date) -> list[int]:
        """The years from ``start`` to ``end`` (inclusive) that count only weekends."""
        return [y for y in range(start.year, end.year + 1) if not self.has_data(y)]

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.extra_off:
            return False
        if not self.has_data(day.year):
            return day.weekday() < 5
        if self._country is None:
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5 and day not in self._holidays_of(day.year)

    def _holidays_of(self, year: int) -> holidays.HolidayBase:
        if year not in self._holidays:
            self._holidays[year] = holidays.country_holidays(
                self._country, subdiv=self._subdiv, years=year)
        return self._holidays[year]

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for i in range(1, MAX_SCAN_DAYS + 1):
            candidate = day + timedelta(days=i)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"{self!r} has no working day in the {MAX_SCAN_DAYS} days after {day}")

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (n >= 1)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, not {n}")
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days d with start < d <= end (0 if end <= start)."""
        return sum(self.is_working_day(start + timedelta(days=i))
                   for i in range(1, (end - start).days + 1))


def due_at(received_at: datetime, amount: int, unit: str, calendar: WorkCalendar,
           tz: ZoneInfo) -> datetime:
    """The deadline, in UTC, of a limit of ``amount`` ``unit`` counted from ``received_at``
    (timezone-aware). Days count from the local (``tz``) date of receipt and end at
    23:59:59 local time; hours are elapsed time."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {UNITS}")
    if amount < 1:
        raise ValueError(f"amount must be at least 1, not {amount}")
    if received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    if unit == HOURS:
        # In UTC, so that a DST change in between does not add or remove an hour.
        return received_at.astimezone(UTC) + timedelta(hours=amount)
    received_on = received_at.astimezone(tz).date()
    if unit == WORKING_DAYS:
        last = calendar.add_working_days(received_on, amount)
    else:
        last = received_on + timedelta(days=amount)
    return datetime.combine(last, END_OF_DAY, tzinfo=tz).astimezone(UTC)
