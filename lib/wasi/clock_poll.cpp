// Clocks, poll_oneoff, sched_yield and random_get.
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "wasi/functions.h"

namespace wisp::wasi {
namespace {

std::optional<clockid_t> host_clock(uint32_t id) {
  switch (id) {
    case kClockRealtime: return CLOCK_REALTIME;
    case kClockMonotonic: return CLOCK_MONOTONIC;
    case kClockProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
    case kClockThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
    default: return std::nullopt;
  }
}

uint64_t now_ns(clockid_t clock) {
  struct timespec ts;
  ::clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

constexpr uint64_t kWaitSliceNs = 20'000'000;  // 20 ms

struct Sub {
  uint64_t userdata;
  uint8_t type;
  // Clock subscriptions: when they fire, on the monotonic clock.
  uint64_t deadline_mono = 0;
  // fd subscriptions: index into the pollfd array, or an immediate error.
  int poll_index = -1;
  Errno error = Errno::Success;
  int host_fd = -1;
  Filetype filetype = Filetype::Unknown;
  // fd subscriptions on memory files: always ready, never polled.
  const MemoryFile* memory = nullptr;
};

void store_event(Mem mem, uint32_t at, uint64_t userdata, Errno error, uint8_t type, uint64_t nbytes,
                 uint16_t flags) {
  std::memset(mem.bytes(at, layout::kEventSize)->data(), 0, layout::kEventSize);
  mem.store<uint64_t>(at, userdata);
  mem.store<uint16_t>(at + 8, static_cast<uint16_t>(error));
  mem.store<uint8_t>(at + 10, type);
  mem.store<uint64_t>(at + 16, nbytes);
  mem.store<uint16_t>(at + 24, flags);
}

// Bytes readable without blocking, for the event's nbytes field (best effort).
uint64_t readable_bytes(const Sub& s) {
  if (s.filetype == Filetype::RegularFile) {
    struct stat st;
    off_t pos = ::lseek(s.host_fd, 0, SEEK_CUR);
    if (::fstat(s.host_fd, &st) == 0 && pos >= 0 && st.st_size > pos)
      return static_cast<uint64_t>(st.st_size - pos);
    return 0;
  }
  int n = 0;
  if (::ioctl(s.host_fd, FIONREAD, &n) == 0 && n > 0) return static_cast<uint64_t>(n);
  return 0;
}

}  // namespace

Errno clock_res_get(Ctx&, Mem mem, uint32_t clock_id, uint32_t out) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  if (!mem.in_bounds(out, 8)) return Errno::Fault;
  struct timespec ts;
  if (::clock_getres(*clock, &ts) != 0) return errno_from_host(errno);
  mem.store<uint64_t>(
      out, static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec));
  return Errno::Success;
}

Errno clock_time_get(Ctx&, Mem mem, uint32_t clock_id, uint64_t, uint32_t out) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  if (!mem.in_bounds(out, 8)) return Errno::Fault;
  mem.store<uint64_t>(out, now_ns(*clock));
  return Errno::Success;
}

Errno sched_yield(Ctx&, Mem) {
  ::sched_yield();
  return Errno::Success;
}

