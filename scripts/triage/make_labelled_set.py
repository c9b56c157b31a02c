#!/usr/bin/env python3
"""Writes the triage labelled set (Tests/RapportCoreTests/Fixtures/triage/{train,heldout}.jsonl).

Every message is assembled from hand-written customer sentences; each sentence carries the labels it
expresses (a style fragment expresses its style, a core sentence its kind and category or topic, a
tone fragment its sentiment or urgency), so a message's labels are the union of what went into it.
The split is stratified by kind/category/topic (3 in 10 messages of each go to heldout) and every
sentence list is partitioned too: every third sentence is only ever used in held-out messages, so the
held-out part is made of sentences the model never saw in training. Nobody tunes against heldout.
"""
import json, random, os, sys

random.seed(20261201)

PRODUCTS = ["the garden hose reel", "my Galaxy phone", "the 65\" TV", "the robot vacuum", "the patio set",
            "the router", "the lawn mower", "the coffee machine", "my SIM card", "the hotel booking",
            "the flight to Lisbon", "the sofa", "the wireless earbuds", "the barbecue grill", "the fibre modem",
            "the laptop", "the dishwasher", "the car rental", "the electric drill", "the raised garden bed"]

# Core sentences: (kind, category, topic, sentiment, [texts]); {p} is a product.
CORES = [
 ("complaint", "product_defect", None, "negative", [
   "{p} stopped working after two weeks, it just wont turn on anymore.",
   "The screen on {p} has a dead line of pixels right across the middle and it is brand new.",
   "{p} arrived with a cracked housing and it leaks water everywhere.",
   "after the last update {p} keeps rebooting every ten minutes, its broken",
   "The handle of {p} snapped off the first time I used it. Cheap plastic.",
   "{p} makes a horrible grinding noise and then shuts off. Defective unit clearly.",
   "Battery of {p} dies in 40 minutes, it is supposed to last 8 hours. Faulty.",
   "One of the legs on {p} was bent out of the box and the screws dont fit the holes.",
   "{p} overheats so much I can't touch it, something is wrong with it.",
   "The charging port on {p} is loose and it only charges if I hold the cable at an angle."]),
 ("complaint", "service_failure", None, "negative", [
   "Your technician was supposed to come between 8 and 12 and nobody showed up, I took a day off for this.",
   "I was charged twice for {p} and the second payment still hasnt been reversed.",
   "The delivery driver left {p} in the rain outside the gate instead of at the door as I asked.",
   "My internet has been cut off since Monday although I paid the bill on time.",
   "We arrived at the hotel and they had no record of our booking, we had to find another room at midnight.",
   "You cancelled my order for {p} without telling me, I only found out when I called.",
   "The installer left without connecting {p} and took the old one away, now I have nothing.",
   "My number was ported to the wrong account and now I can't make calls.",
   "The rental desk gave our car to someone else even though we had prepaid.",
   "I returned {p} a month ago, you confirmed receipt, and the refund still has not arrived."]),
 ("complaint", "over_promise", None, "negative", [
   "The salesman promised {p} would be delivered in 2 days, its been 12.",
   "I was told on the phone the upgrade would be free and now I see 49 euros on my bill.",
   "Your agent promised me a call back within 24 hours. That was last week.",
   "The store said {p} would be installed for free with the purchase, now installation costs 89.",
   "I was promised a full refund if the hotel didn't suit us and now you only offer a voucher.",
   "They told me in the shop the 5 year warranty covers accidental damage. Now it apparently doesnt.",
   "You said my new contract would have no setup fee. There is a setup fee.",
   "The chat agent guaranteed the replacement would ship the same day, nothing has shipped."]),
 ("complaint", "misleading_marketing", None, "negative", [
   "Your ad says unlimited data but after 20GB the speed drops to almost nothing. That is not unlimited.",
   "The website shows {p} as waterproof but the manual says only splash resistant.",
   "The photo on the site showed a sea view room, we got a view of the car park.",
   "The ad said 50% off {p} but the 'original' price was raised the week before. Thats misleading.",
   "The listing said the set includes cushions. No cushions in the box.",
   "Advertised as 'free shipping' and then a 'handling fee' of 12.99 appears at checkout.",
   "The box says 4K but the TV only shows 1080p from every input, this is false advertising.",
   "Your newsletter said the offer was valid until Sunday and on Saturday it was gone."]),
 ("complaint", "customer_error", None, "negative", [
   "I ordered the wrong size by mistake and now you say I cant exchange it, thats ridiculous.",
   "I typed my address wrong and the parcel went back, why do I have to pay shipping again?",
   "I booked the flight for the wrong date by accident and you want 150 to change it?? come on.",
   "I accidentally deleted my account and lost all my loyalty points, can't you just restore them?",
   "I put the wrong fuel in the mower, my fault I know, but surely the warranty should cover the repair.",
   "My son ordered {p} on my card without asking and you refuse to cancel it. Not ok.",
   "I forgot to cancel the trial and got charged for a full year, that's not fair."]),
 ("complaint", "product_dissatisfaction", None, "negative", [
   "{p} works but honestly it is much smaller than I expected, I'm disappointed.",
   "The colour of the sofa looks nothing like on my screen, it is more brown than grey. Not happy.",
   "The sound on {p} is flat and tinny. For this price I expected better.",
   "The hotel was clean but very noisy and the breakfast was poor. Not what we hoped for.",
   "{p} does the job but it is so loud I cant use it in the evening.",
   "The app that comes with {p} is clunky and slow, I regret buying it.",
   "Honestly the quality of {p} is just meh. Feels cheap."]),
 ("complaint", "rudeness", None, "negative", [
   "The agent I spoke to this morning was extremely rude and hung up on me.",
   "Your delivery guy swore at me because I asked him to carry the box upstairs.",
   "The lady at the check-in desk rolled her eyes and laughed at my question. Very unprofessional.",
   "I was spoken to like an idiot by the guy in your store when I asked about {p}.",
   "Your support person told me to 'read the manual' and closed the chat. Unacceptable attitude.",
   "The manager shouted at my wife in front of other customers."]),
 ("complaint", "discrimination", None, "negative", [
   "I was refused the contract because of my foreign name, the agent literally said so.",
   "The staff followed me around the store the whole time and not the other customers. It felt like it was because of my skin colour.",
   "You refused to let my guide dog into the shop. That is discrimination.",
   "My wheelchair could not get into the store and the staff said 'not our problem'.",
   "The hotel gave the upgraded room to the younger couple and told us old people wouldnt appreciate it.",
   "Because my English is not perfect the agent refused to help me and said to come back with a translator."]),
 ("complaint", "price_exploitation", None, "negative", [
   "You charge 39 euros for a replacement filter that costs 8 everywhere else. Daylight robbery.",
   "The price of {p} went up 30% in a week, only because it is summer. Shameful.",
   "The roaming charges on my bill are insane, 240 euros for three days.",
   "Why does the same flight cost double when I search again from the same computer??",
   "12 euros 'service fee' for changing a seat is a rip-off.",
   "My monthly fee went up again without any new features, this is the third increase this year."]),
 ("complaint", "slow_response", None, "negative", [
   "I have been waiting 9 days for an answer to my email.",
   "I've been on hold for 45 minutes, nobody picks up.",
   "Nobody replied to my message about {p} from last week.",
   "Your chat says 'an agent will be with you shortly' for an hour now.",
   "I opened a ticket three weeks ago and still no reply at all.",
   "Still waiting for someone to get back to me about my refund request from the 3rd."]),
 ("question", None, "advice", "neutral", [
   "Which lawn mower would you recommend for a garden of about 600 m2 with a slope?",
   "I'm looking for a router that covers a three floor house, what would you suggest?",
   "What is the difference between the two robot vacuums on your site, the S5 and the S7?",
   "Is {p} suitable for a small balcony or is it too big?",
   "Which plan would be better for a family of four who stream a lot?",
   "Can you recommend a hotel near the old town that is quiet at night?",
   "Would the 55\" or the 65\" TV be better for a room 3 metres wide?",
   "Which drill do I need for concrete walls, is the 18V one strong enough?",
   "What soil should I use for the raised garden bed, for vegetables?"]),
 ("question", None, "usage_question", "neutral", [
   "How do I reset {p} to factory settings?",
   "How can I connect {p} to my wifi, the app doesn't find it.",
   "Where do I change the language on {p}, it's in German.",
   "How do I set up voicemail on my new SIM?",
   "Can I use {p} with a 110V socket when travelling?",
   "How do I check in online for my flight, I can't find the button.",
   "The manual doesn't say how often I should descale the coffee machine, how often?",
   "How do I pair the second earbud, only the left one connects.",
   "How do I schedule the robot vacuum to clean while I'm at work?"]),
 ("question", None, "order_tracking", "neutral", [
   "Where is my order? The tracking hasn't moved since Tuesday. Order 48213.",
   "Can you tell me when {p} will be delivered? Order number 77120.",
   "The tracking says delivered but there's nothing here, order 55102.",
   "Has my order shipped yet? I ordered {p} on Friday.",
   "My parcel is stuck 'in transit' for 6 days, what's going on with it?",
   "When will my new SIM card arrive? I ordered it a week ago.",
   "Can I get the tracking number for order 90311 please?",
   "Is it possible to know the delivery time slot for {p}?"]),
 ("request", None, "return_refund", "neutral", [
   "I would like to return {p}, it's unused and still in the box. How do I do that?",
   "Please refund my booking, we have to cancel the trip for family reasons.",
   "I want to send back {p} and get my money back.",
   "Can I exchange {p} for the bigger model?",
   "Please cancel my order and refund the payment, I found it elsewhere.",
   "I'd like a return label for order 61920, the size doesn't fit.",
   "How long does a refund take to show on my card after you receive the return?",
   "Can I return {p} to the store instead of posting it?"]),
 ("request", None, "maintenance", "neutral", [
   "I'd like to book the yearly service for {p}.",
   "Can someone come and clean the filters of the air conditioner? It's due for maintenance.",
   "The blades of the lawn mower need sharpening, do you offer that?",
   "Please schedule a technician to check the fibre box, the light blinks orange sometimes.",
   "Do you do winter storage and servicing for garden machines?",
   "I need a replacement filter and a descaling kit for {p}.",
   "Can I book a battery replacement for {p}? It's 3 years old."]),
 ("question", None, "payment", "neutral", [
   "Can I pay for {p} in instalments?",
   "Which payment methods do you accept? Is PayPal possible?",
   "My card was declined at checkout but I have money on it, why?",
   "Can I get an invoice with my company's VAT number for order 33018?",
   "I'd like to change the card for my monthly direct debit.",
   "Is it possible to pay the hotel on arrival instead of now?",
   "When is the bill for this month going to be charged?",
   "Can I use two gift cards on one order?"]),
 ("feedback", None, "praise", "positive", [
   "I just wanted to say the delivery team was fantastic, they even took the packaging away.",
   "{p} is brilliant, works perfectly, thank you!",
   "Thanks to Maria in support who sorted out my bill in five minutes, great service.",
   "The hotel you recommended was perfect, we had a wonderful time.",
   "Really happy with {p}, best purchase this year.",
   "Your technician was so friendly and explained everything, please pass on my thanks.",
   "Great experience as always, quick delivery and well packed.",
   "Love the new app, much easier to pay my bill now."]),
 ("incident", None, "maintenance", "negative", [
   "Internet is down in the whole street since this morning, is there an outage?",
   "The fibre box shows a red light and nothing works, I work from home.",
   "No mobile signal at all since yesterday evening in my area.",
   "The heat pump you installed has stopped heating and shows error E7.",
   "Water is coming out under the dishwasher you installed last month.",
   "The TV box shows 'no signal' on every channel since the storm."]),
]

