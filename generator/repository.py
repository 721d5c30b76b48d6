"""The repository: every file under ``submissions/``, classified, and loaded at most once.

Files are listed eagerly (cheap: a directory walk or one ``git ls-tree``) and parsed lazily,
so that checking one pull request reads what it touches and not the whole repository. Each
file is parsed and validated once; its findings are kept with it.

In the gate, data and authority come from different commits: declarations, scores and
records from the pull request's head, and the files that say who may do what (registry,
roles, call rules, experts, assignment) from the base, which the pull request cannot change.
"""

from __future__ import annotations

import os
import pickle
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from generator import layout
from generator.findings import Finding, Location
from generator.layout import Kind, PathInfo
from generator.load import Document, FileEntry, FileSystemSource, Source, parse_yaml, sealing
from generator.load import messages as load_messages
from generator.load.sealing import Envelope, Keyring
from generator.model.call import Call
from generator.model.decision import Proposed
from generator.model.declaration import Declaration
from generator.model.holidays import Holidays
from generator.model.recipients import Recipients, ReviewRecipients
from generator.model.record import RECORD_MODELS, Final, record_kind
from generator.model.registry import Registry, Roles, Unit
from generator.model.review import Assignment, Experts, Score, SetAside
from generator.model.sealed import SealedDeclaration, SealedExperts
from generator.model.site import Site
from generator.model.validation import validate

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

MODELS: dict[Kind, type[BaseModel]] = {
    Kind.UNITS: Registry,
    Kind.ROLES: Roles,
    Kind.HOLIDAYS: Holidays,
    Kind.SITE: Site,
    Kind.RECIPIENTS: Recipients,
    Kind.REVIEW_RECIPIENTS: ReviewRecipients,
    Kind.CALL: Call,
    Kind.DECLARATION: Declaration,
    Kind.EXPERTS: Experts,
    Kind.ASSIGNMENT: Assignment,
    Kind.SCORE: Score,
    Kind.SET_ASIDE: SetAside,
    Kind.PROPOSED: Proposed,
    Kind.FINAL: Final,
}


# What the public part of a sealed file validates against when no key opens it (None: nothing is public).
SEALED_MODELS: dict[Kind, type[BaseModel] | None] = {
    Kind.DECLARATION: SealedDeclaration,
    Kind.EXPERTS: SealedExperts,
    Kind.ASSIGNMENT: None,
    Kind.SCORE: None,
    Kind.SET_ASIDE: None,
}


@dataclass(slots=True)
class Sealed:
    """What is known of a sealed file: where its sealed part is, what anyone can see of it, whether a key opened it."""

    line: int  # the line of the ``sealed`` key
    envelope: Envelope
    opened: bool = False
    lists: dict[str, Envelope] = field(default_factory=dict)  # an assignment's per-expert lists
    opened_lists: dict[str, list[str]] = field(default_factory=dict)  # the lists the key opened


def model_for(info: PathInfo) -> type[BaseModel] | None:
    """The model of a file: by its kind, and for records by the kind in their name."""
    if info.kind is Kind.RECORD and info.name:
        return RECORD_MODELS.get(record_kind(info.name))
    return MODELS.get(info.kind)


@dataclass(slots=True)
class Loaded(Generic[M]):
    """One file, read: its place in the layout, the parsed document, the model, and what was wrong."""

    info: PathInfo
    doc: Document | None
    model: M | None
    findings: list[Finding] = field(default_factory=list)
    sealed: Sealed | None = None  # set for a sealed file (see generator/load/sealing.py)

    @property
    def path(self) -> str:
        return self.info.path

    def where(self, *loc: Any) -> Location:
        return self.doc.where(*loc) if self.doc is not None else Location(self.path, 1, 1)

    def raw(self, *loc: str) -> Any:
        """A value of the parsed document even when the model is invalid (None if absent)."""
        value = self.doc.data if self.doc is not None else None
        for key in loc:
            value = value.get(key) if isinstance(value, dict) else None
        return value


def _plain_extra(kind: Kind, public: dict[str, Any]) -> list[str]:
    """The fields a sealed file of ``kind`` shows in plaintext but must seal (dotted, sorted)."""
    allowed = sealing.public_part(kind, public)
    if allowed == public:
        return []

    def flat(data: Any, prefix: str = "") -> set[str]:
        if isinstance(data, dict):
            return {k for key, v in data.items() for k in {f"{prefix}{key}", *flat(v, f"{prefix}{key}.")}}
        if isinstance(data, list):
            return {k for item in data for k in flat(item, prefix)}
        return set()

    return sorted(flat(public) - flat(allowed)) or ["experts"]


