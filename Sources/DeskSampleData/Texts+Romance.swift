// Hand-written sample material: French, Spanish, Italian and Portuguese.

extension LanguageTexts {
    static let french = LanguageTexts(
        .french,
        greetings: ["Bonjour,", "Madame, Monsieur,", "Bonjour à toute l'équipe,"],
        objections: [
            "Conformément à l'article 21 du RGPD, je m'oppose au traitement de mes données personnelles pour l'entraînement de vos modèles d'IA.",
            "Je m'oppose à l'utilisation de mes publications, photos et commentaires pour entraîner une intelligence artificielle.",
            "Je refuse que mon contenu serve à entraîner vos outils d'IA générative.",
        ],
        situations: [
            "Je suis photographe indépendante et mon profil me sert de portfolio. Je refuse que mes images servent à entraîner un modèle capable d'imiter mon travail sans jamais me rémunérer.",
            "J'ai parlé de ma dépression sur ce réseau pendant des années. Ce sont des données de santé, et elles n'ont rien à faire dans un modèle de langage.",
            "Mes enfants apparaissent sur beaucoup de mes photos. Ils sont mineurs, ils n'ont rien demandé, et je ne veux pas que leurs visages alimentent vos modèles.",
            "Je suis avocate ; certains de mes messages évoquent des dossiers, même de façon anonymisée. Le secret professionnel ne s'arrête pas à la porte de vos serveurs.",
            "Je suis auteur de bande dessinée. Mes planches publiées ici sont protégées par le droit d'auteur et mon style est mon gagne-pain.",
            "Je suis déléguée syndicale et certaines de mes publications mentionnent des collègues. Elles ont été écrites pour un public précis, pas pour nourrir une IA.",
            "Je suis infirmier en psychiatrie et j'ai témoigné ici de mon quotidien. Même sans nom, des patients pourraient se reconnaître.",
        ],
        closings: [
            "Cordialement,", "Merci d'avance pour votre réponse.", "Bien à vous,",
            "Merci de confirmer la prise en compte de ma demande.\nCordialement,",
        ],
        oneLiners: [
            "Non à l'entraînement de l'IA sur mes photos !",
            "Je m'oppose. Merci de confirmer par e-mail.",
            "Pas d'IA avec mes données svp 🙏",
        ],
        followUps: [
            "J'ai déjà envoyé cette demande il y a trois semaines sans aucune réponse. Le délai légal est d'un mois : merci de me confirmer que mon opposition est prise en compte.",
            "Je renvoie ma demande car je ne suis pas sûre que la première soit bien partie (message d'erreur dans l'application).",
        ],
        givenNames: [
            "f:Zoé/zoe", "f:Camille", "f:Léa/lea", "m:Hugo", "f:Amélie/amelie", "m:Théo/theo", "f:Manon",
            "m:Julien", "f:Inès/ines", "m:François/francois", "f:Chloé/chloe", "m:Mathieu", "f:Yasmine",
            "f:Hélène/helene",
        ],
        familyNames: [
            "Martin", "Bernard", "Dubois", "Lefèvre/lefevre", "Moreau", "Girard", "Fournier", "Mercier",
            "Benali", "Rousseau", "Lambert", "Faure", "Dupont", "Giraud",
        ],
        mailDomains: ["orange.example", "laposte.example", "free.example", "sfr.example"]
    )

    static let spanish = LanguageTexts(
        .spanish,
        greetings: ["Hola:", "Buenas tardes,", "Estimados señores:"],
        objections: [
            "Me opongo, en virtud del artículo 21 del RGPD, a que utilicen mis publicaciones para entrenar modelos de inteligencia artificial.",
            "Ejerzo mi derecho de oposición al tratamiento de mis datos personales para el entrenamiento de IA.",
            "No quiero que mis fotos ni mis textos se usen para entrenar ninguna IA.",
        ],
        situations: [
            "Soy ilustradora y todo mi portafolio está en esta cuenta. No quiero que una máquina aprenda a copiar mi estilo con mis propios dibujos.",
            "Escribí en un foro sobre mi embarazo y las complicaciones que tuve. Es información médica muy íntima.",
            "Soy periodista en Valencia y no puedo permitir que mis conversaciones públicas con fuentes acaben dentro de un modelo.",
            "En mis fotos salen mis sobrinos y mi abuela, que no usa redes sociales y no puede oponerse por sí misma.",
            "Soy músico y subo aquí mis letras antes de grabarlas. Son obras inéditas.",
            "He contado aquí mi proceso de regularización como inmigrante. Que un chatbot repita esos detalles podría perjudicarme.",
        ],
        closings: ["Gracias de antemano.", "Un saludo.", "Quedo a la espera de su confirmación.\nAtentamente,"],
        oneLiners: [
            "¡No a la IA con mis fotos!",
            "Me opongo. Gracias.",
            "Por favor, excluid mi cuenta del entrenamiento de IA 🙏",
        ],
        followUps: [
            "Ya envié esta solicitud hace dos semanas y no he recibido respuesta. Les recuerdo que el plazo es de un mes.",
        ],
        givenNames: [
            "f:Lucía/lucia", "m:Javier", "f:María/maria", "m:Alejandro", "f:Carmen", "m:Sergio", "f:Nuria",
            "m:Pablo", "f:Begoña/begona", "m:Íñigo/inigo", "f:Marta", "m:Andrés/andres",
        ],
        familyNames: [
            "García/garcia", "Fernández/fernandez", "López/lopez", "Martínez/martinez", "Sánchez/sanchez",
            "Pérez/perez", "Gómez/gomez", "Ruiz", "Etxeberria", "Navarro", "Muñoz/munoz", "Vidal",
        ],
        mailDomains: ["correo.example", "telefonica.example", "mail.example"]
    )

