#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>

namespace classroom::testing {

// Standard error (where core::log writes) sent to a temporary file while it
// lives, so that a test can read the lines written meanwhile.
class LogCapture {
 public:
  LogCapture() : file_(std::tmpfile()), saved_(::dup(STDERR_FILENO)) {
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~LogCapture() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    std::fclose(file_);
  }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Everything written so far.
  std::string text() const {
    std::string out;
    std::rewind(file_);
    for (int c = std::fgetc(file_); c != EOF; c = std::fgetc(file_)) {
      out.push_back(static_cast<char>(c));
    }
    return out;
  }

 private:
  std::FILE* file_;
  int saved_;
};

}  // namespace classroom::testing
