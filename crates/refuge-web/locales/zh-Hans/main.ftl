# Refuge — Simplified Chinese (zh-Hans).
# DRAFT TRANSLATION: drafted by the development team with machine assistance.
# NEEDS REVIEW by a native speaker before production use. Reviewer: please remove this note when done.

## 页面框架

site-name = Refuge
quick-exit = 快速离开本网站
quick-exit-hint = 会打开一个无关的普通网站。之后请关闭该标签页：这样做不会清除浏览器的历史记录。
footer-privacy = 本网站不记录任何 IP 地址，无需 JavaScript，也不从其他网站加载任何内容。
language-label = 语言
optional = （选填）
yes = 是
no = 否
not-given = 未填写

## 首页

landing-title = 安全地报告外国政府对您的骚扰
landing-intro = 如果您已离开的那个国家的人员在海外威胁、监视您或您的家人，或向你们施压，您可以在这里告诉我们。您无需提供姓名。
choose-language = 选择语言
safety-title = 开始之前
safety-tor = 如果可以，请使用 Tor Browser。本网站在它的“最安全”设置下无需 JavaScript 即可正常使用。
safety-device = 如果您的手机或电脑可能受到监控，请使用其他设备，例如可信任的朋友的设备或公共图书馆的电脑。
safety-exit = 每个页面顶部的“快速离开本网站”按钮会打开一个无关的普通网站。之后请关闭该标签页：这样做不会清除您的历史记录。
safety-receipt = 提交报告后，您会得到一个回执号码。它只会在提交后显示几分钟：请把它记下来，并存放在安全的地方。
safety-stored = 我们不会记录您的 IP 地址或浏览器信息。您写下的内容都经过加密，只有我们的个案工作人员才能阅读。
start-report = 开始填写报告

## 报告表格

report-title = 您的报告
report-intro = 能填多少就填多少。只需要一段描述，或至少选择一种骚扰类型；其他内容都是选填。
report-not-accepting = 本服务目前无法接收报告，因为还没有设置负责接收报告的个案工作人员。您在这里输入的任何内容都不会被发送。请稍后再来。
report-errors-summary = 有些回答需要您再看一下。您写的内容都已保留；请检查下面标出的栏目。
section-what = 发生了什么？
section-what-hint = 请选择所有符合的情况。
tactic-group-direct_physical = 面对面
tactic-group-legal_administrative = 法律或行政施压
tactic-group-coercion_by_proxy = 通过家人施压
tactic-group-digital = 网络和电话
tactic-group-community = 在社群中
tactic-assault = 肢体暴力或袭击
tactic-abduction = 绑架或企图强制遣返
tactic-physical_surveillance = 被跟踪或监视
tactic-intimidation_visit = 恐吓性或“劝说”性质的登门拜访，包括所谓“海外警察站”人员的来访
tactic-interpol_extradition = 国际刑警组织通报或引渡请求
tactic-document_refused = 护照或证件续期被拒
tactic-consular_denied = 被拒绝提供领事服务
tactic-asset_freezing = 财产被冻结或没收
tactic-relatives_threatened = 家乡的亲属遭到威胁、盘问、拘留或惩罚，或被利用来向您传达要求
tactic-demand_to_return = 被要求回国或返乡
tactic-threat_online = 通过电话或网络受到威胁或骚扰
tactic-hacking_phishing = 黑客入侵或网络钓鱼
tactic-spyware = 间谍软件
tactic-doxxing = 个人信息被公开（人肉搜索、“开盒”）
tactic-impersonation = 有人冒充您
tactic-smear_campaign = 抹黑或散布虚假信息
tactic-informant_demand = 被要求打探并汇报他人情况（充当线人）
tactic-association_pressure = 通过社团或同乡会施压
tactic-event_monitoring = 活动或抗议遭到监视

section-when = 这是什么时候发生的？
section-when-hint = 如果发生过多次，请选择最近一次的月份。
field-month = 月份
field-year = 年份
choose = 请选择…
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

section-where = 事情发生时您在哪里？
field-host-country = 国家
field-host-region = 省、州或地区
field-city = 城市
field-city-hint = 仅在您愿意时填写。城市信息会被加密。
country-AU = 澳大利亚
country-AT = 奥地利
country-BE = 比利时
country-CA = 加拿大
country-CZ = 捷克
country-DK = 丹麦
country-FI = 芬兰
country-FR = 法国
country-DE = 德国
country-IN = 印度
country-IE = 爱尔兰
country-IT = 意大利
country-JP = 日本
country-KZ = 哈萨克斯坦
country-KG = 吉尔吉斯斯坦
country-MY = 马来西亚
country-NP = 尼泊尔
country-NL = 荷兰
country-NZ = 新西兰
country-NO = 挪威
country-PL = 波兰
country-KR = 韩国
country-ES = 西班牙
country-SE = 瑞典
country-CH = 瑞士
country-TW = 台湾
country-TH = 泰国
country-TR = 土耳其
country-AE = 阿拉伯联合酋长国
country-GB = 英国
country-US = 美国
country-UZ = 乌兹别克斯坦
country-ZZ = 其他国家

