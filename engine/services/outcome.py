"""What a service call reports back: a message, details, fixes and the rule behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.i18n import Message


@dataclass(frozen=True)
class Fix:
    """An action that would remedy a finding, with the parameters to run it."""

    action: str
    params: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "params": dict(self.params)}


@dataclass
class Finding:
    """One thing a diagnostic found, the rule that covers it and what fixes it."""

    code: str
    message: Message
    rule: str | None = None
    fixes: list[Fix] = field(default_factory=list)
    blocking: bool = True


@dataclass
class Outcome:
    """The result of a service call that was carried out (refusals raise instead).

    ``ok`` is False only for a payment the bank declined: the attempt and its notice are
    kept, and ``code`` names the rule that explains the decline.
    """

    message: Message
    ok: bool = True
    code: str = "ok"
    rule: str | None = None
    details: list[Message] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
