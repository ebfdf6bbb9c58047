# Refuge — English (source language).
# Every user-visible string of the interface lives here; the other five locales mirror these ids.

## Layout

site-name = Refuge
quick-exit = Leave this site quickly
quick-exit-hint = Opens a neutral website. Close the tab afterwards: it does not erase your browser history.
footer-privacy = This site records no IP address, needs no JavaScript and loads nothing from other websites.
language-label = Language
optional = (optional)
yes = Yes
no = No
not-given = Not given

## Landing page

landing-title = Report harassment by a foreign state, safely
landing-intro = If agents of a state you left have threatened, watched or pressured you or your family abroad, you can tell us here. You do not need to give your name.
choose-language = Choose your language
safety-title = Before you start
safety-tor = Use Tor Browser if you can. This site works with its “Safest” setting, without JavaScript.
safety-device = If your phone or computer may be monitored, use another device, for example a trusted friend's or a public library's.
safety-exit = The “Leave this site quickly” button at the top of every page opens a neutral website. Close the tab afterwards: it does not erase your history.
safety-receipt = After you send a report you get a receipt number. It is shown only for a few minutes after sending: write it down and keep it somewhere safe.
safety-stored = We do not record your IP address or your browser. What you write is encrypted so that only our caseworkers can read it.
start-report = Start a report

## Report form

report-title = Your report
report-intro = Fill in what you can. Only a description or at least one kind of harassment is needed; everything else is optional.
report-not-accepting = This service cannot accept reports at the moment because no caseworker is set up to receive them yet. Nothing you type here would be sent. Please come back later.
report-errors-summary = Some answers need your attention. Everything you wrote is kept; please check the fields marked below.
section-what = What happened?
section-what-hint = Choose everything that applies.
tactic-group-direct_physical = In person
tactic-group-legal_administrative = Legal or administrative pressure
tactic-group-coercion_by_proxy = Pressure through family
tactic-group-digital = Online and by phone
tactic-group-community = In the community
tactic-assault = Physical assault
tactic-abduction = Abduction or attempted forced return
tactic-physical_surveillance = Being followed or watched
tactic-intimidation_visit = Intimidating or “persuasion” visit, including by an alleged “police station”
tactic-interpol_extradition = Interpol notice or extradition request
tactic-document_refused = Passport or document renewal refused
tactic-consular_denied = Consular services denied
tactic-asset_freezing = Assets frozen or seized
tactic-relatives_threatened = Relatives in the home country threatened, questioned, detained or punished, or used to pass on demands
tactic-demand_to_return = Demands to return
tactic-threat_online = Threats or harassment by phone or online
tactic-hacking_phishing = Hacking or phishing
tactic-spyware = Spyware
tactic-doxxing = Personal details published (doxxing)
tactic-impersonation = Someone pretending to be you
tactic-smear_campaign = Smear or disinformation campaign
tactic-informant_demand = Asked to inform on others
tactic-association_pressure = Pressure through community associations
tactic-event_monitoring = Events or protests watched

section-when = When did it happen?
section-when-hint = If it happened many times, choose the most recent month.
field-month = Month
field-year = Year
choose = Choose…
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

section-where = Where were you when it happened?
field-host-country = Country
field-host-region = Province, state or region
field-city = City
field-city-hint = Only if you are comfortable sharing it. The city is encrypted.
country-AU = Australia
country-AT = Austria
country-BE = Belgium
country-CA = Canada
country-CZ = Czechia
country-DK = Denmark
country-FI = Finland
country-FR = France
country-DE = Germany
country-IN = India
country-IE = Ireland
country-IT = Italy
country-JP = Japan
country-KZ = Kazakhstan
country-KG = Kyrgyzstan
country-MY = Malaysia
country-NP = Nepal
country-NL = Netherlands
country-NZ = New Zealand
country-NO = Norway
country-PL = Poland
country-KR = South Korea
country-ES = Spain
country-SE = Sweden
country-CH = Switzerland
country-TW = Taiwan
country-TH = Thailand
country-TR = Türkiye
country-AE = United Arab Emirates
country-GB = United Kingdom
country-US = United States
country-UZ = Uzbekistan
country-ZZ = Another country

section-who = Who was targeted?
target-self = Me
target-relative_abroad = A relative living abroad
target-relative_in_origin_state = A relative in the home country

field-community = Community
community-uyghur = Uyghur
community-tibetan = Tibetan
community-hong_kong = Hong Kong
community-southern_mongolian = Southern Mongolian
community-chinese_dissident = Chinese dissident or pro-democracy
community-falun_gong = Falun Gong
community-taiwanese = Taiwanese
community-other = Other

field-origin-state = Which state do you think is behind it?
origin-CN = China
origin-RU = Russia
origin-IR = Iran
origin-TR = Türkiye
origin-SA = Saudi Arabia
origin-EG = Egypt
origin-RW = Rwanda
origin-ER = Eritrea
origin-VN = Vietnam
origin-TJ = Tajikistan
origin-BY = Belarus

section-identifiers = What do you know about the people involved?
section-identifiers-hint = Phone numbers, e-mail addresses, accounts, names they used, vehicle plates or places — one per line. They help us see whether the same people target others.
field-identifier-kind = Kind
field-identifier-value = Details
identifier-kind-phone = Phone number
identifier-kind-email = E-mail address
identifier-kind-wechat = WeChat
identifier-kind-messenger_or_social = Other messenger or social media account
identifier-kind-name_used = Name they used
identifier-kind-vehicle_plate = Vehicle plate
identifier-kind-place = Place
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
identifier-kind-url = Website or web address
identifier-kind-payment = Bank account or payment handle
identifier-kind-other = Something else
add-identifier-lines = Add more lines
limit-characters = At most { $max } characters.
limit-identifiers = Up to { $lines } lines, each at most { $max } characters.

