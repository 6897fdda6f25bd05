// Hand-written sample material: Polish and Greek.

extension LanguageTexts {
    static let polish = LanguageTexts(
        .polish,
        greetings: ["Dzień dobry,", "Szanowni Państwo,"],
        objections: [
            "Na podstawie art. 21 RODO wnoszę sprzeciw wobec wykorzystywania moich postów i zdjęć do trenowania modeli sztucznej inteligencji.",
            "Sprzeciwiam się przetwarzaniu moich danych osobowych w celu trenowania AI.",
            "Nie zgadzam się na używanie moich treści do uczenia sztucznej inteligencji.",
        ],
        situations: [
            "Jestem tłumaczką i publikuję tu fragmenty swoich przekładów. To moja praca i źródło utrzymania.",
            "Pisałem na grupie wsparcia o leczeniu uzależnienia. Nie chcę, żeby te wpisy kiedykolwiek odtworzył chatbot.",
            "Na moim profilu są zdjęcia moich dzieci z przedszkola i ze szkoły.",
            "Prowadzę mały warsztat samochodowy i nie zgadzam się, żeby zdjęcia moich klientów i ich tablic rejestracyjnych trafiły do zbioru treningowego.",
            "Jestem lekarką i odpowiadam tu na pytania pacjentów. Nawet anonimowe, te rozmowy nie powinny trafić do modelu językowego.",
        ],
        closings: ["Z poważaniem", "Pozdrawiam", "Proszę o potwierdzenie.\nDziękuję,"],
        oneLiners: ["Nie dla AI na moich zdjęciach!", "Sprzeciw. Proszę o potwierdzenie."],
        followUps: [
            "Wysłałam już ten sprzeciw dwa tygodnie temu i nie dostałam odpowiedzi. Proszę o potwierdzenie w ustawowym terminie.",
        ],
        givenNames: [
            "f:Agnieszka", "m:Piotr", "f:Małgorzata/malgorzata", "m:Krzysztof", "f:Zofia", "m:Łukasz/lukasz",
            "f:Katarzyna", "m:Paweł/pawel", "f:Joanna", "m:Michał/michal", "f:Ewa", "m:Grzegorz",
        ],
        familyNames: [
            "Kowalski|Kowalska", "Nowak", "Wiśniewski/wisniewski|Wiśniewska/wisniewska", "Wójcik/wojcik",
            "Kamiński/kaminski|Kamińska/kaminska", "Lewandowski|Lewandowska", "Mazur", "Woźniak/wozniak",
            "Zieliński/zielinski|Zielińska/zielinska", "Kaczmarek", "Dąbrowski/dabrowski|Dąbrowska/dabrowska",
            "Król/krol",
        ],
        mailDomains: ["wp.example", "onet.example", "o2.example", "interia.example"]
    )

    static let greek = LanguageTexts(
        .greek,
        greetings: ["Καλησπέρα σας,", "Γεια σας,", "Αξιότιμοι κύριοι,"],
        objections: [
            "Σύμφωνα με το άρθρο 21 του ΓΚΠΔ, αντιτίθεμαι στη χρήση των αναρτήσεων και των φωτογραφιών μου για την εκπαίδευση μοντέλων τεχνητής νοημοσύνης.",
            "Αντιτίθεμαι στην επεξεργασία των προσωπικών μου δεδομένων για την εκπαίδευση τεχνητής νοημοσύνης.",
            "Δεν επιθυμώ να χρησιμοποιηθεί το περιεχόμενό μου για την εκπαίδευση AI.",
        ],
        situations: [
            "Είμαι ζωγράφος και ο λογαριασμός μου είναι το πορτφόλιό μου. Δεν θέλω να μάθει μια μηχανή να αντιγράφει τη δουλειά μου.",
            "Έχω γράψει για την ασθένεια του πατέρα μου σε μια ομάδα υποστήριξης. Πρόκειται για ευαίσθητα δεδομένα υγείας.",
            "Στις φωτογραφίες μου εμφανίζονται τα παιδιά μου, που είναι ανήλικα.",
            "Είμαι δημοσιογράφος και οφείλω να προστατεύω τις πηγές μου.",
            "Έχω ένα μικρό ξενοδοχείο στη Νάξο και οι φωτογραφίες μου δείχνουν επισκέπτες που δεν έχουν συναινέσει σε κάτι τέτοιο.",
        ],
        closings: ["Ευχαριστώ.", "Με εκτίμηση,", "Παρακαλώ επιβεβαιώστε τη λήψη.\nΜε εκτίμηση,"],
        oneLiners: ["Όχι στην εκπαίδευση AI με τα δεδομένα μου!", "Αντιτίθεμαι. Ευχαριστώ."],
        followUps: [
            "Έχω ήδη στείλει αυτό το αίτημα πριν από δύο εβδομάδες και δεν έχω λάβει απάντηση. Παρακαλώ επιβεβαιώστε.",
        ],
        givenNames: [
            "m:Γιώργος/giorgos", "f:Μαρία/maria", "m:Νίκος/nikos", "f:Ελένη/eleni", "m:Δημήτρης/dimitris",
            "f:Κατερίνα/katerina", "m:Κώστας/kostas", "f:Σοφία/sofia", "m:Γιάννης/giannis", "f:Αθηνά/athina",
        ],
        familyNames: [
            "Παπαδόπουλος/papadopoulos|Παπαδοπούλου/papadopoulou", "Νικολάου/nikolaou", "Γεωργίου/georgiou",
            "Οικονόμου/oikonomou", "Κωνσταντινίδης/konstantinidis|Κωνσταντινίδου/konstantinidou",
            "Αλεξίου/alexiou", "Μαυρίδης/mavridis|Μαυρίδου/mavridou", "Βλάχος/vlachos|Βλάχου/vlachou",
            "Δημητρίου/dimitriou",
        ],
        mailDomains: ["otenet.example", "forthnet.example", "mail.example"]
    )
}
