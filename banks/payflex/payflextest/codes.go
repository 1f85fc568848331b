package payflextest

import "github.com/sanalpos/vpos/vpostest"

// The ResultCode values the fake answers (payflex.md §7, §10.2). Texts are
// the captured ones where payflex.md has a capture, otherwise short Turkish
// renderings of the §7 table.
const (
	rcApproved          = "0000"
	rcFormatError       = "0030" // unparsable prmstr or unknown XML root (fake's choice)
	rcNoPreAuth         = "0320"
	rcCaptureMismatch   = "0323"
	rc3DFailed          = "0400"
	rcOriginalNotFound  = "0540"
	rcECICAVVMissing    = "0581"
	rcTerminalUndefined = "0962"
	rcRefundCancelled   = "0982"
	rcRefundOverSale    = "0984"
	rcTxIDUsed          = "1006"
	rcRefundOverTotal   = "1046"
	rcInvalidAmount     = "1047"
	rcInvalidCVV        = "1050"
	rcInvalidPAN        = "1051"
	rcInvalidExpiry     = "1052"
	rcInvalidTxID       = "1054"
	rcFullyRefunded     = "1059"
	rcBadInstallments   = "1060"
	rcOrderUsed         = "1061"
	rcPreAuthClosed     = "1065"
	rcInvalidCurrency   = "1077"
	rcInvalidOrderID    = "1078"
	rcInvalidTxType     = "1082"
	rcAlreadyCancelled  = "1083"
	rcPreAuthCancelled  = "1088"
	rcRefNotSuitable    = "1089"
	rcClientIPRequired  = "1096"
	rcInvalidBrand      = "1100"
	rcNoInstallments    = "1104"
	rcMpiIDEmpty        = "1114"
	rcMpiIDNotFound     = "1115"
	rcECIMismatch       = "1116"
	rcCAVVMismatch      = "1117"
	rcDeviceSource      = "1121"
	rcMpiDataMismatch   = "1126"
	rcMpiIDUsed         = "1128"
	rcBatchClosed       = "2202"
	rcSearchCriteria    = "4000"
	rcAuthFailed        = "5001"
	rcCPHash            = "5007"
	rcCPMerchant        = "6018"
	rcCPLogin           = "6027"
	rcMerchantNotFound  = "9039"
	rcSearchMerchant    = "9065"
	rcRecordNotFound    = "9601"
)

// resultText is the ResultDetail of each code.
var resultText = map[string]string{
	rcApproved:          "İŞLEM BAŞARILI",
	rcFormatError:       "Mesaj formatı hatalı.",
	rcNoPreAuth:         "Ön provizyon bulunamadı.",
	rcCaptureMismatch:   "Ön provizyon kapama tutarı uyuşmuyor.",
	rc3DFailed:          "3D şifre doğrulaması başarısız.",
	rcOriginalNotFound:  "Orijinal işlem bulunamadı.",
	rcECICAVVMissing:    "ECI veya CAVV bilgisi eksik.",
	rcTerminalUndefined: "TerminalId tanımsız.",
	rcRefundCancelled:   "İptal edilmiş işlem iade edilemez.",
	rcRefundOverSale:    "İade tutarı satış tutarından büyük.",
	rcTxIDUsed:          "Bu TransactionId daha önce kullanılmış.",
	rcRefundOverTotal:   "Toplam iade tutarı orijinal tutarı aşıyor.",
	rcInvalidAmount:     "Geçersiz tutar.",
	rcInvalidCVV:        "CVV hatalı.",
	rcInvalidPAN:        "Kart numarası hatalı.",
	rcInvalidExpiry:     "Son kullanma tarihi hatalı.",
	rcInvalidTxID:       "İşlem numarası hatalı.",
	rcFullyRefunded:     "İşlemin tamamı iade edilmiş.",
	rcBadInstallments:   "Hatalı taksit sayısı.",
	rcOrderUsed:         "Bu sipariş numarası ile daha önce başarılı işlem yapılmış.",
	rcPreAuthClosed:     "Ön provizyon daha önce kapatılmış.",
	rcInvalidCurrency:   "Döviz kodu hatalı.",
	rcInvalidOrderID:    "Geçersiz sipariş numarası.",
	rcInvalidTxType:     "Geçersiz işlem tipi.",
	rcAlreadyCancelled:  "Referans islem daha önceden iptal edilmis.",
	rcPreAuthCancelled:  "Ön provizyon iptal edilmiş.",
	rcRefNotSuitable:    "Referans işlem bu işlem için uygun değil.",
	rcClientIPRequired:  "ClientIp gönderilmelidir.",
	rcInvalidBrand:      "Geçersiz kart markası.",
	rcNoInstallments:    "Taksitli işleme izin verilmiyor.",
	rcMpiIDEmpty:        "MpiTransactionId boş.",
	rcMpiIDNotFound:     "MpiTransactionId bulunamadı.",
	rcECIMismatch:       "ECI, MPI işlemi ile uyuşmuyor.",
	rcCAVVMismatch:      "CAVV, MPI işlemi ile uyuşmuyor.",
	rcDeviceSource:      "TransactionDeviceSource gönderilmelidir.",
	rcMpiDataMismatch:   "Bilgiler MPI işlemi ile uyuşmuyor.",
	rcMpiIDUsed:         "MpiTransactionId daha önce kullanılmış.",
	rcBatchClosed:       "Gün sonu yapılmış işlem iptal edilemez.",
	rcSearchCriteria:    "Arama kriteri eksik.",
	rcAuthFailed:        "Yetkilendirme başarısız.",
	rcCPHash:            "Güvenlik Numarası Hatalı",
	rcCPMerchant:        "Üye işyeri bulunamadı.",
	rcCPLogin:           "Geçersiz giriş.",
	rcMerchantNotFound:  "Üye işyeri bulunamadı.",
	rcSearchMerchant:    "Üye isyeri bulunamadi",
	rcRecordNotFound:    "Kayıt bulunamadı.",
}

// declineCode maps a card-book outcome to the host ResultCode: the ISO code
// zero-padded to four digits, and 0312 for a wrong CVV (payflex.md §7,
// returncodes.md §3.4).
func declineCode(o vpostest.Outcome) string {
	if o == vpostest.OutcomeInvalidCVV {
		return "0312"
	}
	return "00" + o.ISOCode()
}

// declineText is the ResultDetail of a host decline.
func declineText(code string) string {
	switch code {
	case "0051":
		return "RED-YETERSİZ BAKİYE"
	case "0005":
		return "RED-ONAYLANMADI"
	case "0041":
		return "RED-KAYIP KART"
	case "0043":
		return "RED-ÇALINTI KART"
	case "0054":
		return "RED-VADESİ DOLMUŞ KART"
	case "0312":
		return "RED-GEÇERSİZ KART"
	}
	return "RED"
}

// text returns the ResultDetail of a code.
func text(code string) string {
	if t, ok := resultText[code]; ok {
		return t
	}
	return declineText(code)
}
