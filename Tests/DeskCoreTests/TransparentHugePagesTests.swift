import Testing
@testable import DeskCore

/// When the desk starts itself again with glibc's huge-page tunable (`TransparentHugePages`).
struct TransparentHugePagesTests {
    private let madvise = "always [madvise] never\n"

    @Test func startsAgainOnlyWhereEachProcessMayAsk() {
        #expect(TransparentHugePages.tunablesToStartWith(current: nil, systemMode: madvise, optedOut: false, firstArgument: "stats")
            == "glibc.malloc.hugetlb=1")
        for mode in ["[always] madvise never\n", "always madvise [never]\n", "", nil] as [String?] {
            #expect(TransparentHugePages.tunablesToStartWith(current: nil, systemMode: mode, optedOut: false, firstArgument: "stats") == nil)
        }
    }

    @Test func keepsOtherTunablesAndNeverStartsTwice() {
        #expect(TransparentHugePages.tunablesToStartWith(current: "glibc.malloc.arena_max=2", systemMode: madvise, optedOut: false,
                                                         firstArgument: nil) == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        // Started again already, or told otherwise by whoever set the tunables.
        for current in ["glibc.malloc.hugetlb=1", "glibc.malloc.hugetlb=0", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2"] {
            #expect(TransparentHugePages.tunablesToStartWith(current: current, systemMode: madvise, optedOut: false, firstArgument: nil) == nil)
        }
    }

    /// As `OBJECTION_DESK_NO_INDEX`: set to anything but "0" or "".
    @Test func theOptOutTakesAValue() {
        #expect(TransparentHugePages.isOptOut("1") && TransparentHugePages.isOptOut("yes"))
        #expect(!TransparentHugePages.isOptOut(nil) && !TransparentHugePages.isOptOut("") && !TransparentHugePages.isOptOut("0"))
    }

    @Test func theOptOutAndHelpStartOnce() {
        #expect(TransparentHugePages.tunablesToStartWith(current: nil, systemMode: madvise, optedOut: true, firstArgument: "stats") == nil)
        for light in ["--help", "-h", "--version", "help"] {
            #expect(TransparentHugePages.tunablesToStartWith(current: nil, systemMode: madvise, optedOut: false, firstArgument: light) == nil)
        }
        #expect(TransparentHugePages.tunablesToStartWith(current: nil, systemMode: madvise, optedOut: false, firstArgument: "--reviewer")
            != nil)
    }
}
