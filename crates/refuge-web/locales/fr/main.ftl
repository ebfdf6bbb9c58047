# Refuge — French (fr).
# DRAFT TRANSLATION: drafted by the development team with machine assistance.
# NEEDS REVIEW by a native speaker before production use. Reviewer: please remove this note when done.

## Mise en page

site-name = Refuge
quick-exit = Quitter rapidement ce site
quick-exit-hint = Ouvre un site Web neutre. Fermez ensuite l'onglet : cela n'efface pas l'historique de votre navigateur.
footer-privacy = Ce site n'enregistre aucune adresse IP, ne nécessite pas JavaScript et ne charge rien à partir d'autres sites Web.
language-label = Langue
optional = (facultatif)
yes = Oui
no = Non
not-given = Non précisé

## Page d'accueil

landing-title = Signaler en toute sécurité le harcèlement d'un État étranger
landing-intro = Si des agents d'un État que vous avez quitté s'en sont pris à vous ou à votre famille à l'étranger — menaces, surveillance ou pressions —, vous pouvez nous le raconter ici. Vous n'avez pas à donner votre nom.
choose-language = Choisissez votre langue
safety-title = Avant de commencer
safety-tor = Si possible, utilisez Tor Browser. Ce site fonctionne avec son niveau de sécurité « Le plus sûr », sans JavaScript.
safety-device = Si votre téléphone ou votre ordinateur risque d'être surveillé, utilisez un autre appareil, par exemple celui d'une personne de confiance ou d'une bibliothèque publique.
safety-exit = Le bouton « Quitter rapidement ce site », en haut de chaque page, ouvre un site Web neutre. Fermez ensuite l'onglet : cela n'efface pas votre historique.
safety-receipt = Après l'envoi de votre signalement, vous recevrez un numéro de reçu. Il n'est affiché que pendant quelques minutes après l'envoi : notez-le et conservez-le en lieu sûr.
safety-stored = Nous n'enregistrons ni votre adresse IP ni votre navigateur. Ce que vous écrivez est chiffré pour que seuls nos intervenants puissent le lire.
start-report = Commencer un signalement

## Formulaire de signalement

report-title = Votre signalement
report-intro = Remplissez ce que vous pouvez. Il suffit d'une description ou d'au moins un type de harcèlement; tout le reste est facultatif.
report-not-accepting = Ce service ne peut pas recevoir de signalements pour le moment, car aucun intervenant n'est encore configuré pour les recevoir. Rien de ce que vous écririez ici ne serait envoyé. Veuillez revenir plus tard.
report-errors-summary = Certaines réponses demandent votre attention. Tout ce que vous avez écrit est conservé; veuillez vérifier les champs indiqués ci-dessous.
section-what = Que s'est-il passé?
section-what-hint = Cochez tout ce qui s'applique.
tactic-group-direct_physical = En personne
tactic-group-legal_administrative = Pressions juridiques ou administratives
tactic-group-coercion_by_proxy = Pressions par l'intermédiaire de la famille
tactic-group-digital = En ligne et par téléphone
tactic-group-community = Dans la communauté
tactic-assault = Agression physique
tactic-abduction = Enlèvement ou tentative de retour forcé
tactic-physical_surveillance = Filature ou surveillance
tactic-intimidation_visit = Visite d'intimidation ou de « persuasion », y compris par un prétendu « poste de police »
tactic-interpol_extradition = Notice d'Interpol ou demande d'extradition
tactic-document_refused = Refus de renouveler un passeport ou un autre document
tactic-consular_denied = Refus de services consulaires
tactic-asset_freezing = Biens gelés ou saisis
tactic-relatives_threatened = Proches restés au pays menacés, interrogés, détenus ou punis, ou utilisés pour transmettre des exigences
tactic-demand_to_return = Exigences de rentrer au pays
tactic-threat_online = Menaces ou harcèlement par téléphone ou en ligne
tactic-hacking_phishing = Piratage ou hameçonnage
tactic-spyware = Logiciel espion
tactic-doxxing = Divulgation de renseignements personnels (doxxing)
tactic-impersonation = Quelqu'un se fait passer pour vous
tactic-smear_campaign = Campagne de dénigrement ou de désinformation
tactic-informant_demand = Demande de fournir des renseignements sur d'autres personnes
tactic-association_pressure = Pressions par l'intermédiaire d'associations communautaires
tactic-event_monitoring = Surveillance d'événements ou de manifestations

section-when = Quand cela s'est-il produit?
section-when-hint = Si cela s'est produit plusieurs fois, choisissez le mois le plus récent.
field-month = Mois
field-year = Année
choose = Choisir…
month-1 = Janvier
month-2 = Février
month-3 = Mars
month-4 = Avril
month-5 = Mai
month-6 = Juin
month-7 = Juillet
month-8 = Août
month-9 = Septembre
month-10 = Octobre
month-11 = Novembre
month-12 = Décembre

section-where = Où étiez-vous quand cela s'est produit?
field-host-country = Pays
field-host-region = Province, État ou région
field-city = Ville
field-city-hint = Seulement si vous êtes à l'aise de l'indiquer. La ville est chiffrée.
country-AU = Australie
country-AT = Autriche
country-BE = Belgique
country-CA = Canada
country-CZ = Tchéquie
country-DK = Danemark
country-FI = Finlande
country-FR = France
country-DE = Allemagne
country-IN = Inde
country-IE = Irlande
country-IT = Italie
country-JP = Japon
country-KZ = Kazakhstan
country-KG = Kirghizistan
country-MY = Malaisie
country-NP = Népal
country-NL = Pays-Bas
country-NZ = Nouvelle-Zélande
country-NO = Norvège
country-PL = Pologne
country-KR = Corée du Sud
country-ES = Espagne
country-SE = Suède
country-CH = Suisse
country-TW = Taïwan
country-TH = Thaïlande
country-TR = Turquie
country-AE = Émirats arabes unis
country-GB = Royaume-Uni
country-US = États-Unis
country-UZ = Ouzbékistan
country-ZZ = Autre pays

section-who = Qui a été visé?
target-self = Moi
target-relative_abroad = Un proche vivant à l'étranger
target-relative_in_origin_state = Un proche resté au pays

field-community = Communauté
community-uyghur = Ouïghoure
community-tibetan = Tibétaine
community-hong_kong = Hongkongaise
community-southern_mongolian = Mongole du Sud
community-chinese_dissident = Dissidence chinoise ou mouvement prodémocratie
community-falun_gong = Falun Gong
community-taiwanese = Taïwanaise
community-other = Autre

field-origin-state = Selon vous, quel État est derrière cela?
origin-CN = Chine
origin-RU = Russie
origin-IR = Iran
origin-TR = Turquie
origin-SA = Arabie saoudite
origin-EG = Égypte
origin-RW = Rwanda
origin-ER = Érythrée
origin-VN = Vietnam
origin-TJ = Tadjikistan
origin-BY = Bélarus

