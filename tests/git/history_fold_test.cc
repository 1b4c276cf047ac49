// FoldHistoryLocations: one history location per path (the earliest commit),
// at-HEAD carried over, and the history-only verdict.
#include "scanner/pipeline/history_fold.h"

#include <doctest/doctest.h>

namespace blastradius {
namespace {

Location History(const std::string& path, const std::string& commit, uint64_t order, bool at_head,
                 uint32_t line = 1) {
  Location l;
  l.path = path;
  l.line = line;
  l.exposure = Exposure::kHistory;
  l.commit = commit;
  l.history_order = order;
  l.at_head = at_head;
  return l;
}

TEST_CASE("the earliest commit per path wins and at_head is kept") {
  Finding f;
  f.locations = {History("a.env", "c3", 3, true, 2), History("a.env", "c1", 1, false),
                 History("b.env", "c2", 2, false)};
  FoldHistoryLocations(&f, true);
  REQUIRE(f.locations.size() == 2);
  CHECK(f.locations[0].commit == "c1");
  CHECK(f.locations[0].at_head);
  CHECK(f.locations[0].exposure == Exposure::kHistory);
  CHECK(f.locations[1].commit == "c2");
  CHECK_FALSE(f.locations[1].at_head);
  CHECK(f.notes.empty());
}

TEST_CASE("nothing at HEAD and nothing in the work tree: history-only") {
  Finding f;
  f.locations = {History("a.env", "c1", 1, false), History("a.env", "c1", 1, false)};  // two merge parents
  FoldHistoryLocations(&f, true);
  REQUIRE(f.locations.size() == 1);
  CHECK(f.locations[0].exposure == Exposure::kHistoryOnly);
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0].rfind("history-only", 0) == 0);
}

TEST_CASE("a work-tree copy keeps the finding exposed there, not history-only") {
  Finding f;
  Location work;
  work.path = "old/.env";
  work.exposure = Exposure::kIgnored;
  f.locations = {work, History("a.env", "c1", 1, false)};
  FoldHistoryLocations(&f, true);
  REQUIRE(f.locations.size() == 2);
  CHECK(f.locations[1].exposure == Exposure::kHistory);
  CHECK(f.notes.empty());
}

TEST_CASE("outside --history only the removed-later note is added") {
  Finding f;
  Location l = History("a.env", "c1", 0, false);
  l.removed_later = true;
  f.locations = {l, History("a.env", "c2", 1, false)};
  FoldHistoryLocations(&f, false);
  CHECK(f.locations.size() == 2);
  CHECK(f.locations[0].exposure == Exposure::kHistory);
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0].rfind("removed later in this range", 0) == 0);
}

}  // namespace
}  // namespace blastradius
