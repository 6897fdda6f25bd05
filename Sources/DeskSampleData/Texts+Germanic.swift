// Hand-written sample material: English, German, Dutch and Swedish.

extension LanguageTexts {
    static let english = LanguageTexts(
        .english,
        greetings: ["Hello,", "Hi,", "Dear Data Protection Officer,", "To whom it may concern,"],
        objections: [
            "I object under Article 21 GDPR to the processing of my posts, photos and comments for training AI models.",
            "I am exercising my right to object to my personal data being used to train your generative AI.",
            "Please exclude my account and everything I have ever posted from any AI training, now and in the future.",
            "I do not accept \"legitimate interest\" as a basis for feeding my content into your models, and I object.",
        ],
        situations: [
            "I'm a freelance illustrator and my whole portfolio is on my profile. I never agreed to my drawings being used to train an image generator that can now imitate my style for free. My commissions have already dropped since these tools appeared.",
            "Years ago I posted in a support group about my cancer treatment. Those posts describe my diagnosis, my medication and how I felt during chemo. That is health data, and I do not want it inside a model that anyone can query.",
            "I'm a journalist and some of my older posts refer to sources indirectly. A model trained on them could help someone work out who talked to me. I can't take that risk.",
            "My account has hundreds of photos of my two kids, from the day they were born until now. They are far too young to agree to anything, and I don't want their faces in a training set.",
            "I wrote publicly about leaving an abusive relationship, to help other people in the same situation. Having a chatbot repeat those details, maybe next to my name, would put me in danger again.",
            "I write poetry and short fiction and share drafts here before they are published. My work is protected by copyright and its value depends on it being mine.",
            "I manage my late mother's account as well as my own. I know the GDPR may not cover her, but I am asking anyway: she would have hated this. For my own account, this is a formal objection.",
            "I'm a primary school teacher. I've posted about classroom projects over the years, always anonymised, but the photos still show children's hands, drawings and sometimes their handwriting.",
            "I run a small bakery and this is our shop account, but most posts show me and my staff. Please treat the whole account as personal data and exclude it.",
            "My older posts use my deadname. I'm trans, and a model that repeats those posts or links them to who I am now could out me to people I have never told.",
            "I'm a nurse and I've vented here about very hard shifts. No patient is named, but colleagues could recognise the situations. That is not something I want reproduced by an AI.",
            "I'm a union rep and my posts include details of disputes and of members' situations. They were written for a specific audience at a specific time, not to become training data.",
            "I'm a freelance translator; my public threads show my working method and sample translations. An AI trained on them competes directly with me for the same clients.",
        ],
        closings: ["Thank you.", "Kind regards,", "Best,", "Please confirm in writing.\nRegards,"],
        oneLiners: [
            "Don't train AI on my posts. Thanks.",
            "no AI training on my art please 🙏🎨",
            "I object. Please confirm by email.",
            "Same as my partner's request – please exclude my account too.",
            "Please stop using my photos for AI 🚫🤖",
        ],
        followUps: [
            "I already sent this objection two weeks ago and have heard nothing back. You have one month to answer. Please confirm that my account is excluded.",
            "Second request. My first one was sent from my phone and I'm not sure it went through.",
            "Adding my second account, which uses the same email address: please exclude both.",
        ],
        givenNames: [
            "f:Emma", "m:Oliver", "f:Sarah", "m:James", "f:Aoife", "m:Liam", "f:Chloe", "m:Daniel",
            "f:Priya", "m:Tom", "f:Niamh", "m:Andrei", "f:Ioana", "m:Tomáš/tomas", "f:Zsófia/zsofia",
            "f:Petra", "m:Jonas", "m:Mihai", "f:Lina", "m:Eero",
        ],
        familyNames: [
            "Murphy", "Walsh", "Smith", "Taylor", "Byrne", "Patel", "Popescu", "Novák/novak",
            "Horváth/horvath", "Jensen", "Ionescu", "Nagy", "Tamm", "Virtanen", "Borg", "Kelly",
        ],
        mailDomains: ["mail.example", "inbox.example", "fastmail.example", "proton.example"]
    )

