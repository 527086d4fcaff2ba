"""Word pools for the demo export. Every name, company and sentence here is made up for meetfirst.

Names carry the quirks seen in real exports: accents, non-Latin scripts, emoji, credentials after a
comma, lower-case names. Each pool entry that needs one has its romanised slug part next to it.
"""

from __future__ import annotations

# (display form, slug form). The slug form is what a profile URL would use; None means "fold the accents".
# fmt: off
FIRST_NAMES: tuple[tuple[str, str | None], ...] = (
    ("Ada", None), ("Ahmed", None), ("Aiko", None), ("Alejandro", None), ("Amara", None),
    ("Anika", None), ("Arjun", None), ("Astrid", None), ("Beatriz", None), ("Bilal", None),
    ("Bruno", None), ("Camille", None), ("Carmen", None), ("Chidi", None), ("Clara", None),
    ("Dalia", None), ("Daniel", None), ("Dario", None), ("Débora", "débora"), ("Dmitri", None),
    ("Elif", None), ("Elena", None), ("Emeka", None), ("Emil", None), ("Esther", None),
    ("Fatima", None), ("Felix", None), ("Femi", None), ("Freya", None), ("Gabriel", None),
    ("Greta", None), ("Hana", None), ("Hamid", None), ("Hiroshi", None), ("Ines", None),
    ("Ingrid", None), ("Isabel", None), ("Ivan", None), ("Jakob", None), ("Jana", None),
    ("Javier", None), ("Jonas", None), ("Júlia", "júlia"), ("Kai", None), ("Kamala", None),
    ("Karim", None), ("Kenji", None), ("Laila", None), ("Lars", None), ("Leila", None),
    ("Leon", None), ("Lina", None), ("Lucas", None), ("Łukasz", None), ("Mai", None),
    ("Malik", None), ("Marco", None), ("Mariam", None), ("Marta", None), ("Mateo", None),
    ("Mei", None), ("Mikael", None), ("Nadia", None), ("Naledi", None), ("Nikos", None),
    ("Noor", None), ("Olga", None), ("Omar", None), ("Oskar", None), ("Pablo", None),
    ("Paula", None), ("Priya", None), ("Rafael", None), ("Rania", None), ("Ravi", None),
    ("Renée", None), ("Rosa", None), ("Sami", None), ("Sanne", None), ("Sara", None),
    ("Sebastián", "sebastián"), ("Selin", None), ("Shreya", None), ("Sofia", None), ("Søren", None),
    ("Tariq", None), ("Thandi", None), ("Theo", None), ("Tomás", None), ("Uma", None),
    ("Valentina", None), ("Viktor", None), ("Wei", None), ("Yara", None), ("Yusuf", None),
    ("Zainab", None), ("Zoë", "zoë"), ("Zofia", None), ("Анна", "anna"), ("Дмитрий", "dmitriy"),
    ("美咲", "misaki"), ("伟", "wei"), ("Σοφία", "sofia"), ("أحمد", "ahmad"), ("jun", None),
)

LAST_NAMES: tuple[tuple[str, str | None], ...] = (
    ("Abara", None), ("Achterberg", None), ("Adeyemi", None), ("Albrecht", None), ("Alves", None),
    ("Andersen", None), ("Arslan", None), ("Baptiste", None), ("Barros", None), ("Bergström", None),
    ("Bianchi", None), ("Brennan", None), ("Campaña", "campaña"), ("Castellanos", None), ("Chaudhry", None),
    ("Chen", None), ("Costa", None), ("Dahl", None), ("Delacroix", None), ("Demir", None),
    ("Dvořák", None), ("Eriksen", None), ("Esposito", None), ("Farouk", None), ("Ferreira", None),
    ("Fischer", None), ("Fontaine", None), ("Gallagher", None), ("García", None), ("Gashi", None),
    ("Haddad", None), ("Halvorsen", None), ("Hartmann", None), ("Horvat", None), ("Ibrahim", None),
    ("Ishikawa", None), ("Jansen", None), ("Jovanović", None), ("Kaplan", None), ("Karimi", None),
    ("Kowalczyk", None), ("Kruger", None), ("Kuznetsova", None), ("Laine", None), ("Lambert", None),
    ("Lindgren", None), ("Lopes", None), ("Mahlangu", None), ("Marchetti", None), ("Mbeki", None),
    ("Mendes", None), ("Moreau", None), ("Murray", None), ("Nakamura", None), ("Nascimento", None),
    ("Nguyen", None), ("Novak", None), ("Nowak", None), ("Obi", None), ("Okafor", None),
    ("Olsen", None), ("Ortiz", None), ("Osei", None), ("Ozturk", None), ("Papadopoulos", None),
    ("Park", None), ("Pereira", None), ("Petrov", None), ("Quintero", None), ("Rahman", None),
    ("Reyes", None), ("Rossi", None), ("Sandoval", None), ("Santos", None), ("Schmidt", None),
    ("Sharma", None), ("Silva", None), ("Sokolova", None), ("Suzuki", None), ("Tanaka", None),
    ("Torres", None), ("Van Dijk", None), ("Varga", None), ("Vasquez", None), ("Virtanen", None),
    ("Wagner", None), ("Walsh", None), ("Weber", None), ("Yamamoto", None), ("Yilmaz", None),
    ("Zhou", None), ("Zielińska", None), ("Ólafsdóttir", None), ("Müller", None), ("Søndergaard", None),
    ("Chavez, MBA", "chavez"), ("Raman, PhD", "raman"), ("Graham 👨\u200d💻", "graham"),
    ("Moreno 🇪🇸", "moreno"), ("Иванова", "ivanova"), ("佐藤", "sato"), ("王", "wang"), ("o'neill", None),
)

