"""Conflicts of interest (回避): when an expert must not score a declaration."""

from __future__ import annotations

from generator.model.declaration import Declaration
from generator.model.review import Expert
from generator.repository import normalize_name


def conflicts(expert: Expert, declaration: Declaration, unit: str) -> list[str]:
    """The reasons ``expert`` may not score ``declaration`` of ``unit`` (empty when none), in Chinese."""
    reasons = []
    if expert.home_unit is not None and expert.home_unit == unit:
        reasons.append(f"专家所在地区单位 {unit} 正是推荐单位")
    applicant = declaration.applicant
    for org in expert.organizations:
        same_code = org.credit_code is not None and org.credit_code == applicant.credit_code
        same_name = normalize_name(org.name) == normalize_name(applicant.name)
        if same_code or same_name:
            reasons.append(f"专家任职于申请主体“{applicant.name}”")
    if declaration.id in expert.recusals:
        reasons.append("专家本人声明须回避")
    return reasons
