#include "faas/core/cors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "faas/admin/admin_api.h"
#include "faas/core/function_config.h"

namespace wisp::faas {
namespace {

const std::vector<std::string> kApp = {"https://app.example", "http://localhost:3000"};
const std::vector<std::string> kAny = {"*"};

HttpRequest preflight(std::string origin, std::string method = "PUT", std::string headers = {}) {
  HttpRequest r;
  r.method = "OPTIONS";
  r.target = "/fn";
  r.request_id = "req-1";
  r.headers.emplace_back("Origin", std::move(origin));
  r.headers.emplace_back("Access-Control-Request-Method", std::move(method));
  if (!headers.empty()) r.headers.emplace_back("Access-Control-Request-Headers", std::move(headers));
  return r;
}

std::optional<std::string> header_of(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

TEST(Cors, ValidatesConfiguredOrigins) {
  EXPECT_TRUE(valid_cors_origin("*"));
  EXPECT_TRUE(valid_cors_origin("https://app.example"));
  EXPECT_TRUE(valid_cors_origin("http://localhost:3000"));
  EXPECT_TRUE(valid_cors_origin("http://[::1]:8080"));
  EXPECT_FALSE(valid_cors_origin(""));
  EXPECT_FALSE(valid_cors_origin("app.example"));
  EXPECT_FALSE(valid_cors_origin("https://"));
  EXPECT_FALSE(valid_cors_origin("https://app.example/"));
  EXPECT_FALSE(valid_cors_origin("https://app.example/path"));
  EXPECT_FALSE(valid_cors_origin("ftp://app.example"));
  EXPECT_FALSE(valid_cors_origin("https://a b"));
  EXPECT_FALSE(valid_cors_origin("https://evil\r\nX: y"));
  EXPECT_FALSE(valid_cors_origin("null"));
}

TEST(Cors, MatchesOnlyListedOriginsOrEverythingForWildcard) {
  EXPECT_EQ(cors_allow_origin(kApp, "https://app.example"), "https://app.example");
  EXPECT_EQ(cors_allow_origin(kApp, "http://localhost:3000"), "http://localhost:3000");
  EXPECT_EQ(cors_allow_origin(kApp, "HTTPS://APP.example"), "HTTPS://APP.example");
  EXPECT_FALSE(cors_allow_origin(kApp, "https://evil.example"));
  EXPECT_FALSE(cors_allow_origin(kApp, "https://app.example.evil"));
  EXPECT_FALSE(cors_allow_origin(kApp, "http://localhost:3001"));
  EXPECT_FALSE(cors_allow_origin(kApp, std::nullopt));
  EXPECT_EQ(cors_allow_origin(kAny, "https://anyone.example"), "*");
  EXPECT_FALSE(cors_allow_origin(kAny, std::nullopt));
  EXPECT_FALSE(cors_allow_origin(kAny, ""));
}

TEST(Cors, RecognisesPreflightsOnly) {
  EXPECT_TRUE(is_cors_preflight(preflight("https://app.example")));
  auto plain_options = preflight("https://app.example");
  plain_options.headers.pop_back();  // no Access-Control-Request-Method
  EXPECT_FALSE(is_cors_preflight(plain_options));
  auto get = preflight("https://app.example");
  get.method = "GET";
  EXPECT_FALSE(is_cors_preflight(get));
  HttpRequest no_origin;
  no_origin.method = "OPTIONS";
  no_origin.headers.emplace_back("Access-Control-Request-Method", "GET");
  EXPECT_FALSE(is_cors_preflight(no_origin));
}

TEST(Cors, AllowedPreflightGets204WithEchoedHeaders) {
  auto r = cors_preflight_response(kApp, preflight("https://app.example", "PUT", "content-type, x-token"));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Origin"), "https://app.example");
  ASSERT_TRUE(header_of(r, "Access-Control-Allow-Methods"));
  EXPECT_NE(header_of(r, "Access-Control-Allow-Methods")->find("PUT"), std::string::npos);
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Headers"), "content-type, x-token");
  EXPECT_EQ(header_of(r, "Access-Control-Max-Age"), std::to_string(kCorsMaxAgeSeconds));
  EXPECT_EQ(header_of(r, "Vary"), "Origin");
}

TEST(Cors, PreflightWithoutRequestedHeadersAllowsNone) {
  auto r = cors_preflight_response(kAny, preflight("https://x.example", "GET"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(header_of(r, "Access-Control-Allow-Headers"));
}

TEST(Cors, DeniedPreflightGets403WithoutCorsHeaders) {
  auto r = cors_preflight_response(kApp, preflight("https://evil.example"));
  EXPECT_EQ(r.status, 403);
  for (const auto& [k, v] : r.headers) EXPECT_FALSE(k.starts_with("Access-Control-")) << k;
  EXPECT_EQ(header_of(r, "Vary"), "Origin");
}

TEST(Cors, NormalResponsesGetAllowOriginOnlyForAllowedOrigins) {
  HttpResponse allowed;
  add_cors_headers(kApp, "https://app.example", allowed);
  EXPECT_EQ(header_of(allowed, "Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_EQ(header_of(allowed, "Vary"), "Origin");

  HttpResponse denied;
  add_cors_headers(kApp, "https://evil.example", denied);
  EXPECT_FALSE(header_of(denied, "Access-Control-Allow-Origin"));

  HttpResponse no_origin;
  add_cors_headers(kApp, std::nullopt, no_origin);
  EXPECT_TRUE(no_origin.headers.empty());

  HttpResponse any;
  add_cors_headers(kAny, "https://x.example", any);
  EXPECT_EQ(header_of(any, "Access-Control-Allow-Origin"), "*");
}

TEST(Cors, VaryOriginJoinsTheGuestsVaryOnce) {
  HttpResponse r;
  r.headers.emplace_back("vary", "Accept-Encoding");
  add_cors_headers(kApp, "https://app.example", r);
  EXPECT_EQ(header_of(r, "Vary"), "Accept-Encoding, Origin");
  add_cors_headers(kApp, "https://app.example", r);
  EXPECT_EQ(header_of(r, "Vary"), "Accept-Encoding, Origin");
  EXPECT_EQ(r.headers.size(), 2u);
}

TEST(Cors, ConfigCarriesOriginsThroughJsonAndQuery) {
  std::vector<std::string> aliases;
  auto c = config_from_query({{"cors", "https://app.example"}, {"cors", "*"}}, aliases);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->cors_origins, (std::vector<std::string>{"https://app.example", "*"}));
  auto back = config_from_json(to_json(*c));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->cors_origins, c->cors_origins);

  EXPECT_FALSE(config_from_query({{"cors", "app.example"}}, aliases));
  // Configs stored before CORS existed have no such key, and plain configs do not gain one.
  EXPECT_FALSE(to_json(FunctionConfig{}).contains("cors_origins"));
  auto old = config_from_json(nlohmann::json{{"abi", "stdio"}});
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->cors_origins.empty());
  EXPECT_FALSE(config_from_json(nlohmann::json{{"cors_origins", {"https://a.example/x"}}}));
}

}  // namespace
}  // namespace wisp::faas
