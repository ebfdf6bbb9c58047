# Refuge — Traditional Chinese (zh-Hant).
# DRAFT TRANSLATION: drafted by the development team with machine assistance.
# NEEDS REVIEW by a native speaker before production use. Reviewer: please remove this note when done.

## 頁面框架

site-name = Refuge
quick-exit = 快速離開本網站
quick-exit-hint = 會開啟一個無關的普通網站。之後請關閉該分頁：這樣做不會清除瀏覽器的瀏覽紀錄。
footer-privacy = 本網站不記錄任何 IP 位址，不需要 JavaScript，也不會從其他網站載入任何內容。
language-label = 語言
optional = （選填）
yes = 是
no = 否
not-given = 未填寫

## 首頁

landing-title = 安全地報告外國政府對您的騷擾
landing-intro = 如果您已離開的那個國家的人員在海外威脅、監視您或您的家人，或向你們施壓，您可以在這裡告訴我們。您不必提供姓名。
choose-language = 選擇語言
safety-title = 開始之前
safety-tor = 如果可以，請使用 Tor Browser。本網站在它的「最安全」設定下無需 JavaScript 即可正常使用。
safety-device = 如果您的手機或電腦可能受到監控，請使用其他裝置，例如可信任的朋友的裝置或公共圖書館的電腦。
safety-exit = 每個頁面頂端的「快速離開本網站」按鈕會開啟一個無關的普通網站。之後請關閉該分頁：這樣做不會清除您的瀏覽紀錄。
safety-receipt = 提交報告後，您會取得一個回執號碼。它只會在提交後顯示幾分鐘：請把它記下來，並存放在安全的地方。
safety-stored = 我們不會記錄您的 IP 位址或瀏覽器資訊。您寫下的內容都經過加密，只有我們的個案工作人員才能閱讀。
start-report = 開始填寫報告

## 報告表單

report-title = 您的報告
report-intro = 能填多少就填多少。只需要一段描述，或至少選擇一種騷擾類型；其他內容都是選填。
report-not-accepting = 本服務目前無法接收報告，因為還沒有設定負責接收報告的個案工作人員。您在這裡輸入的任何內容都不會被送出。請稍後再來。
report-errors-summary = 有些回答需要您再看一下。您寫的內容都已保留；請檢查下方標示的欄位。
section-what = 發生了什麼事？
section-what-hint = 請選擇所有符合的情況。
tactic-group-direct_physical = 面對面
tactic-group-legal_administrative = 法律或行政施壓
tactic-group-coercion_by_proxy = 透過家人施壓
tactic-group-digital = 網路和電話
tactic-group-community = 在社群中
tactic-assault = 肢體暴力或襲擊
tactic-abduction = 綁架或企圖強制遣返
tactic-physical_surveillance = 被跟蹤或監視
tactic-intimidation_visit = 恐嚇性或「勸說」性質的登門拜訪，包括所謂「海外警察站」人員的來訪
tactic-interpol_extradition = 國際刑警組織通報或引渡請求
tactic-document_refused = 護照或證件續期被拒
tactic-consular_denied = 被拒絕提供領事服務
tactic-asset_freezing = 財產被凍結或沒收
tactic-relatives_threatened = 家鄉的親屬遭到威脅、盤問、拘留或懲罰，或被利用來向您傳達要求
tactic-demand_to_return = 被要求回國或返鄉
tactic-threat_online = 透過電話或網路受到威脅或騷擾
tactic-hacking_phishing = 駭客入侵或網路釣魚
tactic-spyware = 間諜軟體
tactic-doxxing = 個人資料遭公開（起底、肉搜）
tactic-impersonation = 有人冒充您
tactic-smear_campaign = 抹黑或散布假訊息
tactic-informant_demand = 被要求打探並通報他人情況（充當線人）
tactic-association_pressure = 透過社團或同鄉會施壓
tactic-event_monitoring = 活動或抗議遭到監視

section-when = 這是什麼時候發生的？
section-when-hint = 如果發生過多次，請選擇最近一次的月份。
field-month = 月份
field-year = 年份
choose = 請選擇…
month-1 = 一月
month-2 = 二月
month-3 = 三月
month-4 = 四月
month-5 = 五月
month-6 = 六月
month-7 = 七月
month-8 = 八月
month-9 = 九月
month-10 = 十月
month-11 = 十一月
month-12 = 十二月

