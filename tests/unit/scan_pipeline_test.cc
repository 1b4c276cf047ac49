// Scan()'s stage order without a compiled Vectorscan database: a test
// CandidateFinder reports fixed values wherever they occur (with the
// built-in signatures' rule table, which needs no pattern database), and the
// pipeline must drop what allow markers, the baseline and the added lines
// say, count it, record baseline keys, and still scrub a suppressed secret
// from the report's other fields. Values are clearly fake words.
#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/diag/diagnostics.h"
#include "scanner/git/added_lines.h"
#include "scanner/pipeline/candidate_finder.h"
#include "scanner/pipeline/scan.h"
#include "scanner/policy/baseline.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/memory_source.h"

namespace blastradius {
namespace {

constexpr char kOne[] = "FAKE-VALUE-ONE-0001";
constexpr char kTwo[] = "FAKE-VALUE-TWO-0002";
constexpr char kThree[] = "FAKE-VALUE-THREE-0003";

class FixedScratch final : public FinderScratch {
 public:
  const Status& status() const override { return ok_; }

 private:
  Status ok_ = Status::Ok();
};

// Reports every occurrence of its values under one rule, sorted by offset,
// as the matcher would.
class FixedFinder final : public CandidateFinder {
 public:
  FixedFinder(const SignatureDb& db, uint32_t rule, std::vector<std::string> values)
      : db_(db), rule_(rule), values_(std::move(values)) {
    for (const Signature& sig : db.signatures()) rules_.emplace_back(&sig);
  }
  const std::deque<CompiledRule>& rules() const override { return rules_; }
  const DamageModel& damage_model() const override { return db_.damage_model(); }
  std::unique_ptr<FinderScratch> NewScratch() const override { return std::make_unique<FixedScratch>(); }
  Status Find(std::string_view data, std::string_view, FinderScratch&, std::vector<Candidate>* out,
              std::vector<FinderDisagreement>*) const override {
    ++calls;
    for (const std::string& v : values_) {
      for (size_t at = data.find(v); at != std::string_view::npos; at = data.find(v, at + 1)) {
        Candidate c;
        c.rule = rule_;
        c.secret = c.whole = Span(at, at + v.size());
        out->push_back(std::move(c));
      }
    }
    std::sort(out->begin(), out->end(),
              [](const Candidate& a, const Candidate& b) { return a.secret.begin < b.secret.begin; });
    return Status::Ok();
  }
  mutable int calls = 0;

 private:
  const SignatureDb& db_;
  uint32_t rule_;
  std::vector<std::string> values_;
  std::deque<CompiledRule> rules_;
};

// One blob with the provenance a diff source gives it.
class DiffBlobSource final : public ContentSource {
 public:
  DiffBlobSource(std::string path, std::string data, const AddedLines* added)
      : path_(std::move(path)), data_(std::move(data)), added_(added) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics&) override {
    Blob b;
    b.path = path_;
    b.data = data_;
    b.added_lines = added_;
    counters.files_scanned++;
    visit(b);
    return Status::Ok();
  }

 private:
  std::string path_, data_;
  const AddedLines* added_;
};

const SignatureDb& Db() {
  static const SignatureDb* db = [] {
    auto* d = new SignatureDb;
    d->AddBuiltin();
    REQUIRE(d->Finish().ok());
    return d;
  }();
  return *db;
}

// A format-specific rule that applies to every path and is not an HTTP
// credential (no anchoring, no URL account).
uint32_t PlainRule() {
  const auto& sigs = Db().signatures();
  for (uint32_t i = 0; i < sigs.size(); ++i) {
    const Signature& s = sigs[i];
    if (!s.card.generic && s.paths.empty() && s.decode == DecodeKind::kNone &&
        s.card.id.rfind("http.", 0) != 0 && s.card.id.rfind("urlcred.", 0) != 0)
      return i;
  }
  FAIL("no plain rule");
  return 0;
}

std::string Text() {
  return std::string("one = \"") + kOne + "\"\n" + "two = \"" + kTwo + "\"  # blastradius:allow fixture\n" +
         "three = \"" + kThree + "\"\n";
}

std::vector<std::string> Secrets(const ScanResult& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) out.push_back(f.secret);
  std::sort(out.begin(), out.end());
  return out;
}

ScanOptions Options() {
  ScanOptions o;
  o.show_secrets = true;
  o.fingerprint_key = "test-key";
  o.now = 1700000000;
  return o;
}

