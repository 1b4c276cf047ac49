#include "scanner/cli/rules_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "scanner/cli/common.h"
#include "scanner/cli/suggest.h"
#include "scanner/context/language.h"
#include "scanner/core/ascii.h"
#include "scanner/core/terminal_text.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/diag/stderr_line.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/provider_index.h"
#include "scanner/match/rule_set.h"
#include "scanner/pipeline/scan.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/memory_source.h"

#ifndef BLASTRADIUS_CONTEXT_BUILT
#define BLASTRADIUS_CONTEXT_BUILT 1
#endif

namespace blastradius {
namespace {

// The file name an example without a "path" is scanned as.
constexpr const char* kExamplePath = "example.txt";

// Whether a card passes every `rules` filter given.
bool RuleMatches(const Args& args, const RuleCard& c) {
  if (!args.paths.empty()) {
    const std::string id = AsciiLower(c.id), provider = AsciiLower(c.provider);
    bool any = false;
    for (const auto& p : args.paths) {
      const std::string q = AsciiLower(p);
      any = any || id.find(q) != std::string::npos || provider.find(q) != std::string::npos;
    }
    if (!any) return false;
  }
  if (!args.rule_provider.empty() && AsciiLower(args.rule_provider) != c.provider) return false;
  if (!args.rule_capability.empty() &&
      std::find(c.capabilities.begin(), c.capabilities.end(), args.rule_capability) == c.capabilities.end())
    return false;
  if (!args.rule_category.empty() && args.rule_category != c.category) return false;
  if (args.rule_severity && *args.rule_severity != c.base_severity) return false;
  return true;
}

nlohmann::ordered_json RuleJson(const RuleCard& c) {
  nlohmann::ordered_json j;
  j["id"] = c.id;
  j["provider"] = c.provider;
  j["category"] = c.category.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.category);
  j["scope"] = c.scope;
  j["capabilities"] = c.capabilities;
  j["base_damage"] = c.base_blast_radius;
  j["severity"] = SeverityName(c.base_severity);
  j["model"] = c.model_blast_radius;
  j["override_reason"] = c.blast_radius_reason.empty() ? nlohmann::ordered_json(nullptr)
                                                       : nlohmann::ordered_json(c.blast_radius_reason);
  j["capabilities_inferred_from_category"] = c.inferred_from_category;
  // Damage per account class (damage.json "accounts"); empty for cards whose
  // findings cannot name their account.
  nlohmann::ordered_json a = nlohmann::ordered_json::object();
  for (const auto& [k, d] : c.account_damage) a[k] = d.damage;
  j["account_damage"] = a;
  return j;
}

// Every provider id in the database, sorted.
std::vector<std::string> KnownProviders(const SignatureDb& db) {
  std::set<std::string> set;
  for (const auto& sig : db.signatures()) set.insert(sig.card.provider);
  return {set.begin(), set.end()};
}

// explain PROVIDER: its signatures, most damaging first.
std::string ProviderListing(std::vector<const RuleCard*> cards) {
  std::stable_sort(cards.begin(), cards.end(), [](const RuleCard* a, const RuleCard* b) {
    return a->base_blast_radius != b->base_blast_radius ? a->base_blast_radius > b->base_blast_radius
                                                        : a->id < b->id;
  });
  const RuleCard& first = *cards.front();
  std::string o =
      fmt::format("{} ({}): {} signature{}{}\n\n", first.provider_name, first.provider, cards.size(),
                  cards.size() == 1 ? "" : "s", first.category.empty() ? "" : ", category " + first.category);
  o += fmt::format("  {:<40} {:<9} {:>6}  {}\n", "ID", "SEVERITY", "DAMAGE", "NAME");
  for (const RuleCard* c : cards)
    o += fmt::format("  {:<40} {:<9} {:>6.2f}  {}\n", c->id, SeverityName(c->base_severity),
                     c->base_blast_radius, c->name);
  o += "\nRun 'blastradius explain ID' for the capability card of one.\n";
  return o;
}

// A filter value that matches nothing in the database is most likely a
// typo: refused, with the closest names.
Status CheckFilters(const Args& args, const SignatureDb& db) {
  if (!args.rule_provider.empty()) {
    const std::vector<std::string> providers = KnownProviders(db);
    if (std::find(providers.begin(), providers.end(), AsciiLower(args.rule_provider)) == providers.end())
      return Status::InvalidArgument("no provider '" + args.rule_provider + "'" +
                                     DidYouMean(args.rule_provider, providers));
  }
  if (!args.rule_capability.empty()) {
    const auto& vocabulary = CapabilityVocabulary();
    if (std::find(vocabulary.begin(), vocabulary.end(), args.rule_capability) == vocabulary.end())
      return Status::InvalidArgument("unknown capability '" + args.rule_capability + "'" +
                                     DidYouMean(args.rule_capability, vocabulary) +
                                     " (signatures/README.md lists them)");
  }
  if (!args.rule_category.empty()) {
    std::set<std::string> set;
    for (const auto& sig : db.signatures()) {
      if (!sig.card.category.empty()) set.insert(sig.card.category);
    }
    if (!set.count(args.rule_category))
      return Status::InvalidArgument("no category '" + args.rule_category + "'" +
                                     DidYouMean(args.rule_category, {set.begin(), set.end()}));
  }
  return Status::Ok();
}

// rules check: one example through the whole scan (matching, decoding,
// context, the generic filter, anchoring, pairing, scoring), as a file of
// its own.
struct CheckRun {
  const RuleSet* rules = nullptr;
  ScanOptions options;
};

std::vector<Finding> ScanExample(const CheckRun& run, const SignatureExample& ex) {
  MemorySource source({{ex.path.empty() ? std::string(kExamplePath) : ex.path, ex.text}});
  Diagnostics diag(/*quiet=*/true, /*verbose=*/false);
  ScanResult result;
  if (!Scan(source, *run.rules, run.options, diag, &result).ok()) return {};
  return std::move(result.findings);
}

// Whether `findings` hold one of signature `id` (or a finding it was paired
// into: an id half folds into its secret's finding).
// With `own_only`, a fallback match that only took the signature's card by
// its key name (ZULIP_API_KEY=<anything secret-looking>) does not count: a
// negative example says what the signature's own pattern must reject.
bool Reports(const std::vector<Finding>& findings, const std::string& id, bool own_only = false) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    auto paired = f.facts.find("paired");
    if (paired != f.facts.end() && paired->second == id) return true;
    return f.rule->id == id && !(own_only && f.facts.count("anchored_by"));
  });
}