section-who = 受到针对的是谁？
target-self = 我本人
target-relative_abroad = 住在海外的亲属
target-relative_in_origin_state = 家乡的亲属

field-community = 所属社群
community-uyghur = 维吾尔人
community-tibetan = 藏人
community-hong_kong = 香港人
community-southern_mongolian = 南蒙古人
community-chinese_dissident = 中国异见人士或民主运动人士
community-falun_gong = 法轮功
community-taiwanese = 台湾人
community-other = 其他

field-origin-state = 您认为背后是哪个国家？
origin-CN = 中国
origin-RU = 俄罗斯
origin-IR = 伊朗
origin-TR = 土耳其
origin-SA = 沙特阿拉伯
origin-EG = 埃及
origin-RW = 卢旺达
origin-ER = 厄立特里亚
origin-VN = 越南
origin-TJ = 塔吉克斯坦
origin-BY = 白俄罗斯

section-identifiers = 关于涉事人员，您知道哪些信息？
section-identifiers-hint = 电话号码、电子邮件地址、账号、他们使用的名字、车牌号或地点——每行一项。这些信息能帮助我们了解是否有同一批人在针对其他人。
field-identifier-kind = 类型
field-identifier-value = 详情
identifier-kind-phone = 电话号码
identifier-kind-email = 电子邮件地址
identifier-kind-wechat = 微信
identifier-kind-messenger_or_social = 其他通讯软件或社交媒体账号
identifier-kind-name_used = 他们使用的名字
identifier-kind-vehicle_plate = 车牌号
identifier-kind-place = 地点
add-identifier-lines = 添加更多行
limit-characters = 最多 { $max } 个字符。
limit-identifiers = 最多 { $lines } 行，每行最多 { $max } 个字符。

section-narrative = 请告诉我们发生了什么
section-narrative-hint = 可以使用任何语言。写下您认为重要的一切：说了什么、是谁说的、发生的频率。

section-consent = 我们可以如何处理您的报告？
consent-hint = 如果您不勾选这些选项，您的报告只会留在我们的个案工作人员这里。
consent-refer_to_police = 你们可以将我的报告转交警方。
consent-refer_to_partners = 你们可以将我的报告转交合作机构（法律援助、数字安全协助、互助团体）。
consent-research_statistics = 你们可以将我的报告计入匿名统计。

section-contact = 我们可以如何联系您？
contact-platform = 只通过本网站，使用我的回执号码（最安全）
contact-other = 其他方式
field-contact-details = 如何联系您
contact-details-hint = 例如 Signal 号码。只有我们的个案工作人员能看到。
submit-report = 提交报告

## 栏目问题

problem-narrative_or_tactic_required = 请描述发生了什么，或至少选择一种骚扰类型。
problem-too_long = 内容太长：最多可以写 { $max } 个字符，现在超出了 { $excess } 个。您写的内容都保留在这里：请把它缩短。
problem-too_many = 行数太多：最多 { $max } 行。
problem-control_characters = 其中含有看不见的控制字符。请重新输入。
problem-unknown_code = 请从提供的选项中选择一项。
problem-region_without_country = 请同时选择国家。
problem-region_not_in_country = 这个地区不在所选的国家内。
problem-month_malformed = 请同时选择月份和年份，或两者都不选。
problem-month_in_future = 这个日期还没到。
problem-month_too_old = 请选择 1950 年或之后的年份。
problem-contact_details_required = 请告诉我们如何联系您，或选择“只通过本网站”。
problem-contact_details_with_platform_only = 您写了联系方式，但选择了“只通过本网站”。如果我们可以使用这些联系方式，请选择“其他方式”；否则请把它们删除。
problem-identifier_kind_required = 请选择这项信息的类型。

## 回执

