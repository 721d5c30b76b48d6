/* sfxm: small enhancements of the public site. Served from the site itself; no network.
 * - publicity periods: show 公示中 / 已结束 / 尚未开始 for the reader's day (Beijing time);
 * - lists: filter by the columns named in data-filters, sort by clicking a column header.
 * Without script the pages are complete: the period dates are in the text, the tables whole. */
(function () {
  "use strict";

  function beijingToday() {
    var now = new Date(Date.now() + 8 * 3600 * 1000);
    return now.toISOString().slice(0, 10);
  }

  function periods() {
    var today = beijingToday();
    document.querySelectorAll(".sfxm-period").forEach(function (el) {
      var start = el.getAttribute("data-start"), end = el.getAttribute("data-end");
      var label = el.querySelector(".sfxm-period-state");
      if (!label || !start) return;
      var state = today < start ? "尚未开始" : (end && today > end ? "已结束" : "公示中");
      label.textContent = "（" + state + "）";
      el.setAttribute("data-state", state);
    });
  }

  function cellText(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }

  function lists() {
    document.querySelectorAll(".sfxm-list").forEach(function (box) {
      var table = box.querySelector("table");
      if (!table || !table.tBodies.length) return;
      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var names = (box.getAttribute("data-filters") || "").split(",").filter(Boolean);
      var selects = [];
      if (names.length) {
        var bar = document.createElement("div");
        bar.className = "sfxm-filters";
        names.forEach(function (name) {
          var index = headers.findIndex(function (h) { return h.textContent.trim() === name; });
          if (index < 0) return;
          var values = Array.from(new Set(rows.map(function (r) { return cellText(r, index); }))).sort();
          var label = document.createElement("label");
          var select = document.createElement("select");
          select.setAttribute("aria-label", "按" + name + "筛选");
          select.appendChild(new Option("全部" + name, ""));
          values.forEach(function (v) { select.appendChild(new Option(v, v)); });
          select.addEventListener("change", apply);
          label.appendChild(select);
          bar.appendChild(label);
          selects.push({ index: index, select: select });
        });
        box.insertBefore(bar, box.firstChild);
      }
      function apply() {
        rows.forEach(function (r) {
          var shown = selects.every(function (s) { return !s.select.value || cellText(r, s.index) === s.select.value; });
          r.style.display = shown ? "" : "none";
        });
      }
      headers.forEach(function (header, index) {
        header.setAttribute("tabindex", "0");
        header.setAttribute("title", "点击排序");
        function sort() {
          var ascending = header.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
          header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          rows.sort(function (a, b) {
            var x = cellText(a, index), y = cellText(b, index);
            var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
            var c = !isNaN(nx) && !isNaN(ny) && /^[\d,.]+$/.test(x + y) ? nx - ny : x.localeCompare(y, "zh-CN");
            return ascending ? c : -c;
          });
          rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
        }
        header.addEventListener("click", sort);
        header.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
      });
    });
  }

  function start() { periods(); lists(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* The search page: Pagefind's interface, and the query of the header's form (?q=…). */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("sfxm-search");
    if (!box || typeof PagefindUI === "undefined") return;
    var bundle = new URL("../pagefind/", window.location.href).href;
    // Load Pagefind and its index entry as the page opens, not at the first keystroke.
    import(bundle + "pagefind.js").then(function (pagefind) { return pagefind.init(); }).catch(function () {});
    var ui = new PagefindUI({ element: "#sfxm-search", bundlePath: bundle, showSubResults: false, showImages: false,
                              resetStyles: false, debounceTimeoutMs: 150 });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