section-identifiers = Que savez-vous des personnes impliquées?
section-identifiers-hint = Numéros de téléphone, adresses de courriel, comptes, noms utilisés, plaques d'immatriculation ou lieux — un par ligne. Cela nous aide à voir si les mêmes personnes en ciblent d'autres.
field-identifier-kind = Type
field-identifier-value = Détails
identifier-kind-phone = Numéro de téléphone
identifier-kind-email = Adresse de courriel
identifier-kind-wechat = WeChat
identifier-kind-messenger_or_social = Autre compte de messagerie ou de réseau social
identifier-kind-name_used = Nom utilisé
identifier-kind-vehicle_plate = Plaque d'immatriculation
identifier-kind-place = Lieu
add-identifier-lines = Ajouter des lignes
limit-characters = { $max } caractères au maximum.
limit-identifiers = Jusqu'à { $lines } lignes, chacune d'au plus { $max } caractères.

section-narrative = Racontez-nous ce qui s'est passé
section-narrative-hint = Dans la langue de votre choix. Tout ce qui vous semble important : ce qui a été dit, par qui, à quelle fréquence.

section-consent = Que pouvons-nous faire de votre signalement?
consent-hint = Si vous ne cochez aucune de ces cases, votre signalement reste auprès de nos intervenants.
consent-refer_to_police = Vous pouvez transmettre mon signalement à la police.
consent-refer_to_partners = Vous pouvez transmettre mon signalement à des organismes partenaires (aide juridique, aide en sécurité numérique, groupes de soutien).
consent-research_statistics = Vous pouvez inclure mon signalement dans des statistiques anonymes.

section-contact = Comment pouvons-nous vous joindre?
contact-platform = Seulement par ce site, avec mon numéro de reçu (le plus sûr)
contact-other = Autre moyen
field-contact-details = Comment vous joindre
contact-details-hint = Par exemple, un numéro Signal. Seuls nos intervenants peuvent le lire.
submit-report = Envoyer le signalement

## Problèmes dans les champs

problem-narrative_or_tactic_required = Veuillez décrire ce qui s'est passé ou choisir au moins un type de harcèlement.
problem-too_long = C'est trop long : au plus { $max } caractères sont possibles, et ce texte en compte { $excess } de trop. Tout ce que vous avez écrit est conservé ici : veuillez le raccourcir.
problem-too_many = Trop de lignes : { $max } au maximum.
problem-control_characters = Ce texte contient des caractères de contrôle invisibles. Veuillez le retaper.
problem-unknown_code = Veuillez choisir une des options proposées.
problem-region_without_country = Veuillez aussi choisir le pays.
problem-region_not_in_country = Cette région ne se trouve pas dans le pays choisi.
problem-month_malformed = Veuillez choisir à la fois un mois et une année, ou ni l'un ni l'autre.
problem-month_in_future = Cette date est dans le futur.
problem-month_too_old = Veuillez choisir une année à partir de 1950.
problem-contact_details_required = Veuillez nous indiquer comment vous joindre, ou choisir « Seulement par ce site ».
problem-contact_details_with_platform_only = Vous avez indiqué comment vous joindre, mais vous avez choisi « Seulement par ce site ». Choisissez « Autre moyen » si nous pouvons utiliser ces coordonnées, ou retirez-les.
problem-identifier_kind_required = Veuillez choisir de quel type de renseignement il s'agit.

## Reçu

receipt-title = Votre signalement a bien été reçu
receipt-intro = Merci. Votre signalement est conservé en sécurité et seuls nos intervenants peuvent le lire.
receipt-label = Votre numéro de reçu
receipt-keep = Notez ce numéro maintenant et conservez-le en lieu sûr. Cette page l'affiche pendant { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
} après l'envoi, dans ce navigateur seulement; ensuite, personne ne pourra plus le voir, pas même nous. Grâce à lui, vous pourrez revenir, lire nos réponses et ajouter des renseignements — tout comme n'importe qui d'autre qui le trouverait.
receipt-groups = { $groups } groupes de 4 chiffres, { $digits } chiffres en tout. Les espaces n'ont pas d'importance quand vous le tapez.
receipt-hide = Je l'ai noté : masquer le numéro maintenant
receipt-no-files = Aucun fichier n'a été envoyé avec ce signalement.
receipt-no-longer-shown = Votre signalement a bien été reçu. Pour votre sécurité, son numéro de reçu n'est plus affiché ici. Vous pouvez envoyer un autre signalement ci-dessous.
receipt-hidden = Le numéro de reçu est masqué et ne sera plus affiché. Vous pouvez envoyer un autre signalement ci-dessous.
already-received-title = Ce signalement a déjà été reçu
already-received = Ce formulaire avait déjà été envoyé, et le signalement a été reçu à ce moment-là. Rien n'a été enregistré en double. Pour votre sécurité, son numéro de reçu n'est pas affiché de nouveau.
already-received-next = Si vous avez noté le numéro de reçu, vous pouvez faire le suivi de votre signalement :
report-another = Envoyer un autre signalement
changed-title = Votre signalement a déjà été reçu
changed-intro = Ce formulaire avait déjà été envoyé, et ce signalement a bien été reçu. Ce que vous avez modifié depuis n'y a pas été ajouté, et rien n'a été enregistré en double.
changed-offer-title = Envoyer vos modifications sous forme de message
changed-offer = Voici ci-dessous ce que vous venez d'écrire dans le formulaire. Vérifiez-le, modifiez-le si vous le souhaitez, puis envoyez-le : les intervenants le verront comme un message joint à votre signalement.
changed-message-label = Votre message aux intervenants
changed-send = Ajouter à mon signalement
changed-or-leave = Si vous ne voulez pas l'envoyer, quittez simplement cette page. Les fichiers choisis de nouveau n'ont pas été ajoutés; vous pourrez ajouter des fichiers plus tard avec votre numéro de reçu.
addition-sent = Votre message a été ajouté au signalement que vous avez envoyé.
addition-too-late = Ce signalement ne peut plus être retrouvé à partir de cette page. Copiez votre texte, puis connectez-vous avec votre numéro de reçu sur la page de suivi pour l'envoyer.
receipt-repeated = Ce signalement avait déjà été reçu; voici de nouveau son numéro de reçu.
receipt-next = La suite : un intervenant lira votre signalement. Nous ne le communiquerons que de la façon dont vous l'avez autorisé.
receipt-done = Une fois le numéro noté, fermez cet onglet.

## Erreurs

