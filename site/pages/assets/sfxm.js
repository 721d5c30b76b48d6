/* sfxm: small enhancements of the public site. Served from the site itself; no network.
 * - publicity periods and a call's stage: worked out for the reader's day (Beijing time), so that
 *   the pages stay the same for the same data;
 * - lists: filter by the columns named in data-filters, sort with the buttons in the headers;
 *   filters and sort are kept in the address, so that a reload or a shared link shows the same;
 * - the search page: Pagefind's index, exact matches first, every word of the query required.
 * Without script the pages are complete: dates are in the text, the tables whole. */
(function () {
  "use strict";

  var DAY = 24 * 3600 * 1000;

  function beijingToday() {
    return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  function periodState(start, end, today) {
    return today < start ? "尚未开始" : (end && today > end ? "已结束" : "公示中");
  }

  function periods() {
    var today = beijingToday();
    document.querySelectorAll(".sfxm-period").forEach(function (el) {
      var start = el.getAttribute("data-start"), end = el.getAttribute("data-end");
      var label = el.querySelector(".sfxm-period-state");
      if (!label || !start) return;
      var state = periodState(start, end, today);
      label.textContent = "（" + state + "）";
      el.setAttribute("data-state", state);
    });
  }

  function chineseDate(iso) {
    var d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日";
  }

  // A call's stage for today: declarations not yet open / open / closed; publicity under way / over.
  function stages() {
    var now = Date.now(), today = beijingToday();
    document.querySelectorAll(".sfxm-stage").forEach(function (el) {
      var opens = el.getAttribute("data-opens"), closes = el.getAttribute("data-closes");
      var start = el.getAttribute("data-publicity-start"), end = el.getAttribute("data-publicity-end");
      var text = null;
      if (opens && closes) {
        if (now < Date.parse(opens)) text = "尚未开始申报（" + chineseDate(opens) + "起）";
        else if (now <= Date.parse(closes)) text = "申报中（" + chineseDate(closes) + "截止）";
        else text = "申报已截止（" + chineseDate(closes) + "），待评审";
      } else if (start) {
        var state = periodState(start, end, today);
        text = state === "尚未开始" ? "拟支持项目名单即将公示（" + chineseDate(start + "T00:00:00+08:00") + "起）"
          : state === "公示中" ? "拟支持项目名单公示中"
          : "公示期已结束，待公布示范项目名单";
      }
      if (text) {
        el.textContent = text;
        el.setAttribute("data-today", today);
      }
    });
  }

  // -- lists ---------------------------------------------------------------------------------

  var collator = new Intl.Collator("zh-CN", { numeric: true });

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function cellKey(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }

  function compareKeys(a, b) {
    return collator.compare(a, b);
  }

  function readState() {
    return new URLSearchParams(window.location.search);
  }

  function writeState(update) {
    var params = readState();
    Object.keys(update).forEach(function (key) {
      if (update[key]) params.set(key, update[key]); else params.delete(key);
    });
    var query = params.toString();
    history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function lists() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".sfxm-list"));
    var params = readState();
    boxes.forEach(function (box, boxIndex) {
      var table = box.querySelector("table");
      if (!table || !table.tBodies.length || !table.tHead) return;
      var suffix = boxIndex ? "~" + (boxIndex + 1) : "";
      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var names = (box.getAttribute("data-filters") || "").split(",").filter(Boolean);
      var selects = [];
      var status = document.createElement("p");
      status.className = "sfxm-list-status";
      status.setAttribute("role", "status");
      var note = document.createElement("p");
      note.className = "sfxm-print-only sfxm-filter-note";
      if (names.length) {
        var bar = document.createElement("div");
        bar.className = "sfxm-filters";
        names.forEach(function (name) {
          var index = headers.findIndex(function (h) { return h.textContent.trim() === name; });
          if (index < 0) return;
          var keys = {};
          rows.forEach(function (r) {
            var value = cellText(r, index);
            if (value && !(value in keys)) keys[value] = cellKey(r, index);
          });
          var values = Object.keys(keys).sort(function (a, b) { return compareKeys(keys[a], keys[b]); });
          var label = document.createElement("label");
          var select = document.createElement("select");
          select.id = "sfxm-filter-" + (boxIndex + 1) + "-" + index;
          label.htmlFor = select.id;
          label.textContent = name;
          select.appendChild(new Option("全部", ""));
          values.forEach(function (v) { select.appendChild(new Option(v, v)); });
          var wanted = params.get(name + suffix);
          if (wanted && values.indexOf(wanted) >= 0) select.value = wanted;
          select.addEventListener("change", function () {
            var update = {};
            update[name + suffix] = select.value;
            writeState(update);
            apply();
          });
          var field = document.createElement("span");
          field.className = "sfxm-field";
          field.appendChild(label);
          field.appendChild(select);
          bar.appendChild(field);
          selects.push({ name: name, index: index, select: select });
        });
        box.insertBefore(bar, box.firstChild);
        bar.appendChild(status);
        table.parentNode.insertBefore(note, table);
      }
      function apply() {
        var shown = 0;
        rows.forEach(function (r) {
          var visible = selects.every(function (s) { return !s.select.value || cellText(r, s.index) === s.select.value; });
          r.hidden = !visible;
          if (visible) shown++;
        });
        var active = selects.filter(function (s) { return s.select.value; });
        if (selects.length) {
          status.textContent = active.length ? "显示 " + shown + " 项，共 " + rows.length + " 项" : "共 " + rows.length + " 项";
          note.textContent = active.length
            ? "（筛选：" + active.map(function (s) { return s.name + "为" + s.select.value; }).join("，") + "；共 " + shown + " 项）"
            : "";
        }
      }
      var buttons = [];
      function sortBy(index, ascending, remember) {
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        headers[index].setAttribute("aria-sort", ascending ? "ascending" : "descending");
        buttons.forEach(function (b, i) {
          b.setAttribute("aria-label", headers[i].textContent.trim() + (i === index ? (ascending ? "，已升序，按此改为降序" : "，已降序，按此改为升序") : "，按此排序"));
        });
        var keyed = rows.map(function (r, i) { return { row: r, key: cellKey(r, index), i: i }; });
        keyed.sort(function (a, b) { var c = compareKeys(a.key, b.key) || a.i - b.i; return ascending ? c : -c; });
        keyed.forEach(function (k) { table.tBodies[0].appendChild(k.row); });
        if (remember) {
          var update = {};
          update["排序" + suffix] = headers[index].textContent.trim();
          update["顺序" + suffix] = ascending ? "" : "降序";
          writeState(update);
        }
      }
      headers.forEach(function (header, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sfxm-sort";
        button.textContent = header.textContent.trim();
        button.setAttribute("aria-label", button.textContent + "，按此排序");
        header.textContent = "";
        header.appendChild(button);
        buttons.push(button);
        button.addEventListener("click", function () {
          sortBy(index, header.getAttribute("aria-sort") !== "ascending", true);
        });
      });
      var sortName = params.get("排序" + suffix);
      var sortIndex = headers.findIndex(function (h) { return h.textContent.trim() === sortName; });
      if (sortIndex >= 0) sortBy(sortIndex, params.get("顺序" + suffix) !== "降序", false);
      apply();
    });
  }

  // A table or code block wider than the screen scrolls sideways: it must take the keyboard's focus
  // (WCAG 2.1.1), and say what it is.
  function scrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code").forEach(function (el) {
      var wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.tagName === "CODE" ? "代码（可横向滚动）" : "表格（可横向滚动）");
      } else if (!wide && el.getAttribute("role") === "region") {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
      }
    });
  }

  function start() {
    periods(); stages(); lists();
    // The theme wraps tables after its own script has run: measure once everything is laid out.
    if (document.readyState === "complete") scrollers(); else window.addEventListener("load", scrollers);
    var timer = null;
    window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(scrollers, 200); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* The search page: Pagefind's index (chunked: a search fetches only the fragments it needs).
 * 1. Exact matches first: the whole query, normalised and hashed as the site writes its key words
 *    (generator/site/search.py), is looked up as one word: an id, a credit code, a full name.
 * 2. Then Pagefind's ranking, keeping only pages whose text contains every word of the query.
 * Each result says its kind and, for a project, its status. */
(function () {
  "use strict";

  var CONSONANTS = "bcdfghjklmnpqrtvwxz";
  var PAGE = 10;
  var CHECK = 100;  // candidates read per round, at most, before the reader is asked to go on
  var FILTERS = [["kind", "类别"], ["call", "批次"], ["status", "状态"], ["unit", "推荐单位"], ["direction", "方向"]];

  function normalise(value) {
    return value.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  // cyrb53 (public domain, by bryc); generator/site/search.py has the same in Python.
  function cyrb53(str, seed) {
    seed = seed || 0;
    var h1 = 0xdeadbeef ^ seed, h2 = 0x41c6ce57 ^ seed;
    for (var i = 0, ch; i < str.length; i++) {
      ch = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }

  function keyToken(normalised) {
    var n = cyrb53(normalised), out = "";
    while (n > 0) { out += CONSONANTS[n % CONSONANTS.length]; n = Math.floor(n / CONSONANTS.length); }
    return "kx" + out;
  }

  // The words of a query: what the reader separated with spaces, and within that what the browser's
  // word segmenter finds (Chinese has no spaces). A result must contain every one of them.
  var segmenter = null;
  function queryWords(query) {
    var words = [];
    if (!segmenter && typeof Intl.Segmenter === "function") segmenter = new Intl.Segmenter("zh-CN", { granularity: "word" });
    query.split(/\s+/).forEach(function (part) {
      if (!part) return;
      var pieces = segmenter ? Array.from(segmenter.segment(part)).filter(function (s) { return s.isWordLike; })
        .map(function (s) { return s.segment; }) : [part];
      pieces.forEach(function (piece) {
        var n = normalise(piece);
        if (n && words.indexOf(n) < 0) words.push(n);
      });
    });
    return words;
  }

  // The query's Chinese words as single characters, other words whole: "文博 VR" → "文 博 vr".
  function charsOf(words) {
    var out = [];
    words.forEach(function (w) {
      if (/^[\p{Script=Han}]+$/u.test(w) && w.length <= 8) Array.from(w).forEach(function (c) { out.push(c); });
      else out.push(w);
    });
    return out.join(" ");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  window.sfxmSearchKeys = { normalise: normalise, keyToken: keyToken, queryWords: queryWords };

  function start() {
    var form = document.getElementById("sfxm-search");
    if (!form) return;
    var input = document.getElementById("sfxm-q");
    var status = document.getElementById("sfxm-results-status");
    var list = document.getElementById("sfxm-results-list");
    var more = document.getElementById("sfxm-more");
    var filterBox = document.getElementById("sfxm-search-filters");
    var bundle = new URL("../pagefind/", window.location.href).href;
    var pagefind = import(bundle + "pagefind.js").then(function (pf) {
      return pf.options({ bundlePath: bundle, excerptLength: 40 }).then(function () { pf.init(); return pf; });
    });
    // The browser's word segmenter loads its dictionary on first use: not during the first search.
    setTimeout(function () { queryWords("预热"); }, 0);
    var params = new URLSearchParams(window.location.search);
    var selects = {};
    var current = 0;  // the number of the search under way; older ones stop when a newer starts
    var state = null;

    FILTERS.forEach(function (f) {
      var field = el("span", "sfxm-field");
      var label = el("label", null, f[1]);
      var select = el("select");
      select.name = f[0];
      select.id = "sfxm-search-" + f[0];
      label.htmlFor = select.id;
      select.appendChild(new Option("全部", ""));
      var wanted = params.get(f[1]);
      if (wanted) { select.appendChild(new Option(wanted, wanted)); select.value = wanted; }
      select.addEventListener("change", function () { run(input.value, false); });
      field.appendChild(label);
      field.appendChild(select);
      filterBox.appendChild(field);
      selects[f[0]] = select;
    });
    // The filters' values (kind, call, status, unit, direction): loaded after the first results, or
    // when the reader reaches for a filter, so that they never delay a search.
    var filtersLoaded = null;
    function loadFilters() {
      if (!filtersLoaded) {
        filtersLoaded = pagefind.then(function (pf) { return pf.filters(); }).then(fillFilters).catch(function () {});
      }
      return filtersLoaded;
    }
    filterBox.addEventListener("focusin", loadFilters);
    filterBox.addEventListener("pointerdown", loadFilters);

    function chosenFilters() {
      var out = {};
      FILTERS.forEach(function (f) { if (selects[f[0]].value) out[f[0]] = selects[f[0]].value; });
      return out;
    }

    function fillFilters(counts) {
      FILTERS.forEach(function (f) {
        var select = selects[f[0]], chosen = select.value;
        var values = Object.keys((counts && counts[f[0]]) || {}).sort(function (a, b) {
          return new Intl.Collator("zh-CN", { numeric: true }).compare(a, b);
        });
        if (!values.length) return;
        while (select.options.length > 1) select.remove(1);
        values.forEach(function (v) { select.appendChild(new Option(v, v)); });
        select.value = values.indexOf(chosen) >= 0 ? chosen : "";
      });
    }

    function remember(query) {
      var p = new URLSearchParams();
      if (query) p.set("q", query);
      FILTERS.forEach(function (f) { if (selects[f[0]].value) p.set(f[1], selects[f[0]].value); });
      var text = p.toString();
      history.replaceState(history.state, "", window.location.pathname + (text ? "?" + text : ""));
    }

    function render(result, exact) {
      var meta = result.meta || {};
      var item = el("li", "sfxm-result");
      var head = el("p", "sfxm-result-kind");
      head.appendChild(el("span", "sfxm-kind", meta.kind || "页面"));
      if (meta.status) {
        head.appendChild(document.createTextNode(" "));
        head.appendChild(el("span", "sfxm-state sfxm-state--" + (meta.state || "other"), meta.status));
      }
      if (exact) head.appendChild(el("span", "sfxm-exact", "完全匹配"));
      item.appendChild(head);
      var title = el("h3", "sfxm-result-title");
      var link = el("a", null, meta.title || result.url);
      link.href = result.url;
      title.appendChild(link);
      item.appendChild(title);
      if (meta.info) item.appendChild(el("p", "sfxm-result-info", meta.info));
      if (!exact && result.excerpt) {
        var excerpt = el("p", "sfxm-result-excerpt");
        // Pagefind escapes the text and adds only <mark>; the hidden key words are left out.
        excerpt.innerHTML = result.excerpt.replace(/\bkx[bcdfghjklmnpqrtvwxz]{6,}\b\.?/g, "").trim();
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    }

    function contains(result, words) {
      var text = normalise((result.meta && result.meta.title || "") + " " + (result.meta && result.meta.info || "") + " " + (result.content || ""));
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }

    function say(text) { status.textContent = text; }

    // Show the next page of results: read candidates in order, keep those with every word; stop at
    // a page of results, or after CHECK candidates (a query of rare words may have many partial ones).
    function showMore(mine) {
      var s = state;
      var wanted = s.next ? PAGE : PAGE - s.shown;
      var limit = s.next + CHECK;
      function step() {
        if (mine !== current) return Promise.resolve();
        if (wanted <= 0 || s.next >= s.candidates.length || s.next >= limit) return Promise.resolve();
        // The first results as soon as possible: a few candidates first, then a page at a time.
        var size = s.next ? PAGE : 4;
        var batch = s.candidates.slice(s.next, s.next + size);
        s.next += batch.length;
        return Promise.all(batch.map(function (c) { return c.result.data().then(function (d) { return { c: c, d: d }; }); }))
          .then(function (loaded) {
            if (mine !== current) return;
            var before = s.shown;
            loaded.forEach(function (x) {
              if (contains(x.d, s.words)) {
                render(x.d, x.c.exact);
                s.shown++;
                wanted--;
              }
            });
            // Let the browser paint what was found before reading further candidates.
            return s.shown > before ? new Promise(function (done) { setTimeout(done, 0); }).then(step) : step();
          });
      }
      return step().then(function () {
        if (mine !== current) return;
        var rest = s.candidates.length - s.next;
        more.hidden = !rest;
        more.textContent = s.shown ? "显示更多结果" : "继续在其余 " + rest + " 个页面中查找";
        if (!s.shown) say("没有找到与“" + s.query + "”相符的内容。请检查用字，或减少、更换关键词。");
        else say((rest ? "已显示前 " + s.shown + " 个结果" : "找到 " + s.shown + " 个结果") + "：“" + s.query + "”");
      });
    }

    function run(query, focus) {
      query = (query || "").trim();
      var mine = ++current;
      remember(query);
      list.textContent = "";
      more.hidden = true;
      if (!query) { say(""); return Promise.resolve(); }
      say("正在搜索……");
      var words = queryWords(query);
      var filters = chosenFilters();
      var han = /\p{Script=Han}/u.test(query);
      return pagefind.then(function (pf) {
        var none = Promise.resolve({ results: [] });
        var spaced = words.join(" ");
        var chars = charsOf(words);
        // 1. Exact matches, shown as soon as they are found.
        var exact = pf.search(keyToken(normalise(query)), { filters: filters }).then(function (found) {
          return Promise.all(found.results.map(function (r) { return r.data().then(function (d) { return { r: r, d: d }; }); }));
        }).then(function (hits) {
          if (mine !== current) return [];
          hits.forEach(function (x) { render(x.d, true); });
          if (hits.length) say("找到完全匹配的结果，正在查找其他结果……");
          return hits.map(function (x) { return x.r.id; });
        });
        // 2. Candidates, likeliest first: the Chinese of the query as a phrase of characters (the
        //    index may have split a word the reader typed whole: 文博 as 文 + 博), the browser's
        //    words, and Pagefind's own reading of the query (it matches Chinese against the index's
        //    own words: 中轴线 whole). Only pages with every word of the query are kept.
        var searches = Promise.all([
          han && chars ? pf.search('"' + chars + '"', { filters: filters }) : none,
          spaced ? pf.search(spaced, { filters: filters }) : none,
          han && spaced !== query ? pf.search(query, { filters: filters }) : none,
        ]);
        return Promise.all([exact, searches]).then(function (found) {
          if (mine !== current) return;
          var seen = {};
          found[0].forEach(function (id) { seen[id] = true; });
          var candidates = [];
          found[1].forEach(function (search) {
            search.results.slice().sort(function (a, b) { return b.score - a.score; }).forEach(function (r) {
              if (seen[r.id]) return;
              seen[r.id] = true;
              candidates.push({ result: r, exact: false });
            });
          });
          state = { query: query, words: words, candidates: candidates, next: 0, shown: found[0].length };
          return showMore(mine).then(function () {
            if (focus && mine === current) status.focus();
            setTimeout(loadFilters, 0);
          });
        });
      }).catch(function () {
        if (mine === current) say("搜索暂时无法使用，请稍后再试。");
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      // While the reader types, fetch the index chunks the searches will need (Pagefind's preload).
      var value = input.value.trim();
      if (value) {
        pagefind.then(function (pf) {
          pf.preload(keyToken(normalise(value)));
          pf.preload(value);
        }).catch(function () {});
      }
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, false); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(input.value, true);
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore(current).then(function () {
        var next = list.children[first];
        if (next) next.querySelector("a").focus();
      });
    });
    window.sfxmSearch = function (query) { input.value = query; return run(query, false); };
    var query = params.get("q");
    if (query) {
      input.value = query;
      run(query, true);  // from the header's box: the reader pressed Enter, the results get the focus
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
