# Records the git commit the binary was built from (shown by `ventris --version`).
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  OUTPUT_VARIABLE VENTRIS_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET RESULT_VARIABLE _git_rc)
if(NOT _git_rc EQUAL 0 OR VENTRIS_GIT_COMMIT STREQUAL "")
  set(VENTRIS_GIT_COMMIT "unknown")
endif()
