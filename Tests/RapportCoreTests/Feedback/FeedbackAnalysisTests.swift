import Foundation
import Testing

@testable import RapportCore

@Suite("Feedback themes")
struct FeedbackThemesTests {
    @Test("counts words and phrases once per text, without stop words, and keeps a word only where it says more than its phrase")
    func handWorked() {
        let texts = [
            "The blade broke after two days. Blade broken!",       // blade, broke, days, blade broke, broken, (blade broken)
            "Delivery was late and the blade broke.",               // delivery, late, blade, broke, blade broke
            "Late delivery, friendly staff",                        // late, delivery, late delivery, friendly, staff, friendly staff
            "Very friendly staff; the blade is sharp",              // friendly, staff, friendly staff, blade, sharp
        ]
        let themes = FeedbackThemes.themes(in: texts, minimumCount: 2)
        let byPhrase = Dictionary(uniqueKeysWithValues: themes.map { ($0.phrase, $0) })
        // blade: texts 0, 1, 3 (three); "blade broke": 0, 1 (two); "broke": 0, 1 (same texts as the phrase: dropped).
        #expect(byPhrase["blade"]?.count == 3)
        #expect(byPhrase["blade broke"]?.texts == [0, 1])
        #expect(byPhrase["broke"] == nil)
        // "friendly staff" in texts 2 and 3; both words only there: dropped.
        #expect(byPhrase["friendly staff"]?.count == 2)
        #expect(byPhrase["friendly"] == nil && byPhrase["staff"] == nil)
        // delivery and late in texts 1 and 2, but the phrase only in text 2: the words stay, the phrase is rare.
        #expect(byPhrase["delivery"]?.count == 2 && byPhrase["late"]?.count == 2)
        #expect(byPhrase["late delivery"] == nil)
        // Stop words and the sentence end: "days blade" is no phrase, "the", "was", "after" are no themes.
        #expect(byPhrase["days blade"] == nil && byPhrase["the"] == nil && byPhrase["was"] == nil)
        // Most frequent first, then alphabetical.
        #expect(themes.map(\.phrase) == ["blade", "blade broke", "delivery", "friendly staff", "late"])
    }

    @Test("an empty or stop-word-only set of texts has no themes")
    func nothing() {
        #expect(FeedbackThemes.themes(in: []).isEmpty)
        #expect(FeedbackThemes.themes(in: ["It was OK, thanks!", "it was ok thanks"]).isEmpty)
    }
}

@Suite("Complaint surges")
struct ComplaintSurgeTests {
    let weekStart = Date(timeIntervalSince1970: 1_795_392_000)  // Monday 2026-11-23 00:00 UTC

    func complaints(_ count: Int, weeksBefore: Int, category: String?, product: String?) -> [ComplaintSurge.Complaint] {
        (0..<count).map { index in
            ComplaintSurge.Complaint(
                ticketID: UUID(), at: weekStart.addingTimeInterval(Double(-weeksBefore * 7) * 86_400 + Double(index) * 3_600 + 60),
                category: category, product: product)
        }
    }

    @Test("a product's defect complaints tripling against eight weeks of about two flags one insight, worded, with its tickets")
    func tripled() {
        // 16 complaints over the 8 weeks before (2 a week), then 6 this week: z = (6 - 2) / sqrt(2) = 2.83 < 3, not enough...
        var history: [ComplaintSurge.Complaint] = []
        for week in 1...8 { history += complaints(2, weeksBefore: week, category: "product_defect", product: "Mower X") }
        let six = complaints(6, weeksBefore: 0, category: "product_defect", product: "Mower X")
        #expect(ComplaintSurge.insights(history + six, weekStart: weekStart).isEmpty)
        // ...7 this week: z = (7 - 2) / sqrt(2) = 3.54, ratio 3.5: "quadrupled" starts at 3.5.
        let seven = six + complaints(1, weeksBefore: 0, category: "product_defect", product: "Mower X")
        let found = ComplaintSurge.insights(history + seven, weekStart: weekStart)
        // The category-only and product-only groups say the same: only the precise one stays.
        #expect(found.count == 1)
        let insight = found[0]
        #expect(insight.category == "product_defect" && insight.product == "Mower X")
        #expect(insight.count == 7 && insight.usualWeekly == 2)
        #expect(abs(insight.zScore - 5 / 2.0.squareRoot()) < 1e-9)
        #expect(Set(insight.ticketIDs) == Set(seven.map(\.ticketID)))
        #expect(insight.message == "complaints about product Mower X for 'product_defect' quadrupled this week (7 against about 2 a week): possible malfunction")
        #expect(insight.key == "category=product_defect|product=Mower X")
    }