receipt-title = 我们已收到您的报告
receipt-intro = 谢谢您。您的报告已安全保存，只有我们的个案工作人员能够阅读。
receipt-label = 您的回执号码
receipt-keep = 请现在就记下这个号码，并存放在安全的地方。本页面会在提交后的 { $minutes ->
   *[other] { $minutes } 分钟
}内显示它，而且只在这个浏览器中显示；此后任何人都无法再看到它，连我们也不能。凭这个号码，您可以回来查看我们的回复、补充信息——但任何拿到这个号码的人也都可以这样做。
receipt-groups = 共 { $groups } 组，每组 4 位数字，总共 { $digits } 位。输入时有没有空格都没关系。
receipt-hide = 我已经记下来了：现在隐藏号码
receipt-no-files = 这份报告没有附带任何文件。
receipt-no-longer-shown = 我们已收到您的报告。为了您的安全，这里不再显示它的回执号码。您可以在下方再提交一份报告。
receipt-hidden = 回执号码已隐藏，不会再次显示。您可以在下方再提交一份报告。
already-received-title = 这份报告之前已经收到
already-received = 这份表格之前已经提交过，当时我们已收到报告。没有任何内容被重复保存。为了您的安全，它的回执号码不会再次显示。
already-received-next = 如果您记下了回执号码，可以跟进您的报告：
report-another = 再提交一份报告
changed-title = 您的报告之前已经收到
changed-intro = 这份表格之前已经提交过，那份报告我们已经收到。您之后所做的修改没有加进那份报告，也没有任何内容被重复保存。
changed-offer-title = 把您的修改作为消息发送
changed-offer = 下面是您刚才在表格中填写的内容。请检查一下，想改的话可以修改，然后发送：它会作为一条消息附在您的报告里，个案工作人员能够看到。
changed-message-label = 您给个案工作人员的消息
changed-send = 添加到我的报告
changed-or-leave = 如果您不想发送，直接离开这个页面即可。您重新选择的文件没有被添加；之后您可以凭回执号码再添加文件。
addition-sent = 您的消息已添加到您提交的报告中。
addition-too-late = 已无法再从这个页面找到这份报告。请先复制您写的文字，然后在跟进页面用回执号码登录，再发送。
receipt-repeated = 这份报告之前已经收到；下面再次显示它的回执号码。
receipt-next = 接下来：个案工作人员会阅读您的报告。我们只会在您允许的范围内分享。
receipt-done = 记下号码后，请关闭这个标签页。

## 错误

error-title = 出现问题
error-form-expired = 此表格已过期。您的回答已保留在下方；请重新提交。
error-save-failed = 我们未能保存您的报告，因此没有存储任何内容。您的回答已保留在下方；请稍后再试。
error-save-failed-message = 我们未能保存您的消息，因此没有发送任何内容。消息已保留在下方；请稍后再试。
error-page-outdated = 这个页面已经过时（来自之前的一次登录），因此没有发送任何内容。您写的文字已保留在下方：请检查后重新发送。
error-page-outdated-files = 这个页面已经过时，因此文件没有被添加。请重新选择文件。
error-not-found = 此页面不存在。
error-method = 此地址不接受这类请求。
error-too-large = 您发送的内容太大。
error-bad-request = 我们无法读取发送的内容。请返回后再试一次。
error-forbidden = 您无权执行此操作。
error-cross-site = 此请求来自其他网站，已被拒绝。
error-timeout = 请求超时。
error-try-later = 同时到达的请求太多。没有任何内容丢失；请几分钟后再试。
error-signed-out = 您尚未登录，或您的会话已结束。请重新登录。
error-generic = 我们这边出现了问题。请再试一次。如果问题持续出现，请将此代码提供给管理员：{ $request }
error-back-home = 返回首页
error-back-inbox = 返回收件箱

## 工作人员区

staff-login-title = 工作人员登录
field-username = 用户名
field-password = 密码
field-password-confirm = 再次输入密码
sign-in = 登录
sign-out = 退出登录
login-failed = 用户名或密码错误。
sign-in-from-this-page = 为了您的安全，此次登录未被尝试：它并非来自本网站自己的页面。请在此处重新登录。
login-throttled = 此账号登录失败次数过多。请在 { $minutes ->
   *[other] { $minutes } 分钟
}后重试。
login-setup-pending = 设置尚未完成：目前还没有管理员。请打开服务器启动时输出的一次性设置链接。如果链接已丢失，请在服务器上运行“refuge setup-link”来输出新链接。
login-plain-http = 这个页面似乎是通过未加密的 HTTP 访问的，而且访问的地址不是服务器本机。浏览器只会在 HTTPS 连接下（或在 localhost 和洋葱服务上）保留安全的登录 Cookie，因此在这里无法登录。请通过 HTTPS 或以洋葱服务的形式提供 Refuge（并设置 server.public_url）；或者，仅在可信任的本地网络中，将 web.secure_cookies 设为 false。
login-cookie-refused = 登录已成功，但您的浏览器没有保存登录 Cookie，所以您仍然处于未登录状态。请允许本网站使用 Cookie，然后重新登录。
staff-kept-back = 您已重新登录。您的消息已放回下面的输入框中；它还没有发送。
staff-session-ended-kept = 您的会话已结束，所以您的消息没有发送。请重新登录：消息会回到原来的输入框中，仍未发送。在此期间，它不会保存在服务器上。
session-expired = 请登录。
nav-inbox = 收件箱
nav-staff = 工作人员账号
nav-account = 我的账号

