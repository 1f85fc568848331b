package payflextest_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// tResp is what the tests read of a VposResponse.
type tResp struct {
	XMLName                xml.Name `xml:"VposResponse"`
	MerchantID             string   `xml:"MerchantId"`
	TransactionType        string
	TransactionID          string `xml:"TransactionId"`
	ReferenceTransactionID string `xml:"ReferenceTransactionId"`
	ResultCode             string
	ResultDetail           string
	AuthCode, HostDate     string
	Rrn, TerminalNo        string
	CurrencyAmount         string
	CurrencyCode           string
	OrderID                string `xml:"OrderId"`
	ECI, ThreeDSecureType  string
	BatchNo, TLAmount      string
	CustomItems            struct {
		Item []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		}
	}
}

// kv is an ordered list of XML elements.
type kv [][2]string

// xmlOf builds <root><k>v</k>...</root>, escaping values.
func xmlOf(root string, fields kv) string {
	var b strings.Builder
	b.WriteString("<" + root + ">")
	for _, f := range fields {
		b.WriteString("<" + f[0] + ">")
		_ = xml.EscapeText(&b, []byte(f[1]))
		b.WriteString("</" + f[0] + ">")
	}
	b.WriteString("</" + root + ">")
	return b.String()
}

// post posts form fields to u and returns the body.
func post(t *testing.T, bank *payflextest.Server, u string, form url.Values) string {
	t.Helper()
	resp, err := bank.HTTPClient().PostForm(u, form)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: status %d: %s", u, resp.StatusCode, body)
	}
	return string(body)
}

// vposCall sends a VposRequest built from fields as prmstr.
func vposCall(t *testing.T, bank *payflextest.Server, fields kv) tResp {
	t.Helper()
	body := post(t, bank, bank.VPOSURL(), url.Values{"prmstr": {xmlOf("VposRequest", fields)}})
	var r tResp
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("VposResponse: %v in %q", err, body)
	}
	return r
}

// auth returns the credential fields of a VPOS request.
func auth(c payflextest.Credentials) kv {
	return kv{{"MerchantId", c.MerchantID}, {"Password", c.Password}, {"TerminalNo", c.TerminalNo}}
}

// saleFields is a non-3D Sale or Auth (payflex.md §5).
func saleFields(c payflextest.Credentials, typ, order, amount string, card vpos.Card, extra ...[2]string) kv {
	f := append(auth(c), kv{
		{"TransactionType", typ}, {"OrderId", order}, {"CurrencyAmount", amount}, {"CurrencyCode", "949"},
		{"ClientIp", "203.0.113.7"}, {"TransactionDeviceSource", "0"}, {"CardHoldersName", card.Holder},
		{"Pan", card.Number}, {"Expiry", fmt.Sprintf("%04d%02d", card.ExpYear, card.ExpMonth)}, {"Cvv", card.CVV},
	}...)
	return append(f, extra...)
}

// followFields is a Capture, Cancel or Refund.
func followFields(c payflextest.Credentials, typ, ref, amount string) kv {
	f := kv{{"MerchantId", c.MerchantID}, {"Password", c.Password}}
	if typ == "Capture" {
		f = append(f, [2]string{"TerminalNo", c.TerminalNo})
	}
	f = append(f, kv{{"TransactionType", typ}, {"ReferenceTransactionId", ref}, {"ClientIp", "203.0.113.7"}}...)
	if amount != "" {
		f = append(f, kv{{"CurrencyAmount", amount}, {"CurrencyCode", "949"}}...)
	}
	return f
}

// wantCode fails unless r has code.
func wantCode(t *testing.T, r tResp, code string) {
	t.Helper()
	if r.ResultCode != code {
		t.Fatalf("ResultCode %s (%s), want %s", r.ResultCode, r.ResultDetail, code)
	}
}

// enrollForm is a VerifyEnrollmentRequest (payflex.md §4.1).
func enrollForm(c payflextest.Credentials, id, amount string, card vpos.Card) url.Values {
	return url.Values{
		"MerchantId": {c.MerchantID}, "MerchantPassword": {c.Password}, "MerchantType": {c.MerchantType},
		"PurchaseAmount": {amount}, "VerifyEnrollmentRequestId": {id}, "Currency": {"949"},
		"SuccessUrl": {"https://shop.example/payflex/ok"}, "FailureUrl": {"https://shop.example/payflex/fail"},
		"Pan": {card.Number}, "ExpiryDate": {fmt.Sprintf("%02d%02d", card.ExpYear%100, card.ExpMonth)},
		"BrandName": {"100"}, "IsRecurring": {"false"}, "SessionInfo": {"order " + id},
	}
}

// tEnroll is what the tests read of an IPaySecure.
type tEnroll struct {
	Message struct {
		VERes struct{ Status, PaReq, TermUrl, MD, ACSUrl string }
	}
	VerifyEnrollmentRequestId, MessageErrorCode, ErrorMessage string
}

// enroll sends a VerifyEnrollmentRequest.
func enroll(t *testing.T, bank *payflextest.Server, form url.Values) tEnroll {
	t.Helper()
	body := post(t, bank, bank.MPIURL(), form)
	var e tEnroll
	if err := xml.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("IPaySecure: %v in %q", err, body)
	}
	return e
}

// acsForm is the ACS redirect form of an enrollment (payflex.md §4.2).
func acsForm(e tEnroll) *threed.Form {
	v := e.Message.VERes
	return &threed.Form{Action: v.ACSUrl, Method: "POST", Fields: url.Values{"PaReq": {v.PaReq}, "TermUrl": {v.TermUrl}, "MD": {v.MD}}}
}

// threeDS runs enrollment and ACS and returns the callback.
func threeDS(t *testing.T, bank *payflextest.Server, id, amount string, card vpos.Card, outcome string) url.Values {
	t.Helper()
	e := enroll(t, bank, enrollForm(bank.Credentials(), id, amount, card))
	if e.Message.VERes.Status != "Y" {
		t.Fatalf("VERes Status %q (%s %s), want Y", e.Message.VERes.Status, e.MessageErrorCode, e.ErrorMessage)
	}
	cb, err := bank.ACS(context.Background(), acsForm(e), vpostest.ACSOutcome(outcome))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// provisionFields is a CP.VPOS style 3-D provision (no card, no amount).
func provisionFields(c payflextest.Credentials, order string, cb url.Values) kv {
	return append(auth(c), kv{
		{"TransactionType", "Sale"}, {"TransactionId", order}, {"ECI", cb.Get("Eci")}, {"CAVV", cb.Get("Cavv")},
		{"MpiTransactionId", cb.Get("VerifyEnrollmentRequestId")}, {"OrderId", order}, {"ClientIp", "203.0.113.7"},
		{"TransactionDeviceSource", "0"},
	}...)
}

// newPost builds a form POST with ctx.
func newPost(ctx context.Context, u string, form url.Values) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err == nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, err
}

// copyBody copies a reply body into b.
func copyBody(b *strings.Builder, resp *http.Response) (int64, error) { return io.Copy(b, resp.Body) }
