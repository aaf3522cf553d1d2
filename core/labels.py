"""Words stored as codes (statuses, channels, roles, event types) listed here so that
message extraction puts them in the catalogues; templates translate them with ``_()``."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = (_l("received"), _l("pending_info"), _l("accepted"), _l("rejected"),
                 _l("in_progress"), _l("proposed"), _l("approved"), _l("replied"), _l("closed"),
                 _l("referred"), _l("withdrawn"))
CHANNEL_LABELS = (_l("phone"), _l("walk_in"), _l("letter"), _l("comment_box"), _l("web"),
                  _l("email"), _l("fax"), _l("media"), _l("superior"), _l("government"))
ROLE_LABELS = (_l("admin"), _l("supervisor"), _l("handler"), _l("intake"), _l("auditor"))
EVENT_LABELS = (_l("register"), _l("request_info"), _l("provide_info"), _l("accept"), _l("reject"),
                _l("assign"), _l("determine"), _l("propose"), _l("approve"), _l("send_back"),
                _l("reply"), _l("follow_up"), _l("refer"), _l("withdraw"), _l("extend"),
                _l("escalate"), _l("reopen"), _l("note"), _l("repeat"), _l("deadline_due_soon"),
                _l("deadline_breached"), _l("record_check"), _l("stop_clock"), _l("restart_clock"),
                _l("add_information"))
DEADLINE_LABELS = (_l("acknowledge"), _l("decide"), _l("resolve"))
DETAIL_LABELS = (_l("text"), _l("missing"), _l("reason"), _l("note"), _l("findings"),
                 _l("resolution"), _l("contact"), _l("due_at"), _l("body"), _l("channel"),
                 _l("phone"), _l("address"))
MAJOR_LABELS = (_l("escalated"), _l("major_category"))
# Action form fields (core/web/action_forms.py labels each input with its parameter name).
FIELD_LABELS = (_l("category"), _l("severity"), _l("department"), _l("assignee"), _l("deputy"),
                _l("responsibility"), _l("cause"), _l("staff_action"), _l("corrective_measures"),
                _l("satisfaction"), _l("voluntary"), _l("kind"), _l("check"), _l("amount"))
CHOICE_LABELS = (_l("constructive"), _l("critical"), _l("accusatory"), _l("liable"),
                 _l("partly_liable"), _l("not_liable"), _l("assist"), _l("satisfied"),
                 _l("basically_satisfied"), _l("dissatisfied"), _l("follow_up"))
# The tenant's own settings (core/tenant_settings.py) and the plugins' names, on the admin pages.
SETTING_LABELS = (_l("categories"), _l("routing"), _l("deadlines"), _l("approval_limits"),
                  _l("compensation_menu"), _l("reply_requirements"), _l("major_categories"),
                  _l("max_extension_days"), _l("reminder_hours"), _l("contact"), _l("webhooks"),
                  _l("email"))
PLUGIN_LABELS = (_l("bank"), _l("hotel"), _l("auto_dealer"), _l("hr_labour"))
REPORT_LABELS = (_l("unclassified"), _l("not assigned"), _l("subject_department"))
# The administration log (core/admin_log.py): its actions and details.
ADMIN_LABELS = (_l("user_created"), _l("user_updated"), _l("password_set"), _l("password_changed"),
                _l("department_created"), _l("plugins_set"), _l("settings_saved"), _l("calendar_day_set"),
                _l("calendar_day_removed"), _l("tenant_created"), _l("tenant_suspended"), _l("tenant_resumed"),
                _l("token_created"), _l("changed"), _l("before"), _l("after"), _l("working"), _l("plugins"),
                _l("active"), _l("role"), _l("tenant"), _l("scopes"), _l("name"), _l("admin"))
PERIOD_LABELS = (_l("day"), _l("week"), _l("month"), _l("quarter"), _l("half_year"), _l("custom"))
