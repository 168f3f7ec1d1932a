// The wasi_snapshot_preview1 ABI: errno values, rights, flags and the byte
// layouts of the structs a guest passes through linear memory. Values are the
// ones fixed by the WASI witx definitions; the guest's wasi-libc uses the same.
#pragma once

#include <cstdint>

namespace wisp::wasi {

enum class Errno : uint16_t {
  Success = 0,
  TooBig = 1,
  Acces = 2,
  AddrInUse = 3,
  AddrNotAvail = 4,
  AfNoSupport = 5,
  Again = 6,
  Already = 7,
  Badf = 8,
  BadMsg = 9,
  Busy = 10,
  Canceled = 11,
  Child = 12,
  ConnAborted = 13,
  ConnRefused = 14,
  ConnReset = 15,
  Deadlk = 16,
  DestAddrReq = 17,
  Dom = 18,
  Dquot = 19,
  Exist = 20,
  Fault = 21,
  Fbig = 22,
  HostUnreach = 23,
  Idrm = 24,
  Ilseq = 25,
  InProgress = 26,
  Intr = 27,
  Inval = 28,
  Io = 29,
  IsConn = 30,
  IsDir = 31,
  Loop = 32,
  Mfile = 33,
  Mlink = 34,
  MsgSize = 35,
  Multihop = 36,
  NameTooLong = 37,
  NetDown = 38,
  NetReset = 39,
  NetUnreach = 40,
  Nfile = 41,
  NoBufs = 42,
  NoDev = 43,
  NoEnt = 44,
  NoExec = 45,
  NoLck = 46,
  NoLink = 47,
  NoMem = 48,
  NoMsg = 49,
  NoProtoOpt = 50,
  NoSpc = 51,
  NoSys = 52,
  NotConn = 53,
  NotDir = 54,
  NotEmpty = 55,
  NotRecoverable = 56,
  NotSock = 57,
  NotSup = 58,
  NotTty = 59,
  Nxio = 60,
  Overflow = 61,
  OwnerDead = 62,
  Perm = 63,
  Pipe = 64,
  Proto = 65,
  ProtoNoSupport = 66,
  ProtoType = 67,
  Range = 68,
  Rofs = 69,
  Spipe = 70,
  Srch = 71,
  Stale = 72,
  TimedOut = 73,
  TxtBsy = 74,
  Xdev = 75,
  NotCapable = 76,
};

// Host errno (Linux) to WASI errno; unknown values become Errno::Io.
Errno errno_from_host(int host_errno);
// Short lower-case name ("notcapable"), for diagnostics and tests.
const char* errno_name(Errno e);

using Rights = uint64_t;
namespace right {
constexpr Rights kFdDatasync = 1ull << 0;
constexpr Rights kFdRead = 1ull << 1;
constexpr Rights kFdSeek = 1ull << 2;
constexpr Rights kFdFdstatSetFlags = 1ull << 3;
constexpr Rights kFdSync = 1ull << 4;
constexpr Rights kFdTell = 1ull << 5;
constexpr Rights kFdWrite = 1ull << 6;
constexpr Rights kFdAdvise = 1ull << 7;
constexpr Rights kFdAllocate = 1ull << 8;
constexpr Rights kPathCreateDirectory = 1ull << 9;
constexpr Rights kPathCreateFile = 1ull << 10;
constexpr Rights kPathLinkSource = 1ull << 11;
constexpr Rights kPathLinkTarget = 1ull << 12;
constexpr Rights kPathOpen = 1ull << 13;
constexpr Rights kFdReaddir = 1ull << 14;
constexpr Rights kPathReadlink = 1ull << 15;
constexpr Rights kPathRenameSource = 1ull << 16;
constexpr Rights kPathRenameTarget = 1ull << 17;
constexpr Rights kPathFilestatGet = 1ull << 18;
constexpr Rights kPathFilestatSetSize = 1ull << 19;
constexpr Rights kPathFilestatSetTimes = 1ull << 20;
constexpr Rights kFdFilestatGet = 1ull << 21;
constexpr Rights kFdFilestatSetSize = 1ull << 22;
constexpr Rights kFdFilestatSetTimes = 1ull << 23;
constexpr Rights kPathSymlink = 1ull << 24;
constexpr Rights kPathRemoveDirectory = 1ull << 25;
constexpr Rights kPathUnlinkFile = 1ull << 26;
constexpr Rights kPollFdReadwrite = 1ull << 27;
constexpr Rights kSockShutdown = 1ull << 28;
constexpr Rights kSockAccept = 1ull << 29;
constexpr Rights kAll = (1ull << 30) - 1;

// Rights that change the file system; a read-only preopen grants none of them.
constexpr Rights kMutating = kFdDatasync | kFdWrite | kFdAllocate | kPathCreateDirectory | kPathCreateFile |
                             kPathLinkSource | kPathLinkTarget | kPathRenameSource | kPathRenameTarget |
                             kPathFilestatSetSize | kPathFilestatSetTimes | kFdFilestatSetSize |
                             kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile;
// What a regular file can do / what a directory can do (as wasmtime and wasi-libc expect).
constexpr Rights kRegularFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell |
                                kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet | kFdFilestatSetSize |
                                kFdFilestatSetTimes | kPollFdReadwrite;
constexpr Rights kDirectory = kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory |
                              kPathCreateFile | kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir |
                              kPathReadlink | kPathRenameSource | kPathRenameTarget | kPathFilestatGet |
                              kPathFilestatSetSize | kPathFilestatSetTimes | kFdFilestatGet |
                              kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile;
constexpr Rights kStream = kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite;
}  // namespace right

enum class Filetype : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

// fdflags
constexpr uint16_t kFdflagAppend = 1 << 0;
constexpr uint16_t kFdflagDsync = 1 << 1;
constexpr uint16_t kFdflagNonblock = 1 << 2;
constexpr uint16_t kFdflagRsync = 1 << 3;
constexpr uint16_t kFdflagSync = 1 << 4;
// oflags
constexpr uint16_t kOflagCreat = 1 << 0;
constexpr uint16_t kOflagDirectory = 1 << 1;
constexpr uint16_t kOflagExcl = 1 << 2;
constexpr uint16_t kOflagTrunc = 1 << 3;
// lookupflags
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;
// fstflags
constexpr uint16_t kFstAtim = 1 << 0;
constexpr uint16_t kFstAtimNow = 1 << 1;
constexpr uint16_t kFstMtim = 1 << 2;
constexpr uint16_t kFstMtimNow = 1 << 3;
// whence
constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;
// clockid
constexpr uint32_t kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2, kClockThreadCputime = 3;
// eventtype
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1 << 0;
constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;
// advice
constexpr uint8_t kAdviceNormal = 0, kAdviceSequential = 1, kAdviceRandom = 2, kAdviceWillneed = 3,
                  kAdviceDontneed = 4, kAdviceNoreuse = 5;
// riflags / roflags / sdflags
constexpr uint16_t kRiflagRecvPeek = 1 << 0, kRiflagRecvWaitall = 1 << 1;
constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
constexpr uint8_t kSdflagRd = 1 << 0, kSdflagWr = 1 << 1;
constexpr uint8_t kPreopentypeDir = 0;

// Struct layouts in guest memory (offsets in bytes).
namespace layout {
constexpr uint32_t kIovecSize = 8;  // buf u32 @0, buf_len u32 @4
constexpr uint32_t kFdstatSize =
    24;  // filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16
constexpr uint32_t kFilestatSize =
    64;  // dev @0 ino @8 filetype u8 @16 nlink @24 size @32 atim @40 mtim @48 ctim @56
constexpr uint32_t kPrestatSize = 8;  // tag u8 @0, name_len u32 @4
constexpr uint32_t kDirentSize = 24;  // d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20
constexpr uint32_t kSubscriptionSize =
    48;  // userdata @0, tag u8 @8, clock{id u32 @16, timeout @24, precision @32, flags u16 @40} | fd u32 @16
constexpr uint32_t kEventSize = 32;  // userdata @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24
}  // namespace layout

}  // namespace wisp::wasi
