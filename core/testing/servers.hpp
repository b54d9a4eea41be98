#pragma once

#include <string>
#include <string_view>

namespace classroom::testing {

// Real PostgreSQL and Redis (and, on first use, an SMTP server) for integration tests, started once
// per test process by tools/stack.py in a temporary folder on free ports, and stopped when the
// process exits. Never a system service, never a fixed port.
class Servers {
 public:
  // The servers of this process, started on first use.
  static Servers& get();

  // A libpq URI for `database` (created empty on first use of that name).
  std::string pg_url(std::string_view database = "classroom_test");
  std::string redis_url() const;
  int pg_port() const { return pg_port_; }
  int redis_port() const { return redis_port_; }
  // An SMTP server that accepts every message into a Maildir (aiosmtpd's
  // Mailbox: one file per message in maildir()/new), started on first use.
  std::string smtp_url();
  std::string maildir();

  // Stop or start one server ("pg", "redis", "mail") in place (same port, same data), for reconnect
  // tests.
  void stop(std::string_view component);
  void start(std::string_view component);

  Servers(const Servers&) = delete;
  Servers& operator=(const Servers&) = delete;
  ~Servers();

 private:
  Servers();
  void stack(std::string_view args) const;

  std::string dir_;
  std::string pg_password_;
  int pg_port_ = 0;
  int redis_port_ = 0;
  int mail_port_ = 0;  // 0: not started
};

// Stops a server ("pg", "redis" or "mail") for the length of a scope and starts it
// again (same port, same data), also when the test fails half-way, so that
// later tests still have it. end() starts it early.
class Outage {
 public:
  explicit Outage(std::string component);
  ~Outage();
  Outage(const Outage&) = delete;
  Outage& operator=(const Outage&) = delete;
  void end();

 private:
  std::string component_;
  bool ended_ = false;
};

// The repository's root, for tests that need its files (migrations, tools).
std::string source_dir();

}  // namespace classroom::testing
