package payflextest

import (
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
)

// currencies the fake accepts (payflex.md §3).
var currencies = map[string]vpos.Currency{
	"949": vpos.TRY, "840": vpos.USD, "978": vpos.EUR, "826": vpos.GBP, "392": vpos.JPY, "643": vpos.RUB,
}

// parseCurrency parses a numeric ISO 4217 code.
func parseCurrency(s string) (vpos.Currency, bool) {
	c, ok := currencies[strings.TrimSpace(s)]
	return c, ok
}

// maxAmount is the largest amount the fake accepts, in hundredths.
const maxAmount = 99_999_999_999

// parseAmount parses a PayFlex decimal amount ("100.00", "1.01", "100", at
// most 2 decimals, dot separator) into minor units of cur. Zero, negative
// and malformed amounts fail; so does a fraction of a currency without
// minor units (JPY).
func parseAmount(s string, cur vpos.Currency) (vpos.Amount, bool) {
	s = strings.TrimSpace(s)
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 11 || !digits(whole) || (dot && (len(frac) == 0 || len(frac) > 2 || !digits(frac))) {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || v <= 0 || v > maxAmount {
		return 0, false
	}
	switch cur.Exponent() {
	case 2:
		return vpos.Amount(v), true
	case 0:
		if v%100 != 0 {
			return 0, false
		}
		return vpos.Amount(v / 100), true
	}
	return 0, false
}

// formatAmount formats a in cur as PayFlex does: dot, 2 decimals.
func formatAmount(a vpos.Amount, cur vpos.Currency) string {
	if cur.Exponent() == 0 {
		return a.Decimal(cur) + ".00"
	}
	return a.Decimal(cur)
}

// digits reports whether s is non-empty and all ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validPAN reports whether pan is 12 to 19 digits passing the Luhn check.
func validPAN(pan string) bool {
	return len(pan) >= 12 && len(pan) <= 19 && digits(pan) && vpos.Luhn(pan)
}

// expired reports whether a card expiring at the end of month m of year y is
// expired at now (Istanbul).
func expired(y, m int, now time.Time) bool {
	t := now.In(vpos.Istanbul())
	return y < t.Year() || (y == t.Year() && m < int(t.Month()))
}

// parseYYYYMM parses the VPOS Expiry.
func parseYYYYMM(s string) (y, m int, ok bool) {
	if len(s) != 6 || !digits(s) {
		return 0, 0, false
	}
	y, _ = strconv.Atoi(s[:4])
	m, _ = strconv.Atoi(s[4:])
	return y, m, m >= 1 && m <= 12
}

// parseYYMM parses the MPI ExpiryDate.
func parseYYMM(s string) (y, m int, ok bool) {
	if len(s) != 4 || !digits(s) {
		return 0, 0, false
	}
	y, _ = strconv.Atoi(s[:2])
	m, _ = strconv.Atoi(s[2:])
	return 2000 + y, m, m >= 1 && m <= 12
}

// parseInstallments parses an installment count: "", "0" and "1" are a
// single payment (0), 2..12 are installments.
func parseInstallments(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0 || n > 12:
		return 0, false
	case n <= 1:
		return 0, true
	}
	return n, true
}

// newID returns a fresh 32-character lower-case id that looks hex, like the
// bank's TransactionId ("9972767117b3400eb2acafc0018643df"). Its digits are
// 0 to 5 only, so no id holds a run of test-card CVV digits.
func (s *Server) newID(kind string) string {
	s.mu.Lock()
	s.ids++
	n := s.ids
	s.mu.Unlock()
	sum := sha256.Sum256([]byte(fmt.Sprintf("payflextest %s %d", kind, n)))
	const alphabet = "012345abcdef"
	var b [32]byte
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(b[:])
}

// newCode returns a fresh 6-digit code from the digits 0 to 5.
func (s *Server) newCode() string {
	s.mu.Lock()
	s.ids++
	n := s.ids
	s.mu.Unlock()
	v := strconv.FormatInt(int64((n*7919+2333)%46656), 6)
	return strings.Repeat("0", 6-len(v)) + v
}

// hostDate formats t as VakıfBank's HostDate (yyyyMMddHHmmss, Istanbul).
func hostDate(t time.Time) string { return t.In(vpos.Istanbul()).Format("20060102150405") }

// writeXML writes v as a UTF-8 XML reply.
func writeXML(w http.ResponseWriter, v any) {
	out, err := xml.Marshal(v)
	if err != nil {
		http.Error(w, "payflextest: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}

// maskName masks a card holder name as the bank does ("AR* ÖZ*"): the
// first two letters of each word, then a star.
func maskName(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		r := []rune(strings.ToUpper(w))
		if len(r) > 2 {
			r = r[:2]
		}
		words[i] = string(r) + "*"
	}
	return strings.Join(words, " ")
}

// sortUnique sorts *list and drops duplicates.
func sortUnique(list *[]string) {
	slices.Sort(*list)
	*list = slices.Compact(*list)
}

// brandOf returns the BrandName of a PAN's network, or "" when the prefix
// says nothing the fake checks.
func brandOf(pan string) string {
	switch {
	case strings.HasPrefix(pan, "4"):
		return "100"
	case strings.HasPrefix(pan, "34"), strings.HasPrefix(pan, "37"):
		return "400"
	case strings.HasPrefix(pan, "9792"):
		return "300"
	case len(pan) >= 2 && pan[0] == '5' && pan[1] >= '1' && pan[1] <= '5':
		return "200"
	}
	return ""
}
