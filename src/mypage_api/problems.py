"""The catalogue of problem types (RFC 9457). A type's slug never changes once published."""

from dataclasses import dataclass

from mypage_api.i18n import Text

PROBLEM_TYPE_PREFIX = "urn:mypage-api:problem:"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: Text
    detail: Text

    @property
    def uri(self) -> str:
        return PROBLEM_TYPE_PREFIX + self.slug


VALIDATION_FAILED = ProblemType(
    "validation-failed",
    422,
    Text("入力内容に誤りがあります", "The request is not valid"),
    Text(
        "入力内容を確認してください。誤りのある項目は errors に示しています。",
        "Check the request; the fields in error are listed in errors.",
    ),
)
INVALID_CURSOR = ProblemType(
    "invalid-cursor",
    422,
    Text("ページ指定が正しくありません", "The page cursor is not valid"),
    Text(
        "cursor には前の応答の next_cursor をそのまま指定してください。",
        "Pass the next_cursor of a previous response unchanged.",
    ),
)
NOT_FOUND = ProblemType(
    "not-found",
    404,
    Text("見つかりません", "Not found"),
    Text("指定されたものは見つかりません。", "Nothing was found at this address."),
)
METHOD_NOT_ALLOWED = ProblemType(
    "method-not-allowed",
    405,
    Text("この操作はできません", "Method not allowed"),
    Text("このアドレスではこのメソッドを使えません。", "This method is not allowed here."),
)
BAD_REQUEST = ProblemType(
    "bad-request",
    400,
    Text("リクエストが正しくありません", "Bad request"),
    Text("リクエストの形式が正しくありません。", "The request is malformed."),
)
SERVICE_UNAVAILABLE = ProblemType(
    "service-unavailable",
    503,
    Text("ただいま利用できません", "Service unavailable"),
    Text("しばらくしてからもう一度お試しください。", "Please try again later."),
)
PAYLOAD_TOO_LARGE = ProblemType(
    "payload-too-large",
    413,
    Text("送信内容が大きすぎます", "Request body too large"),
    Text(
        "送信内容の大きさの上限（max_bytes バイト）を超えています。",
        "The request body is larger than the limit of max_bytes bytes.",
    ),
)
HEADERS_TOO_LARGE = ProblemType(
    "headers-too-large",
    431,
    Text("リクエストヘッダーが大きすぎます", "Request headers too large"),
    Text(
        "リクエストヘッダーの大きさの上限（max_bytes バイト）を超えています。",
        "The request headers are larger than the limit of max_bytes bytes.",
    ),
)
INTERNAL_ERROR = ProblemType(
    "internal-error",
    500,
    Text("システムエラーが発生しました", "Internal error"),
    Text(
        "しばらくしてからもう一度お試しください。解決しない場合はハローワークにお問い合わせください。",
        "Please try again later. If it persists, contact Hello Work.",
    ),
)
OFFICE_NOT_FOUND = ProblemType(
    "office-not-found",
    404,
    Text("ハローワークが見つかりません", "Office not found"),
    Text(
        "指定された安定所番号のハローワークはありません。",
        "There is no Hello Work office with this office code.",
    ),
)

GENERIC_BY_STATUS: dict[int, ProblemType] = {
    400: BAD_REQUEST,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    413: PAYLOAD_TOO_LARGE,
    422: VALIDATION_FAILED,
    431: HEADERS_TOO_LARGE,
    503: SERVICE_UNAVAILABLE,
}

