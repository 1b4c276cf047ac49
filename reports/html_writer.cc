// HTML report: one self-contained page (inline CSS, JS and SVG; a Content
// Security Policy that forbids any network access). Header with scan stats,
// a picture of the blast radius (credentials -> providers -> capabilities,
// drawn here as SVG), and a sortable, filterable table whose rows and
// capability cards the page's script builds from the findings embedded as
// JSON. Every string from a scan is HTML-escaped here, or set with
// textContent by the script. The secret appears only with --show-secrets.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "reports/format_util.h"
#include "reports/writers.h"
#include "scanner/core/embedded_file.h"

namespace blastradius {

extern const EmbeddedFile kReportAssets[];
extern const size_t kReportAssets_count;

namespace {

using ojson = nlohmann::ordered_json;

constexpr size_t kSvgMaxTypes = 12;
constexpr size_t kSvgMaxCapabilities = 14;

std::string_view Asset(std::string_view name) {
  for (size_t i = 0; i < kReportAssets_count; ++i) {
    if (name == kReportAssets[i].name) return kReportAssets[i].data;
  }
  return {};
}

// JSON for a <script type="application/json"> element: "</" becomes "<\/"
// and "<!--" becomes "\u003c!--", so the data can neither close the element
// nor switch the HTML parser into its escaped script states.
std::string ScriptJson(const ojson& j) {
  std::string s = j.dump(-1, ' ', false, ojson::error_handler_t::replace);
  std::string out;
  out.reserve(s.size() + 64);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else if (s.compare(i, 4, "<!--") == 0) {
      out += "\\u003c!--";
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Num(double v) { return fmt::format("{:.1f}", v); }

// --- The blast-radius picture ----------------------------------------------

struct Node {
  std::string key;      // rule id / capability (for ordering and lookup)
  std::string label;    // shown
  std::string title;    // tooltip
  std::string query;    // filter text set when clicked
  double weight = 0;    // worst damage, 0.5-10
  double mass = 0;      // damage at stake: the sum over its credentials
  bool folded = false;  // the "and N more" node
  Severity sev = Severity::kInfo;
  size_t count = 0;
  double y = 0, h = 0;
};

struct Link {
  size_t from, to;
  double weight;
  Severity sev;
};

void Shift(std::vector<Node>* nodes, double dy) {
  for (auto& n : *nodes) n.y += dy;
}

std::string NodeOpen(const Node& n) {
  return fmt::format("<g class=\"node\" tabindex=\"0\" role=\"button\" data-q=\"{}\"><title>{}</title>",
                     HtmlEscape(n.query), HtmlEscape(n.title));
}

// The picture is built from aggregates, so it stays readable at any number of
// findings: one node per credential type (rule), the kSvgMaxTypes most
// damaging, then one "and N more" node; each type links to what it can do
// (its card's capabilities), the kSvgMaxCapabilities capabilities with the
// most damage at stake shown and the rest folded into one node. A node's
// weight is the damage at stake (the sum of its credentials' damage); its
// colour the worst severity.
std::string BlastRadiusSvg(const std::vector<Finding>& findings, std::string* caption) {
  std::vector<Node> types, caps;
  std::map<std::string, size_t> type_index, cap_index;
  std::map<std::pair<size_t, size_t>, Link> type_cap;
  for (const Finding& f : findings) {
    const RuleCard& r = *f.rule;
    const double w = std::clamp(f.blast_radius, 0.5, 10.0);
    auto [tit, tnew] = type_index.emplace(r.id, types.size());
    if (tnew) {
      Node t;
      t.key = r.id;
      t.label = r.name.empty() ? r.id : r.name;
      t.query = r.id;
      types.push_back(std::move(t));
    }
    Node& t = types[tit->second];
    t.sev = std::max(t.sev, f.severity);
    t.mass += w;
    t.weight = std::max(t.weight, w);
    ++t.count;
    std::vector<std::string> card_caps = r.capabilities;
    if (card_caps.empty()) card_caps.push_back(WorstCapability(r));
    for (const auto& cap : card_caps) {
      auto [cit, cnew] = cap_index.emplace(cap, caps.size());
      if (cnew) {
        Node n;
        n.key = cap;
        n.query = cap;
        caps.push_back(std::move(n));
      }
      Node& c = caps[cit->second];
      c.sev = std::max(c.sev, f.severity);
      c.mass += w;
      c.weight = std::max(c.weight, w);
      ++c.count;
      Link& l =
          type_cap.try_emplace({tit->second, cit->second}, Link{tit->second, cit->second, 0, f.severity})
              .first->second;
      l.weight += w;
      l.sev = std::max(l.sev, f.severity);
    }
  }
  // Most damaging first: worst damage, then damage at stake, then name.
  auto order = [](std::vector<Node>* nodes) {
    std::vector<size_t> idx(nodes->size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      const Node& x = (*nodes)[a];
      const Node& y = (*nodes)[b];
      if (x.weight != y.weight) return x.weight > y.weight;
      if (x.mass != y.mass) return x.mass > y.mass;
      return x.key < y.key;
    });
    return idx;
  };
  // Keeps the first `max` nodes of `idx` and folds the rest into one; returns
  // old index -> new index (the folded node for the rest).
  auto fold = [](std::vector<Node>* nodes, const std::vector<size_t>& idx, size_t max, const char* what) {
    std::vector<size_t> remap(nodes->size());
    std::vector<Node> kept;
    Node rest;
    size_t folded = 0;
    for (size_t k = 0; k < idx.size(); ++k) {
      Node& n = (*nodes)[idx[k]];
      if (k < max) {
        remap[idx[k]] = kept.size();
        kept.push_back(std::move(n));
        continue;
      }
      remap[idx[k]] = max;
      ++folded;
      rest.count += n.count;
      rest.mass += n.mass;
      rest.weight = std::max(rest.weight, n.weight);
      rest.sev = std::max(rest.sev, n.sev);
    }
    if (folded) {
      rest.key = "";
      rest.label = fmt::format("and {} more {}", folded, what);
      rest.title = fmt::format("{} more {} ({} credential{}): use the table", folded, what, rest.count,
                               rest.count == 1 ? "" : "s");
      rest.folded = true;
      kept.push_back(std::move(rest));
    }
    *nodes = std::move(kept);
    return remap;
  };
  const size_t type_total = types.size(), cap_total = caps.size();
  const std::vector<size_t> type_remap = fold(&types, order(&types), kSvgMaxTypes, "credential types");
  const std::vector<size_t> cap_remap = fold(&caps, order(&caps), kSvgMaxCapabilities, "capabilities");
  std::map<std::pair<size_t, size_t>, Link> links;  // after folding
  for (const auto& [k, l] : type_cap) {
    const size_t from = type_remap[l.from], to = cap_remap[l.to];
    Link& m = links.try_emplace({from, to}, Link{from, to, 0, l.sev}).first->second;
    m.weight += l.weight;
    m.sev = std::max(m.sev, l.sev);
  }
  double max_mass = 0;
  for (const auto& n : types) max_mass = std::max(max_mass, n.mass);
  for (const auto& n : caps) max_mass = std::max(max_mass, n.mass);
  for (auto& t : types) {
    if (!t.folded)
      t.title = fmt::format("{} ({}): {} credential{}, worst damage {}, damage at stake {}", t.label, t.key,
                            t.count, t.count == 1 ? "" : "s", Num(t.weight), Num(t.mass));
    t.label = TruncateUtf8(t.folded ? t.label : fmt::format("{} \u00D7{}", t.label, t.count), 44);
  }
  for (auto& c : caps) {
    if (!c.folded)
      c.title = fmt::format("{}: {} credential{}, worst damage {}, damage at stake {}", c.key, c.count,
                            c.count == 1 ? "" : "s", Num(c.weight), Num(c.mass));
    c.label = TruncateUtf8(c.folded ? c.label : fmt::format("{} ({})", c.key, c.count), 40);
  }
  *caption = fmt::format(
      "{} credential type{} and {} capabilit{}{}. Bar height follows the damage at stake (the sum of the "
      "credentials' damage), colour the worst severity; links are as wide as the damage they carry. Click a "
      "node to filter the table.",
      type_total, type_total == 1 ? "" : "s", cap_total, cap_total == 1 ? "y" : "ies",
      type_total > kSvgMaxTypes || cap_total > kSvgMaxCapabilities
          ? " (the most damaging shown, the rest folded)"
          : "");

  constexpr double kTop = 30, kGap = 6, kWidth = 1120;
  constexpr double kTypeX = 380, kBarW = 12, kCapX = 760;
  auto height = [&](const Node& n) { return 8.0 + 46.0 * std::sqrt(max_mass > 0 ? n.mass / max_mass : 0); };
  auto stack = [&](std::vector<Node>* nodes) {
    double y = 0;
    for (auto& n : *nodes) {
      n.h = height(n);
      n.y = y;
      y += n.h + kGap;
    }
    return nodes->empty() ? 0 : y - kGap;
  };
  const double ht = stack(&types), hk = stack(&caps);
  const double inner = std::max(ht, hk);
  Shift(&types, kTop + (inner - ht) / 2);
  Shift(&caps, kTop + (inner - hk) / 2);
  const double total_h = kTop + inner + 12;
  // Links leave and enter each bar spread over its height, in order.
  std::map<size_t, double> out_used, in_used;
  std::map<size_t, double> out_sum, in_sum;
  for (const auto& [k, l] : links) {
    out_sum[l.from] += l.weight;
    in_sum[l.to] += l.weight;
  }

  std::string o = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"Blast radius: credential types and what they can do\">\n",
      Num(kWidth), Num(total_h));
  o += fmt::format("<text class=\"head\" x=\"{}\" y=\"14\" text-anchor=\"end\">Credential types</text>\n",
                   Num(kTypeX + kBarW));
  o += fmt::format("<text class=\"head\" x=\"{}\" y=\"14\">What they can do</text>\n", Num(kCapX));
  o += "<g>\n";
  for (const auto& [k, l] : links) {
    const Node& a = types[l.from];
    const Node& b = caps[l.to];
    const double wa = a.h * l.weight / out_sum[l.from], wb = b.h * l.weight / in_sum[l.to];
    const double ya = a.y + out_used[l.from] + wa / 2, yb = b.y + in_used[l.to] + wb / 2;
    out_used[l.from] += wa;
    in_used[l.to] += wb;
    const double mx = (kTypeX + kBarW + kCapX) / 2;
    o += fmt::format("<path class=\"link l-{}\" stroke-width=\"{}\" d=\"M{} {}C{} {} {} {} {} {}\"/>\n",
                     SeverityName(l.sev), Num(std::max(1.0, std::min(wa, wb))), Num(kTypeX + kBarW), Num(ya),
                     Num(mx), Num(ya), Num(mx), Num(yb), Num(kCapX), Num(yb));
  }
  o += "</g>\n";
  for (const auto& n : types) {
    o += NodeOpen(n);
    o += fmt::format("<rect class=\"n-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
                     n.folded ? "folded" : SeverityName(n.sev), Num(kTypeX), Num(n.y), Num(kBarW), Num(n.h));
    o += fmt::format("<text x=\"{}\" y=\"{}\" dy=\".35em\" text-anchor=\"end\">{}</text></g>\n",
                     Num(kTypeX - 6), Num(n.y + n.h / 2), HtmlEscape(n.label));
  }
  for (const auto& n : caps) {
    o += NodeOpen(n);
    o += fmt::format("<rect class=\"n-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
                     n.folded ? "folded" : SeverityName(n.sev), Num(kCapX), Num(n.y), Num(kBarW), Num(n.h));
    o += fmt::format("<text x=\"{}\" y=\"{}\" dy=\".35em\">{}</text></g>\n", Num(kCapX + kBarW + 6),
                     Num(n.y + n.h / 2), HtmlEscape(n.label));
  }
  o += "</svg>\n";
  return o;
}

// Per agent (issue 15): how many secrets and files it can read, how many
// only an advisory index ignore keeps out, how many its rules exclude, and
// the worst thing it could do with what it reads (findings are sorted most
// damaging first, so the first readable one is the worst). Empty when no
// location was assessed (git sources).
std::string AgentSection(const std::vector<Finding>& findings) {
  struct PerAgent {
    size_t secrets = 0, advisory = 0, excluded = 0;
    std::set<std::string> files;
    const Finding* worst = nullptr;
    const Location* worst_at = nullptr;
  };
  std::map<std::string, PerAgent> agents;
  std::vector<std::string> order;
  auto get = [&](const std::string& id) -> PerAgent& {
    if (!agents.count(id)) order.push_back(id);
    return agents[id];
  };
  for (const auto& f : findings) {
    std::set<std::string> readable, advisory, excluded;
    for (const auto& l : f.locations) {
      if (!l.agents_assessed) continue;
      for (const auto& a : l.agents) {
        PerAgent& p = get(a);
        p.files.insert(l.path);
        if (readable.insert(a).second && !p.worst) {
          p.worst = &f;
          p.worst_at = &l;
        }
      }
      for (const auto& a : l.agents_advisory) advisory.insert(a);
      for (const auto& a : l.agents_excluded) excluded.insert(a);
    }
    for (const auto& a : readable) get(a).secrets++;
    for (const auto& a : advisory) get(a).advisory++;
    for (const auto& a : excluded)
      if (!readable.count(a)) get(a).excluded++;
  }
  if (order.empty()) return "";
  std::string o = "<section id=\"agents\">\n<h2>What each coding agent can read</h2>\n";
  o += "<table class=\"agents\">\n<thead><tr><th scope=\"col\">Agent</th><th scope=\"col\" class=\"num\">"
       "Secrets readable</th><th scope=\"col\" class=\"num\">Files</th><th scope=\"col\" class=\"num\" "
       "title=\"Kept out only by an index ignore the agent can still be asked to read past\">Advisory "
       "only</th>"
       "<th scope=\"col\" class=\"num\">Excluded by its rules</th><th scope=\"col\">Worst it could do</th>"
       "</tr></thead>\n<tbody>\n";
  for (const auto& id : order) {
    const PerAgent& p = agents[id];
    std::string worst = "nothing at or above info";
    if (p.worst) {
      const RuleCard& r = *p.worst->rule;
      worst = fmt::format("<span class=\"sev sev-{}\">{}</span> {} (damage {}) at <code>{}:{}</code>{}",
                          SeverityName(p.worst->severity), SeverityName(p.worst->severity),
                          HtmlEscape(r.name), Num(p.worst->blast_radius), HtmlEscape(p.worst_at->path),
                          p.worst_at->line, r.worst_case.empty() ? "" : ": " + HtmlEscape(r.worst_case));
    }
    o += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        HtmlEscape(id), p.secrets, p.files.size(), p.advisory, p.excluded, worst);
  }
  o += "</tbody>\n</table>\n<p class=\"muted\">An agent reads a file unless its own ignore or deny rules "
       "exclude it. <code>blastradius guard</code> writes the rules that close the door; "
       "<code>blastradius hook install --agent claude|cursor</code> blocks reads as they happen.</p>\n"
       "</section>\n";
  return o;
}

// --- Page --------------------------------------------------------------------

std::string Stat(const std::string& value, const std::string& label, const char* cls = nullptr,
                 const std::string& title = "") {
  return fmt::format("<li{}{}><b>{}</b>{}</li>\n", cls ? fmt::format(" class=\"{}\"", cls) : "",
                     title.empty() ? "" : " title=\"" + HtmlEscape(title) + "\"", HtmlEscape(value),
                     HtmlEscape(label));
}

ojson EmbeddedData(const Report& report) {
  ojson rules = ojson::object();
  ojson findings = ojson::array();
  const size_t total = report.findings->size(), embedded = std::min(total, kHtmlMaxFindings);
  for (size_t i = 0; i < embedded; ++i) {
    const Finding& f = (*report.findings)[i];
    findings.push_back(FindingToJson(f, report.show_secrets));
    const RuleCard& r = *f.rule;
    if (rules.contains(r.id)) continue;
    rules[r.id] = {{"provider_name", r.provider_name.empty() ? r.provider : r.provider_name},
                   {"description", r.description},
                   {"references", r.references},
                   {"category", r.category}};
  }
  return {{"version", "1"},
          {"tool", {{"name", "blastradius"}, {"version", report.tool_version}}},
          {"findings", findings},
          {"total_findings", total},
          {"rules", rules}};
}

}  // namespace

