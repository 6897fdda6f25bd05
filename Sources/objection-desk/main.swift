import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// A file-size limit (ulimit -f) must surface as a failed write that is rolled back and reported,
// not as SIGXFSZ killing the process in the middle of a batch.
signal(SIGXFSZ, SIG_IGN)

// Parsed by hand rather than with `@main` so usage errors exit with 2 (the documented contract),
// not ArgumentParser's default of 64.
let commandNames = ObjectionDesk.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
if let unknown = UnknownCommand.message(for: Array(CommandLine.arguments.dropFirst()), commands: commandNames) {
    FileHandle.standardError.write("objection-desk: \(unknown)\n")
    Glibc.exit(2)
}

do {
    var command = try ObjectionDesk.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    ObjectionDesk.exit(withError: exit)
} catch let failure as CLIFailure {
    FileHandle.standardError.write("objection-desk: \(failure.message)\n")
    Glibc.exit(failure.exitCode)
} catch {
    let code = ObjectionDesk.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(ObjectionDesk.fullMessage(for: error) + "\n")
        Glibc.exit(2)
    }
    ObjectionDesk.exit(withError: error)
}
