-- sfxm: make a case study safe to publish. Raw HTML is dropped; a link keeps its text but loses
-- its target unless it is http(s), mailto or relative; an image must be relative (no request
-- leaves the site).
local function safe_target(target)
  local scheme = target:match("^([%a][%w+.-]*):")
  if scheme == nil then
    return not target:match("^//")
  end
  scheme = scheme:lower()
  return scheme == "http" or scheme == "https" or scheme == "mailto"
end

function RawBlock(el) return {} end
function RawInline(el) return {} end

function Link(el)
  if safe_target(el.target) then return el end
  return el.content
end

function Image(el)
  if el.src:match("^[%a][%w+.-]*:") or el.src:match("^//") then
    return pandoc.Str("[图片未显示：只显示随案例提交的图片]")
  end
  return el
end
