#include "inventory/groups.h"
#include "inventory/lang/npm_lock.h"
#include "inventory/lang/pnpm_lock.h"
#include "inventory/lang/yarn_lock.h"

namespace vigil::inventory {

void RegisterJavaScriptExtractors(ExtractorList& out) {
  out.push_back(MakeNpmLockExtractor());
  out.push_back(MakeNodeModulesLockExtractor());
  out.push_back(MakeYarnLockExtractor());
  out.push_back(MakePnpmLockExtractor());
}

}  // namespace vigil::inventory