section-narrative = Tell us what happened
section-narrative-hint = In any language. Whatever you feel is important: what was said, by whom, how often.

section-consent = What may we do with your report?
consent-hint = If you leave these unticked, your report stays with our caseworkers.
consent-refer_to_police = You may pass my report to the police.
consent-refer_to_partners = You may pass my report to partner organisations (legal aid, digital security help, support groups).
consent-research_statistics = You may count my report in anonymous statistics.

section-contact = How may we contact you?
contact-platform = Only through this website, with my receipt number (safest)
contact-other = Another way
field-contact-details = How to contact you
contact-details-hint = For example a Signal number. Only our caseworkers can read it.
submit-report = Send report

## Field problems

problem-narrative_or_tactic_required = Please describe what happened, or choose at least one kind of harassment.
problem-too_long = This is too long: at most { $max } characters are possible, and this has { $excess } more. Everything you wrote is kept here: please shorten it.
problem-too_many = Too many lines: at most { $max }.
problem-control_characters = This contains invisible control characters. Please retype it.
problem-unknown_code = Please choose one of the options offered.
problem-region_without_country = Please choose the country as well.
problem-region_not_in_country = This region is not in the chosen country.
problem-month_malformed = Please choose both a month and a year, or neither.
problem-month_in_future = This date is in the future.
problem-month_too_old = Please choose a year from 1950 on.
problem-contact_details_required = Please tell us how to contact you, or choose “Only through this website”.
problem-contact_details_with_platform_only = You wrote how to contact you, but chose “Only through this website”. Choose “Another way” if we may use these details, or remove them.
problem-identifier_kind_required = Please choose what kind of detail this is.

## Receipt

receipt-title = Your report was received
receipt-intro = Thank you. Your report is stored safely and only our caseworkers can read it.
receipt-label = Your receipt number
receipt-keep = Write this number down now and keep it somewhere safe. This page shows it for { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
} after sending, in this browser only; after that nobody can see it again, not even us. With it you can come back, read our replies and add information — and so could anyone who finds it.
receipt-groups = { $groups } groups of 4 digits, { $digits } digits in all. Spaces do not matter when you type it.
receipt-hide = I have written it down: hide it now
receipt-no-files = No files were sent with this report.
receipt-no-longer-shown = Your report was received. For your safety its receipt number is no longer shown here. You can send another report below.
receipt-hidden = The receipt number is hidden and will not be shown again. You can send another report below.
already-received-title = This report was already received
already-received = This form was sent before, and the report was received then. Nothing was stored twice. For your safety its receipt number is not shown again.
already-received-next = If you wrote the receipt number down, you can follow up on your report:
report-another = Send another report
changed-title = Your report was already received
changed-intro = This form had already been sent, and that report was received. What you changed since was not added to it, and nothing was stored twice.
changed-offer-title = Send your changes as a message
changed-offer = Below is what you wrote in the form just now. Check it, change it if you like, and send it: the caseworkers will see it as a message with your report.
changed-message-label = Your message to the caseworkers
changed-send = Add to my report
changed-or-leave = If you do not want to send it, simply leave this page. Files chosen again were not added; you can add files later with your receipt number.
addition-sent = Your message was added to the report you sent.
addition-too-late = This report can no longer be found from this page. Copy your text, then sign in with your receipt number on the follow-up page to send it.
receipt-repeated = This report had already been received; here is its receipt number again.
receipt-next = What happens next: a caseworker will read your report. We will share it only as you allowed.
receipt-done = When you have written the number down, close this tab.

## Errors

error-title = Something went wrong
error-form-expired = This form has expired. Your answers are kept below; please send it again.
error-save-failed = We could not save your report, so nothing was stored. Your answers are kept below; please try again in a moment.
error-save-failed-message = We could not save your message, so nothing was sent. It is kept below; please try again in a moment.
error-page-outdated = This page was out of date (from an earlier session), so nothing was sent. Your text is kept below: please check it and send it again.
error-page-outdated-files = This page was out of date, so the files were not added. Please choose them again.
error-not-found = This page does not exist.
error-method = This address does not accept that kind of request.
error-too-large = What you sent is too large.
error-bad-request = We could not read what was sent. Please go back and try again.
error-forbidden = You are not allowed to do this.
error-cross-site = This request came from another website and was refused.
error-timeout = The request took too long.
error-try-later = Too much is arriving at once. Nothing was lost; please try again in a few minutes.
error-signed-out = You are not signed in, or your session has ended. Please sign in again.
error-generic = Something went wrong on our side. Please try again. If it keeps happening, give the administrator this code: { $request }
error-back-home = Back to the start page
error-back-inbox = Back to the inbox

## Staff area

