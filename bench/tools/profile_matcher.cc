// profile_matcher: splits a blastradius scan into its stages and times each
// one in isolation, on the real signature database and the real engine
// (linked from the scanner's static libraries). Used by bench/profile.sh.
//
//   profile_matcher startup            time each start-up step
//   profile_matcher corpus DIR [TOP]   load DIR's text files into memory, then
//                                      time I/O, Vectorscan, RE2 confirmation
//                                      (per rule), validation, aggregation,
//                                      and 1- vs 2-thread engine scaling
//
// The file selection mirrors FileSystemSource (binary extension, NUL in the
// first 8 KiB, 10 MiB limit, no symlinks) so byte counts match the scanner.
#include <dirent.h>
#include <fcntl.h>
#include <hs/hs.h>
#include <re2/re2.h>
#include <sys/stat.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scanner/core/line_index.h"
#include "scanner/core/secret_hash.h"
#include "scanner/match/derived_gate.h"
#include "scanner/match/matcher.h"
#include "scanner/match/rule_set.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/blob.h"

using namespace blastradius;
using Clock = std::chrono::steady_clock;

namespace {

double Secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

void Die(const std::string& m) {
  std::fprintf(stderr, "profile_matcher: %s\n", m.c_str());
  std::exit(2);
}

constexpr uint64_t kMaxFile = 10 * 1024 * 1024;

void ListFiles(const std::string& dir, std::vector<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
    std::string p = dir + "/" + e->d_name;
    if (e->d_type == DT_DIR) {
      if (std::strcmp(e->d_name, ".git") != 0) ListFiles(p, out);
    } else if (e->d_type == DT_REG) {
      out->push_back(p);
    }
  }
  closedir(d);
}

bool ReadAll(const std::string& path, std::string* buf) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || static_cast<uint64_t>(st.st_size) > kMaxFile) {
    close(fd);
    return false;
  }
  buf->resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < buf->size()) {
    ssize_t n = read(fd, buf->data() + got, buf->size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  buf->resize(got);
  return true;
}

struct Corpus {
  std::vector<std::string> paths;
  std::vector<std::string> data;
  uint64_t bytes = 0;
};

int CountEvent(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  auto* ev = static_cast<std::vector<std::pair<uint32_t, uint64_t>>*>(ctx);
  ev->emplace_back(id, to);
  return 0;
}

std::unique_ptr<SignatureDb> LoadDb() {
  auto db = std::make_unique<SignatureDb>();
  db->AddBuiltin();
  Status s = db->Finish();
  if (!s.ok()) Die(s.message());
  return db;
}

std::unique_ptr<RuleSet> Compile(const SignatureDb& db, bool cache) {
  RuleSetOptions o;
  if (cache) o.cache_dir = DefaultCacheDir();
  std::unique_ptr<RuleSet> rs;
  Status s = RuleSet::Compile(db, o, &rs);
  if (!s.ok()) Die(s.message());
  return rs;
}

int Startup() {
  auto t0 = Clock::now();
  auto db = LoadDb();
  auto t1 = Clock::now();
  auto rs = Compile(*db, true);
  auto t2 = Clock::now();
  std::printf("signatures            %zu\n", db->signatures().size());
  std::printf("load+validate JSON    %8.1f ms\n", Secs(t0, t1) * 1e3);
  std::printf("RuleSet::Compile      %8.1f ms  (Vectorscan DB from cache: %s)\n", Secs(t1, t2) * 1e3,
              rs->loaded_from_cache() ? "yes" : "no");

  // The parts of RuleSet::Compile, redone one by one.
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  std::vector<std::pair<double, std::string>> slow;
  double re2_fwd = 0, re2_end = 0, hs_info = 0;
  for (const auto& sig : db->signatures()) {
    auto a = Clock::now();
    RE2 f("(?m)" + sig.pattern, o);
    auto b = Clock::now();
    RE2 e("(?m)(?:" + sig.pattern + ")\\z", o);
    auto c = Clock::now();
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_expression_info(sig.pattern.c_str(), HS_FLAG_MULTILINE, &info, &err) == HS_SUCCESS)
      std::free(info);
    else
      hs_free_compile_error(err);
    auto d = Clock::now();
    re2_fwd += Secs(a, b);
    re2_end += Secs(b, c);
    hs_info += Secs(c, d);
    slow.push_back({Secs(a, d), sig.card.id});
  }
  std::printf("  RE2 forward x%zu     %8.1f ms\n", db->signatures().size(), re2_fwd * 1e3);
  std::printf("  RE2 end-anchored x%zu %7.1f ms\n", db->signatures().size(), re2_end * 1e3);
  std::printf("  hs_expression_info  %8.1f ms\n", hs_info * 1e3);
  std::sort(slow.rbegin(), slow.rend());
  std::printf("  slowest signatures to compile (RE2 x2 + hs_expression_info):\n");
  for (size_t i = 0; i < 5 && i < slow.size(); ++i)
    std::printf("    %6.2f ms  %s\n", slow[i].first * 1e3, slow[i].second.c_str());

  // First confirmation of every rule pays RE2's lazy reverse-program build.
  std::string text = "x";
  auto a = Clock::now();
  re2::StringPiece g[2];
  for (const auto& r : rs->rules()) r.end_anchored().Match(text, 0, text.size(), RE2::UNANCHORED, g, 2);
  auto b = Clock::now();
  std::printf("first Match() on every end-anchored RE2 (lazy reverse prog): %.1f ms\n", Secs(a, b) * 1e3);
  auto c = Clock::now();
  auto rs2 = Compile(*db, false);
  auto d = Clock::now();
  std::printf("RuleSet::Compile --no-cache (full Vectorscan compile): %.1f ms\n", Secs(c, d) * 1e3);
  return 0;
}

