// Rapport's only script: keyboard shortcuts, live ticket updates and presence. Every page works without it.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // j/k move through a ticket list, Enter opens, ? shows help, / focuses search, r goes to the reply box.
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-nav-list] tbody tr[data-href]"));
  var current = -1;
  function select(index) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("selected");
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add("selected");
    rows[current].setAttribute("tabindex", "-1");
    rows[current].focus();
  }
  var help = document.getElementById("shortcut-help");
  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.querySelector("[data-close]").focus();
  }
  if (help) help.querySelector("[data-close]").addEventListener("click", function () { toggleHelp(false); });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") { toggleHelp(false); return; }
    if (typing(event.target)) return;
    if (event.key === "?") { event.preventDefault(); toggleHelp(); }
    else if (event.key === "j") { event.preventDefault(); select(current + 1); }
    else if (event.key === "k") { event.preventDefault(); select(current - 1); }
    else if (event.key === "Enter" && current >= 0 && event.target.tagName !== "A" && event.target.tagName !== "BUTTON") {
      window.location.href = rows[current].getAttribute("data-href");
    }
    else if (event.key === "/") { var s = document.getElementById("site-search"); if (s) { event.preventDefault(); s.focus(); } }
    else if (event.key === "r") { var b = document.getElementById("reply-body"); if (b) { event.preventDefault(); b.focus(); } }
  });

  // Ticket page: poll a small JSON endpoint; refresh the conversation and history when the ticket changes,
  // and say who else is viewing or replying.
  var live = document.querySelector("[data-live]");
  if (live) {
    var url = live.getAttribute("data-live");
    var version = live.getAttribute("data-version");
    var replyBox = document.getElementById("reply-body");
    var presence = document.getElementById("presence");
    var refreshing = false;
    function refresh() {
      if (refreshing) return;
      refreshing = true;
      fetch(window.location.pathname, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["conversation", "history", "sla-clock", "properties-summary"].forEach(function (id) {
          var fresh = doc.getElementById(id), old = document.getElementById(id);
          if (fresh && old) old.replaceWith(fresh);
        });
        var status = document.getElementById("live-status");
        if (status) status.textContent = "The ticket was updated just now.";
      }).finally(function () { refreshing = false; });
    }
    function poll() {
      var replying = replyBox && replyBox.value.trim().length > 0 && document.activeElement === replyBox;
      fetch(url + "?replying=" + (replying ? "1" : "0"), { credentials: "same-origin", headers: { "Accept": "application/json", "X-CSRF-Token": csrf } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          if (data.version !== version) { version = data.version; refresh(); }
          if (presence) {
            var others = data.others || [];
            presence.hidden = others.length === 0;
            presence.textContent = others.map(function (o) { return o.name + (o.replying ? " is replying" : " is viewing"); }).join("; ");
          }
        }).catch(function () {});
    }
    poll();
    setInterval(poll, 4000);
  }

  // Macro picker: show the macro's preview for this ticket before applying.
  var picker = document.getElementById("macro-id");
  var preview = document.getElementById("macro-preview");
  if (picker && preview) {
    picker.addEventListener("change", function () {
      if (!picker.value) { preview.textContent = ""; return; }
      fetch(picker.getAttribute("data-preview").replace("MACRO", picker.value), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { preview.textContent = data && data.body ? data.body : "(this macro changes fields only)"; });
    });
  }
})();
