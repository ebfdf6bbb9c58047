# Refuge — Uyghur (ug).
# DRAFT TRANSLATION: drafted by the development team with machine assistance.
# NEEDS REVIEW by a native speaker before production use. Reviewer: please remove this note when done.

## Layout

site-name = Refuge
quick-exit = بۇ تور بېكەتتىن تېز چىقىپ كېتىش
quick-exit-hint = ئادەتتىكى، مۇناسىۋەتسىز بىر تور بېكەتنى ئاچىدۇ. ئاندىن بەتكۈچنى تاقاڭ: بۇ توركۆرگۈڭىزنىڭ زىيارەت خاتىرىسىنى ئۆچۈرمەيدۇ.
footer-privacy = بۇ تور بېكەت ھېچقانداق IP ئادرېسىنى خاتىرىلىمەيدۇ، JavaScript تەلەپ قىلمايدۇ ۋە باشقا تور بېكەتلەردىن ھېچنەرسە يۈكلىمەيدۇ.
language-label = تىل
optional = (ئىختىيارىي)
yes = ھەئە
no = ياق
not-given = كۆرسىتىلمىگەن

## Landing page

landing-title = چەت ئەل دۆلىتىنىڭ پاراكەندىچىلىكىنى بىخەتەر مەلۇم قىلىڭ
landing-intro = ئەگەر سىز ئايرىلىپ چىققان دۆلەتنىڭ ئادەملىرى چەت ئەلدە سىزگە ياكى ئائىلىڭىزگە تەھدىت سالغان، سىلەرنى كۆزەتكەن ياكى بېسىم ئىشلەتكەن بولسا، بۇ يەردە بىزگە ئېيتسىڭىز بولىدۇ. ئىسمىڭىزنى ئېيتىشىڭىزنىڭ ھاجىتى يوق.
choose-language = تىلنى تاللاڭ
safety-title = باشلاشتىن بۇرۇن
safety-tor = ئىمكانىيەت بولسا، Tor Browser نى ئىشلىتىڭ. بۇ تور بېكەت ئۇنىڭ «ئەڭ بىخەتەر» (Safest) تەڭشىكىدە، JavaScript ئىشلەتمەيلا نورمال ئىشلەيدۇ.
safety-device = ئەگەر تېلېفونىڭىز ياكى كومپيۇتېرىڭىز نازارەت قىلىنىۋاتقان بولۇشى مۇمكىن بولسا، باشقا ئۈسكۈنە ئىشلىتىڭ، مەسىلەن ئىشەنچلىك بىر دوستىڭىزنىڭ ياكى ئاممىۋى كۇتۇپخانىنىڭ ئۈسكۈنىسىنى.
safety-exit = ھەر بىر بەتنىڭ ئۈستىدىكى «بۇ تور بېكەتتىن تېز چىقىپ كېتىش» كۇنۇپكىسى مۇناسىۋەتسىز بىر تور بېكەتنى ئاچىدۇ. ئاندىن بەتكۈچنى تاقاڭ: بۇ زىيارەت خاتىرىڭىزنى ئۆچۈرمەيدۇ.
safety-receipt = مەلۇمات يوللىغاندىن كېيىن سىزگە بىر تالون نومۇرى بېرىلىدۇ. ئۇ پەقەت بىرلا قېتىم كۆرسىتىلىدۇ: ئۇنى يېزىۋېلىپ، بىخەتەر بىر يەردە ساقلاڭ.
safety-stored = بىز IP ئادرېسىڭىزنى ياكى توركۆرگۈڭىزنى خاتىرىلىمەيمىز. سىز يازغانلار شىفىرلىنىدۇ، شۇڭا ئۇنى پەقەت مەسئۇل خادىملىرىمىزلا ئوقۇيالايدۇ.
start-report = مەلۇمات يېزىشنى باشلاش

## Report form

