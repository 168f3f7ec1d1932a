#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "faas/admin/admin_client.h"
#include "test_server.h"

namespace wisp::faas {
namespace {

using testing::TestServer;

const std::string kModule = std::string("\0asm\1\0\0\0", 8);

nlohmann::json body_of(const HttpResponse& r) { return nlohmann::json::parse(r.body, nullptr, false); }

AdminClient client_for(const TestServer& server, std::string token = {}) {
  return AdminClient(ServerAddress{"127.0.0.1", server.port()}, std::move(token));
}

TEST(AdminApi, DeployListDescribeAliasRemove) {
  TestServer server;
  auto admin = client_for(server);
  auto d1 = admin.request(
      "POST", "/_wisp/functions/hello/versions?abi=http&memory=64MiB&timeout=5s&env=A%3D1&alias=prod",
      kModule, "application/wasm");
  ASSERT_TRUE(d1);
  ASSERT_EQ(d1->status, 201) << d1->body;
  EXPECT_EQ(body_of(*d1)["version"], 1);
  EXPECT_EQ(body_of(*d1)["config"]["memory_bytes"], 64 << 20);
  EXPECT_EQ(body_of(*d1)["config"]["timeout_ms"], 5000);
  EXPECT_EQ(body_of(*d1)["config"]["abi"], "http");
  auto d2 = admin.request("POST", "/_wisp/functions/hello/versions", kModule + "x");
  ASSERT_TRUE(d2);
  EXPECT_EQ(body_of(*d2)["version"], 2);

  auto list = admin.request("GET", "/_wisp/functions");
  ASSERT_TRUE(list);
  auto fns = body_of(*list)["functions"];
  ASSERT_EQ(fns.size(), 1u);
  EXPECT_EQ(fns[0]["latest"], 2);
  EXPECT_EQ(fns[0]["aliases"]["prod"], 1);

  auto alias = admin.request("PUT", "/_wisp/functions/hello/aliases/latest", R"({"version": 1})");
  ASSERT_TRUE(alias);
  EXPECT_EQ(alias->status, 200) << alias->body;
  auto described = admin.request("GET", "/_wisp/functions/hello");
  ASSERT_TRUE(described);
  EXPECT_EQ(body_of(*described)["aliases"]["latest"], 1);
  EXPECT_EQ(body_of(*described)["versions"].size(), 2u);

  auto rm_prod = admin.request("DELETE", "/_wisp/functions/hello/versions/1");
  ASSERT_TRUE(rm_prod);
  EXPECT_EQ(rm_prod->status, 409) << rm_prod->body;
  auto rm2 = admin.request("DELETE", "/_wisp/functions/hello/versions/2");
  ASSERT_TRUE(rm2);
  EXPECT_EQ(rm2->status, 200);
  auto rm = admin.request("DELETE", "/_wisp/functions/hello");
  ASSERT_TRUE(rm);
  EXPECT_EQ(rm->status, 200);
  auto gone = admin.request("GET", "/_wisp/functions/hello");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST(AdminApi, DeployRefusesAnInvalidModuleWithTheValidatorMessage) {
  TestServer server;
  auto r = client_for(server).request("POST", "/_wisp/functions/bad/versions", "not wasm");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_text(*r), "invalid module: magic header not detected");
  EXPECT_FALSE(server.registry().catalog()->find("bad"));
}

TEST(AdminApi, DeployRefusesBadParameters) {
  TestServer server;
  auto admin = client_for(server);
  auto r = admin.request("POST", "/_wisp/functions/x/versions?memory=lots", kModule);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_text(*r), "invalid memory size 'lots'");
  auto r2 = admin.request("POST", "/_wisp/functions/x/versions?colour=blue", kModule);
  ASSERT_TRUE(r2);
  EXPECT_EQ(error_text(*r2), "unknown deploy parameter 'colour'");
  auto r3 = admin.request("POST", "/_wisp/functions/Bad%20Name/versions", kModule);
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->status, 400);
}

TEST(AdminApi, LogsPageByOffset) {
  TestServer server;
  server.deploy("f");
  server.logs().append("f", 1, "rid", "line one");
  auto admin = client_for(server);
  auto r = admin.request("GET", "/_wisp/functions/f/logs");
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("line one"), std::string::npos);
  std::string offset;
  for (const auto& [k, v] : r->headers)
    if (iequals(k, "X-Wisp-Log-Offset")) offset = v;
  ASSERT_EQ(offset, std::to_string(r->body.size()));
  server.logs().append("f", 1, "rid", "line two");
  auto more = admin.request("GET", "/_wisp/functions/f/logs?offset=" + offset);
  ASSERT_TRUE(more);
  EXPECT_EQ(more->body.find("line one"), std::string::npos);
  EXPECT_NE(more->body.find("line two"), std::string::npos);
}

TEST(AdminApi, HealthAndMetrics) {
  TestServer server;
  auto admin = client_for(server);
  auto health = admin.request("GET", "/_wisp/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(body_of(*health)["status"], "ok");
  auto metrics = admin.request("GET", "/_wisp/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("# TYPE wisp_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(metrics->body.find("wisp_admin_requests_total 2"), std::string::npos) << metrics->body;
}

TEST(AdminApi, TokenIsRequiredWhenConfigured) {
  DispatcherOptions options;
  options.admin_token = "s3cret";
  TestServer server(options);
  auto anonymous = client_for(server).request("GET", "/_wisp/functions");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto wrong = client_for(server, "guess").request("GET", "/_wisp/functions");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto right = client_for(server, "s3cret").request("GET", "/_wisp/functions");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 200);
  auto health = client_for(server).request("GET", "/_wisp/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);  // probes need no token
}

TEST(AdminApi, WithoutTokenOnlyLoopbackClientsAreAdmitted) {
  testing::TempDir dir("admit");
  auto registry = std::move(*Registry::open(dir.path()));
  FunctionLogs logs(dir.path() / "logs");
  Metrics metrics;
  testing::FakeRunner runner;
  Dispatcher dispatcher({}, *registry, runner, metrics, logs, nullptr);
  HttpRequest head;
  head.method = "GET";
  head.target = "/_wisp/functions";
  head.remote_is_loopback = false;
  auto refused = dispatcher.admit(head);
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(refused));
  EXPECT_EQ(std::get<HttpResponse>(refused).status, 403);
  head.remote_is_loopback = true;
  EXPECT_TRUE(std::holds_alternative<uint64_t>(dispatcher.admit(head)));
}

TEST(AdminClient, ParsesServerUrls) {
  auto a = parse_server_url("http://127.0.0.1:9000/");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 9000);
  auto b = parse_server_url("[::1]:8081");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 8081);
  EXPECT_FALSE(parse_server_url("https://x:1"));
  EXPECT_FALSE(parse_server_url("http://x:0"));
}

TEST(AdminClient, ReportsAnUnreachableServer) {
  auto r = AdminClient(ServerAddress{"127.0.0.1", 1}, "").request("GET", "/_wisp/health");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot reach wisp server"), std::string::npos);
}

}  // namespace
}  // namespace wisp::faas
