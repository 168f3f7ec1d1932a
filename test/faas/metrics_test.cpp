#include "faas/core/metrics.h"

#include <gtest/gtest.h>

namespace wisp::faas {
namespace {

TEST(Metrics, RendersCountersHistogramAndGauge) {
  Metrics m;
  m.record_request("hello", 200, std::chrono::milliseconds(3), "");
  m.record_request("hello", 500, std::chrono::milliseconds(300), "trap");
  m.instance_started("hello");
  std::string text = m.render_prometheus();
  EXPECT_NE(text.find("wisp_requests_total{function=\"hello\",status=\"200\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("wisp_requests_total{function=\"hello\",status=\"500\"} 1"), std::string::npos);
  EXPECT_NE(text.find("wisp_request_errors_total{function=\"hello\",kind=\"trap\"} 1"), std::string::npos);
  EXPECT_NE(text.find("wisp_request_duration_seconds_bucket{function=\"hello\",le=\"0.005\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("wisp_request_duration_seconds_bucket{function=\"hello\",le=\"0.5\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("wisp_request_duration_seconds_count{function=\"hello\"} 2"), std::string::npos);
  EXPECT_NE(text.find("wisp_instances_in_use{function=\"hello\"} 1"), std::string::npos);
  m.instance_finished("hello");
  EXPECT_NE(m.render_prometheus().find("wisp_instances_in_use{function=\"hello\"} 0"), std::string::npos);
}

}  // namespace
}  // namespace wisp::faas