# Accounts and sign-in -------------------------------------------------------------------
NOT_AUTHENTICATED = ProblemType(
    "not-authenticated",
    401,
    Text("ログインが必要です", "Sign-in required"),
    Text("ログインしてからもう一度お試しください。", "Sign in and try again."),
)
INVALID_TOKEN = ProblemType(
    "invalid-token",
    401,
    Text("ログインの有効期限が切れました", "The access token is not valid"),
    Text("もう一度ログインしてください。", "The token is expired or not valid; sign in again."),
)
WRONG_ROLE = ProblemType(
    "wrong-role",
    403,
    Text("この操作はできません", "Not allowed for this kind of account"),
    Text(
        "この機能はご利用のアカウントの種類では使えません。",
        "This part of the API is for another kind of account.",
    ),
)
INVALID_CREDENTIALS = ProblemType(
    "invalid-credentials",
    401,
    Text("メールアドレスまたはパスワードが正しくありません", "Wrong e-mail address or password"),
    Text(
        "メールアドレスとパスワードを確認してください。",
        "Check the e-mail address and the password.",
    ),
)
INVALID_CLIENT = ProblemType(
    "invalid-client",
    401,
    Text("クライアント認証に失敗しました", "Client authentication failed"),
    Text("client_id と client_secret を確認してください。", "Check client_id and client_secret."),
)
LOGIN_THROTTLED = ProblemType(
    "login-throttled",
    429,
    Text("しばらくしてからログインしてください", "Too many failed sign-ins"),
    Text(
        "ログインの失敗が続いたため、Retry-After の秒数が過ぎるまでお待ちください。",
        "Sign-ins failed several times; wait for the seconds in Retry-After.",
    ),
)
LOGIN_LOCKED = ProblemType(
    "login-locked",
    429,
    Text("アカウントを一時的にロックしました", "Sign-in locked for a while"),
    Text(
        "ログインの失敗が続いたため、一時的にログインできません。"
        "Retry-After の秒数が過ぎてからお試しいただくか、パスワードを再設定してください。",
        "Too many failed sign-ins: wait for the seconds in Retry-After, or reset the password.",
    ),
)
ACCOUNT_RESTRICTED = ProblemType(
    "account-restricted",
    403,
    Text("このアカウントは利用が制限されています", "This account is restricted"),
    Text(
        "マイページの利用が制限されています。ハローワークにご相談ください。",
        "Use of My Page has been restricted for this account; please consult Hello Work.",
    ),
)
INVALID_REFRESH_TOKEN = ProblemType(
    "invalid-refresh-token",
    401,
    Text("再ログインが必要です", "The refresh token is not valid"),
    Text(
        "もう一度ログインしてください。",
        "The refresh token is expired, used or revoked; sign in again.",
    ),
)
WEAK_PASSWORD = ProblemType(
    "weak-password",
    422,
    Text("このパスワードは使えません", "This password cannot be used"),
    Text(
        "10文字以上で、推測されにくいパスワードを設定してください。",
        "Use at least 10 characters that are hard to guess.",
    ),
)
WRONG_PASSWORD = ProblemType(
    "wrong-password",
    403,
    Text("現在のパスワードが正しくありません", "The current password is wrong"),
    Text("現在のパスワードを確認してください。", "Check the current password."),
)
INVALID_LINK = ProblemType(
    "invalid-link",
    404,
    Text("このURLは無効です", "This link is not valid"),
    Text(
        "URLの有効期限が切れたか、既に使われています。もう一度お手続きください。",
        "The link has expired or has been used; please start again.",
    ),
)
CONSENT_REQUIRED = ProblemType(
    "consent-required",
    422,
    Text("利用規約とプライバシーポリシーへの同意が必要です", "Consent required"),
    Text(
        "最新の利用規約とプライバシーポリシーを確認し、同意してください。",
        "Read and accept the current terms of use and privacy policy.",
    ),
)
INELIGIBLE = ProblemType(
    "ineligible",
    422,
    Text("求職者マイページをご利用いただけません", "My Page cannot be opened"),
    Text(
        "15歳以下の方、中学・高校（夜間・定時制・通信制を除く）に在学中または卒業予定の方はご利用いただけません（利用規約第2条）。ハローワークにご相談ください。",
        "People aged 15 or under, and pupils of junior high, secondary or high schools "
        "(except night, part-time and correspondence courses) who are enrolled or due to "
        "graduate, cannot open a My Page (terms of use, article 2). Please consult Hello Work.",
    ),
)
PROFILE_INCOMPLETE = ProblemType(
    "profile-incomplete",
    422,
    Text("求職者情報に誤りまたは未入力があります", "The profile has errors"),
    Text("errors に示した項目を修正してください。", "Correct the fields listed in errors."),
)
NO_OFFICE_FOR_ADDRESS = ProblemType(
    "no-office-for-address",
    422,
    Text("管轄のハローワークが見つかりません", "No office serves this address"),
    Text(
        "郵便番号を確認してください。解決しない場合はハローワークにご相談ください。",
        "Check the postal code; if it is right, please consult Hello Work.",
    ),
)
SEEKER_NOT_FOUND = ProblemType(
    "seeker-not-found",
    404,
    Text("求職者が見つかりません", "Seeker not found"),
    Text(
        "この求職番号の求職者は、あなたのハローワークにはいません。",
        "There is no seeker with this seeker number at your office.",
    ),
)
EMAIL_TAKEN = ProblemType(
    "email-taken",
    409,
    Text("このメールアドレスは使われています", "E-mail address in use"),
    Text("別のメールアドレスを指定してください。", "Use another e-mail address."),
)
ALREADY_HELLOWORK_USER = ProblemType(
    "already-hellowork-user",
    409,
    Text("既に利用登録者です", "Already a Hello Work user"),
    Text("この求職者は既にハローワークの利用登録者です。", "This seeker already uses Hello Work."),
)