section-where = 事情發生時您在哪裡？
field-host-country = 國家
field-host-region = 省、州或地區
field-city = 城市
field-city-hint = 僅在您願意時填寫。城市資訊會被加密。
country-AU = 澳洲
country-AT = 奧地利
country-BE = 比利時
country-CA = 加拿大
country-CZ = 捷克
country-DK = 丹麥
country-FI = 芬蘭
country-FR = 法國
country-DE = 德國
country-IN = 印度
country-IE = 愛爾蘭
country-IT = 義大利
country-JP = 日本
country-KZ = 哈薩克
country-KG = 吉爾吉斯
country-MY = 馬來西亞
country-NP = 尼泊爾
country-NL = 荷蘭
country-NZ = 紐西蘭
country-NO = 挪威
country-PL = 波蘭
country-KR = 南韓
country-ES = 西班牙
country-SE = 瑞典
country-CH = 瑞士
country-TW = 台灣
country-TH = 泰國
country-TR = 土耳其
country-AE = 阿拉伯聯合大公國
country-GB = 英國
country-US = 美國
country-UZ = 烏茲別克
country-ZZ = 其他國家

section-who = 受到針對的是誰？
target-self = 我本人
target-relative_abroad = 住在海外的親屬
target-relative_in_origin_state = 家鄉的親屬

field-community = 所屬社群
community-uyghur = 維吾爾人
community-tibetan = 藏人
community-hong_kong = 香港人
community-southern_mongolian = 南蒙古人
community-chinese_dissident = 中國異見人士或民主運動人士
community-falun_gong = 法輪功
community-taiwanese = 台灣人
community-other = 其他

field-origin-state = 您認為背後是哪個國家？
origin-CN = 中國
origin-RU = 俄羅斯
origin-IR = 伊朗
origin-TR = 土耳其
origin-SA = 沙烏地阿拉伯
origin-EG = 埃及
origin-RW = 盧安達
origin-ER = 厄利垂亞
origin-VN = 越南
origin-TJ = 塔吉克
origin-BY = 白俄羅斯

section-identifiers = 關於涉事人員，您知道哪些資訊？
section-identifiers-hint = 電話號碼、電子郵件地址、帳號、他們使用的名字、車牌號碼或地點——每行一項。這些資訊能幫助我們了解是否有同一批人在針對其他人。
field-identifier-kind = 類型
field-identifier-value = 詳細資料
identifier-kind-phone = 電話號碼
identifier-kind-email = 電子郵件地址
identifier-kind-wechat = 微信
identifier-kind-messenger_or_social = 其他通訊軟體或社群媒體帳號
identifier-kind-name_used = 他們使用的名字
identifier-kind-vehicle_plate = 車牌號碼
identifier-kind-place = 地點
add-identifier-lines = 新增更多行
limit-characters = 最多 { $max } 個字元。
limit-identifiers = 最多 { $lines } 行，每行最多 { $max } 個字元。

section-narrative = 請告訴我們發生了什麼事
section-narrative-hint = 可以使用任何語言。寫下您認為重要的一切：說了什麼、是誰說的、發生的頻率。

section-consent = 我們可以如何處理您的報告？
consent-hint = 如果您不勾選這些選項，您的報告只會留在我們的個案工作人員這裡。
consent-refer_to_police = 你們可以將我的報告轉交警方。
consent-refer_to_partners = 你們可以將我的報告轉交合作機構（法律援助、數位安全協助、支援團體）。
consent-research_statistics = 你們可以將我的報告納入匿名統計。

section-contact = 我們可以如何聯絡您？
contact-platform = 只透過本網站，使用我的回執號碼（最安全）
contact-other = 其他方式
field-contact-details = 如何聯絡您
contact-details-hint = 例如 Signal 號碼。只有我們的個案工作人員能看到。
submit-report = 提交報告

## 欄位問題

problem-narrative_or_tactic_required = 請描述發生了什麼事，或至少選擇一種騷擾類型。
problem-too_long = 內容太長：最多可以寫 { $max } 個字元，現在超出了 { $excess } 個。您寫的內容都保留在這裡：請把它縮短。
problem-too_many = 行數太多：最多 { $max } 行。
problem-control_characters = 其中含有看不見的控制字元。請重新輸入。
problem-unknown_code = 請從提供的選項中選擇一項。
problem-region_without_country = 請同時選擇國家。
problem-region_not_in_country = 這個地區不在所選的國家內。
problem-month_malformed = 請同時選擇月份和年份，或兩者都不選。
problem-month_in_future = 這個日期還沒到。
problem-month_too_old = 請選擇 1950 年或之後的年份。
problem-contact_details_required = 請告訴我們如何聯絡您，或選擇「只透過本網站」。
problem-contact_details_with_platform_only = 您寫了聯絡方式，但選擇了「只透過本網站」。如果我們可以使用這些聯絡方式，請選擇「其他方式」；否則請把它們刪除。
problem-identifier_kind_required = 請選擇這項資訊的類型。

## 回執

