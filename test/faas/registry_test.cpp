#include "faas/registry/registry.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/sha256.h"
#include "temp_dir.h"

namespace wisp::faas {
namespace {

using testing::TempDir;

DeployRequest request(const std::string& name, const std::string& content,
                      std::vector<std::string> aliases = {}) {
  DeployRequest r;
  r.name = name;
  r.module.assign(content.begin(), content.end());
  r.aliases = std::move(aliases);
  return r;
}

TEST(Registry, DeployNumbersVersionsAndMovesLatest) {
  TempDir dir("reg");
  auto reg = Registry::open(dir.path());
  ASSERT_TRUE(reg) << reg.error().message;
  auto v1 = (*reg)->deploy(request("hello", "one"));
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->version, 1u);
  auto v2 = (*reg)->deploy(request("hello", "two", {"prod"}));
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->version, 2u);
  auto f = (*reg)->catalog()->find("hello");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->aliases.at("latest"), 2u);
  EXPECT_EQ(f->aliases.at("prod"), 2u);
  EXPECT_EQ(f->versions.size(), 2u);
  std::string two = "two";
  EXPECT_EQ(v2->sha256, sha256_hex({reinterpret_cast<const uint8_t*>(two.data()), two.size()}));
  auto bytes = (*reg)->module_bytes(v2->sha256);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(std::string(bytes->begin(), bytes->end()), "two");
}

TEST(Registry, StatePersistsAcrossReopen) {
  TempDir dir("reg");
  {
    auto reg = Registry::open(dir.path());
    ASSERT_TRUE(reg);
    ASSERT_TRUE((*reg)->deploy(request("a", "x")));
    ASSERT_TRUE((*reg)->deploy(request("a", "y")));
    ASSERT_TRUE((*reg)->set_alias("a", "prod", 1));
  }
  auto reg = Registry::open(dir.path());
  ASSERT_TRUE(reg);
  auto f = (*reg)->catalog()->find("a");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->aliases.at("prod"), 1u);
  EXPECT_EQ(f->aliases.at("latest"), 2u);
  auto v3 = (*reg)->deploy(request("a", "z"));
  ASSERT_TRUE(v3);
  EXPECT_EQ(v3->version, 3u);
}

TEST(Registry, RollbackMovesAnAliasOnly) {
  TempDir dir("reg");
  auto reg = std::move(*Registry::open(dir.path()));
  ASSERT_TRUE(reg->deploy(request("a", "x")));
  ASSERT_TRUE(reg->deploy(request("a", "y")));
  ASSERT_TRUE(reg->set_alias("a", "latest", 1));
  EXPECT_EQ(reg->catalog()->find("a")->latest()->version, 1u);
  EXPECT_EQ(reg->catalog()->find("a")->versions.size(), 2u);
  auto bad = reg->set_alias("a", "prod", 7);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, FailKind::NotFound);
  EXPECT_FALSE(reg->set_alias("a", "9lives", 1));
  EXPECT_EQ(reg->set_alias("nope", "prod", 1).error().kind, FailKind::NotFound);
}

TEST(Registry, RemoveVersionRespectsAliasesAndMovesLatest) {
  TempDir dir("reg");
  auto reg = std::move(*Registry::open(dir.path()));
  ASSERT_TRUE(reg->deploy(request("a", "x", {"prod"})));
  ASSERT_TRUE(reg->deploy(request("a", "y")));
  auto refused = reg->remove_version("a", 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, FailKind::Conflict);
  ASSERT_TRUE(reg->remove_version("a", 2));
  auto f = reg->catalog()->find("a");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->latest()->version, 1u);
  EXPECT_FALSE(f->find_version(2));
}

TEST(Registry, RemovingTheLastVersionRemovesTheFunctionAndItsFile) {
  TempDir dir("reg");
  auto reg = std::move(*Registry::open(dir.path()));
  auto v = reg->deploy(request("a", "only"));
  ASSERT_TRUE(v);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "modules" / (v->sha256 + ".wasm")));
  ASSERT_TRUE(reg->remove_version("a", 1));
  EXPECT_FALSE(reg->catalog()->find("a"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "modules" / (v->sha256 + ".wasm")));
}

TEST(Registry, IdenticalModulesShareOneFile) {
  TempDir dir("reg");
  auto reg = std::move(*Registry::open(dir.path()));
  auto a = reg->deploy(request("a", "same"));
  auto b = reg->deploy(request("b", "same"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->sha256, b->sha256);
  ASSERT_TRUE(reg->remove_function("a"));
  EXPECT_TRUE(reg->module_bytes(b->sha256));  // still referenced by b
}

TEST(Registry, RejectsBadNamesAndRouteClashes) {
  TempDir dir("reg");
  auto reg = std::move(*Registry::open(dir.path()));
  EXPECT_EQ(reg->deploy(request("Bad Name", "x")).error().kind, FailKind::Invalid);
  auto r1 = request("a", "x");
  r1.config.route = "/api";
  ASSERT_TRUE(reg->deploy(r1));
  auto r2 = request("b", "y");
  r2.config.route = "/api";
  EXPECT_EQ(reg->deploy(r2).error().kind, FailKind::Conflict);
  EXPECT_FALSE(reg->catalog()->find("b"));
}

TEST(Registry, CorruptModuleFileIsDetected) {
  TempDir dir("reg");
  auto reg = std::move(*Registry::open(dir.path()));
  auto v = reg->deploy(request("a", "content"));
  ASSERT_TRUE(v);
  {
    std::ofstream out(dir.path() / "modules" / (v->sha256 + ".wasm"), std::ios::trunc);
    out << "tampered";
  }
  auto bytes = reg->module_bytes(v->sha256);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("corrupt"), std::string::npos);
}

}  // namespace
}  // namespace wisp::faas
