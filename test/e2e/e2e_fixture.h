// One `wisp serve` per test, with a fresh data directory.
#pragma once

#include <gtest/gtest.h>

#include "processes.h"
#include "raw_http.h"
#include "temp_dir.h"

namespace wisp::faas::e2e {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<faas::testing::TempDir>("e2e");
    server_ = std::make_unique<ServeProcess>(dir_->path(), std::vector<std::string>{"--workers", "4"});
    ASSERT_NE(server_->port(), 0) << "wisp serve did not start:\n" << server_->output();
  }
  void TearDown() override {
    if (server_) server_->terminate();
  }

  CliResult wisp(std::vector<std::string> args) {
    args.push_back("--server");
    args.push_back(server_->url());
    return run_wisp(args);
  }
  // `wisp deploy NAME <guest>.wasm EXTRA...`, asserting success.
  void deploy(const std::string& name, const std::string& guest_name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"deploy", name, guest(guest_name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = wisp(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  faas::testing::RawResponse request(const std::string& raw) {
    faas::testing::RawConnection c(server_->port(), 30'000);
    EXPECT_TRUE(c.send(raw));
    auto r = c.read_response();
    EXPECT_TRUE(r) << "no response to: " << raw;
    return r.value_or(faas::testing::RawResponse{});
  }
  faas::testing::RawResponse get(const std::string& target, const std::string& headers = {}) {
    return request(faas::testing::get(target, headers));
  }

  std::unique_ptr<faas::testing::TempDir> dir_;
  std::unique_ptr<ServeProcess> server_;
};

}  // namespace wisp::faas::e2e
