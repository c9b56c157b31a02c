import Foundation

/// Word families that point to a complaint category or a topic, written from domain knowledge of what
/// customers say about each. Each becomes a signal; the model learns how much each counts for which label.
enum TriageSubjectWords {
    static let families: [String: TriageLexicon] = [
        "defect_words": TriageLexicon([
            "broken", "break*", "broke", "defect*", "faulty", "fault", "crack*", "leak*", "dead", "snap*",
            "malfunction*", "stopped", "shatter*", "burn*", "overheat*", "hot", "rattl*",
            "loose", "bent", "dent*", "scratch*", "torn", "error", "reboot*", "restart*", "not_work*",
            "not_switch", "not_turn", "not_start", "not_charge", "not_hold", "fell apart", "fell off", "unsafe", "drips", "stitching", "burnt", "no sound", "not_respond"]),
        "service_failure_words": TriageLexicon([
            "technician", "engineer", "installer", "courier", "driver", "booking", "reservation",
            "no record", "never turned up", "turned up", "showed up", "wrong address", "wrong model", "wrong item",
            "charged twice", "twice", "double charged", "disconnected", "cut off", "lost", "missing",
            "same fault", "closed", "given away", "gave", "left it", "left without", "transferred",
            "ported", "without telling", "marked", "by mistake", "still", "cancelled", "reversed"]),
        "promise_words": TriageLexicon([
            "promis*", "told me", "was told", "assured", "guarantee*", "swore", "said", "supposed to", "salesman", "sales person", "rep", "advisor", "definitely",
            "would be", "would have", "would last", "included", "on the phone", "in store",
            "in the shop", "when i signed"]),
        "marketing_words": TriageLexicon([
            "advert*", "ad", "ads", "brochure", "listing", "listed", "website", "site", "page",
            "description", "described", "photo", "picture", "image", "banner", "newsletter", "promotion",
            "small print", "fine print", "claim*", "label", "packaging", "box says", "false", "says", "shows", "showed", "lists"]),
        "own_mistake_words": TriageLexicon([
            "my fault", "my own fault", "mistake", "accident*", "forgot", "i typed", "i entered",
            "i picked", "i clicked", "i ordered the wrong", "wrong size", "wrong date", "misread",
            "mixed up", "didnt see", "not_see", "i know", "my son", "my daughter",
            "receipt", "i dropped", "careless", "exception", "not_fair", "surely",
            "without noticing"]),
        "dissatisfaction_words": TriageLexicon([
            "disappoint*", "expected", "hoped", "hoping", "underwhelm*", "not_impressed",
            "not_happy", "meh", "cheap", "quality", "uncomfortable", "smaller",
            "heavier", "louder", "loud", "noisy", "dull", "tinny", "rough", "firm", "weak", "not_worth", "regret", "not_like", "dislike", "looks", "feels", "taste*", "smell", "plasticky",
            "than i thought", "than i expected", "for this price"]),
        "rudeness_words": TriageLexicon([
            "rude*", "insult*", "sarcas*", "condescend*", "patroniz*",
            "mock*", "laugh*", "shout*", "swore", "swear*", "dismissive", "unprofessional",
            "attitude", "rolled", "hung up", "slammed", "raised his voice", "idiot", "made fun", "ignored", "sighed", "cold", "talked down", "stop complaining", "wasting", "threw"]),
        "discrimination_words": TriageLexicon([
            "discriminat*", "racis*", "sexis*", "skin", "race", "black", "white", "foreign*", "immigrant*",
            "english", "religion", "religious", "headscarf", "same-sex",
            "wheelchair", "disabilit*", "disabled", "deaf", "blind", "guide dog", "autis*", "age", "old people",
            "women", "woman", "because of my", "treated differently", "suspect",
            "prejudice*", "only one", "couple"]),
        "price_gouging_words": TriageLexicon([
            "overcharg*", "rip-off", "rip off", "robbery", "extortion*", "greed*", "exploit*",
            "outrageous", "scandalous", "absurd", "insane", "price", "prices", "fee", "charge", "charges",
            "charging", "cost", "costs", "expensive", "double", "tripled", "times what", "more than",
            "increase", "went up", "raised", "hike", "euros", "euro", "shameful", "pay", "paying"]),
        "slow_words": TriageLexicon([
            "waiting", "on hold", "queue", "no reply", "no response", "no answer", "nobody", "heard nothing", "get back", "response", "responded", "not_responded", "reply", "replied", "replies",
            "an answer", "answered", "not_answered", "callback", "call back",
            "chasing", "acknowledged", "automatic reply", "slow", "picks up", "under review", "shortly"]),
        "advice_words": TriageLexicon([
            "recommend*", "suggest*", "advi*", "which", "better", "best", "worth", "suitable", "suit", "choose",
            "choosing", "pick", "difference", "should i", "would you", "for a", "beginner",
            "looking for", "enough", "or a", "family of"]),
        "how_to_words": TriageLexicon([
            "how do i", "how can i", "how to", "where do i", "setting*", "set up", "setup", "reset",
            "connect", "pair*", "install", "installing", "update", "firmware", "app", "button", "manual", "instructions", "mode",
            "turn off", "turn on", "switch", "use", "used", "clean", "display", "assemble", "find my",
            "way to", "option", "how often"]),
        "tracking_words": TriageLexicon([
            "order", "order number", "tracking", "track*", "parcel", "package", "deliver*", "dispatch*", "ship*",
            "courier", "transit", "arrive*", "when will", "where is", "wheres", "pickup point", "status", "on its way", "received"]),
        "return_words": TriageLexicon([
            "return*", "refund*", "money back", "exchange", "swap", "send back", "send it back",
            "store credit", "cancel*", "pick up", "policy", "deposit back", "changed my mind",
            "doesnt fit", "not_fit"]),
        "maintenance_words": TriageLexicon([
            "servic*", "maintenance", "maintain", "inspect*", "check", "tune-up", "annual",
            "yearly", "filter*", "descal*", "sharpen*", "clean*", "spare", "replacement", "due", "book", "book in",
            "schedule", "engineer", "technician", "outage", "down", "signal", "no signal", "offline",
            "not_work*", "error", "heating", "boiler", "heat pump", "plan", "send a technician"]),
        "payment_words": TriageLexicon([
            "pay", "paying", "payment*", "paypal", "card", "cards", "credit card", "debit", "direct debit", "invoice*",
            "receipt*", "vat", "instalment*", "installment*", "billing", "bill", "bank transfer", "cash",
            "gift card", "gift cards", "deposit", "currency", "apple pay", "charged", "declined"]),
        "praise_words": TriageLexicon([
            "thank*", "great", "brilliant", "fantastic", "wonderful", "excellent", "superb", "perfect*", "love",
            "impressed", "stars", "happy", "grateful", "compliments", "smooth*", "friendly",
            "kind", "helpful", "above and beyond", "well done", "spotless", "just wanted to say",
            "quick note", "pass on"]),
    ]
}
