"""Rules of one declaration, read against its call and the registry (D-…)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from generator import layout
from generator.findings import Finding, Message, Severity
from generator.model import credit_code
from generator.model.declaration import Declaration
from generator.repository import Loaded, Repository, normalize_name
from generator.rules.framework import Scope, check

E, W = Severity.ERROR, Severity.WARNING

CHECK_CHARACTER = Message(
    "D-001",
    E,
    "统一社会信用代码校验位错误",
    "统一社会信用代码 {code} 的校验位（第 18 位）应为 {expected}，这里是 {actual}",
    "请对照营业执照逐位核对代码；常见错误是把字母 O、I 看成数字 0、1",
    "校验位按 GB 32100-2015 由前 17 位算出，不符说明代码抄错了，申请主体无法核实。",
)
ID_MISMATCH = Message(
    "D-002",
    E,
    "申报编号与位置不一致",
    "申报编号 {id} 应以 {prefix} 开头（批次 {call}、单位 {unit}）",
    "请把编号改为 {prefix}三位序号，或把文件放到编号对应的单位文件夹中",
    "申报编号由批次和单位组成，评分、决定和记录都靠它找到项目。",
)
UNKNOWN_DIRECTION = Message(
    "D-003",
    E,
    "申报方向不存在",
    "申报方向 {code} 不是批次 {call} 的{level}",
    "可选的{level}：{choices}",
    "方向必须是本批次分类中的末级方向，否则无法分组评审。",
)
LEGAL_FORM_NOT_ALLOWED = Message(
    "D-004",
    E,
    "法人类型不符合申报条件",
    "批次 {call} 不接受“{form}”申报",
    "可以申报的法人类型：{allowed}",
    "申报条件由批次规则规定。",
)
NOT_LEGAL_PERSON = Message(
    "D-005",
    E,
    "统一社会信用代码显示不是独立法人",
    "统一社会信用代码前两位 {prefix} 表示“{category}”，{problem}",
    "{fix}",
    "代码的第 1、2 位是登记管理部门和机构类别，可据此核对法人类型。",
)
NOT_PRC = Message(
    "D-006",
    E,
    "登记地不在境内",
    "统一社会信用代码第 3–8 位（登记管理机关行政区划码）{region}{problem}",
    "申请主体应在中华人民共和国境内注册，请对照营业执照或法人登记证书核对代码。境内登记管理机关的代码是："
    "省级行政区划码开头（11 北京至 65 新疆）的 6 位数字；国家级登记管理机关（如国家市场监督管理总局、民政部）为 100000；"
    "新疆生产建设兵团的登记管理机关为 66 开头",
    "实施方案要求申请主体在中华人民共和国境内注册；统一社会信用代码的第 3–8 位是赋码的登记管理机关所在地的"
    "行政区划码（GB 32100-2015），据此可以核对登记地。",
)
REGION_MISMATCH = Message(
    "D-007",
    W,
    "申请主体登记地与推荐单位不一致",
    "申请主体登记地代码 {region} 不在推荐单位 {unit} 的辖区内（应以 {prefixes} 开头）",
    "请确认是否应由申请主体登记地的单位推荐；确需跨地区推荐的，请在推荐意见中说明",
    "项目一般由申请主体所在地的主管部门推荐并负监督责任。",
)
ATTACHMENT_MISSING = Message(
    "D-008",
    E,
    "附件不存在",
    "附件“{title}”的路径 {target} {problem}",
    "请把文件放到 {folder}attachments/ 下并一起提交，路径写成 attachments/文件名",
    "附件必须和申报书一起提交到本单位文件夹，评审时才能看到。",
)
INVESTMENT = Message(
    "D-009",
    E,
    "已完成投资超过总投资",
    "已完成投资 {completed} 超过了项目总投资 {total}",
    "请核对两个金额及其单位（元、万元、亿元）",
    "已完成投资不会超过总投资，超过通常是单位写错了。",
)
ONLINE_REGISTRATION = Message(
    "D-010",
    E,
    "缺少网上系统登记号",
    "批次 {call} 要求申请主体在网上系统登记，但没有填写 online_registration",
    "请填写网上系统给出的登记号",
    "该批次要求申请主体同时在工业和信息化部网上系统登记。",
)
VERIFIED_LATE = Message(
    "D-011",
    W,
    "审核日期不在申报期内",
    "推荐单位审核日期 {date} 不在申报期（{opens} 至 {closes}）内",
    "请核对审核日期",
    "推荐单位应在申报截止前完成审核。",
)
DUPLICATE = Message(
    "D-012",
    E,
    "同一项目重复申报",
    "申请主体“{applicant}”的项目“{name}”重复申报：{others} 也是同一项目",
    "同一项目只能由一个单位推荐一次；请撤回其中一份",
    "同一项目重复申报会占用名额，也会让评审重复打分。",
)
TWO_UNITS = Message(
    "D-013",
    W,
    "同一申请主体由多个单位推荐",
    "申请主体“{applicant}”还由{others}推荐",
    "请确认推荐单位：项目一般由申请主体登记地的单位推荐",
    "推荐单位对项目负监督责任，同一主体由多个单位推荐时责任不清。",
)
UNKNOWN_CALL = Message(
    "D-014",
    E,
    "批次规则无效",
    "批次 {call} 的 call.yaml 无法读取或不完整，无法核对这份申报书的方向和条件",
    "项目办请先修正 call.yaml",
    "申报书要按批次规则核对。",
)


@check(Scope.DECLARATION)
def id_matches_place(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """A declaration's id begins with its call and the unit whose folder holds it."""
    info = loaded.info
    prefix = f"{info.call}-{info.unit}-"
    if not loaded.model.id.startswith(prefix):
        yield ID_MISMATCH.at(loaded.where("id"), id=loaded.model.id, prefix=prefix, call=info.call, unit=info.unit)


