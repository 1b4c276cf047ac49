# blastradius_embed(<target> SYMBOL <name> BASE <dir> FILES <files...>)
# Adds a static library <target> holding the given files as byte arrays.
function(blastradius_embed target)
  cmake_parse_arguments(ARG "" "SYMBOL;BASE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}.cc")
  string(REPLACE ";" "\\;" files_arg "${ARG_FILES}")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${ARG_SYMBOL} -DBASE=${ARG_BASE}
            "-DFILES=${files_arg}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    COMMENT "Embedding ${ARG_SYMBOL}" VERBATIM)
  add_library(${target} STATIC "${out}")
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