Errno random_get(Ctx&, Mem mem, uint32_t buf, uint32_t buf_len) {
  auto out = mem.bytes(buf, buf_len);
  if (!out) return Errno::Fault;
  size_t done = 0;
  while (done < out->size()) {
    ssize_t n = ::getrandom(out->data() + done, out->size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    done += static_cast<size_t>(n);
  }
  return Errno::Success;
}

Errno poll_oneoff(Ctx& ctx, Mem mem, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_out,
                  const WaitLimit& limit, std::optional<ErrorCode>& stopped) {
  if (nsubs == 0) return Errno::Inval;
  if (!mem.in_bounds(in, uint64_t{nsubs} * layout::kSubscriptionSize) ||
      !mem.in_bounds(out, uint64_t{nsubs} * layout::kEventSize) || !mem.in_bounds(nevents_out, 4))
    return Errno::Fault;

  std::vector<Sub> subs(nsubs);
  std::vector<struct pollfd> pfds;
  uint64_t start = now_ns(CLOCK_MONOTONIC);
  bool have_clock = false;
  uint64_t earliest = UINT64_MAX;
  bool immediate = false;
  for (uint32_t i = 0; i < nsubs; ++i) {
    uint32_t at = in + i * layout::kSubscriptionSize;
    Sub& s = subs[i];
    s.userdata = *mem.load<uint64_t>(at);
    s.type = *mem.load<uint8_t>(at + 8);
    if (s.type == kEventClock) {
      uint32_t id = *mem.load<uint32_t>(at + 16);
      uint64_t timeout = *mem.load<uint64_t>(at + 24);
      uint16_t flags = *mem.load<uint16_t>(at + 40);
      auto clock = host_clock(id);
      if (!clock) {
        s.error = Errno::Inval;
        immediate = true;
        continue;
      }
      uint64_t wait = timeout;
      if (flags & kSubclockAbstime) {
        uint64_t now = now_ns(*clock);
        wait = timeout > now ? timeout - now : 0;
      }
      s.deadline_mono = wait > UINT64_MAX - start ? UINT64_MAX : start + wait;
      earliest = std::min(earliest, s.deadline_mono);
      have_clock = true;
    } else if (s.type == kEventFdRead || s.type == kEventFdWrite) {
      uint32_t fd = *mem.load<uint32_t>(at + 16);
      FdEntry* e;
      s.error = ctx.fds.lookup(fd, right::kPollFdReadwrite, e);
      if (s.error != Errno::Success) {
        immediate = true;
        continue;
      }
      if (e->memory) {
        s.memory = e->memory;
        immediate = true;
        continue;
      }
      s.host_fd = e->host.get();
      s.filetype = e->type;
      s.poll_index = static_cast<int>(pfds.size());
      pfds.push_back({e->host.get(), static_cast<short>(s.type == kEventFdRead ? POLLIN : POLLOUT), 0});
    } else {
      s.error = Errno::Inval;
      immediate = true;
    }
  }

  int ready = 0;
  for (;;) {
    // The Store's deadline and interrupts end even a long sleep; an
    // interrupt is only noticed between slices of kWaitSlice.
    const uint64_t now = now_ns(CLOCK_MONOTONIC);
    if (now >= limit.deadline_mono) {
      stopped = ErrorCode::TimedOut;
      return Errno::Success;
    }
    if (limit.interrupted && limit.interrupted()) {
      stopped = ErrorCode::Interrupted;
      return Errno::Success;
    }
    uint64_t wake = immediate ? now : have_clock ? earliest : UINT64_MAX;
    const uint64_t stop_at =
        std::min(limit.deadline_mono, limit.interrupted ? now + kWaitSliceNs : uint64_t{UINT64_MAX});
    const bool sliced = stop_at < wake;
    if (sliced) wake = stop_at;
    struct timespec ts;
    struct timespec* tsp = nullptr;
    if (wake != UINT64_MAX) {
      const uint64_t left = wake > now ? wake - now : 0;
      ts.tv_sec = static_cast<time_t>(std::min<uint64_t>(left / 1'000'000'000ull, INT32_MAX));
      ts.tv_nsec = static_cast<long>(left % 1'000'000'000ull);
      tsp = &ts;
    }
    ready = ::ppoll(pfds.data(), pfds.size(), tsp, nullptr);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    if (ready > 0 || !sliced) break;
  }

  uint32_t nevents = 0;
  // When ppoll timed out the earliest clock has expired even if the clock
  // reads a hair earlier than the deadline.
  uint64_t now = now_ns(CLOCK_MONOTONIC);
  uint64_t fire_until = (ready == 0 && !immediate && have_clock) ? std::max(now, earliest) : now;
  for (const Sub& s : subs) {
    uint32_t at = out + nevents * layout::kEventSize;
    if (s.error != Errno::Success) {
      store_event(mem, at, s.userdata, s.error, s.type, 0, 0);
      ++nevents;
    } else if (s.type == kEventClock) {
      if (s.deadline_mono <= fire_until) {
        store_event(mem, at, s.userdata, Errno::Success, s.type, 0, 0);
        ++nevents;
      }
    } else if (s.memory) {
      const uint64_t pos = s.memory->position(), size = s.memory->size();
      const uint64_t nbytes = (s.type == kEventFdRead && size > pos) ? size - pos : 0;
      store_event(mem, at, s.userdata, Errno::Success, s.type, nbytes, 0);
      ++nevents;
    } else if (s.poll_index >= 0) {
      short re = pfds[static_cast<size_t>(s.poll_index)].revents;
      if (re == 0) continue;
      Errno err = (re & POLLNVAL) ? Errno::Badf : Errno::Success;
      uint16_t flags = (re & POLLHUP) ? kEventFdReadwriteHangup : 0;
      uint64_t nbytes = (s.type == kEventFdRead && err == Errno::Success) ? readable_bytes(s) : 0;
      store_event(mem, at, s.userdata, err, s.type, nbytes, flags);
      ++nevents;
    }
  }
  mem.store<uint32_t>(nevents_out, nevents);
  return Errno::Success;
}

}  // namespace wisp::wasi