receipt-title = 我們已收到您的報告
receipt-intro = 謝謝您。您的報告已安全保存，只有我們的個案工作人員能夠閱讀。
receipt-label = 您的回執號碼
receipt-keep = 請現在就記下這個號碼，並存放在安全的地方。本頁面會在提交後的 { $minutes ->
   *[other] { $minutes } 分鐘
}內顯示它，而且只在這個瀏覽器中顯示；此後任何人都無法再看到它，連我們也不能。憑這個號碼，您可以回來查看我們的回覆、補充資料——但任何拿到這個號碼的人也都可以這樣做。
receipt-groups = 共 { $groups } 組，每組 4 位數字，總共 { $digits } 位。輸入時有沒有空格都沒關係。
receipt-hide = 我已經記下來了：現在隱藏號碼
receipt-no-files = 這份報告沒有附上任何檔案。
receipt-no-longer-shown = 我們已收到您的報告。為了您的安全，這裡不再顯示它的回執號碼。您可以在下方再提交一份報告。
receipt-hidden = 回執號碼已隱藏，不會再次顯示。您可以在下方再提交一份報告。
already-received-title = 這份報告先前已經收到
already-received = 這份表單先前已經提交過，當時我們已收到報告。沒有任何內容被重複保存。為了您的安全，它的回執號碼不會再次顯示。
already-received-next = 如果您記下了回執號碼，可以追蹤您的報告：
report-another = 再提交一份報告
changed-title = 您的報告先前已經收到
changed-intro = 這份表單先前已經提交過，那份報告我們已經收到。您之後所做的修改沒有加進那份報告，也沒有任何內容被重複保存。
changed-offer-title = 把您的修改當作訊息傳送
changed-offer = 下面是您剛才在表單中填寫的內容。請檢查一下，想改的話可以修改，然後傳送：它會作為一則訊息附在您的報告裡，個案工作人員能夠看到。
changed-message-label = 您給個案工作人員的訊息
changed-send = 加入我的報告
changed-or-leave = 如果您不想傳送，直接離開這個頁面即可。您重新選擇的檔案沒有被加入；之後您可以憑回執號碼再新增檔案。
addition-sent = 您的訊息已加入您提交的報告中。
addition-too-late = 已無法再從這個頁面找到這份報告。請先複製您寫的文字，然後在追蹤頁面用回執號碼登入，再傳送。
receipt-repeated = 這份報告先前已經收到；下面再次顯示它的回執號碼。
receipt-next = 接下來：個案工作人員會閱讀您的報告。我們只會在您允許的範圍內分享。
receipt-done = 記下號碼後，請關閉這個分頁。

## 錯誤

error-title = 發生問題
error-form-expired = 此表單已過期。您的回答已保留在下方；請重新提交。
error-save-failed = 我們未能儲存您的報告，因此沒有保存任何內容。您的回答已保留在下方；請稍後再試。
error-save-failed-message = 我們未能儲存您的訊息，因此沒有傳送任何內容。訊息已保留在下方；請稍後再試。
error-page-outdated = 這個頁面已經過時（來自先前的一次登入），因此沒有傳送任何內容。您寫的文字已保留在下方：請檢查後重新傳送。
error-page-outdated-files = 這個頁面已經過時，因此檔案沒有被加入。請重新選擇檔案。
error-not-found = 此頁面不存在。
error-method = 此網址不接受這類請求。
error-too-large = 您傳送的內容太大。
error-bad-request = 我們無法讀取傳送的內容。請返回後再試一次。
error-forbidden = 您沒有權限執行此操作。
error-cross-site = 此請求來自其他網站，已被拒絕。
error-timeout = 請求逾時。
error-try-later = 同時送達的請求太多。沒有任何內容遺失；請幾分鐘後再試。
error-signed-out = 您尚未登入，或您的工作階段已結束。請重新登入。
error-generic = 我們這邊發生了問題。請再試一次。如果問題持續發生，請將此代碼提供給管理員：{ $request }
error-back-home = 返回首頁
error-back-inbox = 返回收件匣

## 工作人員區

staff-login-title = 工作人員登入
field-username = 使用者名稱
field-password = 密碼
field-password-confirm = 再次輸入密碼
sign-in = 登入
sign-out = 登出
login-failed = 使用者名稱或密碼錯誤。
sign-in-from-this-page = 為了您的安全，此次登入未被嘗試：它並非來自本網站自己的頁面。請在此處重新登入。
login-throttled = 此帳號登入失敗次數過多。請在 { $minutes ->
   *[other] { $minutes } 分鐘
}後重試。
login-setup-pending = 設定尚未完成：目前還沒有管理員。請開啟伺服器啟動時輸出的一次性設定連結。如果連結已遺失，請在伺服器上執行「refuge setup-link」以輸出新的連結。
login-plain-http = 這個頁面似乎是透過未加密的 HTTP 存取的，而且存取的位址不是伺服器本機。瀏覽器只會在 HTTPS 連線下（或在 localhost 和洋蔥服務上）保留安全的登入 Cookie，因此無法在這裡登入。請透過 HTTPS 或以洋蔥服務的形式提供 Refuge（並設定 server.public_url）；或者，僅在可信任的區域網路中，將 web.secure_cookies 設為 false。
login-cookie-refused = 登入已成功，但您的瀏覽器沒有保存登入 Cookie，所以您仍然處於未登入狀態。請允許本網站使用 Cookie，然後重新登入。
staff-kept-back = 您已重新登入。您的訊息已放回下方的輸入框中；它還沒有傳送。
staff-session-ended-kept = 您的工作階段已結束，所以您的訊息沒有傳送。請重新登入：訊息會回到原來的輸入框中，仍未傳送。在此期間，它不會儲存在伺服器上。
session-expired = 請登入。
nav-inbox = 收件匣
nav-staff = 工作人員帳號
nav-account = 我的帳號

