import DeskCore

extension SubmissionTable {
    /// Whether `row` carries `flag`; `viral` and `adds` come from the clustering (`clusterFacts`).
    package func has(_ flag: RowFlag, row: Int, clusterFacts: ClusterFacts? = nil) -> Bool {
        let attributes = columns.attributes[row]
        switch flag {
        case .unverified: return !attributes.contains(.emailVerified)
        case .nonEEA: return !CountryGroups.isEEA(packed: columns.countries[row])
        case .empty: return attributes.contains(.emptyJustification)
        case .urlOnly: return attributes.contains(.urlOnly)
        case .repeated: return isRepeat(row)
        case .mixedScript: return attributes.contains(.mixedScript)
        case .hostile: return attributes.contains(.needsEscaping)
        case .viral: return clusterFacts?.isViral(row) ?? false
        case .adds: return clusterFacts?.addsWords(row) ?? false
        }
    }

    /// How many rows carry each flag, in `RowFlag.allCases` order: one pass per column instead of
    /// `has` per row and flag (a million rows in milliseconds, for `stats`).
    package func flagCounts(clusterFacts: ClusterFacts? = nil) -> [Int] {
        var counts = [Int](repeating: 0, count: RowFlag.allCases.count)
        func add(_ flag: RowFlag, _ value: Int) { counts[RowFlag.allCases.firstIndex(of: flag)!] += value }
        var unverified = 0, empty = 0, urlOnly = 0, mixedScript = 0, hostile = 0
        columns.attributes.withUnsafeBufferPointer { attributes in
            for attribute in attributes {
                if !attribute.contains(.emailVerified) { unverified += 1 }
                if attribute.contains(.emptyJustification) { empty += 1 }
                if attribute.contains(.urlOnly) { urlOnly += 1 }
                if attribute.contains(.mixedScript) { mixedScript += 1 }
                if attribute.contains(.needsEscaping) { hostile += 1 }
            }
        }
        var perCountry = [Int](repeating: 0, count: 1 << 16)
        columns.countries.withUnsafeBufferPointer { countries in for code in countries { perCountry[Int(code)] += 1 } }
        let repeated = requesterIndex.submissionsByRepeatRequesters
        add(.unverified, unverified)
        add(.nonEEA, perCountry.indices.reduce(0) { $0 + (perCountry[$1] > 0 && !CountryGroups.isEEA(packed: UInt16($1)) ? perCountry[$1] : 0) })
        add(.empty, empty)
        add(.urlOnly, urlOnly)
        add(.repeated, repeated)
        add(.mixedScript, mixedScript)
        add(.hostile, hostile)
        if let clusterFacts {
            let (viral, adds) = clusterFacts.viralAndAddsCounts(rows: count)
            add(.viral, viral)
            add(.adds, adds)
        }
        return counts
    }

    /// Every flag of `row`, in `RowFlag.allCases` order.
    package func flags(of row: Int, clusterFacts: ClusterFacts? = nil) -> [RowFlag] {
        RowFlag.allCases.filter { has($0, row: row, clusterFacts: clusterFacts) }
    }
}

/// What the clustering knows per row, as flags need it.
package protocol ClusterFacts {
    func isViral(_ row: Int) -> Bool
    func addsWords(_ row: Int) -> Bool
    /// How many of rows `0..<rows` are viral, and how many add words.
    func viralAndAddsCounts(rows: Int) -> (viral: Int, adds: Int)
}

extension ClusterFacts {
    package func viralAndAddsCounts(rows: Int) -> (viral: Int, adds: Int) { viralAndAddsCountedByRow(rows: rows) }

    /// The counts asked row by row (what a conformance without a faster way gives).
    package func viralAndAddsCountedByRow(rows: Int) -> (viral: Int, adds: Int) {
        var viral = 0, adds = 0
        for row in 0..<rows {
            if isViral(row) { viral += 1 }
            if addsWords(row) { adds += 1 }
        }
        return (viral, adds)
    }
}