// How a finding of `id` came about, when not by its own pattern.
std::string How(const std::vector<Finding>& findings, const std::string& id) {
  for (const auto& f : findings) {
    if (f.rule->id != id) continue;
    auto anchored = f.facts.find("anchored_by");
    if (anchored != f.facts.end()) return " (a fallback match anchored by " + anchored->second + ")";
  }
  return "";
}

std::string Got(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const auto& f : findings) ids.push_back(f.rule->id);
  return ids.empty() ? "nothing" : Join(ids, ", ");
}

int RunRulesCheck(const Args& args) {
  const std::vector<std::string> dirs(args.paths.begin() + 1, args.paths.end());
  if (dirs.empty()) return Fail("rules check needs a signature directory (e.g. rules check signatures/)");
  if (args.outputs.front().format != "text") return Fail("rules check writes text only");
  for (const auto& d : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(d, ec)) return Fail(d + ": not a directory");
  }
  // The built-in database with DIR's files on top, as scan --signatures DIR
  // would see them: every example competes with every other signature.
  SignatureDb db;
  db.AddBuiltin();
  for (const auto& d : dirs) db.AddDirectory(d);
  std::string out;
  size_t failures = 0, failed_signatures = 0;
  if (Status s = db.Finish(); !s.ok()) {
    out += s.message() + "\n";
    out += "signature files do not load: nothing was run\n";
    WriteOutput(args.outputs.front().path, out);
    return kExitFindings;
  }
  for (const auto& d : db.damage_disagreements()) {
    out += d + "\n";
    ++failures;
    ++failed_signatures;
  }
  std::unique_ptr<RuleSet> rules;
  RuleSetOptions rs_options;
  if (!args.no_cache) rs_options.cache_dir = DefaultCacheDir();
  rs_options.prebuilt = EmbeddedPatternDatabase();
  if (Status s = RuleSet::Compile(db, rs_options, &rules); !s.ok()) return Fail(s.message());
  std::unique_ptr<LanguageRegistry> languages;
  CheckRun run;
  run.rules = rules.get();
  if (!args.no_context && BLASTRADIUS_CONTEXT_BUILT) {
    if (Status s = LanguageRegistry::Build(&languages); !s.ok()) return Fail(s.message());
    run.options.languages = languages.get();
  }
  ProviderIndex providers(*rules);
  run.options.providers = &providers;
  run.options.now = static_cast<int64_t>(std::time(nullptr));
  run.options.max_decode_depth = args.max_decode_depth;
  size_t checked = 0, examples = 0, negatives = 0;
  std::string anchored;  // negatives reported only through key-name anchoring (-v)
  size_t anchored_count = 0;
  for (const auto& sig : db.signatures()) {
    if (sig.examples.empty() && sig.negative_examples.empty()) continue;  // built in: not in DIR
    ++checked;
    std::string lines;
    for (size_t k = 0; k < sig.examples.size(); ++k, ++examples) {
      const SignatureExample& ex = sig.examples[k];
      const std::vector<Finding> found = ScanExample(run, ex);
      if (!Reports(found, sig.card.id))
        lines += fmt::format("  examples/{}{}: not reported (got: {})\n", k,
                             ex.path.empty() ? "" : " as " + ex.path, Got(found));
    }
    for (size_t k = 0; k < sig.negative_examples.size(); ++k, ++negatives) {
      const SignatureExample& ex = sig.negative_examples[k];
      const std::vector<Finding> found = ScanExample(run, ex);
      if (Reports(found, sig.card.id, /*own_only=*/true)) {
        lines +=
            fmt::format("  negative_examples/{}{}: reported\n", k, ex.path.empty() ? "" : " as " + ex.path);
      } else if (Reports(found, sig.card.id)) {
        ++anchored_count;
        anchored += fmt::format("  {}: {}: negative_examples/{}{}\n", sig.card.source_file, sig.card.id, k,
                                How(found, sig.card.id));
      }
    }
    if (lines.empty()) continue;
    ++failed_signatures;
    for (size_t i = 0; i < lines.size(); ++i) failures += lines[i] == '\n';
    out += fmt::format("{}: {}\n{}", sig.card.source_file, sig.card.id, lines);
  }
  out += fmt::format("{} signature{}, {} examples, {} negative examples: ", checked, checked == 1 ? "" : "s",
                     examples, negatives);
  out += failures == 0 ? std::string("all pass")
                       : fmt::format("{} failure{} in {} signature{}", failures, failures == 1 ? "" : "s",
                                     failed_signatures, failed_signatures == 1 ? "" : "s");
  if (anchored_count > 0)
    out += fmt::format(
        "; {} negative example{} reported only as a fallback match anchored to the provider by key name, "
        "not by the signature's pattern{}",
        anchored_count, anchored_count == 1 ? "" : "s", args.verbose ? ":\n" + anchored : " (-v lists them)");
  if (out.back() != '\n') out += "\n";
  if (!WriteOutput(args.outputs.front().path, EscapeForTerminal(out, /*keep_newlines=*/true)).ok())
    return kExitError;
  return failures == 0 ? kExitClean : kExitFindings;
}

}  // namespace

