"""Rules of a call's own data (C-…)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Finding, Location, Message, Severity
from generator.model.call import Call
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check

E = Severity.ERROR

ID_MISMATCH = Message(
    "C-001",
    E,
    "批次编号与文件夹不一致",
    "批次编号 {id} 与所在文件夹 {folder} 不一致",
    "请把 id 改为 {folder}，或把文件夹改名",
    "批次编号决定申报编号和网址，必须与文件夹一致。",
)
YEAR_MISMATCH = Message(
    "C-002",
    E,
    "年度与批次编号不一致",
    "年度 {year} 与批次编号 {id} 不一致",
    "批次编号应以年度开头，如 {year}",
    "年度和编号不一致会让网站把项目列到错误的年份。",
)
DUPLICATE_CLASS_CODE = Message(
    "C-003",
    E,
    "分类编码重复",
    "分类编码 {code} 出现了不止一次",
    "请让每个类别、方向的编码在本批次内唯一",
    "申报书用编码指明方向，编码重复就无法确定是哪一个方向。",
)
SCHEDULE_ORDER = Message(
    "C-004",
    E,
    "日程先后顺序不对",
    "{later}（{later_value}）早于{earlier}（{earlier_value}）",
    "请检查日期：申报开始应早于申报截止，评审开始不早于申报截止",
    "日程决定何时可以提交和修改申报，顺序错了闸门会拒绝或放行错误的提交。",
)
DUPLICATE_RECOMMENDER = Message(
    "C-005",
    E,
    "推荐单位类别重复",
    "单位类别 {unit_class} 在 recommenders 中出现了不止一次",
    "每个类别只写一次推荐上限",
    "同一类别有两个上限时无法确定采用哪一个。",
)
UNKNOWN_EXTRA_UNIT = Message(
    "C-006",
    E,
    "增加名额的单位不在名录中",
    "增加名额所列的单位 {code} 不在单位名录中",
    "请先在 submissions/registry/units.yaml 中登记该单位，或改正代码",
    "只有名录中的单位才能推荐项目。",
)
MISSING_CALL = Message(
    "C-007",
    E,
    "缺少批次规则",
    "批次 {call} 没有 call.yaml",
    "项目办请先提交 submissions/{call}/call.yaml，再接受该批次的申报",
    "没有批次规则就无法判断方向、名额和期限。",
)


FORM_FIELD = Message(
    "C-010",
    E,
    "申报书结构中的字段有误",
    "申报书结构（form）第 {part} 部分“{title}”中的 {path} {problem}",
    "请写申报书的字段名（如 applicant）或“字段.下级字段”（如 users.count），每个字段只写一次；"
    "可用的字段见 generator/schema/declaration.schema.json",
    "申报书 Word 模板按这里的结构逐项生成和导入，写错的字段会让某一项无处填写或被重复读取。",
)
FORM_INCOMPLETE = Message(
    "C-011",
    E,
    "申报书结构缺少必填项",
    "申报书结构（form）中没有必填项 {path}",
    "请把它加到合适的部分中，否则申请主体无处填写",
    "申报书的每个必填项都要在 Word 模板中有一栏，导入后才是完整的申报书。",
)


@check(Scope.CALL)
def form_outline_is_complete(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """The call's 申报书 outline names real fields, each once, and every required field of the declaration."""
    from generator.word.form import form_errors

    if loaded.model.form is None:
        return
    for index, position, path, problem in form_errors(loaded.model):
        if index < 0:
            yield FORM_INCOMPLETE.at(loaded.where("form"), path=path)
            continue
        where = loaded.where("form", index, "fields", position)
        yield FORM_FIELD.at(where, part=index + 1, title=loaded.model.form[index].title, path=path, problem=problem)


