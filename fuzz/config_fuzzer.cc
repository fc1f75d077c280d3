// Feeds arbitrary bytes to the vigil.toml reader: a configuration or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view kChoices[] = {"a", "b"};
  static constexpr vigil::ConfigKey kSchema[] = {
      {"format", vigil::ConfigType::kString, kChoices},
      {"db.mirror", vigil::ConfigType::kString},
      {"db.ecosystems", vigil::ConfigType::kStringList},
  };
  (void)vigil::Config::Parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml", kSchema);
  return 0;
}
