"""What a new password must be (OWASP ASVS 5.0, chapter 6.2), checked wherever one is
set: a user created by an admin or the CLI, a platform admin, a password changed.

- at least 8 characters (6.2.1) and at most 128, so 64 always fit (6.2.9); any
  characters, no composition rules (6.2.5); kept exactly as typed (6.2.8);
- not among the common and breached passwords (6.2.4, 6.2.12): zxcvbn's ranked lists
  (30,000 passwords from public breaches, with English words and names) and the list of
  passwords common in Chinese breaches beside this file; variants such as ``P@ssw0rd1``,
  sequences, keyboard walks, repeats and dates are scored by zxcvbn as well;
- not built on context words (6.1.2, 6.2.11): the organisation's slug and name, the
  user's e-mail address and name, and the product's own words (PRODUCT_WORDS).

A password passes when zxcvbn estimates at least 10^8 guesses (its score 3: "safely
unguessable", though eight random letters fall just short and need a ninth). Sign-in
throttling stops an online attack long before that, and argon2id makes an offline one
slow (docs/SECURITY.md). Breach lists online (Have I Been Pwned) cannot be
asked from a closed network, so the lists ship with the code.
"""
import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.errors import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_SCORE = 3
# zxcvbn refuses passwords above this length; the strength of the first 72 characters
# is a floor for the whole, and 72 characters are far beyond any list.
_SCORED_LENGTH = 72
PRODUCT_WORDS = ("complaint", "complaints", "tousu", "投诉", "admin", "administrator",
                 "password", "mima", "密码", "bank", "hotel", "dealer", "labour", "labor")
_COMMON_ZH = Path(__file__).with_name("common_passwords_zh.txt")


class WeakPassword(InvalidInput):
    """A new password the policy refuses; ``reason`` names the rule (too short, too long,
    unchanged, common, context, guessable)."""

    def __init__(self, message, reason):
        super().__init__(message, {"password": [message]})
        self.reason = reason


@cache
def common_in_chinese_breaches() -> frozenset[str]:
    lines = _COMMON_ZH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def context_words(*, tenant=None, email=None, name=None) -> list[str]:
    """The words a password of this person must not be built on (ASVS 5.0 6.1.2)."""
    words = list(PRODUCT_WORDS)
    if tenant is not None:
        words += [tenant.slug, tenant.slug.replace("-", ""), tenant.name]
        words += [part for part in re.split(r"[-_]", tenant.slug) if len(part) >= 3]
    if email:
        local, _at, domain = email.lower().partition("@")
        words += [local, *re.split(r"[._+-]", local), domain.split(".")[0]]
    if name:
        words += [name, *name.split()]
    return [w for w in dict.fromkeys(w.strip().lower() for w in words) if len(w) >= 2]


def check_new_password(password, *, tenant=None, email=None, name=None, current=None):
    """Raise WeakPassword saying what is wrong with ``password``."""
    import zxcvbn  # its lists take 13 MB: loaded by the processes that set passwords only

    password = password or ""

    def refuse(message, reason):
        raise WeakPassword(message, reason)
    if len(password) < MIN_LENGTH:
        refuse(_l("The password must have at least %(n)d characters.", n=MIN_LENGTH), "too short")
    if len(password) > MAX_LENGTH:
        refuse(_l("The password may have at most %(n)d characters.", n=MAX_LENGTH), "too long")
    if current is not None and password == current:
        refuse(_l("The new password must differ from the current one."), "unchanged")
    if password.lower() in common_in_chinese_breaches():
        refuse(_l("This password is one of the most common ones and is tried first by attackers."), "common")
    words = context_words(tenant=tenant, email=email, name=name)
    result = zxcvbn.zxcvbn(password[:_SCORED_LENGTH], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return
    matched = {(m["pattern"], m.get("dictionary_name")) for m in result["sequence"]}
    if ("dictionary", "user_inputs") in matched:
        refuse(_l("The password must not be built on your name, your e-mail address, the organisation "
                  "or this product."), "context")
    if ("dictionary", "passwords") in matched:
        refuse(_l("This password is one of the most common ones and is tried first by attackers."), "common")
    refuse(_l("This password is too easy to guess (a word, a name, a date, a sequence or a repeat). "
              "Several unrelated words make a strong password."), "guessable")
