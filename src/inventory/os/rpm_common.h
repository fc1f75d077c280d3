// Internal to the rpm extractors: turning the header blobs a database holds into packages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "inventory/os/rpm_header.h"

namespace vigil::inventory {

// Collects the packages of a database's header blobs. A bad blob is skipped so that one damaged
// record does not hide the others, but a database whose every blob is bad is an error.
class RpmPackageCollector {
 public:
  RpmPackageCollector(const std::filesystem::path& path, const FileSystem& fs)
      : path_(path), ecosystem_(RpmEcosystemOf(fs)) {}

  // `record` names the blob in an error message ("hnum 7", "page 12").
  void Add(std::span<const std::uint8_t> blob, const std::string& record) {
    Result<RpmHeader> header = ParseRpmHeader(blob);
    if (!header) {
      AddError(record + ": " + header.error().message);
      return;
    }
    ++headers_;
    if (IsRpmPackage(*header)) packages_.push_back(RpmPackage(*header, ecosystem_, path_));
  }

  // A record that could not even be cut out of the database.
  void AddError(const std::string& reason) {
    if (!first_error_) first_error_ = path_.string() + ": " + reason;
  }

  [[nodiscard]] Result<std::vector<Package>> Finish() && {
    if (headers_ == 0 && first_error_) return Fail(ErrorCode::kInvalidArgument, *first_error_);
    return std::move(packages_);
  }

 private:
  const std::filesystem::path& path_;
  RpmEcosystem ecosystem_;
  std::vector<Package> packages_;
  std::size_t headers_ = 0;
  std::optional<std::string> first_error_;
};

// Whether `path` is `name` inside a folder called "rpm" (/var/lib/rpm, /usr/lib/sysimage/rpm).
[[nodiscard]] inline bool IsRpmDatabasePath(const std::filesystem::path& path, std::string_view name) {
  return path.filename() == name && path.parent_path().filename() == "rpm";
}

}  // namespace vigil::inventory
