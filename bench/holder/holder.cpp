// The notifications benchmark's connection holder (bench/notify.py starts
// one or more and drives them through stdin and stdout): it opens one
// Server-Sent Events connection `GET /notifications/stream` per user straight
// to a notify instance, with the identity headers the gateway would add
// (signed by bench/notify.py as auth signs them), and records when each
// `event: notification` arrives.
//
//   bench_holder --port P --users FILE [--host 127.0.0.1] [--out PATH] [--parallel N]
//
// FILE has one line per connection: user id, e-mail, session id and the
// identity's X-Auth-Signature, tab-separated. Once every connection has its
// answer's headers (or failed) the holder prints `connected <open> <failed>`.
// From then on it records, for every notification event, the connection's
// line number in FILE, the event's id (the inbox item's) and its arrival time
// (CLOCK_REALTIME, ns, read as the bytes that complete the event come off the
// socket).
//
// Commands, one per line on stdin (answers on stdout):
//   dump PATH  writes the records so far as TSV (line, item id, arrival ns),
//              forgets them; answers `dumped <count>`
//   stats      answers `stats <open> <ended> <failed> <notifications>`
//   quit       (or the end of stdin) closes every connection and exits
// SIGUSR1 dumps to --out, SIGTERM and SIGINT quit.
//
// Memory: 10,000 connections in one process, so per connection only a socket
// and a few words of parser state are kept. Reads go through one buffer
// shared by all connections (wait until readable, then read without
// blocking), and an event's `data:` lines are skipped as they arrive: only
// the last unfinished `id:` or `event:` line is ever kept. Callbacks, not
// coroutines: a frame per connection would cost more than the rest together.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t kIdBytes = 36;  // a UUID's text
// An unfinished line longer than this is a `data:` line (or nothing we read).
constexpr std::size_t kKeptLineBytes = 64;
constexpr std::size_t kMaxHeadBytes = 16 << 10;

std::int64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

struct User {
  std::string id;
  std::string email;
  std::string session;
  std::string signature;
};

std::vector<User> read_users(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::vector<User> users;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      continue;
    }
    std::vector<std::string> fields;
    for (std::size_t start = 0, tab = 0; tab != std::string::npos; start = tab + 1) {
      tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
    }
    if (fields.size() != 4) {
      throw std::runtime_error("a line of " + path +
                               " is not `id<TAB>email<TAB>session<TAB>signature`");
    }
    users.push_back({fields[0], fields[1], fields[2], fields[3]});
  }
  return users;
}

std::string request_for(const User& user, const std::string& host) {
  return "GET /notifications/stream HTTP/1.1\r\nHost: " + host +
         "\r\nAccept: text/event-stream\r\nX-Auth-User: " + user.id +
         "\r\nX-Auth-User-Email: " + user.email +
         "\r\nX-Auth-Role: user\r\nX-Auth-Session: " + user.session +
         "\r\nX-Auth-Email-Verified: false\r\nX-Auth-Signature: " + user.signature + "\r\n\r\n";
}

// Where a connection's bytes are: in the answer's head, or in its chunked
// body (a chunk's size line, its data, the line break after its data).
enum class Stage : std::uint8_t { kHead, kChunkSize, kChunkExtension, kChunkData, kChunkEnd };

struct Connection {
  Connection(asio::io_context& io, std::uint32_t line) : socket(io), line(line) {}
  tcp::socket socket;
  std::string partial;  // the unfinished head, or an unfinished short line
  std::uint32_t line;
  std::uint32_t chunk_left = 0;
  Stage stage = Stage::kHead;
  bool chunked = true;
  bool skipping_line = false;  // the unfinished line is one we do not read
  bool notification = false;   // the current event is `event: notification`
  std::uint8_t id_length = 0;
  std::array<char, kIdBytes> id{};
};

struct Arrival {
  std::uint32_t line;
  std::uint8_t id_length;
  std::array<char, kIdBytes> id;
  std::int64_t ns;
};

class Holder {
 public:
  Holder(asio::io_context& io, tcp::endpoint server, std::string host, std::vector<User> users,
         std::string out_path, std::size_t parallel)
      : io_(io),
        server_(server),
        host_(std::move(host)),
        users_(std::move(users)),
        out_path_(std::move(out_path)),
        parallel_(parallel),
        signals_(io, SIGUSR1, SIGTERM, SIGINT),
        input_(io, ::dup(STDIN_FILENO)) {}

  void start() {
    connections_.reserve(users_.size());
    for (std::uint32_t i = 0; i < users_.size(); ++i) {
      connections_.push_back(std::make_unique<Connection>(io_, i));
    }
    while (next_ < connections_.size() && opening_ < parallel_) {
      open(*connections_[next_++]);
    }
    report_if_connected();
    wait_for_signal();
    read_command();
  }