staff-login-title = Staff sign-in
field-username = Username
field-password = Password
field-password-confirm = Password again
sign-in = Sign in
sign-out = Sign out
login-failed = Wrong username or password.
sign-in-from-this-page = For your safety, this sign-in was not tried: it did not come from this site's own page. Please sign in again here.
login-throttled = Too many failed attempts for this account. Try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
login-setup-pending = Set-up is not finished: no administrator exists yet. Open the one-time set-up link the server printed when it started. If it is lost, run “refuge setup-link” on the server to print a new one.
login-plain-http = This page seems to be reached over plain HTTP, at an address other than the server's own computer. Browsers keep the secure sign-in cookie only over HTTPS (or on localhost and onion services), so signing in cannot work here. Serve Refuge over HTTPS or as an onion service (and set server.public_url), or, on a trusted local network only, set web.secure_cookies to false.
login-cookie-refused = You signed in, but your browser did not keep the sign-in cookie, so you are still signed out. Please allow cookies for this site and sign in again.
staff-kept-back = You are signed in again. Your message is back in the box below; it has not been sent yet.
staff-session-ended-kept = Your session ended, so your message was not sent. Sign in again: it will be back in its box, unsent. It is not stored on the server meanwhile.
session-expired = Please sign in.
nav-inbox = Inbox
nav-staff = Staff accounts
nav-account = My account

inbox-title = Inbox
inbox-empty = No reports yet.
inbox-col-received = Received
inbox-col-status = Status
inbox-col-tactics = What happened
inbox-col-region = Where
inbox-col-language = Language
inbox-open = Open
inbox-no-access = No key yet
status-received = Received
status-triaged = Triaged
status-in_progress = In progress
status-referred = Referred
status-closed = Closed

report-view-title = Report received { $day }
report-field-status = Status
report-field-language = Language
report-field-occurred = When
report-field-where = Where
report-field-id = Reference
report-no-access = You do not hold a key to this report yet: it was sealed before your account could receive it. A colleague who can read it can give you access.
report-readers = Who holds a key to this report
report-grant = Give a colleague access
report-grant-button = Give access
report-granted = Access given.
report-contact-platform-only = Only through this website

admin-staff-title = Staff accounts
admin-col-username = Username
admin-col-role = Role
admin-col-receives = Receives new reports
field-role = Role
role-admin = Administrator
role-caseworker = Caseworker
role-researcher = Researcher
role-auditor = Auditor
admin-grant-all = Give access to every report I can read
admin-granted-all = { $count } reports shared with { $username }.
admin-disable = Disable account
admin-disable-title = Disable an account
admin-disable-question = Disable the account { $username }?
admin-disable-consequences = Their sessions end at once, they can no longer sign in, and new reports are no longer encrypted to them. Nothing can recall what they have already read. You can enable the account again later; reports that arrive meanwhile are not encrypted to it, but a colleague can share them.
admin-disable-confirm = Disable the account
cancel = Cancel
admin-enable = Enable account
admin-enabled-notice = Account { $username } enabled: it can sign in again, and if its role receives reports, new ones are encrypted to it again. Reports that arrived while it was disabled must be shared with it.
admin-disabled-notice = Account { $username } disabled: its sessions have ended and new reports are no longer encrypted to it.
admin-status-disabled = Disabled
account-rule-username_invalid = Usernames have 2–64 characters: lowercase letters, digits, “.”, “_” or “-”.
account-rule-password_too_short = The password must have at least 12 characters.
account-rule-password_too_long = The password is too long.
password-mismatch = The two passwords differ.
username-taken = This username is already taken.

setup-title = Set up Refuge
setup-intro = Create the first administrator account. This link works only once.
setup-no-recovery = Write the password down and keep it somewhere safe: nobody can recover it. Your key is sealed under it, and without it the reports sealed to you cannot be opened. Add a second administrator soon after set-up.
setup-button = Create administrator
setup-done = Setup is already complete. Please sign in.
setup-invalid = This set-up link is not valid, already used or expired. Run “refuge setup-link” on the server to print a new one.

account-title = Your account
account-change-password = Change your password
account-change-hint = Your key is sealed under your password. If you forget it, nobody can recover the key: a colleague would have to give a new account access to your reports again.
field-current-password = Current password
field-new-password = New password
account-password-button = Change password
password-changed = Your password was changed.
password-wrong-current = The current password is wrong.

## Follow-up (reporter)

followup-link = Already sent a report? Read replies and add information with your receipt.
followup-title = Follow up on your report
followup-intro = Enter the receipt number you were given when you sent your report. You will see its status and our messages, and you can answer and send files. Your report itself is not shown again, for your safety.
followup-receipt-label = Receipt number
followup-receipt-hint = 28 digits. Spaces and dashes do not matter, and you can type the digits in any script.
followup-open = Open
followup-invalid = This receipt number was not recognised. Please check the digits and try again.
followup-wrong-length = A receipt number has 28 digits, in 7 groups of 4. Please check that you typed all of them, and only them.
followup-typo = This number has a typo: one digit is wrong, or two digits are swapped. Please check each group of four.
followup-kept-back = You are signed in again. Your message is back in the box below; it has not been sent yet.
followup-session-ended-kept = Your session ended, so your message was not sent. Sign in again with your receipt number: your message will be back in the box, unsent. It is not stored anywhere meanwhile.
followup-cookie-refused = You signed in, but your browser did not keep this site's sign-in cookie, so you cannot stay signed in. Please allow cookies for this site (Tor Browser allows them) and sign in again.
followup-throttled = Too many attempts with this receipt number. Please wait { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
} and try again.
followup-case-title = Your report
followup-status-label = Status
followup-status-since = (since { $day })
followup-safety = For your safety your report is not shown again here. You can add information, answer questions and send files.
followup-messages = Messages
followup-no-messages = No messages yet.
followup-from-you = You
followup-from-caseworker = Caseworker
followup-hide = Remove from my view
followup-hidden = The message was removed from your view.
followup-reply-label = Write to the caseworkers
followup-send = Send
followup-sent = Your message was sent.
followup-files = Your files
followup-no-files = No files yet.
followup-add-files = Add files
followup-add = Send the files
followup-files-added = Your files were received.
followup-sign-out = Sign out
followup-signed-out-title = Signed out
followup-signed-out = You are signed out. To be safe, close this browser window now.
followup-back-home = Back to the start page
status-plain-received = Received: waiting for a caseworker to read it
status-plain-triaged = Read by a caseworker, who is deciding what can be done
status-plain-in_progress = A caseworker is working on it
status-plain-referred = Passed on, as you allowed, to another organisation
status-plain-closed = Closed
problem-empty = Please write something first.