report-title = مەلۇماتىڭىز
report-intro = قولىڭىزدىن كېلىشىچە تولدۇرۇڭ. پەقەت بىر چۈشەندۈرۈش ياكى ئاز دېگەندە بىر خىل پاراكەندىچىلىك تۈرىلا زۆرۈر؛ قالغانلىرىنىڭ ھەممىسى ئىختىيارىي.
report-not-accepting = بۇ مۇلازىمەت ھازىرچە مەلۇمات قوبۇل قىلالمايدۇ، چۈنكى ئۇلارنى تاپشۇرۇۋالىدىغان مەسئۇل خادىم تېخى تەڭشەلمىگەن. بۇ يەرگە يازغانلىرىڭىز ھېچيەرگە يوللانمايدۇ. كېيىنرەك قايتا كېلىڭ.
report-errors-summary = بەزى جاۋابلارغا دىققەت قىلىشىڭىز كېرەك. يازغانلىرىڭىزنىڭ ھەممىسى ساقلاندى؛ تۆۋەندە بەلگە قويۇلغان بۆلەكلەرنى تەكشۈرۈپ بېقىڭ.
section-what = نېمە ئىش يۈز بەردى؟
section-what-hint = ماس كېلىدىغانلارنىڭ ھەممىسىنى تاللاڭ.
tactic-group-direct_physical = يۈزمۇيۈز
tactic-group-legal_administrative = قانۇنىي ياكى مەمۇرىي بېسىم
tactic-group-coercion_by_proxy = ئائىلە ئارقىلىق بېسىم
tactic-group-digital = تور ۋە تېلېفون ئارقىلىق
tactic-group-community = جامائەت ئىچىدە
tactic-assault = جىسمانىي ھۇجۇم
tactic-abduction = بۇلاپ كېتىش ياكى زورلاپ قايتۇرۇشقا ئۇرۇنۇش
tactic-physical_surveillance = ئەگىشىۋېلىش ياكى كۆزىتىش
tactic-intimidation_visit = قورقۇتۇش ياكى «قايىل قىلىش» ئۈچۈن ئۆيگە كېلىش، جۈملىدىن «ساقچى پونكىتى» دەپ ئاتالغان ئورۇندىكىلەرنىڭ كېلىشى
tactic-interpol_extradition = ئىنتېرپول ئۇقتۇرۇشى ياكى قايتۇرۇپ بېرىش (ئېكستىرادىتسىيە) تەلىپى
tactic-document_refused = پاسپورت ياكى باشقا ھۆججەتنى يېڭىلاش رەت قىلىنغان
tactic-consular_denied = كونسۇللۇق مۇلازىمىتى رەت قىلىنغان
tactic-asset_freezing = مال-مۈلۈك توڭلىتىلغان ياكى مۇسادىرە قىلىنغان
tactic-relatives_threatened = ۋەتەندىكى تۇغقانلار تەھدىتكە ئۇچرىغان، سوراققا تارتىلغان، تۇتۇپ تۇرۇلغان ياكى جازالانغان، ياكى تەلەپلەرنى يەتكۈزۈشكە ئىشلىتىلگەن
tactic-demand_to_return = قايتىپ كېلىش تەلەپ قىلىنغان
tactic-threat_online = تېلېفون ياكى تور ئارقىلىق تەھدىت ياكى پاراكەندىچىلىك
tactic-hacking_phishing = خاككېرلىق ھۇجۇمى ياكى ئالدامچى ئۇلانما (فىشىڭ)
tactic-spyware = جاسۇسلۇق يۇمشاق دېتالى
tactic-doxxing = شەخسىي ئۇچۇرلار ئاشكارىلانغان (doxxing)
tactic-impersonation = بىرەيلەن ئۆزىنى سىز قىلىپ كۆرسەتكەن
tactic-smear_campaign = قارىلاش ياكى يالغان ئۇچۇر تارقىتىش ھەرىكىتى
tactic-informant_demand = باشقىلار ھەققىدە ئۇچۇر يەتكۈزۈپ بېرىش (چېقىمچىلىق قىلىش) تەلەپ قىلىنغان
tactic-association_pressure = جامائەت تەشكىلاتلىرى ئارقىلىق بېسىم
tactic-event_monitoring = پائالىيەت ياكى نامايىشلار كۆزىتىلگەن

section-when = بۇ ئىش قاچان يۈز بەردى؟
section-when-hint = ئەگەر كۆپ قېتىم يۈز بەرگەن بولسا، ئەڭ يېقىنقى ئاينى تاللاڭ.
field-month = ئاي
field-year = يىل
choose = تاللاڭ…
month-1 = يانۋار
month-2 = فېۋرال
month-3 = مارت
month-4 = ئاپرېل
month-5 = ماي
month-6 = ئىيۇن
month-7 = ئىيۇل
month-8 = ئاۋغۇست
month-9 = سېنتەبىر
month-10 = ئۆكتەبىر
month-11 = نويابىر
month-12 = دېكابىر

