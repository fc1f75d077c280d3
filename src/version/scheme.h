// A version scheme parses a version string of one ecosystem once into an encoded form; comparisons
// then work on the encoded bytes, never re-parsing and never allocating. Schemes are stateless
// singletons (see registry.h) and safe to use from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::version {

enum class SchemeId : std::uint8_t {
  kDebian,
  kRpm,
  kAlpine,
  kSemver,
  kGo,
  kPub,
  kPypi,
  kMaven,
  kRubyGems,
  kNuGet,
  kPackagist,
  kCran,
  kHackage,
};

class Scheme {
 public:
  virtual ~Scheme() = default;

  [[nodiscard]] virtual SchemeId id() const = 0;
  [[nodiscard]] virtual std::string_view name() const = 0;

  // Appends the encoded form of `text` to `out`. On error `out` is restored to its old length and
  // the message says which character or part of the version is invalid and why.
  [[nodiscard]] virtual Result<void> Encode(std::string_view text, std::string& out) const = 0;

  // Orders two encoded forms: negative, zero or positive. The default is byte-wise order, which is
  // right for every scheme whose encoding is a sort key; a scheme whose native order is not a
  // total order (Maven) overrides it.
  [[nodiscard]] virtual int CompareEncoded(std::string_view a, std::string_view b) const;

  // Whether CompareEncoded is a total order (transitive), so that sorted indexes such as the
  // snapshot's interval trees may rely on it. Maven and Composer's version_compare are not.
  [[nodiscard]] virtual bool OrderIsTotal() const { return true; }

  // Encodes both versions and compares them.
  [[nodiscard]] Result<int> Compare(std::string_view a, std::string_view b) const;
};

}  // namespace vigil::version
