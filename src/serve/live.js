// plandoc serve: live reload and the error overlay. Injected only by `plandoc serve`.
(function () {
  "use strict";
  var STATUS = "/__plandoc/status";
  var EVENTS = "/__plandoc/events";
  var ID = "plandoc-overlay";
  var zh = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  var T = zh
    ? {
        title: "计划有错误：正在显示上次成功构建的版本",
        intro: "修正以下问题后页面会自动刷新。",
        close: "关闭",
        help: "建议",
        warnings: function (n) { return "另有 " + n + " 条警告，见终端。"; }
      }
    : {
        title: "The plan has errors: showing the last good build",
        intro: "The page reloads by itself once these are fixed.",
        close: "Close",
        help: "help",
        warnings: function (n) { return "Also " + n + (n === 1 ? " warning" : " warnings") + ": see the terminal."; }
      };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function where(d) {
    if (!d.file) { return ""; }
    return d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
  }

  var lastFocus = null;

  function close() {
    var o = document.getElementById(ID);
    if (o) { o.parentNode.removeChild(o); }
    if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
  }

  function show(status) {
    var old = document.getElementById(ID);
    if (old) { old.parentNode.removeChild(old); }
    if (!status || status.ok) { return; }
    var errors = (status.diagnostics || []).filter(function (d) { return d.severity === "error"; });
    var box = el("div", {
      id: ID,
      role: "alert",
      "aria-labelledby": ID + "-title",
      lang: zh ? "zh-Hans" : "en",
      style: "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);" +
        "overflow:auto;padding:2rem 1rem;font:16px/1.5 system-ui,sans-serif;"
    });
    var panel = el("div", {
      style: "max-width:60rem;margin:0 auto;background:#fff;color:#1a1a1a;border-radius:6px;" +
        "border-top:6px solid #b00020;padding:1.25rem 1.5rem;box-shadow:0 4px 24px rgba(0,0,0,.4);"
    });
    var bar = el("div", { style: "display:flex;gap:1rem;align-items:flex-start;justify-content:space-between;" });
    bar.appendChild(el("h2", { id: ID + "-title", style: "margin:0;font-size:1.25rem;color:#8a0019;" }, T.title));
    var button = el("button", {
      type: "button",
      "aria-label": T.close,
      style: "font:inherit;font-size:1.25rem;line-height:1;padding:.25rem .6rem;cursor:pointer;" +
        "background:#fff;color:#1a1a1a;border:2px solid #1a1a1a;border-radius:4px;"
    }, "×");
    button.addEventListener("click", close);
    bar.appendChild(button);
    panel.appendChild(bar);
    panel.appendChild(el("p", { style: "margin:.5rem 0 1rem;" }, T.intro));
    var list = el("ul", { style: "list-style:none;margin:0;padding:0;" });
    errors.forEach(function (d) {
      var li = el("li", { style: "border-top:1px solid #ccc;padding:.75rem 0;" });
      var loc = where(d);
      if (loc) {
        li.appendChild(el("code", { style: "display:block;font-family:ui-monospace,monospace;color:#333;" }, loc));
      }
      var msg = el("p", { style: "margin:.25rem 0;" });
      msg.appendChild(el("strong", { style: "color:#8a0019;" }, "error[" + d.code + "]"));
      msg.appendChild(document.createTextNode(": " + d.message));
      li.appendChild(msg);
      if (d.help) {
        li.appendChild(el("p", { style: "margin:.25rem 0;color:#333;" }, T.help + ": " + d.help));
      }
      list.appendChild(li);
    });
    panel.appendChild(list);
    if (status.warnings) {
      panel.appendChild(el("p", { style: "margin:.75rem 0 0;color:#333;" }, T.warnings(status.warnings)));
    }
    box.appendChild(panel);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { close(); }
    });
    document.body.appendChild(box);
    lastFocus = document.activeElement;
    button.focus();
  }

  function check() {
    if (!window.fetch) { return; }
    fetch(STATUS, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () {});
  }

  check();
  if (window.EventSource) {
    var source = new EventSource(EVENTS);
    source.addEventListener("reload", function () { window.location.reload(); });
  }
})();