section-where = ئىش يۈز بەرگەندە سىز نەدە ئىدىڭىز؟
field-host-country = دۆلەت
field-host-region = ئۆلكە، شتات ياكى رايون
field-city = شەھەر
field-city-hint = پەقەت ئېيتىشنى خالىسىڭىزلا يېزىڭ. شەھەر نامى شىفىرلىنىدۇ.
country-AU = ئاۋستىرالىيە
country-AT = ئاۋسترىيە
country-BE = بېلگىيە
country-CA = كانادا
country-CZ = چېخىيە
country-DK = دانىيە
country-FI = فىنلاندىيە
country-FR = فرانسىيە
country-DE = گېرمانىيە
country-IN = ھىندىستان
country-IE = ئىرېلاندىيە
country-IT = ئىتالىيە
country-JP = ياپونىيە
country-KZ = قازاقىستان
country-KG = قىرغىزىستان
country-MY = مالايسىيا
country-NP = نېپال
country-NL = گوللاندىيە
country-NZ = يېڭى زېلاندىيە
country-NO = نورۋېگىيە
country-PL = پولشا
country-KR = جەنۇبىي كورېيە
country-ES = ئىسپانىيە
country-SE = شىۋېتسىيە
country-CH = شىۋېتسارىيە
country-TW = تەيۋەن
country-TH = تايلاند
country-TR = تۈركىيە
country-AE = بىرلەشمە ئەرەب خەلىپىلىكى
country-GB = ئەنگلىيە
country-US = ئامېرىكا قوشما شتاتلىرى
country-UZ = ئۆزبېكىستان

section-who = كىم نىشانغا ئېلىندى؟
target-self = مەن
target-relative_abroad = چەت ئەلدە ياشايدىغان بىر تۇغقىنىم
target-relative_in_origin_state = ۋەتەندىكى بىر تۇغقىنىم

field-community = جامائەت
community-uyghur = ئۇيغۇر
community-tibetan = تىبەت
community-hong_kong = شياڭگاڭ
community-southern_mongolian = جەنۇبىي موڭغۇل
community-chinese_dissident = خىتاي مۇخالىپەتچىلىرى ياكى دېموكراتىيە تەرەپدارلىرى
community-falun_gong = فالۇن گۇڭ
community-taiwanese = تەيۋەن
community-other = باشقا

field-origin-state = سىزنىڭچە، بۇنىڭ ئارقىسىدا قايسى دۆلەت بار؟
origin-CN = خىتاي
origin-RU = رۇسىيە
origin-IR = ئىران
origin-TR = تۈركىيە
origin-SA = سەئۇدى ئەرەبىستان
origin-EG = مىسىر
origin-RW = رۋاندا
origin-ER = ئېرىترېيە
origin-VN = ۋيېتنام
origin-TJ = تاجىكىستان
origin-BY = بېلارۇسىيە

section-identifiers = ئىشقا چېتىشلىق كىشىلەر ھەققىدە نېمىلەرنى بىلىسىز؟
section-identifiers-hint = تېلېفون نومۇرلىرى، ئېلخەت ئادرېسلىرى، ھېساباتلار، ئۇلار ئىشلەتكەن ئىسىملار، ماشىنا نومۇرلىرى ياكى جايلار — ھەر قۇرغا بىردىن. بۇلار ئوخشاش كىشىلەرنىڭ باشقىلارنىمۇ نىشانغا ئالغان-ئالمىغانلىقىنى بىلىشىمىزگە ياردەم بېرىدۇ.
field-identifier-kind = تۈرى
field-identifier-value = تەپسىلاتى
identifier-kind-phone = تېلېفون نومۇرى
identifier-kind-email = ئېلخەت ئادرېسى
identifier-kind-wechat = WeChat (ئۈندىدار)
identifier-kind-messenger_or_social = باشقا ئالاقە دېتالى ياكى ئىجتىمائىي تاراتقۇ ھېساباتى
identifier-kind-name_used = ئۇلار ئىشلەتكەن ئىسىم
identifier-kind-vehicle_plate = ماشىنا نومۇرى
identifier-kind-place = جاي
add-identifier-lines = يەنە قۇر قوشۇش

section-narrative = نېمە ئىش بولغانلىقىنى بىزگە سۆزلەپ بېرىڭ
section-narrative-hint = خالىغان تىلدا يازسىڭىز بولىدۇ. مۇھىم دەپ قارىغان ھەر قانداق نەرسىنى يېزىڭ: نېمە دېيىلگەن، كىم دېگەن، قانچە قېتىم بولغان.

section-consent = مەلۇماتىڭىزنى قانداق ئىشلىتىشىمىزگە رۇخسەت قىلىسىز؟
consent-hint = بۇلارغا بەلگە قويمىسىڭىز، مەلۇماتىڭىز پەقەت مەسئۇل خادىملىرىمىزدىلا قالىدۇ.
consent-refer_to_police = مەلۇماتىمنى ساقچىغا يەتكۈزۈپ بەرسىڭىزلار بولىدۇ.
consent-refer_to_partners = مەلۇماتىمنى ھەمكارلاشقۇچى تەشكىلاتلارغا (قانۇنىي ياردەم، رەقەملىك بىخەتەرلىك ياردىمى، ياردەم گۇرۇپپىلىرى) يەتكۈزۈپ بەرسىڭىزلار بولىدۇ.
consent-research_statistics = مەلۇماتىمنى نامسىز ستاتىستىكىغا كىرگۈزسىڭىزلار بولىدۇ.

