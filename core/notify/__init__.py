"""Delivering the outbox: templates, channels (e-mail over SMTP, SMS through a gateway),
and dispatch after commit — in-process (``JOBS=inline``) or on RQ workers (``JOBS=rq``)."""