COMPANIES: tuple[str, ...] = (
    "Brightloom Labs", "Kestrel Freight", "Harbourline Health", "Quillfield Software", "Tidewater Energy",
    "Oakridge & Vance LLP", "Saltmarsh Studio", "Copperleaf Bank", "Northgate Robotics", "Lumen & Lark",
    "Greyfriars Consulting", "Meridian Bioworks", "Pinecrest Logistics", "Sablewood Media",
    "Tallowmere Foods", "Vantablue Security", "Wrenfield University", "Yellowhammer Ventures",
    "Zephyr Mobility", "Ambergate Retail", "Bluefinch Analytics", "Cinderpath Games",
    "Driftwood Architects", "Emberline Solar", "Foxglove Pharma", "Glasshouse Design",
    "Hollowbrook Insurance", "Ironbark Construction", "Juniper Cloud", "Kelpie Payments",
    "Larkspur Learning", "Mossgrove Hotels", "Nettlefield Agritech", "Orchard Street Capital",
    "Pebblestone Legal", "Quayside Maritime", "Redwing Aerospace", "Silverbirch Telecom",
    "Thornbury Clinic", "Umberfield Textiles", "", "", "",
)

POSITIONS: tuple[str, ...] = (
    "Software Engineer", "Senior Software Engineer", "Engineering Manager", "Product Manager",
    "Product Designer", "Data Scientist", "Data Engineer", "Head of Operations", "Account Executive",
    "Recruiter", "Talent Partner", "Founder", "Co-founder & CTO", "Marketing Lead", "UX Researcher",
    "Site Reliability Engineer", "Security Analyst", "Research Scientist", "Partner", "Associate",
    "Chief Financial Officer", "Customer Success Manager", "Solutions Architect", "Staff Engineer",
    "Teaching Fellow", "PhD Candidate", "Nurse Practitioner", "Logistics Coordinator", "Consultant",
    "Project Manager, Infrastructure", "Freelance Illustrator", "VP Sales, EMEA", "",
)
# fmt: on

# Short messages between the owner and connections. Some hold commas, quotes or emoji; "\n" marks a
# line break that only the 2026 format keeps (older formats flatten it to spaces).
CHAT_LINES: tuple[str, ...] = (
    "Thanks, that helps a lot!",
    "Are you around next week for a quick catch-up?",
    "Sounds good. Tuesday at 10 works for me.",
    "Congrats on the new role! 🎉",
    "Do you have the slides from Thursday's talk?",
    "Sent them over by e-mail, let me know if anything is missing.",
    "Happy to intro you to our platform team, they solved the same problem last year.",
    "I'll be in town for the conference, coffee?",
    "Sorry for the slow reply, it's been a busy month.",
    "That's a great question. Short answer: yes, but it depends on the volume.",
    'We called it "the quiet migration" internally 😄',
    "Let me check with my manager and get back to you.",
    "Hi!\nQuick one: is the offsite still on for the 14th?\nThanks",
    "Thank you for the recommendation, really kind of you.",
    "Here's the repo I mentioned: it's small, but it works.",
    "Can we move our call to Friday?",
    "No worries at all.",
    "Good to hear from you, it's been ages!",
    "I've shared the doc with you, comments welcome.",
    "Looking forward to it.",
    "Hello,\n\nfollowing up on our chat: the budget was approved, so we can start in May.\n\nBest",
    "Ha, I remember that bug. Took us two weeks to find it.",
    "Would you be open to reviewing a draft of our paper?",
    "Yes, please send it, I have time this weekend.",
    "Our team is hiring a data engineer, know anyone good?",
    "I'll ping Leila, she might be interested.",
    "Great meeting you at the workshop yesterday.",
    "Likewise! Let's keep in touch.",
    "Running ten minutes late, sorry.",
    "👍",
)

