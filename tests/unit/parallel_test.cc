// The parallel loops (scanner/core/parallel.h): every item, including the
// ones bodies add, runs exactly once, on any thread count; a body's
// exception reaches the caller. The same expectations hold for oneTBB and
// for the plain-thread queue of a TSan build.
#include "scanner/core/parallel.h"

#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace blastradius {
namespace {

TEST_CASE("every item runs exactly once, fed ones included, on 1 to 4 threads") {
  for (size_t threads : {1, 2, 4}) {
    CAPTURE(threads);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

    // A binary tree of ids 1..1023: item k adds 2k and 2k+1 while below 1024.
    std::vector<std::atomic<int>> seen(1024);
    const std::vector<int> roots = {1};
    ParallelForEachFed<int>(roots.begin(), roots.end(), [&](const int& k, ParallelFeeder<int>& feeder) {
      seen[static_cast<size_t>(k)]++;
      if (2 * k < 1024) feeder.Add(2 * k);
      if (2 * k + 1 < 1024) feeder.Add(2 * k + 1);
    });
    int once = 0;
    for (size_t k = 1; k < seen.size(); ++k) once += seen[k] == 1;
    CHECK(once == 1023);
    CHECK(seen[0] == 0);

    std::vector<int> items(500);
    std::iota(items.begin(), items.end(), 0);
    std::mutex mu;
    std::vector<int> visited;
    ParallelForEach(items.begin(), items.end(), [&](const int& v) {
      std::lock_guard<std::mutex> lock(mu);
      visited.push_back(v);
    });
    std::sort(visited.begin(), visited.end());
    CHECK(visited == items);
  }
}

TEST_CASE("no items: the body never runs") {
  const std::vector<int> none;
  int calls = 0;
  ParallelForEach(none.begin(), none.end(), [&](const int&) { ++calls; });
  ParallelForEachFed<int>(none.begin(), none.end(), [&](const int&, ParallelFeeder<int>&) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("a body's exception reaches the caller") {
  const std::vector<int> items = {1, 2, 3, 4};
  CHECK_THROWS_AS(ParallelForEach(items.begin(), items.end(),
                                  [](const int& v) {
                                    if (v == 3) throw std::runtime_error("three");
                                  }),
                  std::runtime_error);
}

}  // namespace
}  // namespace blastradius
