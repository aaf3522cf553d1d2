"""Files attached to a case: evidence from the complainant (凭证/发票, Art. 8, 15, 17).

Limits: at most ``ATTACHMENT_MAX_BYTES`` each and ``ATTACHMENT_MAX_FILES`` per upload; only
PDF, JPEG, PNG and GIF, recognised by their first bytes (the name and the browser's
content type are not trusted). Files are stored under the instance folder with a random
name, never under the web root, and served only through a tenant-scoped, access-checked
view. The name the uploader gave is kept for display only, cleaned of paths and control
characters.
"""
import hashlib
import secrets
import unicodedata
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.errors import InvalidInput
from core.extensions import db
from core.tenancy import scoped
from core.types import UTCDateTime, utcnow

SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_FILES = 5


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (
        Index(None, "tenant_id", "case_id"),
        ForeignKeyConstraint(["tenant_id", "case_id"], ["cases.tenant_id", "cases.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    case_id: Mapped[int] = mapped_column()
    filename: Mapped[str] = mapped_column(String(120))  # for display only
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(80))
    uploaded_by: Mapped[str] = mapped_column(String(20))  # complainant or staff
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def clean_filename(name: str) -> str:
    """The last path part of ``name``, without control characters, at most 100 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return name[:100] or "file"


def sniff(head: bytes):
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def storage_root() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / "attachments"


def path_of(attachment) -> Path:
    return storage_root() / str(attachment.tenant_id) / attachment.storage_key


def check_files(files) -> list[tuple[str, bytes, str]]:
    """Read and check uploaded files (``FileStorage``-like: ``filename``, ``read()``);
    return ``(name, data, content_type)`` or raise InvalidInput naming the file."""
    files = [f for f in files if f and getattr(f, "filename", "")]
    limit = current_app.config.get("ATTACHMENT_MAX_FILES", DEFAULT_MAX_FILES)
    max_bytes = current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(files) > limit:
        raise InvalidInput(_l("Attach at most %(n)d files.", n=limit), {"attachments": [
            _l("Attach at most %(n)d files.", n=limit)]})
    checked = []
    for upload in files:
        name = clean_filename(upload.filename)
        data = upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InvalidInput(_l("%(name)s is larger than %(mb)d MB.", name=name, mb=max_bytes // 2**20),
                               {"attachments": [_l("%(name)s is larger than %(mb)d MB.", name=name,
                                                   mb=max_bytes // 2**20)]})
        kind = sniff(data[:16])
        if kind is None or not data:
            raise InvalidInput(_l("%(name)s is not a PDF, JPEG, PNG or GIF file.", name=name),
                               {"attachments": [_l("%(name)s is not a PDF, JPEG, PNG or GIF file.", name=name)]})
        checked.append((name, data, kind[0]))
    return checked


def store(tenant, case, checked, uploaded_by) -> list[Attachment]:
    """Write checked files to storage and record them; call inside the action's transaction.
    (A file written for a transaction that then rolls back is left unreferenced: harmless.)"""
    folder = storage_root() / str(tenant.id)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, data, content_type in checked:
        key = secrets.token_hex(20)
        (folder / key).write_bytes(data)
        row = Attachment(tenant_id=tenant.id, case_id=case.id, filename=name,
                         content_type=content_type, size=len(data),
                         sha256=hashlib.sha256(data).hexdigest(), storage_key=key,
                         uploaded_by=uploaded_by)
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def attachments_of(tenant, case) -> list[Attachment]:
    return db.session.scalars(scoped(Attachment, tenant).where(Attachment.case_id == case.id)
                              .order_by(Attachment.id)).all()
