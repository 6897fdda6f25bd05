/// The bundled sample queue: about 200 realistic submissions for demos, screenshots and tests.
///
/// The queue is fully determined by `seed`: generating it twice, on any machine, gives identical
/// bytes. Submissions span the 45 days before `referenceTime`, so some are past the one-month
/// deadline of GDPR Art. 12(3) when the sample is viewed "as of" that time.
package enum SampleQueue {
    /// The seed the bundled sample is generated from.
    package static let seed: UInt64 = 0x2026_1120_0B1E_C700

    /// The instant the sample is meant to be viewed at, 2026-11-20T12:00:00Z, in Unix seconds.
    package static let referenceTime: Int64 = CivilTime.seconds(year: 2026, month: 11, day: 20, hour: 12)

    /// The same instant as an RFC 3339 string.
    package static let referenceTimestamp = "2026-11-20T12:00:00Z"

    /// How many days before `referenceTime` the earliest submission may be.
    package static let spanDays = 45

    /// The sample's JSON lines, each without its trailing newline, in queue order.
    package static func lines() -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        let drafts = orderedDrafts(&rng)
        let times = submissionTimes(for: drafts, &rng)
        var lines: [[UInt8]] = []
        lines.reserveCapacity(drafts.count)
        var number = 4_180
        for (draft, time) in zip(drafts, times) {
            number += rng.int(in: 1...3)
            lines.append(draft.jsonLine(id: identifier(number), submittedAt: time))
        }
        return lines
    }

    /// The sample as a JSONL file: every line followed by `\n`.
    package static func fileContents() -> [UInt8] {
        var bytes: [UInt8] = []
        for line in lines() {
            bytes.append(contentsOf: line)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// "obj-2026-004181" style identifiers.
    private static func identifier(_ number: Int) -> String {
        let digits = String(number)
        return "obj-2026-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private static let ordinaryCount = 154
    private static let followUpCount = 6

    /// Special and ordinary drafts shuffled together, with follow-ups placed after the originals.
    private static func orderedDrafts(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        var drafts = SampleSpecials.drafts(&rng)
        for _ in 0..<ordinaryCount {
            let country = Countries.pick(&rng, eeaPercent: 94)
            let person = SamplePerson.make(in: country, writing: rng.pick(country.languages), &rng)
            var draft = person.draft(justification: JustificationComposer.compose(for: person, &rng), &rng)
            draft.mayHaveFollowUp = true
            drafts.append(draft)
        }
        rng.shuffle(&drafts)

        // Pick originals in the first two thirds of the queue; each gets one follow-up later on.
        var followUps: [(afterIndex: Int, draft: SubmissionDraft)] = []
        var index = rng.int(in: 3...12)
        while followUps.count < followUpCount && index < drafts.count * 2 / 3 {
            if drafts[index].mayHaveFollowUp {
                followUps.append((followUpTarget(from: index, count: followUps.count, drafts.count, &rng),
                                  followUp(to: drafts[index], variant: followUps.count, &rng)))
            }
            index += rng.int(in: 8...22)
        }

        var ordered: [SubmissionDraft] = []
        ordered.reserveCapacity(drafts.count + followUps.count)
        for (position, draft) in drafts.enumerated() {
            ordered.append(draft)
            for followUp in followUps where followUp.afterIndex == position {
                ordered.append(followUp.draft)
            }
        }
        return ordered
    }

    /// Where a follow-up goes: right after the original for a double submission, else days later.
    private static func followUpTarget(from index: Int, count: Int, _ total: Int, _ rng: inout SplitMix64) -> Int {
        count == 0 ? index : min(total - 1, index + rng.int(in: 15...60))
    }

    /// A second submission by the same person as `original`.
    ///
    /// Variant 0 is an accidental double submission (same text seconds later); variant 1 writes the
    /// address with different capitals; the rest are follow-ups asking why nobody answered.
    private static func followUp(to original: SubmissionDraft, variant: Int, _ rng: inout SplitMix64) -> SubmissionDraft {
        var copy = original
        copy.mayHaveFollowUp = false
        if variant == 0 {
            copy.isDoubleSubmit = true
            return copy
        }
        let person = SamplePerson(
            displayName: signature(of: original), email: original.email, handle: "",
            country: original.zone, language: original.language
        )
        copy.justification = JustificationComposer.followUp(for: person, &rng)
        if variant == 1 { copy.email = capitalizedAddress(original.email) }
        copy.emailVerified = rng.percent(50) ? true : original.emailVerified
        return copy
    }

    /// The signature of a letter (its last line) or, failing that, the address's local part.
    private static func signature(of draft: SubmissionDraft) -> String {
        let lastLine = draft.justification.split(separator: "\n").last.map(String.init) ?? ""
        if lastLine.contains(" "), lastLine.count < 40, !lastLine.hasSuffix("."), !lastLine.hasSuffix(",") {
            return lastLine
        }
        return String(draft.email.prefix(while: { $0 != "@" }))
    }

    /// "anna.weber@web.example" becomes "Anna.Weber@WEB.example": the same mailbox, spelled differently.
    private static func capitalizedAddress(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return email }
        var local = ""
        var atWordStart = true
        for character in email[..<at] {
            local += atWordStart ? character.uppercased() : String(character)
            atWordStart = !character.isLetter
        }
        let labels = email[email.index(after: at)...].split(separator: ".", maxSplits: 1)
        let domain = labels[0].uppercased() + (labels.count > 1 ? "." + labels[1] : "")
        return local + "@" + domain
    }

    /// Sorted submission times over the span, with double submissions seconds after the previous one.
    private static func submissionTimes(for drafts: [SubmissionDraft], _ rng: inout SplitMix64) -> [Int64] {
        let earliest = referenceTime - Int64(spanDays) * 86_400
        let latest = referenceTime - 20 * 60
        var times: [Int64] = drafts.map { _ in earliest + Int64(rng.below(Int(latest - earliest))) }
        times.sort()
        for index in times.indices.dropFirst() {
            if drafts[index].isDoubleSubmit {
                times[index] = times[index - 1] + Int64(rng.int(in: 2...9))
            }
            times[index] = max(times[index], times[index - 1] + 1)
        }
        return times
    }
}
