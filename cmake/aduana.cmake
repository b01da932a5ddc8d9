# Small helpers so each module's CMakeLists.txt reads as a list of sources and explicit dependencies.
#
#   aduana_library(NAME core SRCS a.cc b.cc DEPS absl::status)
#     -> static library target aduana_core (alias aduana::core), include root src/
#   aduana_test(NAME core_country SRCS country_test.cc DEPS aduana::core)
#     -> GoogleTest executable registered with ctest, compiled with the tests' precompiled header

function(aduana_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target aduana_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS})
  add_library(aduana::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  target_compile_options(${target} PRIVATE ${ADUANA_WARNINGS})
endfunction()

# Every test includes GoogleTest and most include nlohmann/json: parsing them once per build, into one
# precompiled header all tests reuse, saves about two seconds per test file (half its compile time).
# GCC 12 at -O3 reports false -Warray-bounds / -Wstringop-overflow / -Wrestrict on std::string concatenation
# (GCC bugs 105329, 105651), and whether it does depends on inlining, so on unrelated edits and even on the
# length of the checkout path baked into a test. Tests concatenate strings everywhere; the library code keeps
# the warnings.
set(ADUANA_TEST_WARNINGS ${ADUANA_WARNINGS})
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND ADUANA_TEST_WARNINGS -Wno-array-bounds -Wno-stringop-overflow -Wno-restrict)
endif()

function(aduana_test_pch)
  add_library(aduana_test_pch OBJECT ${PROJECT_SOURCE_DIR}/tests/testing/pch.cc)
  target_link_libraries(aduana_test_pch PRIVATE GTest::gtest GTest::gmock nlohmann_json::nlohmann_json)
  target_compile_options(aduana_test_pch PRIVATE ${ADUANA_TEST_WARNINGS})
  target_compile_definitions(aduana_test_pch PRIVATE
    ADUANA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ADUANA_BINARY="$<TARGET_FILE:aduana>")
  target_precompile_headers(aduana_test_pch PRIVATE <gtest/gtest.h> <gmock/gmock.h> <nlohmann/json.hpp>
                            <string> <vector> <memory> <optional>)
endfunction()

function(aduana_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target test_${ARG_NAME})
  add_executable(${target} ${ARG_SRCS})
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${target} PRIVATE ${ADUANA_TEST_WARNINGS})
  target_compile_definitions(${target} PRIVATE
    ADUANA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ADUANA_BINARY="$<TARGET_FILE:aduana>")
  target_precompile_headers(${target} REUSE_FROM aduana_test_pch)
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "ADUANA_TEST=1")
endfunction()