struct RuleStat {
  uint64_t events = 0, confirms = 0, matches = 0, files = 0;
  double re2_s = 0;
};

int CorpusMode(const std::string& dir, size_t top) {
  auto db = LoadDb();
  auto rs = Compile(*db, true);
  const auto& rules = rs->rules();

  // --- I/O: walk, then open+fstat+read+close of every file (warm cache).
  Corpus c;
  auto t0 = Clock::now();
  std::vector<std::string> all;
  ListFiles(dir, &all);
  auto t1 = Clock::now();
  std::string buf;
  uint64_t skipped = 0;
  for (const auto& p : all) {
    if (HasBinaryExtension(p)) {
      ++skipped;
      continue;
    }
    if (!ReadAll(p, &buf) || LooksBinary(buf)) {
      ++skipped;
      continue;
    }
    c.bytes += buf.size();
    c.paths.push_back(p);
    c.data.push_back(buf);
  }
  auto t2 = Clock::now();
  std::printf("files listed %zu, text files %zu (%.1f MB), skipped %lu\n", all.size(), c.paths.size(),
              c.bytes / 1e6, static_cast<unsigned long>(skipped));
  std::printf("[io]  walk (readdir, 1 thread)                 %7.3f s\n", Secs(t0, t1));
  std::printf("[io]  open+fstat+read+close+copy (1 thread)    %7.3f s  (%.0f files/s)\n", Secs(t1, t2),
              all.size() / Secs(t1, t2));
  const double mb = c.bytes / 1e6;

  // --- Vectorscan alone (1 thread), events per rule.
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(rs->database(), &scratch);
  std::vector<std::vector<std::pair<uint32_t, uint64_t>>> events(c.data.size());
  auto t3 = Clock::now();
  for (size_t i = 0; i < c.data.size(); ++i) {
    events[i].clear();
    hs_scan(rs->database(), c.data[i].data(), static_cast<unsigned>(c.data[i].size()), 0, scratch, CountEvent,
            &events[i]);
  }
  auto t4 = Clock::now();
  hs_free_scratch(scratch);
  std::vector<RuleStat> st(rules.size());
  uint64_t total_events = 0, files_with_events = 0;
  for (auto& ev : events) {
    std::sort(ev.begin(), ev.end());
    ev.erase(std::unique(ev.begin(), ev.end()), ev.end());
    total_events += ev.size();
    if (!ev.empty()) ++files_with_events;
    uint32_t last = UINT32_MAX;
    for (auto& [r, e] : ev) {
      st[r].events++;
      if (r != last) st[r].files++;
      last = r;
    }
  }
  double hs_s = Secs(t3, t4);
  std::printf("[vs]  hs_scan only (1 thread)                  %7.3f s  %6.0f MB/s  %lu events in %lu files\n",
              hs_s, mb / hs_s, static_cast<unsigned long>(total_events),
              static_cast<unsigned long>(files_with_events));

  // --- RE2 confirmation exactly as Matcher::FindRaw does it, timed per rule.
  // Pass 1 pays RE2's lazy reverse-program compile and DFA state building;
  // pass 2 runs with warm DFA caches (steady state of a long scan).
  std::vector<RuleStat> st2(rules.size());
  double re2_s = 0, re2_warm = 0;
  uint64_t confirms = 0;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<RuleStat>& S = pass == 0 ? st : st2;
    re2::StringPiece g[2];
    auto t5 = Clock::now();
    uint64_t calls = 0;
    for (size_t f = 0; f < c.data.size(); ++f) {
      std::string_view data = c.data[f];
      const auto& ev = events[f];
      size_t i = ev.size();
      while (i > 0) {
        uint32_t rule = ev[i - 1].first;
        size_t first = i;
        while (first > 0 && ev[first - 1].first == rule) --first;
        const CompiledRule& r = rules[rule];
        auto a = Clock::now();
        if (r.prefilter) {
          size_t pos = 0;
          while (pos <= data.size() && r.forward().Match(re2::StringPiece(data.data(), data.size()), pos,
                                                         data.size(), RE2::UNANCHORED, g, 2)) {
            size_t mb0 = g[0].data() - data.data(), me = mb0 + g[0].size();
            S[rule].matches++;
            pos = me > mb0 ? me : me + 1;
          }
          S[rule].confirms++;
          ++calls;
        } else {
          size_t covered = SIZE_MAX;
          for (size_t k = i; k > first; --k) {
            size_t end = ev[k - 1].second;
            if (covered != SIZE_MAX && end > covered) continue;
            size_t begin = end > r.window ? end - r.window : 0;
            S[rule].confirms++;
            ++calls;
            if (!r.end_anchored().Match(re2::StringPiece(data.data(), end), begin, end, RE2::UNANCHORED, g,
                                        2))
              continue;
            covered = g[0].data() - data.data();
            S[rule].matches++;
          }
        }
        S[rule].re2_s += Secs(a, Clock::now());
        i = first;
      }
    }
    (pass == 0 ? re2_s : re2_warm) = Secs(t5, Clock::now());
    confirms = calls;
  }
  std::printf(
      "[re2] windowed confirmation (1 thread)         %7.3f s  (%lu RE2 calls; %.3f s on a 2nd pass with "
      "warm RE2 caches)\n",
      re2_s, static_cast<unsigned long>(confirms), re2_warm);

  // --- Full Matcher::Scan (Vectorscan + RE2 + validators), 1 thread.
  Matcher matcher(*rs);
  std::vector<std::vector<Candidate>> cands(c.data.size());
  double scan1;
  {
    MatchScratch ms(*rs);
    auto a = Clock::now();
    for (size_t i = 0; i < c.data.size(); ++i) matcher.Scan(c.data[i], ms, &cands[i], c.paths[i]);
    scan1 = Secs(a, Clock::now());
  }
  uint64_t ncand = 0;
  for (auto& v : cands) ncand += v.size();
  std::printf("[eng] Matcher::Scan in memory, 1 thread        %7.3f s  %6.0f MB/s  (%lu candidates)\n", scan1,
              mb / scan1, static_cast<unsigned long>(ncand));
  // The rest is validation and overlap resolution, and also each rule's
  // first use of its RE2 programs in the matcher (built lazily, then warmed
  // DFA states): on a first pass that part can dominate.
  std::printf("      => validators, overlap, first RE2 use ~  %7.3f s\n",
              std::max(0.0, scan1 - hs_s - re2_s));

  // --- Findings aggregation as pipeline/scan.cc does it (SHA-256 fingerprint,
  // redaction, line index).
  {
    auto a = Clock::now();
    std::map<std::string, int> fps;
    for (size_t i = 0; i < c.data.size(); ++i) {
      if (cands[i].empty()) continue;
      LineIndex li(c.data[i]);
      for (auto& cd : cands[i]) {
        std::string_view s = std::string_view(c.data[i]).substr(cd.secret.begin, cd.secret.size());
        fps[Fingerprint(rules[cd.rule].signature->card.id, s)]++;
        std::string red = Redact(s);
        uint32_t l, col;
        li.Position(cd.secret.begin, &l, &col);
      }
    }
    std::printf("[agg] fingerprint+redact+line index             %7.3f s  (%zu distinct findings)\n",
                Secs(a, Clock::now()), fps.size());
  }

  // --- 2 threads: shared RuleSet (as the scanner does) vs one RuleSet per
  // thread (no shared RE2 DFA cache, hence no RE2 lock contention).
  auto run2 = [&](const std::vector<const RuleSet*>& sets) {
    std::atomic<size_t> next{0};
    auto a = Clock::now();
    tbb::task_arena arena(2);
    arena.execute([&] {
      tbb::parallel_for(0, 2, [&](int t) {
        const RuleSet& set = *sets[static_cast<size_t>(t) % sets.size()];
        Matcher m(set);
        MatchScratch ms(set);
        std::vector<Candidate> out;
        for (size_t i; (i = next.fetch_add(1)) < c.data.size();) m.Scan(c.data[i], ms, &out, c.paths[i]);
      });
    });
    return Secs(a, Clock::now());
  };
  auto rs_b = Compile(*db, true);
  // Warm each set's RE2 DFA caches once, like a long scan would.
  for (int rep = 0; rep < 2; ++rep) {
    double shared = run2({rs.get()});
    double own = run2({rs.get(), rs_b.get()});
    std::printf("[eng] 2 threads, shared RuleSet (as scanner)   %7.3f s  %6.0f MB/s  (%.2fx of 1 thread)\n",
                shared, mb / shared, scan1 / shared);
    std::printf("[eng] 2 threads, one RuleSet per thread        %7.3f s  %6.0f MB/s  (%.2fx of 1 thread)\n",
                own, mb / own, scan1 / own);
  }

  // --- Per-rule table, by RE2 time.
  std::vector<size_t> order(rules.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return st[a].re2_s > st[b].re2_s; });
  std::printf("\ntop %zu rules by RE2 confirmation time (1 thread):\n", top);
  std::printf("%-38s %8s %7s %8s %9s %8s %8s %6s %s\n", "rule", "re2_ms", "share", "warm_ms", "events",
              "files", "confirms", "match", "window");
  for (size_t k = 0; k < top && k < order.size(); ++k) {
    const auto& s = st[order[k]];
    if (s.events == 0) break;
    std::printf("%-38s %8.1f %6.1f%% %8.1f %9lu %8lu %8lu %6lu %zu%s\n",
                rules[order[k]].signature->card.id.c_str(), s.re2_s * 1e3, 100 * s.re2_s / re2_s,
                st2[order[k]].re2_s * 1e3, static_cast<unsigned long>(s.events),
                static_cast<unsigned long>(s.files), static_cast<unsigned long>(s.confirms),
                static_cast<unsigned long>(s.matches), rules[order[k]].window,
                rules[order[k]].prefilter ? " prefilter" : "");
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return st[a].events > st[b].events; });
  std::printf("\ntop %zu rules by Vectorscan events:\n", top);
  for (size_t k = 0; k < top && k < order.size(); ++k) {
    const auto& s = st[order[k]];
    if (s.events == 0) break;
    std::printf("%-38s %9lu events %8lu files %8lu matches  /%s/\n",
                rules[order[k]].signature->card.id.c_str(), static_cast<unsigned long>(s.events),
                static_cast<unsigned long>(s.files), static_cast<unsigned long>(s.matches),
                rules[order[k]].signature->pattern.substr(0, 90).c_str());
  }
  return 0;
}