inbox-title = 收件箱
inbox-empty = 暂无报告。
inbox-col-received = 接收时间
inbox-col-status = 状态
inbox-col-tactics = 发生了什么
inbox-col-region = 地点
inbox-col-language = 语言
inbox-open = 打开
inbox-no-access = 尚无密钥
status-received = 已接收
status-triaged = 已初步分类
status-in_progress = 处理中
status-referred = 已转介
status-closed = 已结案

report-view-title = { $day } 收到的报告
report-field-status = 状态
report-field-language = 语言
report-field-occurred = 时间
report-field-where = 地点
report-field-id = 编号
report-no-access = 您还没有这份报告的密钥：报告在您的账号能够接收之前就已加密封存。能阅读这份报告的同事可以为您开通访问权限。
report-readers = 持有这份报告密钥的人员
report-grant = 为同事开通访问权限
report-grant-button = 开通访问权限
report-granted = 已开通访问权限。
report-contact-platform-only = 只通过本网站

admin-staff-title = 工作人员账号
admin-col-username = 用户名
admin-col-role = 角色
admin-col-receives = 接收新报告
field-role = 角色
role-admin = 管理员
role-caseworker = 个案工作人员
role-researcher = 研究人员
role-auditor = 审计人员
admin-grant-all = 授予其访问我能阅读的所有报告的权限
admin-granted-all = 已与 { $username } 共享 { $count } 份报告。
admin-disable = 停用账号
admin-disable-title = 停用账号
admin-disable-question = 要停用账号 { $username } 吗？
admin-disable-consequences = 该账号的所有会话会立即结束，此人将无法再登录，新报告也不再为其加密。此人已经读过的内容无法收回。您之后可以重新启用该账号；在此期间收到的报告不会为该账号加密，但同事可以与其共享这些报告。
admin-disable-confirm = 停用该账号
cancel = 取消
admin-enable = 启用账号
admin-enabled-notice = 已启用账号 { $username }：该账号可以重新登录；如果其角色会接收报告，新报告也会重新为其加密。停用期间收到的报告需要另行与其共享。
admin-disabled-notice = 已停用账号 { $username }：其所有会话均已结束，新报告也不再为该账号加密。
admin-status-disabled = 已停用
account-rule-username_invalid = 用户名须为 2–64 个字符：小写字母、数字、“.”、“_”或“-”。
account-rule-password_too_short = 密码至少需要 12 个字符。
account-rule-password_too_long = 密码太长。
password-mismatch = 两次输入的密码不一致。
username-taken = 此用户名已被使用。

setup-title = 设置 Refuge
setup-intro = 创建第一个管理员账号。此链接只能使用一次。
setup-no-recovery = 请把密码记下来并存放在安全的地方：任何人都无法找回它。您的密钥由这个密码加密封存；没有这个密码，就无法打开为您加密封存的报告。设置完成后，请尽快添加第二位管理员。
setup-button = 创建管理员
setup-done = 设置已完成。请登录。
setup-invalid = 此设置链接无效、已被使用或已过期。请在服务器上运行“refuge setup-link”来输出新链接。

account-title = 您的账号
account-change-password = 更改您的密码
account-change-hint = 您的密钥由您的密码加密封存。如果您忘记密码，任何人都无法找回这把密钥：届时只能由同事为一个新账号重新开通您原先可阅读的报告的访问权限。
field-current-password = 当前密码
field-new-password = 新密码
account-password-button = 更改密码
password-changed = 您的密码已更改。
password-wrong-current = 当前密码错误。

## 后续跟进（报告人）

