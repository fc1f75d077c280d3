# Suppression inputs: VEX documents (OpenVEX, CycloneDX) and .vigil-ignore.toml.
vigil_add_fuzzer(vex_fuzzer SOURCES suppression_fuzzer.cc LIBS vigil_match
                 DEFINITIONS VIGIL_FUZZ_READER=vigil::match::ParseVex)
vigil_add_fuzzer(ignore_file_fuzzer SOURCES suppression_fuzzer.cc LIBS vigil_match
                 DEFINITIONS VIGIL_FUZZ_READER=vigil::match::ParseIgnoreFile)