## Evidence files

field-files = Files: screenshots, photos, recordings, documents
field-files-hint = Up to { $count } files at once, { $per_file } MB per file and { $per_report } MB in all. Photos and PDFs get a copy without hidden details such as location for the caseworkers; your original is kept sealed as evidence.
files-reselect = Files are not kept when the form is shown again: please choose them again.
error-file-too-large = A file is larger than { $max } MB. Please send a smaller file or split it.
error-report-files-too-large = Together the files are larger than { $max } MB. Please send fewer or smaller files.
error-daily-upload-limit = The service cannot accept more files today. Please try again tomorrow; you can send your text now without the files.
error-too-many-files = Please send at most { $max } files at once.
error-no-files = Please choose at least one file.
error-empty-file = A file you chose is empty. Please choose it again, or another file.
file-size = { $kib } KB
file-cleaned = For the caseworkers a working copy was made without: { $removed }. Your original is kept sealed as evidence.
file-cleaned-nothing-found = No hidden details were found. A working copy was made anyway, and your original is kept sealed as evidence.
file-not-cleaned = This kind of file cannot be cleaned automatically: it is kept sealed exactly as you sent it.
removed-location = location (GPS)
removed-camera_details = camera make, model and serial numbers
removed-dates = dates and times
removed-author = author names
removed-software = software names
removed-comments = comments and descriptions
removed-thumbnail = embedded preview pictures
removed-other_metadata = other hidden details
receipt-files = Files received
evidence-download = Save the evidence receipt
evidence-hint = A signed text file with the day, and the names, sizes and SHA-256 fingerprints of your files. It proves that these exact files were received. Keep it somewhere safe, away from this device if it may be checked.
evidence-title = Refuge evidence receipt
evidence-intro = This service received the files listed below on the day shown. The signature at the end, made with the service's Ed25519 key, shows that this text has not been changed since.
evidence-day = Day received
evidence-files = Files
evidence-key-published = The public key that checks this signature is published at:
evidence-key-published-path = The public key that checks this signature is published by this service, at this path of its address:
evidence-fingerprint = Its fingerprint (SHA-256 of the key in DER form) is:
evidence-instance = Issued by the service instance:
evidence-report = Reference of the report these files belong to (the service's caseworkers can match it; it reveals nothing of the report to anyone else):
evidence-verify = To verify: fetch the public key, check that its fingerprint matches, and follow “Verifying an evidence receipt” in the service's operations guide (OpenSSL is enough).
evidence-hint-window = You can save it here for { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}; later, sign in with your receipt number to save it.
evidence-too-late = The evidence receipt can no longer be saved from this page. Sign in with your receipt number on the follow-up page to save it there.

## Casework: conversation and files

inbox-unread = New from reporter
messages-title = Conversation with the reporter
messages-none = No messages yet.
message-from-reporter = Reporter
message-from-former-staff = Former colleague
message-hidden-by-reporter = removed from the reporter's view
message-write = Write to the reporter
message-send = Send to the reporter
message-sent = Message sent to the reporter.
report-files = Evidence files
report-no-files = No files.
file-download-clean = Download the working copy (hidden details removed)
file-download-original = Download the sealed original (may contain location and other details)
file-saved-as = Saved as { $name }, because its content is not what its name says.
report-evidence-reference = Reference on this report's evidence receipts
bidi-control-shown = A hidden character that changes the direction of the text. It is shown here so it cannot disguise what the text says.
evidence-name = File name
evidence-size = Size in bytes
list-separator = {", "}
file-cleaned-staff = The working copy lacks: { $removed }.
file-cleaned-nothing-found-staff = No hidden details were found; a working copy was made anyway.
file-not-cleaned-staff = No working copy: this kind of file cannot be cleaned. Open the original with care, on a separate computer if you can.
error-intake-busy = Many reports are arriving right now, so yours has not been sent yet. Please send it again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
} — everything you wrote is kept below.
error-quota-messages = This report holds the most messages it can ({ $max }). Your message was not sent; it is kept below.
error-quota-messages-today = You have sent { $max } messages on this report today, the most for one day. Please send this one tomorrow; it is kept below.
error-quota-files = This report holds the most files it can ({ $max }). Nothing was added.
messages-earlier = Earlier messages
messages-later = Later messages
messages-showing = Messages { $first } to { $last } of { $count }
admin-invite-title = Invite a colleague
admin-invite-hint = They open the link and choose their own password: nobody else ever knows it, you included. The link works once, for 72 hours. Send it to them yourself, over a channel you trust. Administrators and caseworkers receive new reports once they accept; earlier reports need a grant.
admin-invite-button = Create the invitation
admin-invitations-pending = Invitations not used yet
admin-col-expires = Link works until
admin-withdraw = Withdraw
admin-invitation-withdrawn-notice = The invitation was withdrawn; its link no longer works.
username-invited = An invitation for this username is already waiting. Withdraw it first to send a new one.
invite-created-title = Invitation for { $username }
invite-created-link = Their one-time link, shown only now:
invite-created-path-hint = Put it after this server's public address (the one in your browser's address bar).
invite-created-back = Back to staff accounts
invite-title = Join Refuge
invite-intro = { $by } invited you as { $username }, with the role “{ $role }”. Choose your password: nobody else will know it, and without it nobody can read the reports sealed to you.
invite-invalid = This invitation link was used, withdrawn or has expired. Ask your administrator for a new one.
invite-button = Create my account
recipients-title = Who receives new reports
recipients-intro = New reports are sealed to these accounts' keys, and to no one else. Every change to this list is shown below, with who made it and when.
recipients-history = Changes to the list
recipients-col-day = Day
recipients-col-change = Change
recipients-col-by = By
recipients-by-command-line = the server's command line
recipients-none = Nobody receives new reports yet.
recipient-change-first_admin_created = { $username } set up Refuge as its first administrator
recipient-change-staff_added = { $username } was added
recipient-change-staff_invited = { $username } was invited
recipient-change-invitation_accepted = { $username } accepted the invitation
recipient-change-invitation_withdrawn = The invitation for { $username } was withdrawn
recipient-change-staff_disabled = { $username } was disabled
recipient-change-staff_enabled = { $username } was enabled again
recipients-not-receiving = (does not receive reports)
inbox-recipients-changed = Who receives new reports changed on { $day }.
inbox-recipients-see = See the list and its history
nav-recipients = Recipients
nav-connections = Connections
nav-partners = Partners
account-sessions = Where you are signed in
account-sessions-hint = A session ends after 30 minutes without use, or 12 hours in all. End any you do not recognise, then change your password.
account-col-began = Signed in
account-col-last-seen = Last used
account-this-browser = this browser
account-end-session = End
account-session-ended = That session was ended.

