// The translation unit the tests' precompiled header is built with (cmake/aduana.cmake, aduana_test_pch).
