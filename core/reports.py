"""Report definitions and running them. A report is a name, a title, its columns and a
function of (tenant, start, end) that computes its rows by SQL aggregation; the core and
the plugins register theirs through ``register_reports`` (the core's are in
``core/statistics.py``). Pages, exports and the API all go through ``run``."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable

from core.plugins import hooks_for


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    label_en: str
    # How people read a stored code in this column (pages, files, e-mails; the API's JSON
    # keeps the code): "code" through the catalogue (statuses, channels…), "category" as
    # the tenant's category name; "" for values shown as they are.
    words: str = ""

    def label(self, locale) -> str:
        return self.label_zh if str(locale).startswith("zh") else self.label_en


@dataclass(frozen=True)
class Report:
    name: str
    title_zh: str
    title_en: str
    columns: tuple
    run: Callable = field(compare=False)  # (tenant, start, end, visible) -> list[dict]
    source: str = ""  # the article it follows
    # A bar chart: (label key, value key) or (label key, value key, {key: value} the rows
    # charted must have); None for no chart.
    chart: tuple | None = None

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


def reader_locale(tenant) -> str:
    """The language of the request, else the tenant's (scheduled reports)."""
    from flask import has_request_context
    from flask_babel import get_locale
    return str(get_locale() or tenant.locale) if has_request_context() else tenant.locale


def run(tenant, report: Report, start: date, end: date, viewer=None, locale=None) -> list[dict]:
    """Rows of ``report`` for the days ``start``..``end``, as ``viewer`` may see them, with
    words in ``locale`` (the reader's language by default)."""
    from flask_babel import force_locale
    locale = locale or reader_locale(tenant)
    with force_locale(locale):
        rows = report.run(tenant, *period(tenant, start, end), not_about(viewer))
    if rows and "label_zh" in rows[0]:  # rows naming themselves in both languages
        zh = locale.startswith("zh")
        rows = [{k: v for k, v in row.items() if k not in ("label_zh", "label_en")}
                | {"label": row["label_zh" if zh else "label_en"]} for row in rows]
    return rows


def in_words(tenant, report: Report, rows: list[dict], locale) -> list[dict]:
    """``rows`` as people read them: the coded columns' values in words of ``locale``."""
    coded = [c for c in report.columns if c.words]
    if not coded or not rows:
        return rows
    from flask_babel import force_locale, gettext
    from core.plugins import categories_for
    names = ({c.code: c.label(str(locale)) for c in categories_for(tenant)}
             if any(c.words == "category" for c in coded) else {})

    def word(column, value):
        if not isinstance(value, str) or not value:
            return value
        return names.get(value, value) if column.words == "category" else gettext(value)
    with force_locale(str(locale)):
        return [row | {c.key: word(c, row.get(c.key)) for c in coded} for row in rows]


PERIODS = ("day", "week", "month", "quarter", "half_year", "custom")


def period_days(kind: str, on: date) -> tuple[date, date]:
    """The first and last day of the ``kind`` period holding ``on`` (weeks start Monday)."""
    if kind == "day":
        return on, on
    if kind == "week":
        start = on - timedelta(days=on.weekday())
        return start, start + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "half_year": 6}[kind]
    first_month = (on.month - 1) // months * months + 1
    start = on.replace(month=first_month, day=1)
    year, month = divmod(first_month - 1 + months, 12)
    return start, date(on.year + year, month + 1, 1) - timedelta(days=1)