error-title = Un problème est survenu
error-form-expired = Ce formulaire a expiré. Vos réponses sont conservées ci-dessous; veuillez l'envoyer de nouveau.
error-save-failed = Nous n'avons pas pu enregistrer votre signalement : rien n'a été sauvegardé. Vos réponses sont conservées ci-dessous; veuillez réessayer dans un instant.
error-save-failed-message = Nous n'avons pas pu enregistrer votre message : rien n'a été envoyé. Il est conservé ci-dessous; veuillez réessayer dans un instant.
error-page-outdated = Cette page n'était plus à jour (elle provenait d'une session antérieure), donc rien n'a été envoyé. Votre texte est conservé ci-dessous : veuillez le vérifier, puis l'envoyer de nouveau.
error-page-outdated-files = Cette page n'était plus à jour, donc les fichiers n'ont pas été ajoutés. Veuillez les choisir de nouveau.
error-not-found = Cette page n'existe pas.
error-method = Cette adresse n'accepte pas ce type de requête.
error-too-large = Ce que vous avez envoyé est trop volumineux.
error-bad-request = Nous n'avons pas pu lire ce qui a été envoyé. Veuillez revenir en arrière et réessayer.
error-forbidden = Vous n'avez pas l'autorisation de faire cela.
error-cross-site = Cette requête provenait d'un autre site Web et a été refusée.
error-timeout = La requête a pris trop de temps.
error-try-later = Trop de demandes arrivent en même temps. Rien n'a été perdu ; veuillez réessayer dans quelques minutes.
error-signed-out = Vous n'êtes pas connecté·e, ou votre session a pris fin. Veuillez vous reconnecter.
error-generic = Un problème est survenu de notre côté. Veuillez réessayer. Si le problème persiste, donnez ce code à l'administrateur : { $request }
error-back-home = Retour à la page d'accueil
error-back-inbox = Retour à la boîte de réception

## Espace du personnel

staff-login-title = Connexion du personnel
field-username = Nom d'utilisateur
field-password = Mot de passe
field-password-confirm = Confirmer le mot de passe
sign-in = Se connecter
sign-out = Se déconnecter
login-failed = Nom d'utilisateur ou mot de passe incorrect.
sign-in-from-this-page = Pour votre sécurité, cette connexion n'a pas été tentée : elle ne venait pas de la page de ce site. Veuillez vous connecter à nouveau ici.
login-throttled = Trop de tentatives infructueuses pour ce compte. Réessayez dans { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}.
login-setup-pending = La configuration n'est pas terminée : aucun compte administrateur n'existe encore. Ouvrez le lien de configuration à usage unique que le serveur a affiché à son démarrage. S'il est perdu, exécutez « refuge setup-link » sur le serveur pour en afficher un nouveau.
login-plain-http = Cette page semble consultée en HTTP non chiffré, à une autre adresse que celle de l'ordinateur du serveur lui-même. Les navigateurs ne conservent le cookie de connexion sécurisé qu'en HTTPS (ou sur localhost et les services onion) : la connexion ne peut donc pas fonctionner ici. Servez Refuge en HTTPS ou comme service onion (et définissez server.public_url) ou, sur un réseau local de confiance seulement, donnez la valeur false à web.secure_cookies.
login-cookie-refused = La connexion a réussi, mais votre navigateur n'a pas conservé le cookie de connexion : votre session n'est donc pas ouverte. Veuillez autoriser les cookies pour ce site et vous connecter de nouveau.
staff-kept-back = Votre session est de nouveau ouverte. Votre message a été remis dans la zone de texte ci-dessous; il n'a pas encore été envoyé.
staff-session-ended-kept = Votre session a pris fin, donc votre message n'a pas été envoyé. Connectez-vous de nouveau : il réapparaîtra dans sa zone de texte, sans avoir été envoyé. Entre-temps, il n'est pas conservé sur le serveur.
session-expired = Veuillez vous connecter.
nav-inbox = Boîte de réception
nav-staff = Comptes du personnel
nav-account = Mon compte

inbox-title = Boîte de réception
inbox-empty = Aucun signalement pour l'instant.
inbox-col-received = Reçu le
inbox-col-status = Statut
inbox-col-tactics = Ce qui s'est passé
inbox-col-region = Lieu
inbox-col-language = Langue
inbox-open = Ouvrir
inbox-no-access = Pas encore de clé
status-received = Reçu
status-triaged = Trié
status-in_progress = En cours
status-referred = Acheminé
status-closed = Fermé

report-view-title = Signalement reçu le { $day }
report-field-status = Statut
report-field-language = Langue
report-field-occurred = Quand
report-field-where = Où
report-field-id = Référence
report-no-access = Vous ne détenez pas encore de clé pour ce signalement : il a été scellé avant que votre compte puisse le recevoir. Un ou une collègue qui peut le lire peut vous y donner accès.
report-readers = Qui détient une clé de ce signalement
report-grant = Donner l'accès à un ou une collègue
report-grant-button = Donner l'accès
report-granted = Accès accordé.
report-contact-platform-only = Seulement par ce site

admin-staff-title = Comptes du personnel
admin-col-username = Nom d'utilisateur
admin-col-role = Rôle
admin-col-receives = Reçoit les nouveaux signalements
field-role = Rôle
role-admin = Administrateur
role-caseworker = Intervenant
role-researcher = Chercheur
role-auditor = Vérificateur
admin-grant-all = Donner l'accès à tous les signalements que je peux lire
admin-granted-all = Signalements partagés avec { $username } : { $count }.
admin-disable = Désactiver le compte
admin-disable-title = Désactiver un compte
admin-disable-question = Désactiver le compte { $username }?
admin-disable-consequences = Ses sessions prennent fin immédiatement, la personne ne peut plus se connecter et les nouveaux signalements ne sont plus chiffrés pour ce compte. Rien ne peut revenir sur ce qu'elle a déjà lu. Vous pourrez réactiver le compte plus tard; les signalements arrivés entre-temps ne seront pas chiffrés pour ce compte, mais un ou une collègue pourra les partager avec lui.
admin-disable-confirm = Désactiver le compte
cancel = Annuler
admin-enable = Réactiver le compte
admin-enabled-notice = Compte { $username } réactivé : il permet de nouveau de se connecter et, si son rôle reçoit des signalements, les nouveaux signalements sont à nouveau chiffrés pour ce compte. Les signalements arrivés pendant qu'il était désactivé doivent être partagés avec lui.
admin-disabled-notice = Compte { $username } désactivé : ses sessions ont pris fin et les nouveaux signalements ne sont plus chiffrés pour ce compte.
admin-status-disabled = Désactivé
account-rule-username_invalid = Les noms d'utilisateur comptent de 2 à 64 caractères : lettres minuscules, chiffres, « . », « _ » ou « - ».
account-rule-password_too_short = Le mot de passe doit compter au moins 12 caractères.
account-rule-password_too_long = Le mot de passe est trop long.
password-mismatch = Les deux mots de passe sont différents.
username-taken = Ce nom d'utilisateur est déjà pris.

setup-title = Configurer Refuge
setup-intro = Créez le premier compte administrateur. Ce lien ne fonctionne qu'une seule fois.
setup-no-recovery = Notez le mot de passe et conservez-le en lieu sûr : personne ne peut le récupérer. Votre clé est scellée par ce mot de passe; sans lui, les signalements scellés pour vous ne peuvent pas être ouverts. Ajoutez un deuxième administrateur peu après la configuration.
setup-button = Créer l'administrateur
setup-done = La configuration est déjà terminée. Veuillez vous connecter.
setup-invalid = Ce lien de configuration n'est pas valide, a déjà été utilisé ou a expiré. Exécutez « refuge setup-link » sur le serveur pour en afficher un nouveau.

account-title = Votre compte
account-change-password = Changer votre mot de passe
account-change-hint = Votre clé est scellée par votre mot de passe. Si vous oubliez votre mot de passe, personne ne pourra récupérer la clé : un ou une collègue devrait alors donner de nouveau à un nouveau compte l'accès à vos signalements.
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
account-password-button = Changer le mot de passe
password-changed = Votre mot de passe a été changé.
password-wrong-current = Le mot de passe actuel est incorrect.