    @Test("the wording follows the ratio to the usual level")
    func wording() {
        #expect(ComplaintSurge.wording(category: "product_defect", product: "X", count: 6, usual: 2)
            == "complaints about product X for 'product_defect' tripled this week (6 against about 2 a week): possible malfunction")
        #expect(ComplaintSurge.wording(category: "slow_response", product: nil, count: 9, usual: 4.5)
            == "complaints for 'slow_response' doubled this week (9 against about 4.5 a week): possible understaffing")
        #expect(ComplaintSurge.wording(category: nil, product: "Kettle", count: 5, usual: 0)
            == "complaints about product Kettle appeared this week (5, usually none)")
    }

    @Test("a silent group needs the minimum count; a busy one needs a rise far above its noise")
    func thresholds() {
        // Never seen before: 4 is below the minimum count of 5, 5 flags (floor 0.5: z = 4.5 / 0.71 = 6.4).
        #expect(ComplaintSurge.insights(complaints(4, weeksBefore: 0, category: "rudeness", product: nil), weekStart: weekStart).isEmpty)
        let five = ComplaintSurge.insights(complaints(5, weeksBefore: 0, category: "rudeness", product: nil), weekStart: weekStart)
        #expect(five.map(\.key) == ["category=rudeness"])
        // 20 a week usually, 30 now: z = 10 / 4.47 = 2.24 and ratio 1.5: no insight.
        var busy: [ComplaintSurge.Complaint] = []
        for week in 1...8 { busy += complaints(20, weeksBefore: week, category: "slow_response", product: nil) }
        busy += complaints(30, weeksBefore: 0, category: "slow_response", product: nil)
        #expect(ComplaintSurge.insights(busy, weekStart: weekStart).isEmpty)
        // Complaints older than the baseline and after the week are ignored.
        let old = complaints(40, weeksBefore: 9, category: "rudeness", product: nil)
        #expect(ComplaintSurge.insights(old + complaints(5, weeksBefore: 0, category: "rudeness", product: nil), weekStart: weekStart).count == 1)
        #expect(ComplaintSurge.insights(complaints(5, weeksBefore: -1, category: "rudeness", product: nil), weekStart: weekStart).isEmpty)
    }

    @Test("improvement windows are equal, end today at most 28 days after, and need a whole day")
    func windows() {
        #expect(ImprovementWindows.around(doneDay: 100, today: 100) == nil)
        #expect(ImprovementWindows.around(doneDay: 100, today: 110) == ImprovementWindows(beforeFrom: 90, beforeTo: 100, afterFrom: 100, afterTo: 110))
        #expect(ImprovementWindows.around(doneDay: 100, today: 200)?.days == 28)
    }
}

@Suite("Feedback scores")
struct FeedbackScoreTests {
    @Test("CSAT takes 1 to 5, NPS 0 to 10, a note no score", arguments: [
        (FeedbackKind.csat, Optional(1), true), (.csat, 5, true), (.csat, 0, false), (.csat, 6, false), (.csat, nil, false),
        (.nps, 0, true), (.nps, 10, true), (.nps, 11, false), (.nps, -1, false), (.note, nil, true), (.note, 3, false),
    ])
    func scores(kind: FeedbackKind, score: Int?, valid: Bool) {
        #expect((kind.problem(with: score) == nil) == valid)
    }
}

@Suite("Report periods")
struct ReportPeriodTests {
    /// 2026-12-01 (a Tuesday) is day 20788.
    let tuesday = 20788

    @Test("daily covers yesterday, weekly last Monday to Sunday, monthly last calendar month")
    func periods() {
        #expect(ReportFrequency.daily.lastCompletePeriod(today: tuesday) == (20787, 20788))
        // Monday 2026-11-30 is day 20787: the week before runs from Monday 2026-11-23 (20780).
        #expect(ReportFrequency.weekly.lastCompletePeriod(today: tuesday) == (20780, 20787))
        // 2026-12-01 is the first of the month: November has 30 days, from day 20758.
        #expect(ReportFrequency.monthly.lastCompletePeriod(today: tuesday) == (20758, 20788))
        // On the 15th the last complete month is still November.
        #expect(ReportFrequency.monthly.lastCompletePeriod(today: tuesday + 14) == (20758, 20788))
        // On a Monday the last complete week ended yesterday.
        #expect(ReportFrequency.weekly.lastCompletePeriod(today: 20787) == (20780, 20787))
    }
}