 private:
  void open(Connection& c) {
    ++opening_;
    c.socket.async_connect(server_, [this, &c](error_code ec) {
      if (ec) {
        return failed(c, "connect: " + ec.message());
      }
      c.socket.set_option(tcp::no_delay(true));
      c.socket.non_blocking(true);
      c.partial = request_for(users_[c.line], host_);
      asio::async_write(c.socket, asio::buffer(c.partial), [this, &c](error_code ec, std::size_t) {
        if (ec) {
          return failed(c, "write: " + ec.message());
        }
        c.partial.clear();
        c.partial.shrink_to_fit();
        wait_readable(c);
      });
    });
  }

  void wait_readable(Connection& c) {
    c.socket.async_wait(tcp::socket::wait_read, [this, &c](error_code ec) {
      if (ec) {
        return lost(c, ec.message());
      }
      read_available(c);
    });
  }

  // Reads what the socket holds until it would block, then waits again.
  void read_available(Connection& c) {
    for (;;) {
      error_code ec;
      std::size_t n = c.socket.read_some(asio::buffer(buffer_), ec);
      if (ec == asio::error::would_block) {
        return wait_readable(c);
      }
      if (ec) {
        return lost(c, ec == asio::error::eof ? "closed by the server" : ec.message());
      }
      std::int64_t now = realtime_ns();
      std::string_view data(buffer_.data(), n);
      if (c.stage == Stage::kHead && !read_head(c, data)) {
        return;
      }
      if (!read_body(c, data, now)) {
        return lost(c, "the stream ended");
      }
    }
  }

