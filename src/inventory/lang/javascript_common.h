// Helpers shared by the JavaScript lockfile extractors (package-lock.json, yarn.lock,
// pnpm-lock.yaml): file-name claims, git commits from resolution URLs, positioned errors and a
// de-duplicating package list. Free functions are stateless and thread-safe; a PackageSet is a
// plain value owned by one Extract call.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "inventory/file_errors.h"
#include "inventory/package.h"

namespace vigil::inventory::js {

inline constexpr std::string_view kNpmEcosystem = "npm";

// The shared positioned-error helpers (file_errors.h), also reachable as js::….
using inventory::AtLine;
using inventory::FileNameIs;
using inventory::LineOf;

// At most a few dozen bytes of hostile text, quoted, for an error message.
[[nodiscard]] std::string Quote(std::string_view text);

// The commit a resolution or version string pins ("git+ssh://…#<sha>", "github:o/r#<sha>",
// "https://codeload.github.com/o/r/tar.gz/<sha>", "…#commit=<sha>", a github.com/gitlab.com/
// bitbucket.org URL's "ref" query or fragment), or "" when it pins none. Mirrors osv-scanner.
[[nodiscard]] std::string CommitFromResolution(std::string_view resolution);

// The commit of a "https://codeload.github.com/<owner>/<repo>/tar.gz/<sha>" URL, or "".
[[nodiscard]] std::string CommitFromCodeload(std::string_view url);

// The scope npm-style groups imply: dev first, then optional, else production.
[[nodiscard]] Scope ScopeFromGroups(const std::vector<std::string>& groups);

// Packages keyed by (name, version-or-commit) in order of first appearance. A package seen again
// merges into the first: it belongs to no group if either occurrence belongs to none (it is then
// needed in production), else to the sorted union of both; it is direct if either is.
class PackageSet {
 public:
  void Add(std::string key, Package package);
  [[nodiscard]] std::vector<Package> Take() && { return std::move(packages_); }

 private:
  std::vector<Package> packages_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace vigil::inventory::js