## Case work: triage, assignment, labels (issue 10)
inbox-col-select = Select
inbox-col-urgency = Urgency
inbox-col-assignee = Assigned to
inbox-col-labels = Labels
inbox-select-report = Select the report received on { $day }
inbox-bulk-title = With the selected reports
inbox-bulk-assign = Assign to
inbox-bulk-status = Set the status
inbox-bulk-label = Add the label
inbox-bulk-keep = — no change —
inbox-bulk-apply = Apply
inbox-bulk-done = { $count ->
    [one] One report was changed.
   *[other] { $count } reports were changed.
}
inbox-bulk-nothing = Nothing was changed: select at least one report and one change.
urgency-low = Low
urgency-normal = Normal
urgency-high = High
urgency-critical = Critical
case-title = Case
case-status = Status
case-substatus = Sub-status
case-substatus-none = (none)
case-substatus-hint = A sub-status belongs under one status; choosing another status clears it.
case-urgency = Urgency
case-assignee = Assigned to
case-assignee-none = Nobody
case-deadline = Deadline
case-labels = Labels
case-labels-none = No labels are defined yet: an administrator lists them in the configuration ([case] labels).
case-tactics = Tactics as you code them
case-tactics-hint = The reporter's choice is kept as they made it. Statistics count your coding when there is one.
case-tactics-coded = Coded by caseworkers
case-save = Save the case
case-saved = The case was saved.
case-error-substatus = That sub-status does not belong under the status chosen. Nothing was changed.
case-error-assignee = That colleague holds no key to this report yet: give them access first. Nothing was changed.
case-error-label = That label is not defined. Nothing was changed.
case-error-deadline = A deadline is a day written YYYY-MM-DD. Nothing was changed.
notes-title = Internal notes
notes-hint = Only staff who can read this report see its notes. The reporter never does, nor anyone holding the receipt.
notes-none = No notes yet.
notes-version = version { $version }
notes-earlier = Earlier versions
notes-edit = Edit
notes-edit-label = This note, as it should now read (the earlier version is kept)
notes-save-version = Save as a new version
notes-write = A new note
notes-add = Add the note
note-saved = The note was saved.
note-conflict = A colleague changed this note at the same moment, and their version is shown. Your text is kept below.

