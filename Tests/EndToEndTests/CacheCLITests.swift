import Foundation
import Testing

/// `objection-desk cache` and `cache prune`, and the daily prune of the cache directory by the
/// other commands, on the built binary.
@Suite("CLI: derived files in the cache, listed and pruned")
struct CacheCLITests {
    /// The workspace's cache directory (the runner sets XDG_CACHE_HOME to WORKSPACE/cache).
    private func cacheDirectory(_ workspace: Workspace) -> String { workspace.file("cache/objection-desk") }

    private func cached(_ workspace: Workspace) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory(workspace))) ?? [])
    }

    private func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// A queue `name` in `team/`, a directory that takes no derived files from this account: as
    /// root (who may write anywhere) another account's files already stand where ours would go;
    /// otherwise the directory is read-only. Its files then go to the cache directory.
    private func teamQueue(_ workspace: Workspace, _ name: String, text: String = Workspace.sampleQueue) throws -> String {
        let directory = workspace.file("team")
        if !exists(directory) { #expect(mkdir(directory, 0o755) == 0) }
        chmod(directory, 0o755)
        workspace.write("team/" + name, text)
        if geteuid() == 0 {
            for suffix in ["odx", "ods", "odc"] {
                let placeholder = directory + "/." + name + "." + suffix
                if !exists(placeholder) { workspace.write("team/." + name + "." + suffix, "") }
                #expect(chown(placeholder, 65534, 65534) == 0)
            }
        } else {
            chmod(directory, 0o555)
        }
        return directory + "/" + name
    }

    /// The arguments that name `queue` and a log in the workspace.
    private func files(_ queue: String, _ workspace: Workspace) -> [String] {
        ["--queue", queue, "--decisions", workspace.file("decisions.jsonl")]
    }

    /// The jsonl listing, parsed.
    private func listing(_ runner: CLIRunner, _ arguments: [String] = []) throws -> [[String: Any]] {
        let outcome = try runner.run(["cache", "--format", "jsonl"] + arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Sets both times of every cache file of `queue` to `days` ago.
    private func age(_ runner: CLIRunner, queue: String, days: Double) throws {
        let then = Date().timeIntervalSince1970 - days * 86_400
        for entry in try listing(runner) where entry["source"] as? String == real(queue) {
            var times = [timespec(tv_sec: Int(then), tv_nsec: 0), timespec(tv_sec: Int(then), tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, entry["path"] as! String, &times, 0) == 0)
        }
    }

    /// Puts the last automatic prune two days back, so that the next command prunes.
    private func makeDailyPruneDue(_ workspace: Workspace) {
        let stamp = cacheDirectory(workspace) + "/last-prune"
        let then = Int(Date().timeIntervalSince1970) - 2 * 86_400
        var times = [timespec(tv_sec: then, tv_nsec: 0), timespec(tv_sec: then, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, stamp, &times, 0) == 0)
    }

    @Test func cacheListsKindSizeAgeAndQueueOfTheCacheAndOfTheFilesBesideTheQueue() throws {
        let workspace = Workspace()
        let runner = workspace.runner
        let team = try teamQueue(workspace, "team.jsonl")
        #expect(try runner.run(["stats"] + files(team, workspace)).status == 0)
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        #expect(try runner.run(["stats"]).status == 0)

        // jsonl: exact sizes in bytes, the queue each file belongs to, where it is.
        let entries = try listing(runner)
        let cache = entries.filter { $0["location"] as? String == "cache" && $0["kind"] as? String != "source_record" }
        let beside = entries.filter { $0["location"] as? String == "beside" }
        #expect(Set(cache.compactMap { $0["kind"] as? String }) == ["queue_index", "clusters"])
        #expect(cache.allSatisfy { $0["source"] as? String == real(team) && $0["state"] as? String == "current" && $0["source_kind"] as? String == "queue" })
        #expect(Set(beside.compactMap { $0["path"] as? String }) == [real(workspace.path) + "/.submissions.jsonl.odx", real(workspace.path) + "/.submissions.jsonl.odc"])
        #expect(beside.allSatisfy { $0["source"] as? String == real(workspace.file("submissions.jsonl")) && $0["in_use"] as? Bool == true })
        for entry in entries {
            var status = stat()
            #expect(stat(entry["path"] as! String, &status) == 0 && entry["bytes"] as? Int == Int(status.st_size))
            #expect((entry["last_used"] as? String)?.hasSuffix("Z") == true)
        }

        // The table: human sizes, ages, where, state, the queue; and the totals.
        let table = try runner.run(["cache"] + files(team, workspace))
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("KIND") == true && lines.first?.contains("BELONGS TO") == true)
        let index = try #require(lines.first { $0.hasPrefix("queue index") && $0.contains(real(team)) })
        #expect(index.contains(" KB ") || index.contains(" B "))
        #expect(index.contains("just now") && index.contains("cache") && index.contains("in use"))
        #expect(table.stdout.contains(cacheDirectory(workspace) + ": 2 files"))
        #expect(table.stdout.contains("of a 2.0 GB budget (OBJECTION_DESK_CACHE_MAX)"))
        // Beside the default queue (the command named the team queue): none listed for it here.
        #expect(!table.stdout.contains(".submissions.jsonl.odx"))
        #expect(try runner.run(["cache"]).stdout.contains("beside"))
    }

    @Test func orphansAreMarkedAndPruneRemovesThemAndSaysWhatItFreed() throws {
        let workspace = Workspace()
        let runner = workspace.runner
        let gone = try teamQueue(workspace, "gone.jsonl")
        let replaced = try teamQueue(workspace, "replaced.jsonl")
        let kept = try teamQueue(workspace, "kept.jsonl")
        for queue in [gone, replaced, kept] { #expect(try runner.run(["stats"] + files(queue, workspace)).status == 0) }
        chmod(workspace.file("team"), 0o755)
        #expect(unlink(gone) == 0)
        workspace.write("team/new.jsonl", Workspace.sampleQueue)
        #expect(rename(workspace.file("team/new.jsonl"), replaced) == 0)  // the same path, another file

        let entries = try listing(runner).filter { $0["kind"] as? String != "source_record" }
        func state(_ queue: String) -> Set<String> {
            Set(entries.filter { $0["source"] as? String == real(workspace.file("team")) + "/" + (queue as NSString).lastPathComponent }.map { "\($0["state"]!) \($0["reason"]!)" })
        }
        #expect(state(gone) == ["orphan its queue is gone"])
        #expect(state(replaced) == ["orphan its queue was replaced by another file"])
        #expect(state(kept) == ["current <null>"])
        let table = try runner.run(["cache"] + files(kept, workspace)).stdout
        #expect(table.contains("orphan: gone") && table.contains("orphan: replaced"))
        #expect(table.contains("orphans: 4 files"))

        let orphanBytes = entries.filter { $0["state"] as? String == "orphan" }.reduce(0) { $0 + ($1["bytes"] as! Int) }
        let pruned = try runner.run(["cache", "prune"] + files(kept, workspace))
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.split(separator: "\n").filter { $0.hasPrefix("removed /") }.count == 4, "\(pruned.stdout)")
        #expect(pruned.stdout.contains("(queue index of \(real(workspace.file("team")))/gone.jsonl, "))
        #expect(pruned.stdout.contains("): its queue is gone\n") && pruned.stdout.contains("): its queue was replaced by another file\n"))
        #expect(pruned.stdout.contains("removed 4 files, freed \(Self.size(orphanBytes))"), "\(pruned.stdout)")
        let left = try listing(runner)
        #expect(left.allSatisfy { $0["source"] as? String == real(kept) })
        #expect(left.filter { $0["kind"] as? String != "source_record" }.count == 2)
        // The queues, the decision log and the team's placeholders are untouched.
        #expect(exists(kept) && exists(replaced) && exists(workspace.file("team/.gone.jsonl.odx")))
        #expect(try runner.run(["cache", "prune"] + files(kept, workspace)).stdout.hasPrefix("nothing to remove; "))
    }

    /// 1536 bytes → "1.5 KB", as the command prints (units of 1024).
    private static func size(_ bytes: Int) -> String {
        var value = Double(bytes)
        var unit = 0
        let units = ["B", "KB", "MB", "GB"]
        while value >= 1024 && unit < 3 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return (value < 10 ? String((value * 10).rounded() / 10) : String(Int(value.rounded()))) + " " + units[unit]
    }

    @Test func pruneRemovesFilesUnusedForDaysButNotThoseOfTheQueueItNames() throws {
        let workspace = Workspace()
        let runner = workspace.runner
        let old = try teamQueue(workspace, "old.jsonl")
        let named = try teamQueue(workspace, "named.jsonl")
        let recent = try teamQueue(workspace, "recent.jsonl")
        for queue in [old, named, recent] { #expect(try runner.run(["stats"] + files(queue, workspace)).status == 0) }
        try age(runner, queue: old, days: 40)
        try age(runner, queue: named, days: 40)
        try age(runner, queue: recent, days: 12)
        #expect(try runner.run(["cache"] + files(recent, workspace)).stdout.contains("40 days ago"))
        let pruned = try runner.run(["cache", "prune"] + files(named, workspace))
        #expect(pruned.status == 0 && pruned.stdout.contains("): unused for 40 days\n"), "\(pruned.stdout)")
        #expect(Set(try listing(runner).compactMap { $0["source"] as? String }) == [real(named), real(recent)])
        // --older-than DAYS.
        #expect(try runner.run(["cache", "prune", "--older-than", "10"] + files(named, workspace)).stdout.contains("unused for 12 days"))
        #expect(Set(try listing(runner).compactMap { $0["source"] as? String }) == [real(named)])
    }

    @Test func theCommandsPruneTheCacheOfOrphansAtMostOnceADay() throws {
        let workspace = Workspace()
        let runner = workspace.runner
        let queue = try teamQueue(workspace, "q.jsonl")
        let gone = try teamQueue(workspace, "gone.jsonl")
        for name in [gone, queue] { #expect(try runner.run(["stats"] + files(name, workspace)).status == 0) }
        #expect(exists(cacheDirectory(workspace) + "/last-prune"))
        chmod(workspace.file("team"), 0o755)
        #expect(unlink(gone) == 0)

        // Pruned today already (by the first command): the orphans wait.
        let sameDay = try runner.run(["list"] + files(queue, workspace))
        #expect(sameDay.status == 0 && !sameDay.stderr.contains("removed"))
        #expect(try listing(runner).contains { $0["state"] as? String == "orphan" })

        // A day later, any command removes them, once, and says so.
        makeDailyPruneDue(workspace)
        let nextDay = try runner.run(["list"] + files(queue, workspace))
        #expect(nextDay.status == 0)
        #expect(nextDay.stderr.contains("objection-desk: note: removed 2 files ("), "\(nextDay.stderr)")
        #expect(nextDay.stderr.contains("2 of queues or logs that are gone or replaced"))
        let left = try listing(runner)
        #expect(!left.isEmpty && left.allSatisfy { $0["source"] as? String == real(queue) })
        let again = try runner.run(["list"] + files(queue, workspace))
        #expect(!again.stderr.contains("removed"))
    }

    @Test func theBudgetEvictsTheLeastRecentlyUsedQueuesButNeverTheOneInUse() throws {
        let workspace = Workspace()
        var runner = workspace.runner
        let bigger = Workspace.sampleQueue + (5..<400).map {
            #"{"id":"x\#($0)","submitted_at":"2026-10-05T09:00:00Z","country":"FR","email":"p\#($0)@example.fr","justification":"Je refuse l'entraînement \#($0)"}"#
        }.joined(separator: "\n") + "\n"
        let inUse = try teamQueue(workspace, "inuse.jsonl", text: bigger)
        let older = try teamQueue(workspace, "older.jsonl", text: bigger)
        let newer = try teamQueue(workspace, "newer.jsonl", text: bigger)
        for queue in [inUse, older, newer] { #expect(try runner.run(["stats"] + files(queue, workspace)).status == 0) }
        try age(runner, queue: inUse, days: 9)
        try age(runner, queue: older, days: 3)
        try age(runner, queue: newer, days: 1)
        let entries = try listing(runner)
        func bytes(_ queue: String) -> Int { entries.filter { $0["source"] as? String == real(queue) }.reduce(0) { $0 + ($1["bytes"] as! Int) } }
        // Room for two queues' files: the least recently used one goes, unless it is in use.
        let budget = bytes(inUse) + bytes(newer) + 1000

        let pruned = try runner.run(["cache", "prune", "--max-size", "\(budget)"] + files(inUse, workspace))
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("least recently used, over the cache budget"))
        #expect(Set(try listing(runner).compactMap { $0["source"] as? String }) == [real(inUse), real(newer)])

        // The same from the daily prune, with the budget from the environment.
        let third = try teamQueue(workspace, "third.jsonl", text: bigger)
        #expect(try runner.run(["stats"] + files(third, workspace)).status == 0)
        try age(runner, queue: newer, days: 2)
        makeDailyPruneDue(workspace)
        runner.environment["OBJECTION_DESK_CACHE_MAX"] = "\(budget)"
        let daily = try runner.run(["stats"] + files(inUse, workspace))
        #expect(daily.status == 0 && daily.stderr.contains("2 least recently used beyond the"), "\(daily.stderr)")
        #expect(Set(try listing(runner).compactMap { $0["source"] as? String }) == [real(inUse), real(third)])
    }

    @Test func aBudgetThatIsNoSizeIsAUsageError() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        var runner = workspace.runner
        runner.environment["OBJECTION_DESK_CACHE_MAX"] = "plenty"
        let stats = try runner.run(["stats"])
        #expect(stats.status == 2 && stats.stderr.contains("OBJECTION_DESK_CACHE_MAX must be a size such as 2G"), "\(stats.stderr)")
        let prune = try workspace.runner.run(["cache", "prune", "--max-size", "lots"])
        #expect(prune.status == 2 && prune.stderr.contains("--max-size must be a size"), "\(prune.stderr)")
        #expect(try workspace.runner.run(["cache", "prune", "--older-than", "-1"]).status == 2)
    }

    @Test func pruneNeverTouchesWhatIsNotADerivedFileOfThisUsers() throws {
        let workspace = Workspace()
        let runner = workspace.runner
        let queue = try teamQueue(workspace, "q.jsonl")
        #expect(try runner.run(["stats"] + files(queue, workspace)).status == 0)
        let cache = cacheDirectory(workspace)
        // Named like derived files: a symbolic link to the queue, a file that is no derived file,
        // a queue and a log named like them; and an unrelated file.
        let link = cache + "/" + String(repeating: "ab", count: 16) + ".odx"
        #expect(symlink(queue, link) == 0)
        let notOurs = cache + "/" + String(repeating: "cd", count: 16) + ".odc"
        workspace.write("cache/objection-desk/" + (notOurs as NSString).lastPathComponent, "not a cluster cache\n")
        chmod(notOurs, 0o600)
        workspace.write("cache/objection-desk/README", "mine\n")
        workspace.write(".submissions.jsonl.odx", Workspace.sampleQueue)
        workspace.write(".decisions.jsonl.odl", "{}\n")
        for path in [link, notOurs, cache + "/README", workspace.file(".submissions.jsonl.odx"), workspace.file(".decisions.jsonl.odl")] {
            var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
            _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
        }
        chmod(workspace.file("team"), 0o755)
        #expect(unlink(queue) == 0)
        let pruned = try runner.run(["cache", "prune", "--older-than", "0", "--max-size", "0", "--queue", workspace.file("submissions.jsonl")])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("removed 2 files"), "\(pruned.stdout)")  // the queue's index and clusters, orphans now
        for path in [link, notOurs, cache + "/README", cache + "/last-prune", workspace.file(".submissions.jsonl.odx"),
                     workspace.file(".decisions.jsonl.odl"), workspace.file("team/.q.jsonl.odx")] {
            #expect(exists(path), "\(path) was removed")
        }
    }
}