section-contact = سىز بىلەن قانداق ئالاقىلىشايلى؟
contact-platform = پەقەت بۇ تور بېكەت ئارقىلىق، تالون نومۇرۇم بىلەن (ئەڭ بىخەتەر)
contact-other = باشقا يول بىلەن
field-contact-details = سىز بىلەن قانداق ئالاقىلىشىش
contact-details-hint = مەسىلەن، Signal نومۇرى. ئۇنى پەقەت مەسئۇل خادىملىرىمىزلا ئوقۇيالايدۇ.
submit-report = مەلۇماتنى يوللاش

## Field problems

problem-narrative_or_tactic_required = نېمە ئىش يۈز بەرگەنلىكىنى چۈشەندۈرۈڭ، ياكى ئاز دېگەندە بىر خىل پاراكەندىچىلىك تۈرىنى تاللاڭ.
problem-too_long = بۇ بەك ئۇزۇن: ئەڭ كۆپ بولغاندا { $max } ھەرپ.
problem-too_many = قۇر بەك كۆپ: ئەڭ كۆپ بولغاندا { $max } قۇر.
problem-control_characters = بۇنىڭدا كۆرۈنمەيدىغان كونترول ھەرپلىرى بار. قايتا كىرگۈزۈڭ.
problem-unknown_code = بېرىلگەن تاللاشلارنىڭ بىرىنى تاللاڭ.
problem-region_without_country = دۆلەتنىمۇ تاللاڭ.
problem-region_not_in_country = بۇ رايون تاللانغان دۆلەتتە ئەمەس.
problem-month_malformed = ئاي بىلەن يىلنىڭ ھەر ئىككىلىسىنى تاللاڭ ياكى ھېچقايسىسىنى تاللىماڭ.
problem-month_in_future = بۇ چېسلا تېخى كەلمىدى.
problem-month_too_old = 1950-يىلى ياكى ئۇنىڭدىن كېيىنكى بىر يىلنى تاللاڭ.
problem-contact_details_required = سىز بىلەن قانداق ئالاقىلىشىشنى بىزگە ئېيتىڭ، ياكى «پەقەت بۇ تور بېكەت ئارقىلىق» نى تاللاڭ.
problem-identifier_kind_required = بۇنىڭ قايسى تۈردىكى ئۇچۇر ئىكەنلىكىنى تاللاڭ.

## Receipt

receipt-title = مەلۇماتىڭىز تاپشۇرۇۋېلىندى
receipt-intro = رەھمەت. مەلۇماتىڭىز بىخەتەر ساقلاندى، ئۇنى پەقەت مەسئۇل خادىملىرىمىزلا ئوقۇيالايدۇ.
receipt-label = تالون نومۇرىڭىز
receipt-keep = بۇ نومۇرنى ھازىرلا يېزىۋېلىپ، بىخەتەر بىر يەردە ساقلاڭ. ئۇ پەقەت مۇشۇ بىر قېتىملا كۆرسىتىلىدۇ. ئۇنىڭ بىلەن قايتا كىرىپ، جاۋابلىرىمىزنى ئوقۇيالايسىز ۋە ئۇچۇر قوشالايسىز — ئۇنى تېپىۋالغان ھەر قانداق ئادەممۇ شۇنداق قىلالايدۇ.
receipt-repeated = بۇ مەلۇمات ئىلگىرى تاپشۇرۇۋېلىنغان؛ ئۇنىڭ تالون نومۇرى تۆۋەندە قايتا كۆرسىتىلدى.
receipt-next = كېيىنكى قەدەم: بىر مەسئۇل خادىم مەلۇماتىڭىزنى ئوقۇيدۇ. بىز ئۇنى پەقەت سىز رۇخسەت قىلغان دائىرىدىلا ھەمبەھىرلەيمىز.
receipt-done = نومۇرنى يېزىۋالغاندىن كېيىن، بۇ بەتكۈچنى تاقاڭ.

## Errors

error-title = بىر خاتالىق كۆرۈلدى
error-form-expired = بۇ جەدۋەلنىڭ ۋاقتى ئۆتۈپ كەتتى. جاۋابلىرىڭىز تۆۋەندە ساقلاندى؛ قايتا يوللاڭ.
error-save-failed = مەلۇماتىڭىزنى ساقلىيالمىدۇق، شۇڭا ھېچنەرسە خاتىرىلەنمىدى. جاۋابلىرىڭىز تۆۋەندە تۇرۇپتۇ؛ سەل تۇرۇپ قايتا سىناڭ.
error-not-found = بۇ بەت مەۋجۇت ئەمەس.
error-method = بۇ ئادرېس بۇ خىل تەلەپنى قوبۇل قىلمايدۇ.
error-too-large = سىز يوللىغان نەرسە بەك چوڭ.
error-bad-request = يوللانغان نەرسىنى ئوقۇيالمىدۇق. كەينىگە قايتىپ قايتا سىناڭ.
error-forbidden = سىزنىڭ بۇنى قىلىش ھوقۇقىڭىز يوق.
error-cross-site = بۇ تەلەپ باشقا بىر تور بېكەتتىن كەلگەن، شۇڭا رەت قىلىندى.
error-timeout = تەلەپ بەك ئۇزۇن ۋاقىت ئالدى.
error-generic = بىز تەرەپتە بىر خاتالىق كۆرۈلدى. قايتا سىناڭ. ئەگەر داۋاملىق شۇنداق بولسا، باشقۇرغۇچىغا بۇ كودنى بېرىڭ: { $request }
error-back-home = باش بەتكە قايتىش

