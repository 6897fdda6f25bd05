import Testing
@testable import DeskCore

/// When the desk starts itself again with glibc's malloc tunables (`MallocTunables`).
struct MallocTunablesTests {
    private let madvise = "always [madvise] never\n"
    private var heapReuse: String { MallocTunables.heapReuse.joined(separator: ":") }

    @Test func hugePagesOnlyWhereEachProcessMayAsk() {
        #expect(MallocTunables.tunablesToStartWith(current: nil, systemMode: madvise, hugePagesOptedOut: false, firstArgument: "stats")
            == "glibc.malloc.hugetlb=1:" + heapReuse)
        for mode in ["[always] madvise never\n", "always madvise [never]\n", "", nil] as [String?] {
            #expect(MallocTunables.tunablesToStartWith(current: nil, systemMode: mode, hugePagesOptedOut: false, firstArgument: "stats")
                == heapReuse)
        }
    }

    @Test func theHeapIsKeptForReuse() {
        #expect(MallocTunables.heapReuse == ["glibc.malloc.mmap_threshold=33554432", "glibc.malloc.trim_threshold=4294967295",
                                             "glibc.malloc.top_pad=67108864"])
    }

    @Test func keepsOtherTunablesAndTheUsersOwnChoices() {
        #expect(MallocTunables.tunablesToStartWith(current: "glibc.malloc.arena_max=2", systemMode: madvise, hugePagesOptedOut: false,
                                                   firstArgument: nil) == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1:" + heapReuse)
        // Whoever set the tunables decided these: only the others are added.
        #expect(MallocTunables.tunablesToStartWith(current: "glibc.malloc.hugetlb=0:glibc.malloc.top_pad=0", systemMode: madvise,
                                                   hugePagesOptedOut: false, firstArgument: nil)
            == "glibc.malloc.hugetlb=0:glibc.malloc.top_pad=0:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967295")
        // Every one named already: nothing to start again for.
        let all = "glibc.malloc.hugetlb=2:" + heapReuse
        #expect(MallocTunables.tunablesToStartWith(current: all, systemMode: madvise, hugePagesOptedOut: false, firstArgument: nil) == nil)
    }

    /// As `OBJECTION_DESK_NO_INDEX`: set to anything but "0" or "".
    @Test func theOptOutTakesAValue() {
        #expect(MallocTunables.isOptOut("1") && MallocTunables.isOptOut("yes"))
        #expect(!MallocTunables.isOptOut(nil) && !MallocTunables.isOptOut("") && !MallocTunables.isOptOut("0"))
    }

    @Test func theOptOutDropsHugePagesOnlyAndHelpStartsOnce() {
        #expect(MallocTunables.tunablesToStartWith(current: nil, systemMode: madvise, hugePagesOptedOut: true, firstArgument: "stats")
            == heapReuse)
        for light in ["--help", "-h", "--version", "help"] {
            #expect(MallocTunables.tunablesToStartWith(current: nil, systemMode: madvise, hugePagesOptedOut: false, firstArgument: light) == nil)
        }
        #expect(MallocTunables.tunablesToStartWith(current: nil, systemMode: madvise, hugePagesOptedOut: false, firstArgument: "--reviewer")
            != nil)
    }
}
