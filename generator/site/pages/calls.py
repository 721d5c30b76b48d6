"""The calls: an index, and per call its rules, its projects, its publicity list and its final list."""

from __future__ import annotations

from generator import workdays
from generator.model.types import UnitClass
from generator.site import text
from generator.site.data import CallView, Publicity, SiteData
from generator.site.pages.common import (
    KIND_CALL,
    KIND_LIST,
    Pages,
    call_path,
    day,
    direction_path,
    final_export,
    final_path,
    html_table,
    link,
    project_table,
    projects_path,
    publicity_path,
    sample_notice,
    search_keys,
    search_meta,
    table,
)
from generator.status import State


def publicity_state(p: Publicity) -> str:
    """The period as text, and a placeholder the site's script fills with 公示中 / 已结束 for today.

    The state depends on the day the page is read, not on the day it was built, so it is worked out
    in the reader's browser; the page itself stays the same for the same data.
    """
    end = p.end.isoformat() if p.end else ""
    period = (
        f"{day(p.start)}至{day(p.end)}（{p.working_days} 个工作日）"
        if p.end
        else f"自{day(p.start)}起 {p.working_days} 个工作日"
    )
    return (
        f'<span class="sfxm-period" data-start="{p.start.isoformat()}" data-end="{end}">'
        f'{text.html(period)}<span class="sfxm-period-state"></span></span>'
    )


def counted_days(p: Publicity) -> str:
    """Which days of the publicity period were counted as working days, and from which calendar."""
    if not p.days:
        return ""
    rows, counted = [], 0
    for d in p.days:
        counted += d.working
        state = f"计入（第 {counted} 个工作日）" if d.working else "不计"
        rows.append([text.html(day(d.day)), text.html(d.weekday), text.html(state), text.html(d.label)])
    skipped = sum(1 for d in p.days if not d.working)
    basis = "；".join(text.html(s) for s in workdays.sources(p.days))
    return (
        f'<details class="sfxm-workdays" data-search-exclude><summary>公示期怎样计算：'
        f"{p.working_days} 个工作日，期间 {skipped} 天周末或节假日不计</summary>\n"
        f"<p>周末和法定节假日不计，调休上班的周末计入。依据：{basis}。</p>\n"
        + html_table(["日期", "星期", "是否计入", "说明"], rows, "sfxm-timeline", search=False)
        + "</details>\n"
    )


def stage(call: CallView, *, brief: bool = False) -> str:
    """The call's stage for the day the page is read, as a placeholder the site's script fills in.

    What the data settles (a published list, a review under way) is written as it is; what depends
    on the day (declarations open, closed or not yet open; publicity under way or over) is worked
    out in the reader's browser, Beijing time, from the dates in the data attributes. Without script
    the text states the dates (``brief``: in a table beside them, it points to them), never a stage
    that may be stale; the page stays the same for the same data.
    """
    c = call.call
    if call.final is not None:
        return f'<span class="sfxm-stage">示范项目名单已于{text.html(day(call.final.published_on))}公布</span>'
    if call.publicity is not None:
        p = call.publicity
        end = p.end.isoformat() if p.end else ""
        return (
            f'<span class="sfxm-stage" data-publicity-start="{p.start.isoformat()}" data-publicity-end="{end}">'
            f"拟支持项目名单自{text.html(day(p.start))}起公示</span>"
        )
    if call.review_started:
        return '<span class="sfxm-stage">专家评审</span>'
    dates = (
        "见申报时间"
        if brief
        else f"申报时间：{text.html(day(c.schedule.opens))} 至 {text.html(day(c.schedule.closes))}"
    )
    return (
        f'<span class="sfxm-stage" data-opens="{c.schedule.opens.isoformat()}" data-closes="{c.schedule.closes.isoformat()}">'
        f"{dates}</span>"
    )


def print_line(data: SiteData, page: str, when: str) -> str:
    """A line only printed: the page's address and the list's date, so that a printed list says where it is from."""
    from generator.site.pages.common import url

    parts = [when]
    if data.site_url:
        address = url("index.md", page)
        parts.append(f"网址：{data.site_url}{'' if address == './' else address}")
    return f'<p class="sfxm-print-only">{text.html("　".join(parts))}</p>\n'