inbox-title = 收件匣
inbox-empty = 目前沒有報告。
inbox-col-received = 接收時間
inbox-col-status = 狀態
inbox-col-tactics = 發生了什麼事
inbox-col-region = 地點
inbox-col-language = 語言
inbox-open = 開啟
inbox-no-access = 尚無金鑰
status-received = 已接收
status-triaged = 已初步分類
status-in_progress = 處理中
status-referred = 已轉介
status-closed = 已結案

report-view-title = { $day } 收到的報告
report-field-status = 狀態
report-field-language = 語言
report-field-occurred = 時間
report-field-where = 地點
report-field-id = 編號
report-no-access = 您還沒有這份報告的金鑰：報告在您的帳號能夠接收之前就已加密封存。能閱讀這份報告的同事可以為您開放存取權限。
report-readers = 持有這份報告金鑰的人員
report-grant = 為同事開放存取權限
report-grant-button = 開放存取權限
report-granted = 已開放存取權限。
report-contact-platform-only = 只透過本網站

admin-staff-title = 工作人員帳號
admin-col-username = 使用者名稱
admin-col-role = 角色
admin-col-receives = 接收新報告
field-role = 角色
role-admin = 管理員
role-caseworker = 個案工作人員
role-researcher = 研究人員
role-auditor = 稽核人員
admin-grant-all = 授予其存取我能閱讀的所有報告的權限
admin-granted-all = 已與 { $username } 分享 { $count } 份報告。
admin-disable = 停用帳號
admin-disable-title = 停用帳號
admin-disable-question = 要停用帳號 { $username } 嗎？
admin-disable-consequences = 該帳號的所有工作階段會立即結束，此人將無法再登入，新報告也不再為其加密。此人已經讀過的內容無法收回。您之後可以重新啟用該帳號；在此期間收到的報告不會為該帳號加密，但同事可以與其分享這些報告。
admin-disable-confirm = 停用該帳號
cancel = 取消
admin-enable = 啟用帳號
admin-enabled-notice = 已啟用帳號 { $username }：該帳號可以重新登入；如果其角色會接收報告，新報告也會重新為其加密。停用期間收到的報告需要另行與其分享。
admin-disabled-notice = 已停用帳號 { $username }：其所有工作階段均已結束，新報告也不再為該帳號加密。
admin-status-disabled = 已停用
account-rule-username_invalid = 使用者名稱須為 2–64 個字元：小寫字母、數字、「.」、「_」或「-」。
account-rule-password_too_short = 密碼至少需要 12 個字元。
account-rule-password_too_long = 密碼太長。
password-mismatch = 兩次輸入的密碼不一致。
username-taken = 此使用者名稱已被使用。

setup-title = 設定 Refuge
setup-intro = 建立第一個管理員帳號。此連結只能使用一次。
setup-no-recovery = 請把密碼記下來並存放在安全的地方：任何人都無法找回它。您的金鑰由這個密碼加密封存；沒有這個密碼，就無法開啟為您加密封存的報告。設定完成後，請盡快新增第二位管理員。
setup-button = 建立管理員
setup-done = 設定已完成。請登入。
setup-invalid = 此設定連結無效、已被使用或已過期。請在伺服器上執行「refuge setup-link」以輸出新的連結。

account-title = 您的帳號
account-change-password = 變更您的密碼
account-change-hint = 您的金鑰由您的密碼加密封存。如果您忘記密碼，任何人都無法找回這把金鑰：屆時只能由同事為一個新帳號重新開放您原先可閱讀的報告的存取權限。
field-current-password = 目前密碼
field-new-password = 新密碼
account-password-button = 變更密碼
password-changed = 您的密碼已變更。
password-wrong-current = 目前密碼錯誤。

## 後續追蹤（報告人）

