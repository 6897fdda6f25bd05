import Foundation
import Testing

/// An unknown command is named with the nearest one; messages count in plain words.
@Suite("CLI: unknown commands and plain words")
struct CommandLineWordingTests {
    @Test(arguments: [("lsit", "list"), ("stast", "stats"), ("deicde", "decide"), ("verfy", "verify"), ("reveiw", "review")])
    func anUnknownCommandSuggestsTheNearest(typed: String, meant: String) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run([typed])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("unknown command '\(typed)'; did you mean '\(meant)'?"))
        #expect(!outcome.stderr.contains("Unexpected argument"))
    }

    @Test func aWordFarFromEveryCommandGetsNoGuessAndOptionsStillReachReview() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let far = try workspace.runner.run(["xyzzyplugh"])
        #expect(far.status == 2)
        #expect(far.stderr.contains("unknown command 'xyzzyplugh' (commands: review, list"))
        // Options without a command still go to the default review (which wants a terminal here).
        let review = try workspace.runner.run(["--reviewer", "ana"])
        #expect(review.status == 2 && review.stderr.contains("terminal"))
        #expect(try workspace.runner.run(["help", "list"]).status == 0)
    }

    @Test func countsReadAsWords() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue.split(separator: "\n")[0] + "\n")
        let verify = try workspace.runner.run(["decide", "verify", "s1", "--reason", "please confirm"])
        #expect(verify.stderr.contains("requested verification for 1 submission;"))
        let check = try workspace.runner.run(["check"])
        #expect(check.stderr.contains("1 submission and 1 decision loaded; 0 problems"))
    }
}
