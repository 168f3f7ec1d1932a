#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "faas/pool/job_demoter.h"
#include "raw_http.h"
#include "test_server.h"

namespace wisp::faas {
namespace {

using testing::get;
using testing::RawConnection;
using testing::TestServer;

// The fake guest: echoes what the platform handed it.
RunOutcome echo(const HttpRequest& req, const RouteMatch& match) {
  HttpResponse r;
  r.body = req.method + " " + match.function + "@" + std::to_string(match.version->version) + " " +
           match.path_info + " body=" + req.body;
  return {r, ""};
}

TEST(Gateway, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server;
  server.deploy("hello");
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(get("/hello/x" + std::to_string(i))));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "GET hello@1 /x" + std::to_string(i) + " body=");
    EXPECT_FALSE(r->header("X-Request-Id").empty());
  }
}

TEST(Gateway, UnknownFunctionIs404JsonAndConnectionSurvives) {
  TestServer server;
  server.deploy("hello");
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(c.send(get("/nope/1")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->header("Content-Type"), "application/json");
  EXPECT_NE(r->body.find("\"error\":\"unknown function 'nope'\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("\"request_id\""), std::string::npos);
  ASSERT_TRUE(c.send(get("/hello/7")));
  auto r2 = c.read_response();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 404);
  EXPECT_NE(r2->body.find("has no version 7"), std::string::npos);
}

