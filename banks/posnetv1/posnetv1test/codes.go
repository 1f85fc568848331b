package posnetv1test

import "github.com/sanalpos/vpos"

// The ResponseCodes the fake answers (posnet.md §7, §12). Codes marked
// "invented" are the fake's own: posnet.md found no code for the case.
const (
	codeOK          = "00"   // financial success (§12)
	codeInquiryOK   = "0000" // TransactionInquiry success (§12)
	codeInvalidMID  = "0148" // INVALID MID TID IP (§12)
	codeDuplicate   = "0127" // ORDERID DAHA ONCE KULLANILMIS (§12)
	codeNotFound    = "E219" // Kayıt Bulunamadı (§12)
	codeMAC         = "E216" // Mac Doğrulama hatalı (§7, the XML service's code)
	codeInvalidCard = "0014" // ISO 14 zero-padded: invalid card number
	codeExpired     = "0054" // ISO 54 zero-padded: expired card
	code3DData      = "0444" // 3-D data of the provision does not match the authentication (returncodes.md §3.3)
	codeState       = "0124" // invented: the transaction's state forbids the operation
	codeAmount      = "0125" // invented: amount exceeds what is left
	codeFormat      = "0129" // invented: a field is missing or malformed
	code3DFailed    = "0130" // invented: provision after an unauthenticated MdStatus
)

// texts are the ResponseDescriptions of the fake's codes.
var texts = map[string]string{
	codeOK:          "Onaylandı",
	codeInquiryOK:   "Başarılı",
	codeInvalidMID:  "INVALID MID TID IP. Hatalı IP:",
	codeDuplicate:   "ORDERID DAHA ONCE KULLANILMIS",
	codeNotFound:    "Kayıt Bulunamadı",
	codeMAC:         "Mac Doğrulama hatalı",
	codeInvalidCard: "GECERSIZ KART NUMARASI",
	codeExpired:     "KARTIN SURESI DOLMUS",
	code3DData:      "3D VERISI GECERSIZ",
	codeState:       "ISLEM DURUMU UYGUN DEGIL",
	codeAmount:      "TUTAR HATALI",
	codeFormat:      "HATALI ALAN",
	code3DFailed:    "3D DOGRULAMA BASARISIZ",
	"0005":          "ONAYLANMADI",
	"0041":          "KAYIP KART, KARTA EL KOYUNUZ",
	"0043":          "CALINTI KART, KARTA EL KOYUNUZ",
	"0051":          "LIMIT YETERSIZ",
	"0082":          "CVV HATALI",
}

// currencies maps the POSNET currency codes (§10) to ISO currencies.
var currencies = map[string]vpos.Currency{
	"TL": vpos.TRY, "US": vpos.USD, "EU": vpos.EUR, "GB": vpos.GBP, "JP": vpos.JPY, "RU": vpos.RUB,
}

// numericCurrency is the ISO 4217 number the 3-D callback's CurrencyCode
// carries (§12: 949 for TL).
var numericCurrency = map[vpos.Currency]string{
	vpos.TRY: "949", vpos.USD: "840", vpos.EUR: "978", vpos.GBP: "826", vpos.JPY: "392", vpos.RUB: "643",
}

// posnetCurrency returns the POSNET code of c ("" when POSNET has none).
func posnetCurrency(c vpos.Currency) string {
	for k, v := range currencies {
		if v == c {
			return k
		}
	}
	return ""
}

// declineCode is the ResponseCode of a declining card outcome: its ISO
// code zero-padded to four digits, as the POSNET family sends them
// (returncodes.md §3.3).
func declineCode(iso string) string { return "00" + iso }
