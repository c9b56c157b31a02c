import Foundation

extension Substring {
    /// The same as `trimmingCharacters(in:)`, without the trip through NSString: splitting a long
    /// reply trims every line several times, and the bridged version was most of the time it took.
    func trimmed(_ set: CharacterSet) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !set.contains($0) })!
        return String(scalars[first...last])
    }
}

extension String {
    /// `trimmingCharacters(in:)` without NSString (see `Substring.trimmed`).
    func trimmed(_ set: CharacterSet) -> String { self[...].trimmed(set) }
}
