import Foundation

/// The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, summed as its power
/// series; BG/NBD's conditional expectation needs it with z = t / (alpha + T + t).
public func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
    precondition(z >= 0 && z < 1, "2F1 is summed for 0 <= z < 1")
    var term = 1.0
    var sum = 1.0
    var k = 0.0
    while k < 1_000_000 {
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        sum += term
        if abs(term) <= 1e-15 * abs(sum) { break }
        k += 1
    }
    return sum
}