## Staff area

staff-login-title = خادىملار كىرىشى
field-username = ئىشلەتكۈچى ئاتى
field-password = پارول
field-password-confirm = پارولنى قايتا كىرگۈزۈڭ
sign-in = كىرىش
sign-out = چىقىش
login-failed = ئىشلەتكۈچى ئاتى ياكى پارول خاتا.
login-throttled = بۇ ھېساباتقا كىرىش ئۇرۇنۇشى بەك كۆپ قېتىم مەغلۇپ بولدى. { $minutes } مىنۇتتىن كېيىن قايتا سىناڭ.
session-expired = ھېساباتىڭىزغا كىرىڭ.
nav-inbox = كىرىش ساندۇقى
nav-staff = خادىملار ھېساباتى
nav-account = ھېساباتىم

inbox-title = كىرىش ساندۇقى
inbox-empty = تېخى ھېچقانداق مەلۇمات يوق.
inbox-col-received = تاپشۇرۇۋېلىنغان ۋاقىت
inbox-col-status = ھالەت
inbox-col-tactics = نېمە ئىش يۈز بەرگەن
inbox-col-region = ئورنى
inbox-col-language = تىل
inbox-open = ئېچىش
inbox-no-access = ئاچقۇچ تېخى يوق
inbox-older = كونا مەلۇماتلار
status-received = تاپشۇرۇۋېلىندى
status-triaged = دەسلەپكى باھالاندى
status-in_progress = بىر تەرەپ قىلىنىۋاتىدۇ
status-referred = يۆتكەپ بېرىلدى
status-closed = تاقالدى

report-view-title = { $day } كۈنى تاپشۇرۇۋېلىنغان مەلۇمات
report-field-status = ھالەت
report-field-language = تىل
report-field-occurred = ۋاقتى
report-field-where = ئورنى
report-field-id = پايدىلىنىش نومۇرى
report-no-access = سىزدە بۇ مەلۇماتنىڭ ئاچقۇچى تېخى يوق: ئۇ ھېساباتىڭىز تاپشۇرۇۋېلىشتىن بۇرۇن پېچەتلەنگەن. ئۇنى ئوقۇيالايدىغان بىر خىزمەتدىشىڭىز سىزگە ئوقۇش ھوقۇقى بېرەلەيدۇ.
report-readers = بۇ مەلۇماتنىڭ ئاچقۇچى كىملەردە بار
report-grant = خىزمەتدىشىڭىزغا ھوقۇق بېرىش
report-grant-button = ھوقۇق بېرىش
report-granted = ھوقۇق بېرىلدى.
report-contact-platform-only = پەقەت بۇ تور بېكەت ئارقىلىق

admin-staff-title = خادىملار ھېساباتى
admin-col-username = ئىشلەتكۈچى ئاتى
admin-col-role = رولى
admin-col-receives = يېڭى مەلۇماتلارنى تاپشۇرۇۋالىدۇ
admin-add-staff = خادىم ھېساباتى قوشۇش
admin-add-hint = يېڭى خىزمەتدىشىڭىزغا دەسلەپكى پارولنى يۈزمۇيۈز بېرىڭ. باشقۇرغۇچىلار ۋە مەسئۇل خادىملار بۇنىڭدىن كېيىن يېڭى مەلۇماتلارنى تاپشۇرۇۋالىدۇ؛ ئىلگىرىكى مەلۇماتلار ئۈچۈن ئايرىم ھوقۇق بېرىش كېرەك.
field-role = رولى
role-admin = باشقۇرغۇچى
role-caseworker = مەسئۇل خادىم
role-researcher = تەتقىقاتچى
role-auditor = تەپتىشچى
admin-add-button = ھېسابات قوشۇش
admin-added = { $username } ھېساباتى قوشۇلدى.
admin-grant-all = مەن ئوقۇيالايدىغان بارلىق مەلۇماتلارغا ھوقۇق بېرىش
admin-granted-all = { $count } مەلۇمات { $username } بىلەن ھەمبەھىرلەندى.
admin-disable = ھېساباتنى توختىتىش
admin-disabled-notice = { $username } ھېساباتى توختىتىلدى: ئۇنىڭدىكى بارلىق كىرىشلەر ئاخىرلاشتۇرۇلدى، يېڭى مەلۇماتلار ئەمدى بۇ ھېسابات ئۈچۈن شىفىرلانمايدۇ.
admin-status-disabled = توختىتىلغان
account-rule-username_invalid = ئىشلەتكۈچى ئاتى 2–64 ھەرپ بولۇشى كېرەك: كىچىك لاتىن ھەرپلىرى، رەقەملەر، «.»، «_» ياكى «-».
account-rule-password_too_short = پارول كەم دېگەندە 12 ھەرپ بولۇشى كېرەك.
account-rule-password_too_long = پارول بەك ئۇزۇن.
password-mismatch = ئىككى پارول ئوخشاش ئەمەس.
username-taken = بۇ ئىشلەتكۈچى ئاتى ئاللىقاچان ئىشلىتىلگەن.