## Teams, routing and the recovery key (issue 10)
nav-teams = Teams
nav-routing = Routing of new reports
nav-recovery = Recovery key
admin-teams-title = Teams
admin-teams-intro = A team's members receive the reports routed to it, and only they see that those reports exist. Who goes where is set in the
admin-teams-none = No teams yet. Until routing is set, every caseworker receives every report.
admin-team-name = Name
admin-team-name-hint = Lowercase letters, digits, "-" or "_" (it appears in addresses).
admin-team-members = Members
admin-team-save = Save the team
admin-team-delete = Delete the team
admin-team-create = Create a team
admin-team-created = The team was created.
admin-team-saved = The team was saved. New reports follow at once; reports already received move only when someone who can read them gives access.
admin-team-deleted = The team was deleted.
team-error-name = A team's name is 1 to 40 lowercase letters, digits, "-" or "_". Nothing was changed.
team-error-member = A member must be an account that works cases. Nothing was changed.
team-error-in-routing = The routing of new reports still names this team: change the routing first. Nothing was changed.
team-error-taken = Another team has that name. Nothing was changed.
admin-routing-title = Routing of new reports
admin-routing-intro = Each new report goes to the teams of the first rule that matches its language, country, region, community, origin state or tactic; reports no rule matches go to the default teams. A report is sealed only to the members of its teams (and to the recovery key). Changing this affects new reports only.
admin-routing-off = No routing is set: every caseworker receives every new report.
admin-routing-no-teams = Create teams first.
admin-routing-rule = Rule { $number }
admin-routing-any = (any)
admin-routing-origin = Origin state
admin-routing-tactic = Tactic
admin-routing-teams = Send to:
admin-routing-more = Add a rule
admin-routing-default = Default teams (for reports no rule matches)
admin-routing-save = Save the routing
admin-routing-saved = The routing was saved. It applies to reports received from now on.
routing-error-team = The routing names a team that does not exist. Nothing was changed.
routing-error-no-teams = Rule { $number } sends to no team. Nothing was changed.
routing-error-code = Rule { $number } names a region that is not in its country, or a code that is not offered. Nothing was changed.
routing-error-too-many = Too many rules or teams. Nothing was changed.
admin-recovery-title = Organisation recovery key
admin-recovery-intro = Every report, file and message is also sealed to the organisation's recovery key. Its secret half is shown once and never kept here: printed or kept offline, it gives the organisation its cases back when everyone who held them has left (refuge recovery-key grant --to USER).
admin-recovery-present = The organisation has a recovery key.
admin-recovery-none = The organisation has no recovery key: if everyone who holds a report leaves, nobody can open it again. Make one now.
admin-recovery-new = Make a new recovery key
admin-recovery-shown-once = This is the organisation's recovery key. It is shown this once and is not kept on the server. Print it or write it down now, and keep it somewhere safe and offline.
admin-recovery-secret-label = Recovery key
admin-recovery-how = To give a colleague access to every report with it, an administrator runs on the server: refuge recovery-key grant --to USERNAME, and types it in.
admin-recovery-done = I have kept it safe
admin-recovery-continue = I have kept it safe: continue to the inbox
recipient-change-team_created = Team { $username } was created
recipient-change-team_changed = Team { $username } was changed
recipient-change-team_deleted = Team { $username } was deleted
recipient-change-routing_changed = The routing of new reports was changed
recipient-change-recovery_key_created = A new organisation recovery key was made

## Inbox filters and search (issue 10)

inbox-filters-title = Filter and search
inbox-search-label = Search
inbox-search-hint = Words in any script; a case must hold all of them. Put "quotes" around words that belong together. Searches what you can read: the account, identifiers, messages, notes and file names.
inbox-filter-any = Any
inbox-filter-status = Status
inbox-filter-substatus = Sub-status
inbox-filter-urgency = Urgency
inbox-filter-assignee = Assigned to
inbox-filter-assignee-me = Me
inbox-filter-assignee-none = Nobody
inbox-filter-team = Team
inbox-filter-label = Label
inbox-filter-tactic = What happened
inbox-filter-language = Language
inbox-filter-host-country = Host country
inbox-filter-unread = Only cases with something new from the reporter
inbox-filter-from = Received from
inbox-filter-to = Received until
inbox-sort = Order
inbox-sort-newest = Newest first
inbox-sort-oldest = Oldest first
inbox-sort-urgency = Most urgent first
inbox-sort-activity = Latest activity first
inbox-filter-apply = Show
inbox-filter-clear = Clear filters
inbox-filter-none-match = No case matches these filters.
inbox-filter-readable-only = Search and labels look only at cases you hold a key to.
inbox-filter-error = The value chosen for “{ $field }” cannot be used. Choose another from the list; your other choices are kept.
inbox-filter-range = “Received from” is after “Received until”.
inbox-filter-cursor = This link to a further page no longer fits these filters. Press “Show” to start again from the first page.
inbox-search-too-long = The search is longer than { $max } characters. Shorten it and try again.
inbox-search-too-many-terms = The search has more than { $max } words. Leave some out and try again.
inbox-search-term-too-long = One word of the search is too long. Shorten it and try again.
inbox-col-teams = Teams
inbox-pages = Pages
inbox-next-page = Next page
inbox-first-page = First page

## Audit log (issue 10)

nav-audit = Audit log
audit-title = Audit log
audit-intro = Every staff action, one row each, in the order it happened. Each row carries the hash of the one before it, so a row changed, removed or moved breaks the chain; `refuge audit verify` checks it.
audit-head = The log has reached
audit-head-row = row { $number }, hash
audit-last-checkpoint = Last signed checkpoint
audit-checkpoint-at = row { $number }, written { $day } (UTC)
audit-no-checkpoint = none yet
audit-checkpoint-download = Download a signed checkpoint
audit-checkpoint-hint = Keep it away from this server (on paper or another machine): `refuge audit verify --checkpoint FILE` then proves the log still contains everything up to it.
audit-filters = Filter the log
audit-filter-actor = Who
audit-filter-action = Action
audit-filter-report = Report (its id)
audit-export-csv = Export these rows as CSV
audit-empty = No row matches these filters.
audit-col-row = Row
audit-col-when = When (UTC)
audit-col-who = Who
audit-col-action = Action
audit-col-report = Report
audit-col-subject = About
audit-col-hash = Hash
audit-former-account = a former account
audit-actor-server = the server
audit-action-first_admin_created = Set up as first administrator
audit-action-staff_added = Account added
audit-action-staff_invited = Account invited
audit-action-invitation_accepted = Invitation accepted
audit-action-invitation_withdrawn = Invitation withdrawn
audit-action-staff_disabled = Account disabled
audit-action-staff_enabled = Account enabled
audit-action-password_changed = Password changed
audit-action-session_ended = Session ended
audit-action-login = Signed in
audit-action-report_opened = Report opened
audit-action-report_access_granted = Access to a report given
audit-action-message_to_reporter = Message to a reporter
audit-action-file_downloaded_clean = File downloaded (working copy)
audit-action-file_downloaded_original = File downloaded (original)
audit-action-status_changed = Status changed
audit-action-urgency_changed = Urgency changed
audit-action-assignee_changed = Assignee changed
audit-action-labels_changed = Labels changed
audit-action-tactics_recoded = Tactics recoded
audit-action-deadline_changed = Deadline changed
audit-action-case_key_added = Case key added to a report
audit-action-note_written = Note written
audit-action-team_created = Team created
audit-action-team_changed = Team changed
audit-action-team_deleted = Team deleted
audit-action-routing_changed = Routing changed
audit-action-recovery_key_created = Recovery key made
audit-action-recovery_key_used = Recovery key used
audit-action-login_failed = Sign-in failed
audit-action-audit_exported = Audit log exported
audit-action-audit_checkpoint_written = Audit checkpoint written