followup-link = 已經提交過報告？憑回執號碼查看回覆、補充資料。
followup-title = 追蹤您的報告
followup-intro = 請輸入您提交報告時取得的回執號碼。您可以看到報告的處理狀態和我們的訊息，也可以回覆並傳送檔案。為了您的安全，您的報告內容不會再次顯示。
followup-receipt-label = 回執號碼
followup-receipt-hint = 共 28 位數字。有沒有空格或連字號都沒關係，數字也可以用任何文字的寫法輸入（例如全形數字）。
followup-open = 開啟
followup-invalid = 無法辨識這個回執號碼。請檢查數字後再試一次。
followup-wrong-length = 回執號碼共有 28 位數字，分為 7 組，每組 4 位。請檢查您是否輸入了全部數字，而且沒有輸入多餘的內容。
followup-typo = 這個號碼有輸入錯誤：有一位數字不對，或者有兩位數字的順序顛倒了。請逐一檢查每組四位數字。
followup-kept-back = 您已重新登入。您的訊息已放回下方的輸入框中；它還沒有傳送。
followup-session-ended-kept = 您的登入狀態已結束，所以您的訊息沒有傳送。請用回執號碼重新登入：您的訊息會回到輸入框中，仍未傳送。在此期間，它不會儲存在任何地方。
followup-cookie-refused = 登入已成功，但您的瀏覽器沒有保存本網站的登入 Cookie，所以您無法保持登入狀態。請允許本網站使用 Cookie（Tor Browser 允許使用 Cookie），然後重新登入。
followup-throttled = 用這個回執號碼嘗試的次數太多。請等待 { $minutes ->
   *[other] { $minutes } 分鐘
}後再試。
followup-case-title = 您的報告
followup-status-label = 狀態
followup-status-since = （自 { $day } 起）
followup-safety = 為了您的安全，這裡不會再次顯示您的報告內容。您可以補充資料、回答問題和傳送檔案。
followup-messages = 訊息
followup-no-messages = 目前沒有訊息。
followup-from-you = 您
followup-from-caseworker = 個案工作人員
followup-hide = 在我的頁面上隱藏
followup-hidden = 這則訊息已不再在您的頁面上顯示。
followup-reply-label = 給個案工作人員留言
followup-send = 傳送
followup-sent = 您的訊息已傳送。
followup-files = 您的檔案
followup-no-files = 目前沒有檔案。
followup-add-files = 新增檔案
followup-add = 傳送這些檔案
followup-files-added = 已收到您的檔案。
followup-sign-out = 登出
followup-signed-out-title = 已登出
followup-signed-out = 您已登出。為了安全起見，請現在關閉這個瀏覽器視窗。
followup-back-home = 返回首頁
status-plain-received = 已收到：正在等待個案工作人員閱讀
status-plain-triaged = 個案工作人員已閱讀，正在判斷可以採取哪些行動
status-plain-in_progress = 個案工作人員正在處理
status-plain-referred = 已依您的同意轉交給另一個機構
status-plain-closed = 已結案
problem-empty = 請先寫一些內容。

## 證據檔案

field-files = 檔案：螢幕截圖、照片、錄音錄影、文件
field-files-hint = 每次最多 { $count } 個檔案，每個檔案最大 { $per_file } MB，總共最多 { $per_report } MB。照片和 PDF 會另外產生一份已移除位置等隱藏資訊的副本，供個案工作人員使用；您的原始檔案會作為證據密封保存。
files-reselect = 表單重新顯示時不會保留檔案：請重新選擇。
error-file-too-large = 有一個檔案超過 { $max } MB。請傳送較小的檔案，或把它分割。
error-report-files-too-large = 這些檔案加起來超過 { $max } MB。請少傳一些檔案，或傳送較小的檔案。
error-daily-upload-limit = 本服務今天無法再接收檔案。請明天再試；您現在可以先傳送文字內容，不附檔案。
error-too-many-files = 每次最多傳送 { $max } 個檔案。
error-no-files = 請至少選擇一個檔案。
error-empty-file = 您選擇的其中一個檔案是空的。請重新選擇這個檔案，或選擇其他檔案。
file-size = { $kib } KB
file-cleaned = 已為個案工作人員製作一份工作副本，其中移除了：{ $removed }。您的原始檔案會作為證據密封保存。
file-cleaned-nothing-found = 沒有發現隱藏資訊。我們仍然製作了一份工作副本，您的原始檔案會作為證據密封保存。
file-not-cleaned = 這類檔案無法自動清理：它會按您傳送時的原樣密封保存。
removed-location = 位置（GPS）
removed-camera_details = 相機品牌、型號和序號
removed-dates = 日期和時間
removed-author = 作者姓名
removed-software = 軟體名稱
removed-comments = 註解和描述
removed-thumbnail = 內嵌的預覽圖片
removed-other_metadata = 其他隱藏資訊
receipt-files = 已收到的檔案
evidence-download = 儲存證據回執
evidence-hint = 這是一個附有簽章的文字檔，記錄了日期，以及您每個檔案的名稱、大小和 SHA-256 指紋。它能證明我們收到的正是這些檔案。請把它存放在安全的地方；如果這部裝置可能被檢查，請不要存放在這部裝置上。
evidence-title = Refuge 證據回執
evidence-intro = 本服務已於所示日期收到下列檔案。文末的簽章以本服務的 Ed25519 金鑰產生，可以證明此文字自那時起沒有被修改。
evidence-day = 接收日期
evidence-files = 檔案
evidence-key-published = 用於驗證此簽章的公開金鑰公布於：
evidence-key-published-path = 用於驗證此簽章的公開金鑰由本服務公布，位於本服務網址下的這個路徑：
evidence-fingerprint = 它的指紋（DER 格式金鑰的 SHA-256 值）是：
evidence-instance = 簽發的服務實例：
evidence-report = 這些檔案所屬報告的參考編號（本服務的個案工作者可以據此找到該報告；對其他任何人，它不透露報告的任何內容）：
evidence-verify = 驗證方法：取得公開金鑰，核對其指紋是否相符，然後依照本服務營運指南中「Verifying an evidence receipt」（驗證證據回執）一節操作（使用 OpenSSL 即可）。
evidence-hint-window = 接下來 { $minutes ->
   *[other] { $minutes } 分鐘
}內，您可以在這裡儲存它；之後，請用回執號碼登入後再儲存。
evidence-too-late = 已無法再從這個頁面儲存證據回執。請在追蹤頁面用回執號碼登入，在那裡儲存。

