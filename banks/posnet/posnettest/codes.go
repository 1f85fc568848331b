package posnettest

import "github.com/sanalpos/vpos"

// The respCodes the fake answers (posnet.md §7, §11.2). Codes marked
// "invented" are the fake's own: posnet.md found no code for the case.
const (
	codeInvalidMID  = "0148" // INVALID MID TID IP (§7)
	codeDuplicate   = "0127" // ORDERID DAHA ONCE KULLANILMIS (§7), approved 2
	codeNotFound    = "0123" // transaction not found (§7)
	codeMAC         = "E216" // Mac Doğrulama hatalı (§7)
	codeInvalidCard = "0014" // ISO 14 zero-padded: invalid card number
	codeExpired     = "0054" // ISO 54 zero-padded: expired card
	codePacket      = "0444" // callback validation failure, as in YKB's kit (returncodes.md §3.3)
	codeState       = "0124" // invented: the transaction's state forbids the operation
	codeAmount      = "0125" // invented: amount exceeds what is left
	codeFormat      = "0129" // invented: a field is missing or malformed
	code3DFailed    = "0130" // invented: oosTranData after an unauthenticated mdStatus
)

// texts are the respTexts of the fake's codes. The decline texts follow
// the bank's upper-case style; §7's captured texts are used verbatim.
var texts = map[string]string{
	codeInvalidMID:  "INVALID MID TID IP. Hatalı IP:",
	codeDuplicate:   "ORDERID DAHA ONCE KULLANILMIS 0127",
	codeNotFound:    "ISLEM BULUNAMADI",
	codeMAC:         "Mac Doğrulama hatalı",
	codeInvalidCard: "GECERSIZ KART NUMARASI",
	codeExpired:     "KARTIN SURESI DOLMUS",
	codePacket:      "SIGN GECERSIZ",
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

// currencies maps the POSNET currency codes (§3) to ISO currencies.
var currencies = map[string]vpos.Currency{
	"TL": vpos.TRY, "US": vpos.USD, "EU": vpos.EUR, "GB": vpos.GBP, "JP": vpos.JPY, "RU": vpos.RUB,
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

// declineCode is the respCode of a declining card outcome: its ISO code
// zero-padded to four digits (returncodes.md §3.3).
func declineCode(iso string) string { return "00" + iso }
