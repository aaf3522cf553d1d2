"""Stored XSS in real Chromium (osTicket CVE-2019-13397, the ``<details ontoggle>``
bypass, SVG): the public types markup into every field of the complaint form and names
its evidence file with it; staff then open the board, the list, a search and the case.
The markup must arrive as text: no element of it exists in the page, no script runs, and
the Content-Security-Policy never has to refuse anything (it would, were markup let
through: that is the second wall, not the first)."""
import pytest
from sqlalchemy import select

from core.cases.models import Case
from core.extensions import db
from tests.browser.test_staff_browser import sign_in

pytestmark = pytest.mark.browser
PAYLOADS = {
    "name": '<img src=x onerror="window.__pwned=1">',
    "title": '<svg onload="window.__pwned=2">',
    "description": '<details open ontoggle="window.__pwned=3">d</details><script>window.__pwned=4</script>',
    "demand": '"><a id="jsx" href="javascript:window.__pwned=5">x</a>',
    "subject": "<iframe srcdoc=\"<script>parent.__pwned=6</script>\">",
    "field_branch": '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=7">',
}
FILE_NAME = '<img src=x onerror="window.__pwned=8">.pdf'
INJECTED = "img[src='x'], svg[onload], details[ontoggle], a[href^='javascript:'], iframe, script:not([src]), math"


@pytest.fixture
def bank(live_server):
    app, base = live_server
    with app.app_context():
        from core.auth.service import create_user
        from core.tenancy import create_department, create_tenant
        from tests.support import PASSWORD, unique_slug
        tenant = create_tenant(unique_slug("bank"), "示范银行", plugins=["bank"])
        create_department(tenant, "OPS", "运营部")
        create_user(tenant, "duty@bank.test", role="supervisor", password=PASSWORD)
        db.session.commit()
        slug, tenant_id = tenant.slug, tenant.id
        db.session.remove()
    return app, base, slug, tenant_id


def watch(page):
    """What a page did that it must not: dialogs opened, CSP refusals logged."""
    seen = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))
    return seen


def assert_inert(page, seen, where):
    assert page.evaluate("window.__pwned") is None, where
    assert page.locator(INJECTED).count() == 0, where
    assert seen == [], (where, seen)


def test_markup_typed_by_the_public_stays_text_everywhere_staff_look(chromium, page, bank, tmp_path):
    app, base, slug, tenant_id = bank
    seen = watch(page)
    page.goto(f"{base}/p/{slug}/complain")
    for field, payload in PAYLOADS.items():
        page.locator(f"#{field}").fill(payload)
    page.locator("#phone").fill("13800138000")
    page.locator("#attachments").set_input_files(
        [{"name": FILE_NAME, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% receipt\n"}])
    page.locator("button[type=submit]").last.click()
    reference = page.locator("#reference").inner_text()
    assert_inert(page, seen, "thanks page")
    with app.app_context():
        case = db.session.execute(select(Case).where(Case.tenant_id == tenant_id,
                                                     Case.reference == reference)).scalar_one()
        assert case.description == PAYLOADS["description"]  # kept exactly as typed
        case_id = case.id
        db.session.remove()

    staff = sign_in(chromium, base, slug, "duty@bank.test")
    staff_seen = watch(staff)
    for url in (f"/t/{slug}/", f"/t/{slug}/cases", f"/t/{slug}/cases?q=window.__pwned",
                f"/t/{slug}/cases/{case_id}"):
        staff.goto(base + url)
        assert_inert(staff, staff_seen, url)
    body = staff.locator("main").inner_text()
    for payload in (*PAYLOADS.values(), FILE_NAME):
        assert payload in body  # shown, as text
    # Opening every disclosure on the page gives ontoggle its chance.
    for summary in staff.locator("details > summary").all():
        summary.click()
    assert_inert(staff, staff_seen, "case page, every panel open")
    staff.context.close()
