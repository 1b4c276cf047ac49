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

constexpr size_t kSvgMaxCredentials = 30;

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
  std::string key;    // provider id / capability (for ordering and lookup)
  std::string label;  // shown
  std::string title;  // tooltip
  std::string query;  // filter text set when clicked
  double weight = 0;  // blast radius, 0.5-10
  Severity sev = Severity::kInfo;
  size_t count = 0;
  double y = 0, h = 0;
};

struct Link {
  size_t from, to;
  double weight;
  Severity sev;
};

void Raise(Node* n, double weight, Severity sev) {
  n->weight = std::max(n->weight, weight);
  n->sev = std::max(n->sev, sev);
  ++n->count;
}

// Orders nodes by weight (descending), then key; returns old index -> new.
std::vector<size_t> SortNodes(std::vector<Node>* nodes) {
  std::vector<size_t> order(nodes->size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Node& x = (*nodes)[a];
    const Node& y = (*nodes)[b];
    if (x.weight != y.weight) return x.weight > y.weight;
    if (x.count != y.count) return x.count > y.count;
    return x.key < y.key;
  });
  std::vector<Node> sorted;
  std::vector<size_t> remap(nodes->size());
  for (size_t i = 0; i < order.size(); ++i) {
    remap[order[i]] = i;
    sorted.push_back(std::move((*nodes)[order[i]]));
  }
  *nodes = std::move(sorted);
  return remap;
}

// Stacks a column's nodes with heights from their weights; returns its height.
double Stack(std::vector<Node>* nodes, double min_h, double per_point, double gap) {
  double y = 0;
  for (auto& n : *nodes) {
    n.h = std::max(min_h, 4.0 + per_point * n.weight);
    n.y = y;
    y += n.h + gap;
  }
  return nodes->empty() ? 0 : y - gap;
}

void Shift(std::vector<Node>* nodes, double dy) {
  for (auto& n : *nodes) n.y += dy;
}

std::string LinkPath(double x1, double y1, double x2, double y2, double weight, Severity sev) {
  const double mx = (x1 + x2) / 2;
  return fmt::format("<path class=\"link l-{}\" stroke-width=\"{}\" d=\"M{} {}C{} {} {} {} {} {}\"/>\n",
                     SeverityName(sev), Num(1.0 + 0.9 * weight), Num(x1), Num(y1), Num(mx), Num(y1), Num(mx),
                     Num(y2), Num(x2), Num(y2));
}

std::string NodeOpen(const Node& n) {
  return fmt::format("<g class=\"node\" tabindex=\"0\" role=\"button\" data-q=\"{}\"><title>{}</title>",
                     HtmlEscape(n.query), HtmlEscape(n.title));
}