int RunRules(const Args& args) {
  if (!args.paths.empty() && args.paths[0] == "check" && !args.rules_check_literal)
    return RunRulesCheck(args);
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db); !s.ok()) return Fail(s.message());
  if (Status s = CheckFilters(args, db); !s.ok()) return Fail(s.message());
  const OutputSpec& spec = args.outputs.front();
  std::vector<const RuleCard*> cards;
  for (const auto& sig : db.signatures()) {
    if (RuleMatches(args, sig.card)) cards.push_back(&sig.card);
  }
  // Words that match nothing: an empty list, and a hint on stderr.
  if (cards.empty() && !args.paths.empty()) {
    std::vector<std::string> names = KnownProviders(db);
    for (const auto& sig : db.signatures()) names.push_back(sig.card.id);
    for (const auto& word : args.paths) {
      const std::string hint = DidYouMean(word, names);
      if (!hint.empty())
        WriteStderr(fmt::format("blastradius: no signature id or provider contains '{}'{}\n",
                                EscapeForTerminal(word), hint));
    }
  }
  std::string out;
  if (spec.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const RuleCard* c : cards) list.push_back(RuleJson(*c));
    out = list.dump(2) + "\n";
  } else {
    out = fmt::format("{:<40} {:<16} {:<9} {:>6}  {}\n", "ID", "PROVIDER", "SEVERITY", "DAMAGE",
                      "CAPABILITIES");
    for (const RuleCard* c : cards) {
      out += fmt::format("{:<40} {:<16} {:<9} {:>6.2f}  {}{}\n", c->id, c->provider,
                         SeverityName(c->base_severity), c->base_blast_radius, Join(c->capabilities, ","),
                         c->inferred_from_category ? " (from category " + c->category + ")" : "");
    }
    out += fmt::format("{} of {} signatures\n", cards.size(), db.signatures().size());
  }
  return WriteOutput(spec.path, out).ok() ? kExitClean : kExitError;
}

