# Small helpers so each module's CMakeLists.txt reads as a list of sources and explicit dependencies.
#
#   aduana_library(NAME core SRCS a.cc b.cc DEPS absl::status)
#     -> static library target aduana_core (alias aduana::core), include root src/
#   aduana_test(NAME core_country SRCS country_test.cc DEPS aduana::core)
#     -> GoogleTest executable registered with ctest

function(aduana_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target aduana_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS})
  add_library(aduana::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  target_compile_options(${target} PRIVATE ${ADUANA_WARNINGS})
endfunction()

function(aduana_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target test_${ARG_NAME})
  add_executable(${target} ${ARG_SRCS})
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${target} PRIVATE ${ADUANA_WARNINGS})
  target_compile_definitions(${target} PRIVATE
    ADUANA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ADUANA_BINARY="$<TARGET_FILE:aduana>")
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "ADUANA_TEST=1")
endfunction()