setup-title = Refuge نى تەڭشەش
setup-intro = تۇنجى باشقۇرغۇچى ھېساباتىنى قۇرۇڭ. بۇ ئۇلانما پەقەت بىرلا قېتىم ئىشلەيدۇ.
setup-button = باشقۇرغۇچى قۇرۇش
setup-done = تەڭشەش ئاللىقاچان تاماملانغان. ھېساباتىڭىزغا كىرىڭ.
setup-invalid = بۇ تەڭشەش ئۇلانمىسى ئىناۋەتسىز ياكى ۋاقتى ئۆتكەن. يېڭىسىغا ئېرىشىش ئۈچۈن مۇلازىمېتىرنى قايتا قوزغىتىڭ.

account-title = ھېساباتىڭىز
account-change-password = پارولىڭىزنى ئۆزگەرتىش
account-change-hint = ئاچقۇچىڭىز پارولىڭىز بىلەن پېچەتلەنگەن. ئەگەر پارولىڭىزنى ئۇنتۇپ قالسىڭىز، ھېچكىم ئاچقۇچنى ئەسلىگە كەلتۈرەلمەيدۇ: ئۇ چاغدا بىر خىزمەتدىشىڭىز يېڭى بىر ھېساباتقا سىز ئوقۇيالايدىغان مەلۇماتلارنى ئوقۇش ھوقۇقىنى قايتىدىن بېرىشى كېرەك بولىدۇ.
field-current-password = ھازىرقى پارول
field-new-password = يېڭى پارول
account-password-button = پارولنى ئۆزگەرتىش
password-changed = پارولىڭىز ئۆزگەرتىلدى.
password-wrong-current = ھازىرقى پارول خاتا.

## Follow-up (reporter)

followup-link = مەلۇماتىڭىزنى يوللاپ بولدىڭىزمۇ؟ تالون نومۇرىڭىز بىلەن جاۋابلارنى ئوقۇپ، ئۇچۇر قوشالايسىز.
followup-title = مەلۇماتىڭىزنى ئىز قوغلاش
followup-intro = مەلۇمات يوللىغاندا سىزگە بېرىلگەن تالون نومۇرىنى كىرگۈزۈڭ. مەلۇماتىڭىزنىڭ ھالىتىنى ۋە بىزنىڭ خەتلىرىمىزنى كۆرەلەيسىز، جاۋاب يازالايسىز ۋە ھۆججەت يوللىيالايسىز. بىخەتەرلىكىڭىز ئۈچۈن مەلۇماتىڭىزنىڭ ئۆزى قايتا كۆرسىتىلمەيدۇ.
followup-receipt-label = تالون نومۇرى
followup-receipt-hint = 28 خانىلىق رەقەم. بوشلۇق ۋە سىزىقچىلارنىڭ ئەھمىيىتى يوق، رەقەملەرنى خالىغان يېزىقتا كىرگۈزسىڭىز بولىدۇ.
followup-open = ئېچىش
followup-invalid = بۇ تالون نومۇرى تونۇلمىدى. رەقەملەرنى تەكشۈرۈپ، قايتا سىناڭ.
followup-throttled = بۇ تالون نومۇرى بىلەن بەك كۆپ قېتىم سىنالدى. { $minutes } مىنۇت ساقلاپ، قايتا سىناڭ.
followup-case-title = مەلۇماتىڭىز
followup-status-label = ھالەت
followup-status-since = ({ $day } كۈنىدىن باشلاپ)
followup-safety = بىخەتەرلىكىڭىز ئۈچۈن مەلۇماتىڭىز بۇ يەردە قايتا كۆرسىتىلمەيدۇ. ئۇچۇر قوشالايسىز، سوئاللارغا جاۋاب بېرەلەيسىز ۋە ھۆججەت يوللىيالايسىز.
followup-messages = خەتلەر
followup-no-messages = تېخى ھېچقانداق خەت يوق.
followup-from-you = سىز
followup-from-caseworker = مەسئۇل خادىم
followup-hide = مېنىڭ بېتىمدىن چىقىرىۋېتىش
followup-hidden = بۇ خەت سىزنىڭ بېتىڭىزدىن چىقىرىۋېتىلدى.
followup-reply-label = مەسئۇل خادىملارغا خەت يېزىڭ
followup-send = يوللاش
followup-sent = خېتىڭىز يوللاندى.
followup-files = ھۆججەتلىرىڭىز
followup-no-files = تېخى ھېچقانداق ھۆججەت يوق.
followup-add-files = ھۆججەت قوشۇش
followup-add = ھۆججەتلەرنى يوللاش
followup-files-added = ھۆججەتلىرىڭىز تاپشۇرۇۋېلىندى.
followup-sign-out = چىقىش
followup-signed-out-title = چىقىپ بولدىڭىز
followup-signed-out = سىز چىقىپ بولدىڭىز. بىخەتەرلىك ئۈچۈن، بۇ توركۆرگۈ كۆزنىكىنى ھازىرلا تاقاڭ.
followup-back-home = باش بەتكە قايتىش
status-plain-received = تاپشۇرۇۋېلىندى: مەسئۇل خادىمنىڭ ئوقۇشىنى كۈتۈۋاتىدۇ
status-plain-triaged = مەسئۇل خادىم ئوقۇپ چىقتى، نېمە قىلغىلى بولىدىغانلىقىنى ئويلىشىۋاتىدۇ
status-plain-in_progress = بىر مەسئۇل خادىم بىر تەرەپ قىلىۋاتىدۇ
status-plain-referred = سىز رۇخسەت قىلغاندەك، باشقا بىر تەشكىلاتقا يەتكۈزۈپ بېرىلدى
status-plain-closed = تاقالدى
problem-empty = ئالدى بىلەن بىر نەرسە يېزىڭ.