// The first `sample_mb` MB of the text files under `dir` (sorted paths).
std::vector<std::string> LoadSample(const std::string& dir, double sample_mb, uint64_t* bytes) {
  std::vector<std::string> files;
  ListFiles(dir, &files);
  std::sort(files.begin(), files.end());
  std::vector<std::string> sample;
  *bytes = 0;
  std::string buf;
  for (const auto& p : files) {
    if (*bytes >= sample_mb * 1e6) break;
    if (HasBinaryExtension(p) || !ReadAll(p, &buf) || LooksBinary(buf)) continue;
    *bytes += buf.size();
    sample.push_back(buf);
  }
  return sample;
}

// Hits of each gated signature's gate (named or derived, derived_gate.h) on
// the first `sample_mb` MB of the corpus, most first: every hit costs a
// windowed RE2 search, so a derived gate hitting often points at a word to
// add to the derivation's list of words common in code.
int GatesMode(const std::string& dir, size_t top, double sample_mb) {
  auto db = LoadDb();
  auto rules = Compile(*db, true);
  std::vector<std::string> patterns;
  std::vector<bool> eligible;
  for (const auto& r : rules->rules()) {
    patterns.push_back(r.signature->pattern);
    eligible.push_back(r.gated && r.signature->gate.empty());
  }
  const std::vector<std::string> derived = DeriveGates(patterns, eligible, Re2Options());
  uint64_t bytes = 0;
  const std::vector<std::string> sample = LoadSample(dir, sample_mb, &bytes);
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(rules->database(), &scratch);
  std::vector<uint64_t> hits(rules->rules().size());
  std::vector<std::pair<uint32_t, uint64_t>> ev;
  for (const auto& d : sample) {
    ev.clear();
    hs_scan(rules->database(), d.data(), static_cast<unsigned>(d.size()), 0, scratch, CountEvent, &ev);
    for (const auto& e : ev) ++hits[e.first];
  }
  hs_free_scratch(scratch);
  std::vector<size_t> order;
  size_t n_derived = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (rules->rules()[i].gated) order.push_back(i);
    n_derived += !derived[i].empty();
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return hits[a] > hits[b]; });
  std::printf("sample: %zu files, %.1f MB; %zu gated signatures (%zu derived gates)\n", sample.size(),
              bytes / 1e6, order.size(), n_derived);
  std::printf("%-40s %8s %6s  %s\n", "signature", "hits", "width", "gate");
  for (size_t k = 0; k < std::min(top, order.size()); ++k) {
    const CompiledRule& r = rules->rules()[order[k]];
    const std::string gate = derived[order[k]].empty() ? r.signature->gate : derived[order[k]];
    std::printf("%-40s %8lu %6zu  %s%s\n", r.signature->card.id.c_str(),
                static_cast<unsigned long>(hits[order[k]]), r.window,
                derived[order[k]].empty() ? "" : "derived: ", gate.substr(0, 70).c_str());
  }
  return 0;
}