TEST_CASE("markers and the baseline drop candidates and say so") {
  FixedFinder finder(Db(), PlainRule(), {kOne, kTwo, kThree});
  const std::string rule_id = Db().signatures()[PlainRule()].card.id;
  Baseline base = Baseline::New();
  base.Add(BaselineKey(base, rule_id, kThree));

  struct Row {
    const char* name;
    bool markers;
    bool use_baseline;
    std::vector<std::string> reported;
    uint64_t by_marker, by_baseline;
  };
  const std::vector<Row> rows = {
      {"no policy", false, false, {kOne, kThree, kTwo}, 0, 0},
      {"markers", true, false, {kOne, kThree}, 1, 0},
      {"markers and baseline", true, true, {kOne}, 1, 1},
      {"baseline only", false, true, {kOne, kTwo}, 0, 1},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    std::vector<std::string> want = row.reported;
    std::sort(want.begin(), want.end());
    MemorySource source({MemoryBlob{"config/app.env", Text()}});
    ScanOptions o = Options();
    o.allow_markers = row.markers;
    if (row.use_baseline) o.baseline = &base;
    Diagnostics diag(true, false);
    ScanResult r;
    REQUIRE(Scan(source, finder, o, diag, &r).ok());
    CHECK(Secrets(r) == want);
    CHECK(r.suppressed_by_marker == row.by_marker);
    CHECK(r.suppressed_by_baseline == row.by_baseline);
    for (const Finding& f : r.findings) {
      REQUIRE(f.locations.size() == 1);
      CHECK(f.locations[0].path == "config/app.env");
      CHECK(f.rule->id == rule_id);
      CHECK(f.locations[0].line == (f.secret == kOne ? 1u : f.secret == kTwo ? 2u : 3u));
      CHECK(!f.locations[0].line_hash.empty());
    }
  }
  CHECK(finder.calls == static_cast<int>(rows.size()));
}

TEST_CASE("seen records what passes the markers, the baseline's drops included") {
  FixedFinder finder(Db(), PlainRule(), {kOne, kTwo, kThree});
  const std::string rule_id = Db().signatures()[PlainRule()].card.id;
  Baseline base = Baseline::New();
  base.Add(BaselineKey(base, rule_id, kThree));
  Baseline seen = Baseline::SameSalt(base);
  MemorySource source({MemoryBlob{"config/app.env", Text()}});
  ScanOptions o = Options();
  o.baseline = &base;
  o.seen = &seen;
  Diagnostics diag(true, false);
  ScanResult r;
  REQUIRE(Scan(source, finder, o, diag, &r).ok());
  CHECK(Secrets(r) == std::vector<std::string>{kOne});
  CHECK(seen.size() == 2);
  CHECK(seen.Contains(BaselineKey(seen, rule_id, kOne)));
  CHECK(seen.Contains(BaselineKey(seen, rule_id, kThree)));
  CHECK_FALSE(seen.Contains(BaselineKey(seen, rule_id, kTwo)));
}

TEST_CASE("added lines keep only what the change added") {
  FixedFinder finder(Db(), PlainRule(), {kOne, kTwo, kThree});
  struct Row {
    const char* name;
    std::vector<LineRange> added;
    std::vector<std::string> reported;
    uint64_t by_marker;
  };
  const std::vector<Row> rows = {
      {"line 3", {{3, 3}}, {kThree}, 0},
      {"lines 1-2: the marker still counts its own", {{1, 2}}, {kOne}, 1},
      {"nothing added: the blob is not matched", {}, {}, 0},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    AddedLines added;
    for (const LineRange& l : row.added) added.Add(l.first, l.last);
    DiffBlobSource source("app.env", Text(), &added);
    Diagnostics diag(true, false);
    ScanResult r;
    int before = finder.calls;
    REQUIRE(Scan(source, finder, Options(), diag, &r).ok());
    CHECK(Secrets(r) == row.reported);
    CHECK(r.suppressed_by_marker == row.by_marker);
    CHECK(finder.calls == before + (row.added.empty() ? 0 : 1));
  }
}

TEST_CASE("a suppressed secret is still scrubbed from the report") {
  // The path names the value the marker accepts; the reported finding's
  // location must not show it in clear.
  FixedFinder finder(Db(), PlainRule(), {kOne, kTwo});
  std::string path = std::string("dir-") + kTwo + "/app.env";
  MemorySource source({MemoryBlob{path, Text()}});
  ScanOptions o = Options();
  o.show_secrets = false;
  Diagnostics diag(true, false);
  ScanResult r;
  REQUIRE(Scan(source, finder, o, diag, &r).ok());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.suppressed_by_marker == 1);
  CHECK(r.findings[0].secret.empty());
  REQUIRE(r.findings[0].locations.size() == 1);
  CHECK(r.findings[0].locations[0].path.find(kTwo) == std::string::npos);
  CHECK(r.findings[0].locations[0].path.find("dir-") == 0);
}

}  // namespace
}  // namespace blastradius