## Two-factor sign-in

tf-title = Two-factor sign-in
tf-link = Two-factor sign-in
tf-required = Your organisation requires two-factor sign-in. Set it up to continue.
tf-intro = A second factor keeps your account closed to someone who learns your password. Use an authenticator app on a phone, or a hardware key that types a six-digit code.
tf-kind-legend = What will you use?
tf-kind-totp = An authenticator app (recommended)
tf-kind-hotp = A hardware key that types a six-digit code (HOTP mode)
tf-begin = Set it up
tf-step-scan = 1. Scan this code with your authenticator app, or type the key below into it.
tf-step-program = 1. Program your key with this secret, in HOTP mode with six digits. With a YubiKey, for example:
tf-secret = Key
tf-qr-label = QR code for your authenticator app
tf-recovery-title = 2. Your recovery codes
tf-recovery-hint = Write these down or print them, and keep them apart from your phone or key. Each works once, in place of a code, if you lose your device. They are shown only until you confirm.
tf-confirm-title = 3. Confirm
tf-confirm-label = The code your app or key shows now
tf-confirm = Turn on two-factor sign-in
tf-restart = Start again with a new key
tf-cancel = Cancel
tf-on = Two-factor sign-in is on ({ $kind }), since { $day }.
tf-kind-name-totp = authenticator app
tf-kind-name-hotp = hardware key
tf-codes-left = Recovery codes left: { $count }
tf-codes-low = Only { $count } recovery codes are left. To get new ones, turn two-factor sign-in off and set it up again.
tf-remove-label = A code from your app or key, or a recovery code
tf-remove = Turn off two-factor sign-in
tf-remove-required = Your organisation requires two-factor sign-in, so it cannot be turned off here. If you lose your device and your recovery codes, an administrator can reset it.
tf-enabled = Two-factor sign-in is on. Keep your recovery codes safe.
tf-removed = Two-factor sign-in is off.
tf-cancelled = Setting up two-factor sign-in was cancelled.
tf-code-wrong = That code is wrong or was already used. App codes change every 30 seconds: check that your phone's clock is right, and wait for the next code.
tf-code-missing = Enter the code.
tf-code-title = Enter your code
tf-code-intro = Your password was right. Enter the six-digit code from your authenticator app, or press your key's button. Lost your device? Enter one of your recovery codes instead.
tf-code-label = Code
tf-code-expired = This sign-in took too long or had too many wrong codes. Sign in again.
tf-state-on = on
tf-state-off = off
staff-col-two-factor = Two-factor
staff-tf-reset = Reset two-factor
staff-tf-reset-done = Two-factor sign-in for { $username } was reset. They can set it up again when they next sign in.
audit-action-two_factor_enabled = Two-factor sign-in turned on
audit-action-two_factor_removed = Two-factor sign-in turned off or reset
audit-action-recovery_code_used = Recovery code used
audit-action-reports_purged = Reports deleted by the retention rules
audit-action-correlation_key_created = Correlation key made
audit-action-identifier_added = Identifier added by a caseworker
audit-action-identifier_removed = Identifier removed by a caseworker
audit-action-identifier_looked_up = Identifier looked up
audit-action-partner_added = Partner organisation added
audit-action-partner_removed = Partner organisation removed
audit-action-report_referred = Report referred to a partner
audit-action-consent_changed = Reporter changed their consent
tf-code-expired-link = Start the sign-in again

## Retention

retention-title = Retention
retention-off-warning = Reports are kept until someone deletes them: no retention rule is set (retention.closed_days and retention.any_days in the configuration). Reports kept longer than they are needed put reporters at risk if this server or its backups are ever seized.
retention-closed = Closed reports are deleted { $days } days after they were closed (sooner or later for sub-statuses with their own period).
retention-any = Every report is deleted { $days } days after it arrived, whatever its status.
retention-substatus = { $name }: deleted { $days } days after closing.
tf-locked = Too many wrong codes in a row. Codes from your app or key are refused until you sign in with one of your recovery codes, or an administrator resets your two-factor sign-in.

