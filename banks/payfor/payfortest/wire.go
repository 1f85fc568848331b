package payfortest

// Reading requests and writing replies (payfor.md §1, §3, §4, §10, §12.1,
// §12.2), value formats and generated references.

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/sanalpos/vpos"
)

// request is an API request in either encoding: field names lower-cased
// (MerchantId and MerchantID are the same field), values trimmed.
type request struct {
	fields map[string]string
	xml    bool // XMLGate.aspx (PAYFORFROMXMLREQUEST 1) rather than Default.aspx
}

// get returns the value of a field (case-insensitive name).
func (r *request) get(name string) string { return r.fields[strings.ToLower(name)] }

// present reports whether a field was sent, even empty.
func (r *request) present(name string) bool {
	_, ok := r.fields[strings.ToLower(name)]
	return ok
}

// errNotPayfor marks a body that is not a PayforRequest document.
var errNotPayfor = errors.New("not a PayforRequest document")

// parseXMLRequest reads a PayforRequest document: each child element's
// text is a field. The prolog may declare UTF-8 (the bank's encoding),
// ISO-8859-9 or windows-1254.
func parseXMLRequest(body []byte) (*request, error) {
	body = bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = charsetReader
	var root *xml.StartElement
	for root == nil {
		tok, err := dec.Token()
		if err != nil {
			return nil, errNotPayfor
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = &se
		}
	}
	if !strings.EqualFold(root.Name.Local, "PayforRequest") {
		return nil, errNotPayfor
	}
	req := &request{fields: map[string]string{}, xml: true}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, errNotPayfor
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var v struct {
				Text string `xml:",chardata"`
			}
			if err := dec.DecodeElement(&v, &t); err != nil {
				return nil, errNotPayfor
			}
			name := strings.ToLower(t.Name.Local)
			if _, dup := req.fields[name]; !dup {
				req.fields[name] = strings.TrimSpace(v.Text)
			}
		case xml.EndElement:
			return req, nil
		}
	}
}

// charsetReader decodes the request charsets clients declare.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-9", "iso8859-9", "latin5":
		return charmap.ISO8859_9.NewDecoder().Reader(input), nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	return enc.NewDecoder().Reader(input), nil
}

// formRequest reads an API request in the form encoding.
func formRequest(f url.Values) *request {
	req := &request{fields: map[string]string{}}
	for k, vs := range f {
		name := strings.ToLower(k)
		if _, dup := req.fields[name]; !dup && len(vs) > 0 {
			req.fields[name] = strings.TrimSpace(vs[0])
		}
	}
	return req
}

// kv is one reply field: name and value.
type kv struct{ k, v string }

