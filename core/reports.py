"""Report definitions and running them. A report is a name, a title, its columns and a
function of (tenant, start, end) that computes its rows by SQL aggregation; the core and
the plugins register theirs through ``register_reports``. (The reports issue adds the core
statistics, charts, XLSX and the web page; this is the engine they stand on.)"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable

from core.plugins import hooks_for


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    label_en: str

    def label(self, locale) -> str:
        return self.label_zh if str(locale).startswith("zh") else self.label_en


@dataclass(frozen=True)
class Report:
    name: str
    title_zh: str
    title_en: str
    columns: tuple
    run: Callable = field(compare=False)  # (tenant, start: datetime, end: datetime) -> list[dict]
    source: str = ""  # the article it follows

    def title(self, locale) -> str:
        return self.title_zh if str(locale).startswith("zh") else self.title_en


def reports_for(tenant) -> dict[str, Report]:
    found = {}
    for batch in hooks_for(tenant).register_reports(tenant=tenant):
        for report in batch or ():
            if report.name in found:
                raise RuntimeError(f"report {report.name!r} registered twice for tenant {tenant.slug}")
            found[report.name] = report
    return found


def period(tenant, start: date, end: date) -> tuple[datetime, datetime]:
    """``[start 00:00, the day after end 00:00)`` in the tenant's time zone."""
    tz = tenant.tz
    return (datetime.combine(start, time(), tzinfo=tz),
            datetime.combine(end + timedelta(days=1), time(), tzinfo=tz))


READER_ROLES = ("admin", "supervisor", "auditor")


def not_about(viewer):
    """SQL condition leaving out the cases that are about ``viewer`` (Art. 1 §9, Art. 5):
    a report never shows people the complaints against themselves."""
    from sqlalchemy import or_, true
    from core.cases.models import Case
    if viewer is None:
        return true()
    return or_(Case.subject_user_id.is_(None), Case.subject_user_id != viewer.id)


def run(tenant, report: Report, start: date, end: date, viewer=None) -> list[dict]:
    """Rows of ``report`` for the days ``start``..``end``, as ``viewer`` may see them."""
    return report.run(tenant, *period(tenant, start, end), not_about(viewer))
