#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/errors.hpp"

// What the fuzz targets share: a broken property aborts, which libFuzzer and
// the corpus replay both report as a failure with the input that caused it.
namespace classroom::core::fuzz {

inline void require(bool holds, const char* property) {
  if (!holds) {
    std::fprintf(stderr, "property broken: %s\n", property);
    std::abort();
  }
}

// Runs `decode`; an Error whose code `expected` accepts is a refused input,
// anything else thrown is a bug. True when `decode` returned.
template <class Decode, class Expected>
bool decodes(Decode&& decode, Expected&& expected) {
  try {
    decode();
    return true;
  } catch (const Error& e) {
    require(expected(e), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception: %s\n", e.what());
    std::abort();
  }
  return false;
}

}  // namespace classroom::core::fuzz
