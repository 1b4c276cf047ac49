#include "scanner/git/added_lines.h"

#include <algorithm>
#include <charconv>

namespace blastradius {

void AddedLines::Add(uint32_t first, uint32_t last) {
  if (last < first) return;
  if (!ranges_.empty() && first <= ranges_.back().last + 1 && first >= ranges_.back().first) {
    ranges_.back().last = std::max(ranges_.back().last, last);
    return;
  }
  ranges_.push_back({first, last});
  if (ranges_.size() > 1 && ranges_[ranges_.size() - 2].first > first) {
    // Out of order input: keep the invariant anyway.
    std::sort(ranges_.begin(), ranges_.end(),
              [](const LineRange& a, const LineRange& b) { return a.first < b.first; });
    std::vector<LineRange> merged;
    for (const auto& r : ranges_) {
      if (!merged.empty() && r.first <= merged.back().last + 1)
        merged.back().last = std::max(merged.back().last, r.last);
      else
        merged.push_back(r);
    }
    ranges_ = std::move(merged);
  }
}

bool AddedLines::Intersects(uint32_t first, uint32_t last) const {
  // First range whose end is at or after `first`.
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), first,
                             [](const LineRange& r, uint32_t v) { return r.last < v; });
  return it != ranges_.end() && it->first <= last;
}

bool UnquoteGitPath(std::string_view q, std::string* out) {
  if (q.size() < 2 || q.front() != '"' || q.back() != '"') return false;
  out->clear();
  for (size_t i = 1; i + 1 < q.size(); ++i) {
    char c = q[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (i + 2 >= q.size()) return false;
    char e = q[++i];
    switch (e) {
      case 'a':
        out->push_back('\a');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'v':
        out->push_back('\v');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      default:
        if (e >= '0' && e <= '3' && i + 2 < q.size() - 1 && q[i + 1] >= '0' && q[i + 1] <= '7' &&
            q[i + 2] >= '0' && q[i + 2] <= '7') {
          out->push_back(static_cast<char>(((e - '0') << 6) | ((q[i + 1] - '0') << 3) | (q[i + 2] - '0')));
          i += 2;
        } else {
          return false;
        }
    }
  }
  return true;
}

bool ParseDiffGitHeader(std::string_view line, std::string* path) {
  constexpr std::string_view kHeader = "diff --git ";
  if (line.substr(0, kHeader.size()) != kHeader) return false;
  std::string_view rest = line.substr(kHeader.size());
  if (!rest.empty() && rest.front() == '"') {
    // "a/P" "b/P" (quoted because P has special characters).
    size_t i = 1;
    while (i < rest.size() && rest[i] != '"') i += rest[i] == '\\' ? 2 : 1;
    if (i >= rest.size()) return false;
    std::string_view second = rest.substr(i + 1);
    if (second.substr(0, 1) != " ") return false;
    second.remove_prefix(1);
    std::string b;
    if (second.front() == '"') {
      if (!UnquoteGitPath(second, &b)) return false;
    } else {
      b = std::string(second);
    }
    if (b.rfind("b/", 0) != 0) return false;
    *path = b.substr(2);
    return true;
  }
  // a/P b/P: the same P twice, so the split point is in the middle.
  if (rest.size() < 7 || (rest.size() - 5) % 2 != 0) return false;
  size_t n = (rest.size() - 5) / 2;
  if (rest.substr(0, 2) != "a/" || rest.substr(2 + n, 3) != " b/") return false;
  *path = std::string(rest.substr(5 + n));
  return true;
}

namespace {

bool ParseNumber(std::string_view s, uint32_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

AddedLines* UnifiedDiffParser::Current() {
  if (in_header_) {
    in_header_ = false;
    current_ = have_path_ ? &files_[path_] : nullptr;
  }
  return current_;
}

void UnifiedDiffParser::Line(std::string_view line) {
  if (line.substr(0, 11) == "diff --git ") {
    Current();  // materialize the previous file, even without hunks
    in_header_ = true;
    have_path_ = ParseDiffGitHeader(line, &path_);
    current_ = nullptr;
    return;
  }
  if (in_header_) {
    constexpr std::string_view kRenameTo = "rename to ";
    constexpr std::string_view kCopyTo = "copy to ";
    std::string_view rest;
    if (line.substr(0, kRenameTo.size()) == kRenameTo)
      rest = line.substr(kRenameTo.size());
    else if (line.substr(0, kCopyTo.size()) == kCopyTo)
      rest = line.substr(kCopyTo.size());
    if (!rest.empty()) {
      if (rest.front() == '"') {
        have_path_ = UnquoteGitPath(rest, &path_);
      } else {
        path_ = std::string(rest);
        have_path_ = true;
      }
      return;
    }
  }
  if (line.substr(0, 3) != "@@ ") return;
  AddedLines* cur = Current();
  if (!cur) return;
  // @@ -a[,b] +c[,d] @@ ...
  size_t plus = line.find(" +", 3);
  if (plus == std::string_view::npos) return;
  size_t end = line.find(' ', plus + 2);
  if (end == std::string_view::npos) return;
  std::string_view spec = line.substr(plus + 2, end - plus - 2);
  uint32_t start = 0, count = 1;
  size_t comma = spec.find(',');
  if (!ParseNumber(spec.substr(0, comma), &start)) return;
  if (comma != std::string_view::npos && !ParseNumber(spec.substr(comma + 1), &count)) return;
  if (count > 0 && start > 0) cur->Add(start, start + count - 1);
}

void UnifiedDiffParser::Finish() { Current(); }

std::unordered_map<std::string, AddedLines> ParseUnifiedDiff(std::string_view diff) {
  UnifiedDiffParser p;
  size_t start = 0;
  while (start < diff.size()) {
    size_t nl = diff.find('\n', start);
    if (nl == std::string_view::npos) nl = diff.size();
    p.Line(diff.substr(start, nl - start));
    start = nl + 1;
  }
  p.Finish();
  return std::move(p.files());
}

}  // namespace blastradius