// writeReply answers an API request: XML (XMLGate.aspx) as a PayforResponse
// with one element per line, as captured (§12.2), or text (Default.aspx)
// as Key=Value;;Key=Value (§1, §12.1). Always 200 OK.
func writeReply(w http.ResponseWriter, asXML bool, pairs []kv) {
	var b bytes.Buffer
	if asXML {
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<PayforResponse>\n")
		for _, p := range pairs {
			writeElem(&b, p)
			b.WriteByte('\n')
		}
		b.WriteString("</PayforResponse>")
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	} else {
		for i, p := range pairs {
			if i > 0 {
				b.WriteString(";;")
			}
			b.WriteString(p.k + "=" + p.v)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

// writeElem writes <k>v</k> with v escaped.
func writeElem(b *bytes.Buffer, p kv) {
	b.WriteString("<" + p.k + ">")
	_ = xml.EscapeText(b, []byte(p.v))
	b.WriteString("</" + p.k + ">")
}

// currencies the fake accepts: the codes of payfor.md §2 and §10 (949,
// 840, 978, 826) plus JPY and RUB, as the other fakes of the module.
var currencies = map[string]vpos.Currency{
	"949": vpos.TRY, "840": vpos.USD, "978": vpos.EUR, "826": vpos.GBP, "392": vpos.JPY, "643": vpos.RUB,
}

// parseCurrency reads a numeric ISO 4217 code.
func parseCurrency(s string) (vpos.Currency, bool) {
	c, ok := currencies[s]
	return c, ok
}

// numeric formats a currency's numeric code.
func numeric(c vpos.Currency) string { return strconv.Itoa(c.Numeric()) }

// alphaCode is the AlphaCode of a currency: TL for the lira (§12.3).
func alphaCode(c vpos.Currency) string {
	if c == vpos.TRY {
		return "TL"
	}
	return string(c)
}

// maxAmount is the largest PurchAmount in hundredths: 200,000 (M019).
const maxAmount = 200_000_00

// parseAmount reads a PurchAmount (§2, §10: dot decimal, "1.01", "100.25",
// "1") in cur's minor units. It returns "" or the ProcReturnCode of the
// refusal: M012 for a missing or malformed amount, M004 for zero or a
// negative amount, M019 above 200,000.
func parseAmount(s string, cur vpos.Currency) (vpos.Amount, string) {
	if s == "" {
		return 0, codeAmount
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	if !digits(whole) || len(whole) > 12 || (dot && (len(frac) == 0 || len(frac) > 2 || !digits(frac))) {
		return 0, codeAmount
	}
	frac += strings.Repeat("0", 2-len(frac))
	v, _ := strconv.ParseInt(whole+frac, 10, 64)
	switch {
	case neg && v != 0:
		return 0, codeAmountZero
	case v == 0:
		return 0, codeAmountZero
	case v > maxAmount:
		return 0, codeAmountRange
	}
	if cur.Exponent() == 0 {
		if v%100 != 0 {
			return 0, codeAmount
		}
		return vpos.Amount(v / 100), ""
	}
	return vpos.Amount(v), ""
}

// formatAmount writes an amount as the bank does: dot decimal ("1.01").
func formatAmount(a vpos.Amount, cur vpos.Currency) string { return a.Decimal(cur) }

// parseInstallments reads InstallmentCount: "0" (or "1") for a single
// payment, 2..12 for installments. Empty is refused: the bank wants "0"
// (§2, §10).
func parseInstallments(s string) (int, bool) {
	if !digits(s) || len(s) > 2 {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	switch {
	case n <= 1:
		return 0, true
	case n <= 12:
		return n, true
	}
	return 0, false
}

// parseExpiry reads an Expiry (MMYY).
func parseExpiry(s string) (month, year int, ok bool) {
	if len(s) != 4 || !digits(s) {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(s[:2])
	year, _ = strconv.Atoi(s[2:])
	return month, 2000 + year, month >= 1 && month <= 12
}

// expired reports whether a card valid through month/year has expired by
// now (Istanbul calendar).
func expired(month, year int, now time.Time) bool {
	y, m, _ := istanbul(now).Date()
	return year < y || (year == y && month < int(m))
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

// cardCheck validates a PAN (M008 length, M041 Luhn) and returns "" or the
// refusal code.
func cardCheck(pan string) string {
	switch {
	case !digits(pan) || len(pan) < 13 || len(pan) > 19:
		return codePANLength
	case !vpos.Luhn(pan):
		return codeBadCard
	}
	return ""
}

// cardType is the CardType (and DsBrand) of a card number: V, M or T
// (Troy), "" for other brands (§12.3, §12.4).
func cardType(pan string) string {
	switch {
	case strings.HasPrefix(pan, "4"):
		return "V"
	case strings.HasPrefix(pan, "5"), strings.HasPrefix(pan, "2"):
		return "M"
	case strings.HasPrefix(pan, "9792"), strings.HasPrefix(pan, "65"):
		return "T"
	}
	return ""
}

// panToken returns the opaque 32-character token the history shows
// instead of the card number (§12.5): derived from a SHA-256 of the
// number, written with the characters 0-5 and A-F only, so that no test
// CVV can appear in it.
func panToken(pan string) string {
	sum := sha256.Sum256([]byte("payfortest pan token " + pan))
	const alphabet = "012345ABCDEF"
	var b [32]byte
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(b[:])
}

// Time formats (§10, §12.3-§12.5), all in Istanbul time.
const (
	layoutTransactionDate = "02.01.2006 15:04:05" // TransactionDate
	layoutInsert          = "2.01.2006 15:04:05"  // InsertDatetime of OrderInquiry
	layoutTrxDate         = "02.01.2006 15:04"    // TrxDate
	layoutDate            = "20060102"            // ReqDate, SysDate, VoidDate
	layoutTime            = "150405"              // VoidTime, F12
	layoutISO             = "2006-01-02T15:04:05" // InsertDatetime of TxnHistory
	layoutStamp           = "20060102150405"      // lastUpdated, RequestStartDatetime without fractions
)

func istanbul(t time.Time) time.Time { return t.In(vpos.Istanbul()) }

// stamp formats t as yyyyMMddHHmmss followed by n fraction digits. The
// fraction is halved, so that its first digit is 0 to 4 and no three
// digits from 6 to 9 follow each other (test CVVs cannot appear by
// accident).
func stamp(t time.Time, n int) string {
	t = istanbul(t)
	frac := t.Nanosecond() / 2
	for range 9 - n {
		frac /= 10
	}
	return t.Format(layoutStamp) + fmt.Sprintf("%0*d", n, frac)
}

// base6 formats n in base 6, zero-padded to width digits. Generated
// references use the digits 0 to 5 only, so that no test CVV (made of the
// digits 6 to 9, vpostest.DefaultCards) can appear in them.
func base6(n, width int) string {
	s := strconv.FormatInt(int64(n), 6)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// refs are the bank's references of one operation.
type refs struct {
	authCode string // "S" + 5 digits, the sandbox's shape (§12.1)
	hostRef  string // 12-digit RRN: year digit, day of year, hour, STAN (§12.1, §12.3)
	stan     string // F11, the last 6 digits of hostRef
	guid     string // RequestGuid, 16 digits
	reqID    string // ReqId, 8 digits
}

// newRefs returns fresh references. The caller holds s.mu.
func (s *Server) newRefs() refs {
	s.ids++
	n := s.ids
	t := istanbul(s.Now())
	stan := base6(n, 6)
	return refs{
		authCode: "S" + base6((n*7919+1555)%7776, 5),
		hostRef:  fmt.Sprintf("%d%03d%02d%s", t.Year()%10, t.YearDay(), t.Hour(), stan),
		stan:     stan,
		guid:     "10000000" + base6(n, 8),
		reqID:    "2" + base6(n, 7),
	}
}

// newResponseRnd returns a fresh ResponseRnd ("PF" + 18 digits, §5.2).
func (s *Server) newResponseRnd() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newResponseRndLocked()
}

func (s *Server) newResponseRndLocked() string {
	s.ids++
	return "PF638" + base6(s.ids*7+3, 15)
}

// cvvLike reports whether v holds three digits from 6 to 9 in a row, the
// shape of the test CVVs (vpostest.DefaultCards).
func cvvLike(v string) bool {
	run := 0
	for i := 0; i < len(v); i++ {
		if '6' <= v[i] && v[i] <= '9' {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
