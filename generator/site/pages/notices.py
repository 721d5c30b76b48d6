"""Notices (通报), change reports, inspection results and other records, newest first; a page per
record; the Atom feed of them; the publicity periods as an iCalendar file."""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from generator.site import text
from generator.site.data import RecordView, SiteData
from generator.site.pages.common import (
    KIND_NOTICE,
    Pages,
    call_path,
    day,
    html_link,
    html_table,
    link,
    notice_export,
    project_path,
    record_path,
    sample_notice,
    search_keys,
    search_meta,
    url,
)

KIND_LABELS = {
    "revocation": "取消资格通报",
    "inspection": "监督检查结果",
    "change": "书面报备",
    "withdrawal": "拟支持项目撤销",
    "correction": "更正",
}
FEED = "feed.xml"
CALENDAR = "publicity.ics"


def title(record: RecordView, data: SiteData) -> str:
    """The record's title as the public reads it (a link to a record is labelled with it, never its file name)."""
    if record.kind == "revocation":
        return record.data["notice"]["title"]
    project = data.project(record.project) if record.project else None
    subject = project.name if project else record.data.get("target", "")
    return f"{KIND_LABELS[record.kind]}：{subject}"


def _body(record: RecordView, data: SiteData, path: str) -> list[str]:
    d = record.data
    h = text.html
    rows: list[tuple[str, str]] = [
        ("类别", h(KIND_LABELS[record.kind])),
        ("编号", h(d["number"])),
        ("日期", h(day(record.day))),
    ]
    project = data.project(record.project) if record.project else None
    if project is not None:
        rows.append(("项目", html_link(path, project_path(project), f"{project.name}（{project.id}）")))
        rows.append(("承担单位", h(project.applicant)))
    paras: list[str] = []
    if record.kind == "revocation":
        rows += [("理由", h("、".join(d["grounds"]))), ("生效日期", h(day(d["effective"])))]
        if d.get("inspection"):
            rows.append(("所依据的监督检查", _record_link(path, d["inspection"], data)))
        paras += [
            "## 通报",
            "",
            text.paragraphs(d["notice"]["text"], "sfxm-text"),
            "",
            "## 认定的事实",
            "",
            text.paragraphs(d["facts"], "sfxm-text"),
            "",
            f"下载：{link(path, notice_export(record.call, record.name), '通报（Word）')}",
            "",
        ]
    elif record.kind == "inspection":
        rows += [("检查机构", h(d["inspector"])), ("检查日期", h(day(d["inspected_on"])))]
        rows += [("检查方式", h("、".join(d.get("methods") or ()) or "未注明")), ("检查结论", h(d["result"]))]
        paras += ["## 检查发现", "", text.paragraphs(d["findings"], "sfxm-text"), ""]
    elif record.kind == "change":
        rows += [("变化类型", h(d["change"])), ("对项目的影响", h(d["effect"]))]
        if d.get("successor"):
            rows.append(("承继单位", h(f"{d['successor']['name']}（{d['successor']['credit_code']}）")))
        paras += ["## 变化情况", "", text.paragraphs(d["description"], "sfxm-text"), ""]
    elif record.kind == "withdrawal":
        paras += [
            "## 异议情况",
            "",
            text.paragraphs(d["objection"], "sfxm-text"),
            "",
            "## 撤销理由",
            "",
            text.paragraphs(d["reason"], "sfxm-text"),
            "",
        ]
    else:
        rows.append(("更正对象", h(d["target"])))
        paras += ["## 更正内容", "", text.paragraphs(d["text"], "sfxm-text"), ""]
    if d.get("supersedes"):
        rows.append(("更正的记录", _record_link(path, d["supersedes"], data)))
    return [html_table(["项目", "内容"], rows, "sfxm-facts"), "", *paras]


def _record_link(path: str, name: str, data: SiteData) -> str:
    """A link to another record, labelled with its title and number."""
    other = data.record(name)
    if other is None:
        return text.html(name)
    return html_link(path, record_path(name), f"{title(other, data)}（{other.data['number']}）")


def record_page(record: RecordView, data: SiteData) -> str:
    path = record_path(record.name)
    heading = title(record, data)
    call = data.call(record.call)
    project = data.project(record.project) if record.project else None
    meta = search_meta(
        KIND_NOTICE,
        info=f"{KIND_LABELS[record.kind]} · {record.data['number']} · {day(record.day)}",
        call=call.call.title if call else "",
        unit=data.units[project.unit].name if project and project.unit in data.units else "",
    )
    lines = [
        text.front_matter(heading),
        f"# {text.inline(heading)}",
        "",
        meta,
        sample_notice([call] if call else []),
    ]
    if record.superseded_by:
        later = data.record(record.superseded_by)
        label = title(later, data) if later else record.superseded_by
        lines += [
            '!!! note "本记录已被更正"',
            f"    本记录已被{link(path, record_path(record.superseded_by), label)}更正，两者都保留公开。",
            "",
        ]
    lines += [*_body(record, data, path), search_keys(record.data["number"], heading)]
    return "\n".join(lines).rstrip() + "\n"


