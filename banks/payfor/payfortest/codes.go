package payfortest

// ProcReturnCode values and their ErrMsg texts. The texts payfor.md §12.2
// quotes are used verbatim; the others (marked "fake's wording") follow the
// meaning payfor.md §7 and returncodes.md §3.5 give the code.

const (
	codeApproved      = "00"
	codeNotFound      = "V013"   // selected transaction not found (§12.2)
	codeBeforeEOD     = "V014"   // refund before end of day (§12.2)
	codeRefundExceeds = "V015"   // refund greater than remaining (§12.2)
	codeVoided        = "V017"   // order already voided (§12.2, §12.6)
	codeNotVoidable   = "V018"   // not cancellable (returncodes.md §3.5); fake's use: void after refund or after end of day
	codeClosed        = "V025"   // pre-auth already closed (§7, §12.6)
	codeCaptureRange  = "V027"   // amount outside what the original allows (returncodes.md §3.5)
	code3DOK          = "V033"   // 3DModel authentication OK, not paid (§5.2)
	code3DFailed      = "V034"   // 3DModel authentication failed (§12.2)
	codeRefunded      = "V037"   // order already refunded (§7)
	codeInProgress    = "V000"   // not completed / in progress (§12.2)
	codeMerchant      = "V001"   // merchant lookup error (§7)
	codeUser          = "V004"   // user could not be authenticated (§12.2)
	codeDuplicate     = "101310" // duplicate OrderId (§12.2, §12.6)
	codeAuthorize3D   = "MR15"   // 3D Secure authorize error, 3DPay/3DHost (§12.2)
	codeCurrency      = "M002"   // invalid currency code (§7)
	codeAmountZero    = "M004"   // zero/empty/invalid amount (§7)
	codeCVVEmpty      = "M005"   // CVV empty (returncodes.md §3.5)
	codeExpiry        = "M006"   // expiry (returncodes.md §3.5)
	codeFailURL       = "M007"   // FailUrl (returncodes.md §3.5)
	codePANLength     = "M008"   // PAN missing/invalid length (§7)
	codeOkURL         = "M010"   // OkUrl (returncodes.md §3.5)
	codeAmount        = "M012"   // purchase amount missing/invalid (§7)
	codeMbrID         = "M013"   // institution code (returncodes.md §3.5)
	codeSecureType    = "M014"   // unknown security type (returncodes.md §3.5)
	codeTxnType       = "M015"   // unknown transaction type (returncodes.md §3.5)
	codeUserEmpty     = "M016"   // user code missing (returncodes.md §3.5)
	codePassEmpty     = "M017"   // user password missing (returncodes.md §3.5)
	codeAmountRange   = "M019"   // amount must be 0.01-200,000 (§7)
	codeLength        = "M025"   // field has wrong length (§7)
	codeHash          = "M030"   // HASH mismatch (§7, §12.2)
	codeBadCard       = "M041"   // invalid card number (§12.2)
	codePlugin        = "M042"   // plugin not found (§7); fake's use: a body that is not a PayforRequest
)

// ErrMsg texts.
const (
	msgApproved      = "Onaylandı"
	msgNotFound      = "Seçili İşlem Bulunamadı!"
	msgBeforeEOD     = "Bu işlem geri alınamaz, lüften asıl işlemi iptal edin."
	msgRefundExceeds = "İade tutarı, asıl işlemin kalan tutarından büyük olamaz."    // fake's wording
	msgVoided        = "İşlem daha önce iptal edilmiş."                              // fake's wording
	msgNotVoidable   = "İşlem iptal edilemez; gün sonu yapılmış ya da iade edilmiş." // fake's wording
	msgClosed        = "Ön provizyon daha önce kapatılmış."                          // fake's wording
	msgCaptureRange  = "Kapama tutarı ön provizyon tutarından büyük olamaz."         // fake's wording
	msg3DOK          = "3D Kullanıcı Doğrulama Adımı Başarılı"
	msg3DFailed      = "3D Kullanıcı Doğrulama Adımı Başarısız"
	msgRefunded      = "İşlem daha önce iade edilmiş." // fake's wording
	msgInProgress    = "İşlem tamamlanamadı /devam ediyor"
	msgMerchant      = "Üye işyeri bulunamadı."   // fake's wording
	msgUser          = "Kullanıcı doğrulanamadı." // fake's wording
	msgDuplicate     = "Verilen sipariş no önceden kullanılmıştır."
	msgAuthorize3D   = "3D Secure Authorize Error"
	msgCurrency      = "Geçersiz para birimi kodu."                        // fake's wording
	msgAmountZero    = "Tutar sıfır, boş ya da geçersiz olamaz."           // fake's wording
	msgCVVEmpty      = "CVV2 boş olamaz."                                  // fake's wording
	msgExpiry        = "Son kullanma tarihi hatalı."                       // fake's wording
	msgFailURL       = "FailUrl boş ya da hatalı."                         // fake's wording
	msgPANLength     = "Kart numarası 13-19 hane olmalıdır."               // fake's wording
	msgOkURL         = "OkUrl boş ya da hatalı."                           // fake's wording
	msgAmount        = "İşlem tutarı boş ya da hatalı."                    // fake's wording
	msgMbrID         = "Kurum kodu (MbrId) hatalı."                        // fake's wording
	msgSecureType    = "Geçersiz güvenlik tipi (SecureType)."              // fake's wording
	msgTxnType       = "Geçersiz işlem tipi (TxnType)."                    // fake's wording
	msgUserEmpty     = "Kullanıcı kodu boş olamaz."                        // fake's wording
	msgPassEmpty     = "Kullanıcı şifresi boş olamaz."                     // fake's wording
	msgAmountRange   = "Tutar 0,01 ile 200.000 arasında olmalıdır."        // fake's wording
	msgHash          = "HASH uyuşmazlığı; güvenlik doğrulaması başarısız." // fake's wording
	msgBadCard       = "Geçersiz kart numarası"
	msgPlugin        = "Plugin bulunamadı; istek PayforRequest belgesi değil." // fake's wording
)

// msgLength is the M025 text for a field.
func msgLength(field string) string { return field + " alanının uzunluğu hatalı." }

// declineText is the ErrMsg of an issuer decline (the fake's wording of
// the ISO 8583 meanings, returncodes.md §2).
func declineText(code string) string {
	switch code {
	case "51":
		return "Yetersiz bakiye"
	case "05":
		return "Red-Onaylanmadı"
	case "41":
		return "Kayıp kart, karta el koyunuz"
	case "43":
		return "Çalıntı kart, karta el koyunuz"
	case "54":
		return "Vadesi dolmuş kart"
	case "82":
		return "CVV hatalı"
	}
	return "Red-Onaylanmadı"
}
