/// Composes sample justifications from the hand-written sentences of one language.
///
/// Real submissions range from a bare one-liner to a formal letter with greeting, reasons,
/// closing and signature on separate lines; the mix below follows that spread.
enum JustificationComposer {
    /// A justification written by `person` in their language.
    static func compose(for person: SamplePerson, _ rng: inout SplitMix64) -> String {
        let texts = LanguageTexts.of(person.language)
        let style = rng.below(100)
        switch style {
        case ..<12:
            return rng.pick(texts.oneLiners)
        case ..<22:
            return rng.pick(texts.objections)
        case ..<42:
            return rng.pick(texts.objections) + " " + situation(texts, &rng)
        case ..<55:
            return situation(texts, &rng)
        default:
            return letter(texts, signedBy: person, &rng)
        }
    }

    /// A follow-up from someone who already wrote once.
    static func followUp(for person: SamplePerson, _ rng: inout SplitMix64) -> String {
        let texts = LanguageTexts.of(person.language)
        let body = rng.pick(texts.followUps)
        guard rng.percent(50) else { return body }
        return rng.pick(texts.greetings) + "\n\n" + body + "\n\n" + rng.pick(texts.closings) + "\n" + person.displayName
    }

    /// One situation paragraph, sometimes with a short remark on the next line.
    private static func situation(_ texts: LanguageTexts, _ rng: inout SplitMix64) -> String {
        let situation = rng.pick(texts.situations)
        guard rng.percent(15) else { return situation }
        return situation + "\n" + rng.pick(texts.oneLiners)
    }

    /// A multi-line letter: greeting, body, closing and usually a signature.
    private static func letter(_ texts: LanguageTexts, signedBy person: SamplePerson, _ rng: inout SplitMix64) -> String {
        let body: String
        if rng.percent(60) {
            body = rng.pick(texts.objections) + " " + situation(texts, &rng)
        } else {
            body = situation(texts, &rng) + "\n\n" + rng.pick(texts.objections)
        }
        var text = rng.pick(texts.greetings) + "\n\n" + body + "\n\n" + rng.pick(texts.closings)
        if rng.percent(60) { text += "\n" + person.displayName }
        return text
    }
}
