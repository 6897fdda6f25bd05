/// The chain-letter objection that circulates on the platform, in the languages people pasted it in.
///
/// Several submitters paste the same text, sometimes with a line of their own before or after it;
/// the desk should recognise them as near-duplicates of one another, not as one person.
enum ViralTexts {
    static let english = "I hereby declare that I do NOT give the platform or any of its partners permission to use my posts, pictures, comments or personal data to train artificial intelligence, now or in the future. This objection is made under Article 21 GDPR. Copying and sharing this message protects you too!"

    static let french = "Je déclare par la présente que je N'AUTORISE PAS la plateforme ni aucun de ses partenaires à utiliser mes publications, photos, commentaires ou données personnelles pour entraîner une intelligence artificielle, aujourd'hui comme à l'avenir. Cette opposition est faite au titre de l'article 21 du RGPD. Copiez et partagez ce message pour vous protéger vous aussi !"

    static let german = "Hiermit erkläre ich, dass ich der Plattform und ihren Partnern NICHT erlaube, meine Beiträge, Bilder, Kommentare oder persönlichen Daten zum Training künstlicher Intelligenz zu verwenden – weder jetzt noch in Zukunft. Dieser Widerspruch erfolgt nach Art. 21 DSGVO. Kopieren und teilen schützt auch dich!"

    static let spanish = "Por la presente declaro que NO doy permiso a la plataforma ni a ninguno de sus socios para utilizar mis publicaciones, fotos, comentarios o datos personales para entrenar inteligencia artificial, ni ahora ni en el futuro. Esta oposición se hace en virtud del artículo 21 del RGPD. ¡Copia y comparte este mensaje para protegerte tú también!"

    static let italian = "Con la presente dichiaro di NON autorizzare la piattaforma né alcuno dei suoi partner a usare i miei post, le mie foto, i miei commenti o i miei dati personali per addestrare l'intelligenza artificiale, né ora né in futuro. Questa opposizione è fatta ai sensi dell'art. 21 del GDPR. Copia e condividi questo messaggio per proteggerti anche tu!"

    /// The pasted variants in the sample, with the country of the person who pasted each one.
    static let pastes: [(country: String, language: Language, text: String)] = [
        ("IE", .english, english),
        ("MT", .english, "Copied from a friend, not sure it works but here goes:\n\n" + english),
        ("GB", .english, english + " 🙏🙏"),
        ("FR", .french, french),
        ("BE", .french, "Copié-collé de ma cousine :\n" + french),
        ("DE", .german, german),
        ("AT", .german, german + "!!"),
        ("ES", .spanish, spanish),
        ("IT", .italian, italian),
    ]
}
