// Trap delivery for compiled code: an activation chain per thread, sigsetjmp
// at every entry, a SIGSEGV/SIGBUS handler that turns guard-page faults
// inside compiled wasm code into "out of bounds memory access", and a SIGURG
// handler that does the same for interrupts.
#include "aot/invoke.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>

namespace wisp::aot {
namespace {

// One entry into compiled code on this thread; entries nest through host calls.
struct Activation {
  sigjmp_buf jump;
  Activation* prev = nullptr;
  uint32_t trap_code = 0;
  const volatile uint8_t* interrupt_flag = nullptr;
};

thread_local Activation* t_innermost = nullptr;

// Code ranges, readable from a signal handler: a fixed array of atomic slots
// (lock-free reads); writers serialise on a mutex.
constexpr size_t kMaxCodeRanges = 4096;
struct CodeRange {
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};
};
CodeRange g_ranges[kMaxCodeRanges];
std::mutex g_ranges_mu;

bool in_compiled_code(uintptr_t pc) {
  for (const CodeRange& r : g_ranges) {
    const uintptr_t b = r.begin.load(std::memory_order_acquire);
    if (b != 0 && pc >= b && pc < r.end.load(std::memory_order_acquire)) return true;
  }
  return false;
}

struct sigaction g_previous_segv;
struct sigaction g_previous_bus;
struct sigaction g_previous_urg;

uintptr_t fault_pc(void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.pc);
#else
#error "unsupported host architecture for the AOT tier"
#endif
}

constexpr int kInterruptSignal = SIGURG;

void forward_to_previous(int sig, siginfo_t* info, void* context) {
  const struct sigaction& prev =
      sig == SIGBUS ? g_previous_bus : (sig == kInterruptSignal ? g_previous_urg : g_previous_segv);
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) return prev.sa_sigaction(sig, info, context);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    return prev.sa_handler(sig);
  }
  // SIGURG's default action is to ignore it.
  if (sig == kInterruptSignal) return;
  // Default action: restore it and return; the faulting instruction runs
  // again and the process dies with the original signal.
  signal(sig, SIG_DFL);
}

void on_fault(int sig, siginfo_t* info, void* context) {
  Activation* act = t_innermost;
  if (act == nullptr || !in_compiled_code(fault_pc(context))) return forward_to_previous(sig, info, context);
  act->trap_code = static_cast<uint32_t>(ErrorCode::OutOfBoundsMemoryAccess);
  siglongjmp(act->jump, 1);
}

// Asynchronous: the program counter may be anywhere. Only compiled wasm code
// is left by siglongjmp (it holds no locks and no C++ objects, as for a
// fault); anywhere else the signal is ignored and the sender tries again.
void on_interrupt(int sig, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  Activation* act = t_innermost;
  if (act != nullptr && act->interrupt_flag != nullptr && *act->interrupt_flag != 0 &&
      in_compiled_code(fault_pc(context))) {
    act->trap_code = static_cast<uint32_t>(ErrorCode::Interrupted);
    siglongjmp(act->jump, 1);
  }
  forward_to_previous(sig, info, context);
  errno = saved_errno;
}

}  // namespace

void install_trap_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa = {};
    sa.sa_sigaction = on_fault;
    // SA_NODEFER: the handler leaves by siglongjmp without restoring the
    // signal mask (sigsetjmp(…, 0) keeps entry cheap), so the signal must not
    // stay blocked afterwards.
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &g_previous_segv);
    sigaction(SIGBUS, &sa, &g_previous_bus);
    // SA_RESTART: host code the signal lands in (a WASI call, the server's
    // own work on that thread) sees as few EINTRs as possible.
    struct sigaction si = {};
    si.sa_sigaction = on_interrupt;
    si.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK | SA_RESTART;
    sigemptyset(&si.sa_mask);
    sigaction(kInterruptSignal, &si, &g_previous_urg);
  });
}

void interrupt_thread(pthread_t thread) { pthread_kill(thread, kInterruptSignal); }

std::optional<ErrorCode> call(WispVmArrayFn fn, void* callee_vmctx, uint64_t* slots,
                              const volatile uint8_t* interrupt_flag) {
  Activation act;
  act.interrupt_flag = interrupt_flag;
  act.prev = t_innermost;
  t_innermost = &act;
  if (sigsetjmp(act.jump, 0) == 0) {
    const uint32_t status = fn(callee_vmctx, slots, nullptr);
    t_innermost = act.prev;
    if (status == 0) return std::nullopt;
    return static_cast<ErrorCode>(status - 1);
  }
  t_innermost = act.prev;
  return static_cast<ErrorCode>(act.trap_code);
}

uintptr_t thread_stack_limit(size_t reserve_bytes) {
  pthread_attr_t attr;
  void* stack_addr = nullptr;
  size_t stack_size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &stack_addr, &stack_size);
    pthread_attr_destroy(&attr);
  }
  if (stack_addr == nullptr) {
    // Unknown bounds: allow 1 MiB below the current frame.
    return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) - (1u << 20);
  }
  return reinterpret_cast<uintptr_t>(stack_addr) + reserve_bytes;
}

void register_code_range(uintptr_t begin, uintptr_t end) {
  std::lock_guard<std::mutex> lock(g_ranges_mu);
  for (CodeRange& r : g_ranges) {
    if (r.begin.load(std::memory_order_relaxed) != 0) continue;
    r.end.store(end, std::memory_order_release);
    r.begin.store(begin, std::memory_order_release);
    return;
  }
  // Out of slots: faults in this code would crash instead of trapping.
  std::abort();
}

void unregister_code_range(uintptr_t begin, uintptr_t end) {
  std::lock_guard<std::mutex> lock(g_ranges_mu);
  for (CodeRange& r : g_ranges) {
    if (r.begin.load(std::memory_order_relaxed) == begin && r.end.load(std::memory_order_relaxed) == end) {
      r.begin.store(0, std::memory_order_release);
      r.end.store(0, std::memory_order_release);
      return;
    }
  }
}

}  // namespace wisp::aot

extern "C" void wisp_aot_trap(WispVmContext*, uint32_t code) {
  wisp::aot::Activation* act = wisp::aot::t_innermost;
  if (act == nullptr) std::abort();  // compiled code runs only under aot::call
  act->trap_code = code;
  siglongjmp(act->jump, 1);
}
