// Path handling for files read from untrusted trees (a scanned directory, an image's layers):
// normalising archive entry names and resolving symlinks as if the tree were the root (like
// chroot), so that no path or link ever leads outside it. Pure functions; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::inventory::image {

// An archive entry name as a path relative to the root, without a leading or trailing slash and
// without "." components ("./usr/bin/" -> "usr/bin", "/etc/x" -> "etc/x"; "" is the root itself).
// nullopt when ".." would climb above the root ("../x", "a/../../x").
[[nodiscard]] std::optional<std::string> NormaliseEntryPath(std::string_view name);

enum class NodeKind : unsigned char { kMissing, kDirectory, kFile, kSymlink, kOther };

struct Node {
  NodeKind kind = NodeKind::kMissing;
  std::string link_target;  // for kSymlink
};

// Looks up one already resolved relative path ("etc/os-release") without following it.
using NodeLookup = std::function<Result<Node>(const std::string& relative)>;

struct ResolvedPath {
  std::string relative;  // "usr/lib/os-release", "" for the root
  Node node;             // what the last component is (never kSymlink)
};

// Resolves `path` (absolute or relative, both taken from the root) following symlinks; absolute
// link targets start again at the root and ".." never climbs above it. kNotFound when a component
// is missing or not a directory, kInvalidArgument on a symlink loop.
[[nodiscard]] Result<ResolvedPath> ResolveUnderRoot(std::string_view path, const NodeLookup& lookup);

}  // namespace vigil::inventory::image
