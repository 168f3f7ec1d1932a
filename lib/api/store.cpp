// Store and InterruptHandle.
#include "api/module_impl.h"

namespace wisp {

Store::Store(const Engine& engine) : impl_(std::make_unique<detail::StoreImpl>(engine)) {
  impl_->owner = this;
}
Store::~Store() = default;
Store::Store(Store&& other) noexcept : impl_(std::move(other.impl_)) {
  if (impl_) impl_->owner = this;
}
Store& Store::operator=(Store&& other) noexcept {
  impl_ = std::move(other.impl_);
  if (impl_) impl_->owner = this;
  return *this;
}

const Engine& Store::engine() const { return impl_->engine; }
void Store::set_limits(StoreLimits limits) { impl_->budget.limits = limits; }
const StoreLimits& Store::limits() const { return impl_->budget.limits; }

void Store::set_fuel(std::optional<uint64_t> fuel) {
  impl_->fuel_enabled = fuel.has_value();
  impl_->fuel_left = fuel.value_or(0);
}
std::optional<uint64_t> Store::fuel_remaining() const {
  if (!impl_->fuel_enabled) return std::nullopt;
  return impl_->fuel_left;
}

void Store::set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
  impl_->deadline = deadline;
}

std::optional<std::chrono::steady_clock::time_point> Store::deadline() const { return impl_->deadline; }

InterruptHandle Store::interrupt_handle() { return InterruptHandle(impl_->interrupt); }

bool Store::consume_interrupt() { return impl_->interrupt->requested.exchange(false, std::memory_order_relaxed); }

void InterruptHandle::interrupt() const {
  detail::request_interrupt(std::static_pointer_cast<detail::InterruptState>(state_));
}

void Store::set_user_data(std::shared_ptr<void> data) { impl_->user_data = std::move(data); }
void* Store::raw_user_data() const { return impl_->user_data.get(); }
uint64_t Store::host_calls() const { return impl_->host_calls; }

}  // namespace wisp
