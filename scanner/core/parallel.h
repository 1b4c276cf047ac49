// The scanner's parallel loops: tbb::parallel_for_each, except in a
// ThreadSanitizer build.
//
// The distribution's libtbb is not built with TSan, so the hand-offs inside
// it (a task queued by one thread and run by another, the wait for all of
// them) are invisible to TSan, which then reports every access to data that
// crosses a task boundary as a race, most of them inside oneTBB's own
// inlined task code. A TSan build (-DBLASTRADIUS_SANITIZE=thread) therefore
// runs the same bodies, concurrently, on plain threads that take items from
// one locked queue: every hand-off is a mutex TSan sees, and a race between
// two bodies, or between a body and the caller, is still reported. The
// thread count is oneTBB's (--threads).
#ifndef BLASTRADIUS_CORE_PARALLEL_H_
#define BLASTRADIUS_CORE_PARALLEL_H_

#include <tbb/global_control.h>
#include <tbb/parallel_for_each.h>

#include <utility>

#if defined(__SANITIZE_THREAD__)
#define BLASTRADIUS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BLASTRADIUS_TSAN 1
#endif
#endif

#ifdef BLASTRADIUS_TSAN
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace blastradius {

// What a ParallelForEachFed body may call to add work: Add(item).
template <typename Item>
class ParallelFeeder {
 public:
  virtual void Add(Item item) = 0;

 protected:
  ~ParallelFeeder() = default;
};

#ifndef BLASTRADIUS_TSAN

namespace parallel_internal {
template <typename Item>
class TbbFeeder final : public ParallelFeeder<Item> {
 public:
  explicit TbbFeeder(tbb::feeder<Item>* feeder) : feeder_(feeder) {}
  void Add(Item item) override { feeder_->add(std::move(item)); }

 private:
  tbb::feeder<Item>* feeder_;
};
}  // namespace parallel_internal

// body(item) for each item of [first, last), in parallel.
template <typename Iterator, typename Body>
void ParallelForEach(Iterator first, Iterator last, const Body& body) {
  tbb::parallel_for_each(first, last, body);
}

// The same, where body(item, ParallelFeeder<Item>&) may add items.
template <typename Item, typename Iterator, typename Body>
void ParallelForEachFed(Iterator first, Iterator last, const Body& body) {
  tbb::parallel_for_each(first, last, [&](const Item& item, tbb::feeder<Item>& feeder) {
    parallel_internal::TbbFeeder<Item> fed(&feeder);
    body(item, fed);
  });
}

#else  // BLASTRADIUS_TSAN

namespace parallel_internal {
// Runs body(item, feeder) for every queued item, including those the bodies
// add, on oneTBB's thread count of plain threads (the caller is one of
// them). Returns when the queue is empty and every thread idle; the first
// exception a body throws is rethrown then.
template <typename Item, typename Body>
class QueueRun final : public ParallelFeeder<Item> {
 public:
  QueueRun(std::deque<Item> queue, const Body& body) : queue_(std::move(queue)), body_(body) {}

  void Add(Item item) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(item));
    }
    cv_.notify_one();
  }

  void Run() {
    const size_t threads = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    std::vector<std::thread> helpers;
    for (size_t i = 1; i < threads; ++i) helpers.emplace_back([this] { Work(); });
    Work();
    for (auto& t : helpers) t.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return !queue_.empty() || busy_ == 0; });
      if (queue_.empty()) return;  // nothing queued and nobody left to add any
      Item item = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      lock.unlock();
      try {
        body_(item, *this);
      } catch (...) {
        std::lock_guard<std::mutex> error_lock(error_mu_);
        if (!error_) error_ = std::current_exception();
      }
      lock.lock();
      if (--busy_ == 0 && queue_.empty()) cv_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;  // guarded by mu_
  size_t busy_ = 0;         // bodies running; guarded by mu_
  const Body& body_;
  std::mutex error_mu_;
  std::exception_ptr error_;  // guarded by error_mu_
};
}  // namespace parallel_internal

template <typename Iterator, typename Body>
void ParallelForEach(Iterator first, Iterator last, const Body& body) {
  std::deque<Iterator> items;  // the items stay where they are
  for (Iterator it = first; it != last; ++it) items.push_back(it);
  auto each = [&](const Iterator& it, ParallelFeeder<Iterator>&) { body(*it); };
  parallel_internal::QueueRun<Iterator, decltype(each)>(std::move(items), each).Run();
}

template <typename Item, typename Iterator, typename Body>
void ParallelForEachFed(Iterator first, Iterator last, const Body& body) {
  parallel_internal::QueueRun<Item, Body>(std::deque<Item>(first, last), body).Run();
}

#endif  // BLASTRADIUS_TSAN

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_PARALLEL_H_
