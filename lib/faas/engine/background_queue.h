// One thread that runs jobs in submission order, for work that must not hold
// up a request: compiling deployed functions to native code. Destroying the
// queue drops the jobs not yet started and waits for the running one. The
// thread runs at a lower priority (`nice`), so requests win the CPU.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace wisp::faas {

class BackgroundQueue {
 public:
  explicit BackgroundQueue(int nice = 0);
  ~BackgroundQueue();
  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;

  void submit(std::function<void()> job);
  // Blocks until every job submitted so far has run (tests, shutdown paths).
  void wait_idle();

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> jobs_;
  bool running_job_ = false;
  bool stopping_ = false;
  const int nice_;
  std::thread thread_;  // last: started after the state above exists
};

}  // namespace wisp::faas
