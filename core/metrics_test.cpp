#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace classroom::core {
namespace {

TEST(Metrics, CountersAndHistogramsRenderInPrometheusText) {
  Metrics metrics;
  metrics.counter("jobs_total", "Jobs", {{"kind", "a\"b"}}).add(3);
  auto& latency = metrics.histogram("job_seconds", "Job time", {}, {0.1, 1});
  latency.observe(0.05);
  latency.observe(0.5);
  latency.observe(5);
  std::string text = metrics.render();
  EXPECT_NE(text.find("# TYPE jobs_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("jobs_total{kind=\"a\\\"b\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("job_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("job_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("job_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("job_seconds_count 3\n"), std::string::npos);
}

TEST(Metrics, SameLabelsAreTheSameSeries) {
  Metrics metrics;
  Counter& a = metrics.counter("hits_total", "Hits", {{"route", "/x"}});
  Counter& b = metrics.counter("hits_total", "Hits", {{"route", "/x"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &metrics.counter("hits_total", "Hits", {{"route", "/y"}}));
}

TEST(Metrics, ANameIsOneTypeOnly) {
  Metrics metrics;
  metrics.counter("requests", "Requests");
  EXPECT_THROW(metrics.histogram("requests", "Requests", {}, {1}), std::logic_error);
}

}  // namespace
}  // namespace classroom::core