@check(Scope.CALL)
def call_id_matches_folder(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """A call's id is the name of its folder, and begins with its year."""
    call = loaded.model
    if call.id != loaded.info.call:
        yield ID_MISMATCH.at(loaded.where("id"), id=call.id, folder=loaded.info.call)
    if not call.id.startswith(str(call.year)):
        yield YEAR_MISMATCH.at(loaded.where("year"), year=call.year, id=call.id)


@check(Scope.CALL)
def classification_codes_unique(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """Every code of the call's classification is unique within the call."""
    seen: set[str] = set()

    def walk(items, loc):
        for i, item in enumerate(items):
            if item.code in seen:
                yield DUPLICATE_CLASS_CODE.at(loaded.where(*loc, i, "code"), code=item.code)
            seen.add(item.code)
            yield from walk(item.items, (*loc, i, "items"))

    yield from walk(loaded.model.classification.items, ("classification", "items"))


@check(Scope.CALL)
def schedule_in_order(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """The call opens before it closes, and review starts no earlier than the close."""
    s = loaded.model.schedule
    if s.closes <= s.opens:
        yield SCHEDULE_ORDER.at(
            loaded.where("schedule", "closes"),
            later="申报截止时间",
            later_value=s.closes.isoformat(),
            earlier="申报开始时间",
            earlier_value=s.opens.isoformat(),
        )
    if s.review_starts is not None and s.review_starts < s.closes:
        yield SCHEDULE_ORDER.at(
            loaded.where("schedule", "review_starts"),
            later="评审开始时间",
            later_value=s.review_starts.isoformat(),
            earlier="申报截止时间",
            earlier_value=s.closes.isoformat(),
        )


@check(Scope.CALL)
def recommender_classes_unique(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """Each unit class has at most one quota in a call."""
    seen = set()
    for i, r in enumerate(loaded.model.recommenders):
        if r.unit_class in seen:
            yield DUPLICATE_RECOMMENDER.at(loaded.where("recommenders", i, "unit_class"), unit_class=r.unit_class.value)
        seen.add(r.unit_class)


@check(Scope.CALL)
def extra_quota_units_registered(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """Units given extra quota are in the registry."""
    if repo.registry is None:
        return
    for i, extra in enumerate(loaded.model.extra_quotas):
        for j, code in enumerate(extra.units):
            if code not in repo.units:
                yield UNKNOWN_EXTRA_UNIT.at(loaded.where("extra_quotas", i, "units", j), code=code)


@check(Scope.CALL_FOLDER)
def call_has_rules(call_id: str, repo: Repository) -> Iterator[Finding]:
    """A call folder with declarations or other files has a call.yaml."""
    path = f"submissions/{call_id}/call.yaml"
    if path not in repo.authority_entries:
        yield MISSING_CALL.at(Location(path, None, None), call=call_id)


REVIEW_WEIGHTS = Message(
    "C-008",
    E,
    "评审指标权重之和不为 1",
    "评审指标的权重之和是 {total}，应为 1",
    "请调整各指标的权重，使之和为 1",
    "加权分按权重计算，权重之和不为 1 时各批次的分数无法比较。",
)
REVIEW_CRITERIA = Message(
    "C-009",
    E,
    "评审指标代码有误",
    "评审指标代码 {code} {problem}",
    "请让每个指标代码唯一，同分排序只引用已定义的指标",
    "评分文件和排序都用指标代码找到指标。",
)


@check(Scope.CALL)
def review_rules_consistent(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """Review weights sum to 1; criterion codes are unique; the tie-break names defined criteria."""
    review = loaded.model.review
    if review is None:
        return
    total = sum(c.weight for c in review.criteria)
    if total != 1:
        yield REVIEW_WEIGHTS.at(loaded.where("review", "criteria"), total=f"{total.normalize():f}")
    codes = [c.code for c in review.criteria]
    for i, code in enumerate(codes):
        if codes.index(code) != i:
            yield REVIEW_CRITERIA.at(loaded.where("review", "criteria", i, "code"), code=code, problem="重复")
    for i, code in enumerate(review.tie_break):
        if code not in codes:
            yield REVIEW_CRITERIA.at(loaded.where("review", "tie_break", i), code=code, problem="不是已定义的评审指标")
