#include "faas/core/units.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "faas/core/function_config.h"

namespace wisp::faas {
namespace {

TEST(Units, ParsesSizesWithBinaryAndDecimalSuffixes) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("128MiB"), 128ull << 20);
  EXPECT_EQ(parse_size("128M"), 128ull << 20);
  EXPECT_EQ(parse_size("1GiB"), 1ull << 30);
  EXPECT_EQ(parse_size("2MB"), 2'000'000u);
  EXPECT_FALSE(parse_size("lots"));
  EXPECT_FALSE(parse_size("12 parsecs"));
  EXPECT_FALSE(parse_size("99999999999999999999GiB"));
}

TEST(Units, ParsesDurations) {
  EXPECT_EQ(parse_duration("30s"), std::chrono::milliseconds(30'000));
  EXPECT_EQ(parse_duration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(parse_duration("2m"), std::chrono::milliseconds(120'000));
  EXPECT_EQ(parse_duration("5"), std::chrono::milliseconds(5'000));
  EXPECT_FALSE(parse_duration("soon"));
  EXPECT_FALSE(parse_duration("3d"));
}

TEST(Units, FormatsRoundTrip) {
  EXPECT_EQ(format_size(128ull << 20), "128MiB");
  EXPECT_EQ(format_size(1000), "1000");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(30'000)), "30s");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(1500)), "1500ms");
}

TEST(FunctionConfig, NamesFollowTheDocumentedAlphabet) {
  EXPECT_TRUE(valid_function_name("hello-world_2"));
  EXPECT_FALSE(valid_function_name("_wisp"));
  EXPECT_FALSE(valid_function_name("Hello"));
  EXPECT_FALSE(valid_function_name(""));
  EXPECT_FALSE(valid_function_name(std::string(64, 'a')));
  EXPECT_TRUE(valid_alias_name("prod"));
  EXPECT_FALSE(valid_alias_name("3"));
  EXPECT_FALSE(valid_alias_name("2prod"));
}

TEST(FunctionConfig, JsonRoundTripKeepsEveryField) {
  FunctionConfig c;
  c.abi = Abi::Http;
  c.route = "/api/x";
  c.env = {{"A", "1"}, {"B", "two=2"}};
  c.memory_bytes = 1 << 20;
  c.timeout = std::chrono::milliseconds(1500);
  c.max_concurrency = 3;
  c.max_queue = 0;
  c.max_body_bytes = 10;
  c.max_output_bytes = 20;
  auto back = config_from_json(to_json(c));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->abi, Abi::Http);
  EXPECT_EQ(back->route, "/api/x");
  EXPECT_EQ(back->env, c.env);
  EXPECT_EQ(back->memory_bytes, c.memory_bytes);
  EXPECT_EQ(back->timeout, c.timeout);
  EXPECT_EQ(back->max_concurrency, 3u);
  EXPECT_EQ(back->max_queue, 0u);
  EXPECT_EQ(back->max_body_bytes, 10u);
  EXPECT_EQ(back->max_output_bytes, 20u);
}

TEST(FunctionConfig, RejectsBadValuesWithTheFieldNamed) {
  FunctionConfig c;
  c.route = "/_wisp/x";
  auto r = check_config(c);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("route"), std::string::npos);
  c.route = "/ok";
  c.env = {{"1BAD", "x"}};
  ASSERT_FALSE(check_config(c));
  c.env = {};
  c.max_concurrency = 0;
  ASSERT_FALSE(check_config(c));
  c.max_concurrency = 1;
  c.memory_bytes = 100;
  ASSERT_FALSE(check_config(c));
}

}  // namespace
}  // namespace wisp::faas
