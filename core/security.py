"""Response headers every page carries. The Content-Security-Policy allows no script at
all (the UI needs none) and styles only from the app's own stylesheet, so markup that
slipped through escaping could still not run; pages may not be framed (clickjacking)."""

CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def secure_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CSP)
    return response


def init_app(app):
    app.after_request(secure_headers)