def index_page(data: SiteData) -> str:
    path = "notices/index.md"
    calls = [c for c in data.calls if any(r.call == c.id for r in data.records)]
    lines = [text.front_matter("通报与监督"), "# 通报与监督", "", sample_notice(calls)]
    lines += [
        "示范项目名单实行动态调整：项目承担单位发生重大变化须书面报备；第三方机构监督检查的结果予以公开；"
        "对监督检查不合格、申报材料有重大虚假信息、严重损害消费者合法权益和社会公共利益以及其他违法失信的项目，"
        "取消其示范项目资格并予以通报。",
        "",
        f"订阅：{link(path, FEED, 'Atom 订阅')}；公示期日历：{link(path, CALENDAR, 'iCalendar 文件')}。",
        "",
    ]
    rows = []
    for record in data.records:
        call = data.call(record.call)
        label = html_link(path, record_path(record.name), title(record, data))
        if record.superseded_by:
            label += "（已更正）"
        rows.append(
            (
                text.html(day(record.day)),
                text.html(KIND_LABELS[record.kind]),
                label,
                text.html(record.data["number"]),
                html_link(path, call_path(record.call), call.call.title) if call else text.html(record.call),
            )
        )
    if rows:
        lines.append(
            html_table(["日期", "类别", "标题", "编号", "批次"], rows, "sfxm-list", ["类别", "批次"], search=False)
        )
    else:
        lines.append("还没有记录。\n")
    return "\n".join(lines).rstrip() + "\n"


def _iso(d: date) -> str:
    return f"{d.isoformat()}T00:00:00+08:00"


def _summary(text_value: str, limit: int = 160) -> str:
    """The beginning of a text, on one line, cut at ``limit`` characters with an ellipsis."""
    flat = text.join_lines(str(text_value).splitlines())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip("，。；、 ") + "……"


def record_summary(record: RecordView, data: SiteData) -> str:
    """What a record says, in a sentence or two: the feed's summary of it."""
    d = record.data
    project = data.project(record.project) if record.project else None
    about = f"{project.name}（{project.applicant}）：" if project else ""
    if record.kind == "revocation":
        body = f"取消示范项目资格，理由：{'、'.join(d['grounds'])}。{d['notice']['text']}"
    elif record.kind == "inspection":
        body = f"{d['inspector']}检查结论：{d['result']}。{d['findings']}"
    elif record.kind == "change":
        body = f"{d['change']}，{d['effect']}。{d['description']}"
    elif record.kind == "withdrawal":
        body = d["reason"]
    else:
        body = f"更正{d['target']}：{d['text']}"
    return _summary(f"{d['number']}。{about}{body}")


def feed_title(data: SiteData) -> str:
    """The feed's title, from the calls' own programme names (oldest first, each once)."""
    programmes = list(dict.fromkeys(c.call.program for c in data.calls))
    return f"{'、'.join(programmes) or '示范项目'}：名单、通报与监督"


def _absolute(data: SiteData, docs_path: str) -> str:
    """A page's address: absolute under the site's address when it is known, else relative to the feed."""
    relative = url("index.md", docs_path)
    if data.site_url:
        return data.site_url + ("" if relative == "./" else relative)
    return relative


def atom(data: SiteData) -> str:
    """An Atom feed of records and list publications, newest first; dates and texts from the data only.

    Links are absolute (the site's address in ``registry/site.yaml``): a feed reader resolves a
    relative link against the feed's own address, which many get wrong.
    """
    entries: list[tuple[date, str, str, str, str]] = []  # day, id, title, href (docs path), summary
    for record in data.records:
        entries.append(
            (
                record.day,
                f"urn:sfxm:{record.call}:{record.name}",
                title(record, data),
                record_path(record.name),
                f"{KIND_LABELS[record.kind]}：{record_summary(record, data)}",
            )
        )
    for call in data.calls:
        if call.publicity is not None:
            p = call.publicity
            period = f"{day(p.start)}至{day(p.end)}" if p.end else f"自{day(p.start)}起 {p.working_days} 个工作日"
            entries.append(
                (
                    p.start,
                    f"urn:sfxm:{call.id}:proposed",
                    p.title,
                    f"calls/{call.id}/publicity.md",
                    f"拟支持项目名单公示：共 {len(p.projects)} 个项目，公示期{period}。",
                )
            )
        if call.final is not None:
            f = call.final
            entries.append(
                (
                    f.published_on,
                    f"urn:sfxm:{call.id}:final",
                    f.title,
                    f"calls/{call.id}/final.md",
                    _summary(f"示范项目名单：共 {len(f.projects)} 个项目。{f.text}"),
                )
            )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    updated = _iso(entries[0][0]) if entries else _iso(data.latest_date.date())
    author = data.site.organiser if data.site else "、".join(dict.fromkeys(c.call.program for c in data.calls))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{xml_escape(feed_title(data))}</title>",
        "  <id>urn:sfxm:feed</id>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(_absolute(data, FEED))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(_absolute(data, "notices/index.md"))}/>',
        f"  <author><name>{xml_escape(author or '示范项目')}</name></author>",
    ]
    for when, ident, heading, href, summary in entries:
        lines += [
            "  <entry>",
            f"    <title>{xml_escape(heading)}</title>",
            f"    <id>{xml_escape(ident)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(_absolute(data, href))}/>',
            f"    <published>{_iso(when)}</published>",
            f"    <updated>{_iso(when)}</updated>",
            f"    <summary>{xml_escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 folding: lines of at most 75 octets, continuation lines start with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def calendar(data: SiteData) -> str:
    """The publicity periods as all-day events (the end is exclusive in iCalendar)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sfxm//publicity//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(feed_title(data).split('：')[0])}公示期",
    ]
    for call in data.calls:
        p = call.publicity
        if p is None or p.end is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:publicity-{call.id}@sfxm",
            f"DTSTAMP:{p.start:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{p.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{(p.end + timedelta(days=1)):%Y%m%d}",
            f"SUMMARY:{_ics_text(p.title)}",
            f"DESCRIPTION:{_ics_text(f'{p.working_days} 个工作日；拟支持项目 {len(p.projects)} 个。')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def write(data: SiteData) -> Pages:
    pages: Pages = {"notices/index.md": index_page(data), FEED: atom(data), CALENDAR: calendar(data)}
    for record in data.records:
        pages[record_path(record.name)] = record_page(record, data)
    return pages