# My Page core ----------------------------------------------------------------------------
REGISTRATION_INACTIVE = ProblemType(
    "registration-inactive",
    403,
    Text("求職登録が無効のため利用できません", "The registration is inactive"),
    Text(
        "求職登録が「無効」の間は、登録した求職者情報の確認、求職状態の切り替え、"
        "パスワードの変更、データの書き出し、退会のみご利用いただけます。",
        "While the registration is inactive, you can read your registered information, "
        "switch the status, change the password, export your data and withdraw.",
    ),
)
REACTIVATION_WINDOW_CLOSED = ProblemType(
    "reactivation-window-closed",
    403,
    Text("マイページから「有効」に切り替えられる期間を過ぎています", "Reactivation period over"),
    Text(
        "無効になってから一定の期間が過ぎたため、マイページからは「有効」に切り替えられません。"
        "最寄りのハローワークにご相談ください。",
        "The registration has been inactive too long to switch back from My Page; "
        "please consult your nearest Hello Work office.",
    ),
)
REGISTRATION_ACTIVE = ProblemType(
    "registration-active",
    409,
    Text("求職登録は有効です", "The registration is active"),
    Text("この求職者の求職登録は既に有効です。", "This seeker's registration is already active."),
)
CHANGE_AT_COUNTER = ProblemType(
    "change-at-counter",
    403,
    Text("この項目は窓口で変更してください", "Change this at Hello Work"),
    Text(
        "生年月日の変更は、本人確認のうえハローワークの窓口でお手続きください。",
        "The date of birth is changed at a Hello Work counter, with proof of identity.",
    ),
)
HELLOWORK_USERS_ONLY = ProblemType(
    "hellowork-users-only",
    403,
    Text("ハローワークの利用登録者のみご利用いただけます", "For Hello Work users only"),
    Text(
        "ハローワーク受付票は、ハローワークを利用されている方（利用登録者）のみ表示できます。"
        "求職番号は2次元バーコードでご提示ください。",
        "The reception slip is for people who use a Hello Work office; show the QR code of "
        "your seeker number instead.",
    ),
)

