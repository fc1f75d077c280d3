// CVSS v4.0 MacroVector tables, as published with the specification and the FIRST calculator
// (FIRSTdotorg/cvss-v4-calculator, BSD-2-Clause). Embedded as data so scoring reads no file;
// tests/knowledge/cvss/cvss_fixtures_test.cc checks them against the reference corpus.
#include "knowledge/cvss/cvss4_tables.h"

namespace vigil::knowledge::cvss::cvss4 {

// Indexed [eq1][eq2][eq3][eq4][eq5][eq6]; kNoMacroVector where the combination cannot occur.
const MacroVectorTable kMacroVectorScores = {
  {
    {
      {
        {{10.0, 9.9}, {9.8, 9.5}, {9.5, 9.2}},
        {{10.0, 9.6}, {9.3, 8.7}, {9.1, 8.1}},
        {{9.3, 9.0}, {8.9, 8.0}, {8.1, 6.8}},
      },
      {
        {{9.8, 9.5}, {9.5, 9.2}, {9.0, 8.4}},
        {{9.3, 9.2}, {8.9, 8.1}, {8.1, 6.5}},
        {{8.8, 8.0}, {7.8, 7.0}, {6.9, 4.8}},
      },
      {
        {{kNoMacroVector, 9.2}, {kNoMacroVector, 8.2}, {kNoMacroVector, 7.2}},
        {{kNoMacroVector, 7.9}, {kNoMacroVector, 6.9}, {kNoMacroVector, 5.0}},
        {{kNoMacroVector, 6.9}, {kNoMacroVector, 5.5}, {kNoMacroVector, 2.7}},
      },
    },
    {
      {
        {{9.9, 9.7}, {9.5, 9.2}, {9.2, 8.5}},
        {{9.5, 9.1}, {9.0, 8.3}, {8.4, 7.1}},
        {{9.2, 8.1}, {8.2, 7.1}, {7.2, 5.3}},
      },
      {
        {{9.5, 9.3}, {9.2, 8.5}, {8.5, 7.3}},
        {{9.2, 8.2}, {8.0, 7.2}, {7.0, 5.9}},
        {{8.4, 7.0}, {7.1, 5.2}, {5.0, 3.0}},
      },
      {
        {{kNoMacroVector, 8.6}, {kNoMacroVector, 7.5}, {kNoMacroVector, 5.2}},
        {{kNoMacroVector, 7.1}, {kNoMacroVector, 5.2}, {kNoMacroVector, 2.9}},
        {{kNoMacroVector, 6.3}, {kNoMacroVector, 2.9}, {kNoMacroVector, 1.7}},
      },
    },
  },
  {
    {
      {
        {{9.8, 9.5}, {9.4, 8.7}, {9.1, 8.1}},
        {{9.4, 8.9}, {8.6, 7.4}, {7.7, 6.4}},
        {{8.7, 7.5}, {7.4, 6.3}, {6.3, 4.9}},
      },
      {
        {{9.4, 8.9}, {8.8, 7.7}, {7.6, 6.7}},
        {{8.6, 7.6}, {7.4, 5.8}, {5.9, 5.0}},
        {{7.2, 5.7}, {5.7, 5.2}, {5.2, 2.5}},
      },
      {
        {{kNoMacroVector, 8.3}, {kNoMacroVector, 7.0}, {kNoMacroVector, 5.4}},
        {{kNoMacroVector, 6.5}, {kNoMacroVector, 5.8}, {kNoMacroVector, 2.6}},
        {{kNoMacroVector, 5.3}, {kNoMacroVector, 2.1}, {kNoMacroVector, 1.3}},
      },
    },
    {
      {
        {{9.5, 9.0}, {8.8, 7.6}, {7.6, 7.0}},
        {{9.0, 7.7}, {7.5, 6.2}, {6.1, 5.3}},
        {{7.7, 6.6}, {6.8, 5.9}, {5.2, 3.0}},
      },
      {
        {{8.9, 7.8}, {7.6, 6.7}, {6.2, 5.8}},
        {{7.4, 5.9}, {5.7, 5.7}, {4.7, 2.3}},
        {{6.1, 5.2}, {5.7, 2.9}, {2.4, 1.6}},
      },
      {
        {{kNoMacroVector, 7.1}, {kNoMacroVector, 5.9}, {kNoMacroVector, 3.0}},
        {{kNoMacroVector, 5.8}, {kNoMacroVector, 2.6}, {kNoMacroVector, 1.5}},
        {{kNoMacroVector, 2.3}, {kNoMacroVector, 1.3}, {kNoMacroVector, 0.6}},
      },
    },
  },
  {
    {
      {
        {{9.3, 8.7}, {8.6, 7.2}, {7.5, 5.8}},
        {{8.6, 7.4}, {7.4, 6.1}, {5.6, 3.4}},
        {{7.0, 5.4}, {5.2, 4.0}, {4.0, 2.2}},
      },
      {
        {{8.5, 7.5}, {7.4, 5.5}, {6.2, 5.1}},
        {{7.2, 5.7}, {5.5, 4.1}, {4.6, 1.9}},
        {{5.3, 3.6}, {3.4, 1.9}, {1.9, 0.8}},
      },
      {
        {{kNoMacroVector, 6.4}, {kNoMacroVector, 5.1}, {kNoMacroVector, 2.0}},
        {{kNoMacroVector, 4.7}, {kNoMacroVector, 2.1}, {kNoMacroVector, 1.1}},
        {{kNoMacroVector, 2.4}, {kNoMacroVector, 0.9}, {kNoMacroVector, 0.4}},
      },
    },
    {
      {
        {{8.8, 7.5}, {7.3, 5.3}, {6.0, 5.0}},
        {{7.3, 5.5}, {5.9, 4.0}, {4.1, 2.0}},
        {{5.4, 4.3}, {4.5, 2.2}, {2.0, 1.1}},
      },
      {
        {{7.5, 5.5}, {5.8, 4.5}, {4.0, 2.1}},
        {{6.1, 5.1}, {4.8, 1.8}, {2.0, 0.9}},
        {{4.6, 1.8}, {1.7, 0.7}, {0.8, 0.2}},
      },
      {
        {{kNoMacroVector, 5.3}, {kNoMacroVector, 2.4}, {kNoMacroVector, 1.4}},
        {{kNoMacroVector, 2.4}, {kNoMacroVector, 1.2}, {kNoMacroVector, 0.5}},
        {{kNoMacroVector, 1.0}, {kNoMacroVector, 0.3}, {kNoMacroVector, 0.1}},
      },
    },
  },
};

const MaxSeverityDepths kMaxSeverityDepths = {
    .eq1 = {1, 4, 5},
    .eq2 = {1, 2},
    .eq3eq6 = {{7, 6}, {8, 8}, {0, 10}},
    .eq4 = {6, 5, 4},
    .eq5 = {1, 1, 1},
};

const MaxComposed kMaxComposed = {
    .eq1 = {{"AV:N/PR:N/UI:N/"}, {"AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"}, {"AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"}},
    .eq2 = {{"AC:L/AT:N/"}, {"AC:H/AT:N/", "AC:L/AT:P/"}},
    .eq3eq6 = {{{"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"}, {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"}}, {{"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"}, {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/"}}, {{}, {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"}}},
    .eq4 = {{"SC:H/SI:S/SA:S/"}, {"SC:H/SI:H/SA:H/"}, {"SC:L/SI:L/SA:L/"}},
    .eq5 = {{"E:A/"}, {"E:P/"}, {"E:U/"}},
};

}  // namespace vigil::knowledge::cvss::cvss4