    static let italian = LanguageTexts(
        .italian,
        greetings: ["Buongiorno,", "Salve,", "Gentile team,"],
        objections: [
            "Ai sensi dell'art. 21 del GDPR mi oppongo all'utilizzo dei miei contenuti per l'addestramento dei vostri sistemi di intelligenza artificiale.",
            "Mi oppongo al trattamento dei miei dati personali per addestrare modelli di IA.",
            "Non voglio che i miei post vengano usati per allenare la vostra IA.",
        ],
        situations: [
            "Sono un fotografo di matrimoni e le immagini che pubblico ritraggono i miei clienti, che non hanno mai acconsentito a nulla del genere.",
            "Ho raccontato qui la mia esperienza con la sclerosi multipla. Non voglio che queste informazioni finiscano dentro un modello.",
            "Scrivo recensioni di libri da dieci anni: sono testi miei e non li regalo a un'azienda perché ci costruisca un prodotto.",
            "Nei miei post compaiono spesso i miei figli, che sono minorenni.",
            "Sono un'insegnante di sostegno e ho condiviso materiali e riflessioni sui miei alunni, sempre in forma anonima. Restano dati delicati.",
            "Faccio la guida alpina e le mie foto mostrano clienti riconoscibili.",
        ],
        closings: ["Grazie per l'attenzione.", "Cordiali saluti,", "Attendo conferma.\nSaluti,"],
        oneLiners: [
            "No all'addestramento IA sui miei contenuti!",
            "Mi oppongo, grazie.",
            "Per favore escludete il mio profilo 🙏",
        ],
        followUps: [
            "Ho già inviato questa richiesta il mese scorso senza ricevere risposta. Vi chiedo cortesemente un riscontro.",
        ],
        givenNames: [
            "f:Giulia", "m:Marco", "f:Francesca", "m:Luca", "f:Chiara", "m:Niccolò/niccolo", "f:Alessia",
            "m:Matteo", "f:Federica", "m:Lorenzo", "f:Ilaria", "m:Davide",
        ],
        familyNames: [
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
            "De Luca", "Bruno", "Gallo",
        ],
        mailDomains: ["libero.example", "tiscali.example", "alice.example", "mail.example"]
    )

    static let portuguese = LanguageTexts(
        .portuguese,
        greetings: ["Olá,", "Bom dia,", "Exmos. Senhores,"],
        objections: [
            "Venho, nos termos do artigo 21.º do RGPD, opor-me ao tratamento das minhas publicações para o treino de modelos de inteligência artificial.",
            "Oponho-me à utilização dos meus dados pessoais para treinar IA.",
            "Não autorizo que as minhas fotografias e textos sejam usados para treinar inteligência artificial.",
        ],
        situations: [
            "Sou fotógrafa de natureza e vivo da venda das minhas imagens. Um gerador treinado com elas concorre diretamente comigo.",
            "Partilhei aqui o diagnóstico do meu filho, que tem autismo, para ajudar outras famílias. Não autorizo que isso seja usado para treinar máquinas.",
            "Sou professora e publico materiais que eu própria criei para as minhas aulas.",
            "Escrevi sobre a minha doença renal e o processo de diálise. São dados de saúde.",
        ],
        closings: ["Obrigada.", "Com os melhores cumprimentos,", "Aguardo confirmação.\nCumprimentos,"],
        oneLiners: ["Não ao treino de IA com as minhas fotos.", "Oponho-me. Obrigado."],
        followUps: [
            "Já enviei este pedido há duas semanas e ainda não tive resposta. Agradeço confirmação.",
        ],
        givenNames: [
            "m:João/joao", "f:Inês/ines", "m:Tiago", "f:Beatriz", "m:Rui", "f:Mariana", "m:Gonçalo/goncalo",
            "f:Ana", "m:Duarte", "f:Leonor",
        ],
        familyNames: [
            "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
            "Gonçalves/goncalves",
        ],
        mailDomains: ["sapo.example", "netcabo.example", "mail.example"]
    )
}