## Correlation: identifiers shared across reports
correlation-section = Identifiers and connections
correlation-unavailable = Matching across reports is not available to your account yet. It starts as soon as a colleague who already has it signs in.
correlation-pending = { $count ->
    [one] One report is still being indexed: its matches may be missing until it is done.
   *[other] { $count } reports are still being indexed: matches may be missing until they are done.
}
correlation-none-recorded = No identifier is recorded for this report.
correlation-recorded-by = Recorded by
correlation-other-reports = Other reports
correlation-by-reporter = Reporter
correlation-by-caseworker = Caseworker
correlation-remove = Remove
correlation-no-match = No other report
correlation-others = { $count ->
    [one] One other report you cannot read — ask a colleague who can.
   *[other] { $count } other reports you cannot read — ask a colleague who can.
}
correlation-how-exact = same
correlation-how-transliterated = through transliteration
correlation-report-link = Report received { $day }
correlation-add = Add an identifier
correlation-add-hint = A number heard on a call, an account found in a file: it is matched across reports like the reporter's own, and only caseworkers see it.
correlation-add-button = Add identifier
correlation-added = The identifier was added.
correlation-removed = The identifier was removed.
correlation-see-below = { $count } — with their connections below
case-error-too-many-identifiers = This case already has as many identifiers as it can hold. Nothing was changed.
lookup-title = Look up an identifier
lookup-hint = Is this number, account or name in any report? It is compared after normalisation: spacing, country codes, scripts and look-alike letters do not matter. Only the kind you look up is recorded in the audit log, never what you typed.
lookup-legend = Identifier
lookup-region = Country for a number written without its country code
lookup-region-any = Any country offered
lookup-button = Look up
lookup-result = Result
lookup-nothing = It is not in any report.
lookup-found = { $count ->
    [one] It is in one report.
   *[other] It is in { $count } reports.
}
clusters-title = Connected reports
clusters-hint = Groups of reports you can read that share identifiers. A dashed line means the reports meet only through a transliteration (a name written in another script).
clusters-min = Smallest group
clusters-show = Show
clusters-none = No reports you can read share an identifier yet.
clusters-count = { $count ->
    [one] One group.
   *[other] { $count } groups.
}
clusters-group = Group { $number }: { $count } reports
clusters-joined-by = Joined by:
clusters-graph-caption = Each dot is a report, labelled with the day it was received; a line joins reports that share an identifier. The table says the same.
clusters-report = Report
clusters-shares-with = Shares identifiers with

## Referral within consent
partner-kind-police = Police
partner-kind-legal_aid = Legal aid
partner-kind-digital_security = Digital security help
partner-kind-research = Research
partner-kind-support = Support services
partner-kind-other = Other organisation
referral-section = Referral
referral-consent-now = What the reporter agrees to now
referral-consent-changed = The reporter changed their consent. Each consent applies from its day on:
referral-made = Referrals made
referral-none = This case has not been referred.
referral-by = sent by { $username }
referral-manifest = Manifest SHA-256:
referral-new = Refer this case
referral-no-partners = No partner organisation is registered yet. An administrator adds them on the Partners page.
referral-hint = Refuge makes a file encrypted to the partner's own key: only they can open it. Choose only what they need. The facts of the case (when, where, which tactics) always go; the reporter's contact details never do. The download is the only copy: send it to the partner the way you agreed with them.
referral-partner = Partner
referral-not-covered = not covered by the reporter's consent
referral-include-facts = the facts of the case
referral-include-narrative = the reporter's account, with the city
referral-include-identifiers = the identifiers
referral-include-messages = the messages with the reporter
referral-files = Files
referral-files-clean = files without identifying metadata
referral-files-original = files exactly as received
referral-files-none = no files
referral-button = Make the encrypted file
referral-refused-police = The reporter has not agreed to their report going to the police. Nothing was sent.
referral-refused-partners = The reporter has not agreed to their report going to partner organisations. Nothing was sent.
referral-refused-partner = Please choose one of the registered partners. Nothing was sent.
partners-title = Partner organisations
partners-hint = Cases may be referred to these organisations, within each reporter's consent: the police need the consent to police referral, every other kind the consent to partner referral. Each partner gives you their age public key (a line beginning age1); bundles are encrypted to it, and they open them with age -d -i their-key.txt.
partners-none = No partner organisation is registered yet.
partners-name = Name
partners-kind = Kind
partners-key = age public key
partners-added = Added
partners-remove = Remove
partners-add = Add a partner organisation
partners-key-hint = One line beginning age1, from the partner (age-keygen prints it as "public key"). Never their secret key.
partners-add-button = Add partner
partners-added-notice = The partner was added.
partners-removed-notice = The partner was removed. Its referrals stay on record.
partners-error-name = A partner's name is 1 to 80 characters on one line. Nothing was added.
partners-error-taken = A partner with this name exists already. Nothing was added.
partners-error-secret = This is a secret key: it must never leave the partner. Ask them for their public key, the line beginning age1. Nothing was added, and the secret key was not kept.
partners-error-key = This is not an age public key. Paste the one line beginning age1 that the partner gave you. Nothing was added.
followup-referrals = Where your case was sent
followup-referred = To { $kind }, on { $day }.
followup-consent = What you allow
followup-consent-unknown = What you chose when you sent your report is not shown here. Choose again below if you want to change it.
followup-consent-legend = Your consent
followup-consent-hint = You can change this at any time. It applies from now on: what was already sent with your agreement cannot be called back by us.
followup-consent-save = Save my choices
followup-consent-saved = Your choices were saved. They apply from now on.
bundle-title = Referral from Refuge
bundle-intro = A case referred to you with the reporter's consent. Please keep it confidential and do not contact the reporter except as agreed with the organisation that sent it.
bundle-received = Received
bundle-tactics = What happened
bundle-messages = Messages between the reporter and the caseworkers
bundle-from-reporter = Reporter
bundle-from-caseworker = Caseworker
bundle-consent = The reporter agreed to this referral. The reporter's contact details are not included.
bundle-verify = manifest.json lists the SHA-256 of every file in this archive; manifest.sig is the sending organisation's signature of it, which evidence-key.pem verifies: openssl pkeyutl -verify -pubin -inkey evidence-key.pem -rawin -in manifest.json -sigfile manifest.sig
