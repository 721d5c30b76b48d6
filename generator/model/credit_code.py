"""统一社会信用代码 (GB 32100-2015): the check character, and what the first two characters say."""

from __future__ import annotations

from generator.model.types import LegalForm

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}

# Registration authority (1st) + organization category (2nd character) → legal form;
# None where the category is not a legal person at all.
CATEGORIES: dict[str, tuple[str, LegalForm | None]] = {
    "11": ("机关", LegalForm.OTHER),
    "12": ("事业单位", LegalForm.INSTITUTION),
    "13": ("中央编办直接管理机构编制的群众团体", LegalForm.SOCIAL_ORGANIZATION),
    "19": ("机构编制部门登记的其他机构", LegalForm.OTHER),
    "51": ("社会团体", LegalForm.SOCIAL_ORGANIZATION),
    "52": ("民办非企业单位", LegalForm.SOCIAL_ORGANIZATION),
    "53": ("基金会", LegalForm.SOCIAL_ORGANIZATION),
    "59": ("民政部门登记的其他组织", LegalForm.SOCIAL_ORGANIZATION),
    "91": ("企业", LegalForm.ENTERPRISE),
    "92": ("个体工商户", None),
    "93": ("农民专业合作社", LegalForm.OTHER),
}

# First two digits of the region code of a PRC registration authority (GB/T 2260 provinces).
PRC_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    ]
)


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """Whether ``code`` is 18 characters of the alphabet with the right check character."""
    return len(code) == 18 and all(c in _VALUE for c in code) and check_character(code[:17]) == code[17]


def region(code: str) -> str:
    """The 6-digit region code of the registration authority (characters 3–8)."""
    return code[2:8]
