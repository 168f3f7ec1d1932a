// The platform end to end: deploy with the CLI, call over HTTP, both ABIs,
// routing, versions and aliases, logs, metrics, isolation, graceful drain.
#include <fstream>
#include <future>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

TEST_F(ServeTest, StdioFunctionSeesCgiEnvironmentAndStdin) {
  deploy("echo", "cgi_echo", {"--env", "GREETING=hi there"});
  auto r = request(
      "POST /echo/some/path?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: yes\r\nContent-Type: text/plain\r\n"
      "Content-Length: 11\r\n\r\nhello world");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("X-Guest"), "cgi");
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  for (const char* line :
       {"REQUEST_METHOD=POST\n", "PATH_INFO=/some/path\n", "QUERY_STRING=x=1\n", "X_MATCHED_ROUTE=/echo\n",
        "CONTENT_LENGTH=11\n", "CONTENT_TYPE=text/plain\n", "HTTP_X_TEST=yes\n", "REMOTE_ADDR=127.0.0.1\n",
        "GREETING=hi there\n", "body=hello world\n"})
    EXPECT_NE(r.body.find(line), std::string::npos) << "missing " << line << " in:\n" << r.body;
  EXPECT_NE(
      r.body.find("X_FULL_URL=http://127.0.0.1:" + std::to_string(server_->port()) + "/echo/some/path?x=1"),
      std::string::npos)
      << r.body;
}

TEST_F(ServeTest, StdioStatusHeaderAndRawBody) {
  deploy("echo", "cgi_echo");
  deploy("hello", "hello");
  auto r = get("/echo?status=404");
  EXPECT_EQ(r.status, 404);
  auto raw = get("/hello");
  EXPECT_EQ(raw.status, 200);
  EXPECT_EQ(raw.body, "hello from wasm\n");
}

TEST_F(ServeTest, HttpAbiFunctionReadsRequestAndBuildsResponse) {
  deploy("hecho", "http_echo", {"--abi", "http"});
  std::string body(1000, 'b');
  auto r = request(
      "PUT /hecho/1/a/b?q=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: t1\r\nContent-Length: 1000\r\n\r\n" +
      body);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("X-Guest"), "http");
  EXPECT_NE(r.body.find("method=PUT\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("uri=/hecho/1/a/b?q=2\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("path_info=/a/b\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("x-test=t1\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("body_size=1000\nbody=" + body + "\n"), std::string::npos) << r.body;
}

TEST_F(ServeTest, EveryRequestGetsAFreshInstance) {
  deploy("counter", "counter", {"--abi", "http"});
  for (int i = 0; i < 5; ++i) {
    auto r = get("/counter");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "g=1 m=1") << "state survived from an earlier request";
  }
}

TEST_F(ServeTest, VersionsAliasesAndRollback) {
  deploy("fn", "hello");
  deploy("fn", "cgi_echo", {"--alias", "canary"});
  EXPECT_NE(get("/fn").body.find("REQUEST_METHOD=GET"), std::string::npos);  // latest = 2
  EXPECT_EQ(get("/fn/1").body, "hello from wasm\n");
  EXPECT_NE(get("/fn/canary").body.find("REQUEST_METHOD"), std::string::npos);
  auto roll = wisp({"alias", "fn", "latest", "1"});
  ASSERT_EQ(roll.exit_code, 0) << roll.output;
  EXPECT_EQ(get("/fn").body, "hello from wasm\n");
  EXPECT_NE(get("/fn/2").body.find("REQUEST_METHOD"), std::string::npos);
  auto versions = wisp({"versions", "fn"});
  EXPECT_EQ(versions.exit_code, 0);
  EXPECT_NE(versions.output.find("canary"), std::string::npos) << versions.output;
  auto ls = wisp({"ls"});
  EXPECT_NE(ls.output.find("fn"), std::string::npos) << ls.output;
  EXPECT_EQ(get("/fn/9").status, 404);
  EXPECT_EQ(get("/nothing").status, 404);
  auto rm = wisp({"rm", "fn@2"});
  EXPECT_NE(rm.exit_code, 0) << "canary still points at 2: " << rm.output;
  ASSERT_EQ(wisp({"rm", "fn"}).exit_code, 0);
  EXPECT_EQ(get("/fn").status, 404);
}