def _rules(call: CallView) -> list[str]:
    c = call.call
    quotas = [f"{UnitClass(r.unit_class).label}：每个单位不超过 {r.quota} 个" for r in c.recommenders]
    quotas += [f"{e.reason}：每个另加 {e.quota} 个" for e in c.extra_quotas]
    rows = [
        ("依据", text.inline(c.basis or "—")),
        ("申报时间", text.inline(f"{day(c.schedule.opens)} 至 {day(c.schedule.closes)}")),
        ("申报条件", text.inline(c.eligibility.text)),
        ("推荐名额", "；".join(text.inline(q) for q in quotas)),
    ]
    if c.review is not None:
        criteria = "、".join(f"{x.name}（{x.weight.normalize():f}）" for x in c.review.criteria)
        rows.append(("专家评审", text.inline(f"每个项目 {c.review.reviewers} 位专家；指标及权重：{criteria}")))
    sealed = (
        "是：联系人、附件、推荐审核意见、专家名单、评审分配和评分在仓库中加密保存"
        if c.sealed
        else "否：示例批次，材料不加密"
        if c.sample
        else "否：仓库中的材料不加密"
    )
    rows.append(("材料加密", text.inline(sealed)))
    lines = [
        "## 批次规则",
        "",
        table(["项目", "内容"], rows),
        "",
        f"### {text.inline('、'.join(c.classification.levels))}",
        "",
    ]
    path = call_path(call.id)
    drows = [
        (
            text.inline(" › ".join(d.path) or "—"),
            text.inline(d.code),
            link(path, direction_path(call.id, d.code), d.name),
            text.inline(d.description or ""),
        )
        for d in call.directions
    ]
    lines.append(
        table(
            [text.inline(c.classification.levels[0]), "编码", text.inline(c.classification.levels[-1]), "说明"], drows
        )
    )
    return lines


def figures(call: CallView) -> list[tuple[str, str]]:
    counts: dict[State, int] = {}
    for p in call.projects:
        counts[p.state] = counts.get(p.state, 0) + 1
    taken = sum(1 for p in call.projects if p.within_quota)
    rows = [("申报项目", str(len(call.projects))), ("名额内选取", str(taken))]
    if call.publicity is not None:
        rows.append(("列入拟支持名单", str(len(call.publicity.projects))))
    if call.final is not None:
        rows.append(("示范项目", str(len(call.final.projects))))
        revoked = counts.get(State.REVOKED, 0)
        if revoked:
            rows.append(("已取消资格", str(revoked)))
    return rows


def call_page(data: SiteData, call: CallView) -> str:
    path = call_path(call.id)
    lines = [
        text.front_matter(call.call.title),
        f"# {text.inline(call.call.title)}",
        "",
        search_meta(KIND_CALL, info=f"{call.call.year}年 · {len(call.projects)} 个申报项目", call=call.call.title),
        sample_notice([call]),
    ]
    lines += [f"阶段：{stage(call)}", ""]
    links = [f"- {link(path, projects_path(call.id), '全部申报项目')}（按推荐单位、方向筛选）"]
    if call.publicity is not None:
        links.append(
            f"- {link(path, publicity_path(call.id), call.publicity.title)}：{publicity_state(call.publicity)}"
        )
    if call.final is not None:
        links.append(
            f"- {link(path, final_path(call.id), call.final.title)}（{text.inline(day(call.final.published_on))}公布）"
        )
    lines += ["## 名单与数据", "", *links, "", table(["数字", "个数"], figures(call)), ""]
    lines += _rules(call)
    lines += ["", search_keys(call.call.title)]
    return "\n".join(lines).rstrip() + "\n"


def projects_page(data: SiteData, call: CallView) -> str:
    path = projects_path(call.id)
    lines = [
        text.front_matter(f"{call.call.title}：申报项目", search={"exclude": True}),
        f"# {text.inline(call.call.title)}：申报项目",
        "",
        sample_notice([call]),
    ]
    lines += [f"共 {len(call.projects)} 个项目。可按推荐单位、方向和状态筛选，点击表头排序。", ""]
    lines.append(
        project_table(path, call.projects, data, ("申报编号", "项目名称", "申请主体", "推荐单位", "方向", "状态"))
    )
    return "\n".join(lines).rstrip() + "\n"