int RunExplain(const Args& args) {
  if (args.paths.size() != 1)
    return Fail("explain needs exactly one signature id or provider (see 'blastradius rules')");
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db); !s.ok()) return Fail(s.message());
  for (const auto& sig : db.signatures()) {
    const RuleCard& c = sig.card;
    if (c.id != args.paths[0]) continue;
    std::string o = fmt::format("{}  ({})\n{}\n\n", c.name, c.id, c.provider_name);
    if (!c.description.empty()) o += c.description + "\n\n";
    o += fmt::format("Base damage: {:.2f} ({}){}\n", c.base_blast_radius, SeverityName(c.base_severity),
                     c.base_blast_radius > 10 ? "; severity reads it as 10" : "");
    o += fmt::format("  damage model: {}\n", c.damage_derivation);
    if (!c.blast_radius_reason.empty())
      o += fmt::format("  set by hand to {:.2f} instead of the model's {:.2f}: {}\n", c.base_blast_radius,
                       c.model_blast_radius, c.blast_radius_reason);
    if (!c.category.empty()) {
      const CategoryDefaults* cat = db.categories().Find(c.category);
      const std::string name =
          cat && !cat->name.empty() ? fmt::format("{} ({})", c.category, cat->name) : c.category;
      o += c.inferred_from_category
               ? fmt::format("Category: {}; capabilities inferred from category {}\n", name, name)
               : fmt::format("Category: {}\n", name);
    }
    if (!c.least_capabilities.empty()) {
      // A format that does not show its permissions: the damage spans from
      // its least privileged configuration to the worst case (the one shown).
      RuleCard least = c;
      least.capabilities = c.least_capabilities;
      least.irreversible.clear();
      const double low = db.damage_model().Derive(least, nullptr);
      o += fmt::format(
          "Least capabilities: {}; permissions unknown from the value{}: damage {:.2f} (least privileged) to "
          "{:.2f} (worst case, shown)\n",
          Join(c.least_capabilities, ", "), c.narrowed_damage.empty() ? "" : " when it does not decode",
          std::min(low, c.base_blast_radius), c.base_blast_radius);
    }
    if (!c.narrowed_damage.empty()) {
      // Formats whose value shows its reach (Fly.io caveats): the figures a
      // decoded finding moves to.
      auto at = [&](const std::string& k) {
        auto it = c.narrowed_damage.find(k);
        return it == c.narrowed_damage.end() ? std::string("-") : fmt::format("{:.2f}", it->second);
      };
      o += fmt::format(
          "Decoded from the value when it can be: organisation-wide {}, confined to apps (project) {}, to "
          "Machines/volumes (resource) {}; read-only: organisation {}, project {}\n",
          at("organisation"), at("project"), at("resource"), at("organisation+read-only"),
          at("project+read-only"));
    }
    if (!c.account_damage.empty()) {
      // The account a finding's URL or key names (damage.json "accounts").
      o += "Account factors (the URL's scheme and user, or the password's key, name the account):\n";
      for (const auto& [k, a] : c.account_damage)
        o += fmt::format("  - {}: damage {:.2f} ({}): {}\n", k, a.damage, a.derivation, a.reason);
    }
    if (c.test_mode) o += "Test mode: yes (no live data or money)\n";
    if (!c.pair_role.empty())
      o += fmt::format("Pair role: {}{}\n", c.pair_role,
                       c.pairs_with.empty() ? "" : " (with " + Join(c.pairs_with, ", ") + ")");
    o += fmt::format("Scope: {}\nExpires: {}\n", c.scope, c.expires);
    o += "Can:\n";
    for (const auto& cap : c.capabilities) o += "  - " + cap + "\n";
    if (!c.irreversible.empty()) {
      o += "Irreversible:\n";
      for (const auto& x : c.irreversible) o += "  - " + x + "\n";
    }
    o += fmt::format("Worst case: {}\nRevoke: {}\nReplace with: {}\n", c.worst_case, c.revoke, c.replace);
    o += "References:\n";
    for (const auto& r : c.references) o += "  - " + r + "\n";
    return WriteOutput(args.outputs.front().path, o).ok() ? kExitClean : kExitError;
  }
  // A provider: its signatures.
  const std::string query = AsciiLower(args.paths[0]);
  std::vector<const RuleCard*> of_provider;
  for (const auto& sig : db.signatures()) {
    if (sig.card.provider == query) of_provider.push_back(&sig.card);
  }
  if (!of_provider.empty())
    return WriteOutput(args.outputs.front().path, ProviderListing(of_provider)).ok() ? kExitClean
                                                                                     : kExitError;
  std::vector<std::string> names = KnownProviders(db);
  for (const auto& sig : db.signatures()) names.push_back(sig.card.id);
  return Fail("unknown signature id or provider '" + args.paths[0] + "'" + DidYouMean(args.paths[0], names) +
              " (see 'blastradius rules')");
}

}  // namespace blastradius