TEST_F(ServeTest, RoutePrefixReachesTheFunction) {
  deploy("echo", "cgi_echo", {"--route", "/api/v1"});
  auto r = get("/api/v1/users/7");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("PATH_INFO=/users/7\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("X_MATCHED_ROUTE=/api/v1\n"), std::string::npos) << r.body;
}

TEST_F(ServeTest, DeployRefusesAnInvalidModuleWithTheValidatorMessage) {
  auto bad = dir_->path() / "bad.wasm";
  {
    std::ofstream out(bad, std::ios::binary);
    out << "definitely not wasm";
  }
  auto r = wisp({"deploy", "bad", bad.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("invalid module: magic header not detected"), std::string::npos) << r.output;
  auto wrong_abi = wisp({"deploy", "x", guest("counter").string()});  // no _start for stdio
  EXPECT_EQ(wrong_abi.exit_code, 1);
  EXPECT_NE(wrong_abi.output.find("_start"), std::string::npos) << wrong_abi.output;
}

TEST_F(ServeTest, StderrGoesToTheFunctionLog) {
  deploy("echo", "cgi_echo");
  ASSERT_EQ(get("/echo/logged").status, 200);
  auto logs = wisp({"logs", "echo"});
  EXPECT_EQ(logs.exit_code, 0);
  EXPECT_NE(logs.output.find("cgi_echo handled GET /logged"), std::string::npos) << logs.output;
}

TEST_F(ServeTest, MetricsAndHealth) {
  deploy("hello", "hello");
  ASSERT_EQ(get("/hello").status, 200);
  auto health = get("/_wisp/health");
  EXPECT_EQ(health.status, 200);
  auto metrics = get("/_wisp/metrics");
  EXPECT_NE(metrics.body.find("wisp_requests_total{function=\"hello\",status=\"200\"} 1"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("wisp_instances_in_use{function=\"hello\"} 0"), std::string::npos);
}

TEST_F(ServeTest, SigtermDrainsInFlightRequestsThenExits) {
  deploy("slow", "slow");
  auto pending = std::async(std::launch::async, [this] { return get("/slow?700"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  int status = server_->terminate();
  auto r = pending.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slept 700\n");
  EXPECT_EQ(status, 0) << server_->output();
  EXPECT_NE(server_->output().find("drained"), std::string::npos);
}

TEST_F(ServeTest, RegistrySurvivesARestart) {
  deploy("hello", "hello");
  server_->terminate();
  server_ = std::make_unique<ServeProcess>(dir_->path());
  ASSERT_NE(server_->port(), 0);
  EXPECT_EQ(get("/hello").body, "hello from wasm\n");
}


TEST_F(ServeTest, CorsPreflightAndSimpleRequestsForOptedInFunctions) {
  deploy("api", "cgi_echo", {"--cors", "https://app.example", "--cors", "http://localhost:3000"});
  deploy("plain", "cgi_echo");
  auto options = [](const std::string& target, const std::string& origin) {
    return "OPTIONS " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + origin +
           "\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type, x-token"
           "\r\n\r\n";
  };

  // Allowed preflight: answered by the platform, never by the guest.
  auto allowed = request(options("/api", "https://app.example"));
  EXPECT_EQ(allowed.status, 204) << allowed.head;
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_NE(allowed.header("Access-Control-Allow-Methods").find("PUT"), std::string::npos);
  EXPECT_EQ(allowed.header("Access-Control-Allow-Headers"), "content-type, x-token");
  EXPECT_FALSE(allowed.header("Access-Control-Max-Age").empty());
  EXPECT_EQ(allowed.header("Vary"), "Origin");
  EXPECT_TRUE(allowed.header("X-Guest").empty());

  auto denied = request(options("/api", "https://evil.example"));
  EXPECT_EQ(denied.status, 403) << denied.head;
  EXPECT_EQ(denied.head.find("Access-Control-"), std::string::npos) << denied.head;

  // Simple requests run the guest; only an allowed Origin gets the header.
  auto get_allowed = get("/api", "Origin: http://localhost:3000\r\n");
  EXPECT_EQ(get_allowed.status, 200);
  EXPECT_EQ(get_allowed.header("X-Guest"), "cgi");
  EXPECT_EQ(get_allowed.header("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(get_allowed.header("Vary"), "Origin");
  auto get_denied = get("/api", "Origin: https://evil.example\r\n");
  EXPECT_EQ(get_denied.status, 200);
  EXPECT_TRUE(get_denied.header("Access-Control-Allow-Origin").empty());

  // Without --cors, OPTIONS is the guest's business, as before.
  auto plain = request(options("/plain", "https://app.example"));
  EXPECT_EQ(plain.status, 200) << plain.head;
  EXPECT_NE(plain.body.find("REQUEST_METHOD=OPTIONS"), std::string::npos) << plain.body;
  EXPECT_EQ(plain.head.find("Access-Control-"), std::string::npos) << plain.head;

  // A bad origin is refused at deploy time with a message naming it.
  auto bad = wisp({"deploy", "api", guest("cgi_echo").string(), "--cors", "app.example"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("cors origin"), std::string::npos) << bad.output;
}

TEST_F(ServeTest, AccessLogLinesGoToStdoutByDefault) {
  deploy("hello", "hello");
  ASSERT_EQ(get("/hello?x=1").status, 200);
  server_->terminate();  // the log is flushed before the server says goodbye
  auto out = server_->output();
  auto line = out.find("127.0.0.1 \"GET /hello?x=1\" 200 16 ");
  EXPECT_NE(line, std::string::npos) << out;
  EXPECT_LT(line, out.find("drained")) << out;
}

TEST(ServeAccessLog, FileOrOff) {
  faas::testing::TempDir dir("e2e-access");
  auto file = dir.path() / "access.log";
  for (std::string target : {file.string(), std::string("off")}) {
    ServeProcess server(dir.path() / "data", {"--access-log", target});
    ASSERT_NE(server.port(), 0) << server.output();
    faas::testing::RawConnection c(server.port(), 10'000);
    ASSERT_TRUE(c.send(faas::testing::get("/_wisp/health")));
    ASSERT_TRUE(c.read_response());
    EXPECT_EQ(server.terminate(), 0);
    EXPECT_EQ(server.output().find("/_wisp/health"), std::string::npos) << server.output();
  }
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find("\"GET /_wisp/health\" 200"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 1) << "one request, one line (and none with --access-log off):\n"
                                                << text;
}

}  // namespace
}  // namespace wisp::faas::e2e