INMAIL_TITLES: tuple[str, ...] = (
    "Grow your pipeline with Ledgerly",
    "An invitation to our executive roundtable",
)

INMAIL_BODY = (
    '<p class="spinmail-quill-editor__spin-break">Hi {first},</p>'
    '<p class="spinmail-quill-editor__spin-break">Teams like yours close their books three days faster '
    "with Ledgerly. Would you like a 20-minute walkthrough?</p>"
    '<p class="spinmail-quill-editor__spin-break">Best regards, the Ledgerly team</p>'
)

# Invitation notes from ordinary professionals: these must never look bizarre.
PROFESSIONAL_NOTES: tuple[str, ...] = (
    "Hi {first}, I enjoyed your talk on incident reviews at DevDays. Would love to connect.",
    "Hello {first}, we're both in the platform engineering community, happy to connect.",
    "Hi {first}, I read your post on on-call rotations and it matched our experience exactly.",
    "Hi {first},   I'm moving to Rotterdam next month and building my local network in data engineering. ",
    "Hi {first}, fellow Wrenfield alumna here. Would be glad to connect.",
    "Hello {first}, I work on similar problems at Juniper Cloud, thought it'd be good to connect.",
    "Hi {first}, I'm organising a meetup on observability in June, and your name came up twice.",
    "Dear {first}, I'm a PhD candidate researching team health metrics, and your writing on it helped me.",
    "Hi {first}, saw that we share a few connections from Quillfield. Let's connect!",
    "{first}, your answer in the SRE forum saved my weekend, thank you.",
)

# Notes for requesters the owner has talked to before.
KNOWN_NOTES: tuple[str, ...] = (
    "Great chatting at the Rust meetup last week. Let's stay in touch!",
    "",
    "Hi {first}, as promised after our call.",
)

BIZARRE_NOTES: dict[str, str] = {
    "crypto": (
        "Hello, I help busy professionals earn 5x passive income with a BTC arbitrage bot. "
        "Guaranteed returns, zero risk. Message me on WhatsApp to start today!"
    ),
    "romance": (
        "Hello dear, I saw your profile and your kind smile touched my heart. I am a widowed engineer "
        "working offshore and I am looking for an honest friendship, maybe more."
    ),
    "sales": (
        "Hi there, we help B2B teams book 30+ qualified meetings every month on autopilot. "
        "Open to a quick 15-min call this week?"
    ),
    "link": (
        "Free masterclass: how I went from burnout to 10x income in 90 days, guaranteed. "
        "Seats are limited: https://growthvault.example/join?ref=li"
    ),
    "noslug": "I have a lucrative investment opportunity for you in forex. Reply for details, dear.",
}

# Pieces of notes for the mass of generated pending strangers beyond the demo's cast: put together with
# the sender's own job, they are nearly all different, as real notes are.
NOTE_OPENERS: tuple[str, ...] = (
    "Hi {first},",
    "Hello {first},",
    "Dear {first},",
    "Hi {first}!",
    "{first},",
    "Hey,",
)
NOTE_INTROS: tuple[str, ...] = (
    "I'm a {position} at {company}", "I work as a {position} at {company}", "I recently joined {company}",
    "I lead a small team at {company}", "I'm {position} at {company}",
)  # fmt: skip
NOTE_REASONS: tuple[str, ...] = (
    "and I'd like to learn how your team runs on-call.",
    "and we met briefly at the Rotterdam tech meetup.",
    "and I follow your posts on engineering management.",
    "and I'm looking to grow my network in the Netherlands.",
    "and we have a few colleagues in common.",
    "and I'm researching how teams adopt new tooling.",
    "and your talk on code review stayed with me.",
    "and I'm curious about Quillfield's platform work.",
    "and I'm moving into engineering management myself.",
    "and I'm organising a panel on team health this autumn.",
)
NOTE_CLOSERS: tuple[str, ...] = ("", " Thanks!", " Would be glad to connect.", " Best regards.", " Cheers")

OWNER_REPLY = (
    "Hi {first},\n\nThank you for the invitation. I keep my LinkedIn network to people I know personally, "
    "so I don't accept requests from people I haven't met yet. We do seem to move in similar circles, "
    "though, and I'd like to change that. Would you be up for a phone call or a coffee?\n\nBest,\nMaren"
)

ANSWERS: tuple[str, ...] = (
    "Hi Maren, that's a fair policy! A call would be great, does Thursday afternoon work?",
    "Thanks for the honest reply. I'm in Rotterdam on the 12th, coffee near the station?",
    "Happy to! Here's my calendar link, pick whatever suits you.",
)
