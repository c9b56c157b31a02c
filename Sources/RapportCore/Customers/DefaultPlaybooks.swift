/// The playbook set Rapport ships with: one entry for every value of every profile dimension.
/// Workspaces edit their own copies; these stay the defaults a reset returns to.
public enum DefaultPlaybooks {
    public static let entries: [PlaybookEntry] =
        lifecycle + communicationStyles + shopperTypes + relationships + valueTiers + buyingRoles

    private static let byKey = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) })

    public static func entry(for key: PlaybookKey) -> PlaybookEntry? { byKey[key] }

    static let lifecycle: [PlaybookEntry] = [
        PlaybookEntry(
            dimension: .lifecycle, value: Lifecycle.potential.rawValue, title: "Still deciding",
            summary: "Interested but has not bought yet. They are judging the whole business by how this one conversation goes.",
            actions: [
                "Answer the exact question first, then ask one question about what they want to achieve.",
                "Recommend the one product or plan that fits what they told you, and say why in a sentence.",
                "Tell them how to reach you again: this channel, the phone number, the opening hours.",
                "Offer something that lowers the risk of a first purchase: the returns policy, a trial, a demo.",
            ],
            tone: "Helpful and unhurried; sell the fit, not the product.",
            offer: ["A short product comparison", "The returns policy or trial period", "A named person to come back to"],
            avoid: ["Pushing for a decision in the first reply", "Jargon and internal product names", "Leaving a question unanswered"],
            followUp: ["If they go quiet, check in once after 3 working days with one useful piece of information."],
            importance: 55),
        PlaybookEntry(
            dimension: .lifecycle, value: Lifecycle.new.rawValue, title: "First-time customer",
            summary: "Has just bought for the first time and is still learning the product. Early problems decide whether they ever buy again.",
            actions: [
                "Welcome them by name and confirm what they bought.",
                "Explain the next step they need (set-up, delivery date, first use) before they have to ask.",
                "Solve the problem completely in this conversation where you can; where you cannot, say when you will.",
                "Point them to the one guide or video that covers the first weeks.",
            ],
            tone: "Warm and patient; assume no prior knowledge.",
            offer: ["A getting-started guide", "Help with set-up", "A direct contact for the first month"],
            avoid: ["Assuming they know how things work here", "Links without a sentence of explanation", "Closing the ticket before they confirm it works"],
            followUp: ["Check after one week that the product works as they expected."],
            importance: 60),
        PlaybookEntry(
            dimension: .lifecycle, value: Lifecycle.repeat.rawValue, title: "Coming back",
            summary: "Has bought more than once. They know the basics and expect you to remember their history.",
            actions: [
                "Read their last orders and tickets before you answer.",
                "Refer to what they bought before when it helps (\"the same size as your March order\").",
                "Skip the basics they already know and get to the point.",
                "Mention a relevant accessory, service or upgrade only if it solves their problem.",
            ],
            tone: "Familiar and efficient, like a shop that knows its regulars.",
            offer: ["Re-ordering in one step", "Care or servicing for what they already own"],
            avoid: ["Asking for details that are already on file", "Treating them like a stranger"],
            followUp: ["After a fix, confirm it worked within 2 working days."],
            importance: 45),
        PlaybookEntry(
            dimension: .lifecycle, value: Lifecycle.loyal.rawValue, title: "Loyal customer",
            summary: "Buys again and again and often recommends the business. Their goodwill is earned, not owed: a bad experience hurts more because they expected better.",
            actions: [
                "Thank them for staying with you, once and sincerely.",
                "Give them priority: answer first, and use your authority to fix things without making them wait for approval.",
                "Ask what could be better; loyal customers tell you what others will not.",
                "Pass their suggestions on and tell them you did.",
            ],
            tone: "Personal and appreciative; speak as to a partner.",
            offer: ["Loyalty rewards or early access", "A goodwill gesture when something went wrong", "A direct line to the team"],
            avoid: ["Scripted answers", "Making them repeat their history", "Taking the relationship for granted"],
            followUp: ["Close the loop on any suggestion they made.", "A personal thank-you after a long or difficult case."],
            importance: 62),
        PlaybookEntry(
            dimension: .lifecycle, value: Lifecycle.atRisk.rawValue, title: "At risk of leaving",
            summary: "Shows signs of drifting away: fewer orders, recent complaints, or comparing offers. This conversation may decide whether they stay.",
            actions: [
                "Read the history and name the problem yourself before they have to explain it again.",
                "Apologise specifically for what went wrong, once, and say what you are doing about it.",
                "Fix the cause, not only the symptom, and give a date when it will be done.",
                "Involve a supervisor early if the fix needs more than you can authorise.",
                "Ask directly what would make them confident in you again.",
            ],
            tone: "Calm, accountable and direct; no defensiveness.",
            offer: ["A concrete remedy (replacement, refund, credit)", "A named person who owns the case until it is solved"],
            avoid: ["Generic apologies", "Blaming other teams, suppliers or the customer", "Promises without a date", "Upselling"],
            followUp: ["Update them before every deadline you set.", "Check in 2 weeks after the fix that all is well."],
            importance: 95),
        PlaybookEntry(
            dimension: .lifecycle, value: Lifecycle.lost.rawValue, title: "Former customer",
            summary: "Has stopped buying. Contacting you at all is a chance to learn why and, sometimes, to win them back.",
            actions: [
                "Handle the request in front of you first, properly and without conditions.",
                "Ask once, politely, what made them stop buying, and listen without arguing.",
                "If the reason has since been fixed, say so plainly with what changed.",
                "Record the reason in the customer notes so that the team learns from it.",
            ],
            tone: "Respectful and low-pressure; no guilt, no hard sell.",
            offer: ["A welcome-back gesture if the reason was our failure"],
            avoid: ["Pressure to come back", "Arguing with their reasons", "Asking for feedback before helping them"],
            followUp: ["If they were open to it, one follow-up after a month with news relevant to their reason."],
            importance: 68),
    ]

    static let valueTiers: [PlaybookEntry] = [
        PlaybookEntry(
            dimension: .valueTier, value: ValueTier.high.rawValue, title: "High-value customer",
            summary: "Among the customers who matter most to revenue. Slow or careless service here costs the most.",
            actions: [
                "Answer ahead of the queue and aim to solve it in one contact.",
                "Use your full authority to fix things; escalate at once if you need more.",
                "Write as the named owner of the case, not as \"the team\".",
                "Check whether anything else is open for them and mention it.",
            ],
            tone: "Professional, personal and confident.",
            offer: ["Priority handling", "A direct contact", "Goodwill gestures proportionate to their value"],
            avoid: ["Sending them to self-service for anything complex", "Handing them from person to person"],
            followUp: ["Confirm satisfaction after every resolved case."],
            importance: 72),
        PlaybookEntry(
            dimension: .valueTier, value: ValueTier.medium.rawValue, title: "Steady customer",
            summary: "A solid, regular part of the business. Consistent, reliable service keeps them and can grow them.",
            actions: [
                "Give a complete, accurate answer within the normal service level.",
                "Look for the one extra thing that would make life easier for them (a guide, a setting, a saved preference).",
                "Note anything that suggests they could become a high-value customer.",
            ],
            tone: "Friendly and competent.",
            offer: ["Relevant upgrades or services when they fit the need"],
            avoid: ["Cutting corners because they are not top tier"],
            followUp: ["Standard follow-up on open promises."],
            importance: 30),
        PlaybookEntry(
            dimension: .valueTier, value: ValueTier.low.rawValue, title: "Small spender",
            summary: "Spends little today. Efficient, courteous service keeps costs sensible and leaves the door open to more.",
            actions: [
                "Solve the question efficiently, in as few messages as possible.",
                "Point to self-service answers that genuinely fit, with the link and one sentence.",
                "Be as courteous as with anyone else: small customers talk too.",
            ],
            tone: "Courteous and concise.",
            offer: ["Self-service guides", "Lower-cost options when they ask about price"],
            avoid: ["Visible lower priority or curt replies", "Expensive goodwill gestures without a supervisor's approval"],
            followUp: ["Only what was promised."],
            importance: 18),
    ]
}