def _sealed_value(kind: Kind, data: dict[str, Any]) -> bool:
    """Whether a file's data has a sealed part: any ``sealed`` key of a kind that may be sealed, and an
    age armour under that key in any other kind (a call's own ``sealed: true`` is a field of its rules)."""
    if sealing.SEALED_KEY not in data:
        return False
    value = data[sealing.SEALED_KEY]
    return kind in sealing.SEALED_KINDS or (isinstance(value, str) and sealing.ARMOUR_BEGIN in value)


def _expert_list(plaintext: bytes) -> list[str]:
    """The declaration ids of an expert's sealed assignment list (empty when it cannot be read)."""
    doc, _ = parse_yaml("", plaintext)
    items = doc.data.get("declarations") if doc is not None and isinstance(doc.data, dict) else None
    return [str(i) for i in items] if isinstance(items, list) else []


def normalize_name(text: str) -> str:
    """A project name for comparison: width-folded, lowercase, without spaces and punctuation."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def _list(source: Source, prefixes: Iterable[str] | None) -> dict[str, FileEntry]:
    if prefixes is None:
        return {e.path: e for e in source.entries(layout.ROOT)}
    return {e.path: e for prefix in sorted(set(prefixes)) for e in source.entries(prefix)}


class Repository:
    """The files under ``submissions/``: all of them, or only those under ``prefixes``.

    The gate passes the folders a change touches as ``prefixes``, so that its cost follows the
    size of the change and of the calls it touches, not of the whole repository.
    """

    def __init__(
        self,
        data: Source,
        authority: Source | None = None,
        prefixes: Iterable[str] | None = None,
        keys: Keyring | None = None,
    ) -> None:
        self.data = data
        self.keys = keys  # the age identities of whoever runs the command; None: sealed files stay sealed
        self.authority = authority or data
        self.entries: dict[str, FileEntry] = _list(data, prefixes)
        if self.authority is data:
            self.authority_entries = self.entries
        else:
            self.authority_entries = _list(self.authority, prefixes)
        self.infos: dict[str, PathInfo | None] = {p: layout.classify(p) for p in self.entries}
        self._loaded: dict[str, Loaded[Any]] = {}
        self._fully_loaded: set[str] = set()
        self._by_folder: dict[tuple[str, str], list[str]] = defaultdict(list)
        for path, info in self.infos.items():
            if info is not None and info.kind is Kind.DECLARATION:
                self._by_folder[(info.call or "", info.unit or "")].append(path)

    # -- files ------------------------------------------------------------------------------

    def paths(self, kind: Kind | None = None) -> list[str]:
        return sorted(p for p, i in self.infos.items() if i is not None and (kind is None or i.kind is kind))

    def _source_for(self, info: PathInfo) -> tuple[Source, dict[str, FileEntry]]:
        if info.kind in layout.AUTHORITY_KINDS:
            return self.authority, self.authority_entries
        return self.data, self.entries

    def load(self, path: str) -> Loaded[Any] | None:
        """The file at ``path`` read and validated, or None when it does not exist."""
        if path in self._loaded:
            return self._loaded[path]
        info = self.infos[path] if path in self.infos else layout.classify(path)
        if info is None or not info.is_yaml:
            return None
        source, entries = self._source_for(info)
        entry = entries.get(path)
        if entry is None or entry.kind != "file":
            return None
        try:
            raw = source.read(path)
        except OSError as error:
            loaded: Loaded[Any] = Loaded(
                info,
                None,
                None,
                [load_messages.UNREADABLE.at(Location(path, None, None), reason=str(error) or type(error).__name__)],
            )
        else:
            doc, findings = parse_yaml(path, raw, max_bytes=layout.max_bytes(info.kind))
            if doc is not None and isinstance(doc.data, dict) and _sealed_value(info.kind, doc.data):
                loaded = self._load_sealed(info, doc)
            else:
                model = None
                model_class = model_for(info)
                if doc is not None and model_class is not None:
                    model, findings = validate(doc, model_class)
                loaded = Loaded(info, doc, model, findings)
        self._loaded[path] = loaded
        return loaded

    def _load_sealed(self, info: PathInfo, doc: Document) -> Loaded[Any]:
        """A sealed file: its plaintext read and validated when a key opens it, else its public part."""
        path = info.path
        key_at = doc.where_key(sealing.SEALED_KEY)
        if info.kind not in sealing.SEALED_KINDS:
            return Loaded(
                info, doc, None, [load_messages.NOT_SEALABLE.at(key_at, what=layout.LAYOUT_HELP.get(info.kind, path))]
            )
        armours = {"": doc.data[sealing.SEALED_KEY]}
        lists = doc.data.get(sealing.LISTS_KEY) if info.kind is Kind.ASSIGNMENT else None
        if info.kind is Kind.ASSIGNMENT and lists is not None:
            if not isinstance(lists, dict):
                return Loaded(
                    info,
                    doc,
                    None,
                    [
                        load_messages.BAD_ARMOUR.at(
                            doc.where(sealing.LISTS_KEY),
                            line=doc.where(sealing.LISTS_KEY).line,
                            reason="lists 应是“专家编号: 加密文本”的映射",
                        )
                    ],
                )
            armours |= {str(k): v for k, v in lists.items()}
        envelopes: dict[str, Envelope] = {}
        for expert, armour in armours.items():
            loc = (sealing.SEALED_KEY,) if not expert else (sealing.LISTS_KEY, expert)
            try:
                envelopes[expert] = sealing.inspect(armour)
            except sealing.ArmourError as error:
                start = doc.where(*loc)
                line = start.line + error.line + (1 if isinstance(armour, str) and "\n" in armour else 0)
                at = doc._inside(line, 1 if isinstance(armour, str) and "\n" in armour else start.column or 1)
                return Loaded(info, doc, None, [load_messages.BAD_ARMOUR.at(at, line=at.line, reason=error.reason)])
        state = Sealed(key_at.line or 1, envelopes.pop(""), lists=envelopes)
        hidden = (sealing.SEALED_KEY, sealing.LISTS_KEY) if info.kind is Kind.ASSIGNMENT else (sealing.SEALED_KEY,)
        public = {k: v for k, v in doc.data.items() if k not in hidden}
        shown = _plain_extra(info.kind, public)
        leak = (
            [load_messages.PLAIN_FIELDS.at(doc.where_key(shown[0].split(".")[0]), fields="、".join(shown))]
            if shown
            else []
        )
        plaintext = None
        if self.keys is not None:
            try:
                plaintext = self.keys.open(doc.data[sealing.SEALED_KEY])
                for expert, armour in (lists or {}).items():
                    opened = self.keys.open(armour)
                    if opened is not None:
                        state.opened_lists[str(expert)] = _expert_list(opened)
            except sealing.ArmourError as error:
                return Loaded(
                    info, doc, None, [load_messages.BAD_ARMOUR.at(key_at, line=key_at.line, reason=error.reason)], state
                )
        if plaintext is None:
            public_doc = Document(path, public, doc.values, doc.keys, doc.end)
            model_class = SEALED_MODELS.get(info.kind)
            model, findings = validate(public_doc, model_class) if model_class is not None and not leak else (None, [])
            return Loaded(info, public_doc, model, leak + findings, state)
        state.opened = True
        inner, findings = parse_yaml(path, plaintext, max_bytes=layout.max_bytes(info.kind))
        if inner is None or not isinstance(inner.data, dict):
            found = findings or [load_messages.SEALED_CONTENT.at(key_at, problem="不是 YAML 映射")]
            return Loaded(
                info, doc, None, [load_messages.SEALED_CONTENT.at(key_at, problem=f.message) for f in found], state
            )
        # Positions: a public field where the file shows it; a sealed one at the ``sealed`` key.
        data, agree = sealing.opened_data(info.kind, public, inner.data)
        at = (key_at.line or 1, key_at.column or 1)
        values = {loc: doc.values.get(loc, at) for loc in (*doc.values, *inner.values) if loc[:1] and loc[0] in data}
        keys = {loc: doc.keys.get(loc, at) for loc in (*doc.keys, *inner.keys) if loc[:1] and loc[0] in data}
        merged = Document(path, data, values, keys, doc.end)
        findings = [] if agree else [load_messages.PUBLIC_MISMATCH.at(key_at)]
        model_class = model_for(info)
        model, invalid = validate(merged, model_class) if model_class is not None else (None, [])
        return Loaded(info, merged, model, leak + findings + invalid, state)

    def summarize(
        self, paths: list[str], summary: Callable[[Loaded[Any] | None], T], *, parallel_from: int = 4000
    ) -> list[T]:
        """``summary(self.load(p))`` for each path, in order; on two cores when there are many (see ``summarizing``)."""
        return self.summarizing(paths, summary, parallel_from=parallel_from)()

    def summarizing(
        self,
        paths: list[str],
        summary: Callable[[Loaded[Any] | None], T],
        *,
        parallel_from: int = 4000,
        child_share: float = 0.5,
    ) -> Callable[[], list[T]]:
        """Start summarizing ``paths``; the returned function finishes and gives ``summary(self.load(p))`` for each.

        For thousands of small files read only for a few values each (the score files of a call):
        a forked child loads the last ``child_share`` of them through this same loader as soon as
        this is called, while the caller goes on (with other work, when the share is larger), and
        sends back the summaries, never the parsed documents. Only files on disk are read so: a
        commit is read through one ``git cat-file`` process that two processes must not share.
        Where fork is unavailable, the process has threads, the files come from a commit, or the
        child fails, everything is loaded here, one after the other: the same results, slower.
        Call the returned function once.
        """
        on_disk = isinstance(self.data, FileSystemSource) and isinstance(self.authority, FileSystemSource)
        if len(paths) < parallel_from or not on_disk or not hasattr(os, "fork") or threading.active_count() > 1:
            return lambda: [summary(self.load(p)) for p in paths]
        half = len(paths) - round(len(paths) * min(max(child_share, 0.0), 1.0))
        theirs = self._summarize_in_child(paths[half:], summary)

        def finish() -> list[T]:
            mine = [summary(self.load(p)) for p in paths[:half]]
            rest = theirs() if theirs is not None else None
            return mine + (rest if rest is not None else [summary(self.load(p)) for p in paths[half:]])

        return finish

    def _summarize_in_child(
        self, paths: list[str], summary: Callable[[Loaded[Any] | None], T]
    ) -> Callable[[], list[T] | None] | None:
        try:
            read_end, write_end = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the child: load, summarize, send, and leave without running any cleanup
            code = 0
            try:
                os.close(read_end)
                data = pickle.dumps([summary(self.load(p)) for p in paths], protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)

        def collect() -> list[T] | None:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 or not data:
                return None
            try:
                result = pickle.loads(data)  # noqa: S301 - our own child's output, through our own pipe
            except Exception:
                return None
            return result if isinstance(result, list) and len(result) == len(paths) else None

        return collect

    def read_bytes(self, path: str) -> bytes:
        return self.data.read(path)

    def exists(self, path: str) -> bool:
        return path in self.entries

    # -- registry -----------------------------------------------------------------------------

    @cached_property
    def registry(self) -> Registry | None:
        loaded = self.load(layout.UNITS_PATH)
        return loaded.model if loaded else None

    @cached_property
    def roles(self) -> Roles | None:
        loaded = self.load(layout.ROLES_PATH)
        return loaded.model if loaded else None

    @cached_property
    def holidays(self) -> Holidays | None:
        """The office's holiday calendar (``registry/holidays.yaml``), when present and valid."""
        loaded = self.load(layout.HOLIDAYS_PATH)
        return loaded.model if loaded else None

    @cached_property
    def site(self) -> Site | None:
        """The public site's identity (``registry/site.yaml``), or None when absent or invalid."""
        loaded = self.load(layout.SITE_PATH)
        return loaded.model if loaded else None

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.code: u for u in self.registry.units} if self.registry else {}

    @cached_property
    def accounts(self) -> dict[str, list[str]]:
        """Each account (lowercase) → the codes of the units it acts for."""
        found: dict[str, list[str]] = defaultdict(list)
        for unit in self.units.values():
            for account in unit.accounts:
                found[account.lower()].append(unit.code)
        return dict(found)

    def unit_label(self, code: str | None) -> str:
        unit = self.units.get(code or "")
        return f"{code}（{unit.name}）" if unit else str(code)

    # -- calls --------------------------------------------------------------------------------

    def call_ids(self) -> list[str]:
        ids = {i.call for i in self.infos.values() if i is not None and i.call}
        ids |= {i.call for p in self.authority_entries if (i := layout.classify(p)) and i.kind is Kind.CALL and i.call}
        return sorted(ids)

    def call(self, call_id: str) -> Call | None:
        loaded = self.load(layout.call_path(call_id))
        return loaded.model if loaded else None

    def expert_for_account(self, call_id: str, account: str) -> str | None:
        """The id of the expert of ``call_id`` who acts through ``account``, if any."""
        model = self.experts(call_id)
        for expert in model.experts if model else []:
            if expert.account.lower() == account.lower():
                return expert.id
        return None

    def quota(self, call_id: str, unit_code: str) -> int | None:
        call, unit = self.call(call_id), self.units.get(unit_code)
        if call is None or unit is None:
            return None
        return call.quota_for(unit.code, unit.classes)

    # -- declarations -------------------------------------------------------------------------

    def declaration_paths(self, call_id: str, unit: str | None = None) -> list[str]:
        if unit is not None:
            return sorted(self._by_folder.get((call_id, unit), []))
        return sorted(p for (c, _), paths in self._by_folder.items() if c == call_id for p in paths)

    def declarations(self, call_id: str, unit: str | None = None) -> list[Loaded[Declaration]]:
        result = []
        for path in self.declaration_paths(call_id, unit):
            loaded = self.load(path)
            if loaded is not None:
                result.append(loaded)
        if unit is None:
            self._fully_loaded.add(call_id)
        return result

    def declarations_naming(self, call_id: str, credit_code: str) -> list[Loaded[Declaration]]:
        """Declarations of the call whose applicant has this credit code.

        When the whole call is loaded this is a lookup; otherwise the files are searched for the
        code first (``git grep`` on a commit), so that the cost follows the change.
        """
        code = credit_code.upper()
        if call_id in self._fully_loaded:
            candidates: Iterable[str] = self._by_credit_code(call_id).get(code, [])
        else:
            candidates = self.search_credit_codes(call_id, {code}).get(code, [])
        result = []
        for path in candidates:
            loaded = self.load(path)
            if loaded is not None and str(loaded.raw("applicant", "credit_code") or "").upper() == credit_code.upper():
                result.append(loaded)
        return result

    def search_credit_codes(self, call_id: str, codes: set[str]) -> dict[str, list[str]]:
        """The declaration files of the call that mention each code (one search for all codes, cached).

        The search is a case-insensitive substring match (``git grep`` on a commit); callers
        confirm by reading the applicant's code from each file found.
        """
        cache: dict[tuple[str, str], list[str]] = self.__dict__.setdefault("_credit_hits", {})
        wanted = sorted(c for c in codes if (call_id, c) not in cache)
        if wanted:
            found = self.data.grep_any(wanted, f"submissions/{call_id}/declarations/")
            for code in wanted:
                cache[(call_id, code)] = sorted(
                    p for p in found.get(code, ()) if (i := self.infos.get(p)) and i.kind is Kind.DECLARATION
                )
        return {c: cache[(call_id, c)] for c in codes}

    def _by_credit_code(self, call_id: str) -> dict[str, list[str]]:
        cache: dict[str, dict[str, list[str]]] = self.__dict__.setdefault("_credit_index", {})
        if call_id not in cache:
            index: dict[str, list[str]] = defaultdict(list)
            for loaded in self.declarations(call_id):
                code = loaded.raw("applicant", "credit_code")
                if isinstance(code, str):
                    index[code.upper()].append(loaded.path)
            cache[call_id] = dict(index)
        return cache[call_id]

    def declaration_by_id(self, call_id: str, ident: str) -> Loaded[Declaration] | None:
        """The declaration of the call with this id (its unit is part of the id)."""
        parts = ident.split("-")
        unit = parts[-2] if len(parts) >= 3 else ""
        index: dict[tuple[str, str], dict[str, Loaded[Declaration]]] = self.__dict__.setdefault("_ids", {})
        if (call_id, unit) not in index:
            found: dict[str, Loaded[Declaration]] = {}
            for loaded in self.declarations(call_id, unit):
                if loaded.model is not None:
                    found.setdefault(loaded.model.id, loaded)
            index[(call_id, unit)] = found
        return index[(call_id, unit)].get(ident)

    def experts(self, call_id: str) -> Any:
        """The call's experts model (authority), or None."""
        loaded = self.load(f"submissions/{call_id}/review/experts.yaml")
        return loaded.model if loaded else None

    def assignment(self, call_id: str) -> Any:
        """The call's assignment model (authority), or None."""
        loaded = self.load(f"submissions/{call_id}/review/assignment.yaml")
        return loaded.model if loaded else None

    def assignment_sealed(self, call_id: str) -> bool:
        """Whether the call's assignment is a sealed file (whether or not a key opened it)."""
        loaded = self.load(f"submissions/{call_id}/review/assignment.yaml")
        return loaded is not None and loaded.sealed is not None

    def review_unreadable(self, call_id: str) -> bool:
        """Whether the call's review is sealed and the key in use (if any) does not open its assignment.

        Then the scores cannot be counted here: rules that need them say nothing (CI has no key; the
        agency, with its key, gets them all).
        """
        return self.assignment_sealed(call_id) and self.assignment(call_id) is None

    def sealed_list(self, call_id: str, expert: str) -> list[str] | None:
        """An expert's own list of a sealed assignment, when the key opened it (else None)."""
        loaded = self.load(f"submissions/{call_id}/review/assignment.yaml")
        if loaded is None or loaded.sealed is None:
            return None
        return loaded.sealed.opened_lists.get(expert)

    def recipients(self) -> Any:
        """The office's recipients file (``registry/recipients.yaml``), or None."""
        loaded = self.load(layout.RECIPIENTS_PATH)
        return loaded.model if loaded else None

    def review_recipients(self, call_id: str) -> Any:
        """The agency's recipients file of a call, or None."""
        loaded = self.load(f"submissions/{call_id}/review/recipients.yaml")
        return loaded.model if loaded else None

    def sealed_call(self, call_id: str | None) -> bool:
        """Whether the call's rules say its confidential files are sealed."""
        call = self.call(call_id or "")
        return bool(call is not None and call.sealed)

    def scores(self, call_id: str) -> list[Loaded[Score]]:
        """Every score file of the call, read."""
        return [loaded for p in self.score_paths(call_id) if (loaded := self.load(p)) is not None]

    def score_paths(self, call_id: str) -> list[str]:
        """The paths of the call's score files, by their place (not read)."""
        prefix = f"submissions/{call_id}/review/scores/"
        return sorted(
            p for p, i in self.infos.items() if i is not None and i.kind is Kind.SCORE and p.startswith(prefix)
        )

    def set_asides(self, call_id: str) -> list[Loaded[SetAside]]:
        """The agency's records of set-aside scores (authority), oldest first."""
        prefix = f"submissions/{call_id}/review/set-aside/"
        paths = [
            p
            for p in self.authority_entries
            if p.startswith(prefix) and (i := layout.classify(p)) is not None and i.kind is Kind.SET_ASIDE
        ]
        return [loaded for p in sorted(paths) if (loaded := self.load(p)) is not None]

    def set_aside_pairs(self, call_id: str) -> dict[tuple[str, str], tuple[str, str]]:
        """(declaration, expert) → (record path, reason) for every score set aside in the call (first record wins)."""
        cache: dict[str, dict[tuple[str, str], tuple[str, str]]] = self.__dict__.setdefault("_set_aside", {})
        if call_id not in cache:
            pairs: dict[tuple[str, str], tuple[str, str]] = {}
            for loaded in self.set_asides(call_id):
                for entry in loaded.model.scores if loaded.model is not None else []:
                    pairs.setdefault((entry.declaration, entry.expert), (loaded.path, entry.reason))
            cache[call_id] = pairs
        return cache[call_id]

    def records(self, call_id: str) -> list[Loaded[Any]]:
        """The call's records, oldest first (by the date and number in their names)."""
        prefix = f"submissions/{call_id}/records/"
        paths = [p for p in self.entries if p.startswith(prefix) and (i := self.infos.get(p)) and i.kind is Kind.RECORD]
        return [loaded for p in sorted(paths) if (loaded := self.load(p)) is not None]

    def decision(self, call_id: str, which: str) -> Any:
        """The call's proposed or final list (``which``), or None."""
        loaded = self.load(f"submissions/{call_id}/decision/{which}.yaml")
        return loaded.model if loaded else None
