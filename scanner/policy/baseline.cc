#include "scanner/policy/baseline.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "scanner/core/file_io.h"
#include "scanner/core/secret_hash.h"
#include "scanner/policy/json_util.h"

namespace blastradius {
namespace {

using policy_internal::CleanJsonError;

constexpr size_t kSaltBytes = 16;
bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string FromHex(std::string_view s) {
  std::string out;
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    auto v = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out.push_back(static_cast<char>((v(s[i]) << 4) | v(s[i + 1])));
  }
  return out;
}

}  // namespace

Baseline Baseline::New() {
  Baseline b;
  b.salt_bytes_ = RandomBytes(kSaltBytes);
  b.salt_hex_ = ToHex(reinterpret_cast<const unsigned char*>(b.salt_bytes_.data()), b.salt_bytes_.size());
  return b;
}

Baseline Baseline::SameSalt(const Baseline& other) {
  Baseline b;
  b.salt_hex_ = other.salt_hex_;
  b.salt_bytes_ = other.salt_bytes_;
  return b;
}

std::string Baseline::Key(std::string_view rule_id, std::string_view secret) const {
  std::string msg(rule_id);
  msg.push_back('\0');
  msg.append(secret);
  const std::string mac = HmacSha256(salt_bytes_, msg);
  return ToHex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

std::string BaselineKey(const Baseline& baseline, std::string_view rule_id, std::string_view secret) {
  return baseline.Key(rule_id, secret);
}

size_t Baseline::Prune(const Baseline& seen) {
  size_t removed = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (seen.Contains(*it)) {
      ++it;
    } else {
      it = entries_.erase(it);
      ++removed;
    }
  }
  return removed;
}

std::string Baseline::Serialize() const {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["salt"] = salt_hex_;
  j["entries"] = nlohmann::ordered_json::array();
  for (const auto& e : entries_) j["entries"].push_back(e);
  return j.dump(2) + "\n";
}

Status Baseline::Write(const std::string& path) const { return WriteFileAtomically(path, Serialize()); }

Status Baseline::Parse(std::string_view text, const std::string& name, Baseline* out) {
  if (Status s = policy_internal::CheckJsonDepth(text, name); !s.ok()) return Status::Corrupt(s.message());
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::Corrupt(name + ": not valid JSON: " + CleanJsonError(e.what()));
  }
  if (!j.is_object())
    return Status::Corrupt(name + ": expected a JSON object {\"version\", \"salt\", \"entries\"}");
  for (const auto& [key, value] : j.items()) {
    (void)value;
    if (key != "version" && key != "salt" && key != "entries")
      return Status::Corrupt(name + ": /" + policy_internal::PointerToken(key) +
                             ": unknown key (expected version, salt, entries)");
  }
  for (const char* key : {"version", "salt", "entries"}) {
    if (!j.contains(key)) return Status::Corrupt(name + ": /" + key + ": missing");
  }
  const auto& version = j["version"];
  if (!version.is_number_integer() || version.get<int64_t>() != 1)
    return Status::Corrupt(name + ": /version: " + version.dump() +
                           " is not a supported baseline version (expected 1)");
  const auto& salt = j["salt"];
  if (!salt.is_string() || salt.get<std::string>().size() < 16 || salt.get<std::string>().size() % 2 != 0 ||
      !IsLowerHex(salt.get<std::string>()))
    return Status::Corrupt(name + ": /salt: expected an even number (at least 16) of lower-case hex digits");
  const auto& entries = j["entries"];
  if (!entries.is_array()) return Status::Corrupt(name + ": /entries: expected an array");
  Baseline b;
  b.salt_hex_ = salt.get<std::string>();
  b.salt_bytes_ = FromHex(b.salt_hex_);
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    if (!e.is_string() || e.get<std::string>().size() != 64 || !IsLowerHex(e.get<std::string>()))
      return Status::Corrupt(name + ": /entries/" + std::to_string(i) +
                             ": expected 64 lower-case hex digits");
    b.entries_.insert(e.get<std::string>());
  }
  *out = std::move(b);
  return Status::Ok();
}

Status BaselineSession::Start(const std::string& baseline_path, const std::string& write_path, bool prune) {
  baseline_path_ = baseline_path;
  write_path_ = write_path;
  prune_ = prune;
  if (prune && baseline_path.empty())
    return Status::InvalidArgument("--baseline-prune needs --baseline FILE");
  if (!baseline_path.empty()) {
    Baseline b;
    if (Status s = Baseline::Load(baseline_path, &b); !s.ok()) return s;
    loaded_ = std::move(b);
  }
  if (!write_path.empty() || prune) seen_ = loaded_ ? Baseline::SameSalt(*loaded_) : Baseline::New();
  // Regenerating a baseline in place keeps its salt, so that entries of
  // credentials still present do not change.
  if (!write_path.empty() && !loaded_) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(write_path, ec))) {
      Baseline existing;
      if (Status s = Baseline::Load(write_path, &existing); s.ok()) {
        seen_ = Baseline::SameSalt(existing);
      } else {
        replaced_note_ =
            write_path + ": the existing file is not a baseline, a new salt was drawn (" + s.message() + ")";
      }
    }
  }
  return Status::Ok();
}

Status BaselineSession::Finish(bool complete, std::string* note) {
  note->clear();
  // Pruning after a partial scan would drop the entries of whatever was
  // not read: refuse and leave the file as it was.
  if (prune_ && !complete)
    return Status::InvalidArgument(baseline_path_ +
                                   ": --baseline-prune refused: the scan was not complete (see the inputs "
                                   "not scanned above); the baseline is unchanged");
  if (!write_path_.empty()) {
    if (Status s = seen_->Write(write_path_); !s.ok()) return s;
    *note = write_path_ + ": baseline written with " + std::to_string(seen_->size()) + " entr" +
            (seen_->size() == 1 ? "y" : "ies");
    if (!replaced_note_.empty()) *note += "; " + replaced_note_;
  }
  if (prune_) {
    size_t removed = loaded_->Prune(*seen_);
    if (Status s = loaded_->Write(baseline_path_); !s.ok()) return s;
    if (!note->empty()) *note += "; ";
    *note += baseline_path_ + ": pruned " + std::to_string(removed) + " entr" + (removed == 1 ? "y" : "ies") +
             ", " + std::to_string(loaded_->size()) + " left";
  }
  return Status::Ok();
}

Status Baseline::Load(const std::string& path, Baseline* out) {
  std::string text;
  if (Status s = ReadWholeFile(path, &text); !s.ok()) return s;
  return Parse(text, path, out);
}

}  // namespace blastradius
