#include "inventory/groups.h"
#include "inventory/lang/csv_input.h"
#include "inventory/lang/gradle_lockfile.h"
#include "inventory/lang/gradle_verification_metadata.h"
#include "inventory/lang/pom_xml.h"

namespace vigil::inventory {

void RegisterJvmExtractors(ExtractorList& out) {
  out.push_back(MakePomXmlExtractor());
  out.push_back(MakeGradleLockfileExtractor());
  out.push_back(MakeGradleVerificationMetadataExtractor());
  // The CSV input is no JVM format; it lives here because this group owns it (groups.h).
  out.push_back(MakeCsvExtractor());
}

}  // namespace vigil::inventory