## Suivi (personne qui signale)

followup-link = Vous avez déjà envoyé un signalement? Lisez les réponses et ajoutez des renseignements avec votre numéro de reçu.
followup-title = Faire le suivi de votre signalement
followup-intro = Entrez le numéro de reçu que vous avez obtenu en envoyant votre signalement. Vous verrez son statut et nos messages, et vous pourrez répondre et envoyer des fichiers. Pour votre sécurité, le contenu de votre signalement n'est pas affiché de nouveau.
followup-receipt-label = Numéro de reçu
followup-receipt-hint = 28 chiffres. Les espaces et les tirets n'ont pas d'importance, et vous pouvez taper les chiffres dans n'importe quelle écriture.
followup-open = Ouvrir
followup-invalid = Ce numéro de reçu n'a pas été reconnu. Veuillez vérifier les chiffres et réessayer.
followup-wrong-length = Un numéro de reçu compte 28 chiffres, en 7 groupes de 4. Veuillez vérifier que vous avez tapé tous les chiffres, et seulement ceux-ci.
followup-typo = Ce numéro contient une faute de frappe : un chiffre est erroné, ou deux chiffres sont inversés. Veuillez vérifier chaque groupe de quatre chiffres.
followup-kept-back = Votre session est de nouveau ouverte. Votre message a été remis dans la zone de texte ci-dessous; il n'a pas encore été envoyé.
followup-session-ended-kept = Votre session a pris fin, donc votre message n'a pas été envoyé. Connectez-vous de nouveau avec votre numéro de reçu : votre message réapparaîtra dans la zone de texte, sans avoir été envoyé. Entre-temps, il n'est conservé nulle part.
followup-cookie-refused = La connexion a réussi, mais votre navigateur n'a pas conservé le cookie de connexion de ce site : votre session ne peut donc pas rester ouverte. Veuillez autoriser les cookies pour ce site (Tor Browser les autorise) et vous connecter de nouveau.
followup-throttled = Trop de tentatives avec ce numéro de reçu. Veuillez attendre { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}, puis réessayer.
followup-case-title = Votre signalement
followup-status-label = Statut
followup-status-since = (depuis le { $day })
followup-safety = Pour votre sécurité, votre signalement n'est pas affiché de nouveau ici. Vous pouvez ajouter des renseignements, répondre à des questions et envoyer des fichiers.
followup-messages = Messages
followup-no-messages = Aucun message pour l'instant.
followup-from-you = Vous
followup-from-caseworker = Intervenant
followup-hide = Retirer de mon affichage
followup-hidden = Le message a été retiré de votre affichage.
followup-reply-label = Écrire aux intervenants
followup-send = Envoyer
followup-sent = Votre message a été envoyé.
followup-files = Vos fichiers
followup-no-files = Aucun fichier pour l'instant.
followup-add-files = Ajouter des fichiers
followup-add = Envoyer les fichiers
followup-files-added = Vos fichiers ont bien été reçus.
followup-sign-out = Se déconnecter
followup-signed-out-title = Session fermée
followup-signed-out = Votre session est fermée. Par prudence, fermez maintenant cette fenêtre du navigateur.
followup-back-home = Retour à la page d'accueil
status-plain-received = Reçu : en attente de lecture par un intervenant
status-plain-triaged = Lu par un intervenant, qui évalue ce qui peut être fait
status-plain-in_progress = Un intervenant s'en occupe
status-plain-referred = Transmis à un autre organisme, comme vous l'avez autorisé
status-plain-closed = Fermé
problem-empty = Veuillez d'abord écrire quelque chose.

## Fichiers de preuve