def _list_head(data: SiteData, call: CallView, path: str, title: str, info: str, when: str) -> list[str]:
    """The top of a publicity or final list: title, what search records of it, the sample notice,
    and the line only printed (its date and address)."""
    return [
        text.front_matter(title),
        f"# {text.inline(title)}",
        "",
        search_meta(KIND_LIST, info=info, call=call.call.title),
        sample_notice([call]),
        print_line(data, path, when),
    ]


def publicity_page(data: SiteData, call: CallView) -> str:
    p = call.publicity
    assert p is not None
    path = publicity_path(call.id)
    o = p.objections
    contact = "；".join(
        text.inline(f"{label}：{o[key]}")
        for key, label in (("office", "受理部门"), ("phone", "电话"), ("email", "电子邮箱"), ("address", "地址"))
        if o.get(key)
    )
    projects = [x for ident in p.projects if (x := data.project(ident)) is not None]
    period = f"{day(p.start)}至{day(p.end)}" if p.end else f"自{day(p.start)}起 {p.working_days} 个工作日"
    lines = _list_head(data, call, path, p.title, f"公示 · {len(projects)} 个拟支持项目", f"公示期：{period}")
    if p.number:
        lines += [f"文号：{text.inline(p.number)}", ""]
    lines += [
        f"公示期：{publicity_state(p)}",
        "",
        counted_days(p),
        f"公示期间对名单有异议的，请向以下单位反映：{contact}。",
        "",
        f"{link(path, 'publicity.ics', '把公示期加入日历')}（iCalendar 文件，各批次的公示期都在其中）。",
        "",
        f"拟支持项目共 {len(projects)} 个（按方向和评审排名排列）：",
        "",
    ]
    lines.append(
        project_table(path, projects, data, ("序号", "申报编号", "项目名称", "申请主体", "推荐单位", "方向", "状态"))
    )
    lines += ["", search_keys(p.title, p.number)]
    return "\n".join(lines).rstrip() + "\n"


def final_page(data: SiteData, call: CallView) -> str:
    f = call.final
    assert f is not None
    path = final_path(call.id)
    projects = [x for ident in f.projects if (x := data.project(ident)) is not None]
    when = day(f.published_on)
    lines = _list_head(data, call, path, f.title, f"{when}公布 · {len(projects)} 个示范项目", f"公布日期：{when}")
    meta = "；".join(
        x
        for x in (f"文号：{text.inline(f.number)}" if f.number else "", f"公布日期：{text.inline(day(f.published_on))}")
        if x
    )
    lines += [meta, "", text.paragraphs(f.text, "sfxm-text"), ""]
    downloads = "、".join(
        link(path, final_export(call.id, ext), label)
        for ext, label in (("docx", "Word"), ("csv", "CSV"), ("json", "JSON"))
    )
    lines += [f"下载：{downloads}", ""]
    revoked = [x for x in projects if x.state is State.REVOKED]
    if revoked:
        lines += [f"其中 {len(revoked)} 个项目后来被取消示范项目资格，状态栏已标明。", ""]
    lines.append(
        project_table(path, projects, data, ("序号", "申报编号", "项目名称", "申请主体", "推荐单位", "方向", "状态"))
    )
    lines += ["", search_keys(f.title, f.number)]
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "calls/index.md"
    lines = [text.front_matter("批次"), "# 批次", "", "每年一个批次，各有自己的方向、名额和日程。", ""]
    rows = [
        (
            link(path, call_path(c.id), c.call.title),
            text.inline(str(c.call.year)),
            stage(c, brief=True),
            text.inline(f"{day(c.call.schedule.opens)} 至 {day(c.call.schedule.closes)}"),
            str(len(c.projects)),
            str(len(c.final.projects)) if c.final else "—",
        )
        for c in reversed(data.calls)
    ]
    lines.append(table(["批次", "年度", "阶段", "申报时间", "申报项目", "示范项目"], rows))
    return "\n".join(lines) + "\n"


def write(data: SiteData) -> Pages:
    pages: Pages = {"calls/index.md": index_page(data)}
    for call in data.calls:
        pages[call_path(call.id)] = call_page(data, call)
        pages[projects_path(call.id)] = projects_page(data, call)
        if call.publicity is not None:
            pages[publicity_path(call.id)] = publicity_page(data, call)
        if call.final is not None:
            pages[final_path(call.id)] = final_page(data, call)
    return pages