followup-link = 已经提交过报告？凭回执号码查看回复、补充信息。
followup-title = 跟进您的报告
followup-intro = 请输入您提交报告时得到的回执号码。您可以看到报告的处理状态和我们的消息，也可以回复并发送文件。为了您的安全，您的报告内容不会再次显示。
followup-receipt-label = 回执号码
followup-receipt-hint = 共 28 位数字。有没有空格或短横线都没关系，数字也可以用任何文字的写法输入（例如全角数字）。
followup-open = 打开
followup-invalid = 无法识别这个回执号码。请检查数字后再试一次。
followup-wrong-length = 回执号码共有 28 位数字，分为 7 组，每组 4 位。请检查您是否输入了全部数字，并且没有输入多余的内容。
followup-typo = 这个号码有输入错误：有一位数字不对，或者有两位数字的顺序颠倒了。请逐一检查每组四位数字。
followup-kept-back = 您已重新登录。您的消息已放回下面的输入框中；它还没有发送。
followup-session-ended-kept = 您的登录状态已结束，所以您的消息没有发送。请用回执号码重新登录：您的消息会回到输入框中，仍未发送。在此期间，它不会保存在任何地方。
followup-cookie-refused = 登录已成功，但您的浏览器没有保存本网站的登录 Cookie，所以您无法保持登录状态。请允许本网站使用 Cookie（Tor Browser 允许使用 Cookie），然后重新登录。
followup-throttled = 用这个回执号码尝试的次数太多。请等待 { $minutes ->
   *[other] { $minutes } 分钟
}后再试。
followup-case-title = 您的报告
followup-status-label = 状态
followup-status-since = （自 { $day } 起）
followup-safety = 为了您的安全，这里不会再次显示您的报告内容。您可以补充信息、回答问题和发送文件。
followup-messages = 消息
followup-no-messages = 暂无消息。
followup-from-you = 您
followup-from-caseworker = 个案工作人员
followup-hide = 在我的页面上隐藏
followup-hidden = 这条消息已不再在您的页面上显示。
followup-reply-label = 给个案工作人员留言
followup-send = 发送
followup-sent = 您的消息已发送。
followup-files = 您的文件
followup-no-files = 暂无文件。
followup-add-files = 添加文件
followup-add = 发送这些文件
followup-files-added = 已收到您的文件。
followup-sign-out = 退出登录
followup-signed-out-title = 已退出登录
followup-signed-out = 您已退出登录。为安全起见，请现在关闭这个浏览器窗口。
followup-back-home = 返回首页
status-plain-received = 已收到：正在等待个案工作人员阅读
status-plain-triaged = 个案工作人员已阅读，正在判断可以采取哪些行动
status-plain-in_progress = 个案工作人员正在处理
status-plain-referred = 已按您的同意转交给另一个机构
status-plain-closed = 已结案
problem-empty = 请先写一些内容。

## 证据文件

field-files = 文件：截图、照片、录音录像、文档
field-files-hint = 每次最多 { $count } 个文件，每个文件最大 { $per_file } MB，总共最多 { $per_report } MB。照片和 PDF 会另外生成一份去除了位置等隐藏信息的副本，供个案工作人员使用；您的原始文件会作为证据密封保存。
files-reselect = 表格重新显示时不会保留文件：请重新选择。
error-file-too-large = 有一个文件超过 { $max } MB。请发送较小的文件，或把它拆分。
error-report-files-too-large = 这些文件加起来超过 { $max } MB。请少发一些文件，或发送较小的文件。
error-daily-upload-limit = 本服务今天无法再接收文件。请明天再试；您现在可以先发送文字内容，不附文件。
error-too-many-files = 每次最多发送 { $max } 个文件。
error-no-files = 请至少选择一个文件。
error-empty-file = 您选择的一个文件是空的。请重新选择这个文件，或选择其他文件。
file-size = { $kib } KB
file-cleaned = 已为个案工作人员制作一份工作副本，其中去除了：{ $removed }。您的原始文件会作为证据密封保存。
file-cleaned-nothing-found = 没有发现隐藏信息。我们仍然制作了一份工作副本，您的原始文件会作为证据密封保存。
file-not-cleaned = 这类文件无法自动清理：它会按您发送时的原样密封保存。
removed-location = 位置（GPS）
removed-camera_details = 相机品牌、型号和序列号
removed-dates = 日期和时间
removed-author = 作者姓名
removed-software = 软件名称
removed-comments = 注释和描述
removed-thumbnail = 内嵌的预览图片
removed-other_metadata = 其他隐藏信息
receipt-files = 已收到的文件
evidence-download = 保存证据回执
evidence-hint = 这是一个带签名的文本文件，记录了日期，以及您每个文件的名称、大小和 SHA-256 指纹。它能证明我们收到的正是这些文件。请把它存放在安全的地方；如果这台设备可能被检查，请不要存放在这台设备上。
evidence-title = Refuge 证据回执
evidence-intro = 本服务已于所示日期收到下列文件。文末的签名由本服务的 Ed25519 密钥生成，可以证明此文本自那时起没有被修改。
evidence-day = 接收日期
evidence-files = 文件
evidence-key-published = 用于验证此签名的公钥公布在：
evidence-key-published-path = 用于验证此签名的公钥由本服务公布，位于本服务网址下的这个路径：
evidence-fingerprint = 它的指纹（DER 格式公钥的 SHA-256 值）是：
evidence-instance = 签发的服务实例：
evidence-report = 这些文件所属报告的参考编号（本服务的个案工作者可以据此找到该报告；对其他任何人，它不透露报告的任何内容）：
evidence-verify = 验证方法：获取公钥，核对其指纹是否一致，然后按照本服务运维指南中“Verifying an evidence receipt”（验证证据回执）一节操作（使用 OpenSSL 即可）。
evidence-hint-window = 接下来 { $minutes ->
   *[other] { $minutes } 分钟
}内，您可以在这里保存它；之后，请用回执号码登录后再保存。
evidence-too-late = 已无法再从这个页面保存证据回执。请在跟进页面用回执号码登录，在那里保存。

