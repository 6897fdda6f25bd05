import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the queue and the decision log (and its hash chain); print every problem as file:line: reason.",
        discussion: "Exit status: 0 when both files are clean, 1 when problems were found, 2 when a file cannot be read.")

    @OptionGroup var files: FileOptions

    func run() throws {
        // Every line is read and validated, whatever the queue index says; the index is rewritten.
        let desk = try files.openDesk(quietAboutProblems: true, index: DerivedFileOptions(mode: .rebuild))
        var problems = desk.problems
        if let tail = desk.queueFile?.inFlightTail {
            problems.append(DataProblem(file: desk.queuePath, line: tail.line, byteOffset: tail.offset,
                                        message: "last line has no newline and is not a complete record (still being written, or cut short)"))
        }
        // The same verification as `verify`: a broken link is a problem like a malformed line.
        let chainRead = LoadProgress()
        let chain = CommandProgress.verifyingChain(chainRead) {
            desk.log.fileLog === desk.log ? try? ChainVerifier.verify(path: desk.decisionsPath, progress: chainRead) : try? desk.log.verify(findingHead: nil)
        }
        if let broken = chain?.firstBreak { problems.append(broken) }
        // Not-record lines are already among the desk's problems; a \r\n ending is not.
        problems += chain?.alteredTerminators ?? []
        try TerminalOutput.writeAll(Array(problems.map { TerminalSafety.sanitize($0.description).text + "\n" }.joined().utf8))
        let decisions = desk.ledger.entries.count
        let summary = Wording.count(desk.table.count, "submission") + " and " + Wording.count(decisions, "decision")
            + " loaded; " + Wording.count(problems.count, "problem")
        FileHandle.standardError.write("objection-desk: \(summary)\n")
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
