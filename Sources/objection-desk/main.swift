import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskTerminal
import DeskPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Before anything else: started again with the malloc settings only GLIBC_TUNABLES can give
// (huge pages where the system leaves them to each process, heap reuse; see MallocTunables).
MallocTunables.startAgainIfWanted()

// Ctrl-\ ends a command quietly instead of starting the crash backtracer.
QuitSignal.exitQuietly()

// A file-size limit (ulimit -f) must surface as a failed write that is rolled back and reported,
// not as SIGXFSZ killing the process in the middle of a batch.
signal(SIGXFSZ, SIG_IGN)

// Parsed by hand rather than with `@main` so usage errors exit with 2 (the documented contract),
// not ArgumentParser's default of 64.
/// Lets a queue index being written in the background finish (a later start then reads it instead
/// of every line), and tells what there is to tell about it, once.
func finishBackgroundWork() {
    CommandProgress.savingForNextStart { DerivedFiles.waitForPendingWrites() }
    printNotes()
}

let commandNames = ObjectionDesk.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
if let unknown = UnknownCommand.message(for: Array(CommandLine.arguments.dropFirst()), commands: commandNames) {
    FileHandle.standardError.write("objection-desk: \(unknown)\n")
    Glibc.exit(2)
}

do {
    var command = try ObjectionDesk.parseAsRoot()
    try command.run()
    finishBackgroundWork()
} catch let exit as ExitCode {
    finishBackgroundWork()
    ObjectionDesk.exit(withError: exit)
} catch let failure as CLIFailure {
    finishBackgroundWork()
    // Messages quote paths, filters and TERM as the operator gave them: escaped, like all text
    // that did not come from us (the commands escape what they quote; this is the last net).
    FileHandle.standardError.write("objection-desk: \(TerminalSafety.sanitize(failure.message, multiline: true).text)\n")
    Glibc.exit(failure.exitCode)
} catch let error as PostgresError {
    finishBackgroundWork()
    // A database that cannot be reached or refused the work: exit 2, named, password scrubbed.
    let advice = error.kind == .outcomeUnknown ? "\nrun `objection-desk verify` or `list` to see whether it was recorded" : ""
    FileHandle.standardError.write("objection-desk: \(TerminalSafety.sanitize(error.description + advice, multiline: true).text)\n")
    Glibc.exit(2)
} catch let refusal as DatabaseDecisionStore.ClaimedMeanwhile {
    finishBackgroundWork()
    FileHandle.standardError.write("objection-desk: \(TerminalSafety.sanitize(refusal.description).text)\n")
    Glibc.exit(2)
} catch {
    let code = ObjectionDesk.exitCode(for: error)
    if code == .validationFailure {
        // ArgumentParser quotes the offending argument as it was given.
        FileHandle.standardError.write(TerminalSafety.sanitize(ObjectionDesk.fullMessage(for: error), multiline: true).text + "\n")
        Glibc.exit(2)
    }
    ObjectionDesk.exit(withError: error)
}
