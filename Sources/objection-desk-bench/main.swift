import ArgumentParser

/// The benchmark tool: prepares synthetic queues and measures Objection Desk against them.
///
/// The root command only groups subcommands; add new ones to `subcommands`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objection-desk-bench",
        abstract: "Generate test queues and benchmark Objection Desk.",
        subcommands: [
            GenerateCommand.self,
            RunCommand.self,
            AppendWorkerCommand.self,
            ClustersCommand.self,
            PostgresImportCommand.self,
            PostgresDecideCommand.self,
            PostgresCompareCommand.self,
        ]
    )
}

BenchCommand.main()