# Jobs and search -------------------------------------------------------------------------
JOB_NOT_FOUND = ProblemType(
    "job-not-found",
    404,
    Text("求人が見つかりません", "Job not found"),
    Text("この求人番号の求人はありません。", "There is no job with this job number."),
)
JOB_UNAVAILABLE = ProblemType(
    "job-unavailable",
    410,
    Text("この求人は現在ご覧いただけません", "This job is no longer available"),
    Text(
        "有効期間が過ぎたか、募集が終了した求人のため、詳細は表示できません。",
        "The job's validity has ended or its recruitment has closed, so its details "
        "cannot be shown.",
    ),
)
JOB_CLOSED = ProblemType(
    "job-closed",
    409,
    Text("この求人は無効です", "This job is closed or expired"),
    Text(
        "募集が終了した、または有効期間が過ぎた求人は変更できません。",
        "A job that is closed or past its validity cannot be changed.",
    ),
)
JOB_ALREADY_EXTENDED = ProblemType(
    "job-already-extended",
    409,
    Text("有効期間は既に延長されています", "Already extended"),
    Text(
        "求人の有効期間の延長は1回（1か月）までです。",
        "A job's validity can be extended once, by one month.",
    ),
)
INVALID_REFERRAL_DEADLINE = ProblemType(
    "invalid-referral-deadline",
    422,
    Text("紹介期限日が正しくありません", "Invalid referral deadline"),
    Text(
        "紹介期限日は本日以降、有効期間の末日以前の日付を指定してください。",
        "The referral deadline must be between today and the last day of the validity.",
    ),
)
INVALID_QUERY = ProblemType(
    "invalid-query",
    422,
    Text("検索キーワードが正しくありません", "The search words are not valid"),
    Text(
        "フリーワードは50文字以内で、OR や NOT の前後には語を入れてください。",
        "Use at most 50 characters, with a word on each side of OR and after NOT.",
    ),
)
SAVED_SEARCH_NOT_FOUND = ProblemType(
    "saved-search-not-found",
    404,
    Text("保存した検索条件が見つかりません", "Saved search not found"),
    Text("指定された検索条件はありません。", "There is no such saved search."),
)
SAVED_SEARCH_LIMIT = ProblemType(
    "saved-search-limit",
    409,
    Text("保存できる検索条件の数を超えています", "Too many saved searches"),
    Text("不要な検索条件を削除してから保存してください。", "Delete one you no longer need first."),
)
FAVORITE_LIMIT = ProblemType(
    "favorite-limit",
    409,
    Text("お気に入り求人の数が上限に達しています", "Too many favourites"),
    Text(
        "不要なお気に入り求人を削除してから追加してください。",
        "Remove a favourite you no longer need first.",
    ),
)