## Evidence files

field-files = ھۆججەتلەر: ئېكران رەسىملىرى، سۈرەتلەر، ئاۋاز ياكى سىن خاتىرىلىرى، ۋەسىقىلەر
field-files-hint = ھەر بىر ھۆججەت ئەڭ كۆپ { $per_file } MB، ھەممىسى جەمئىي ئەڭ كۆپ { $per_report } MB بولسا بولىدۇ. سۈرەت ۋە PDF ھۆججەتلىرىدىن ئورۇن قاتارلىق يوشۇرۇن تەپسىلاتلار چىقىرىۋېتىلگەن بىر نۇسخا مەسئۇل خادىملار ئۈچۈن تەييارلىنىدۇ؛ ئەسلى ھۆججىتىڭىز ئىسپات سۈپىتىدە پېچەتلىنىپ ساقلىنىدۇ.
files-reselect = جەدۋەل قايتا كۆرسىتىلگەندە ھۆججەتلەر ساقلانمايدۇ: ئۇلارنى قايتا تاللاڭ.
error-file-too-large = بىر ھۆججەت { $max } MB دىن چوڭ. كىچىكرەك ھۆججەت يوللاڭ ياكى ئۇنى بۆلۈڭ.
error-report-files-too-large = ھۆججەتلەرنىڭ ئومۇمىي چوڭلۇقى { $max } MB دىن ئېشىپ كەتتى. ئازراق ياكى كىچىكرەك ھۆججەت يوللاڭ.
error-daily-upload-limit = مۇلازىمەت بۈگۈن ئارتۇق ھۆججەت قوبۇل قىلالمايدۇ. ئەتە قايتا سىناڭ؛ يازمىڭىزنى ھازىرلا ھۆججەتسىز يوللىسىڭىز بولىدۇ.
error-too-many-files = بىر قېتىمدا ئەڭ كۆپ بولغاندا { $max } ھۆججەت يوللاڭ.
error-no-files = كەم دېگەندە بىر ھۆججەت تاللاڭ.
file-size = { $kib } KB
file-cleaned = مەسئۇل خادىملار ئۈچۈن تۆۋەندىكىلەر چىقىرىۋېتىلگەن بىر خىزمەت نۇسخىسى تەييارلاندى: { $removed }. ئەسلى ھۆججىتىڭىز ئىسپات سۈپىتىدە پېچەتلىنىپ ساقلاندى.
file-cleaned-nothing-found = ھېچقانداق يوشۇرۇن تەپسىلات تېپىلمىدى. شۇنداقتىمۇ بىر خىزمەت نۇسخىسى تەييارلاندى، ئەسلى ھۆججىتىڭىز ئىسپات سۈپىتىدە پېچەتلىنىپ ساقلاندى.
file-not-cleaned = بۇ خىل ھۆججەتنى ئاپتوماتىك تازىلىغىلى بولمايدۇ: ئۇ سىز يوللىغان پېتى پېچەتلىنىپ ساقلىنىدۇ.
removed-location = ئورۇن (GPS)
removed-camera_details = كامېرانىڭ ماركىسى، تىپى ۋە تەرتىپ نومۇرلىرى
removed-dates = چېسلا ۋە ۋاقىتلار
removed-author = ئاپتور ئىسىملىرى
removed-software = يۇمشاق دېتال ناملىرى
removed-comments = ئىزاھات ۋە چۈشەندۈرۈشلەر
removed-thumbnail = ئىچىگە سىڭدۈرۈلگەن ئالدىن كۆرۈش رەسىملىرى
removed-other_metadata = باشقا يوشۇرۇن تەپسىلاتلار
receipt-files = تاپشۇرۇۋېلىنغان ھۆججەتلەر
evidence-download = ئىسپات تالونىنى ساقلاش
evidence-hint = بۇ كۈنى، شۇنداقلا ھۆججەتلىرىڭىزنىڭ ئىسمى، چوڭلۇقى ۋە SHA-256 بارماق ئىزى يېزىلغان، ئىمزا قويۇلغان بىر تېكىست ھۆججىتى. ئۇ دەل مۇشۇ ھۆججەتلەرنىڭ تاپشۇرۇۋېلىنغانلىقىنى ئىسپاتلايدۇ. ئۇنى بىخەتەر بىر يەردە ساقلاڭ؛ ئەگەر بۇ ئۈسكۈنە تەكشۈرۈلۈشى مۇمكىن بولسا، ئۇنى بۇ ئۈسكۈنىدە ساقلىماڭ.
evidence-title = Refuge ئىسپات تالونى
evidence-intro = بۇ مۇلازىمەت تۆۋەندىكى ھۆججەتلەرنى كۆرسىتىلگەن كۈنى تاپشۇرۇۋالدى. ئاخىرىدىكى ئىمزا مۇلازىمەتنىڭ Ed25519 ئاچقۇچى بىلەن قويۇلغان بولۇپ، بۇ تېكىستنىڭ شۇنىڭدىن بۇيان ئۆزگەرتىلمىگەنلىكىنى كۆرسىتىدۇ.
evidence-day = تاپشۇرۇۋېلىنغان كۈن
evidence-files = ھۆججەتلەر
evidence-verify = دەلىللەش ئۈچۈن: مۇلازىمەتنىڭ ئاممىۋى ئاچقۇچىنى ساقلاپ، ئۇنىڭ باشقۇرۇش قوللانمىسىدىكى «Verifying an evidence receipt» (ئىسپات تالونىنى دەلىللەش) دېگەن بۆلەككە ئەمەل قىلىڭ.

