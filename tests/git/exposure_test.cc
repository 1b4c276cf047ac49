// ExposureMap: classification, and no repository listing under the map's lock.
#include "scanner/git/exposure.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "tests/testutil/temp_dir.h"

namespace blastradius {
namespace {

using testing::TempDir;

// Two fake repositories (a .git directory makes a work-tree top).
struct TwoRepos {
  TempDir dir;
  std::string a, b;
  TwoRepos() {
    dir.Write("a/.git/HEAD", "");
    dir.Write("b/.git/HEAD", "");
    a = std::filesystem::canonical(dir.path() + "/a").string();
    b = std::filesystem::canonical(dir.path() + "/b").string();
  }
};

TEST_CASE("classifies with the lister's answer, listing each repository once") {
  TwoRepos r;
  std::atomic<int> calls{0};
  ExposureMap map(
      [&](const std::string& top, std::vector<std::string>* tracked, std::vector<std::string>* ignored) {
        ++calls;
        if (top == r.b) return false;  // not a usable repository
        *tracked = {"src/app.py"};
        *ignored = {".env", "build/"};
        return true;
      });
  CHECK(map.Classify(r.a + "/src/app.py") == Exposure::kTracked);
  CHECK(map.Classify(r.a + "/.env") == Exposure::kIgnored);
  CHECK(map.Classify(r.a + "/build/out/x.txt") == Exposure::kIgnored);
  CHECK(map.Classify(r.a + "/new.txt") == Exposure::kUntracked);
  CHECK(map.Classify(r.b + "/x.txt") == Exposure::kFile);
  CHECK(map.Classify(r.b + "/y.txt") == Exposure::kFile);
  CHECK(calls == 2);
}

// Regression (issue 12): the map listed a repository while holding its lock,
// so every worker waited while one repository was listed. Here repository
// A's listing waits until B's is done: under the lock B could never start,
// and A's wait would time out.
TEST_CASE("a repository is listed outside the lock: another one is classified meanwhile") {
  TwoRepos r;
  std::mutex mu;
  std::condition_variable cv;
  bool a_started = false, b_listed = false;
  ExposureMap map([&](const std::string& top, std::vector<std::string>* tracked, std::vector<std::string>*) {
    std::unique_lock<std::mutex> lock(mu);
    if (top == r.a) {
      a_started = true;
      cv.notify_all();
      cv.wait_for(lock, std::chrono::seconds(10), [&] { return b_listed; });
      tracked->push_back(b_listed ? "listed-while-b-was-listed.txt" : "timed-out.txt");
    } else {
      b_listed = true;
      cv.notify_all();
    }
    return true;
  });
  Exposure a_exposure = Exposure::kFile;
  std::thread t([&] { a_exposure = map.Classify(r.a + "/listed-while-b-was-listed.txt"); });
  {
    std::unique_lock<std::mutex> lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return a_started; }));
  }
  auto before = std::chrono::steady_clock::now();
  CHECK(map.Classify(r.b + "/x.txt") == Exposure::kUntracked);
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
  t.join();
  CHECK(a_exposure == Exposure::kTracked);
}

}  // namespace
}  // namespace blastradius
