"""Sealing with age: the only module that touches the crypto library (``pyrage``).

A **sealed file** is a YAML mapping whose public keys stay plain text and whose ``sealed`` key
holds an age message in ASCII armour (X25519 recipients). For a declaration the message holds its
private fields only (contact, attachments, recommendation: a few hundred bytes, so that a sealed
declaration costs CI little more to read than a plain one); for every other kind, whose public
part is small or empty, it holds the whole file as its author wrote it (comments included). An
assignment has, besides, one sealed list per expert (``lists``), which that expert and the agency
can open.

Without a key, a sealed value is only *inspected*: its armour must be well formed and its header
must name X25519 recipients, and what anyone can see is its size and the number of recipient
stanzas (an ``Envelope``). With a key (a ``Keyring``), it is opened and the plaintext is read
like any other file. Nothing above ``generator.load`` and ``generator.repository`` uses this
module's crypto: the rest of sfxm sees models, or a file marked as sealed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.layout import Kind

ARMOUR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOUR_END = "-----END AGE ENCRYPTED FILE-----"
SEALED_KEY = "sealed"  # the key of a file's sealed part
LISTS_KEY = "lists"  # the assignment's per-expert sealed lists
ENV_IDENTITY = "SFXM_AGE_IDENTITY"
RECIPIENT_PATTERN = r"^age1[02-9ac-hj-np-z]{58}$"
_HEADER = b"age-encryption.org/v1\n"
_B64_LINE = re.compile(r"^[A-Za-z0-9+/]{0,64}={0,2}$")
_B64_BODY = re.compile(r"[A-Za-z0-9+/]*={0,2}")
# Anything that looks like an age identity: the prefix is enough (fail closed), in any case, and
# also as UTF-16 text (a file saved by Notepad as "Unicode").
SECRET_PREFIX = "AGE-SECRET-KEY-1"  # noqa: S105 - the prefix searched for, not a secret
_SECRET_PATTERNS = (
    re.compile(re.escape(SECRET_PREFIX.encode()), re.IGNORECASE),
    re.compile(re.escape(SECRET_PREFIX.encode("utf-16-le")), re.IGNORECASE),
    re.compile(re.escape(SECRET_PREFIX.encode("utf-16-be")), re.IGNORECASE),
)

# What each kind keeps plain in a sealed call (None: the whole top level is sealed).
# Declarations: every field but the contact, the attachments (titles and files) and the recommending
# unit's verification. Experts: each expert's id and account (the gate needs them for ownership).
DECLARATION_SEALED_FIELDS = ("contact", "attachments", "recommendation")
SEALED_KINDS = frozenset({Kind.DECLARATION, Kind.EXPERTS, Kind.ASSIGNMENT, Kind.SCORE, Kind.SET_ASIDE})


def looks_like_secret(raw: bytes) -> int | None:
    """The offset of the first thing in ``raw`` that looks like an age identity, or None."""
    found = [m.start() for pattern in _SECRET_PATTERNS if (m := pattern.search(raw))]
    return min(found) if found else None


def sealed_part(kind: Kind, data: Any, plaintext: bytes) -> bytes:
    """What a file of ``kind`` seals: a declaration's private fields, else the whole plaintext."""
    if kind is Kind.DECLARATION and isinstance(data, dict):
        return dump({k: data[k] for k in DECLARATION_SEALED_FIELDS if k in data}).encode("utf-8")
    return plaintext


