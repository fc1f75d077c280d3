#include "inventory/groups.h"
#include "inventory/lang/pdm_lock.h"
#include "inventory/lang/pipfile_lock.h"
#include "inventory/lang/poetry_lock.h"
#include "inventory/lang/python_dist_info.h"
#include "inventory/lang/requirements_txt.h"
#include "inventory/lang/uv_lock.h"

namespace vigil::inventory {

void RegisterPythonExtractors(ExtractorList& out) {
  out.push_back(MakeRequirementsTxtExtractor());
  out.push_back(MakePipfileLockExtractor());
  out.push_back(MakePoetryLockExtractor());
  out.push_back(MakePdmLockExtractor());
  out.push_back(MakeUvLockExtractor());
  out.push_back(MakePythonDistInfoExtractor());
}

}  // namespace vigil::inventory