field-files = Fichiers : captures d'écran, photos, enregistrements, documents
field-files-hint = Jusqu'à { $count } fichiers à la fois, { $per_file } MB par fichier et { $per_report } MB au total. Pour les photos et les PDF, les intervenants reçoivent une copie sans les détails cachés, comme le lieu; votre original est conservé sous scellé comme preuve.
files-reselect = Les fichiers ne sont pas conservés quand le formulaire est affiché de nouveau : veuillez les choisir encore une fois.
error-file-too-large = Un fichier dépasse { $max } MB. Veuillez envoyer un fichier plus petit ou le diviser.
error-report-files-too-large = Ensemble, les fichiers dépassent { $max } MB. Veuillez envoyer moins de fichiers ou des fichiers plus petits.
error-daily-upload-limit = Le service ne peut plus accepter de fichiers aujourd'hui. Veuillez réessayer demain; vous pouvez envoyer votre texte dès maintenant, sans les fichiers.
error-too-many-files = Veuillez envoyer au plus { $max } fichiers à la fois.
error-no-files = Veuillez choisir au moins un fichier.
error-empty-file = Un des fichiers choisis est vide. Veuillez le choisir de nouveau, ou choisir un autre fichier.
file-size = { $kib } KB
file-cleaned = Pour les intervenants, une copie de travail a été faite sans les éléments suivants : { $removed }. Votre original est conservé sous scellé comme preuve.
file-cleaned-nothing-found = Aucun détail caché n'a été trouvé. Une copie de travail a tout de même été faite, et votre original est conservé sous scellé comme preuve.
file-not-cleaned = Ce type de fichier ne peut pas être nettoyé automatiquement : il est conservé sous scellé exactement tel que vous l'avez envoyé.
removed-location = emplacement (GPS)
removed-camera_details = marque, modèle et numéros de série de l'appareil photo
removed-dates = dates et heures
removed-author = noms d'auteur
removed-software = noms de logiciels
removed-comments = commentaires et descriptions
removed-thumbnail = images d'aperçu intégrées
removed-other_metadata = autres détails cachés
receipt-files = Fichiers reçus
evidence-download = Enregistrer le reçu des preuves
evidence-hint = Un fichier texte signé qui indique la date, ainsi que le nom, la taille et l'empreinte SHA-256 de chacun de vos fichiers. Il prouve que ces fichiers précis ont été reçus. Conservez-le en lieu sûr, ailleurs que sur cet appareil s'il risque d'être inspecté.
evidence-title = Reçu des preuves de Refuge
evidence-intro = Ce service a reçu les fichiers énumérés ci-dessous à la date indiquée. La signature à la fin, faite avec la clé Ed25519 du service, montre que ce texte n'a pas été modifié depuis.
evidence-day = Date de réception
evidence-files = Fichiers
evidence-key-published = La clé publique qui permet de vérifier cette signature est publiée à l'adresse suivante :
evidence-key-published-path = La clé publique qui permet de vérifier cette signature est publiée par ce service, à ce chemin de son adresse :
evidence-fingerprint = Son empreinte (SHA-256 de la clé au format DER) est :
evidence-instance = Délivré par l'instance du service :
evidence-report = Référence du signalement auquel ces fichiers appartiennent (les intervenants du service peuvent la retrouver ; elle ne révèle rien du signalement à quiconque d'autre) :
evidence-verify = Pour vérifier : récupérez la clé publique, vérifiez que son empreinte correspond, puis suivez la section « Verifying an evidence receipt » (Vérifier un reçu des preuves) du guide d'exploitation du service (OpenSSL suffit).
evidence-hint-window = Vous pouvez l'enregistrer ici pendant { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}; plus tard, connectez-vous avec votre numéro de reçu pour l'enregistrer.
evidence-too-late = Le reçu des preuves ne peut plus être enregistré à partir de cette page. Connectez-vous avec votre numéro de reçu sur la page de suivi pour l'enregistrer.

## Traitement des dossiers : conversation et fichiers

inbox-unread = Nouvel envoi de la personne qui signale
messages-title = Conversation avec la personne qui signale
messages-none = Aucun message pour l'instant.
message-from-reporter = Personne qui signale
message-from-former-staff = Ancien membre du personnel
message-hidden-by-reporter = retiré de l'affichage de la personne qui signale
message-write = Écrire à la personne qui signale
message-send = Envoyer à la personne qui signale
message-sent = Message envoyé à la personne qui signale.
report-files = Fichiers de preuve
report-no-files = Aucun fichier.
file-download-clean = Télécharger la copie de travail (détails cachés retirés)
file-download-original = Télécharger l'original scellé (peut contenir le lieu et d'autres détails)
file-saved-as = Enregistré sous { $name }, car son contenu ne correspond pas à ce qu’indique son nom.
report-evidence-reference = Référence figurant sur les reçus des preuves de ce signalement
bidi-control-shown = Un caractère invisible qui change le sens du texte. Il est affiché ici pour qu’il ne puisse pas déguiser ce que dit le texte.
evidence-name = Nom du fichier
evidence-size = Taille en octets
list-separator = {", "}
file-cleaned-staff = La copie de travail ne contient plus : { $removed }.
file-cleaned-nothing-found-staff = Aucun détail caché trouvé ; une copie de travail a quand même été faite.
file-not-cleaned-staff = Pas de copie de travail : ce type de fichier ne peut pas être nettoyé. Ouvrez l’original avec prudence, si possible sur un autre ordinateur.
error-intake-busy = Beaucoup de signalements arrivent en ce moment : le vôtre n'a pas encore été envoyé. Veuillez le renvoyer dans { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
} — tout ce que vous avez écrit est conservé ci-dessous.
error-quota-messages = Ce signalement contient le nombre maximal de messages ({ $max }). Votre message n'a pas été envoyé ; il est conservé ci-dessous.
error-quota-messages-today = Vous avez envoyé { $max } messages sur ce signalement aujourd'hui, le maximum pour une journée. Veuillez envoyer celui-ci demain ; il est conservé ci-dessous.
error-quota-files = Ce signalement contient le nombre maximal de fichiers ({ $max }). Rien n'a été ajouté.
messages-earlier = Messages précédents
messages-later = Messages suivants
messages-showing = Messages { $first } à { $last } sur { $count }
admin-invite-title = Inviter un ou une collègue
admin-invite-hint = La personne ouvre le lien et choisit elle-même son mot de passe : personne d'autre ne le connaît jamais, pas même vous. Le lien ne fonctionne qu'une seule fois, pendant 72 heures. Envoyez-le-lui vous-même, par un moyen de communication de confiance. Les administrateurs et les intervenants reçoivent les nouveaux signalements dès qu'ils ont accepté l'invitation; l'accès aux signalements antérieurs doit être accordé séparément.
admin-invite-button = Créer l'invitation
admin-invitations-pending = Invitations pas encore utilisées
admin-col-expires = Lien valide jusqu'au
admin-withdraw = Retirer
admin-invitation-withdrawn-notice = L'invitation a été retirée; son lien ne fonctionne plus.
username-invited = Une invitation pour ce nom d'utilisateur est déjà en attente. Retirez-la d'abord pour en envoyer une nouvelle.
invite-created-title = Invitation pour { $username }
invite-created-link = Son lien à usage unique, affiché maintenant seulement :
invite-created-path-hint = Ajoutez-le à la suite de l'adresse publique de ce serveur (celle qui figure dans la barre d'adresse de votre navigateur).
invite-created-back = Retour aux comptes du personnel
invite-title = Rejoindre Refuge
invite-intro = { $by } vous a envoyé cette invitation : votre nom d'utilisateur sera { $username }, avec le rôle « { $role } ». Choisissez votre mot de passe : personne d'autre ne le connaîtra et, sans lui, personne ne pourra lire les signalements scellés pour vous.
invite-invalid = Ce lien d'invitation a déjà été utilisé, a été retiré ou a expiré. Demandez-en un nouveau à votre administrateur.
invite-button = Créer mon compte
recipients-title = Qui reçoit les nouveaux signalements
recipients-intro = Les nouveaux signalements sont scellés pour les clés de ces comptes, et pour personne d'autre. Chaque modification de cette liste est indiquée ci-dessous, avec son auteur et sa date.
recipients-history = Modifications de la liste
recipients-col-day = Date
recipients-col-change = Modification
recipients-col-by = Par
recipients-by-command-line = la ligne de commande du serveur
recipients-none = Personne ne reçoit encore les nouveaux signalements.
recipient-change-first_admin_created = { $username } a configuré Refuge en tant que premier compte administrateur
recipient-change-staff_added = Compte { $username } ajouté
recipient-change-staff_invited = Invitation envoyée à { $username }
recipient-change-invitation_accepted = { $username } a accepté l'invitation
recipient-change-invitation_withdrawn = L'invitation destinée à { $username } a été retirée
recipient-change-staff_disabled = Compte { $username } désactivé
recipient-change-staff_enabled = Compte { $username } réactivé
recipients-not-receiving = (ne reçoit pas les signalements)
inbox-recipients-changed = La liste des destinataires des nouveaux signalements a changé le { $day }.
inbox-recipients-see = Voir la liste et son historique
nav-recipients = Destinataires
account-sessions = Vos sessions ouvertes
account-sessions-hint = Une session prend fin après 30 minutes d'inactivité, ou après 12 heures au total. Fermez toute session que vous ne reconnaissez pas, puis changez votre mot de passe.
account-col-began = Connexion
account-col-last-seen = Dernière utilisation
account-this-browser = ce navigateur
account-end-session = Fermer
account-session-ended = Cette session a été fermée.