# Applications ----------------------------------------------------------------------------
APPLICATION_NOT_FOUND = ProblemType(
    "application-not-found",
    404,
    Text("応募が見つかりません", "Application not found"),
    Text("指定された応募はありません。", "There is no such application."),
)
ONLINE_APPLICATIONS_NOT_ACCEPTED = ProblemType(
    "online-applications-not-accepted",
    409,
    Text("この求人はオンライン自主応募を受け付けていません", "No online applications"),
    Text(
        "この求人への応募は、ハローワークの窓口でご相談ください。",
        "This job does not accept online applications; please consult Hello Work.",
    ),
)
ALREADY_APPLIED = ProblemType(
    "already-applied",
    409,
    Text("この求人には既に応募しています", "Already applied"),
    Text("同じ求人への応募は1件までです。", "There is one live application per job."),
)
CANCELLATION_WINDOW_CLOSED = ProblemType(
    "cancellation-window-closed",
    409,
    Text("応募を取り消せる期間を過ぎています", "Too late to cancel"),
    Text(
        "応募後24時間を過ぎたため、マイページからは取り消せません。"
        "メッセージや電話等で求人者に直接ご連絡のうえ、応募を辞退する旨をお伝えください。",
        "More than 24 hours have passed since applying: contact the employer directly "
        "(by message or phone) to withdraw.",
    ),
)
COUNTER_REFERRAL_NOT_CANCELLABLE = ProblemType(
    "counter-referral-not-cancellable",
    409,
    Text("窓口で紹介を受けた応募は取り消せません", "Counter referrals cannot be cancelled here"),
    Text(
        "ハローワークの窓口で紹介を受けた求人は、マイページからは取り消せません。"
        "求人者またはハローワークにご連絡ください。",
        "A referral made at the counter cannot be cancelled from My Page; contact the "
        "employer or Hello Work.",
    ),
)
APPLICATION_FINISHED = ProblemType(
    "application-finished",
    409,
    Text("この応募は既に終了しています", "The application has ended"),
    Text(
        "取消済み、または選考結果が登録済みの応募です。",
        "The application was cancelled or its result has been registered.",
    ),
)
NO_REFERRAL_LETTER = ProblemType(
    "no-referral-letter",
    404,
    Text("紹介状はありません", "No referral letter"),
    Text(
        "紹介状は、ハローワークの紹介による応募にのみ発行されます。",
        "Referral letters exist only for applications referred by Hello Work.",
    ),
)
OFFER_NOT_FOUND = ProblemType(
    "referral-offer-not-found",
    404,
    Text("紹介対象求人が見つかりません", "Referral offer not found"),
    Text(
        "応募期限を過ぎたか、既に応募した紹介対象求人です。",
        "The offer has passed its deadline, was applied to, or does not exist.",
    ),
)
APPLY_BY_INVALID = ProblemType(
    "invalid-apply-by",
    422,
    Text("応募期限が正しくありません", "Invalid application deadline"),
    Text(
        "応募期限は本日以降、求人の紹介期限日以前の日付を指定してください。",
        "The deadline must be between today and the job's referral deadline.",
    ),
)
RESULT_ALREADY_REGISTERED = ProblemType(
    "result-already-registered",
    409,
    Text("選考結果は登録済みです", "Result already registered"),
    Text(
        "この応募の選考結果は既に登録されているか、応募が取り消されています。",
        "This application's result is registered already, or it was cancelled.",
    ),
)

# Documents (応募書類) ---------------------------------------------------------------------
DOCUMENT_NOT_FOUND = ProblemType(
    "document-not-found",
    404,
    Text("応募書類が見つかりません", "Document not found"),
    Text("指定された応募書類はありません。", "There is no such document."),
)
UNSUPPORTED_DOCUMENT_TYPE = ProblemType(
    "unsupported-document-type",
    415,
    Text("この形式のファイルは登録できません", "Unsupported file type"),
    Text(
        "PDF、Word（.docx・.doc）、Excel（.xlsx・.xls）、JPEG、PNG のファイルを登録してください。"
        "形式はファイル名ではなく中身で判定します。",
        "Upload a PDF, Word (.docx, .doc), Excel (.xlsx, .xls), JPEG or PNG file; the type "
        "is recognised from the file's content, not from its name.",
    ),
)
DOCUMENT_TOO_LARGE = ProblemType(
    "document-too-large",
    413,
    Text("ファイルが大きすぎます", "File too large"),
    Text(
        "1ファイルの大きさの上限（max_bytes バイト）を超えています。",
        "The file is larger than the limit of max_bytes bytes.",
    ),
)
DOCUMENT_EMPTY = ProblemType(
    "document-empty",
    422,
    Text("ファイルが空です", "The file is empty"),
    Text("中身のあるファイルを選んでください。", "Choose a file that is not empty."),
)
DOCUMENT_QUOTA_EXCEEDED = ProblemType(
    "document-quota-exceeded",
    409,
    Text("登録できる応募書類の上限に達しています", "Document quota reached"),
    Text(
        "応募書類の数または合計の大きさが上限に達しています。不要な応募書類を削除してから登録してください。",
        "The number or total size of your documents has reached its limit; delete documents "
        "you no longer need first.",
    ),
)

