"""Rules of the public site's identity, ``submissions/registry/site.yaml`` (W-…).

The file is the program office's: it says where the site lives, who runs it and how to reach them,
and the record numbers a website in China shows in its footer. These rules are sfxm's own (the plan
says nothing about the website); they keep a sample identity off a real site and a placeholder off
every public page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from generator import layout
from generator.findings import Finding, Location, Message, Severity
from generator.model.call import Call
from generator.model.site import Site
from generator.placeholders import is_placeholder, marker
from generator.repository import Loaded, Repository
from generator.rules.framework import Scope, check

E, W = Severity.ERROR, Severity.WARNING

MISSING_SITE = Message(
    "W-001",
    W,
    "缺少网站信息",
    "缺少 {path}",
    "项目办请把 templates/site.yaml（sfxm init 生成的模板）复制为 {path}，填写网站地址、主办单位、联系方式和备案号",
    "没有网站信息，公开网站没有网址（站点地图为空、没有规范链接，订阅中的链接只能是相对地址），页脚也没有主办单位和备案号。",
)
PLAIN_HTTP = Message(
    "W-002",
    W,
    "网站地址没有使用 HTTPS",
    "网站地址 {url} 使用 http",
    "请改为 https:// 开头的地址",
    "政府网站应通过 HTTPS 访问，公众才能确认内容来自主办单位、未被篡改。",
)
EXAMPLE_ADDRESS = Message(
    "W-003",
    E,
    "正式网站使用了示例地址",
    "网站地址 {url} 是示例地址，而网站信息没有标为示例（sample: false）",
    "请填写网站的真实地址；若仍是演示，请把 sample 设为 true",
    "站点地图、规范链接和订阅链接都由网站地址生成，示例地址会让它们全部指向不存在的网站。",
)
SAMPLE_IDENTITY = Message(
    "W-004",
    W,
    "示例网站信息与正式批次并存",
    "网站信息标为示例（sample: true），而批次 {call} 不是示例数据",
    "正式发布前请把网站信息换成真实的主办单位、地址和备案号，并把 sample 设为 false",
    "页脚会把网站信息标为“示例”，正式批次的页面上不应出现虚构的主办单位和备案号。",
)
ICP_FORMAT = Message(
    "W-005",
    W,
    "ICP 备案号格式不对",
    "ICP 备案号“{value}”不是“京ICP备12345678号”的格式",
    "请按备案系统中的写法填写：省份简称 + ICP备 + 数字 + 号（可带 -1 这样的网站序号）",
    "页脚的备案号须与备案系统一致，公众才能查到。",
)
POLICE_FORMAT = Message(
    "W-006",
    W,
    "公安机关备案号格式不对",
    "公安机关备案号“{value}”不是“京公网安备 11010202000001号”的格式",
    "请按备案系统中的写法填写：省份简称 + 公网安备 + 14 位数字 + 号",
    "页脚的备案号须与备案系统一致，公众才能查到。",
)
SITE_PLACEHOLDER = Message(
    "W-007",
    E,
    "网站信息中有占位文字",
    "{field}中有占位文字“{marker}”",
    "请填写真实内容；暂时不知道的可选项请删除整行",
    "网站信息显示在每个页面的页脚，占位文字不能出现在公开网站上（sfxm 自己的规则）。",
)
CALL_PLACEHOLDER = Message(
    "W-008",
    W,
    "批次规则中有占位文字",
    "{field}“{value}”中有占位文字“{marker}”",
    "得知正式内容后请补正；在此之前网站不显示这段文字（方向和领域显示为“{level}+编码”，说明不显示）",
    "公开网站不显示占位文字（sfxm 自己的规则），补正之前公众看到的信息不完整。",
)
NO_CONTACT = Message(
    "W-009",
    W,
    "网站没有公众联系渠道",
    "联系方式只写了部门，没有电话、电子邮箱或地址",
    "请至少填写 phone、email、address 中的一项",
    "政府网站须公布联系方式，公众才能咨询和反映问题。",
)
NO_ICP = Message(
    "W-010",
    W,
    "正式网站没有 ICP 备案号",
    "网站信息没有填写 ICP 备案号（icp）",
    "请填写网站的 ICP 备案号；网站不在境内发布的可忽略",
    "境内网站须在页脚显示 ICP 备案号。",
)

ICP_RE = re.compile(r"^[\u4e00-\u9fff]ICP备[0-9]{6,10}号(?:-[0-9]{1,3})?$")
POLICE_RE = re.compile(r"^[\u4e00-\u9fff]公网安备 ?[0-9]{14}号$")
EXAMPLE_HOST = re.compile(r"(?:^|\.)(?:example(?:\.(?:com|org|net|gov\.cn|cn))?|invalid|test|localhost)$")


@check(Scope.REPOSITORY)
def site_identity_present(repo: Repository) -> Iterator[Finding]:
    """The office describes the public site in registry/site.yaml."""
    if layout.SITE_PATH not in repo.entries:
        yield MISSING_SITE.at(Location(layout.SITE_PATH, None, None), path=layout.SITE_PATH)


@check(Scope.SITE)
def site_address(loaded: Loaded[Site], repo: Repository) -> Iterator[Finding]:
    """The site's address uses HTTPS, and a real site does not live at an example address."""
    site = loaded.model
    parts = urlsplit(site.site_url)
    if parts.scheme != "https":
        yield PLAIN_HTTP.at(loaded.where("site_url"), url=site.site_url)
    if not site.sample and EXAMPLE_HOST.search((parts.hostname or "").lower()):
        yield EXAMPLE_ADDRESS.at(loaded.where("site_url"), url=site.site_url)


