#include "version/scheme.h"

#include <algorithm>
#include <cstring>

namespace vigil::version {

int Scheme::CompareEncoded(std::string_view a, std::string_view b) const {
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

Result<int> Scheme::Compare(std::string_view a, std::string_view b) const {
  std::string ea;
  std::string eb;
  if (auto r = Encode(a, ea); !r) return std::unexpected(r.error());
  if (auto r = Encode(b, eb); !r) return std::unexpected(r.error());
  return CompareEncoded(ea, eb);
}

}  // namespace vigil::version