## 個案處理：對話與檔案

inbox-unread = 報告人有新動態
messages-title = 與報告人的對話
messages-none = 目前沒有訊息。
message-from-reporter = 報告人
message-from-former-staff = 前同事
message-hidden-by-reporter = 報告人已在自己的頁面上隱藏此訊息
message-write = 給報告人留言
message-send = 傳送給報告人
message-sent = 訊息已傳送給報告人。
report-files = 證據檔案
report-no-files = 沒有檔案。
file-download-clean = 下載工作副本（已移除隱藏資訊）
file-download-original = 下載密封的原始檔案（可能包含位置等資訊）
file-saved-as = 將儲存為 { $name }，因為其內容與檔名所示不符。
report-evidence-reference = 此報告證據回執上的參考編號
bidi-control-shown = 一個會改變文字方向的隱藏字元。此處將其顯示出來，使其無法掩飾文字的真實內容。
evidence-name = 檔案名稱
evidence-size = 大小（位元組）
list-separator = 、
file-cleaned-staff = 工作副本已移除：{ $removed }。
file-cleaned-nothing-found-staff = 未發現隱藏資訊；仍已製作工作副本。
file-not-cleaned-staff = 無工作副本：此類檔案無法自動清理。請謹慎開啟原件，最好在另一台電腦上。
error-intake-busy = 目前有大量報告正在提交，您的報告尚未送出。請在 { $minutes ->
   *[other] { $minutes } 分鐘
}後再次送出——您寫的所有內容都保留在下方。
error-quota-messages = 此報告的訊息已達上限（{ $max } 則）。您的訊息未送出，已保留在下方。
error-quota-messages-today = 您今天已在此報告中送出 { $max } 則訊息，已達單日上限。請明天再送出這則訊息，它已保留在下方。
error-quota-files = 此報告的檔案已達上限（{ $max } 個）。未新增任何內容。
messages-earlier = 較早的訊息
messages-later = 較新的訊息
messages-showing = 第 { $first } 至 { $last } 則訊息，共 { $count } 則
admin-invite-title = 邀請同事
admin-invite-hint = 對方開啟連結後自行設定密碼：其他任何人都不會知道這個密碼，包括您。此連結只能使用一次，有效期限為 72 小時。請您親自透過可信任的管道將連結傳給對方。管理員和個案工作人員接受邀請後即會接收新報告；先前的報告需要另行授權。
admin-invite-button = 建立邀請
admin-invitations-pending = 尚未使用的邀請
admin-col-expires = 連結有效期限至
admin-withdraw = 撤回
admin-invitation-withdrawn-notice = 邀請已撤回；其連結已失效。
username-invited = 已有一份針對此使用者名稱的邀請正在等待接受。請先撤回該邀請，再傳送新的邀請。
invite-created-title = 給 { $username } 的邀請
invite-created-link = 對方的一次性連結（僅此時顯示）：
invite-created-path-hint = 請將它接在本伺服器公開位址的後面（即您瀏覽器網址列中的位址）。
invite-created-back = 返回工作人員帳號
invite-title = 加入 Refuge
invite-intro = { $by } 邀請您以使用者名稱 { $username } 加入，角色為「{ $role }」。請設定您的密碼：其他任何人都不會知道它；沒有這個密碼，任何人都無法閱讀為您加密封存的報告。
invite-invalid = 此邀請連結已被使用、已被撤回或已過期。請向您的管理員索取新的連結。
invite-button = 建立我的帳號
recipients-title = 誰會接收新報告
recipients-intro = 新報告只為這些帳號的金鑰加密封存，不為其他任何人加密。對此名單的每一次變更都顯示在下方，並註明由誰變更、何時變更。
recipients-history = 名單變更紀錄
recipients-col-day = 日期
recipients-col-change = 變更
recipients-col-by = 操作者
recipients-by-command-line = 伺服器命令列
recipients-none = 目前還沒有人接收新報告。
recipient-change-first_admin_created = { $username } 設定了 Refuge，成為第一位管理員
recipient-change-staff_added = 已新增 { $username }
recipient-change-staff_invited = 已邀請 { $username }
recipient-change-invitation_accepted = { $username } 已接受邀請
recipient-change-invitation_withdrawn = 給 { $username } 的邀請已撤回
recipient-change-staff_disabled = 已停用 { $username }
recipient-change-staff_enabled = 已重新啟用 { $username }
recipients-not-receiving = （不接收報告）
inbox-recipients-changed = 新報告的接收者名單已於 { $day } 變更。
inbox-recipients-see = 查看名單及其變更紀錄
nav-recipients = 接收者
account-sessions = 您的登入工作階段
account-sessions-hint = 工作階段在連續 30 分鐘未使用後結束，最長持續 12 小時。如有您不認得的工作階段，請將其結束，然後變更您的密碼。
account-col-began = 登入時間
account-col-last-seen = 最後使用時間
account-this-browser = 此瀏覽器
account-end-session = 結束
account-session-ended = 該工作階段已結束。

