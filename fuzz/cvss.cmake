# CVSS vector parser and scorer (included from fuzz/CMakeLists.txt).
vigil_add_fuzzer(cvss_fuzzer SOURCES cvss_fuzzer.cc LIBS vigil_cvss)
