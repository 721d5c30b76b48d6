"""Who the actor is: the roles an account holds, read from the base branch's registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.repository import Repository


@dataclass
class ActorRoles:
    account: str
    office: bool = False
    agency: bool = False
    maintainer: bool = False
    units: set[str] = field(default_factory=set)
    experts: dict[str, str] = field(default_factory=dict)  # call → expert id
    holders: list[str] = field(default_factory=list)  # names of project holders the account files for

    @property
    def known(self) -> bool:
        return (
            self.office
            or self.agency
            or self.maintainer
            or bool(self.units)
            or bool(self.experts)
            or bool(self.holders)
        )

    def describe(self, repo: Repository | None) -> str:
        parts = []
        if self.office:
            parts.append("项目办")
        if self.agency:
            parts.append("第三方评估机构")
        if self.maintainer:
            parts.append("系统维护")
        parts += [f"{repo.unit_label(u) if repo else u}的代表" for u in sorted(self.units)]
        parts += [f"批次 {call} 的评审专家 {expert}" for call, expert in sorted(self.experts.items())]
        parts += [f"项目承担单位 {name} 的代表" for name in self.holders]
        return "、".join(parts) or "（无）"


def resolve(account: str, authority: Repository) -> ActorRoles:
    """The roles of ``account`` (case-insensitive) in the registry of the base branch."""
    roles = ActorRoles(account)
    name = account.lower()
    roles.units = set(authority.accounts.get(name, []))
    if authority.roles is not None:
        roles.office = name in {a.lower() for a in authority.roles.office}
        roles.agency = name in {a.lower() for a in authority.roles.agency}
        roles.maintainer = name in {a.lower() for a in authority.roles.maintainers}
        roles.holders = [h.name for h in authority.roles.holders if name in {a.lower() for a in h.accounts}]
    for call_id in authority.call_ids():
        expert = authority.expert_for_account(call_id, name)
        if expert is not None:
            roles.experts[call_id] = expert
    return roles