def opened_data(kind: Kind, public: dict[str, Any], inner: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A sealed file's whole data from its public part and its opened content, and whether they agree.

    A declaration's content adds its private fields to the public ones (and holds nothing else); any
    other kind's content is the whole file, whose public part must be what the file shows.
    """
    if kind is Kind.DECLARATION:
        agree = set(inner) <= set(DECLARATION_SEALED_FIELDS) and not set(inner) & set(public)
        merged = dict(public)
        for key in DECLARATION_SEALED_FIELDS:  # the model's order: public fields, then the sealed ones
            if key in inner:
                merged[key] = inner[key]
        merged |= {k: v for k, v in inner.items() if k not in merged}
        return merged, agree
    return inner, SEALED_KEY not in inner and public_part(kind, inner) == public


def public_part(kind: Kind, data: Any) -> dict[str, Any]:
    """What a sealed file of ``kind`` keeps plain, computed from its full (plaintext) data."""
    if not isinstance(data, dict):
        return {}
    if kind is Kind.DECLARATION:
        return {k: v for k, v in data.items() if k not in DECLARATION_SEALED_FIELDS and k != SEALED_KEY}
    if kind is Kind.EXPERTS:
        experts = data.get("experts")
        if not isinstance(experts, list):
            return {}
        visible = [{k: e[k] for k in ("id", "account") if k in e} if isinstance(e, dict) else {} for e in experts]
        return {"experts": visible}
    return {}


def expert_lists(data: Any) -> dict[str, list[str]]:
    """An assignment's lists per expert (expert id → declaration ids), from its full data."""
    lists: dict[str, list[str]] = {}
    assignments = data.get("assignments") if isinstance(data, dict) else None
    for declaration, experts in (assignments or {}).items() if isinstance(assignments, dict) else []:
        for expert in experts if isinstance(experts, list) else []:
            lists.setdefault(str(expert), []).append(str(declaration))
    return {e: sorted(d) for e, d in sorted(lists.items())}


# -- armour, without a key ---------------------------------------------------------------------


class ArmourError(ValueError):
    """A sealed value that is not a well-formed age message: ``line`` counts from the value's first line (0)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Envelope:
    """What anyone can see of a sealed value: its size and its recipient stanzas' types."""

    size: int
    stanzas: tuple[str, ...]

    @property
    def x25519(self) -> int:
        return sum(1 for s in self.stanzas if s == "X25519")

    @property
    def others(self) -> list[str]:
        """Stanza types other than X25519, except the random "grease" stanzas age adds to every header."""
        return [s for s in self.stanzas if s != "X25519" and not s.endswith("-grease")]


def inspect(armour: object) -> Envelope:
    """Check that ``armour`` is an age message in ASCII armour and read its header; ArmourError if not."""
    if not isinstance(armour, str):
        raise ArmourError(0, "密封内容应是一段 age 加密文本（ASCII 形式），这里却不是文字")
    lines = armour.strip("\n").replace("\r", "").split("\n")
    if lines[0].strip() != ARMOUR_BEGIN:
        raise ArmourError(0, f"第一行应是 {ARMOUR_BEGIN}")
    end = next((i for i in range(len(lines) - 1, 0, -1) if lines[i].strip() == ARMOUR_END), None)
    if end is None:
        raise ArmourError(len(lines) - 1, f"没有结束行 {ARMOUR_END}：加密文本被截断了")
    if any(line.strip() for line in lines[end + 1 :]):
        raise ArmourError(end + 1, "结束行之后还有内容")
    body = lines[1:end]
    joined = "".join(body)
    # One test for the usual case; the line-by-line search only to say where a broken armour breaks.
    if not _B64_BODY.fullmatch(joined) or not body or len(body[-1]) > 64 or set(map(len, body[:-1])) - {64}:
        for i, line in enumerate(body, start=1):
            if not _B64_LINE.match(line):
                raise ArmourError(
                    i, "这一行不是 age 加密文本的内容（只能有字母、数字、+、/ 和结尾的 =，每行最多 64 个字符）"
                )
            if i < len(body) and len(line) != 64:
                raise ArmourError(i, "除最后一行外，每行应正好 64 个字符：加密文本被改动或截断了")
        raise ArmourError(max(end - 1, 1), "加密文本无法解码：被改动或截断了")
    try:
        data = base64.b64decode(joined, validate=True)
    except (binascii.Error, ValueError):
        raise ArmourError(max(end - 1, 1), "加密文本无法解码：被改动或截断了") from None
    if not data.startswith(_HEADER):
        raise ArmourError(1, "这不是 age 格式的加密文本（缺少 age-encryption.org/v1 文件头）")
    mac = data.find(b"\n---", len(_HEADER) - 1)
    if mac < 0:
        raise ArmourError(max(end - 1, 1), "加密文本的文件头不完整：被截断了")
    stanzas = [
        line[3:].split(b" ", 1)[0].decode("ascii", "replace")
        for line in data[len(_HEADER) : mac].split(b"\n")
        if line.startswith(b"-> ")
    ]
    if not stanzas:
        raise ArmourError(1, "加密文本没有任何接收方")
    return Envelope(len(data), tuple(stanzas))


# -- keys ----------------------------------------------------------------------------------------


class KeyError_(ValueError):
    """An identity file that cannot be used (the message is in Chinese)."""


@dataclass
class Keyring:
    """The age identities of whoever runs the command (``--identity FILE`` or ``SFXM_AGE_IDENTITY``)."""

    identities: list[Any]
    label: str
    _public: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, label: str) -> Keyring:
        from pyrage import x25519

        identities = []
        for n, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                identities.append(x25519.Identity.from_str(line))
            except Exception:
                raise KeyError_(f"{label} 第 {n} 行不是 age 私钥（应以 AGE-SECRET-KEY-1 开头）") from None
        if not identities:
            raise KeyError_(f"{label} 中没有 age 私钥")
        return cls(identities, label, [str(i.to_public()) for i in identities])

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Keyring:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KeyError_(f"无法读取私钥文件 {path}：{type(error).__name__}") from None
        return cls.from_text(text, f"私钥文件 {path}")

    @classmethod
    def from_option(cls, path: str | None) -> Keyring | None:
        """The keyring of ``--identity FILE``, else of ``SFXM_AGE_IDENTITY`` (a file, or the key itself), else None."""
        if path:
            return cls.from_file(path)
        value = os.environ.get(ENV_IDENTITY, "").strip()
        if not value:
            return None
        if value.upper().startswith(SECRET_PREFIX):
            return cls.from_text(value, f"环境变量 {ENV_IDENTITY}")
        return cls.from_file(value)

    @property
    def recipients(self) -> list[str]:
        """The public keys (``age1…``) of these identities."""
        return list(self._public)

    def open(self, armour: str) -> bytes | None:
        """The plaintext of ``armour``, or None when none of these identities is among its recipients."""
        import pyrage

        try:
            return pyrage.decrypt(armour.encode("ascii", "replace"), self.identities)
        except pyrage.DecryptError as error:
            if "No matching keys" in str(error):
                return None
            raise ArmourError(0, f"无法解密：{error}") from None

    def secret(self) -> bytes:
        """Key material for names derived from this keyring (the first identity's, hashed)."""
        return hashlib.sha256(b"sfxm/v1/name-key\0" + str(self.identities[0]).encode()).digest()