## 个案处理：对话与文件

inbox-unread = 报告人有新动态
messages-title = 与报告人的对话
messages-none = 暂无消息。
message-from-reporter = 报告人
message-from-former-staff = 前同事
message-hidden-by-reporter = 报告人已在自己的页面上隐藏此消息
message-write = 给报告人留言
message-send = 发送给报告人
message-sent = 消息已发送给报告人。
report-files = 证据文件
report-no-files = 没有文件。
file-download-clean = 下载工作副本（已去除隐藏信息）
file-download-original = 下载密封的原始文件（可能包含位置等信息）
file-saved-as = 将保存为 { $name }，因为其内容与文件名所示不符。
report-evidence-reference = 此报告证据回执上的参考编号
bidi-control-shown = 一个会改变文字方向的隐藏字符。此处将其显示出来，使其无法掩饰文字的真实内容。
evidence-name = 文件名
evidence-size = 大小（字节）
list-separator = 、
file-cleaned-staff = 工作副本已移除：{ $removed }。
file-cleaned-nothing-found-staff = 未发现隐藏信息；仍已制作工作副本。
file-not-cleaned-staff = 无工作副本：此类文件无法自动清理。请谨慎打开原件，最好在另一台电脑上。
error-intake-busy = 目前有大量报告正在提交，您的报告尚未发送。请在 { $minutes ->
   *[other] { $minutes } 分钟
}后再次发送——您写的所有内容都保留在下方。
error-quota-messages = 此报告的消息已达上限（{ $max } 条）。您的消息未发送，已保留在下方。
error-quota-messages-today = 您今天已在此报告中发送 { $max } 条消息，已达单日上限。请明天再发送这条消息，它已保留在下方。
error-quota-files = 此报告的文件已达上限（{ $max } 个）。未添加任何内容。
messages-earlier = 较早的消息
messages-later = 较新的消息
messages-showing = 第 { $first } 至 { $last } 条消息，共 { $count } 条
admin-invite-title = 邀请同事
admin-invite-hint = 对方打开链接后自行设置密码：其他任何人都不会知道这个密码，包括您。此链接只能使用一次，有效期为 72 小时。请您亲自通过可信任的渠道把链接发给对方。管理员和个案工作人员接受邀请后即会接收新报告；之前的报告需要另行授权。
admin-invite-button = 创建邀请
admin-invitations-pending = 尚未使用的邀请
admin-col-expires = 链接有效期至
admin-withdraw = 撤回
admin-invitation-withdrawn-notice = 邀请已撤回；其链接已失效。
username-invited = 已有一份针对此用户名的邀请正在等待接受。请先撤回该邀请，再发送新的邀请。
invite-created-title = 给 { $username } 的邀请
invite-created-link = 对方的一次性链接（仅此时显示）：
invite-created-path-hint = 请将它接在本服务器公开地址的后面（即您浏览器地址栏中的地址）。
invite-created-back = 返回工作人员账号
invite-title = 加入 Refuge
invite-intro = { $by } 邀请您以用户名 { $username } 加入，角色为“{ $role }”。请设置您的密码：其他任何人都不会知道它；没有这个密码，任何人都无法阅读为您加密封存的报告。
invite-invalid = 此邀请链接已被使用、已被撤回或已过期。请向您的管理员索取新的链接。
invite-button = 创建我的账号
recipients-title = 谁会接收新报告
recipients-intro = 新报告只为这些账号的密钥加密封存，不为其他任何人加密。对此名单的每一次更改都显示在下方，并注明由谁更改、何时更改。
recipients-history = 名单更改记录
recipients-col-day = 日期
recipients-col-change = 更改
recipients-col-by = 操作人
recipients-by-command-line = 服务器命令行
recipients-none = 目前还没有人接收新报告。
recipient-change-first_admin_created = { $username } 设置了 Refuge，成为第一位管理员
recipient-change-staff_added = 已添加 { $username }
recipient-change-staff_invited = 已邀请 { $username }
recipient-change-invitation_accepted = { $username } 已接受邀请
recipient-change-invitation_withdrawn = 给 { $username } 的邀请已撤回
recipient-change-staff_disabled = 已停用 { $username }
recipient-change-staff_enabled = 已重新启用 { $username }
recipients-not-receiving = （不接收报告）
inbox-recipients-changed = 新报告的接收人名单已于 { $day } 更改。
inbox-recipients-see = 查看名单及其更改记录
nav-recipients = 接收人
account-sessions = 您的登录会话
account-sessions-hint = 会话在连续 30 分钟未使用后结束，最长持续 12 小时。如有您不认识的会话，请将其结束，然后更改您的密码。
account-col-began = 登录时间
account-col-last-seen = 最后使用时间
account-this-browser = 此浏览器
account-end-session = 结束
account-session-ended = 该会话已结束。

