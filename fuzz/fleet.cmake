# The fleet server's inputs from the network and from operators: agent reports (with the manifest
# memo), CMDB exports, and request targets and paths.
vigil_add_fuzzer(report_fuzzer SOURCES report_fuzzer.cc LIBS vigil_fleet)
vigil_add_fuzzer(asset_import_fuzzer SOURCES asset_import_fuzzer.cc LIBS vigil_fleet)
vigil_add_fuzzer(api_request_fuzzer SOURCES api_request_fuzzer.cc LIBS vigil_server)