# Direct requests -------------------------------------------------------------------------
REQUEST_NOT_FOUND = ProblemType(
    "request-not-found",
    404,
    Text("リクエストが見つかりません", "Request not found"),
    Text("指定されたリクエストはありません。", "There is no such request."),
)
SEEKER_REF_NOT_FOUND = ProblemType(
    "seeker-ref-not-found",
    404,
    Text("求職者が見つかりません", "Seeker not found"),
    Text(
        "この求職者は見つからないか、求職情報を公開していません。",
        "This seeker is unknown to you or no longer discloses their profile.",
    ),
)
REQUEST_LIMIT = ProblemType(
    "request-limit",
    409,
    Text("この求人のリクエスト数が上限に達しています", "Request limit reached"),
    Text(
        "1つの求人でリクエストを送れる求職者は10人までです。",
        "A job's requests can reach at most 10 seekers.",
    ),
)
ALREADY_REQUESTED = ProblemType(
    "already-requested",
    409,
    Text("この求職者には既にリクエストしています", "Already requested"),
    Text("同じ求人で同じ求職者へのリクエストは1回までです。", "One request per seeker and job."),
)
BLOCKED = ProblemType(
    "blocked",
    403,
    Text("この求職者にはリクエストできません", "Blocked by the seeker"),
    Text(
        "この求職者はあなたからのリクエストとメッセージを受け付けていません。",
        "This seeker does not accept your requests or messages.",
    ),
)
REQUEST_ANSWERED = ProblemType(
    "request-answered",
    409,
    Text("このリクエストには既に回答しています", "Request already answered"),
    Text("応募または辞退済みのリクエストです。", "You have applied or declined already."),
)
EMPLOYER_NOT_FOUND = ProblemType(
    "employer-not-found",
    404,
    Text("求人者が見つかりません", "Employer not found"),
    Text("指定された求人者はありません。", "There is no such employer."),
)
PARTNER_NOT_FOUND = ProblemType(
    "partner-not-found",
    404,
    Text("求職情報提供先が見つかりません", "Partner not found"),
    Text("指定された求職情報提供先はありません。", "There is no such partner."),
)
THREAD_NOT_FOUND = ProblemType(
    "thread-not-found",
    404,
    Text("メッセージのやり取りが見つかりません", "Thread not found"),
    Text("指定されたやり取りはないか、参照できません。", "There is no such thread for you."),
)
MESSAGE_NOT_FOUND = ProblemType(
    "message-not-found",
    404,
    Text("メッセージが見つかりません", "Message not found"),
    Text(
        "指定されたメッセージはないか、削除されたか、保存期間（1年）を過ぎています。",
        "There is no such message, or it was deleted, or its year has passed.",
    ),
)
NOTICE_RECEIVE_ONLY = ProblemType(
    "notice-receive-only",
    409,
    Text("ハローワークからのお知らせには返信できません", "Notices cannot be answered"),
    Text(
        "お知らせは受信専用です。ご用件は利用中のハローワークにお問い合わせください。",
        "Hello Work notices are receive-only; contact your Hello Work office instead.",
    ),
)
NO_EMPLOYER_MYPAGE = ProblemType(
    "no-employer-mypage",
    409,
    Text("この求人者とはメッセージをやり取りできません", "The employer has no My Page"),
    Text(
        "求人者マイページを利用していない求人者とは、メッセージをやり取りできません。"
        "求人者に直接お問い合わせください。",
        "Messages reach only employers with an employer My Page; contact the employer directly.",
    ),
)
MESSAGING_CLOSED = ProblemType(
    "messaging-closed",
    409,
    Text("メッセージのやり取りは終了しました", "Messaging has ended"),
    Text(
        "選考結果の登録から1週間、または求人が無効になった月の3か月後の月末を過ぎたため、"
        "このやり取りにはメッセージを送れません。",
        "Messages end one week after the selection result, or after the last day of the third "
        "month after the job became invalid.",
    ),
)
SENDER_BLOCKED = ProblemType(
    "sender-blocked",
    409,
    Text("ブロック中の相手です", "You block this sender"),
    Text(
        "ブロックしている相手にはメッセージを送れません。ブロックを解除すると送信できます。",
        "You block this sender; unblock them to send a message.",
    ),
)
PARTNER_DAILY_LIMIT = ProblemType(
    "partner-daily-limit",
    429,
    Text("本日の送信数の上限に達しました", "Daily message limit reached"),
    Text(
        "求職情報提供先から送れるメッセージは1日（日本時間）あたり上限までです。"
        "Retry-After の秒数の後（翌日）に送ってください。",
        "A partner sends at most its daily number of messages (JST days); send again after "
        "the seconds in Retry-After.",
    ),
)

