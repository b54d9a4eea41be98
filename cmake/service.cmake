# classroom_service(<name> [LIBRARIES <library>...])
# Builds the service in the current directory (services/<name>/):
#   classroom_<name>             a library of every .cpp but main.cpp and the
#                                tests, so that tests link the same code; its
#                                migrations/ embedded (core/pg/migrations.hpp)
#   classroom-<name>             the executable: main.cpp, added to `services`
#   <name>_unit_tests            every *_test.cpp outside tests/
#   <name>_integration_tests     tests/*.cpp, against real PostgreSQL and Redis
# Sources are globbed: adding a file (in any folder) needs no edit here.
# LIBRARIES are linked privately into the library (auth: libsodium).
function(classroom_service name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LIBRARIES")
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  file(GLOB_RECURSE all CONFIGURE_DEPENDS ${dir}/*.cpp)
  set(sources ${all})
  list(FILTER sources EXCLUDE REGEX "(_test\\.cpp$|^${dir}/tests/|^${dir}/main\\.cpp$)")
  set(unit_tests ${all})
  list(FILTER unit_tests INCLUDE REGEX "_test\\.cpp$")
  list(FILTER unit_tests EXCLUDE REGEX "^${dir}/tests/")
  file(GLOB integration_tests CONFIGURE_DEPENDS ${dir}/tests/*.cpp)

  add_library(classroom_${name} STATIC ${sources})
  target_link_libraries(classroom_${name} PUBLIC classroom_core PRIVATE ${arg_LIBRARIES})
  classroom_embed_migrations(classroom_${name} ${dir}/migrations)

  add_executable(classroom-${name} ${dir}/main.cpp)
  target_link_libraries(classroom-${name} PRIVATE classroom_${name})
  add_dependencies(services classroom-${name})

  if(unit_tests)
    classroom_unit_tests(${name}_unit_tests ${unit_tests})
    target_link_libraries(${name}_unit_tests PRIVATE classroom_${name})
  endif()
  if(integration_tests)
    classroom_integration_tests(${name}_integration_tests ${integration_tests})
    target_link_libraries(${name}_integration_tests PRIVATE classroom_${name})
  endif()
endfunction()
