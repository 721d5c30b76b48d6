"""What a sealed file's public part validates against, when no key opens it.

A sealed declaration keeps its public fields plain: they are checked as usual, and the sealed
fields (contact, attachments, recommendation) are simply absent. A sealed expert list keeps each
expert's id and account (ownership in the gate needs them).
"""

from __future__ import annotations

from generator.model.base import private
from generator.model.declaration import Attachment, Contact, Declaration, Recommendation
from generator.model.review import Expert, Experts
from generator.model.types import Text


class SealedDeclaration(Declaration):
    """A declaration of a sealed call as anyone without the office's key sees it."""

    contact: Contact | None = private("联系人", "密封，不公开", default=None)
    attachments: list[Attachment] = private("附件", "密封", default_factory=list, max_length=20)
    recommendation: Recommendation | None = private("推荐单位审核", "密封", default=None)


class SealedExpert(Expert):
    """An expert of a sealed call as anyone without the agency's key sees them: id and account."""

    name: Text(2, 20) | None = private("姓名", "密封", default=None)


class SealedExperts(Experts):
    """A sealed expert list's public part."""

    experts: list[SealedExpert] = private("专家名单", "本批次的评审专家（编号和账号）", min_length=1)