## Casework: conversation and files

inbox-unread = مەلۇمات بەرگۈچىدىن يېڭىلىق
messages-title = مەلۇمات بەرگۈچى بىلەن سۆھبەت
messages-none = تېخى ھېچقانداق خەت يوق.
message-from-reporter = مەلۇمات بەرگۈچى
message-from-former-staff = سابىق خىزمەتداش
message-hidden-by-reporter = مەلۇمات بەرگۈچى ئۆز بېتىدىن چىقىرىۋەتكەن
message-write = مەلۇمات بەرگۈچىگە خەت يېزىڭ
message-send = مەلۇمات بەرگۈچىگە يوللاش
message-sent = خەت مەلۇمات بەرگۈچىگە يوللاندى.
report-files = ئىسپات ھۆججەتلىرى
report-no-files = ھۆججەت يوق.
file-download-clean = خىزمەت نۇسخىسىنى چۈشۈرۈش (يوشۇرۇن تەپسىلاتلار چىقىرىۋېتىلگەن)
file-download-original = پېچەتلەنگەن ئەسلى ھۆججەتنى چۈشۈرۈش (ئورۇن ۋە باشقا تەپسىلاتلار بولۇشى مۇمكىن)
evidence-name = ھۆججەت نامى
evidence-size = چوڭلۇقى (بايت)
list-separator = {"، "}
file-cleaned-staff = خىزمەت نۇسخىسىدىن چىقىرىۋېتىلدى: { $removed }.
file-cleaned-nothing-found-staff = يوشۇرۇن ئۇچۇر تېپىلمىدى؛ شۇنداقتىمۇ خىزمەت نۇسخىسى ياسالدى.
file-not-cleaned-staff = خىزمەت نۇسخىسى يوق: بۇ خىل ھۆججەتنى ئاپتوماتىك تازىلىغىلى بولمايدۇ. ئەسلى نۇسخىنى ئېھتىيات بىلەن، مۇمكىن بولسا باشقا كومپيۇتېردا ئېچىڭ.