## Travail sur les dossiers : tri, attribution, étiquettes (issue 10)
inbox-col-select = Sélection
inbox-col-urgency = Urgence
inbox-col-assignee = Attribué à
inbox-col-labels = Étiquettes
inbox-select-report = Sélectionner le signalement reçu le { $day }
inbox-bulk-title = Pour les signalements sélectionnés
inbox-bulk-assign = Attribuer à
inbox-bulk-status = Changer le statut
inbox-bulk-label = Ajouter l'étiquette
inbox-bulk-keep = — sans changement —
inbox-bulk-apply = Appliquer
inbox-bulk-done = { $count ->
    [one] Un signalement a été modifié.
   *[other] { $count } signalements ont été modifiés.
}
inbox-bulk-nothing = Rien n'a été modifié : sélectionnez au moins un signalement et un changement.
urgency-low = Faible
urgency-normal = Normale
urgency-high = Élevée
urgency-critical = Critique
case-title = Dossier
case-status = Statut
case-substatus = Sous-statut
case-substatus-none = (aucun)
case-substatus-hint = Un sous-statut appartient à un statut ; en choisir un autre l'efface.
case-urgency = Urgence
case-assignee = Attribué à
case-assignee-none = Personne
case-deadline = Échéance
case-labels = Étiquettes
case-labels-none = Aucune étiquette n'est encore définie : un administrateur les énumère dans la configuration ([case] labels).
case-tactics = Tactiques selon votre codage
case-tactics-hint = Le choix de la personne qui signale est conservé tel quel. Les statistiques comptent votre codage s'il existe.
case-tactics-coded = Codées par l'équipe
case-save = Enregistrer le dossier
case-saved = Le dossier a été enregistré.
case-error-substatus = Ce sous-statut n'appartient pas au statut choisi. Rien n'a été modifié.
case-error-assignee = Cette personne n'a pas encore de clé pour ce signalement : donnez-lui d'abord l'accès. Rien n'a été modifié.
case-error-label = Cette étiquette n'est pas définie. Rien n'a été modifié.
case-error-deadline = Une échéance est une date écrite AAAA-MM-JJ. Rien n'a été modifié.
notes-title = Notes internes
notes-hint = Seul le personnel qui peut lire ce signalement voit ses notes. Jamais la personne qui signale, ni quiconque détient le reçu.
notes-none = Aucune note pour le moment.
notes-version = version { $version }
notes-earlier = Versions précédentes
notes-edit = Modifier
notes-edit-label = Cette note, telle qu'elle doit se lire désormais (la version précédente est conservée)
notes-save-version = Enregistrer une nouvelle version
notes-write = Une nouvelle note
notes-add = Ajouter la note
note-saved = La note a été enregistrée.
note-conflict = Une personne de l'équipe a modifié cette note au même moment ; sa version est affichée. Votre texte est conservé ci-dessous.