# Single sign-on (R23) ----------------------------------------------------------------
SSO_PROVIDER_UNKNOWN = ProblemType(
    "sso-provider-unknown",
    404,
    Text("このサービスではログインできません", "Unknown sign-on provider"),
    Text(
        "指定された外部サービスとの連携（シングルサインオン）は提供していません。",
        "Single sign-on through this provider is not offered.",
    ),
)
SSO_STATE_INVALID = ProblemType(
    "sso-state-invalid",
    400,
    Text("連携の手続きが無効です", "The sign-on attempt is not valid"),
    Text(
        "連携の手続きが見つからないか、期限が切れたか、すでに使われています。最初からやり直してください。",
        "The state is unknown, expired or already used; start again.",
    ),
)
SSO_PROVIDER_ERROR = ProblemType(
    "sso-provider-error",
    400,
    Text("連携先でログインが完了しませんでした", "The provider did not sign you in"),
    Text(
        "連携先のサービスでログインまたは同意が完了しませんでした"
        "（error に連携先の理由を示しています）。もう一度お試しください。",
        "The provider answered an error (its code is in error), for example consent refused; "
        "start again.",
    ),
)
SSO_CODE_REFUSED = ProblemType(
    "sso-code-refused",
    400,
    Text("連携先がログインを受け付けませんでした", "The provider refused the code"),
    Text(
        "連携先のサービスが認可コードを受け付けませんでした（error に理由を示しています）。"
        "最初からやり直してください。",
        "The provider's token endpoint refused the code (its code is in error); start again.",
    ),
)
SSO_ID_TOKEN_INVALID = ProblemType(
    "sso-id-token-invalid",
    401,
    Text("連携先の本人確認情報を確認できません", "The provider's ID token is not valid"),
    Text(
        "連携先から受け取った本人確認情報が正しくありません。最初からやり直してください。",
        "The ID token failed its checks (signature, issuer, audience, time or nonce); start again.",
    ),
)
SSO_NOT_LINKED = ProblemType(
    "sso-not-linked",
    401,
    Text("マイページと連携されていません", "Not linked to a My Page"),
    Text(
        "この連携先のアカウントは求職者マイページと連携されていません。"
        "メールアドレスとパスワードでログインし、マイページから連携してください。",
        "This provider account is linked to no My Page: sign in with your e-mail address "
        "and password and link it from My Page first.",
    ),
)
SSO_SUBJECT_LINKED_ELSEWHERE = ProblemType(
    "sso-subject-linked-elsewhere",
    409,
    Text("別のマイページと連携済みです", "Linked to another My Page"),
    Text(
        "この連携先のアカウントは別の求職者マイページと連携されています。",
        "This provider account is already linked to another seeker's My Page.",
    ),
)
SSO_ALREADY_LINKED = ProblemType(
    "sso-already-linked",
    409,
    Text("すでに連携しています", "Already linked"),
    Text(
        "このマイページはすでにこの連携先と連携しています。連携し直すには、先に連携を解除してください。",
        "Your My Page is already linked to this provider; remove that link first.",
    ),
)
SSO_LINK_NOT_FOUND = ProblemType(
    "sso-link-not-found",
    404,
    Text("連携が見つかりません", "Link not found"),
    Text("指定された連携はありません。", "You have no link with this id."),
)
SSO_PROVIDER_UNAVAILABLE = ProblemType(
    "sso-provider-unavailable",
    503,
    Text("連携先に接続できません", "The provider cannot be reached"),
    Text(
        "連携先のサービスに接続できません。Retry-After の秒数が過ぎてからもう一度お試しください。",
        "The sign-on provider does not answer; try again after the seconds in Retry-After.",
    ),
)
