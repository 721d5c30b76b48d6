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

# Characters 3–8 are "登记管理机关行政区划码": the GB/T 2260 code of the registration authority that
# gave the code. What is accepted as a PRC registration authority, and why:
# - a province-level prefix of GB/T 2260 (11 北京 … 65 新疆) followed by any 4 digits: the
#   authorities of provinces, prefectures and counties (the full list changes every year, so only
#   the province is checked);
# - 100000 exactly: the national authorities (国家市场监督管理总局, 民政部, 中央编办 …) register
#   many banks, central enterprises, national social organizations and central institutions and
#   give them codes with this region;
# - 66 followed by 4 digits: 新疆生产建设兵团's own registration authorities, which the national
#   registration systems code 66 (兵团 has no GB/T 2260 province code of its own; this project's
#   registry uses 660000 for it as well).
# GB/T 2260 also lists 71 台湾, 81 香港 and 82 澳门, but no registration authority there gives 统一社会信用代码
# (bodies registered there have none), so a code with those regions cannot be genuine.
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
NATIONAL = "100000"
XPCC_PREFIX = "66"
NO_CODES_GIVEN = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}


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


def registration_area(code: str) -> str | None:
    """Where the registration authority of ``code`` sits: "national", "xpcc", a province prefix, or None.

    None means that no PRC registration authority gives codes with this region (see above).
    """
    area = region(code)
    if area == NATIONAL:
        return "national"
    if area.isdigit() and area[:2] == XPCC_PREFIX:
        return "xpcc"
    if area.isdigit() and area[:2] in PRC_PROVINCES:
        return area[:2]
    return None