def seal(plaintext: bytes, recipients: Iterable[str]) -> str:
    """``plaintext`` encrypted to ``recipients`` (age X25519), in ASCII armour."""
    import pyrage
    from pyrage import x25519

    keys = [x25519.Recipient.from_str(r) for r in dict.fromkeys(recipients)]
    if not keys:
        raise ValueError("no recipient")
    return pyrage.encrypt(plaintext, keys, armored=True).decode("ascii")


def new_identity() -> tuple[str, str]:
    """A fresh age identity and its recipient: (AGE-SECRET-KEY-1…, age1…)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def valid_recipient(text: str) -> bool:
    """Whether ``text`` is an age X25519 recipient (age1…) that the library accepts."""
    from pyrage import x25519

    try:
        x25519.Recipient.from_str(text)
    except Exception:
        return False
    return True


def score_name(keyring: Keyring, call: str, declaration: str) -> str:
    """The opaque name of an expert's score file in a sealed call: a keyed hash, 32 hex digits.

    Keyed by the expert's own identity, so that the expert finds the file again and no one without
    that key can tell which declaration it scores.
    """
    digest = hmac.new(keyring.secret(), f"score\0{call}\0{declaration}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


# -- the text of a sealed file --------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000) if data else ""


def _block(key: str, armour: str, indent: str = "") -> str:
    body = "".join(f"{indent}  {line}\n" for line in armour.strip("\n").split("\n"))
    return f"{indent}{key}: |\n{body}"


def sealed_text(
    kind: Kind,
    data: Any,
    plaintext: bytes,
    recipients: Iterable[str],
    lists: dict[str, tuple[bytes, list[str]]] | None = None,
) -> str:
    """The text of a sealed file: its public part (plain YAML), the sealed whole, and per-expert lists."""
    header = "# 本文件已用 age 加密（sfxm seal）：公开部分为明文，其余内容只有接收方能用私钥打开。\n"
    text = (
        header
        + dump(public_part(kind, data))
        + _block(SEALED_KEY, seal(sealed_part(kind, data, plaintext), recipients))
    )
    if lists:
        text += f"{LISTS_KEY}:\n"
        for expert, (content, to) in sorted(lists.items()):
            text += _block(expert, seal(content, to), indent="  ")
    return text


def expert_list_text(expert: str, declarations: list[str]) -> bytes:
    return dump({"expert": expert, "declarations": declarations}).encode()
