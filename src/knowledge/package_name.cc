#include "knowledge/package_name.h"

#include "version/registry.h"

namespace vigil::knowledge {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

void CanonicalPackageName(std::string_view ecosystem, std::string_view name, std::string& out) {
  out.clear();
  const std::string_view base = version::BaseEcosystem(ecosystem);
  if (base == "PyPI") {
    // PEP 503: lower case, and every run of '-', '_' and '.' becomes one '-'.
    bool in_separator_run = false;
    for (const char c : name) {
      const bool separator = c == '-' || c == '_' || c == '.';
      if (!separator) {
        out.push_back(Lower(c));
      } else if (!in_separator_run) {
        out.push_back('-');
      }
      in_separator_run = separator;
    }
    return;
  }
  if (base == "NuGet" || base == "Packagist") {
    for (const char c : name) out.push_back(Lower(c));
    return;
  }
  out.assign(name);
}

}  // namespace vigil::knowledge