Status HtmlWriter::Write(const Report& report, std::string* out) const {
  const auto& findings = *report.findings;
  const ScanStats& s = *report.stats;
  const std::string_view css = Asset("report.css");
  const std::string_view js = Asset("report.js");
  if (css.empty() || js.empty()) return Status::Internal("html report: embedded assets are missing");
  const auto counts = SeverityCounts(findings);

  std::string o;
  o.reserve(32768 + findings.size() * 2048);
  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // No network access at all: everything the page needs is inline.
  o +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n";
  o += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  o += fmt::format("<meta name=\"generator\" content=\"blastradius {}\">\n", HtmlEscape(report.tool_version));
  o += fmt::format("<title>blastradius: {} finding{}</title>\n", findings.size(),
                   findings.size() == 1 ? "" : "s");
  o += "<style>\n";
  o += css;
  o += "</style>\n</head>\n<body>\n<header>\n<h1>blastradius report</h1>\n<p class=\"muted\">";
  o += fmt::format("blastradius {}", HtmlEscape(report.tool_version));
  if (!s.roots.empty()) {
    o += " \u00B7 scanned ";
    for (size_t i = 0; i < s.roots.size(); ++i)
      o += (i ? ", " : "") + ("<code>" + HtmlEscape(s.roots[i]) + "</code>");
  }
  if (int64_t t = 0; !report.started_at.empty())
    o += " \u00B7 started " +
         HtmlEscape(ParseUtcTime(report.started_at, &t) ? FormatUtcTime(t) + " UTC" : report.started_at);
  o += "</p>\n<ul class=\"stats\">\n";
  o += Stat(GroupThousands(findings.size()), findings.size() == 1 ? "finding" : "findings");
  static constexpr const char* kSevClass[] = {"s-info", "s-low", "s-medium", "s-high", "s-critical"};
  for (int i = 4; i >= 0; --i)
    o += Stat(GroupThousands(counts[static_cast<size_t>(i)]), SeverityName(static_cast<Severity>(i)),
              kSevClass[i]);
  o += Stat(GroupThousands(s.files_scanned), "files scanned");
  o += Stat(HumanBytes(s.bytes_scanned), "scanned");
  o += Stat(HumanDuration(s.duration_ms), "duration");
  o += Stat(GroupThousands(s.files_skipped), "files skipped", nullptr,
            fmt::format("{} binary, {} too large", GroupThousands(s.files_binary),
                        GroupThousands(s.files_too_large)));
  o += Stat(GroupThousands(s.errors.size()), s.errors.size() == 1 ? "error" : "errors");
  o += "</ul>\n";
  if (!s.errors.empty()) {
    o += fmt::format("<details class=\"errors\"><summary>{} path{} could not be read</summary>\n<ul>\n",
                     s.errors.size(), s.errors.size() == 1 ? "" : "s");
    for (const auto& e : s.errors)
      o += fmt::format("<li><code>{}</code>: {}</li>\n", HtmlEscape(e.path), HtmlEscape(e.message));
    o += "</ul>\n</details>\n";
  }
  o += "</header>\n<main>\n";

  o += "<section id=\"radius\">\n<h2>Blast radius</h2>\n";
  if (findings.empty()) {
    o += "<p>No credentials found.</p>\n";
  } else {
    std::string caption;
    o += "<div class=\"radius\">\n" + BlastRadiusSvg(findings, &caption) + "</div>\n";
    o += "<p class=\"muted\">" + HtmlEscape(caption) + "</p>\n";
  }
  o += "</section>\n";

  o += AgentSection(findings);

  o += "<section>\n<h2>Findings</h2>\n";
  if (findings.size() > kHtmlMaxFindings)
    o += fmt::format(
        "<p class=\"truncated\">This page holds the {} most damaging of {} findings; the summary above and "
        "the picture count them all. The JSON report (<code>-f json</code>) lists every finding.</p>\n",
        GroupThousands(kHtmlMaxFindings), GroupThousands(findings.size()));
  o += "<div class=\"controls\">\n";
  o += "<input type=\"search\" id=\"q\" placeholder=\"Filter: rule, provider, capability, path\" "
       "aria-label=\"Filter findings\">\n<fieldset id=\"sevs\"><legend class=\"muted\" "
       "hidden>Severity</legend>\n";
  for (int i = 4; i >= 0; --i) {
    const char* name = SeverityName(static_cast<Severity>(i));
    o += fmt::format("<label><input type=\"checkbox\" value=\"{0}\" checked> {0} ({1})</label>\n", name,
                     counts[static_cast<size_t>(i)]);
  }
  o += "</fieldset>\n<button type=\"button\" id=\"expand\" aria-pressed=\"false\">Expand all</button>\n"
       "<span id=\"shown\" class=\"muted\"></span>\n</div>\n";
  o +=
      "<table class=\"findings\" id=\"findings\">\n<thead><tr><th scope=\"col\"><span hidden>Card</span></th>"
      "<th scope=\"col\" data-sort=\"sev\">Severity</th><th scope=\"col\" class=\"num\" "
      "data-sort=\"damage\" title=\"What the credential can do here\">Damage</th><th scope=\"col\" "
      "class=\"num\" data-sort=\"conf\" title=\"How likely it is live and usable (0-1)\">Confidence</th>"
      "<th scope=\"col\" data-sort=\"rule\">Credential</th><th scope=\"col\" "
      "data-sort=\"provider\">Provider</th>"
      "<th scope=\"col\" data-sort=\"worst\">Worst capability</th><th scope=\"col\" "
      "data-sort=\"loc\">Location</th>"
      "<th scope=\"col\" class=\"num\" data-sort=\"copies\">Copies</th></tr></thead>\n"
      "<tbody id=\"none\" hidden><tr><td colspan=\"9\"></td></tr></tbody>\n</table>\n"
      "<nav class=\"pager\" id=\"pager\" aria-label=\"Pages of findings\"><button type=\"button\" "
      "id=\"prev\">Previous</button> <span id=\"page\" class=\"muted\"></span> <button type=\"button\" "
      "id=\"next\">Next</button></nav>\n";
  o += "<noscript><p>The table is built by the page's script. Without JavaScript, use "
       "<code>blastradius scan --format text -v</code> or the JSON data at the end of this "
       "file.</p></noscript>\n";
  o += "</section>\n</main>\n";

  o += "<script type=\"application/json\" id=\"br-data\">";
  o += ScriptJson(EmbeddedData(report));
  o += "</script>\n<script>\n";
  o += js;
  o += "</script>\n</body>\n</html>\n";
  *out = std::move(o);
  return Status::Ok();
}

}  // namespace blastradius
