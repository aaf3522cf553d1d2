"""Every model, imported in one place so that the metadata (and Alembic) sees them all."""
from core.audit import AuditHead, CaseEvent  # noqa: F401
from core.auth.models import ApiToken, LoginFailure, PlatformAdmin, User  # noqa: F401
from core.cases.models import Case, CaseSequence  # noqa: F401
from core.tenancy import Department, Tenant  # noqa: F401
from core.deadlines import Deadline  # noqa: F401
from core.outbox import OutboxMessage  # noqa: F401
from core.tenant_calendar import CalendarDay  # noqa: F401
from core.attachments import Attachment  # noqa: F401
from core.admin_log import AdminEvent  # noqa: F401