# Style fragments: each expresses one style.
STYLES = {
 "decision_maker": [
   "I've decided: send me the replacement, no need to call.",
   "Just tell me the options and I'll pick one today.",
   "Go ahead and cancel it, decision made.",
   "I want it fixed, here's what I want you to do: replace it and ship it to my office.",
   "Bottom line, I'll take the refund.",
   "No need to discuss, just do the exchange.",
   "Book it for Tuesday morning, that works for me."],
 "analytical": [
   "I compared the spec sheet: it lists 2200 W and 65 dB, but I measured 72 dB at 1 m.",
   "Could you send me the exact specifications, power consumption in kWh per year and dimensions in cm?",
   "According to your own terms, section 4.2, the warranty is 24 months from delivery, not from order.",
   "I logged the speed test 5 times: 12.4, 11.8, 13.1, 12.0 and 12.6 Mbps, versus 100 Mbps in the contract.",
   "Please provide the data: what is the failure rate of this model and the average repair time?",
   "I've made a table comparing the three models by price per litre of capacity.",
   "Can you confirm the measurements: 182 x 96 x 78 cm, and the weight in kg?"],
 "indecisive": [
   "I'm not sure whether to keep it or send it back, what do you think?",
   "Maybe the blue one, or maybe the grey... I really can't decide.",
   "I keep changing my mind, sorry, maybe I should wait a bit?",
   "I don't know, perhaps the bigger one would be better, or perhaps not.",
   "Should I go for the repair or the replacement? Both have pros and cons, I'm torn.",
   "On the other hand maybe I don't need it at all, hmm."],
 "bargain_hunter": [
   "Is there any discount or coupon code available? I saw it cheaper on another site.",
   "Do you price match? The same thing is 20 euros less at the store down the road.",
   "Any chance of a deal if I buy two?",
   "I'll wait for Black Friday unless you can give me a better price now.",
   "Is there a student discount or a loyalty voucher I can use?",
   "Could you throw in free delivery at least?",
   "Is there a cheaper refurbished version?"],
 "high_maintenance": [
   "This is the fourth time I'm writing about this.",
   "I already explained all of this to three of your colleagues.",
   "I called yesterday and the day before, and I'm writing again now.",
   "I need you to confirm every step by email and call me after each one.",
   "Again, for the third time, please read my previous messages.",
   "I will keep contacting you every day until this is resolved."],
 "loyalist": [
   "I've been a customer for over 10 years and always recommended you.",
   "We've bought all our appliances from you since 2012.",
   "I always shop with you, I wouldn't go anywhere else.",
   "As a long-time member of your loyalty club,",
   "I've been with you since the beginning and I'd like to stay.",
   "My whole family has been with your network for years."],
 "impatient": [
   "I need this sorted TODAY.",
   "Answer ASAP please, I can't wait any longer.",
   "Hurry up please!!",
   "I need an answer within the hour.",
   "Right now please, not tomorrow.",
   "Quickly please, I'm leaving for the airport in two hours!",
   "How long does this take?? I need it now!"],
 "skeptic": [
   "Frankly I don't believe it will be fixed this time.",
   "Last time you promised the same thing, so forgive me if I'm doubtful.",
   "How do I know this isn't just another excuse?",
   "I'd like that in writing, I don't trust verbal promises anymore.",
   "Is that really true? Sounds too good to be true.",
   "I doubt the reviews on your site are genuine."],
 "chatty": [
   "Hi there! Hope you're having a lovely day, the weather here is finally sunny.",
   "By the way, my grandson helped me set up the account, he's studying computer science, so clever.",
   "We just came back from holiday in Crete, it was wonderful, anyway,",
   "Oh and my neighbour Helga says hello, she bought the same thing last year haha.",
   "Sorry for the long message, I do tend to ramble, my husband always says so!",
   "Anyway enough about me and my garden, the roses are doing great this year by the way."],
 "demanding": [
   "I expect a full refund and compensation for my time.",
   "I demand to speak to a manager immediately.",
   "You will replace it at your cost and I expect a written apology.",
   "I insist on a technician visit this week, not next week.",
   "I want a senior person to handle this, not a junior agent.",
   "This must be resolved on my terms or I will take it further."],
 "confused": [
   "I don't understand what I'm supposed to do, the instructions make no sense to me.",
   "Sorry I'm confused, is it the code on the box or the one in the email?",
   "I'm lost, which button do I press? there are three and none of them says start.",
   "I don't get it, my account says one thing and the app says another?",
   "What does 'pending authorisation' mean? Did I pay or not?",
   "I'm not good with these things, which cable goes where?"],
}

