import Foundation
import Synchronization

/// UUIDs in the version 7 layout (RFC 9562): 48 bits of milliseconds since 1970, a 12-bit
/// counter, then random bits. Ids made by one process strictly increase, so inserts append to
/// the end of a primary key's B-tree instead of landing on a random page: on a 100,000-row
/// import that is the difference between reading pages from disk for each row and keeping the
/// hot pages cached. Ids from different processes still never collide (62 random bits).
public enum TimeOrderedID {
    private static let clock = Mutex<(milliseconds: UInt64, counter: UInt64)>((0, 0))

    public static func make(now: Date = Date()) -> UUID {
        let wallClock = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let (milliseconds, counter) = clock.withLock { state -> (UInt64, UInt64) in
            if wallClock > state.milliseconds {
                state = (wallClock, 0)
            } else if state.counter < 0xFFF {
                state.counter += 1
            } else {
                state = (state.milliseconds + 1, 0)
            }
            return (state.milliseconds, state.counter)
        }
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        for index in 8..<16 { bytes[index] = UInt8(truncatingIfNeeded: random >> (8 * UInt64(index - 8))) }
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