  // Takes the head off `data`; false if the connection failed.
  bool read_head(Connection& c, std::string_view& data) {
    std::size_t before = c.partial.size();
    c.partial.append(data);
    auto end = c.partial.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (c.partial.size() > kMaxHeadBytes) {
        failed(c, "an answer head without an end");
        return false;
      }
      data = {};
      return true;
    }
    std::string head = c.partial.substr(0, end);
    data.remove_prefix(end + 4 - before);
    c.partial.clear();
    c.partial.shrink_to_fit();
    if (!head.starts_with("HTTP/1.1 200")) {
      failed(c, head.substr(0, head.find('\r')));
      return false;
    }
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    c.chunked = head.find("transfer-encoding: chunked") != std::string::npos;
    c.stage = c.chunked ? Stage::kChunkSize : Stage::kChunkData;
    --opening_;
    ++open_;
    if (next_ < connections_.size()) {
      open(*connections_[next_++]);
    }
    report_if_connected();
    return true;
  }

  // Takes the chunk framing off and hands the events' bytes on; false once
  // the last chunk has come.
  bool read_body(Connection& c, std::string_view data, std::int64_t now) {
    if (!c.chunked) {
      read_events(c, data, now);
      return true;
    }
    while (!data.empty()) {
      switch (c.stage) {
        case Stage::kChunkSize: {
          char ch = data.front();
          data.remove_prefix(1);
          unsigned digit = 0;
          if (std::from_chars(&ch, &ch + 1, digit, 16).ec == std::errc()) {
            c.chunk_left = c.chunk_left * 16 + digit;
          } else if (ch == '\n') {
            if (c.chunk_left == 0) {
              return false;
            }
            c.stage = Stage::kChunkData;
          } else {
            c.stage = Stage::kChunkExtension;  // `\r` or `;extension`
          }
          break;
        }
        case Stage::kChunkExtension:
        case Stage::kChunkEnd: {
          auto lf = data.find('\n');
          if (lf == std::string_view::npos) {
            return true;
          }
          data.remove_prefix(lf + 1);
          if (c.stage == Stage::kChunkEnd) {
            c.stage = Stage::kChunkSize;
          } else if (c.chunk_left == 0) {
            return false;
          } else {
            c.stage = Stage::kChunkData;
          }
          break;
        }
        case Stage::kChunkData: {
          std::size_t n = std::min<std::size_t>(c.chunk_left, data.size());
          read_events(c, data.substr(0, n), now);
          data.remove_prefix(n);
          c.chunk_left -= static_cast<std::uint32_t>(n);
          if (c.chunk_left == 0) {
            c.stage = Stage::kChunkEnd;
          }
          break;
        }
        case Stage::kHead:
          return true;
      }
    }
    return true;
  }

  void read_events(Connection& c, std::string_view data, std::int64_t now) {
    while (!data.empty()) {
      auto lf = data.find('\n');
      if (lf == std::string_view::npos) {
        keep_unfinished(c, data);
        return;
      }
      std::string_view piece = data.substr(0, lf);
      data.remove_prefix(lf + 1);
      if (c.skipping_line) {
        c.skipping_line = false;
      } else if (c.partial.empty()) {
        read_line(c, piece, now);
      } else if (c.partial.size() + piece.size() <= kKeptLineBytes) {
        c.partial.append(piece);
        read_line(c, c.partial, now);
        c.partial.clear();
      } else {
        c.partial.clear();  // a `data:` line begun with its first few bytes
      }
    }
  }

  void keep_unfinished(Connection& c, std::string_view piece) {
    if (c.skipping_line) {
      return;
    }
    c.partial.append(piece);
    if (c.partial.size() > kKeptLineBytes || c.partial.starts_with("data")) {
      c.skipping_line = true;
      c.partial.clear();
    }
  }

  void read_line(Connection& c, std::string_view line, std::int64_t now) {
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      if (c.notification && c.id_length > 0) {
        arrivals_.push_back({c.line, c.id_length, c.id, now});
      }
      c.notification = false;
      c.id_length = 0;
    } else if (line.starts_with("event:")) {
      c.notification = field_value(line) == "notification";
    } else if (line.starts_with("id:")) {
      auto value = field_value(line).substr(0, kIdBytes);
      std::copy(value.begin(), value.end(), c.id.begin());
      c.id_length = static_cast<std::uint8_t>(value.size());
    }
  }

  static std::string_view field_value(std::string_view line) {
    line.remove_prefix(line.find(':') + 1);
    if (line.starts_with(' ')) {
      line.remove_prefix(1);
    }
    return line;
  }

  void failed(Connection& c, const std::string& why) {
    if (failed_++ < 10) {
      std::cerr << "bench_holder: " << users_[c.line].id << ": " << why << '\n';
    }
    close(c);
    --opening_;
    if (next_ < connections_.size()) {
      open(*connections_[next_++]);
    }
    report_if_connected();
  }

  // A connection that ends: before its answer's head it failed, after it the
  // stream ended.
  void lost(Connection& c, const std::string& why) {
    if (c.stage == Stage::kHead) {
      return failed(c, why);
    }
    if (ended_++ < 10) {
      std::cerr << "bench_holder: " << users_[c.line].id << ": " << why << '\n';
    }
    --open_;
    close(c);
  }

  static void close(Connection& c) {
    error_code ignored;
    c.socket.close(ignored);
    c.partial.clear();
    c.partial.shrink_to_fit();
  }

  void report_if_connected() {
    if (!reported_ && next_ == connections_.size() && opening_ == 0) {
      reported_ = true;
      std::cout << "connected " << open_ << ' ' << failed_ << std::endl;
    }
  }

  void wait_for_signal() {
    signals_.async_wait([this](error_code ec, int signal) {
      if (ec) {
        return;
      }
      if (signal == SIGUSR1) {
        dump(out_path_);
        wait_for_signal();
      } else {
        stop();
      }
    });
  }

  void read_command() {
    asio::async_read_until(input_, command_, '\n', [this](error_code ec, std::size_t) {
      if (ec) {
        return stop();  // the end of stdin: the driver has gone
      }
      std::istream in(&command_);
      std::string line;
      std::getline(in, line);
      if (line.starts_with("dump ")) {
        dump(line.substr(5));
      } else if (line == "stats") {
        std::cout << "stats " << open_ << ' ' << ended_ << ' ' << failed_ << ' ' << arrivals_.size()
                  << std::endl;
      } else if (line == "quit") {
        return stop();
      } else {
        std::cerr << "bench_holder: unknown command: " << line << '\n';
      }
      read_command();
    });
  }

  void dump(const std::string& path) {
    std::ofstream out(path);
    for (const Arrival& a : arrivals_) {
      out << a.line << '\t' << std::string_view(a.id.data(), a.id_length) << '\t' << a.ns << '\n';
    }
    out.close();
    if (!out) {
      std::cerr << "bench_holder: cannot write " << path << '\n';
    }
    std::cout << "dumped " << arrivals_.size() << std::endl;
    arrivals_.clear();
  }

  void stop() {
    for (auto& c : connections_) {
      close(*c);
    }
    signals_.cancel();
    input_.close();
    io_.stop();
  }

  asio::io_context& io_;
  tcp::endpoint server_;
  std::string host_;
  std::vector<User> users_;
  std::string out_path_;
  std::size_t parallel_;
  asio::signal_set signals_;
  asio::posix::stream_descriptor input_;
  asio::streambuf command_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::array<char, 64 << 10> buffer_{};  // every connection's reads
  std::vector<Arrival> arrivals_;
  std::size_t next_ = 0;     // the next connection to open
  std::size_t opening_ = 0;  // connections without their answer's head yet
  std::size_t open_ = 0;
  std::size_t ended_ = 0;
  std::size_t failed_ = 0;
  bool reported_ = false;
};

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string users;
  std::string out = "arrivals.tsv";
  std::size_t parallel = 200;
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view name = argv[i];
    std::string value = argv[i + 1];
    if (name == "--host") {
      o.host = value;
    } else if (name == "--port") {
      o.port = value;
    } else if (name == "--users") {
      o.users = value;
    } else if (name == "--out") {
      o.out = value;
    } else if (name == "--parallel") {
      o.parallel = std::max(1, std::stoi(value));
    } else {
      throw std::runtime_error("unknown option " + std::string(name));
    }
  }
  if (argc % 2 == 0 || o.port.empty() || o.users.empty()) {
    throw std::runtime_error(
        "usage: bench_holder --port P --users FILE [--host H] [--out PATH] [--parallel N]");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options options = parse_options(argc, argv);
    asio::io_context io(1);
    auto endpoint = *asio::ip::tcp::resolver(io).resolve(options.host, options.port).begin();
    Holder holder(io, endpoint, options.host, read_users(options.users), options.out,
                  options.parallel);
    holder.start();
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_holder: " << e.what() << '\n';
    return 1;
  }
}
