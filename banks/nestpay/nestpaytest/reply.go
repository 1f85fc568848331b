package nestpaytest

// Writing CC5Response documents (nestpay.md §5, §13): element order as the
// banks send it, ISO-8859-9 encoding declared in the prolog.

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
)

// kv is one XML element: name and text.
type kv struct{ k, v string }

// reply is a CC5Response: top-level elements in order, then Extra.
type reply struct {
	top   []kv
	extra []kv
}

// payReply is the frame of payment, post-auth, void and credit replies:
// OrderId, GroupId, Response, AuthCode, HostRefNum, ProcReturnCode,
// TransId, ErrMsg, Extra, all nine always present, in this order (§13.1).
type payReply struct {
	OrderID, GroupID, Response, AuthCode, HostRefNum, ProcReturnCode, TransID, ErrMsg string
	Extra                                                                             []kv
}

func (p *payReply) reply() *reply {
	return &reply{
		top: []kv{
			{"OrderId", p.OrderID}, {"GroupId", p.GroupID}, {"Response", p.Response},
			{"AuthCode", p.AuthCode}, {"HostRefNum", p.HostRefNum}, {"ProcReturnCode", p.ProcReturnCode},
			{"TransId", p.TransID}, {"ErrMsg", p.ErrMsg},
		},
		extra: p.Extra,
	}
}

// encode writes r as ISO-8859-9 XML. Characters outside ISO-8859-9 are
// written as character references.
func (r *reply) encode() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="ISO-8859-9"?>` + "\n<CC5Response>\n")
	for _, e := range r.top {
		writeElem(&b, "  ", e)
	}
	b.WriteString("  <Extra>\n")
	for _, e := range r.extra {
		writeElem(&b, "    ", e)
	}
	b.WriteString("  </Extra>\n</CC5Response>\n")
	return b.Bytes()
}

func writeElem(b *bytes.Buffer, indent string, e kv) {
	b.WriteString(indent)
	b.WriteString("<" + e.k + ">")
	writeLatin5(b, e.v)
	b.WriteString("</" + e.k + ">\n")
}

// writeLatin5 writes s escaped for XML text, encoded in ISO-8859-9.
func writeLatin5(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			if r < utf8.RuneSelf {
				b.WriteByte(byte(r))
				continue
			}
			if c, ok := charmap.ISO8859_9.EncodeRune(r); ok {
				b.WriteByte(c)
				continue
			}
			fmt.Fprintf(b, "&#x%X;", r)
		}
	}
}

// writeXML sends r: 200 OK, text/xml, ISO-8859-9 (§13.1).
func writeXML(w http.ResponseWriter, r *reply) {
	body := r.encode()
	w.Header().Set("Content-Type", "text/xml;charset=ISO-8859-9")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// Time formats of the replies.
const (
	trxDateLayout  = "20060102 15:04:05"   // TRXDATE, EXTRA_TRXDATE
	hostDateLayout = "0102-150405"         // HOSTDATE
	dttmLayout     = "2006-01-02 15:04:05" // AUTH_DTTM etc., milliseconds added by dttm
)

func istanbul(t time.Time) time.Time { return t.In(vpos.Istanbul()) }

// dttm formats t as yyyy-MM-dd HH:mm:ss.SSS in Istanbul, or "" for the
// zero time. The milliseconds are halved (0-499), so that no three digits
// from 6 to 9 follow each other and the test CVVs (vpostest.DefaultCards)
// cannot show up in a reply by accident.
func dttm(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = istanbul(t)
	return fmt.Sprintf("%s.%03d", t.Format(dttmLayout), t.Nanosecond()/int(time.Millisecond)/2)
}

// Reply texts (nestpay.md §13.2; returncodes.md §3.1).
const (
	msgBadCredentials  = "Insufficient permissions to perform requested operation."
	hostMsgCredentials = "Islem yetkisi yok, client id, kullanici adi veya sifre hatali girilmis olabilir."
	msgBadPAN          = "Kredi karti numarasi gecerli formatta degil."
	msgBadTaksit       = "Taksit tablosu icin gecersiz deger"
	msgNoVoid          = "İptal edilmeye uygun satış işlemi bulunamadı."
	msgNoRefund        = "İade edilmeye uygun satış işlemi bulunamadı."
	msgRefundBeforeEOD = "Iade yapilamaz, siparis gunsonuna girmemis."
	msgZeroRefund      = "Sifir miktarli iade yapilamaz."
	msgNetZero         = "Net Tutar 0."
	msgRefundExceeds   = "Iade tutari net tutari asiyor."
	msgDuplicate       = "Siparis numarasi daha once kullanilmis."
	msgBadExpiry       = "Son kullanma tarihi gecerli formatta degil."
	msgBadCurrency     = "Gecersiz para birimi."
	msgZeroAmount      = "Tutar sifir olamaz."
	msgNegativeAmount  = "Tutar negatif olamaz."
	msgBadAmount       = "Tutar gecerli formatta degil."
	msgBadOrderID      = "Siparis numarasi 64 karakterden uzun olamaz."
	msgBadType         = "Gecersiz islem tipi."
	msgBadMode         = "Gecersiz mod."
	msgBadXML          = "Istek XML formatinda degil."
	msgNoPreAuth       = "Kapatilacak acik on provizyon bulunamadi."
	msgOverCapture     = "Kapama tutari on provizyon tutarini asamaz."
	msgBadMD           = "3D oturumu bulunamadi, baska bir siparise ait ya da daha once kullanilmis."
	msgMDNotAuth       = "3D dogrulamasi basarisiz; provizyon alinamaz."
	msgCardMissing     = "Kart numarasi eksik."
	msgSystem          = "Sistem hatasi."
	cardIssuer         = "VPOS TEST BANKASI T.A.Ş."
	terminalID         = "00655020"
	merchantName       = "VPOS Test Mağazası"
)

// declineText is the ErrMsg of an issuer decline.
func declineText(code string) string {
	switch code {
	case "51":
		return "Yetersiz bakiye."
	case "05":
		return "Red-Onaylanmadı."
	case "41":
		return "Kayıp kart, karta el koyunuz."
	case "43":
		return "Çalıntı kart, karta el koyunuz."
	case "54":
		return "Kartın son kullanma tarihi geçmiş."
	case "82":
		return "CVV Hatasi veya girilen CVV gecersiz."
	}
	return "Red-Onaylanmadı."
}

// cardBrand names the brand of a (masked) card number.
func cardBrand(pan string) string {
	switch {
	case strings.HasPrefix(pan, "4"):
		return "VISA"
	case strings.HasPrefix(pan, "5"), strings.HasPrefix(pan, "2"):
		return "MASTERCARD"
	case strings.HasPrefix(pan, "34"), strings.HasPrefix(pan, "37"):
		return "AMEX"
	case strings.HasPrefix(pan, "9"), strings.HasPrefix(pan, "65"):
		return "TROY"
	}
	return ""
}

// spacedMask formats a masked PAN the way ORDERSTATUS and
// maskedCreditCard show it: "4000 00** **** 0006".
func spacedMask(masked string) string {
	if len(masked) != 16 {
		return masked
	}
	return masked[:4] + " " + masked[4:6] + "** **** " + masked[12:]
}

// shortMask formats a masked PAN as MaskedPan: "400000***0006".
func shortMask(masked string) string {
	if len(masked) < 10 {
		return masked
	}
	return masked[:6] + "***" + masked[len(masked)-4:]
}
