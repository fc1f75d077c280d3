#include "inventory/groups.h"
#include "inventory/lang/cargo_lock.h"
#include "inventory/lang/composer_lock.h"
#include "inventory/lang/conan_lock.h"
#include "inventory/lang/gemfile_lock.h"
#include "inventory/lang/go_binary.h"
#include "inventory/lang/go_mod.h"
#include "inventory/lang/mix_lock.h"
#include "inventory/lang/nuget_lock.h"
#include "inventory/lang/pubspec_lock.h"
#include "inventory/lang/renv_lock.h"

namespace vigil::inventory {

void RegisterOtherLanguageExtractors(ExtractorList& out) {
  out.push_back(MakeGoModExtractor());
  out.push_back(MakeCargoLockExtractor());
  out.push_back(MakeGemfileLockExtractor());
  out.push_back(MakeComposerLockExtractor());
  out.push_back(MakeMixLockExtractor());
  out.push_back(MakePubspecLockExtractor());
  out.push_back(MakeConanLockExtractor());
  out.push_back(MakeNuGetLockExtractor());
  out.push_back(MakeRenvLockExtractor());
  out.push_back(MakeGoBinaryExtractor());
}

}  // namespace vigil::inventory