std::string BlastRadiusSvg(const std::vector<Finding>& findings) {
  const size_t shown = std::min(findings.size(), kSvgMaxCredentials);
  std::vector<Node> creds, provs, caps;
  std::map<std::string, size_t> prov_index, cap_index;
  std::vector<Link> cred_prov;
  std::map<std::pair<size_t, size_t>, Link> prov_cap;
  for (size_t i = 0; i < shown; ++i) {
    const Finding& f = findings[i];
    const RuleCard& r = *f.rule;
    const double w = std::clamp(f.blast_radius, 0.5, 10.0);
    Node c;
    c.key = r.id;
    std::string where = f.locations.empty()
                            ? std::string()
                            : fmt::format("{}:{}", f.locations.front().path, f.locations.front().line);
    c.label = TruncateUtf8(r.id, 34) + " \u00B7 " + Num(f.blast_radius);
    c.title = fmt::format("{}: damage {}, confidence {:.2f}, {} \u2014 {}{}", r.id, Num(f.blast_radius),
                          f.confidence_score, SeverityName(f.severity), where,
                          f.locations.size() > 1 ? fmt::format(" (+{} copies)", f.locations.size() - 1) : "");
    c.query = f.fingerprint;
    Raise(&c, w, f.severity);
    creds.push_back(std::move(c));

    auto [pit, pnew] = prov_index.emplace(r.provider, provs.size());
    if (pnew) {
      Node p;
      p.key = r.provider;
      p.label = r.provider_name.empty() ? r.provider : r.provider_name;
      p.query = r.provider;
      provs.push_back(std::move(p));
    }
    Raise(&provs[pit->second], w, f.severity);
    cred_prov.push_back({i, pit->second, w, f.severity});

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
      Raise(&caps[cit->second], w, f.severity);
      auto [lit, lnew] = prov_cap.emplace(std::make_pair(pit->second, cit->second),
                                          Link{pit->second, cit->second, w, f.severity});
      if (!lnew) {
        lit->second.weight = std::max(lit->second.weight, w);
        lit->second.sev = std::max(lit->second.sev, f.severity);
      }
    }
  }
  const std::vector<size_t> prov_remap = SortNodes(&provs);
  const std::vector<size_t> cap_remap = SortNodes(&caps);
  for (auto& p : provs) {
    p.title = fmt::format("{}: {} credential{}, worst blast radius {}", p.label, p.count,
                          p.count == 1 ? "" : "s", Num(p.weight));
    p.label = TruncateUtf8(p.label, 20);
  }
  for (auto& c : caps) {
    c.title = fmt::format("{}: {} credential{}, worst blast radius {}", c.key, c.count,
                          c.count == 1 ? "" : "s", Num(c.weight));
    c.label = TruncateUtf8(fmt::format("{} ({})", c.key, c.count), 40);
  }

  constexpr double kTop = 30, kGap = 7, kWidth = 1120;
  constexpr double kCredX = 330, kBarW = 10, kProvX = 550, kProvW = 150, kCapX = 880;
  const double hc = Stack(&creds, 8, 2.2, kGap);
  const double hp = Stack(&provs, 20, 2.2, kGap);
  const double hk = Stack(&caps, 8, 2.2, kGap);
  const double inner = std::max({hc, hp, hk});
  Shift(&creds, kTop + (inner - hc) / 2);
  Shift(&provs, kTop + (inner - hp) / 2);
  Shift(&caps, kTop + (inner - hk) / 2);
  const double height = kTop + inner + 12;

  std::string o = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" "
      "aria-label=\"Blast radius: credentials, their providers and what they can do\">\n",
      Num(kWidth), Num(height));
  o += fmt::format("<text class=\"head\" x=\"{}\" y=\"14\" text-anchor=\"end\">Credentials</text>\n",
                   Num(kCredX + kBarW));
  o += fmt::format("<text class=\"head\" x=\"{}\" y=\"14\" text-anchor=\"middle\">Providers</text>\n",
                   Num(kProvX + kProvW / 2));
  o += fmt::format("<text class=\"head\" x=\"{}\" y=\"14\">Capabilities</text>\n", Num(kCapX));
  o += "<g>\n";
  for (const auto& l : cred_prov) {
    const Node& a = creds[l.from];
    const Node& b = provs[prov_remap[l.to]];
    o += LinkPath(kCredX + kBarW, a.y + a.h / 2, kProvX, b.y + b.h / 2, l.weight, l.sev);
  }
  for (const auto& [k, l] : prov_cap) {
    const Node& a = provs[prov_remap[l.from]];
    const Node& b = caps[cap_remap[l.to]];
    o += LinkPath(kProvX + kProvW, a.y + a.h / 2, kCapX, b.y + b.h / 2, l.weight, l.sev);
  }
  o += "</g>\n";
  for (const auto& n : creds) {
    o += NodeOpen(n);
    o += fmt::format("<rect class=\"n-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
                     SeverityName(n.sev), Num(kCredX), Num(n.y), Num(kBarW), Num(n.h));
    o += fmt::format("<text x=\"{}\" y=\"{}\" dy=\".35em\" text-anchor=\"end\">{}</text></g>\n",
                     Num(kCredX - 6), Num(n.y + n.h / 2), HtmlEscape(n.label));
  }
  for (const auto& n : provs) {
    o += NodeOpen(n);
    o += fmt::format("<rect class=\"n-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
                     SeverityName(n.sev), Num(kProvX), Num(n.y), Num(kProvW), Num(n.h));
    o += fmt::format(
        "<text class=\"in\" x=\"{}\" y=\"{}\" dy=\".35em\" text-anchor=\"middle\">{}</text></g>\n",
        Num(kProvX + kProvW / 2), Num(n.y + n.h / 2), HtmlEscape(n.label));
  }
  for (const auto& n : caps) {
    o += NodeOpen(n);
    o += fmt::format("<rect class=\"n-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
                     SeverityName(n.sev), Num(kCapX), Num(n.y), Num(kBarW), Num(n.h));
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
  for (const auto& f : *report.findings) {
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
    o += "<div class=\"radius\">\n" + BlastRadiusSvg(findings) + "</div>\n";
    o += fmt::format(
        "<p class=\"muted\">{}Each credential links to its provider and on to what it can do; size follows "
        "the "
        "damage, colour the severity. Click a node to filter the table.</p>\n",
        findings.size() > kSvgMaxCredentials
            ? fmt::format("The {} highest-ranked of {} credentials. ", kSvgMaxCredentials, findings.size())
            : "");
  }
  o += "</section>\n";

  o += AgentSection(findings);

  o += "<section>\n<h2>Findings</h2>\n<div class=\"controls\">\n";
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
      "<tbody id=\"none\" hidden><tr><td colspan=\"9\"></td></tr></tbody>\n</table>\n";
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
