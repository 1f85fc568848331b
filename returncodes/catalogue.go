package returncodes

// info is everything the catalogue knows about one Code.
type info struct {
	code      Code
	category  Category
	retryable bool   // returncodes.md §1 "retry by cardholder"
	en, tr    string // cardholder text
	opEN      string // operator text, English
	opTR      string // operator text, Turkish
}

// Cardholder texts shared by several codes and ISO rows. Where
// returncodes.md §2 gives a text it is used verbatim; the others are ours.
const (
	// genericDecline is the only text fraud, pickup, lost and stolen
	// outcomes show (returncodes.md §0 rule 6, §2 row 04).
	genericDeclineEN = "Your card was declined. Please contact your bank or use another card."
	genericDeclineTR = "Kartınız onaylanmadı. Lütfen bankanızla görüşün veya başka bir kart kullanın."

	// §2 row 01.
	referEN = "Your bank needs to authorise this payment. Please contact your bank or use another card."
	referTR = "Bu işlem için bankanızın onayı gerekiyor. Lütfen bankanızla görüşün veya başka bir kart deneyin."

	// §2 row 05.
	doNotHonorEN = "Your bank declined the payment. Please use another card or contact your bank."
	doNotHonorTR = "İşleminiz bankanız tarafından onaylanmadı. Lütfen başka bir kart deneyin veya bankanızla görüşün."

	// §2 row 96.
	systemEN = "A system error occurred. Please try again later."
	systemTR = "Bir sistem hatası oluştu. Lütfen daha sonra tekrar deneyin."

	// Ours: the outcome is not known yet (timeout_unknown, duplicate_order).
	// It must not invite a second payment.
	unconfirmedEN = "We could not confirm your payment yet. Please check your order status before paying again."
	unconfirmedTR = "Ödemeniz henüz teyit edilemedi. Lütfen tekrar ödeme yapmadan önce sipariş durumunuzu kontrol edin."

	// Ours: a back-office operation was refused (not_found,
	// invalid_transaction_state); cardholders rarely see it.
	operationEN = "This transaction cannot be processed. Please contact the merchant."
	operationTR = "Bu işlem gerçekleştirilemiyor. Lütfen satıcıyla iletişime geçin."
)