## Équipes, acheminement et clé de récupération (issue 10)
nav-teams = Équipes
nav-routing = Acheminement des nouveaux signalements
nav-recovery = Clé de récupération
admin-teams-title = Équipes
admin-teams-intro = Les membres d'une équipe reçoivent les signalements qui lui sont acheminés, et eux seuls voient que ces signalements existent. Qui va où se règle dans l'
admin-teams-none = Aucune équipe pour le moment. Tant que l'acheminement n'est pas réglé, toute l'équipe reçoit tous les signalements.
admin-team-name = Nom
admin-team-name-hint = Lettres minuscules, chiffres, « - » ou « _ » (il figure dans les adresses).
admin-team-members = Membres
admin-team-save = Enregistrer l'équipe
admin-team-delete = Supprimer l'équipe
admin-team-create = Créer une équipe
admin-team-created = L'équipe a été créée.
admin-team-saved = L'équipe a été enregistrée. Les nouveaux signalements suivent aussitôt ; ceux déjà reçus ne changent que si quelqu'un qui peut les lire donne l'accès.
admin-team-deleted = L'équipe a été supprimée.
team-error-name = Le nom d'une équipe compte de 1 à 40 lettres minuscules, chiffres, « - » ou « _ ». Rien n'a été modifié.
team-error-member = Un membre doit être un compte qui traite des dossiers. Rien n'a été modifié.
team-error-in-routing = L'acheminement des nouveaux signalements nomme encore cette équipe : modifiez d'abord l'acheminement. Rien n'a été modifié.
team-error-taken = Une autre équipe porte ce nom. Rien n'a été modifié.
admin-routing-title = Acheminement des nouveaux signalements
admin-routing-intro = Chaque nouveau signalement va aux équipes de la première règle qui correspond à sa langue, son pays, sa région, sa communauté, l'État d'origine ou la tactique ; ceux qu'aucune règle ne vise vont aux équipes par défaut. Un signalement n'est chiffré que pour les membres de ses équipes (et la clé de récupération). Une modification ne vaut que pour les nouveaux signalements.
admin-routing-off = Aucun acheminement n'est réglé : toute l'équipe reçoit chaque nouveau signalement.
admin-routing-no-teams = Créez d'abord des équipes.
admin-routing-rule = Règle { $number }
admin-routing-any = (tous)
admin-routing-origin = État d'origine
admin-routing-tactic = Tactique
admin-routing-teams = Envoyer à :
admin-routing-more = Ajouter une règle
admin-routing-default = Équipes par défaut (pour les signalements qu'aucune règle ne vise)
admin-routing-save = Enregistrer l'acheminement
admin-routing-saved = L'acheminement a été enregistré. Il s'applique aux signalements reçus désormais.
routing-error-team = L'acheminement nomme une équipe qui n'existe pas. Rien n'a été modifié.
routing-error-no-teams = La règle { $number } n'envoie à aucune équipe. Rien n'a été modifié.
routing-error-code = La règle { $number } nomme une région hors de son pays, ou un code non proposé. Rien n'a été modifié.
routing-error-too-many = Trop de règles ou d'équipes. Rien n'a été modifié.
admin-recovery-title = Clé de récupération de l'organisation
admin-recovery-intro = Chaque signalement, fichier et message est aussi chiffré pour la clé de récupération de l'organisation. Sa moitié secrète n'est affichée qu'une fois et n'est jamais conservée ici : imprimée ou gardée hors ligne, elle rend ses dossiers à l'organisation quand toutes les personnes qui les détenaient sont parties (refuge recovery-key grant --to USER).
admin-recovery-present = L'organisation a une clé de récupération.
admin-recovery-none = L'organisation n'a pas de clé de récupération : si toutes les personnes qui détiennent un signalement partent, personne ne pourra plus l'ouvrir. Créez-en une maintenant.
admin-recovery-new = Créer une nouvelle clé de récupération
admin-recovery-shown-once = Voici la clé de récupération de l'organisation. Elle n'est affichée qu'une fois et n'est pas conservée sur le serveur. Imprimez-la ou notez-la maintenant, et gardez-la en lieu sûr, hors ligne.
admin-recovery-secret-label = Clé de récupération
admin-recovery-how = Pour donner à une personne de l'équipe l'accès à tous les signalements grâce à elle, un administrateur exécute sur le serveur : refuge recovery-key grant --to NOM, puis la saisit.
admin-recovery-done = Je l'ai mise en lieu sûr
admin-recovery-continue = Je l'ai mise en lieu sûr : continuer vers la boîte de réception
recipient-change-team_created = L'équipe { $username } a été créée
recipient-change-team_changed = L'équipe { $username } a été modifiée
recipient-change-team_deleted = L'équipe { $username } a été supprimée
recipient-change-routing_changed = L'acheminement des nouveaux signalements a été modifié
recipient-change-recovery_key_created = Une nouvelle clé de récupération de l'organisation a été créée

## Inbox filters and search (issue 10)

inbox-filters-title = Filtrer et rechercher
inbox-search-label = Rechercher
inbox-search-hint = Des mots dans n’importe quelle écriture ; un dossier doit tous les contenir. Mettez entre « guillemets » les mots qui vont ensemble. La recherche porte sur ce que vous pouvez lire : le récit, les identifiants, les messages, les notes et les noms de fichiers.
inbox-filter-any = Tous
inbox-filter-status = Statut
inbox-filter-substatus = Sous-statut
inbox-filter-urgency = Urgence
inbox-filter-assignee = Attribué à
inbox-filter-assignee-me = Moi
inbox-filter-assignee-none = Personne
inbox-filter-team = Équipe
inbox-filter-label = Étiquette
inbox-filter-tactic = Ce qui s’est passé
inbox-filter-language = Langue
inbox-filter-host-country = Pays d’accueil
inbox-filter-unread = Seulement les dossiers avec du nouveau de la personne
inbox-filter-from = Reçu à partir du
inbox-filter-to = Reçu jusqu’au
inbox-sort = Ordre
inbox-sort-newest = Les plus récents d’abord
inbox-sort-oldest = Les plus anciens d’abord
inbox-sort-urgency = Les plus urgents d’abord
inbox-sort-activity = Activité la plus récente d’abord
inbox-filter-apply = Afficher
inbox-filter-clear = Effacer les filtres
inbox-filter-none-match = Aucun dossier ne correspond à ces filtres.
inbox-filter-readable-only = La recherche et les étiquettes ne portent que sur les dossiers dont vous détenez une clé.
inbox-filter-error = La valeur choisie pour « { $field } » ne peut pas être utilisée. Choisissez-en une autre dans la liste ; vos autres choix sont conservés.
inbox-filter-range = « Reçu à partir du » est postérieur à « Reçu jusqu’au ».
inbox-filter-cursor = Ce lien vers une page suivante ne correspond plus à ces filtres. Appuyez sur « Afficher » pour repartir de la première page.
inbox-search-too-long = La recherche dépasse { $max } caractères. Raccourcissez-la et réessayez.
inbox-search-too-many-terms = La recherche contient plus de { $max } mots. Retirez-en et réessayez.
inbox-search-term-too-long = Un mot de la recherche est trop long. Raccourcissez-le et réessayez.
inbox-col-teams = Équipes
inbox-pages = Pages
inbox-next-page = Page suivante
inbox-first-page = Première page

## Audit log (issue 10)

nav-audit = Journal d’audit
audit-title = Journal d’audit
audit-intro = Chaque action du personnel, une ligne chacune, dans l’ordre où elle a eu lieu. Chaque ligne porte l’empreinte de la précédente : une ligne modifiée, supprimée ou déplacée rompt la chaîne ; `refuge audit verify` la vérifie.
audit-head = Le journal est arrivé à
audit-head-row = la ligne { $number }, empreinte
audit-last-checkpoint = Dernier point de contrôle signé
audit-checkpoint-at = ligne { $number }, écrit le { $day } (UTC)
audit-no-checkpoint = aucun pour l’instant
audit-checkpoint-download = Télécharger un point de contrôle signé
audit-checkpoint-hint = Conservez-le hors de ce serveur (sur papier ou une autre machine) : `refuge audit verify --checkpoint FICHIER` prouve alors que le journal contient encore tout jusqu’à lui.
audit-filters = Filtrer le journal
audit-filter-actor = Qui
audit-filter-action = Action
audit-filter-report = Signalement (son identifiant)
audit-export-csv = Exporter ces lignes en CSV
audit-empty = Aucune ligne ne correspond à ces filtres.
audit-col-row = Ligne
audit-col-when = Quand (UTC)
audit-col-who = Qui
audit-col-action = Action
audit-col-report = Signalement
audit-col-subject = Objet
audit-col-hash = Empreinte
audit-former-account = un ancien compte
audit-actor-server = le serveur
audit-action-first_admin_created = Installation par le premier administrateur
audit-action-staff_added = Compte ajouté
audit-action-staff_invited = Compte invité
audit-action-invitation_accepted = Invitation acceptée
audit-action-invitation_withdrawn = Invitation retirée
audit-action-staff_disabled = Compte désactivé
audit-action-staff_enabled = Compte réactivé
audit-action-password_changed = Mot de passe changé
audit-action-session_ended = Session terminée
audit-action-login = Connexion
audit-action-report_opened = Signalement ouvert
audit-action-report_access_granted = Accès à un signalement donné
audit-action-message_to_reporter = Message à une personne ayant signalé
audit-action-file_downloaded_clean = Fichier téléchargé (copie de travail)
audit-action-file_downloaded_original = Fichier téléchargé (original)
audit-action-status_changed = Statut changé
audit-action-urgency_changed = Urgence changée
audit-action-assignee_changed = Attribution changée
audit-action-labels_changed = Étiquettes changées
audit-action-tactics_recoded = Tactiques recodées
audit-action-deadline_changed = Échéance changée
audit-action-case_key_added = Clé de dossier ajoutée à un signalement
audit-action-note_written = Note écrite
audit-action-team_created = Équipe créée
audit-action-team_changed = Équipe modifiée
audit-action-team_deleted = Équipe supprimée
audit-action-routing_changed = Routage modifié
audit-action-recovery_key_created = Clé de récupération créée
audit-action-recovery_key_used = Clé de récupération utilisée
audit-action-login_failed = Échec de connexion
audit-action-audit_exported = Journal d’audit exporté
audit-action-audit_checkpoint_written = Point de contrôle écrit

## Double authentification

tf-title = Double authentification
tf-link = Double authentification
tf-required = Votre organisation exige la double authentification. Configurez-la pour continuer.
tf-intro = Un second facteur garde votre compte fermé à quiconque apprendrait votre mot de passe. Utilisez une application d'authentification sur un téléphone, ou une clé matérielle qui saisit un code à six chiffres.
tf-kind-legend = Qu'allez-vous utiliser ?
tf-kind-totp = Une application d'authentification (recommandé)
tf-kind-hotp = Une clé matérielle qui saisit un code à six chiffres (mode HOTP)
tf-begin = Configurer
tf-step-scan = 1. Scannez ce code avec votre application d'authentification, ou saisissez-y la clé ci-dessous.
tf-step-program = 1. Programmez votre clé avec ce secret, en mode HOTP à six chiffres. Avec une YubiKey, par exemple :
tf-secret = Clé
tf-qr-label = Code QR pour votre application d'authentification
tf-recovery-title = 2. Vos codes de récupération
tf-recovery-hint = Notez-les ou imprimez-les, et conservez-les à l'écart de votre téléphone ou de votre clé. Si vous perdez votre appareil, chacun fonctionne une seule fois, à la place d'un code. Ils ne sont affichés que jusqu'à votre confirmation.
tf-confirm-title = 3. Confirmer
tf-confirm-label = Le code que votre application ou votre clé affiche maintenant
tf-confirm = Activer la double authentification
tf-restart = Recommencer avec une nouvelle clé
tf-cancel = Annuler
tf-on = La double authentification est activée ({ $kind }) depuis le { $day }.
tf-kind-name-totp = application d'authentification
tf-kind-name-hotp = clé matérielle
tf-codes-left = Codes de récupération restants : { $count }
tf-codes-low = Il ne reste que { $count } codes de récupération. Pour en obtenir de nouveaux, désactivez la double authentification, puis configurez-la de nouveau.
tf-remove-label = Un code de votre application ou de votre clé, ou un code de récupération
tf-remove = Désactiver la double authentification
tf-remove-required = Votre organisation exige la double authentification : vous ne pouvez donc pas la désactiver ici. Si vous perdez votre appareil et vos codes de récupération, un administrateur peut la réinitialiser.
tf-enabled = La double authentification est activée. Gardez vos codes de récupération en lieu sûr.
tf-removed = La double authentification est désactivée.
tf-cancelled = La configuration de la double authentification a été annulée.
tf-code-wrong = Ce code est incorrect ou a déjà été utilisé. Les codes de l'application changent toutes les 30 secondes : vérifiez que l'horloge de votre téléphone est à l'heure, et attendez le code suivant.
tf-code-missing = Saisissez le code.
tf-code-title = Saisissez votre code
tf-code-intro = Votre mot de passe est correct. Saisissez le code à six chiffres de votre application d'authentification, ou appuyez sur le bouton de votre clé. Vous avez perdu votre appareil ? Saisissez plutôt l'un de vos codes de récupération.
tf-code-label = Code
tf-code-expired = Cette connexion a pris trop de temps ou a reçu trop de codes incorrects. Reconnectez-vous.
tf-state-on = activée
tf-state-off = désactivée
staff-col-two-factor = Double authentification
staff-tf-reset = Réinitialiser la double authentification
staff-tf-reset-done = La double authentification de { $username } a été réinitialisée. Cette personne pourra la configurer de nouveau à sa prochaine connexion.
audit-action-two_factor_enabled = Double authentification activée
audit-action-two_factor_removed = Double authentification désactivée ou réinitialisée
audit-action-recovery_code_used = Code de récupération utilisé
audit-action-reports_purged = Signalements supprimés par les règles de conservation
tf-code-expired-link = Recommencer la connexion

## Conservation

retention-title = Conservation
retention-off-warning = Les signalements sont conservés jusqu'à ce que quelqu'un les supprime : aucune règle de conservation n'est définie (retention.closed_days et retention.any_days dans la configuration). Des signalements conservés plus longtemps que nécessaire mettent en danger les personnes qui les ont envoyés si ce serveur ou ses sauvegardes sont un jour saisis.
retention-closed = Les signalements fermés sont supprimés { $days } jours après leur fermeture (plus tôt ou plus tard pour les sous-statuts qui ont leur propre durée).
retention-any = Chaque signalement est supprimé { $days } jours après son arrivée, quel que soit son statut.
retention-substatus = { $name } : supprimé { $days } jours après la fermeture.
tf-locked = Trop de codes erronés d'affilée. Les codes de votre application ou de votre clé sont refusés jusqu'à ce que vous vous connectiez avec l'un de vos codes de récupération, ou qu'un administrateur réinitialise votre double authentification.

## Correlation (drafted translation — needs native review)
identifier-kind-qq = QQ
identifier-kind-telegram = Telegram
identifier-kind-whatsapp = WhatsApp
identifier-kind-signal = Signal
identifier-kind-x = X (Twitter)
identifier-kind-weibo = Weibo
identifier-kind-facebook = Facebook
identifier-kind-instagram = Instagram
identifier-kind-tiktok = TikTok
identifier-kind-douyin = Douyin
identifier-kind-url = Site ou adresse Web
identifier-kind-payment = Compte bancaire ou identifiant de paiement
identifier-kind-other = Autre chose
nav-connections = Liens entre signalements
audit-action-correlation_key_created = Clé de recoupement créée
audit-action-identifier_added = Identifiant ajouté par un intervenant
audit-action-identifier_removed = Identifiant retiré par un intervenant
audit-action-identifier_looked_up = Identifiant recherché
audit-action-partner_added = Organisme partenaire ajouté
audit-action-partner_removed = Organisme partenaire retiré
audit-action-report_referred = Signalement transmis à un partenaire
audit-action-consent_changed = Consentement modifié par la personne qui signale
correlation-section = Identifiants et liens
correlation-unavailable = Le recoupement entre signalements n'est pas encore disponible pour votre compte. Il le sera dès qu'un ou une collègue qui y a déjà accès se connectera.
correlation-pending = Signalements encore en cours d'indexation : { $count }. Des correspondances peuvent manquer tant que l'indexation n'est pas terminée.
correlation-none-recorded = Aucun identifiant n'est enregistré pour ce signalement.
correlation-recorded-by = Enregistré par
correlation-other-reports = Autres signalements
correlation-by-reporter = Personne qui signale
correlation-by-caseworker = Intervenant
correlation-remove = Retirer
correlation-no-match = Aucun autre signalement
correlation-others = Autres signalements que vous ne pouvez pas lire : { $count }. Demandez à un ou une collègue qui y a accès.
correlation-how-exact = identique
correlation-how-transliterated = par translittération
correlation-report-link = Signalement reçu le { $day }
correlation-add = Ajouter un identifiant
correlation-add-hint = Un numéro entendu lors d'un appel, un compte trouvé dans un fichier : il est recoupé avec les autres signalements comme ceux donnés par la personne qui signale, et seuls les intervenants le voient.
correlation-add-button = Ajouter l'identifiant
correlation-added = L'identifiant a été ajouté.
correlation-removed = L'identifiant a été retiré.
correlation-see-below = { $count } — voir leurs liens ci-dessous
case-error-too-many-identifiers = Ce dossier contient déjà le nombre maximal d'identifiants. Rien n'a été modifié.
lookup-title = Rechercher un identifiant
lookup-hint = Ce numéro, ce compte ou ce nom figure-t-il dans un signalement ? La comparaison se fait après normalisation : les espaces, les indicatifs de pays, l'écriture utilisée et les lettres qui se ressemblent ne comptent pas. Seul le type recherché est inscrit au journal d'audit, jamais ce que vous avez saisi.
lookup-legend = Identifiant
lookup-region = Pays, pour un numéro écrit sans son indicatif
lookup-region-any = N'importe lequel des pays proposés
lookup-button = Rechercher
lookup-result = Résultat
lookup-nothing = Il ne figure dans aucun signalement.
lookup-found = Nombre de signalements où il figure : { $count }.
clusters-title = Signalements liés
clusters-hint = Groupes de signalements que vous pouvez lire et qui ont des identifiants en commun. Un trait en pointillés signifie que les signalements ne se rejoignent que par une translittération (un nom écrit dans une autre écriture).
clusters-min = Taille minimale des groupes
clusters-show = Afficher
clusters-none = Aucun des signalements que vous pouvez lire n'a encore d'identifiant en commun avec un autre.
clusters-count = Nombre de groupes : { $count }.
clusters-group = Groupe { $number } : { $count } signalements
clusters-joined-by = Reliés par :
clusters-graph-caption = Chaque point est un signalement, étiqueté avec le jour de sa réception ; un trait relie les signalements qui ont un identifiant en commun. Le tableau donne la même information.
clusters-report = Signalement
clusters-shares-with = A des identifiants en commun avec