URGENCY_HIGH = ["It's urgent.", "URGENT: I'm leaving tomorrow.", "This is an emergency, I have guests tonight.",
                "Need this before Friday at the latest, it's important."]
URGENCY_LOW = ["No rush at all.", "Whenever you have time.", "It's not urgent, just curious.", "Take your time."]
POSITIVE_TONE = ["Thanks a lot, you're always so helpful!", "Really appreciate it, great service as always.",
                 "Thank you so much, love your shop :)"]
GREETINGS = ["Hi,", "Hello,", "Good morning,", "Dear team,", "hey", "Hi there,", "", "", "", ""]
SIGNOFFS = ["Thanks", "Regards, Jan", "Best, Priya", "Kind regards\nMrs. Okafor", "thx", "", "", "Cheers, Tom",
            "Greetings from Porto, Ana", "Mfg, Dieter", ""]

def typo(text):
    words = text.split(" ")
    if len(words) < 4:
        return text
    i = random.randrange(len(words))
    w = words[i]
    if len(w) > 4 and w.isalpha():
        j = random.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)

def pool(items, held):
    chosen = [t for i, t in enumerate(items) if (i % 3 == 2) == held]
    return chosen or items

def make(core, styles, urgency_bias, positive, one_liner, held):
    kind, category, topic, sentiment, texts = core
    body = random.choice(pool(texts, held)).replace("{p}", random.choice(PRODUCTS))
    body = body[0].upper() + body[1:] if random.random() < 0.8 else body
    parts = [body]
    urgency = "normal"
    for s in styles:
        fragment = random.choice(pool(STYLES[s], held))
        if s in ("chatty", "loyalist"):
            parts.insert(0, fragment)
        else:
            parts.append(fragment)
    if "impatient" in styles or "demanding" in styles:
        urgency = "high"
    if urgency_bias == "high":
        parts.append(random.choice(pool(URGENCY_HIGH, held))); urgency = "high"
    elif urgency_bias == "low" and urgency != "high":
        parts.append(random.choice(pool(URGENCY_LOW, held))); urgency = "low"
    if kind == "incident" and urgency == "normal":
        urgency = "high"
    if positive and sentiment == "neutral":
        parts.append(random.choice(pool(POSITIVE_TONE, held))); sentiment = "positive"
    if not one_liner:
        greeting, signoff = random.choice(GREETINGS), random.choice(SIGNOFFS)
        text = " ".join(p for p in parts)
        if greeting: text = greeting + (" " if random.random() < 0.5 else "\n") + text
        if signoff: text = text + "\n" + signoff
    else:
        text = " ".join(parts)
    if random.random() < 0.25: text = typo(text)
    if random.random() < 0.1: text = text.lower()
    return {"text": text, "styles": sorted(styles), "sentiment": sentiment, "urgency": urgency,
            "kind": kind, "category": category, "topic": topic}

