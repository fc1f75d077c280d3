// XML helpers shared by the JVM extractors (pom.xml, gradle/verification-metadata.xml): loading
// a document with errors that name the file and line, and namespace-agnostic element lookup.
// Stateless free functions; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::inventory {

// Parses `content` into `doc`. Malformed XML, or a document without a root element, is
// kInvalidArgument naming `path` and the line.
[[nodiscard]] Result<void> LoadXml(pugi::xml_document& doc, const std::filesystem::path& path,
                                   std::string_view content);

// The 1-based line of byte `offset` in `content`.
[[nodiscard]] std::size_t LineOfOffset(std::string_view content, std::ptrdiff_t offset);

// An element's name without its namespace prefix ("pom:project" -> "project"): documents may
// bind the POM or Gradle namespace to a prefix, and the format only cares about local names.
[[nodiscard]] std::string_view LocalName(const pugi::xml_node& node);

// The first child element of `node` whose local name is `name`; an empty node when there is none.
[[nodiscard]] pugi::xml_node ChildElement(const pugi::xml_node& node, std::string_view name);

// The text of the child element `name`, trimmed of surrounding whitespace ("" when absent).
[[nodiscard]] std::string ChildText(const pugi::xml_node& node, std::string_view name);

// `text` without leading and trailing XML whitespace.
[[nodiscard]] std::string_view TrimXmlSpace(std::string_view text);

}  // namespace vigil::inventory
