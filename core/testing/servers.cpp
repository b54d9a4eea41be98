#include "core/testing/servers.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace classroom::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string source_dir() { return CLASSROOM_SOURCE_DIR; }

Servers& Servers::get() {
  static Servers servers;
  return servers;
}

Servers::Servers() {
  std::string pattern = (std::filesystem::temp_directory_path() / "classroom-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder");
  }
  dir_ = pattern;
  stack("up --components pg,redis --databases classroom_test");
  auto state = boost::json::parse(read_file(std::filesystem::path(dir_) / "stack.json"));
  pg_port_ = static_cast<int>(state.at("pg").at("port").as_int64());
  pg_password_ = state.at("pg").at("password").as_string().c_str();
  redis_port_ = static_cast<int>(state.at("redis").at("port").as_int64());
}

Servers::~Servers() {
  try {
    if (mail_port_ != 0) {
      stack("stop-component mail");
    }
    stack("down");
    std::filesystem::remove_all(dir_);
  } catch (const std::exception&) {
    // Nothing more to do at exit; the folder is a temporary one.
  }
}

void Servers::stack(std::string_view args) const {
  std::string command =
      fmt::format("python3 '{}/tools/stack.py' {} --dir '{}' >/dev/null", source_dir(), args, dir_);
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("failed: " + command);
  }
}

std::string Servers::pg_url(std::string_view database) {
  static std::set<std::string, std::less<>> created{"classroom_test"};
  if (!created.contains(database)) {
    stack(fmt::format("createdb {}", database));
    created.emplace(database);
  }
  return fmt::format("postgresql://classroom:{}@127.0.0.1:{}/{}?connect_timeout=5", pg_password_,
                     pg_port_, database);
}

std::string Servers::redis_url() const { return fmt::format("redis://127.0.0.1:{}", redis_port_); }

std::string Servers::smtp_url() {
  if (mail_port_ == 0) {
    stack("start-component mail");
    auto state = boost::json::parse(read_file(std::filesystem::path(dir_) / "stack.json"));
    mail_port_ = static_cast<int>(state.at("mail").at("port").as_int64());
  }
  return fmt::format("smtp://127.0.0.1:{}", mail_port_);
}

std::string Servers::maildir() {
  smtp_url();
  return (std::filesystem::path(dir_) / "mail").string();
}

void Servers::stop(std::string_view component) {
  stack(fmt::format("stop-component {}", component));
}

void Servers::start(std::string_view component) {
  stack(fmt::format("start-component {}", component));
}

Outage::Outage(std::string component) : component_(std::move(component)) {
  Servers::get().stop(component_);
}

Outage::~Outage() { end(); }

void Outage::end() {
  if (!ended_) {
    ended_ = true;
    Servers::get().start(component_);
  }
}

}  // namespace classroom::testing
