import Foundation

/// The equal periods before and after an improvement was done, over which its metric is compared.
public struct ImprovementWindows: Sendable, Equatable {
    /// UTC day numbers, `to` exclusive.
    public var beforeFrom: Int
    public var beforeTo: Int
    public var afterFrom: Int
    public var afterTo: Int

    public var days: Int { afterTo - afterFrom }

    /// The days since `doneDay` (the day it was done counts as after), at most `maximumDays`, and the
    /// same number of days just before it; nil until a whole day has passed.
    public static func around(doneDay: Int, today: Int, maximumDays: Int = 28) -> ImprovementWindows? {
        let days = min(maximumDays, today - doneDay)
        guard days >= 1 else { return nil }
        return ImprovementWindows(beforeFrom: doneDay - days, beforeTo: doneDay, afterFrom: doneDay, afterTo: doneDay + days)
    }
}
