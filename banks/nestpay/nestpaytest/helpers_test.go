package nestpaytest

// Test helpers: the tests build requests and read replies with their own
// small code, following nestpay.md, not with the server's.

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 10, 14, 25, 30, 0, vpos.Istanbul())}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// field is one element of a request.
type field struct{ name, value string }

// cc5 builds a CC5Request with the server's credentials and fields.
func cc5(s *Server, fields ...field) string {
	c := s.Credentials()
	return cc5With(c.User, c.Password, c.ClientID, fields...)
}

func cc5With(name, password, clientID string, fields ...field) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><CC5Request>`)
	all := append([]field{{"Name", name}, {"Password", password}, {"ClientId", clientID}}, fields...)
	for _, f := range all {
		if strings.HasPrefix(f.value, "<") { // nested elements, written as given
			fmt.Fprintf(&b, "<%s>%s</%s>", f.name, f.value, f.name)
			continue
		}
		var esc bytes.Buffer
		_ = xml.EscapeText(&esc, []byte(f.value))
		fmt.Fprintf(&b, "<%s>%s</%s>", f.name, esc.String(), f.name)
	}
	b.WriteString(`</CC5Request>`)
	return b.String()
}

// saleFields are the fields of a non-3D Auth / PreAuth.
func saleFields(typ, order, total string, card vpos.Card) []field {
	c := card.Normalize()
	return []field{
		{"Type", typ}, {"IPAddress", "192.0.2.10"}, {"OrderId", order}, {"Total", total},
		{"Currency", "949"}, {"Taksit", ""}, {"Number", c.Number},
		{"Expires", fmt.Sprintf("%02d/%02d", c.ExpMonth, c.ExpYear%100)}, {"Cvv2Val", c.CVV}, {"Mode", "P"},
	}
}

// cc5Reply is a decoded CC5Response.
type cc5Reply struct {
	order []string          // top-level element names in document order
	top   map[string]string // top-level elements
	extra map[string]string // Extra's elements
	raw   []byte
	ctype string
}

func (r *cc5Reply) String() string {
	return fmt.Sprintf("top=%v extra=%v", r.top, r.extra)
}

// decodeReply reads a CC5Response, honouring the declared charset.
func decodeReply(t *testing.T, body []byte) *cc5Reply {
	t.Helper()
	r := &cc5Reply{top: map[string]string{}, extra: map[string]string{}, raw: body}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "ISO-8859-9") {
			return charmap.ISO8859_9.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("unexpected charset %q", label)
	}
	var path []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("decoding reply: %v\n%s", err, body)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			path = append(path, tk.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			switch {
			case len(path) == 2 && path[1] != "Extra":
				r.top[path[1]] = text.String()
				r.order = append(r.order, path[1])
			case len(path) == 2:
				r.order = append(r.order, "Extra")
			case len(path) == 3 && path[1] == "Extra":
				r.extra[path[2]] = text.String()
			}
			text.Reset()
			path = path[:len(path)-1]
		}
	}
	return r
}

// post sends body to the API as raw XML and decodes the reply.
func post(t *testing.T, s *Server, body string) *cc5Reply {
	t.Helper()
	return postAs(t, s, "text/xml; charset=utf-8", body)
}

func postAs(t *testing.T, s *Server, contentType, body string) *cc5Reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.APIURL(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", s.APIURL(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST api: status %d, want 200", resp.StatusCode)
	}
	r := decodeReply(t, b)
	r.ctype = resp.Header.Get("Content-Type")
	return r
}

// do sends a request made of fields.
func do(t *testing.T, s *Server, fields ...field) *cc5Reply {
	t.Helper()
	return post(t, s, cc5(s, fields...))
}

// sale sends a non-3D sale and requires approval.
func mustSale(t *testing.T, s *Server, order, total string) *cc5Reply {
	t.Helper()
	r := do(t, s, saleFields("Auth", order, total, s.Cards().Approve)...)
	if r.top["ProcReturnCode"] != "00" {
		t.Fatalf("sale %s: %v", order, r)
	}
	return r
}

func mustPreAuth(t *testing.T, s *Server, order, total string) *cc5Reply {
	t.Helper()
	r := do(t, s, saleFields("PreAuth", order, total, s.Cards().Approve)...)
	if r.top["ProcReturnCode"] != "00" {
		t.Fatalf("preauth %s: %v", order, r)
	}
	return r
}

func status(t *testing.T, s *Server, order string) *cc5Reply {
	t.Helper()
	return do(t, s, field{"OrderId", order}, field{"Extra", "<ORDERSTATUS>QUERY</ORDERSTATUS>"})
}

func history(t *testing.T, s *Server, order string) *cc5Reply {
	t.Helper()
	return do(t, s, field{"OrderId", order}, field{"Extra", "<ORDERHISTORY>QUERY</ORDERHISTORY>"})
}

// wantCode checks ProcReturnCode, Response and ERRORCODE.
func wantCode(t *testing.T, r *cc5Reply, proc, response, errorCode string) {
	t.Helper()
	if got := r.top["ProcReturnCode"]; got != proc {
		t.Errorf("ProcReturnCode = %q, want %q (%v)", got, proc, r)
	}
	if got := r.top["Response"]; got != response {
		t.Errorf("Response = %q, want %q (%v)", got, response, r)
	}
	if got := r.extra["ERRORCODE"]; got != errorCode {
		t.Errorf("ERRORCODE = %q, want %q (%v)", got, errorCode, r)
	}
}

// ver3 is the test's own ver3 hash, straight from nestpay.md §7.1: names
// sorted case-insensitively (no names with digits occur in these tests),
// hash and encoding left out, values escaped (`\` then `|`), store key
// appended, joined with `|`, Base64(SHA-512).
func ver3(fields url.Values, storeKey string) string {
	var names []string
	for k := range fields {
		if l := strings.ToLower(k); l != "hash" && l != "encoding" {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	esc := strings.NewReplacer(`\`, `\\`, `|`, `\|`) // one pass: never re-escapes
	var parts []string
	for _, k := range names {
		parts = append(parts, esc.Replace(fields.Get(k)))
	}
	parts = append(parts, esc.Replace(storeKey))
	sum := sha512.Sum512([]byte(strings.Join(parts, "|")))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// sha1b64 is Base64(SHA-1(s)), the legacy hash.
func sha1b64(s string) string {
	sum := sha1.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

const (
	shopOK   = "https://shop.example.com.tr/odeme/ok"
	shopFail = "https://shop.example.com.tr/odeme/fail"
)

// gateForm builds the merchant's ver3 gate form for model (card fields for
// 3d and 3d_pay), signed with the test's own ver3.
func gateForm(s *Server, model threed.Model, order, amount string, card vpos.Card) *threed.Form {
	c := s.Credentials()
	f := url.Values{
		"clientid": {c.ClientID}, "storetype": {string(model)}, "amount": {amount}, "oid": {order},
		"okUrl": {shopOK}, "failUrl": {shopFail}, "rnd": {"Zq3xW7pLmN2vB8kR4tYc"}, "lang": {"tr"},
		"currency": {"949"}, "taksit": {""}, "islemtipi": {"Auth"}, "hashAlgorithm": {"ver3"},
		"Email": {"çağrı@örnek.com.tr"}, "firmaadi": {"Çağrı | Öztürk \\ Ltd."},
	}
	if !model.CardOnBankPage() {
		cn := card.Normalize()
		f.Set("pan", cn.Number)
		f.Set("Ecom_Payment_Card_ExpDate_Month", fmt.Sprintf("%02d", cn.ExpMonth))
		f.Set("Ecom_Payment_Card_ExpDate_Year", fmt.Sprintf("%02d", cn.ExpYear%100))
		f.Set("cv2", cn.CVV)
	}
	f.Set("hash", ver3(f, c.StoreKey))
	return &threed.Form{Action: s.GateURL(), Method: http.MethodPost, Fields: f}
}

// verifyVer3 checks a callback's HASH with the test's own ver3.
func verifyVer3(cb url.Values, storeKey string) bool {
	return cb.Get("HASH") != "" && cb.Get("HASH") == ver3(cb, storeKey)
}