TEST(Gateway, ChunkedRequestBodyIsReassembled) {
  TestServer server;
  server.deploy("hello");
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(
      c.send("POST /hello HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "POST hello@1 / body=hello world");
}

TEST(Gateway, ExpectContinueGetsInterimResponseBeforeBody) {
  TestServer server;
  server.deploy("hello");
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("PUT /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("data"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "PUT hello@1 / body=data");
}

TEST(Gateway, OversizedBodyIs413WithoutContinue) {
  TestServer server;
  FunctionConfig config;
  config.max_body_bytes = 10;
  server.deploy("small", config);
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(
      c.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("body_too_large"), std::string::npos);
}

// Regression: Beast's own 1 MiB default body limit refused larger bodies
// (and module uploads) with 400 before the function's limit was consulted.
TEST(Gateway, BodiesUpToTheFunctionLimitAreAcceptedBeyondOneMebibyte) {
  TestServer server;
  FunctionConfig config;
  config.max_body_bytes = 3 << 20;
  server.deploy("big", config);
  server.runner.behaviour = [](const HttpRequest& req, const RouteMatch&) {
    HttpResponse r;
    r.body = std::to_string(req.body.size());
    return RunOutcome{r, ""};
  };
  std::string body(2 << 20, 'b');
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\n\r\n" + body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, std::to_string(body.size()));
  std::string chunk(1 << 20, 'c');
  char size_line[16];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  ASSERT_TRUE(c.send("POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     std::string(size_line) + chunk + "\r\n" + size_line + chunk + "\r\n0\r\n\r\n"));
  auto chunked = c.read_response();
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 200) << chunked->body;
  EXPECT_EQ(chunked->body, std::to_string(2 * chunk.size()));
  ASSERT_TRUE(c.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string((3 << 20) + 1) +
                     "\r\n\r\n"));
  auto over = c.read_response();
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 413);
}

TEST(Gateway, OversizedChunkedBodyIs413) {
  TestServer server;
  FunctionConfig config;
  config.max_body_bytes = 10;
  server.deploy("small", config);
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(
      c.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
             "chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST(Gateway, OversizedHeadIs431) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  TestServer server({}, options);
  RawConnection c(server.port());
  ASSERT_TRUE(c.send(get("/x", "X-Big: " + std::string(4000, 'a') + "\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST(Gateway, MalformedRequestIs400) {
  TestServer server;
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("THIS IS NOT HTTP\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST(Gateway, SlowFunctionDoesNotBlockOtherRequests) {
  TestServer server;
  server.deploy("slow");
  std::promise<void> release;
  auto released = release.get_future().share();
  server.runner.behaviour = [released](const HttpRequest& req, const RouteMatch& m) {
    released.wait_for(std::chrono::seconds(5));
    return echo(req, m);
  };
  RawConnection slow(server.port());
  ASSERT_TRUE(slow.send(get("/slow")));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto started = std::chrono::steady_clock::now();
  RawConnection quick(server.port());
  ASSERT_TRUE(quick.send(get("/_wisp/health")));
  auto r = quick.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  release.set_value();
  auto s = slow.read_response();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, 200);
}

// A version whose recent requests were all fast runs on the event-loop
// thread itself (no hand-off to a worker); one slow request sends it back
// to the workers.
TEST(Gateway, FastFunctionsRunOnTheEventLoopAfterAStreakOfFastRequests) {
  TestServer server;
  server.deploy("quick");
  std::mutex m;
  std::vector<std::thread::id> threads;
  std::atomic<bool> slow = false;
  server.runner.behaviour = [&](const HttpRequest& req, const RouteMatch& match) {
    if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(3));  // > inline_below (1 ms)
    std::lock_guard lock(m);
    threads.push_back(std::this_thread::get_id());
    return echo(req, match);
  };
  RawConnection c(server.port());
  auto request = [&] {
    ASSERT_TRUE(c.send(get("/quick")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  };
  for (int i = 0; i < 12; ++i) request();
  slow = true;
  request();  // still inline: the streak was intact when it started
  slow = false;
  request();  // on a worker again
  std::lock_guard lock(m);
  ASSERT_EQ(threads.size(), 14u);
  for (int i = 0; i < 8; ++i) EXPECT_NE(threads[i], server.loop_thread()) << "request " << i;
  for (int i = 8; i < 13; ++i) EXPECT_EQ(threads[i], server.loop_thread()) << "request " << i;
  EXPECT_NE(threads[13], server.loop_thread());
}

// A function that fails fast (a trap at instantiation, say) stays on the
// workers: failures end the streak, so a client hammering a broken function
// never takes the event loop from everyone else.
TEST(Gateway, FunctionsThatFailFastStayOnTheWorkers) {
  TestServer server;
  server.deploy("broken");
  std::mutex m;
  std::vector<std::thread::id> threads;
  std::atomic<int> calls = 0;
  server.runner.behaviour = [&](const HttpRequest& req, const RouteMatch& match) {
    {
      std::lock_guard lock(m);
      threads.push_back(std::this_thread::get_id());
    }
    if (++calls % 4 == 0) return echo(req, match);  // the odd success does not earn a streak
    HttpResponse r;
    r.status = 500;
    return RunOutcome{r, "trap"};
  };
  RawConnection c(server.port());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(c.send(get("/broken")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
  }
  std::lock_guard lock(m);
  ASSERT_EQ(threads.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_NE(threads[i], server.loop_thread()) << "request " << i;
}

// A version whose runs keep failing has its next runs start at nice 19 (not
// only after demote_after): clients hammering a broken function get the CPU
// after everyone else. One success ends the streak.
TEST(Gateway, FunctionsThatKeepFailingRunAtTheLowestPriority) {
  TestServer server;
  server.deploy("broken");
  std::mutex m;
  std::vector<int> nice_values;
  std::atomic<bool> fail = true;
  server.runner.behaviour = [&](const HttpRequest& req, const RouteMatch& match) {
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
    {
      std::lock_guard lock(m);
      nice_values.push_back(errno == 0 ? nice : -100);
    }
    if (!fail) return echo(req, match);
    HttpResponse r;
    r.status = 500;
    return RunOutcome{r, "trap"};
  };
  RawConnection c(server.port());
  auto request = [&] {
    ASSERT_TRUE(c.send(get("/broken")));
    ASSERT_TRUE(c.read_response());
  };
  for (int i = 0; i < 6; ++i) request();
  fail = false;
  request();  // still demoted: it follows a failing streak, and ends it
  request();
  std::lock_guard lock(m);
  ASSERT_EQ(nice_values.size(), 8u);
  const int normal = nice_values[0];
  EXPECT_LT(normal, JobDemoter::kDemotedNice);
  for (int i = 1; i < 3; ++i)
    EXPECT_EQ(nice_values[i], normal) << "run " << i << " (streak not yet long enough)";
  for (int i = 3; i < 7; ++i) EXPECT_EQ(nice_values[i], JobDemoter::kDemotedNice) << "run " << i;
  EXPECT_EQ(nice_values[7], normal) << "a success ends the streak";
}

// ... and runs one request at a time: its other requests wait in its queue,
// so clients hammering a broken function hold one worker, not all of them.
TEST(Gateway, FunctionsThatKeepFailingRunOneAtATime) {
  TestServer server;
  FunctionConfig config;
  config.max_concurrency = 4;
  server.deploy("flaky", config);
  std::mutex m;
  std::condition_variable changed;
  int running = 0, most_at_once = 0;
  std::atomic<bool> fail = false;
  std::atomic<int> hold_ms = 0;
  server.runner.behaviour = [&](const HttpRequest& req, const RouteMatch& match) {
    {
      // Stay until two runs have overlapped (or a while has passed): runs
      // that may overlap then do.
      std::unique_lock lock(m);
      most_at_once = std::max(most_at_once, ++running);
      changed.notify_all();
      changed.wait_for(lock, std::chrono::milliseconds(hold_ms), [&] { return most_at_once > 1; });
      --running;
    }
    if (!fail) return echo(req, match);
    HttpResponse r;
    r.status = 500;
    return RunOutcome{r, "trap"};
  };
  auto four_at_once = [&] {
    {
      std::lock_guard lock(m);
      most_at_once = 0;
    }
    hold_ms = fail ? 300 : 3000;
    std::vector<std::thread> clients;
    for (int i = 0; i < 4; ++i)
      clients.emplace_back([&] {
        RawConnection c(server.port());
        ASSERT_TRUE(c.send(get("/flaky")));
        auto r = c.read_response();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, fail ? 500 : 200);
      });
    for (auto& t : clients) t.join();
    hold_ms = 0;  // single requests below do not wait
    std::lock_guard lock(m);
    return most_at_once;
  };
  EXPECT_GE(four_at_once(), 2) << "a working function runs requests side by side";
  fail = true;
  RawConnection c(server.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(get("/flaky")));
    ASSERT_TRUE(c.read_response());
  }
  EXPECT_EQ(four_at_once(), 1) << "after three failures in a row";
  fail = false;
  ASSERT_TRUE(c.send(get("/flaky")));  // ends the streak
  ASSERT_TRUE(c.read_response());
  EXPECT_GE(four_at_once(), 2) << "after a success";
}

// ... and answers each further failure only after a pause, so a client
// retrying a broken function at once cannot keep the server busy with errors.
TEST(Gateway, FailuresOfAFunctionThatKeepsFailingAreAnsweredAfterAPause) {
  TestServer server;
  server.deploy("broken");
  server.runner.behaviour = [&](const HttpRequest&, const RouteMatch&) {
    HttpResponse r;
    r.status = 500;
    return RunOutcome{r, "trap"};
  };
  RawConnection c(server.port());
  std::vector<std::chrono::steady_clock::duration> took;
  for (int i = 0; i < 6; ++i) {
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(c.send(get("/broken")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    took.push_back(std::chrono::steady_clock::now() - start);
  }
  // Runs 4-6 follow three failures in a row.
  for (int i = 3; i < 6; ++i) EXPECT_GE(took[i], Dispatcher::kFailingPause) << "run " << i;
}

// A fast function that runs long after all holds the event-loop thread: the
// rescue starts another thread for the loop, so other connections are served.
TEST(Gateway, ALongRequestOnTheEventLoopDoesNotStopOtherConnections) {
  TestServer server;
  server.deploy("usually-quick");
  server.deploy("other");
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> stuck;
  std::atomic<int> calls = 0;
  server.runner.behaviour = [&](const HttpRequest& req, const RouteMatch& match) {
    if (match.function == "usually-quick" && ++calls == 11) {
      stuck.set_value();
      released.wait_for(std::chrono::seconds(10));
    }
    return echo(req, match);
  };
  RawConnection c(server.port());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(c.send(get("/usually-quick")));
    ASSERT_TRUE(c.read_response());
  }
  ASSERT_TRUE(c.send(get("/usually-quick")));  // the 11th: inline, and it blocks
  stuck.get_future().wait();
  auto started = std::chrono::steady_clock::now();
  RawConnection other(server.port());
  for (const char* path : {"/_wisp/health", "/other", "/usually-quick"}) {
    ASSERT_TRUE(other.send(get(path)));
    auto r = other.read_response();
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_GE(server.loop_rescues(), 1u);
  release.set_value();
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(Gateway, ConcurrencyLimitAndFullQueueGive503) {
  TestServer server;
  FunctionConfig config;
  config.max_concurrency = 1;
  config.max_queue = 0;
  server.deploy("one", config);
  std::promise<void> release, entered;
  auto released = release.get_future().share();
  auto entered_once = std::make_shared<std::once_flag>();
  server.runner.behaviour = [&, released, entered_once](const HttpRequest& req, const RouteMatch& m) {
    std::call_once(*entered_once, [&] { entered.set_value(); });
    released.wait_for(std::chrono::seconds(5));
    return echo(req, m);
  };
  RawConnection first(server.port());
  ASSERT_TRUE(first.send(get("/one")));
  entered.get_future().wait();
  RawConnection second(server.port());
  ASSERT_TRUE(second.send(get("/one")));
  auto refused = second.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("Retry-After"), "1");
  EXPECT_NE(refused->body.find("overloaded"), std::string::npos);
  release.set_value();
  auto ok = first.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(Gateway, FailedRunIsReportedAndServerKeepsServing) {
  TestServer server;
  server.deploy("boom");
  server.runner.behaviour = [](const HttpRequest& req, const RouteMatch&) {
    return RunOutcome{json_error(500, "trap", "trap: unreachable", req.request_id), "trap"};
  };
  RawConnection c(server.port());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.send(get("/boom")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_NE(r->body.find("\"request_id\":\"" + r->header("X-Request-Id") + "\""), std::string::npos)
        << r->body;
  }
  std::string metrics = server.metrics.render_prometheus();
  EXPECT_NE(metrics.find("wisp_request_errors_total{function=\"boom\",kind=\"trap\"} 2"), std::string::npos)
      << metrics;
}

TEST(Gateway, IdleConnectionsAreClosed) {
  ServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  TestServer server({}, options);
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_peer());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(Gateway, DrainFinishesInFlightRequestsThenStops) {
  TestServer server;
  server.deploy("slow");
  std::promise<void> entered;
  server.runner.behaviour = [&entered](const HttpRequest& req, const RouteMatch& m) {
    entered.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return echo(req, m);
  };
  uint16_t port = server.port();
  RawConnection busy(port);
  RawConnection idle(port);
  ASSERT_TRUE(busy.send(get("/slow")));
  entered.get_future().wait();
  auto stopper = std::async(std::launch::async, [&] { server.stop(); });
  auto r = busy.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(idle.closed_by_peer());
  stopper.get();  // run() returned
  RawConnection late(port, 500);
  EXPECT_FALSE(late.connected());
}

TEST(Gateway, HeadGetsHeadersWithoutBody) {
  TestServer server;
  server.deploy("hello");
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.read_response(/*to_head=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  std::string expected_length = std::to_string(std::string("HEAD hello@1 / body=").size());
  EXPECT_EQ(r->header("Content-Length"), expected_length);
  // The connection stays usable: no body bytes were sent to confuse the next response.
  ASSERT_TRUE(c.send(get("/hello/q")));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "GET hello@1 /q body=");
}

TEST(Gateway, AccessLogHasOneLinePerRequest) {
  TestServer server;
  server.deploy("hello");
  server.runner.behaviour = echo;
  RawConnection c(server.port());
  ASSERT_TRUE(c.send(get("/hello/1/a?q=1")));
  ASSERT_TRUE(c.read_response());
  auto lines = server.access_lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"GET /hello/1/a?q=1\" 200"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace wisp::faas
