#include "inventory/groups.h"
#include "inventory/os/apk_installed.h"
#include "inventory/os/dpkg_status.h"
#include "inventory/os/rpm_bdb.h"
#include "inventory/os/rpm_sqlite.h"

namespace vigil::inventory {

void RegisterOsExtractors(ExtractorList& out) {
  out.push_back(MakeDpkgStatusExtractor());
  out.push_back(MakeApkInstalledExtractor());
  out.push_back(MakeRpmSqliteExtractor());
  out.push_back(MakeRpmBdbExtractor());
}

}  // namespace vigil::inventory