@check(Scope.DECLARATION)
def call_is_readable(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The declaration's call has valid rules to check it against."""
    path = layout.call_path(loaded.info.call or "")
    if path in repo.authority_entries and repo.call(loaded.info.call or "") is None:
        yield UNKNOWN_CALL.at(loaded.where("direction"), call=loaded.info.call)


@check(Scope.DECLARATION)
def direction_exists(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The direction is a leaf of the call's classification."""
    call = repo.call(loaded.info.call or "")
    if call is None or call.leaf(loaded.model.direction) is not None:
        return
    level = call.classification.levels[-1]
    choices = "；".join(f"{item.code} {item.name}" for _, item in call.classification.leaves())
    yield UNKNOWN_DIRECTION.at(
        loaded.where("direction"), code=loaded.model.direction, call=call.id, level=level, choices=choices
    )


@check(Scope.DECLARATION)
def credit_code_check_character(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The applicant's 统一社会信用代码 carries the check character of GB 32100-2015."""
    code = loaded.model.applicant.credit_code
    expected = credit_code.check_character(code[:17])
    if expected != code[17]:
        yield CHECK_CHARACTER.at(
            loaded.where("applicant", "credit_code"), code=code, expected=expected, actual=code[17]
        )


@check(Scope.DECLARATION)
def credit_code_legal_person(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The credit code's registration category is a legal person of the declared legal form."""
    applicant = loaded.model.applicant
    prefix = applicant.credit_code[:2]
    known = credit_code.CATEGORIES.get(prefix)
    if known is None:
        return
    category, form = known
    where = loaded.where("applicant", "legal_form")
    if form is None:
        yield NOT_LEGAL_PERSON.at(
            where,
            prefix=prefix,
            category=category,
            problem="不具备法人资格",
            fix="个体工商户、分支机构等不能申报；请由具有独立法人资格的主体申报",
        )
    elif form != applicant.legal_form:
        yield NOT_LEGAL_PERSON.at(
            where,
            prefix=prefix,
            category=category,
            problem=f"与填写的法人类型“{applicant.legal_form.value}”不一致",
            fix=f"请把法人类型改为“{form.value}”，或核对统一社会信用代码",
        )


@check(Scope.DECLARATION)
def legal_form_allowed(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The applicant's legal form is one the call accepts."""
    call = repo.call(loaded.info.call or "")
    if call is not None and loaded.model.applicant.legal_form not in call.eligibility.legal_forms:
        allowed = "、".join(f.value for f in call.eligibility.legal_forms)
        yield LEGAL_FORM_NOT_ALLOWED.at(
            loaded.where("applicant", "legal_form"),
            call=call.id,
            form=loaded.model.applicant.legal_form.value,
            allowed=allowed,
        )


@check(Scope.DECLARATION)
def registered_in_prc(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The credit code was given by a PRC registration authority: of a province, national (100000) or of 兵团 (66…)."""
    code = loaded.model.applicant.credit_code
    if credit_code.registration_area(code) is not None:
        return
    region = credit_code.region(code)
    if region[:2] in credit_code.NO_CODES_GIVEN:
        problem = f" 是{credit_code.NO_CODES_GIVEN[region[:2]]}的区划码，那里的登记机关不赋统一社会信用代码"
    elif region[:2] == credit_code.NATIONAL[:2]:
        problem = " 不是国家级登记管理机关的代码（国家级只有 100000）"
    else:
        problem = " 不是境内登记管理机关的行政区划码"
    yield NOT_PRC.at(loaded.where("applicant", "credit_code"), region=region, problem=problem)


@check(Scope.DECLARATION)
def registered_where_recommended(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The applicant is registered within the recommending unit's area (a warning; national registrations are not placed)."""
    unit = repo.units.get(loaded.info.unit or "")
    if unit is None or not unit.credit_prefixes:
        return
    code = loaded.model.applicant.credit_code
    area = credit_code.registration_area(code)
    if area is None or area == "national":
        return  # D-006 says why, or a national registration says nothing about where the body works
    region = credit_code.region(code)
    if not region.startswith(tuple(unit.credit_prefixes)):
        yield REGION_MISMATCH.at(
            loaded.where("applicant", "credit_code"),
            region=region,
            unit=repo.unit_label(unit.code),
            prefixes="、".join(unit.credit_prefixes),
        )


@check(Scope.DECLARATION)
def attachments_exist(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """Each attachment is a file committed in the unit's attachments folder."""
    folder = PurePosixPath(loaded.path).parent
    expected_prefix = f"{folder}/attachments/"
    for i, attachment in enumerate(loaded.model.attachments):
        target = layout.resolve_relative(str(folder), attachment.path)
        if target is None:
            problem = "指向了仓库以外"
        elif not target.startswith(expected_prefix):
            problem = "不在本单位的 attachments 文件夹中"
        elif not repo.exists(target):
            problem = "对应的文件没有提交到仓库"
        elif (info := repo.infos.get(target)) is None or info.kind is not layout.Kind.ATTACHMENT:
            problem = "不是可接受的附件类型（" + "、".join(layout.ATTACHMENT_TYPES) + "）"
        else:
            continue
        yield ATTACHMENT_MISSING.at(
            loaded.where("attachments", i, "path"),
            title=attachment.title,
            target=attachment.path,
            problem=problem,
            folder=f"{folder}/",
        )


@check(Scope.DECLARATION)
def investment_consistent(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The investment completed does not exceed the total investment."""
    investment = loaded.model.investment
    if investment.completed is not None and investment.completed.yuan > investment.total.yuan:
        yield INVESTMENT.at(
            loaded.where("investment", "completed"), completed=str(investment.completed), total=str(investment.total)
        )


@check(Scope.DECLARATION)
def online_registration_given(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """When the call requires online registration, the declaration gives its number."""
    call = repo.call(loaded.info.call or "")
    if call is not None and call.eligibility.online_registration and not loaded.model.online_registration:
        yield ONLINE_REGISTRATION.at(loaded.where(), call=call.id)


@check(Scope.DECLARATION)
def verified_within_call(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The unit checked the material during the call (a warning)."""
    call = repo.call(loaded.info.call or "")
    if call is None or loaded.model.recommendation is None:  # sealed, and no key opened it
        return
    day = loaded.model.recommendation.verified_on
    opens, closes = call.schedule.opens.date(), call.schedule.closes.date()
    if not opens <= day <= closes:
        yield VERIFIED_LATE.at(
            loaded.where("recommendation", "verified_on"),
            date=day.isoformat(),
            opens=opens.isoformat(),
            closes=closes.isoformat(),
        )


@check(Scope.DECLARATION)
def not_declared_twice(loaded: Loaded[Declaration], repo: Repository) -> Iterator[Finding]:
    """The same applicant's same project is declared once per call, by one unit."""
    me = loaded.model
    same_project, other_units = [], []
    for other in repo.declarations_naming(loaded.info.call or "", me.applicant.credit_code):
        if other.path == loaded.path:
            continue
        other_name = other.raw("name")
        label = f"{repo.unit_label(other.info.unit)}的 {other.path.rsplit('/', 1)[-1]}"
        if isinstance(other_name, str) and normalize_name(other_name) == normalize_name(me.name):
            same_project.append(label)
        elif other.info.unit != loaded.info.unit:
            other_units.append(repo.unit_label(other.info.unit))
    if same_project:
        yield DUPLICATE.at(
            loaded.where("name"), applicant=me.applicant.name, name=me.name, others="、".join(same_project)
        )
    if other_units:
        yield TWO_UNITS.at(
            loaded.where("applicant", "credit_code"),
            applicant=me.applicant.name,
            others="、".join(sorted(set(other_units))),
        )
