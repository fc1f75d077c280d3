// Fuzzes one version scheme (chosen at build time by VIGIL_FUZZ_SCHEME): any input either fails
// with an error or encodes into a form that orders consistently (reflexive, antisymmetric).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "version/schemes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& scheme = vigil::version::VIGIL_FUZZ_SCHEME();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // A newline splits the input into two versions to compare.
  const std::size_t split = input.find('\n');
  const std::string_view a = input.substr(0, split);
  const std::string_view b = split == std::string_view::npos ? a : input.substr(split + 1);

  std::string ea;
  std::string eb;
  const bool ok_a = scheme.Encode(a, ea).has_value();
  const bool ok_b = scheme.Encode(b, eb).has_value();
  if (!ok_a && !ea.empty()) std::abort();  // a failed Encode must leave its output untouched
  if (ok_a && scheme.CompareEncoded(ea, ea) != 0) std::abort();
  if (ok_a && ok_b && scheme.CompareEncoded(ea, eb) != -scheme.CompareEncoded(eb, ea)) std::abort();
  return 0;
}
