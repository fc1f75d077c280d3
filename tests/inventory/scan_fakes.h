// Fake extractors for the walk and image tests: simple formats whose results show which files
// were found, through which FileSystem, and with what root. Not registered anywhere.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/extractor.h"
#include "inventory/os/os_release.h"

namespace vigil::inventory::testing {

inline std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    out.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return out;
}

// ".../dpkg/status": "Package: x" and "Version: y" lines; the ecosystem is "<ID>:<VERSION_ID>"
// of the os-release the FileSystem gives, so a test sees whose os-release was read.
class FakeDpkg final : public Extractor {
 public:
  std::string_view name() const override { return "fake-dpkg"; }
  bool ClaimsPath(const std::filesystem::path& path) const override {
    return path.filename() == "status" && path.parent_path().filename() == "dpkg";
  }
  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    std::string ecosystem = "unknown";
    if (auto release = ReadOsRelease(fs)) ecosystem = release->id + ":" + release->version_id;
    std::vector<Package> out;
    int line_no = 0;
    for (std::string_view line : Lines(content)) {
      ++line_no;
      if (line.starts_with("Package: ")) {
        out.push_back(Package{});
        out.back().name = std::string(line.substr(9));
        out.back().ecosystem = ecosystem;
        out.back().location = path.string();
      } else if (line.starts_with("Version: ") && !out.empty()) {
        out.back().version = std::string(line.substr(9));
      } else if (!line.empty()) {
        return Fail(ErrorCode::kInvalidArgument, path.string() + ":" + std::to_string(line_no) + ": bad line");
      }
    }
    return out;
  }
};

// "*.fakelock": "name@version" lines; "include <path>" reads another file through the FileSystem
// (relative to this file's folder); "throw" throws, as a buggy extractor might.
class FakeLock final : public Extractor {
 public:
  std::string_view name() const override { return "fake-lock"; }
  bool ClaimsPath(const std::filesystem::path& path) const override { return path.extension() == ".fakelock"; }
  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    std::vector<Package> out;
    for (std::string_view line : Lines(content)) {
      if (line.starts_with("include ")) {
        const std::filesystem::path other = path.parent_path() / std::string(line.substr(8));
        auto text = fs.Read(other);
        if (!text) return std::unexpected(text.error());
        for (std::string_view l : Lines(*text)) Add(l, path, out);
      } else if (line == "throw") {
        throw std::runtime_error("fake failure");
      } else {
        Add(line, path, out);
      }
    }
    return out;
  }

 private:
  static void Add(std::string_view line, const std::filesystem::path& path, std::vector<Package>& out) {
    const auto at = line.find('@');
    if (at == std::string_view::npos) return;
    Package p;
    p.name = std::string(line.substr(0, at));
    p.version = std::string(line.substr(at + 1));
    p.ecosystem = "npm";
    p.location = path.string();
    out.push_back(std::move(p));
  }
};

// Any file whose content starts with {"fakeSbom": one package named after the file.
class FakeSbom final : public Extractor {
 public:
  std::string_view name() const override { return "fake-sbom"; }
  bool ClaimsPath(const std::filesystem::path&) const override { return false; }
  bool ClaimsContent(std::string_view content) const override { return content.starts_with("{\"fakeSbom\""); }
  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view,
                                       const FileSystem&) const override {
    Package p;
    p.name = "from-sbom";
    p.version = "1";
    p.ecosystem = "PyPI";
    p.location = path.string();
    return std::vector<Package>{p};
  }
};

struct FakeExtractors {
  FakeDpkg dpkg;
  FakeLock lock;
  FakeSbom sbom;
  std::vector<const Extractor*> all{&dpkg, &lock, &sbom};
};

}  // namespace vigil::inventory::testing