@check(Scope.SITE)
def sample_identity_only_with_sample_calls(loaded: Loaded[Site], repo: Repository) -> Iterator[Finding]:
    """A sample identity is not published beside a real call."""
    if not loaded.model.sample:
        return
    for call_id in repo.call_ids():
        call = repo.call(call_id)
        if call is not None and not call.sample:
            yield SAMPLE_IDENTITY.at(loaded.where("sample"), call=call_id)


@check(Scope.SITE)
def record_numbers_well_formed(loaded: Loaded[Site], repo: Repository) -> Iterator[Finding]:
    """The ICP and public-security record numbers are written as the record system writes them."""
    site = loaded.model
    if site.icp is not None and not ICP_RE.match(site.icp):
        yield ICP_FORMAT.at(loaded.where("icp"), value=site.icp)
    if site.police_record is not None and not POLICE_RE.match(site.police_record):
        yield POLICE_FORMAT.at(loaded.where("police_record"), value=site.police_record)
    if site.icp is None and not site.sample:
        yield NO_ICP.at(loaded.where("name"))


@check(Scope.SITE)
def contact_reachable(loaded: Loaded[Site], repo: Repository) -> Iterator[Finding]:
    """The public can reach the organiser by phone, e-mail or post."""
    c = loaded.model.contact
    if c.phone is None and c.email is None and c.address is None:
        yield NO_CONTACT.at(loaded.where("contact"))


_SITE_TEXTS = {
    "name": "网站名称",
    "description": "网站简介",
    "organiser": "主办单位",
    "operator": "承办单位",
    "icp": "ICP备案号",
    "police_record": "公安机关备案号",
    "footer": "页脚说明",
}


@check(Scope.SITE)
def site_without_placeholders(loaded: Loaded[Site], repo: Repository) -> Iterator[Finding]:
    """No placeholder text in the site's identity, which every page shows."""
    site = loaded.model
    fields = [((key,), label, getattr(site, key)) for key, label in _SITE_TEXTS.items()]
    fields += [
        (("contact", key), f"联系方式的{label}", getattr(site.contact, key))
        for key, label in (("office", "联系部门"), ("address", "通信地址"))
    ]
    for path, label, value in fields:
        if is_placeholder(value):
            yield SITE_PLACEHOLDER.at(loaded.where(*path), field=label, marker=marker(value))


@check(Scope.CALL)
def call_without_placeholders(loaded: Loaded[Call], repo: Repository) -> Iterator[Finding]:
    """The public text of a real call carries no placeholder (the site hides it; a sample call may have some)."""
    call = loaded.model
    if call.sample:
        return
    level = call.classification.levels[-1]
    for field, label in (("title", "批次名称"), ("program", "项目名称"), ("basis", "依据")):
        value = getattr(call, field)
        if is_placeholder(value):
            yield CALL_PLACEHOLDER.at(loaded.where(field), field=label, value=value, marker=marker(value), level=level)

    def walk(items: list, path: tuple) -> Iterator[Finding]:
        for i, item in enumerate(items):
            here = (*path, i)
            for field, label in (("name", "名称"), ("description", "说明")):
                value = getattr(item, field)
                if is_placeholder(value):
                    yield CALL_PLACEHOLDER.at(
                        loaded.where(*here, field),
                        field=f"分类 {item.code} 的{label}",
                        value=value,
                        marker=marker(value),
                        level=level,
                    )
            yield from walk(item.items, (*here, "items"))

    yield from walk(call.classification.items, ("classification", "items"))
