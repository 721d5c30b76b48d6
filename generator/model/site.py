"""The public site's identity (file ``submissions/registry/site.yaml``), owned by the program office.

What a government website says about itself: its address, who runs it, how to reach them, its
record numbers (ICP 备案号, 公安机关备案号, 政府网站标识码) and the footer's text. The site's
footer, sitemap, canonical and social-preview tags, feed links and 404 page are written from it;
the deploy workflow reads the address from here too.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from generator.model.base import Model, public
from generator.model.declaration import Email, Phone
from generator.model.types import Flag, Text

# An absolute web address of the site's root: scheme, host, optional path, a final slash; no
# query and no fragment (the sitemap and the canonical links are this plus each page's path).
SiteUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*/$"),
]
# A path of the social-preview image inside the site (a file under site/pages/), no "..".
SitePath = Annotated[
    str, StringConstraints(pattern=r"^(?:[A-Za-z0-9_-]{1,40}/){0,4}[A-Za-z0-9_-]{1,60}\.(?:png|jpg|jpeg)$")
]


class SiteContact(Model):
    """How the public reaches the site's organiser (a public office, never a person's own details)."""

    office: Text(4, 80) = public("联系部门", "负责网站内容的部门，如“工业和信息化部信息技术发展司”")
    phone: Phone | None = public("电话", "对外公开的咨询电话，如 010-68208888", default=None)
    email: Email | None = public("电子邮箱", "对外公开的电子邮箱", default=None)
    address: Text(6, 120) | None = public("通信地址", "对外公开的通信地址和邮政编码", default=None)


class Site(Model):
    """The public site's identity: address, organiser, contact, record numbers, footer (``registry/site.yaml``)."""

    sample: Flag = public(
        "示例数据",
        "为 true 时，本文件的内容是演示用的虚构信息，网站页脚会标明“示例”；正式发布前须改为真实信息并设为 false",
        default=False,
    )
    name: Text(4, 40) = public("网站名称", "显示在页眉、浏览器标题和分享预览中，如“信息消费试点示范项目”")
    description: Text(10, 200) = public("网站简介", "一两句话说明本站发布什么；用于搜索引擎和分享预览")
    site_url: SiteUrl = public(
        "网站地址",
        "网站首页的完整地址，以 / 结尾，如 https://sfxm.example.gov.cn/ 或 https://www.example.gov.cn/sfxm/；"
        "站点地图、规范链接、分享预览和订阅中的链接都由它生成，部署工作流也从这里读取",
        examples=["https://sfxm.example.gov.cn/"],
    )
    organiser: Text(4, 80) = public("主办单位", "网站的主办单位，如“中华人民共和国工业和信息化部”")
    operator: Text(4, 80) | None = public("承办单位", "负责网站日常运行的单位（如有）", default=None)
    contact: SiteContact = public("联系方式", "公众咨询和反映问题的渠道")
    icp: Text(6, 40) | None = public(
        "ICP备案号", "网站的 ICP 备案号，如“京ICP备04000001号”；页脚显示并链接到备案查询网站", default=None
    )
    police_record: Text(6, 60) | None = public(
        "公安机关备案号", "如“京公网安备 11010200000001号”（如有）", default=None
    )
    site_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{6,20}$")] | None = public(
        "政府网站标识码", "政府网站的标识码（如有），如 bm07000001", default=None
    )
    footer: Text(2, 300) | None = public("页脚说明", "页脚中的一段说明文字（如有），如版权或转载说明", default=None)
    image: SitePath | None = public(
        "分享预览图片",
        "社交媒体分享预览使用的图片在网站中的路径（放在 site/pages/ 下），如 assets/share.png；不填则不设",
        default=None,
    )
