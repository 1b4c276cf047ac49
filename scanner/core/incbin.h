// BLASTRADIUS_INCBIN(NAME, FILE, ALIGN): links the bytes of FILE (a string
// literal, usually a compile definition naming a build output) into
// read-only data with the assembler's .incbin, which copes with a
// multi-megabyte file where a generated C array would not. Declares
// `NAME_begin` and `NAME_end` (extern "C", hidden) around the bytes; use it
// once per name, at namespace scope.
#ifndef BLASTRADIUS_CORE_INCBIN_H_
#define BLASTRADIUS_CORE_INCBIN_H_

#define BLASTRADIUS_INCBIN(NAME, FILE, ALIGN) \
  __asm__(".pushsection .rodata." #NAME       \
          ",\"a\",@progbits\n"                \
          ".balign " #ALIGN                   \
          "\n"                                \
          ".globl " #NAME                     \
          "_begin\n"                          \
          ".hidden " #NAME "_begin\n" #NAME   \
          "_begin:\n"                         \
          ".incbin \"" FILE                   \
          "\"\n"                              \
          ".globl " #NAME                     \
          "_end\n"                            \
          ".hidden " #NAME "_end\n" #NAME     \
          "_end:\n"                           \
          ".popsection\n");                   \
  extern "C" const char NAME##_begin[];       \
  extern "C" const char NAME##_end[]

#endif  // BLASTRADIUS_CORE_INCBIN_H_
