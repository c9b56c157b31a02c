import Foundation

/// Word families that point to a complaint category or a topic, written from domain knowledge (what
/// customers say about each), not from the held-out messages. Each becomes a `subject` signal.
enum TriageSubjectWords {
    static let families: [String: Set<String>] = [
        "defect_words": ["broken", "stopped", "defect", "defective", "faulty", "crack", "cracked", "leak", "leaks", "dead",
                         "snapped", "noise", "overheat", "overheats", "battery", "reboot", "rebooting", "loose", "bent", "fault"],
        "service_failure_words": ["technician", "showed", "driver", "cut", "charged", "twice", "record", "installer",
                                  "ported", "wrong", "cancelled", "gave", "left", "confirmed", "missed"],
        "promise_words": ["promised", "promise", "told", "said", "guaranteed", "assured", "supposed"],
        "marketing_words": ["ad", "advert", "advertised", "advertising", "website", "listing", "photo", "newsletter",
                            "box", "says", "unlimited", "offer", "misleading", "false", "claims", "shows"],
        "own_mistake_words": ["mistake", "accident", "accidentally", "forgot", "wrong", "my", "fault", "typed", "son", "daughter"],
        "dissatisfaction_words": ["expected", "disappointed", "meh", "quality", "regret", "smaller", "loud", "flat", "happy", "hoped", "colour"],
        "rudeness_words": ["rude", "shouted", "swore", "laughed", "attitude", "unprofessional", "idiot", "hung", "rolled", "yelled"],
        "discrimination_words": ["discrimination", "skin", "name", "foreign", "wheelchair", "dog", "age", "old", "accent", "refused", "english", "gay", "religion"],
        "price_gouging_words": ["robbery", "rip", "overpriced", "insane", "increase", "went", "double", "fee", "charges", "expensive", "shameful"],
        "slow_words": ["waiting", "hold", "days", "weeks", "replied", "reply", "answer", "still", "shortly", "hour", "nobody"],
        "advice_words": ["recommend", "suggest", "which", "better", "difference", "suitable", "best", "should", "compare", "need"],
        "how_to_words": ["how", "reset", "connect", "setup", "set", "pair", "change", "manual", "button", "settings", "install", "use"],
        "tracking_words": ["order", "tracking", "delivered", "delivery", "parcel", "shipped", "transit", "arrive", "package", "courier"],
        "return_words": ["return", "refund", "back", "exchange", "cancel", "label", "money", "send", "swap"],
        "maintenance_words": ["service", "servicing", "maintenance", "filter", "filters", "descale", "descaling", "sharpen",
                              "sharpening", "replacement", "yearly", "check", "clean", "outage", "down", "signal", "error", "light"],
        "payment_words": ["pay", "payment", "paypal", "card", "invoice", "vat", "instalments", "bill", "debit", "charged", "declined", "gift"],
        "praise_words": ["thanks", "thank", "great", "brilliant", "fantastic", "wonderful", "happy", "perfect", "love", "friendly"],
    ]
}
