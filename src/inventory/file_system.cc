#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "inventory/extractor.h"

namespace vigil::inventory {

Result<std::string> DiskFileSystem::Read(const std::filesystem::path& path) const {
  const std::filesystem::path full = root_ / path.relative_path();
  std::ifstream in(full, std::ios::binary);
  if (!in) {
    return Fail(errno == ENOENT || errno == ENOTDIR ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                full.string() + ": cannot read: " + std::strerror(errno));
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Fail(ErrorCode::kUnavailable, full.string() + ": cannot read");
  return content;
}

}  // namespace vigil::inventory
