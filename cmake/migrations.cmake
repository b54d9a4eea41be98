# classroom_embed_migrations(<target> <dir> [<function>])
# Compiles the numbered SQL files of <dir> (`0001_name.sql`, ...) into <target>,
# so that a binary carries its own schema: no file lookup at run time. The
# target gets `classroom::core::pg::<function>()` (default
# `embedded_migrations`), declared in core/pg/migrations.hpp: a service's
# migrations are `embedded_migrations()`, core's own are `core_migrations()`.
function(classroom_embed_migrations target dir)
  set(function embedded_migrations)
  if(ARGC GREATER 2)
    set(function ${ARGV2})
  endif()
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/[0-9][0-9][0-9][0-9]_*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cpp)
  # A service without a database (notify) has no files: an empty list, since
  # C++ has no array of size zero.
  if(NOT sql_files)
    file(GENERATE OUTPUT ${out} CONTENT "#include \"core/pg/migrations.hpp\"\n\nnamespace classroom::core::pg {\n\nstd::span<const Migration> ${function}() { return {}; }\n\n}  // namespace classroom::core::pg\n")
    target_sources(${target} PRIVATE ${out})
    return()
  endif()
  set(body "#include \"core/pg/migrations.hpp\"\n\nnamespace classroom::core::pg {\nnamespace {\nconst Migration kMigrations[] = {\n")
  foreach(file ${sql_files})
    get_filename_component(name ${file} NAME_WE)
    string(SUBSTRING ${name} 0 4 version)
    math(EXPR version "${version}")  # drops leading zeros
    file(READ ${file} sql)
    string(APPEND body "    {${version}, \"${name}\", R\"classroom_sql(${sql})classroom_sql\"},\n")
  endforeach()
  string(APPEND body "};\n}  // namespace\n\nstd::span<const Migration> ${function}() { return kMigrations; }\n\n}  // namespace classroom::core::pg\n")
  file(GENERATE OUTPUT ${out} CONTENT "${body}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sql_files})
  target_sources(${target} PRIVATE ${out})
endfunction()
