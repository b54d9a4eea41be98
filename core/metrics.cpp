#include "core/metrics.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace classroom::core {
namespace {

std::string escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// `a="1",b="2"`: the key of a series within its family.
std::string label_text(const Labels& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    out += fmt::format("{}{}=\"{}\"", out.empty() ? "" : ",", key, escape(value));
  }
  return out;
}

std::string braced(const std::string& labels) { return labels.empty() ? "" : "{" + labels + "}"; }

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) {
    ++i;
  }
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(value * 1e6), std::memory_order_relaxed);
}

Metrics::Family& Metrics::family(std::string_view name, std::string_view help,
                                 std::string_view type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{std::string(help), std::string(type), {}, {}})
             .first;
  }
  if (it->second.type != type) {
    throw std::logic_error(fmt::format("metric {} is a {}, not a {}", name, it->second.type, type));
  }
  return it->second;
}

Counter& Metrics::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, "counter").counters[label_text(labels)];
  if (!slot) {
    slot = std::make_unique<Counter>();
  }
  return *slot;
}

Histogram& Metrics::histogram(std::string_view name, std::string_view help, const Labels& labels,
                              const std::vector<double>& bounds) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, "histogram").histograms[label_text(labels)];
  if (!slot) {
    slot = std::make_unique<Histogram>(bounds);
  }
  return *slot;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, family.help, name, family.type);
    for (const auto& [labels, counter] : family.counters) {
      out += fmt::format("{}{} {}\n", name, braced(labels), counter->value());
    }
    for (const auto& [labels, h] : family.histograms) {
      std::string prefix = labels.empty() ? "" : labels + ",";
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= h->bounds_.size(); ++i) {
        cumulative += h->buckets_[i].load(std::memory_order_relaxed);
        std::string le = i < h->bounds_.size() ? fmt::format("{}", h->bounds_[i]) : "+Inf";
        out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, prefix, le, cumulative);
      }
      out += fmt::format("{}_sum{} {}\n", name, braced(labels),
                         static_cast<double>(h->sum_micros_.load()) / 1e6);
      out += fmt::format("{}_count{} {}\n", name, braced(labels), h->count_.load());
    }
  }
  return out;
}

const std::vector<double>& Metrics::latency_buckets() {
  static const std::vector<double> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  10};
  return kBuckets;
}

}  // namespace classroom::core