    static let german = LanguageTexts(
        .german,
        greetings: ["Sehr geehrte Damen und Herren,", "Hallo,", "Guten Tag,", "Liebes Support-Team,"],
        objections: [
            "Hiermit widerspreche ich gemäß Art. 21 DSGVO der Verwendung meiner Beiträge, Fotos und Kommentare für das Training Ihrer KI-Modelle.",
            "Ich widerspreche der Nutzung meiner personenbezogenen Daten zum Training künstlicher Intelligenz.",
            "Ich möchte nicht, dass meine Inhalte für KI-Training verwendet werden, und lege dagegen Widerspruch ein.",
        ],
        situations: [
            "Ich bin Krankenpfleger und habe in Fachgruppen über belastende Situationen aus dem Stationsalltag geschrieben. Auch wenn keine Namen fallen, gehören diese Texte nicht in ein Sprachmodell.",
            "Als Grafikdesignerin lebe ich von meinem Stil. Dass ein Generator künftig Bilder „in meinem Stil“ erzeugen kann, gefährdet meine Existenz.",
            "Auf meinem Profil sind viele Bilder meiner Tochter. Sie ist zwölf und hat dem nie zugestimmt – ich auch nicht.",
            "Ich war früher kommunalpolitisch aktiv und möchte nicht, dass eine KI alte Beiträge wieder hervorholt und mir zuordnet.",
            "Ich habe in einem Forum offen über meine Privatinsolvenz geschrieben, um anderen Mut zu machen. Diese Informationen sollen nicht in einem Modell landen, das jeder befragen kann.",
            "Ich bin Hebamme und beantworte hier oft Fragen von Schwangeren. Vieles davon ist sehr persönlich, auch wenn es öffentlich sichtbar ist.",
            "Meine Fotos zeigen überwiegend meine Nachbarschaft und die Menschen darin. Diese Leute haben nie zugestimmt, in einem Trainingsdatensatz zu landen.",
        ],
        closings: [
            "Mit freundlichen Grüßen", "Viele Grüße", "Danke!",
            "Bitte bestätigen Sie mir den Eingang schriftlich.\nMit freundlichen Grüßen",
        ],
        oneLiners: [
            "Kein KI-Training mit meinen Daten!",
            "Bitte meine Beiträge vom KI-Training ausschließen. Danke!",
            "Widerspruch nach Art. 21 DSGVO.",
        ],
        followUps: [
            "Ich habe bereits vor zwei Wochen widersprochen und noch keine Antwort erhalten. Bitte bestätigen Sie den Widerspruch.",
            "Nachtrag zu meinem ersten Antrag: Es geht auch um mein zweites Konto mit derselben E-Mail-Adresse.",
        ],
        givenNames: [
            "m:Jürgen/juergen", "f:Anna", "m:Lukas", "f:Sophie", "m:Maximilian", "f:Lea", "m:Jörg/joerg",
            "f:Katrin", "m:Florian", "f:Sabine", "m:Tobias", "f:Ayşe/ayse", "f:Jana", "m:Felix", "f:Heike",
        ],
        familyNames: [
            "Müller/mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann",
            "Schäfer/schaefer", "Koch", "Yılmaz/yilmaz", "Wagner", "Krüger/krueger", "Neumann", "Huber", "Gruber",
        ],
        mailDomains: ["gmx.example", "web.example", "posteo.example", "t-online.example"]
    )

    static let dutch = LanguageTexts(
        .dutch,
        greetings: ["Beste,", "Geachte heer/mevrouw,", "Hallo,"],
        objections: [
            "Op grond van artikel 21 AVG maak ik bezwaar tegen het gebruik van mijn berichten en foto's voor het trainen van jullie AI-modellen.",
            "Ik maak bezwaar tegen de verwerking van mijn persoonsgegevens voor AI-training.",
            "Ik wil niet dat mijn content wordt gebruikt om kunstmatige intelligentie te trainen.",
        ],
        situations: [
            "Ik ben huisarts en heb in de loop der jaren in openbare draadjes vragen van mensen beantwoord. Ook al noem ik nooit namen, dit hoort niet in een taalmodel.",
            "Mijn profiel staat vol met foto's van mijn zoontje. Hij is vier en kan hier zelf niets over zeggen.",
            "Ik maak keramiek en verkoop via dit account; mijn ontwerpen zijn mijn inkomen. Een AI die ze namaakt, kost mij klanten.",
            "Ik ben klokkenluider geweest bij een gemeente. Mijn oude berichten daarover wil ik niet terugzien in de antwoorden van een chatbot.",
            "Ik heb hier openlijk geschreven over mijn burn-out en mijn re-integratie. Dat zijn gezondheidsgegevens.",
        ],
        closings: ["Met vriendelijke groet,", "Groet,", "Alvast bedankt."],
        oneLiners: ["Geen AI-training met mijn foto's aub.", "Bezwaar! Graag bevestiging per mail."],
        followUps: [
            "Ik heb dit al eerder ingediend maar nooit een bevestiging gekregen. Graag alsnog een reactie binnen de wettelijke termijn.",
        ],
        givenNames: [
            "f:Sanne", "m:Daan", "f:Femke", "m:Bram", "f:Lotte", "m:Jeroen", "f:Ilse", "m:Sem",
            "f:Noor", "m:Pieter", "f:Fatima", "m:Thijs",
        ],
        familyNames: [
            "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
            "Mulder", "Peeters", "Janssens", "El Amrani", "Claes",
        ],
        mailDomains: ["ziggo.example", "kpnmail.example", "telenet.example", "mail.example"]
    )

    static let swedish = LanguageTexts(
        .swedish,
        greetings: ["Hej!", "Hej,", "Hej hej,"],
        objections: [
            "Jag invänder enligt artikel 21 i GDPR mot att mina inlägg och bilder används för att träna era AI-modeller.",
            "Jag motsätter mig att mina personuppgifter används för AI-träning.",
            "Ta bort mitt konto från all träning av artificiell intelligens, tack.",
        ],
        situations: [
            "Jag är konstnär och min profil är min portfolio. Att en bildgenerator tränas på mina målningar är inte okej.",
            "Jag har skrivit öppet om min utmattningsdepression. Det är känsliga uppgifter om min hälsa.",
            "Det finns många bilder på mina barnbarn på mitt konto, och deras föräldrar har inte gett sitt samtycke till något sådant.",
            "Jag är journalist på en lokaltidning och måste kunna skydda mina källor, även i gamla trådar.",
            "Jag har delat joik och berättelser från min samiska familj. De tillhör inte er, och inte heller en maskin.",
        ],
        closings: ["Vänliga hälsningar", "Tack på förhand!", "Mvh"],
        oneLiners: ["Nej till AI-träning på mina bilder.", "Ingen AI-träning tack 🙂"],
        followUps: ["Jag skickade detta redan för tre veckor sedan men har inte fått något svar. Vänligen bekräfta."],
        givenNames: [
            "m:Erik", "f:Astrid", "m:Björn/bjorn", "f:Linnéa/linnea", "m:Oskar", "f:Elsa", "f:Åsa/asa",
            "m:Johan", "f:Maja", "m:Nils",
        ],
        familyNames: [
            "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Lindqvist", "Öberg/oberg",
            "Sjöberg/sjoberg", "Berg", "Åkesson/akesson",
        ],
        mailDomains: ["telia.example", "bredband.example", "mail.example"]
    )
}
