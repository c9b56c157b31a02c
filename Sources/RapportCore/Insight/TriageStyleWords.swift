import Foundation

/// Word families that point to a communication style (and politeness, a general cue), written from what
/// customers of each style typically say. Each becomes a signal; the model learns how much each counts.
enum TriageStyleWords {
    static let families: [String: TriageLexicon] = [
        "decision_words": TriageLexicon([
            "decided", "decision", "decide", "final", "proceed", "approve", "authorise", "authorize", "go ahead",
            "ill take", "i will take", "ill go with", "just do", "just send", "book it", "make it happen",
            "bottom line", "lets", "sort it", "pick", "option", "options", "yes or no", "no need", "made my mind",
            "right away", "keeping it", "go for",
            "my decision", "made up my mind", "mind is made up", "approved", "settle it", "go with", "i choose", "ill choose", "confirm", "no discussion", "no further", "sign it", "just tell me", "either option"]),
        "analytical_words": TriageLexicon([
            "specification*", "spec", "specs", "data", "measur*", "calculat*", "compar*", "datasheet", "according to",
            "section", "paragraph", "percent", "average", "exact*", "figure*", "methodology",
            "benchmark*", "test", "tests", "tested", "log", "logged", "logs", "record*", "spreadsheet", "table",
            "breakdown", "break down", "statistic*", "ratio", "dimension*", "weight", "capacity", "precise*", "total*", "per", "versus", "rating", "cycles", "documents", "certific*",
            "measured", "timed", "stopwatch", "tabulat*", "trend", "margin", "median", "standard", "lumens", "watt*", "consumption", "readings", "figures", "numbers", "source", "failure rate", "per cent", "detailed breakdown", "reference numbers", "specif*", "out of"]),
        "hedging": TriageLexicon([
            "maybe", "perhaps", "unsure", "not_sure", "torn", "hmm", "undecided", "cant decide", "cannot decide",
            "my mind", "second thoughts", "back and forth", "or not", "other hand", "dont know", "not_know", "think about it", "let me think", "should i",
            "what would you", "which would you", "might", "cant choose", "choose",
            "in two minds", "hesitat*", "not so sure", "decide later", "changed my mind", "cant settle", "cant make my mind", "make my mind up", "not_decide", "or maybe", "unless", "think it over", "get back to you", "which to go for", "reserve both", "what would most", "what do you think", "which would", "torn between"]),
        "price_words": TriageLexicon([
            "discount*", "coupon*", "voucher*", "deal", "cheaper", "price match", "match",
            "promo*", "sale", "markdown", "clearance", "refurbished", "ex display", "reduc*", "cashback",
            "points", "better price", "lowest", "knock", "offer", "offers", "bundle", "black friday", "student",
            "free delivery", "for less", "code", "codes", "bargain*", "save", "saving*", "beat that",
            "promo", "promo code", "good deal", "best price", "cheapest", "open-box", "upfront", "match that", "best you can do", "on offer", "sale price", "free shipping", "10% off", "off if"]),
        "repeated_contact": TriageLexicon([
            "again", "third", "fourth", "fifth", "sixth", "already", "colleagues", "every day", "daily",
            "every few hours", "each step", "every step", "call me", "forward", "same agent", "direct number", "reopen*", "yet again", "ticket",
            "history", "one by one", "numbered", "written confirmation", "each change", "each one",
            "times", "repeatedly", "keep contacting", "checking in", "previous messages",
            "once again", "every morning", "each point", "every single", "full history", "the thread", "my previous", "previous", "four times", "three times", "as i said", "as i told", "copy my", "as well as from you", "by phone and", "the moment anything"]),
        "loyalty_words": TriageLexicon([
            "customer", "years", "decade*", "since", "loyal*", "member*", "long-time", "longtime", "long time",
            "always", "regular", "faithful", "go-to", "never switched", "every year", "recommended you", "my family", "my parents", "stuck with", "stayed with", "beginning",
            "gold", "fan", "subscriber", "wouldnt go anywhere",
            "loyal", "generations", "many years", "first customers", "keep coming back", "long-standing", "long standing", "for ages", "every week", "over the years", "always chosen", "member number"]),
        "time_pressure": TriageLexicon([
            "today", "asap", "now", "immediately", "urgent", "urgently", "quickly", "quick", "hurry", "tonight",
            "tomorrow", "emergency", "hour", "soon", "latest", "right now", "right away", "fast",
            "within the hour", "minutes", "patience", "no time", "cant wait", "so long", "ages", "come on",
            "anyone", "speed", "yesterday", "waiting",
            "end of day", "this afternoon", "waiting all", "tick tock", "running out", "by tomorrow", "this morning", "resolved right now", "get back to me immediately"]),
        "doubt_words": TriageLexicon([
            "believe", "doubt*", "trust*", "convinc*", "not_convinced", "prove", "evidence", "in writing",
            "suspicious", "cynical", "skepti*", "too good to be true", "made up", "genuine",
            "are you sure", "heard this before", "excuse*", "what makes you", "really", "true", "claims",
            "same thing", "promised the same", "guarantees", "opposite",
            "sceptic*", "proof", "hard to swallow", "take your word", "let down before", "track record", "convenient", "buy that", "doubt", "whole truth", "more than a promise", "read online"]),
        "small_talk": TriageLexicon([
            "by the way", "haha", "lol", "weather", "sunny", "holiday", "grandson", "granddaughter", "neighbour", "neighbor", "husband", "sister", "brother", "friend", "cat", "dog", "garden",
            "roses", "tea", "yoga", "baking", "bread", "weekend", "hope you", "hope all", "lovely", "funny", "story",
            "anyway", "ramble", "chat*", "talk*", "sorry for the long", "exciting", "celebrating", "how was",
            "kids", "school", "sweet", "anniversary", "coffee",
            "puppy", "birds", "book club", "retired", "teacher", "family over", "barbecue", "goodness", "bliss", "balcony", "rainy", "sunnier", "plans for", "long story", "happy friday", "story for another", "baby", "wedding", "grandchildren", "grandkids"]),
        "demand_words": TriageLexicon([
            "demand*", "insist*", "expect", "require*", "must", "manager", "supervisor", "head of", "senior", "escalat*", "compensat*", "apology", "lawyer", "legal", "at your cost",
            "at your expense", "nothing less", "minimum", "i want", "owe", "waive", "take it further", "personally", "not_accept",
            "i demand", "i expect", "no discussion", "im telling you", "ombudsman", "free of charge", "in full", "refund me", "give me a manager", "on my terms", "will do", "you will", "compensation", "credit on my account"]),
        "confusion_words": TriageLexicon([
            "confus*", "understand", "not_understand", "dont get", "not_get", "lost", "puzzl*", "no idea",
            "what does", "mean", "make sense", "makes no sense", "explain", "simple words", "silly question",
            "figure out", "which one", "what happened", "supposed to",
            "which button", "which cable", "which page", "where is it", "not_good with",
            "no clue", "dont follow", "not_follow", "baffled", "muddled", "walk me through", "which is it", "not very technical", "huh", "what exactly", "what do i", "where do i fill", "do i need to", "or do you", "not_know what", "not_sure what"]),
        "politeness": TriageLexicon([
            "please", "thanks", "thank", "kindly", "appreciate*", "sorry", "regards", "dear", "grateful", "cheers"]),
    ]
}