## 案件處理：分流、指派、標籤（issue 10）
inbox-col-select = 選擇
inbox-col-urgency = 緊急程度
inbox-col-assignee = 負責人
inbox-col-labels = 標籤
inbox-select-report = 選擇 { $day } 收到的報告
inbox-bulk-title = 對所選報告
inbox-bulk-assign = 指派給
inbox-bulk-status = 設定狀態
inbox-bulk-label = 新增標籤
inbox-bulk-keep = — 不變更 —
inbox-bulk-apply = 套用
inbox-bulk-done = 已變更 { $count } 份報告。
inbox-bulk-nothing = 未作任何變更：請至少選擇一份報告和一項變更。
urgency-low = 低
urgency-normal = 一般
urgency-high = 高
urgency-critical = 緊急
case-title = 案件
case-status = 狀態
case-substatus = 子狀態
case-substatus-none = （無）
case-substatus-hint = 子狀態屬於某一狀態；選擇其他狀態會將其清除。
case-urgency = 緊急程度
case-assignee = 負責人
case-assignee-none = 無人
case-deadline = 截止日期
case-labels = 標籤
case-labels-none = 尚未定義標籤：管理員在設定中列出（[case] labels）。
case-tactics = 您編碼的手段
case-tactics-hint = 報告人的選擇按原樣保留。若有您的編碼，統計以您的編碼為準。
case-tactics-coded = 工作人員編碼
case-save = 儲存案件
case-saved = 案件已儲存。
case-error-substatus = 該子狀態不屬於所選狀態。未作任何變更。
case-error-assignee = 這位同事尚無此報告的金鑰：請先授予存取權限。未作任何變更。
case-error-label = 該標籤未定義。未作任何變更。
case-error-deadline = 截止日期須寫成 YYYY-MM-DD。未作任何變更。
notes-title = 內部備註
notes-hint = 只有能閱讀此報告的工作人員才能看到備註。報告人以及任何持有回執的人都看不到。
notes-none = 尚無備註。
notes-version = 第 { $version } 版
notes-earlier = 早先版本
notes-edit = 編輯
notes-edit-label = 此備註現在應有的內容（早先版本會保留）
notes-save-version = 儲存為新版本
notes-write = 新備註
notes-add = 新增備註
note-saved = 備註已儲存。
note-conflict = 一位同事在同一時刻修改了此備註，現顯示其版本。您的文字保留在下方。

