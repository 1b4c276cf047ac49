// Behaviour of the HTML report (embedded into html_writer.cc at build time).
// Rows and capability cards are built from the JSON in #br-data with
// textContent only (never innerHTML), so no string from a scanned file can
// become markup. Must never contain a closing-tag sequence (a "<" followed
// by "/"): the file is inlined in a script element.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("br-data").textContent);
  var rules = data.rules || {};
  var SEV = {critical: 4, high: 3, medium: 2, low: 1, info: 0};
  var table = document.getElementById("findings");
  var none = document.getElementById("none");
  var q = document.getElementById("q");
  var shown = document.getElementById("shown");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#sevs input"));
  var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function code(text) { return el("code", null, text); }
  function where(l) { return l ? l.path + ":" + l.line : ""; }
  function providerName(f) { return (rules[f.rule_id] || {}).provider_name || f.provider; }
  function isWeb(u) { return /^https?:\/\/[^\s]+$/i.test(u); }
  function list(values, render) {
    var ul = el("ul", "flat");
    values.forEach(function (v) {
      var li = el("li"), c = render(v);
      if (typeof c === "string") li.textContent = c; else li.appendChild(c);
      ul.appendChild(li);
    });
    return ul;
  }
  // Factors of one axis ("damage" or "confidence"); the figure is their sum.
  function factorTable(factors, axis) {
    var t = el("table", "factors");
    factors.filter(function (x) { return (x.axis || "damage") === axis; }).forEach(function (x) {
      var tr = el("tr");
      tr.appendChild(el("td", "num " + (x.effect >= 0 ? "up" : "down"), (x.effect >= 0 ? "+" : "") + x.effect.toFixed(2)));
      tr.appendChild(el("td", null, x.name));
      tr.appendChild(el("td", null, x.evidence));
      t.appendChild(tr);
    });
    return t.firstChild ? t : null;
  }
  function damageOf(f) { return f.damage !== undefined ? f.damage : f.blast_radius; }

  // The capability card of one finding, built on first expansion.
  function card(f) {
    var r = rules[f.rule_id] || {};
    var tr = el("tr", "card"), td = el("td"), dl = el("dl");
    td.colSpan = 9;
    tr.appendChild(td);
    td.appendChild(el("h3", null, f.title + " \u2014 " + providerName(f)));
    if (r.description) td.appendChild(el("p", "muted", r.description));
    td.appendChild(dl);
    function row(label, v) {
      dl.appendChild(el("dt", null, label));
      var dd = el("dd");
      if (v === null || v === undefined || v === "") dd.textContent = "\u2014";
      else if (typeof v === "string" || typeof v === "number") dd.textContent = String(v);
      else dd.appendChild(v);
      dl.appendChild(dd);
    }
    if (f.notes && f.notes.length) row("Notes", list(f.notes, String));
    row("Worst case", f.worst_case);
    var caps = el("div");
    (f.capabilities || []).forEach(function (c) {
      caps.appendChild(el("span", c === f.worst_capability ? "chip worst" : "chip", c));
    });
    row("Capabilities", caps.firstChild ? caps : null);
    if (f.capabilities_inferred_from_category)
      row("Capabilities from", "its provider category" + (r.category ? " (" + r.category + ")" : "") + ", not the signature");
    if (f.rule && f.rule.least_capabilities && f.rule.least_capabilities.length)
      row("Least privileged", list(f.rule.least_capabilities, String));
    row("Scope", f.scope);
    row("Expires", f.expires);
    row("Irreversible actions", f.irreversible && f.irreversible.length ? list(f.irreversible, String) : "none listed");
    row("Damage", damageOf(f).toFixed(2) + (f.rule ? " (base " + f.rule.base_damage.toFixed(2) + ")" : ""));
    if (f.rule && f.rule.damage_derivation) row("Base damage derivation", code(f.rule.damage_derivation));
    if (f.rule && f.rule.damage_override_reason) row("Base damage set by hand", f.rule.damage_override_reason);
    row("Damage factors", factorTable(f.factors || [], "damage") || "none");
    row("Confidence", (f.confidence_score !== undefined ? f.confidence_score.toFixed(2) + ", " : "") + "match " + f.confidence);
    row("Confidence factors", factorTable(f.factors || [], "confidence") || "none");
    row("Locations", list(f.locations, function (l) {
      var s = el("span"), extra = [l.exposure];
      if (l.environment) extra.push(l.environment);
      if (l.key_name) extra.push("key " + l.key_name);
      if (l.agents) {
        extra.push("agents: " + (l.agents.readable.length ? l.agents.readable.join(", ") : "none"));
        if (l.agents.advisory.length) extra.push("advisory ignore only: " + l.agents.advisory.join(", "));
        if (l.agents.excluded.length) extra.push("excluded: " + l.agents.excluded.join(", "));
        if (l.agents.in_context) extra.push("in agent context by design");
      }
      s.appendChild(code(where(l) + ":" + l.column));
      s.appendChild(document.createTextNode(" \u2014 " + extra.join(", ")));
      return s;
    }));
    row("Revoke", f.remediation && f.remediation.revoke);
    row("Replace with", f.remediation && f.remediation.replace);
    row("References", r.references && r.references.length ? list(r.references, function (u) {
      if (!isWeb(u)) return u;
      var a = el("a", null, u);
      a.href = u;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      return a;
    }) : null);
    row(f.secret ? "Secret" : "Secret (redacted)", code(f.secret || f.secret_redacted));
    row("Fingerprint", code(f.fingerprint));
    var facts = Object.keys(f.facts || {});
    if (facts.length) row("Facts", list(facts, function (k) { return k + ": " + f.facts[k]; }));
    return tr;
  }

  // One entry per finding; its rows are built when its page is first shown,
  // so a page of a large report costs a page of DOM, not the whole table.
  var PAGE = 100;
  var items = data.findings.map(function (f, i) {
    var it = {f: f, i: i, tb: null, card: null, open: false};
    it.text = [f.rule_id, f.title, f.provider, providerName(f), f.severity, f.fingerprint,
               f.worst_capability || "", f.scope || ""]
        .concat(f.capabilities || [], f.notes || [], f.locations.map(where)).join("\n").toLowerCase();
    it.build = function () {
      if (it.tb) return it.tb;
      var tb = document.createElement("tbody"), tr = el("tr", "finding"), td;
      var btn = el("button", "toggle", "\u25B8");
      btn.type = "button";
      btn.setAttribute("aria-expanded", "false");
      btn.setAttribute("aria-label", "Capability card of " + f.rule_id);
      tr.setAttribute("data-rank", String(i + 1));
      td = el("td"); td.appendChild(btn); tr.appendChild(td);
      td = el("td"); td.appendChild(el("span", "sev sev-" + f.severity, f.severity)); tr.appendChild(td);
      tr.appendChild(el("td", "num", damageOf(f).toFixed(1)));
      tr.appendChild(el("td", "num", f.confidence_score !== undefined ? f.confidence_score.toFixed(2) : ""));
      td = el("td"); td.appendChild(code(f.rule_id)); td.appendChild(el("div", "muted", f.title)); tr.appendChild(td);
      tr.appendChild(el("td", null, providerName(f)));
      td = el("td"); td.appendChild(code(f.worst_capability || "")); tr.appendChild(td);
      td = el("td"); td.appendChild(code(where(f.locations[0])));
      // Agent exposure (issue 15): which AI coding agents can read it.
      if (f.exposure)
        td.appendChild(el("div", "muted", "agents: " + (f.exposure.agents.length ? f.exposure.agents.join(", ") : "none") +
                          (f.exposure.agent_context ? " (in agent context)" : "")));
      tr.appendChild(td);
      tr.appendChild(el("td", "num", f.locations.length));
      tb.appendChild(tr);
      tr.addEventListener("click", function (ev) {
        if (ev.target.closest && ev.target.closest("a")) return;
        it.toggle();
      });
      it.btn = btn;
      it.tb = tb;
      return tb;
    };
    it.toggle = function (open) {
      it.build();
      if (open === undefined) open = !it.open;
      if (open && !it.card) { it.card = card(f); it.tb.appendChild(it.card); }
      if (it.card) it.card.hidden = !open;
      it.open = open;
      it.btn.setAttribute("aria-expanded", open ? "true" : "false");
      it.btn.textContent = open ? "\u25BE" : "\u25B8";
    };
    return it;
  });

  var KEYS = {
    sev: function (it) { return SEV[it.f.severity]; },
    damage: function (it) { return damageOf(it.f); },
    conf: function (it) { return it.f.confidence_score || 0; },
    rule: function (it) { return it.f.rule_id; },
    provider: function (it) { return providerName(it.f); },
    worst: function (it) { return it.f.worst_capability || ""; },
    loc: function (it) { return where(it.f.locations[0]); },
    copies: function (it) { return it.f.locations.length; }
  };
  // Default order: the report's (damage, then confidence), i.e. rank.
  var sortKey = "damage", sortDir = -1, page = 0, visible = [], expandedAll = false;
  var pager = document.getElementById("pager"), pageLabel = document.getElementById("page");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  var total = data.total_findings !== undefined ? data.total_findings : items.length;
  function render() {
    Array.prototype.slice.call(table.querySelectorAll("tbody")).forEach(function (tb) {
      if (tb !== none) table.removeChild(tb);
    });
    var pages = Math.max(1, Math.ceil(visible.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var slice = visible.slice(page * PAGE, page * PAGE + PAGE);
    slice.forEach(function (it) {
      table.appendChild(it.build());
      if (expandedAll && !it.open) it.toggle(true);
    });
    table.appendChild(none);
    pager.hidden = visible.length <= PAGE;
    pageLabel.textContent = visible.length ? "Rows " + (page * PAGE + 1) + "\u2013" + (page * PAGE + slice.length) +
        " of " + visible.length + " (page " + (page + 1) + " of " + pages + ")" : "";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  function sortRows() {
    var key = KEYS[sortKey];
    items.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), undefined, {numeric: true});
      return c !== 0 ? c * sortDir : a.i - b.i;
    });
    heads.forEach(function (th) {
      var k = th.getAttribute("data-sort");
      th.setAttribute("aria-sort", k === sortKey ? (sortDir > 0 ? "ascending" : "descending") : "none");
    });
    filterRows();
  }
  function filterRows() {
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean), on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    visible = items.filter(function (it) {
      return on[it.f.severity] !== false && terms.every(function (t) { return it.text.indexOf(t) >= 0; });
    });
    var n = visible.length;
    page = 0;
    render();
    none.hidden = n !== 0;
    none.querySelector("td").textContent = items.length ? "No finding matches the filter." : "No credentials found.";
    var of = total > items.length ? " (the " + items.length + " most damaging of " + total + ")" : "";
    shown.textContent = (n === items.length ? items.length + (items.length === 1 ? " finding" : " findings")
                                            : "Showing " + n + " of " + items.length + " findings") + of;
    if (n === 1 && terms.length) visible[0].toggle(true);
  }
  prev.addEventListener("click", function () { page--; render(); table.scrollIntoView({block: "start"}); });
  next.addEventListener("click", function () { page++; render(); table.scrollIntoView({block: "start"}); });
  heads.forEach(function (th) {
    th.addEventListener("click", function () {
      var k = th.getAttribute("data-sort");
      if (k === sortKey) sortDir = -sortDir;
      else { sortKey = k; sortDir = (k === "sev" || k === "damage" || k === "conf" || k === "copies") ? -1 : 1; }
      sortRows();
    });
  });
  q.addEventListener("input", filterRows);
  boxes.forEach(function (b) { b.addEventListener("change", filterRows); });
  Array.prototype.forEach.call(document.querySelectorAll("#radius .node"), function (g) {
    function go() {
      q.value = g.getAttribute("data-q");
      filterRows();
      table.scrollIntoView({block: "start"});
    }
    g.addEventListener("click", go);
    g.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); }
    });
  });
  var expand = document.getElementById("expand");
  function expandAll(open) {
    expandedAll = open;
    visible.slice(page * PAGE, page * PAGE + PAGE).forEach(function (it) { it.toggle(open); });
    if (!open) items.forEach(function (it) { if (it.open) it.toggle(false); });
    expand.textContent = open ? "Collapse all" : "Expand all";
    expand.setAttribute("aria-pressed", open ? "true" : "false");
  }
  expand.addEventListener("click", function () { expandAll(expand.getAttribute("aria-pressed") !== "true"); });
  sortRows();
  if (location.hash === "#expand-all") expandAll(true);  // e.g. before printing
  document.body.setAttribute("data-rendered", String(items.length));  // the script ran to its end
})();
