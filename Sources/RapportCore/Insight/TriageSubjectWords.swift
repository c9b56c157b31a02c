import Foundation

/// Word families that point to a complaint category or a topic, written from domain knowledge of what
/// customers say about each. Each becomes a signal; the model learns how much each counts for which label.
enum TriageSubjectWords {
    static let families: [String: TriageLexicon] = [
        "defect_words": TriageLexicon([
            "broken", "break*", "broke", "defect*", "faulty", "fault", "crack*", "leak*", "dead", "snap*",
            "malfunction*", "stopped", "shatter*", "burn*", "overheat*", "hot", "rattl*",
            "loose", "bent", "dent*", "scratch*", "torn", "error", "reboot*", "restart*", "not_work*",
            "not_switch", "not_turn", "not_start", "not_charge", "not_hold", "fell apart", "fell off", "unsafe", "drips", "stitching", "burnt", "no sound", "not_respond",
            "stopped working", "not_working", "doesnt work", "dont work", "wont work", "not_function*", "died", "crash*", "freez*", "flicker*", "crackl*", "spark*", "smoke", "peel*", "tore", "came off", "wobbl*", "beeps", "shuts down", "shut down", "turns itself off", "power on", "wont start", "wont turn on", "not_power", "hardware", "from the start", "out of the box", "after a week", "after a month", "only weeks old", "drip*"]),
        "service_failure_words": TriageLexicon([
            "technician", "engineer", "installer", "courier", "driver", "booking", "reservation",
            "no record", "never turned up", "turned up", "showed up", "wrong address", "wrong model", "wrong item",
            "charged twice", "twice", "double charged", "disconnected", "cut off", "lost", "missing",
            "same fault", "closed", "given away", "gave", "left it", "left without", "transferred",
            "ported", "without telling", "marked", "by mistake", "still", "cancelled", "reversed",
            "never came", "never showed", "nobody came", "no one came", "didnt turn up", "failed to", "forgot*", "forgotten", "wrong line", "wrong tariff", "wrong part", "wrong one", "wrong show", "old address", "skipped", "flooded", "badly", "billed", "sent back", "returned to sender", "installation", "movers", "cleaners", "plumber", "fitter", "garage", "agreed date", "did not", "didnt even"]),
        "promise_words": TriageLexicon([
            "promis*", "told me", "was told", "assured", "guarantee*", "swore", "said", "supposed to", "salesman", "sales person", "rep", "advisor", "definitely",
            "would be", "would have", "would last", "included", "on the phone", "in store",
            "in the shop", "when i signed",
            "promise*", "assur*", "were told", "told us", "said it would", "said they", "said he", "said she", "confirmed", "committed", "commitment", "your word", "adviser", "representative", "seller", "saleswoman", "only signed", "would get", "would continue", "i would", "id get", "wed get", "well have"]),
        "marketing_words": TriageLexicon([
            "advert*", "ad", "ads", "brochure", "listing", "listed", "website", "site", "page",
            "description", "described", "photo", "picture", "image", "banner", "newsletter", "promotion",
            "small print", "fine print", "claim*", "label", "packaging", "box says", "false", "says", "shows", "showed", "lists",
            "advertis*", "commercial", "campaign", "marketing", "online it", "catalog*", "catalogue", "flyer", "poster", "leaflet", "title", "photo*", "picture*", "video", "influencer*", "claims", "claimed", "misleading", "false advertising", "deceptive", "bait", "headline", "said on", "stated", "in the ad", "app store"]),
        "own_mistake_words": TriageLexicon([
            "my fault", "my own fault", "mistake", "accident*", "forgot", "i typed", "i entered",
            "i picked", "i clicked", "i ordered the wrong", "wrong size", "wrong date", "misread",
            "mixed up", "didnt see", "not_see", "i know", "my son", "my daughter",
            "receipt", "i dropped", "careless", "exception", "not_fair", "surely",
            "without noticing",
            "my mistake", "my bad", "my error", "entirely my", "on me", "i admit", "admittedly", "i realise", "i realize", "oops", "silly me", "stupid", "by accident", "i forgot", "i booked", "i bought the wrong", "i gave", "i used the wrong", "i didnt read", "i didnt measure", "i didnt check", "i should have", "i shouldnt have", "i must have", "threw away", "typo"]),
        "dissatisfaction_words": TriageLexicon([
            "disappoint*", "expected", "hoped", "hoping", "underwhelm*", "not_impressed",
            "not_happy", "meh", "cheap", "quality", "uncomfortable", "smaller",
            "heavier", "louder", "loud", "noisy", "dull", "tinny", "rough", "firm", "weak", "not_worth", "regret", "not_like", "dislike", "looks", "feels", "taste*", "smell", "plasticky",
            "than i thought", "than i expected", "for this price",
            "not_satisfied", "unsatisfied", "dissatisfied", "let down", "expected more", "not_love", "not_enjoy", "not_fans", "dont like", "dont love", "ugly", "flimsy", "impractical", "pointless", "dim", "sticky", "annoying", "clumsy", "complicated", "too strong", "too small", "too big", "too firm", "too narrow", "worse", "nothing special", "ok i guess", "its ok"]),
        "rudeness_words": TriageLexicon([
            "rude*", "insult*", "sarcas*", "condescend*", "patroniz*",
            "mock*", "laugh*", "shout*", "swore", "swear*", "dismissive", "unprofessional",
            "attitude", "rolled", "hung up", "slammed", "raised his voice", "idiot", "made fun", "ignored", "sighed", "cold", "talked down", "stop complaining", "wasting", "threw",
            "impolite", "arrogant", "aggressive", "abusive", "contempt", "belittl*", "patronis*", "nasty", "unfriendly", "disrespect*", "manners", "tone", "yell*", "snap*", "curs*", "hysterical", "threaten*", "called me", "spoke to me", "spoken to", "put the phone down", "whatever", "muttered", "lazy", "stupid"]),
        "discrimination_words": TriageLexicon([
            "discriminat*", "racis*", "sexis*", "skin", "race", "black", "white", "foreign*", "immigrant*",
            "english", "religion", "religious", "headscarf", "same-sex",
            "wheelchair", "disabilit*", "disabled", "deaf", "blind", "guide dog", "autis*", "age", "old people",
            "women", "woman", "because of my", "treated differently", "suspect",
            "prejudice*", "only one", "couple",
            "racial", "ethnic*", "nationality", "accent", "colour", "color", "asian", "refugee*", "muslim", "jewish", "hijab", "gay", "lesbian", "trans", "transgender", "pregnan*", "disab*", "down syndrome", "elderly", "older", "over 65", "single mother", "benefits", "surname", "postcode", "neighbourhood", "because im", "because i am", "because of his", "because of her", "because of our", "because we are", "because were", "like a suspect"]),
        "price_gouging_words": TriageLexicon([
            "overcharg*", "rip-off", "rip off", "robbery", "extortion*", "greed*", "exploit*",
            "outrageous", "scandalous", "absurd", "insane", "price", "prices", "fee", "charge", "charges",
            "charging", "cost", "costs", "expensive", "double", "tripled", "times what", "more than",
            "increase", "went up", "raised", "hike", "euros", "euro", "shameful", "pay", "paying",
            "overpric*", "gouging", "money grab", "ripoff", "extortionate", "taking advantage", "marked up", "markup", "mark-up", "surcharge", "fees", "ridiculous", "disgusting", "ashamed", "joke", "too much", "way too much", "more than the", "twice the", "doubled", "price*", "cost*", "charg*", "paid"]),
        "slow_words": TriageLexicon([
            "waiting", "on hold", "queue", "no reply", "no response", "no answer", "nobody", "heard nothing", "get back", "response", "responded", "not_responded", "reply", "replied", "replies",
            "an answer", "answered", "not_answered", "callback", "call back",
            "chasing", "acknowledged", "automatic reply", "slow", "picks up", "under review", "shortly",
            "still waiting", "wait*", "not_one reply", "unanswered", "nobody answers", "nobody rang", "nobody called", "no one", "hear back", "no word", "got back", "writes back", "rang back", "respond*", "chased", "auto-reply", "days for", "weeks and", "ignored", "since march", "since the"]),
        "advice_words": TriageLexicon([
            "recommend*", "suggest*", "advi*", "which", "better", "best", "worth", "suitable", "suit", "choose",
            "choosing", "pick", "difference", "should i", "would you", "for a", "beginner",
            "looking for", "enough", "or a", "family of", "recommendation*", "advice", "opinion", "which one", "what kind", "what type", "which model", "which size", "what size", "compare", "comparison", "versus", "vs", "go for", "would you go", "would you pick", "is it worth", "sensible", "wiser", "ideal", "right for", "good for", "good choice", "first time", "on a budget", "thinking of buying", "planning to buy", "considering", "deciding", "torn between", "pros and cons", "make more sense", "more practical", "what would you", "do you think", "which would"]),
        "how_to_words": TriageLexicon([
            "how do i", "how can i", "how to", "where do i", "setting*", "set up", "setup", "reset",
            "connect", "pair*", "install", "installing", "update", "firmware", "app", "button", "manual", "instructions", "mode",
            "turn off", "turn on", "switch", "use", "used", "clean", "display", "assemble", "find my",
            "way to", "option", "how often", "how does", "how do you", "where can i", "where is the", "where in", "is there a way", "can i set", "configure", "program*", "timer", "login", "password", "two factor", "notification*", "profile", "portal", "export", "sync*", "bluetooth", "wifi", "wi fi", "light", "blinking", "flashing", "what does", "mean", "means", "step", "steps", "menu", "screen", "remote", "volume", "language", "feature", "enable", "disable", "activate", "attach", "adjust", "record", "upload", "in the app", "on the app", "account settings", "change the", "turn it", "switch it", "get it to", "make it", "work out how", "figure out"]),
        "tracking_words": TriageLexicon([
            "order", "order number", "tracking", "track*", "parcel", "package", "deliver*", "dispatch*", "ship*",
            "courier", "transit", "arrive*", "when will", "where is", "wheres", "pickup point", "status", "on its way", "received", "eta", "estimate*", "posted", "sent out", "left the warehouse", "warehouse", "depot", "sorting", "carrier", "van", "locker", "click and collect", "ready to pick up", "ready for collection", "stuck", "label created", "awaiting", "processing", "not_arrived", "not_received", "not_here", "when should i expect", "which day", "time slot", "rebook", "attempt*", "signed for", "tracking number", "consignment", "shipment", "order status", "expected", "due to arrive", "still coming", "whereabouts"]),
        "return_words": TriageLexicon([
            "return*", "refund*", "money back", "exchange", "swap", "send back", "send it back",
            "store credit", "cancel*", "pick up", "policy", "deposit back", "changed my mind",
            "doesnt fit", "not_fit", "give back", "bring it back", "take it back", "return label", "returns form", "returns", "reimburs*", "repay*", "paid back", "credit note", "voucher", "exchange for", "different size", "unused", "unopened", "original packaging", "within 30 days", "cooling off", "withdrawal", "gift receipt", "cancellation", "collect it", "rma", "back to the store", "back to a branch", "unwanted"]),
        "maintenance_words": TriageLexicon([
            "servic*", "maintenance", "maintain", "inspect*", "check", "tune-up", "annual",
            "yearly", "filter*", "descal*", "sharpen*", "clean*", "spare", "replacement", "due", "book", "book in",
            "schedule", "engineer", "technician", "heating", "boiler", "heat pump", "plan", "send a technician", "upkeep", "routine", "scheduled", "service visit", "check up", "checkup", "overhaul", "recalibrat*", "calibrat*", "lubricat*", "oil change", "tyre*", "mot", "wear", "worn", "consumable*", "cartridge*", "refill*", "toner", "belt", "blade*", "brush*", "battery replacement", "replace the", "parts", "spare part*", "kit", "every year", "once a year", "six monthly", "twice a year", "before winter", "before the winter", "before summer", "winteris*", "winteriz*", "due for", "is due", "overdue", "warranty service", "service plan", "care plan", "maintenance contract", "deep clean", "gutters", "chimney", "sweep", "flue", "ducts", "firmware update", "safety check", "km service", "mile service", "hours service"]),
        // An outage: a service is down for the customer (often for everyone around them) right now.
        "outage_words": TriageLexicon([
            "outage", "down", "offline", "blackout", "no signal", "no connection", "no internet", "no dial tone",
            "no network", "no power", "no electricity", "no hot water", "no heating", "not_connect*", "not_load*",
            "unreachable", "timeout", "server", "servers", "network", "dead", "cutting out", "cut out", "stopped",
            "failing", "failed", "crashed", "nothing works", "nothing loads", "nobody", "none of", "everyone",
            "all our", "whole", "entire", "street", "area", "region", "neighbourhood", "building", "since this morning",
            "since last night", "since yesterday", "since midnight", "since the", "log in", "cant take", "cant pay",
            "cant log", "cant make", "cant receive", "customers cant"]),
        "payment_words": TriageLexicon([
            "pay", "paying", "payment*", "paypal", "card", "cards", "credit card", "debit", "direct debit", "invoice*",
            "receipt*", "vat", "instalment*", "installment*", "billing", "bill", "bank transfer", "cash",
            "gift card", "gift cards", "deposit", "currency", "apple pay", "charged", "declined", "pay by", "pay with", "pay for", "pay in", "payment method*", "finance", "financing", "interest free", "monthly payment*", "quarterly", "billing date", "due date", "statement", "balance", "outstanding", "iban", "sort code", "bank account", "reference", "standing order", "google pay", "klarna", "mastercard", "visa", "amex", "purchase order", "tax receipt", "billing address", "invoice address", "made out", "split the payment", "partial payment", "pay later", "on arrival", "cheque", "prepay*", "top up", "direct debits", "premium", "charged in"]),
        "praise_words": TriageLexicon([
            "thank*", "great", "brilliant", "fantastic", "wonderful", "excellent", "superb", "perfect*", "love",
            "impressed", "stars", "happy", "grateful", "compliments", "smooth*", "friendly",
            "kind", "helpful", "above and beyond", "well done", "spotless", "just wanted to say",
            "quick note", "pass on", "amazing", "outstanding", "lovely", "delighted", "pleased", "appreciat*", "kudos", "shout out", "five stars", "5 stars", "made my day", "so helpful", "very helpful", "professional", "patient", "polite", "courteous", "efficient", "prompt", "thoughtful", "pleasure", "a credit to", "couldnt be happier", "top notch", "exceeded", "well packed", "beautifully", "like new", "thrilled", "glad", "best purchase", "highly recommend", "keep it up", "nice work", "good job", "great job"]),
    ]
}
