// Fuzz target: the HTTP front end as a client sees it. A real gateway Server
// (Boost.Beast parser, limits, 100-continue, keep-alive, pipelining) with the
// real Dispatcher (admin access control, routing, CORS, body limits, the
// admin API) runs on a loopback port for the whole fuzzing session; guests
// are replaced by a runner that echoes what it was given. Each input is sent
// as raw bytes on a fresh connection, the write side is closed, and the reply
// is read to the end.
//
// Checked (besides the sanitizers): the server answers or closes within the
// timeouts, and whatever it sends starts as an HTTP/1.x response.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "faas/gateway/server.h"
#include "faas/platform/dispatcher.h"
#include "faas_fixture.h"

namespace {

using namespace wisp::faas;

class EchoRunner : public FunctionRunner {
 public:
  RunOutcome run(const HttpRequest& request, const RouteMatch& match) override {
    RunOutcome out;
    out.response.headers.emplace_back("Content-Type", "text/plain");
    out.response.body = request.method + " " + match.function + " " + match.path_info + " " +
                        std::to_string(request.body.size());
    return out;
  }
};

struct Platform {
  wisp::fuzz::FaasFixture fixture{"/dev/shm"};
  EchoRunner runner;
  std::unique_ptr<Server> server;
  std::unique_ptr<Dispatcher> dispatcher;
  std::thread thread;

  Platform() {
    ServerOptions options;
    options.port = 0;
    options.handle_signals = false;
    options.max_header_bytes = 4096;
    options.idle_timeout = std::chrono::milliseconds(2000);
    options.read_timeout = std::chrono::milliseconds(2000);
    options.access_log = [](std::string_view) {};
    server = std::make_unique<Server>(options);
    if (!server->listen()) std::abort();
    DispatcherOptions dopts;
    dopts.admin_token = "fuzz-token";
    dopts.max_deploy_bytes = 4096;
    dopts.workers = 2;
    // Accepts what starts like a module, as the engine's check would.
    auto check = [](std::span<const uint8_t> bytes, Abi) -> Result<AdminApi::Deployed> {
      if (bytes.size() < 4 || bytes[0] != 0) return fail(FailKind::Invalid, "invalid module");
      return AdminApi::Deployed{};
    };
    dispatcher = std::make_unique<Dispatcher>(dopts, *fixture.registry, runner, fixture.metrics,
                                              *fixture.logs, check);
    thread = std::thread([this] { server->run(*dispatcher); });
  }
};

Platform& platform() {
  // Never destroyed: the server thread serves until the process exits; only
  // its scratch directory is removed then.
  static Platform* p = [] {
    auto* made = new Platform();
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(platform().fixture.dir, ec);
    });
    return made;
  }();
  return *p;
}

void send_all(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (e.g. after a 400)
    data += n;
    size -= static_cast<size_t>(n);
  }
}

std::string read_to_end(int fd) {
  std::string reply;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, 10'000);
    if (ready == 0) {
      std::fprintf(stderr, "fuzz: the server neither answered nor closed within 10 s\n");
      std::abort();
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return reply;
    reply.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  Platform& p = platform();
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) std::abort();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(p.server->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::abort();
  send_all(fd, data, size);
  ::shutdown(fd, SHUT_WR);
  std::string reply = read_to_end(fd);
  ::close(fd);
  if (!reply.empty() && reply.compare(0, 7, "HTTP/1.") != 0) {
    std::fprintf(stderr, "fuzz: reply does not start with a status line: %.80s\n", reply.c_str());
    std::abort();
  }
  return 0;
}
