"""Message texts in both languages. ``{reference}``, ``{title}`` and the payload's keys are
filled in; plugins add or override texts through ``notification_templates``. Times
(payload keys ending in ``_at`` or ``_by``) are shown in the tenant's time zone and
deadline kinds in the message's language."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale, gettext

from core.plugins import hooks_for

TEMPLATES = {
    "case_received": {
        "zh_CN": ("您的投诉已受理登记：{reference}", "您好，我们已收到您的投诉“{title}”，编号 {reference}。我们将于 {decide_by} 前告知是否受理。"),
        "en": ("We received your complaint {reference}", "We received your complaint “{title}” ({reference}). We will tell you by {decide_by} whether we accept it."),
    },
    "case_accepted": {
        "zh_CN": ("投诉 {reference} 已受理", "您的投诉“{title}”已受理，我们将于 {due_at} 前答复您。"),
        "en": ("Complaint {reference} accepted", "Your complaint “{title}” was accepted; we will answer by {due_at}."),
    },
    "case_rejected": {
        "zh_CN": ("投诉 {reference} 不予受理", "您的投诉“{title}”不予受理，原因：{reason}"),
        "en": ("Complaint {reference} not accepted", "Your complaint “{title}” was not accepted: {reason}"),
    },
    "info_requested": {
        "zh_CN": ("投诉 {reference} 需要补充材料", "为处理您的投诉，请补充：{missing}"),
        "en": ("Complaint {reference}: information needed", "To handle your complaint, please send: {missing}"),
    },
    "case_extended": {
        "zh_CN": ("投诉 {reference} 处理期限延长", "因{reason}，您的投诉将于 {due_at} 前答复。"),
        "en": ("Complaint {reference}: more time needed", "Because {reason}, we will answer by {due_at}."),
    },
    "clock_stopped": {
        "zh_CN": ("投诉 {reference} 暂停计时", "因{reason}，处理期限暂停计算，恢复后我们会通知您。"),
        "en": ("Complaint {reference}: clock stopped", "Because {reason}, the time limit is paused; we will tell you when it runs again."),
    },
    "case_replied": {
        "zh_CN": ("投诉 {reference} 处理结果", "{text}\n联系方式：{contact}"),
        "en": ("Complaint {reference}: our answer", "{text}\nContact: {contact}"),
    },
    "case_closed": {
        "zh_CN": ("投诉 {reference} 已办结", "感谢您接受回访，您的投诉“{title}”已办结。"),
        "en": ("Complaint {reference} closed", "Thank you for your feedback; your complaint “{title}” is closed."),
    },
    "case_handled_again": {
        "zh_CN": ("投诉 {reference} 将重新处理", "您对处理结果不满意，我们将重新处理您的投诉“{title}”，并于 {due_at} 前答复。"),
        "en": ("Complaint {reference} handled again", "As you are not satisfied, we will handle your complaint “{title}” again and answer by {due_at}."),
    },
    "scheduled_report": {
        "zh_CN": ("{report}（{period}）", "{report}，{period}：\n\n{table}\n\n完整报表及导出请登录系统“统计报表”查看。"),
        "en": ("{report} ({period})", "{report}, {period}:\n\n{table}\n\nThe full report and its exports are under Reports."),
    },
    "case_referred": {
        "zh_CN": ("投诉 {reference} 已转交", "您的投诉已转交 {body} 处理。{basis}"),
        "en": ("Complaint {reference} referred", "Your complaint was referred to {body}. {basis}"),
    },
    "case_assigned": {
        "zh_CN": ("新分派的投诉 {reference}", "投诉“{title}”（{reference}）已分派给您。"),
        "en": ("Complaint {reference} assigned to you", "The complaint “{title}” ({reference}) is yours to handle."),
    },
    "case_major": {
        "zh_CN": ("重大投诉 {reference}", "投诉“{title}”（{reference}）为重大投诉，请立即关注。"),
        "en": ("Major complaint {reference}", "The complaint “{title}” ({reference}) is major: please look at it now."),
    },
    "approval_needed": {
        "zh_CN": ("待审批方案 {reference}", "投诉“{title}”的处理方案（金额 {amount}）待您审批。"),
        "en": ("Proposal awaiting approval: {reference}", "The proposal for “{title}” (amount {amount}) awaits your approval."),
    },
    "deadline_due_soon": {
        "zh_CN": ("期限临近：{reference}", "投诉“{title}”的{kind}期限将于 {due_at} 到期。"),
        "en": ("Due soon: {reference}", "The {kind} deadline of “{title}” falls due at {due_at}."),
    },
    "deadline_breached": {
        "zh_CN": ("已超期：{reference}", "投诉“{title}”的{kind}期限已于 {due_at} 超期。"),
        "en": ("Overdue: {reference}", "The {kind} deadline of “{title}” passed at {due_at}."),
    },
    "withdrawal_flagged": {
        "zh_CN": ("非自愿撤诉：{reference}", "投诉“{title}”的撤诉可能并非自愿：{reason}"),
        "en": ("Withdrawal not voluntary: {reference}", "The withdrawal of “{title}” may not be voluntary: {reason}"),
    },
    "case_reopened": {
        "zh_CN": ("投诉重新处理：{reference}", "投诉“{title}”已重新处理：{reason}"),
        "en": ("Complaint reopened: {reference}", "The complaint “{title}” was reopened: {reason}"),
    },
}
FALLBACK = {"zh_CN": ("投诉 {reference} 通知", "投诉“{title}”有新的进展。"),
            "en": ("Complaint {reference}", "There is news on the complaint “{title}”.")}


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render(tenant, template, locale, payload) -> tuple[str, str]:
    """``(subject, body)`` of ``template`` in ``locale``; unknown keys render empty."""
    texts = dict(TEMPLATES.get(template, FALLBACK))
    for extra in hooks_for(tenant).notification_templates(tenant=tenant):
        texts.update((extra or {}).get(template, {}))
    locale = "en" if str(locale).startswith("en") else "zh_CN"
    subject, body = texts.get(locale) or texts.get("zh_CN") or FALLBACK[locale]
    with force_locale(locale):
        values = _Blank({k: _readable(tenant, k, v) for k, v in (payload or {}).items()})
    return subject.format_map(values), body.format_map(values)


def _readable(tenant, key, value):
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if key == "kind" and isinstance(value, str):
        return gettext(value)
    if isinstance(value, str) and key.endswith(("_at", "_by")):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = moment.astimezone(ZoneInfo(tenant.timezone))
        return moment.strftime("%Y-%m-%d %H:%M")
    return value