## 案件处理：分诊、分派、标签（issue 10）
inbox-col-select = 选择
inbox-col-urgency = 紧急程度
inbox-col-assignee = 负责人
inbox-col-labels = 标签
inbox-select-report = 选择 { $day } 收到的报告
inbox-bulk-title = 对所选报告
inbox-bulk-assign = 分派给
inbox-bulk-status = 设置状态
inbox-bulk-label = 添加标签
inbox-bulk-keep = — 不更改 —
inbox-bulk-apply = 应用
inbox-bulk-done = 已更改 { $count } 份报告。
inbox-bulk-nothing = 未作任何更改：请至少选择一份报告和一项更改。
urgency-low = 低
urgency-normal = 一般
urgency-high = 高
urgency-critical = 紧急
case-title = 案件
case-status = 状态
case-substatus = 子状态
case-substatus-none = （无）
case-substatus-hint = 子状态属于某一状态；选择其他状态会将其清除。
case-urgency = 紧急程度
case-assignee = 负责人
case-assignee-none = 无人
case-deadline = 截止日期
case-labels = 标签
case-labels-none = 尚未定义标签：管理员在配置中列出（[case] labels）。
case-tactics = 您编码的手段
case-tactics-hint = 报告人的选择按原样保留。若有您的编码，统计以您的编码为准。
case-tactics-coded = 工作人员编码
case-save = 保存案件
case-saved = 案件已保存。
case-error-substatus = 该子状态不属于所选状态。未作任何更改。
case-error-assignee = 这位同事尚无此报告的密钥：请先授予访问权限。未作任何更改。
case-error-label = 该标签未定义。未作任何更改。
case-error-deadline = 截止日期须写成 YYYY-MM-DD。未作任何更改。
notes-title = 内部备注
notes-hint = 只有能阅读此报告的工作人员才能看到备注。报告人以及任何持有回执的人都看不到。
notes-none = 尚无备注。
notes-version = 第 { $version } 版
notes-earlier = 早先版本
notes-edit = 编辑
notes-edit-label = 此备注现在应有的内容（早先版本会保留）
notes-save-version = 保存为新版本
notes-write = 新备注
notes-add = 添加备注
note-saved = 备注已保存。
note-conflict = 一位同事在同一时刻修改了此备注，现显示其版本。您的文字保留在下方。

