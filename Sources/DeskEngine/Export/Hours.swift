import DeskCore
import DeskStore

/// A duration in milliseconds written as hours with at most two decimals: `36.5`, `720`, `0.01`.
///
/// Rounded to the nearest hundredth of an hour (36 s), halves away from zero; trailing zeros are
/// dropped. The text is a valid JSON number, also when negative (a reviewer's clock behind the form's).
package enum Hours {
    package static func text(millis: Int64) -> String {
        let unit: Int64 = 36_000
        let magnitude = millis.magnitude
        let hundredths = (magnitude + UInt64(unit / 2)) / UInt64(unit)
        let whole = hundredths / 100
        let fraction = hundredths % 100
        var text = millis < 0 && hundredths > 0 ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            text += "." + (fraction < 10 ? "0" : "") + String(fraction % 10 == 0 ? fraction / 10 : fraction)
        }
        return text
    }

    /// For a table people read: always two decimals and grouped thousands (`1,364.50`), so the
    /// figures of a column line up.
    package static func tableText(millis: Int64) -> String {
        let unit: Int64 = 36_000
        let hundredths = (millis.magnitude + UInt64(unit / 2)) / UInt64(unit)
        let fraction = hundredths % 100
        let sign = millis < 0 && hundredths > 0 ? "-" : ""
        return sign + CountText.grouped(Int(hundredths / 100)) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
