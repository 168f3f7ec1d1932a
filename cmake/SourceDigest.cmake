# cmake -DOUT=FILE -DNAME=MACRO -DLIST=FILE_WITH_ONE_PATH_PER_LINE -P SourceDigest.cmake
# Writes `#define MACRO "<16 hex digits>"`: a digest of the listed files'
# contents. The file is rewritten only when the digest changes, so what
# includes it recompiles only then.
file(STRINGS ${LIST} sources)
set(all "")
foreach(f ${sources})
  file(SHA256 ${f} h)
  string(APPEND all "${h}")
endforeach()
string(SHA256 digest "${all}")
string(SUBSTRING ${digest} 0 16 digest)
set(content "#define ${NAME} \"${digest}\"\n")
set(old "")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL content)
  file(WRITE ${OUT} "${content}")
endif()