## 團隊、分派規則與復原金鑰（issue 10）
nav-teams = 團隊
nav-routing = 新報告的分派
nav-recovery = 復原金鑰
admin-teams-title = 團隊
admin-teams-intro = 團隊成員接收分派給該團隊的報告，且只有他們知道這些報告存在。誰接收哪些報告在此設定：
admin-teams-none = 尚無團隊。在設定分派規則之前，每位個案工作者都會收到每份報告。
admin-team-name = 名稱
admin-team-name-hint = 小寫字母、數字、「-」或「_」（會出現在網址中）。
admin-team-members = 成員
admin-team-save = 儲存團隊
admin-team-delete = 刪除團隊
admin-team-create = 建立團隊
admin-team-created = 團隊已建立。
admin-team-saved = 團隊已儲存。新報告立即依此分派；已收到的報告只有在能閱讀它們的人授予存取權限後才會轉移。
admin-team-deleted = 團隊已刪除。
team-error-name = 團隊名稱須為 1 到 40 個小寫字母、數字、「-」或「_」。未作任何變更。
team-error-member = 成員必須是處理個案的帳戶。未作任何變更。
team-error-in-routing = 新報告的分派規則仍提到此團隊：請先修改分派規則。未作任何變更。
team-error-taken = 已有其他團隊使用此名稱。未作任何變更。
admin-routing-title = 新報告的分派
admin-routing-intro = 每份新報告會發給第一條與其語言、國家、地區、社群、來源國或手段相符的規則所指定的團隊；沒有規則相符的報告發給預設團隊。報告只為其團隊成員（以及復原金鑰）加密。變更只影響新報告。
admin-routing-off = 尚未設定分派規則：每位個案工作者都會收到每份新報告。
admin-routing-no-teams = 請先建立團隊。
admin-routing-rule = 規則 { $number }
admin-routing-any = （任何）
admin-routing-origin = 來源國
admin-routing-tactic = 手段
admin-routing-teams = 發送給：
admin-routing-more = 新增規則
admin-routing-default = 預設團隊（沒有規則相符的報告）
admin-routing-save = 儲存分派規則
admin-routing-saved = 分派規則已儲存，適用於此後收到的報告。
routing-error-team = 分派規則提到了不存在的團隊。未作任何變更。
routing-error-no-teams = 規則 { $number } 沒有指定任何團隊。未作任何變更。
routing-error-code = 規則 { $number } 提到的地區不屬於其國家，或使用了未提供的代碼。未作任何變更。
routing-error-too-many = 規則或團隊過多。未作任何變更。
admin-recovery-title = 機構復原金鑰
admin-recovery-intro = 每份報告、檔案和訊息也會為機構復原金鑰加密。其私密部分只顯示一次，從不儲存在此：列印或離線保存後，當所有持有報告的人都離開時，它能讓機構重新取回個案（refuge recovery-key grant --to USER）。
admin-recovery-present = 機構已有復原金鑰。
admin-recovery-none = 機構沒有復原金鑰：如果持有某份報告的人都離開了，就再也無人能開啟它。請立即建立一個。
admin-recovery-new = 建立新的復原金鑰
admin-recovery-shown-once = 這是機構的復原金鑰。它只顯示這一次，不會儲存在伺服器上。請現在列印或抄下，並離線妥善保管。
admin-recovery-secret-label = 復原金鑰
admin-recovery-how = 要用它讓同事存取所有報告，管理員需在伺服器上執行：refuge recovery-key grant --to 使用者名稱，然後輸入此金鑰。
admin-recovery-done = 我已妥善保管
admin-recovery-continue = 我已妥善保管：前往收件匣
recipient-change-team_created = 團隊 { $username } 已建立
recipient-change-team_changed = 團隊 { $username } 已變更
recipient-change-team_deleted = 團隊 { $username } 已刪除
recipient-change-routing_changed = 新報告的分派規則已變更
recipient-change-recovery_key_created = 已建立新的機構復原金鑰

## Inbox filters and search (issue 10)

inbox-filters-title = 篩選和搜尋
inbox-search-label = 搜尋
inbox-search-hint = 可用任何文字輸入詞語；案件須包含全部詞語。用「引號」把應連在一起的詞括起來。只搜尋您能閱讀的內容：陳述、識別資訊、訊息、備註和檔案名稱。
inbox-filter-any = 全部
inbox-filter-status = 狀態
inbox-filter-substatus = 子狀態
inbox-filter-urgency = 緊急程度
inbox-filter-assignee = 負責人
inbox-filter-assignee-me = 我
inbox-filter-assignee-none = 無人
inbox-filter-team = 小組
inbox-filter-label = 標籤
inbox-filter-tactic = 發生了什麼
inbox-filter-language = 語言
inbox-filter-host-country = 所在國家
inbox-filter-unread = 只顯示舉報人有新動態的案件
inbox-filter-from = 接收日期自
inbox-filter-to = 接收日期至
inbox-sort = 排序
inbox-sort-newest = 最新的在前
inbox-sort-oldest = 最早的在前
inbox-sort-urgency = 最緊急的在前
inbox-sort-activity = 最近有動態的在前
inbox-filter-apply = 顯示
inbox-filter-clear = 清除篩選
inbox-filter-none-match = 沒有符合這些篩選條件的案件。
inbox-filter-readable-only = 搜尋和標籤只查看您持有金鑰的案件。
inbox-filter-error = 為「{ $field }」選擇的值無法使用。請從清單中另選一個；您的其他選擇已保留。
inbox-filter-range = 「接收日期自」晚於「接收日期至」。
inbox-filter-cursor = 這個指向後續頁面的連結已不符合這些篩選條件。請按「顯示」從第一頁重新開始。
inbox-search-too-long = 搜尋內容超過 { $max } 個字元。請縮短後再試。
inbox-search-too-many-terms = 搜尋內容超過 { $max } 個詞。請去掉一些後再試。
inbox-search-term-too-long = 搜尋中有一個詞太長。請縮短後再試。
inbox-col-teams = 小組
inbox-pages = 頁面
inbox-next-page = 下一頁
inbox-first-page = 第一頁
