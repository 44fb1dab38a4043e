// Standard output is a file like any other: a full disk, /dev/full or a closed
// descriptor must fail the command, not lose its output behind exit code 0.
// The binary sends std::cout through a buffer of its own that writes file
// descriptor 1 and remembers why a write failed; these functions turn a lost
// write into an Error naming that reason.
#pragma once

namespace ventris::io {

// Makes std::cout write descriptor 1 through the checked buffer (main() calls
// it once; in-process tests keep whatever std::cout they set up).
void use_checked_standard_output();

// Flushes std::cout and throws Error ("cannot write to standard output:
// <reason>") when this or any earlier write failed. Cheap enough to call after
// every batch of output, so a long run stops at the first loss.
void flush_standard_output();

// At exit: flush_standard_output(), then close descriptor 1 and check the
// close (a delayed write error can surface only there, e.g. on NFS).
void close_standard_output();

}  // namespace ventris::io
