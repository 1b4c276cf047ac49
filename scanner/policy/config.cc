#include "scanner/policy/config.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "scanner/core/file_io.h"
#include "scanner/policy/json_util.h"
#include "scanner/sig/signature_db.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {
namespace {

namespace fs = std::filesystem;
using policy_internal::PointerToken;

constexpr const char* kKeys = "exclude, disable, severity, signatures, fail_on";

Status Bad(const std::string& name, const std::string& pointer, const std::string& msg) {
  return Status::InvalidArgument(name + ": " + pointer + ": " + msg);
}

Status StringArray(const nlohmann::json& j, const std::string& name, const std::string& pointer,
                   const char* what, std::vector<std::string>* out) {
  if (!j.is_array()) return Bad(name, pointer, "expected an array of " + std::string(what));
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string() || j[i].get<std::string>().empty())
      return Bad(name, pointer + "/" + std::to_string(i), j[i].dump() + " is not a non-empty string");
    out->push_back(j[i].get<std::string>());
  }
  return Status::Ok();
}

}  // namespace

std::string FindConfig(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return "";
  fs::path p = fs::path(root) / std::string(kConfigFileName);
  if (!fs::is_regular_file(p, ec)) return "";
  return p.lexically_normal().generic_string();
}

Status LoadConfig(const std::string& path, Config* out) {
  std::string text;
  if (Status s = ReadWholeFile(path, &text); !s.ok()) return s;
  std::string dir = fs::path(path).parent_path().generic_string();
  return ParseConfig(text, path, dir.empty() ? "." : dir, out);
}

Status ParseConfig(std::string_view text, const std::string& name, const std::string& base_dir, Config* out) {
  Config c;
  c.path = name;
  if (Status s = policy_internal::CheckJsonDepth(text, name); !s.ok()) return s;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(name + ": not valid JSON: " + policy_internal::CleanJsonError(e.what()));
  }
  if (!j.is_object())
    return Status::InvalidArgument(name + ": expected a JSON object with the keys " + kKeys);
  for (const auto& [key, value] : j.items()) {
    std::string ptr = "/" + PointerToken(key);
    if (key == "exclude") {
      if (Status s = StringArray(value, name, ptr, "globs", &c.exclude); !s.ok()) return s;
      for (size_t i = 0; i < c.exclude.size(); ++i) {
        std::unique_ptr<PathFilter> f;
        if (Status s = PathFilter::Create({c.exclude[i]}, false, &f); !s.ok())
          return Bad(name, ptr + "/" + std::to_string(i), s.message());
      }
    } else if (key == "disable") {
      if (Status s = StringArray(value, name, ptr, "signature ids", &c.disable); !s.ok()) return s;
    } else if (key == "severity") {
      if (!value.is_object()) return Bad(name, ptr, "expected an object mapping signature ids to severities");
      for (const auto& [id, sev] : value.items()) {
        Severity parsed;
        if (!sev.is_string() || !ParseSeverity(sev.get<std::string>(), &parsed))
          return Bad(name, ptr + "/" + PointerToken(id),
                     sev.dump() + " is not one of critical|high|medium|low|info");
        c.severity.emplace_back(id, parsed);
      }
    } else if (key == "signatures") {
      std::vector<std::string> dirs;
      if (Status s = StringArray(value, name, ptr, "directories", &dirs); !s.ok()) return s;
      for (size_t i = 0; i < dirs.size(); ++i) {
        const std::string where = ptr + "/" + std::to_string(i);
        // The config sits in the scanned repository, which is untrusted: its
        // signature directories stay inside the config file's directory
        // (symlinks resolved), so a repository cannot point the scanner at
        // /etc or another checkout.
        fs::path d(dirs[i]);
        if (!d.is_relative())
          return Bad(name, where,
                     "\"" + dirs[i] + "\": must be a path relative to the config file's directory");
        d = fs::path(base_dir) / d;
        std::string resolved = d.lexically_normal().generic_string();
        std::error_code ec;
        if (!fs::is_directory(resolved, ec))
          return Bad(name, where, "\"" + dirs[i] + "\": no such directory (" + resolved + ")");
        const fs::path real = fs::weakly_canonical(resolved, ec);
        const fs::path real_base = ec ? fs::path() : fs::weakly_canonical(base_dir, ec);
        const fs::path rel = ec ? fs::path("..") : real.lexically_relative(real_base);
        if (rel.empty() || *rel.begin() == "..")
          return Bad(name, where,
                     "\"" + dirs[i] +
                         "\": leaves the config file's directory (signature directories must be inside the "
                         "repository)");
        c.signatures.push_back(resolved);
      }
    } else if (key == "fail_on") {
      Severity parsed;
      std::string v = value.is_string() ? value.get<std::string>() : "";
      if (v == "none") {
        c.has_fail_on = true;
        c.fail_on.reset();
      } else if (value.is_string() && v != "info" && ParseSeverity(v, &parsed)) {
        c.has_fail_on = true;
        c.fail_on = parsed;
      } else {
        return Bad(name, ptr, value.dump() + " is not one of critical|high|medium|low|none");
      }
    } else {
      return Bad(name, ptr, "unknown key (expected " + std::string(kKeys) + ")");
    }
  }
  *out = std::move(c);
  return Status::Ok();
}

Status ApplyConfigToSignatures(const Config& config, SignatureDb* db) {
  if (db->finished())
    return Status::Internal("the configuration applies to signatures before SignatureDb::Finish()");
  if (config.disable.empty() && config.severity.empty()) return Status::Ok();  // nothing to check
  std::unordered_set<std::string> known;
  for (const auto& s : db->signatures()) known.insert(s.card.id);
  for (size_t i = 0; i < config.disable.size(); ++i) {
    if (!known.count(config.disable[i]))
      return Bad(config.path, "/disable/" + std::to_string(i),
                 "unknown signature id \"" + config.disable[i] + "\" (see 'blastradius rules')");
  }
  for (const auto& [id, sev] : config.severity) {
    (void)sev;
    if (!known.count(id))
      return Bad(config.path, "/severity/" + PointerToken(id),
                 "unknown signature id \"" + id + "\" (see 'blastradius rules')");
  }
  return db->Disable(config.disable);
}

void ApplySeverityOverrides(const Config& config, std::vector<Finding>* findings) {
  if (config.severity.empty()) return;
  std::map<std::string, Severity> by_id(config.severity.begin(), config.severity.end());
  for (auto& f : *findings) {
    if (!f.rule) continue;
    auto it = by_id.find(f.rule->id);
    if (it != by_id.end()) f.severity = it->second;
  }
}

}  // namespace blastradius