## 团队、分派规则与恢复密钥（issue 10）
nav-teams = 团队
nav-routing = 新报告的分派
nav-recovery = 恢复密钥
admin-teams-title = 团队
admin-teams-intro = 团队成员接收分派给该团队的报告，且只有他们知道这些报告存在。谁接收哪些报告在此设置：
admin-teams-none = 尚无团队。在设置分派规则之前，每位个案工作者都会收到每份报告。
admin-team-name = 名称
admin-team-name-hint = 小写字母、数字、“-”或“_”（会出现在网址中）。
admin-team-members = 成员
admin-team-save = 保存团队
admin-team-delete = 删除团队
admin-team-create = 创建团队
admin-team-created = 团队已创建。
admin-team-saved = 团队已保存。新报告立即按此分派；已收到的报告只有在能阅读它们的人授予访问权限后才会转移。
admin-team-deleted = 团队已删除。
team-error-name = 团队名称须为 1 到 40 个小写字母、数字、“-”或“_”。未作任何更改。
team-error-member = 成员必须是处理个案的账户。未作任何更改。
team-error-in-routing = 新报告的分派规则仍提到此团队：请先修改分派规则。未作任何更改。
team-error-taken = 已有其他团队使用此名称。未作任何更改。
admin-routing-title = 新报告的分派
admin-routing-intro = 每份新报告会发给第一条与其语言、国家、地区、群体、来源国或手段相符的规则所指定的团队；没有规则相符的报告发给默认团队。报告只为其团队成员（以及恢复密钥）加密。更改只影响新报告。
admin-routing-off = 尚未设置分派规则：每位个案工作者都会收到每份新报告。
admin-routing-no-teams = 请先创建团队。
admin-routing-rule = 规则 { $number }
admin-routing-any = （任何）
admin-routing-origin = 来源国
admin-routing-tactic = 手段
admin-routing-teams = 发送给：
admin-routing-more = 添加规则
admin-routing-default = 默认团队（没有规则相符的报告）
admin-routing-save = 保存分派规则
admin-routing-saved = 分派规则已保存，适用于此后收到的报告。
routing-error-team = 分派规则提到了不存在的团队。未作任何更改。
routing-error-no-teams = 规则 { $number } 没有指定任何团队。未作任何更改。
routing-error-code = 规则 { $number } 提到的地区不属于其国家，或使用了未提供的代码。未作任何更改。
routing-error-too-many = 规则或团队过多。未作任何更改。
admin-recovery-title = 机构恢复密钥
admin-recovery-intro = 每份报告、文件和消息也会为机构恢复密钥加密。其私密部分只显示一次，从不保存在此：打印或离线保存后，当所有持有报告的人都离开时，它能让机构重新取回个案（refuge recovery-key grant --to USER）。
admin-recovery-present = 机构已有恢复密钥。
admin-recovery-none = 机构没有恢复密钥：如果持有某份报告的人都离开了，就再也无人能打开它。请立即创建一个。
admin-recovery-new = 创建新的恢复密钥
admin-recovery-shown-once = 这是机构的恢复密钥。它只显示这一次，不会保存在服务器上。请现在打印或抄下，并离线妥善保管。
admin-recovery-secret-label = 恢复密钥
admin-recovery-how = 要用它让同事访问所有报告，管理员需在服务器上运行：refuge recovery-key grant --to 用户名，然后输入此密钥。
admin-recovery-done = 我已妥善保管
admin-recovery-continue = 我已妥善保管：前往收件箱
recipient-change-team_created = 团队 { $username } 已创建
recipient-change-team_changed = 团队 { $username } 已更改
recipient-change-team_deleted = 团队 { $username } 已删除
recipient-change-routing_changed = 新报告的分派规则已更改
recipient-change-recovery_key_created = 已创建新的机构恢复密钥

## Inbox filters and search (issue 10)

inbox-filters-title = 筛选和搜索
inbox-search-label = 搜索
inbox-search-hint = 可用任何文字输入词语；案件须包含全部词语。用"引号"把应连在一起的词括起来。只搜索您能阅读的内容：陈述、识别信息、消息、备注和文件名。
inbox-filter-any = 全部
inbox-filter-status = 状态
inbox-filter-substatus = 子状态
inbox-filter-urgency = 紧急程度
inbox-filter-assignee = 负责人
inbox-filter-assignee-me = 我
inbox-filter-assignee-none = 无人
inbox-filter-team = 小组
inbox-filter-label = 标签
inbox-filter-tactic = 发生了什么
inbox-filter-language = 语言
inbox-filter-host-country = 所在国家
inbox-filter-unread = 只显示举报人有新动态的案件
inbox-filter-from = 接收日期自
inbox-filter-to = 接收日期至
inbox-sort = 排序
inbox-sort-newest = 最新的在前
inbox-sort-oldest = 最早的在前
inbox-sort-urgency = 最紧急的在前
inbox-sort-activity = 最近有动态的在前
inbox-filter-apply = 显示
inbox-filter-clear = 清除筛选
inbox-filter-none-match = 没有符合这些筛选条件的案件。
inbox-filter-readable-only = 搜索和标签只查看您持有密钥的案件。
inbox-filter-error = 为"{ $field }"选择的值无法使用。请从列表中另选一个；您的其他选择已保留。
inbox-filter-range = "接收日期自"晚于"接收日期至"。
inbox-filter-cursor = 这个指向后续页面的链接已不符合这些筛选条件。请按"显示"从第一页重新开始。
inbox-search-too-long = 搜索内容超过 { $max } 个字符。请缩短后再试。
inbox-search-too-many-terms = 搜索内容超过 { $max } 个词。请去掉一些后再试。
inbox-search-term-too-long = 搜索中有一个词太长。请缩短后再试。
inbox-col-teams = 小组
inbox-pages = 页面
inbox-next-page = 下一页
inbox-first-page = 第一页