// Vectorscan cost of each signature alone (its gate when it has one) on the
// first `sample_mb` MB of the corpus, slowest first, and of the whole set:
// which patterns keep the single pass from running at literal speed.
int PatternsMode(const std::string& dir, size_t top, double sample_mb) {
  auto db = LoadDb();
  uint64_t bytes = 0;
  const std::vector<std::string> sample = LoadSample(dir, sample_mb, &bytes);
  auto scan_time = [&](const std::vector<const Signature*>& sigs, uint64_t* events) {
    std::vector<std::string> texts;
    for (const Signature* s : sigs) texts.push_back(VectorscanPattern(*s));
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (const std::string& text : texts) {
      exprs.push_back(text.c_str());
      flags.push_back(HS_FLAG_MULTILINE);
      ids.push_back(static_cast<unsigned>(ids.size()));
    }
    hs_database_t* hdb = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                         HS_MODE_BLOCK, nullptr, &hdb, &err) != HS_SUCCESS) {
      hs_free_compile_error(err);
      for (auto& f : flags) f |= HS_FLAG_PREFILTER;
      if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                           HS_MODE_BLOCK, nullptr, &hdb, &err) != HS_SUCCESS) {
        hs_free_compile_error(err);
        return -1.0;
      }
    }
    hs_scratch_t* scratch = nullptr;
    hs_alloc_scratch(hdb, &scratch);
    std::vector<std::pair<uint32_t, uint64_t>> ev;
    auto t0 = Clock::now();
    for (const auto& d : sample) {
      hs_scan(hdb, d.data(), static_cast<unsigned>(d.size()), 0, scratch, CountEvent, &ev);
      *events += ev.size();
      ev.clear();
    }
    double secs = Secs(t0, Clock::now());
    hs_free_scratch(scratch);
    hs_free_database(hdb);
    return secs;
  };
  std::vector<const Signature*> all;
  for (const auto& s : db->signatures()) all.push_back(&s);
  uint64_t all_events = 0;
  double all_secs = scan_time(all, &all_events);
  std::printf(
      "sample: %zu files, %.1f MB; all %zu signatures in one database: %.3f s, %.0f MB/s, %lu events\n",
      sample.size(), bytes / 1e6, all.size(), all_secs, bytes / 1e6 / all_secs,
      static_cast<unsigned long>(all_events));
  struct Cost {
    double secs;
    uint64_t events;
    const Signature* sig;
  };
  std::vector<Cost> costs;
  double sum = 0;
  for (const Signature* s : all) {
    uint64_t ev = 0;
    double secs = scan_time({s}, &ev);
    costs.push_back({secs, ev, s});
    sum += secs;
  }
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.secs > b.secs; });
  std::printf("each signature alone (sum %.2f s); the %zu slowest:\n", sum, top);
  std::printf("%-40s %8s %8s %8s  %s\n", "signature", "s", "MB/s", "events", "Vectorscan runs");
  for (size_t i = 0; i < std::min(top, costs.size()); ++i) {
    const Cost& c = costs[i];
    std::string expr = VectorscanPattern(*c.sig).substr(0, 60);
    std::printf("%-40s %8.3f %8.0f %8lu  %s%s\n", c.sig->card.id.c_str(), c.secs, bytes / 1e6 / c.secs,
                static_cast<unsigned long>(c.events), c.sig->gate.empty() ? "" : "gate: ", expr.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "startup") return Startup();
  if (argc >= 3 && std::string(argv[1]) == "patterns")
    return PatternsMode(argv[2], argc >= 4 ? std::stoul(argv[3]) : 25, argc >= 5 ? std::stod(argv[4]) : 60);
  if (argc >= 3 && std::string(argv[1]) == "gates")
    return GatesMode(argv[2], argc >= 4 ? std::stoul(argv[3]) : 25, argc >= 5 ? std::stod(argv[4]) : 60);
  if (argc >= 3 && std::string(argv[1]) == "corpus")
    return CorpusMode(argv[2], argc >= 4 ? std::stoul(argv[3]) : 15);
  std::fprintf(stderr,
               "usage: profile_matcher startup | corpus DIR [TOP] | patterns DIR [TOP [SAMPLE_MB]] |\n"
               "       gates DIR [TOP [SAMPLE_MB]]\n");
  return 2;
}
