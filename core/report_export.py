"""Reports as files: CSV (UTF-8 with a BOM, so Excel opens Chinese correctly) and XLSX
with the column titles in the reader's language. Text a spreadsheet would run as a
formula (starting with =, +, -, @, a tab or a carriage return) is written as text."""
import csv
import io
from datetime import date

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(report, rows, locale) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.label(locale) for c in report.columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c.key)) for c in report.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report, rows, locale, tenant_name: str, start: date, end: date) -> bytes:
    from openpyxl import Workbook  # only when asked for: web workers stay smaller
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = report.name[:31]
    sheet.append([f"{tenant_name} · {report.title(locale)}", f"{start.isoformat()} – {end.isoformat()}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([c.label(locale) for c in report.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [safe_cell(row.get(c.key)) for c in report.columns]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
    for index, column in enumerate(report.columns, start=1):
        width = max([len(str(column.label(locale)))] + [len(str(r.get(column.key) or "")) for r in rows[:200]])
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = min(60, 4 + width * 1.6)
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(report, start: date, end: date, extension: str) -> str:
    return f"{report.name}_{start.isoformat()}_{end.isoformat()}.{extension}"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(report, rows, locale, tenant_name: str, start: date, end: date, fmt: str):
    """A Flask response with the report as a ``csv`` or ``xlsx`` attachment."""
    from flask import make_response
    if fmt == "csv":
        response = make_response(to_csv(report, rows, locale))
        response.mimetype = "text/csv"
    else:
        response = make_response(to_xlsx(report, rows, locale, tenant_name, start, end))
        response.mimetype = XLSX_TYPE
    response.headers["Content-Disposition"] = f"attachment; filename={filename(report, start, end, fmt)}"
    return response
