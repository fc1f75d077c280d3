// Manifest order: SortDistinct gives exactly the order of ManifestPackage's operator< without
// duplicates, whatever the input order, so that digests do not depend on how a report lists them.
#include "fleet/manifest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace vigil::fleet {
namespace {

TEST(ManifestTest, SortDistinctIsTheCanonicalOrder) {
  std::mt19937 random(7);
  const std::vector<std::string> ecosystems = {"crates.io", "Debian:12", "PyPI", "Go", "Debian:12"};
  for (int round = 0; round < 20; ++round) {
    std::vector<store::ManifestPackage> packages;
    for (int i = 0; i < 300; ++i) {
      std::string name = "p", version = "1.";
      name += std::to_string(random() % 60);
      version += std::to_string(random() % 4);
      packages.push_back({ecosystems[random() % ecosystems.size()], std::move(name), std::move(version)});
    }
    auto expected = packages;
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    SortDistinct(packages);
    ASSERT_EQ(packages, expected) << round;
    EXPECT_EQ(ManifestDigest(packages), ManifestDigest(expected));
  }
  std::vector<store::ManifestPackage> sorted = {{"Go", "a", "1"}, {"Go", "a", "1"}, {"PyPI", "a", "1"}};
  SortDistinct(sorted);
  EXPECT_EQ(sorted.size(), 2u) << "an already sorted list still loses its duplicates";
}

}  // namespace
}  // namespace vigil::fleet
