// The post-initialisation image of one prepared function: the first request
// that finds an instance in a capturable state (initialised without calling
// the host) captures it, and every later request starts its fresh instance
// from the image instead of running data segments, the start function and
// `_initialize` again. Capture happens at most once; a module whose
// initialisation reaches outside the guest is never captured and keeps being
// initialised per request, so what it observes (environment, clocks, output)
// stays per request.
#pragma once

#include <atomic>
#include <optional>

#include "wisp/wisp.h"

namespace wisp::faas {

class InitImage {
 public:
  // The image, once one was captured; valid as long as this object.
  const InstanceImage* get() const {
    return state_.load(std::memory_order_acquire) == kReady ? &*image_ : nullptr;
  }
  // True for exactly one caller, which must then call set().
  bool claim() {
    int expected = kEmpty;
    return state_.compare_exchange_strong(expected, kCapturing, std::memory_order_acq_rel);
  }
  // The claimant's result; nothing: this function is initialised per request.
  void set(std::optional<InstanceImage> image) {
    if (!image) {
      state_.store(kRefused, std::memory_order_release);
      return;
    }
    image_ = std::move(image);
    state_.store(kReady, std::memory_order_release);
  }
  bool refused() const { return state_.load(std::memory_order_acquire) == kRefused; }

 private:
  enum : int { kEmpty, kCapturing, kReady, kRefused };
  std::atomic<int> state_{kEmpty};
  std::optional<InstanceImage> image_;
};

// After a fresh (not image-made) instance finished its initialisation: the
// first caller captures it, unless a host function was called so far.
inline void offer_for_capture(const InstancePre& pre, InitImage& image, Store& store, const Instance& instance) {
  if (image.get() || image.refused() || !image.claim()) return;
  if (store.host_calls() != 0) {
    image.set(std::nullopt);
    return;
  }
  auto captured = pre.capture(instance);
  image.set(captured ? std::optional<InstanceImage>(std::move(*captured)) : std::nullopt);
}

}  // namespace wisp::faas