STYLE_NAMES = list(STYLES)
records = []
seen = set()
for index in range(560):
    core = CORES[index % len(CORES)]
    roll = random.random()
    if roll < 0.38: styles = []
    elif roll < 0.85: styles = [STYLE_NAMES[(index // len(CORES) + index) % len(STYLE_NAMES)]]
    else: styles = random.sample(STYLE_NAMES, 2)
    if "chatty" in styles and "impatient" in styles: styles.remove("chatty")
    urgency_bias = random.choices(["none", "high", "low"], [0.7, 0.15, 0.15])[0]
    positive = core[3] == "neutral" and random.random() < 0.2 and not ({"skeptic", "demanding", "impatient"} & set(styles))
    one_liner = not styles and random.random() < 0.35
    held = (index // len(CORES)) % 10 in (2, 5, 8)
    record = make(core, styles, urgency_bias, positive, one_liner, held)
    if record["text"] in seen: continue
    seen.add(record["text"]); record["_held"] = held; records.append(record)

train = [r for r in records if not r.pop("_held")]
heldout = [r for r in records if r not in train]
random.shuffle(train); random.shuffle(heldout)

root = os.path.join(os.path.dirname(__file__), "..", "..")
for folder in ["Tests/RapportCoreTests/Fixtures/triage", "Sources/Rapport/Resources/Triage"]:
    os.makedirs(os.path.join(root, folder), exist_ok=True)
def write(path, rows):
    with open(os.path.join(root, path), "w") as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
write("Tests/RapportCoreTests/Fixtures/triage/train.jsonl", train)
write("Tests/RapportCoreTests/Fixtures/triage/heldout.jsonl", heldout)
write("Sources/Rapport/Resources/Triage/train.jsonl", train)
print(len(records), len(train), len(heldout))