// catalogue lists every Code in declaration order. Categories are those of
// the package documentation; retry flags follow returncodes.md §1.
var catalogue = []info{
	{
		code: Approved, category: CategoryApproved,
		en:   "Payment approved.",
		tr:   "Ödemeniz onaylandı.",
		opEN: "Approved by the bank.",
		opTR: "Banka tarafından onaylandı.",
	},
	{
		// §1: retry "yes, sparingly" (Visa cat. 4: max 15 in 30 days).
		code: DoNotHonor, category: CategorySoftDecline, retryable: true,
		en:   doNotHonorEN,
		tr:   doNotHonorTR,
		opEN: "Declined by the issuer without a reason (do not honour). The cardholder may use another card; do not retry automatically.",
		opTR: "Kartı çıkaran banka sebep belirtmeden reddetti. Müşteri başka bir kart kullanabilir; otomatik tekrar denemeyin.",
	},
	{
		// §1: "not online; contact bank".
		code: ReferToIssuer, category: CategorySoftDecline,
		en:   referEN,
		tr:   referTR,
		opEN: "Issuer asks for referral (voice authorisation). Not payable online with this card; the cardholder must call the bank.",
		opTR: "Kartı çıkaran banka aranmasını istiyor (sesli provizyon). Bu kartla çevrim içi ödeme alınamaz; müşteri bankasını aramalı.",
	},
	{
		// §1: "yes, later or other card" (Visa cat. 2).
		code: InsufficientFunds, category: CategorySoftDecline, retryable: true,
		en:   "Insufficient balance or limit. Please use another card.",
		tr:   "Kartınızın bakiyesi veya limiti yetersiz. Lütfen başka bir kart kullanın.",
		opEN: "Insufficient balance or credit limit on the card.",
		opTR: "Kartın bakiyesi veya kredi limiti yetersiz.",
	},
	{
		// §1: "yes, later" (Visa cat. 2).
		code: LimitExceeded, category: CategorySoftDecline, retryable: true,
		en:   "Your card's spending limit was exceeded. Try later or use another card.",
		tr:   "Kartınızın işlem limiti aşıldı. Daha sonra tekrar deneyin veya başka bir kart kullanın.",
		opEN: "The card's amount or frequency limit was exceeded. The cardholder may try later or use another card.",
		opTR: "Kartın tutar veya işlem adedi limiti aşıldı. Müşteri daha sonra deneyebilir veya başka bir kart kullanabilir.",
	},
	{
		// §1: "no with same data; ask for another card" (Visa cat. 3).
		code: ExpiredCard, category: CategoryHardDecline,
		en:   "Your card has expired. Please use another card.",
		tr:   "Kartınızın süresi dolmuş. Lütfen başka bir kart kullanın.",
		opEN: "Card expired. Ask for another card.",
		opTR: "Kartın süresi dolmuş. Başka bir kart isteyin.",
	},
	{
		// §1: "no with same data".
		code: InvalidCard, category: CategoryHardDecline,
		en:   "The card details are not valid. Please check them or use another card.",
		tr:   "Kart bilgileri geçersiz. Lütfen kontrol edin veya başka bir kart kullanın.",
		opEN: "Card number, expiry, issuer or account is invalid or unknown.",
		opTR: "Kart numarası, son kullanma tarihi, kartı çıkaran banka veya hesap geçersiz ya da bilinmiyor.",
	},
	{
		// §1: "yes after correcting" (Visa cat. 3); "watch repeated failures".
		code: InvalidCVV, category: CategoryHardDecline, retryable: true,
		en:   "The security code (CVV) is incorrect.",
		tr:   "Güvenlik kodu (CVV) hatalı.",
		opEN: "CVV/CVC mismatch. The cardholder may correct it; watch for repeated failures on the same card.",
		opTR: "CVV/CVC hatalı. Müşteri düzeltip deneyebilir; aynı kartta tekrarlanan hataları izleyin.",
	},
	{
		// §1: "no with same data".
		code: InvalidAmount, category: CategoryHardDecline,
		en:   "The payment amount is not valid.",
		tr:   "İşlem tutarı geçersiz.",
		opEN: "Amount rejected by the bank (zero, out of range, or above the original transaction).",
		opTR: "Tutar banka tarafından reddedildi (sıfır, izin verilen aralığın dışında veya asıl işlemden büyük).",
	},
	{
		// §1: "no" (Visa 57 = cat. 1).
		code: CardRestricted, category: CategoryHardDecline,
		en:   "Your card is not enabled for this kind of payment. Please contact your bank.",
		tr:   "Kartınız bu tür işlemlere kapalı. Lütfen bankanızla görüşün.",
		opEN: "Card not allowed for this transaction type (e.g. closed to e-commerce or installments, or a stop-payment order).",
		opTR: "Kart bu işlem türüne kapalı (ör. internet alışverişi veya taksit kapalı ya da ödeme durdurma talimatı var).",
	},
	{
		// §1: "never"; "flag, block further attempts with this PAN".
		code: PickupLostStolen, category: CategoryFraud,
		en:   genericDeclineEN,
		tr:   genericDeclineTR,
		opEN: "Lost or stolen card, or pick-up order. Flag the card and block further attempts with it; never retry.",
		opTR: "Kayıp veya çalıntı kart ya da karta el koyma talimatı. Kartı işaretleyin ve bu kartla yeni denemeleri engelleyin; asla tekrar denemeyin.",
	},
	{
		// §1: "never automatically"; "fraud review".
		code: FraudSuspected, category: CategoryFraud,
		en:   genericDeclineEN,
		tr:   genericDeclineTR,
		opEN: "Issuer or gateway suspects fraud or a security violation. Send the payment to fraud review; do not retry.",
		opTR: "Banka sahtecilik şüphesi veya güvenlik ihlali bildirdi. Ödemeyi sahtecilik incelemesine alın; tekrar denemeyin.",
	},
	{
		// §1: "yes (new 3-D session)"; "count repeats".
		code: ThreeDSFailed, category: CategoryThreeDS, retryable: true,
		en:   "3-D Secure verification failed. Please try again or use another card.",
		tr:   "3D Secure doğrulaması başarısız oldu. Lütfen tekrar deneyin veya başka bir kart kullanın.",
		opEN: "3-D Secure authentication failed or is not allowed. A new 3-D session may be started; watch for repeats.",
		opTR: "3D Secure doğrulaması başarısız oldu veya izin verilmedi. Yeni bir 3D oturumu başlatılabilir; tekrarları izleyin.",
	},
	{
		// §1: "do not resend; run a status inquiry".
		code: DuplicateOrder, category: CategoryTechnical,
		en:   unconfirmedEN,
		tr:   unconfirmedTR,
		opEN: "Order id already used at the bank. Do not resend; run a status inquiry, an earlier attempt may have been approved.",
		opTR: "Sipariş numarası bankada daha önce kullanılmış. Tekrar göndermeyin; durum sorgusu yapın, önceki deneme onaylanmış olabilir.",
	},
	{
		// §1: "no".
		code: NotFound, category: CategoryHardDecline,
		en:   operationEN,
		tr:   operationTR,
		opEN: "The referenced order or transaction was not found at the bank. Check the order id and the POS used.",
		opTR: "Belirtilen sipariş veya işlem bankada bulunamadı. Sipariş numarasını ve kullanılan POS'u kontrol edin.",
	},
	{
		// §1: "no; pick the other operation (void vs refund)".
		code: InvalidTransactionState, category: CategoryHardDecline,
		en:   operationEN,
		tr:   operationTR,
		opEN: "Not possible in the transaction's current state (already voided or refunded, or refund before end of day). Pick the other operation (void vs refund).",
		opTR: "İşlemin mevcut durumunda yapılamaz (zaten iptal veya iade edilmiş ya da gün sonundan önce iade). Diğer işlemi seçin (iptal veya iade).",
	},
	{
		// §1: "no until code fixed".
		code: InvalidRequest, category: CategoryMerchantConfig,
		en:   "Something went wrong on our side. Please try again later.",
		tr:   "Teknik bir sorun oluştu. Lütfen daha sonra tekrar deneyin.",
		opEN: "The bank rejected the request as malformed or invalid. Fix the integration or the data; do not resend it unchanged.",
		opTR: "Banka isteği hatalı veya geçersiz buldu. Entegrasyonu veya veriyi düzeltin; aynı isteği tekrar göndermeyin.",
	},
	{
		// §1: "no — alert operator".
		code: AuthError, category: CategoryMerchantConfig,
		en:   "Card payments are unavailable right now. Please try again later.",
		tr:   "Şu anda kartla ödeme alınamıyor. Lütfen daha sonra tekrar deneyin.",
		opEN: "Merchant credentials, hash/MAC or source IP rejected by the bank. Alert the operator and check the POS definition and the allow-listed IP.",
		opTR: "Üye işyeri bilgileri, hash/MAC veya kaynak IP banka tarafından reddedildi. Operatörü uyarın; POS tanımını ve izin verilen IP'yi kontrol edin.",
	},
	{
		// §1: "no — alert operator".
		code: MerchantConfigError, category: CategoryMerchantConfig,
		en:   "This payment option is unavailable. Please choose another.",
		tr:   "Bu ödeme seçeneği şu anda kullanılamıyor. Lütfen başka bir yöntem seçin.",
		opEN: "Terminal or feature not enabled for this merchant. Alert the operator; ask the bank to enable it.",
		opTR: "Terminal veya özellik bu üye işyeri için açık değil. Operatörü uyarın; bankadan açılmasını isteyin.",
	},
	{
		// §1: "yes, after a pause" (Visa cat. 2).
		code: IssuerUnavailable, category: CategoryTechnical, retryable: true,
		en:   "Your bank is not responding right now. Please try again in a few minutes.",
		tr:   "Bankanız şu anda yanıt vermiyor. Lütfen birkaç dakika sonra tekrar deneyin.",
		opEN: "Issuer or card switch not responding; not processed. A new attempt may be made after a pause.",
		opTR: "Kartı çıkaran banka veya kart ağı yanıt vermiyor; işlem yapılmadı. Bir süre sonra yeniden denenebilir.",
	},
	{
		// §1: "yes, after a pause".
		code: SystemError, category: CategoryTechnical, retryable: true,
		en:   systemEN,
		tr:   systemTR,
		opEN: "Bank or gateway internal error; not processed. A new attempt may be made after a pause.",
		opTR: "Banka veya ödeme altyapısında iç hata; işlem yapılmadı. Bir süre sonra yeniden denenebilir.",
	},
	{
		// §1: "no blind retry — status inquiry first".
		code: TimeoutUnknown, category: CategoryTechnical,
		en:   unconfirmedEN,
		tr:   unconfirmedTR,
		opEN: "Outcome unknown (timeout, connection lost or unreadable reply). Run a status inquiry before any new attempt.",
		opTR: "Sonuç bilinmiyor (zaman aşımı, bağlantı kopması veya okunamayan yanıt). Yeni bir denemeden önce durum sorgusu yapın.",
	},
}

// unknownInfo supplies the texts for an empty or unknown Code.
var unknownInfo = info{
	category: CategoryUnknown,
	en:       "The payment could not be completed.",
	tr:       "Ödeme tamamlanamadı.",
	opEN:     "Unknown return code. Check the raw bank code and message.",
	opTR:     "Bilinmeyen dönüş kodu. Bankanın ham kodunu ve mesajını kontrol edin.",
}

// byCode indexes catalogue by Code.
var byCode = func() map[Code]int {
	m := make(map[Code]int, len(catalogue))
	for n, i := range catalogue {
		m[i.code] = n
	}
	return m
}()

// lookup returns the catalogue entry of c.
func lookup(c Code) (info, bool) {
	n, ok := byCode[c]
	if !ok {
		return info{}, false
	}
	return catalogue[n], true
}
