package payfortest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/vpostest"
	"golang.org/x/text/encoding/charmap"
)

// recorder is a transport that keeps every reply body the bank sends.
type recorder struct {
	next http.RoundTripper
	out  *strings.Builder
}

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r.out.Write(b)
	r.out.WriteString("\n")
	resp.Body = io.NopCloser(strings.NewReader(string(b)))
	return resp, nil
}

// TestNoCardDataInReplies runs every flow and checks that no reply, page
// or callback of the bank holds a full card number, a CVV, an expiry or a
// secret.
func TestNoCardDataInReplies(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	var out strings.Builder
	client := &http.Client{Transport: recorder{http.DefaultTransport, &out}}
	post := func(u, ct, body string) {
		resp, err := client.Post(u, ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for i, co := range bank.Cards().All() {
		order := fmt.Sprintf("HY-%d", i)
		post(bank.APIURL(), "text/xml", payforXML(sale(c, "PreAuth", order, "12.34", co.Card)))
		for _, f := range []kv{follow(c, "PostAuth", order, ""), follow(c, "Refund", order, "1.00"), inquiry(c, order),
			append(account(c), kv{{"SecureType", "Report"}, {"OrderId", order}, {"TxnType", "TxnHistory"}}...)} {
			post(bank.APIURL(), "text/xml", payforXML(f))
		}
	}
	for _, model := range []string{"3DModel", "3DPay", "3DHost"} {
		for _, o := range vpostest.ACSOutcomes() {
			order := "HY-" + model + string(o)
			form := gateForm(bank, model, "Auth", order, "5.00", bank.Cards().ThreeD)
			b := vpostest.Browser{Client: client}
			cb, err := b.RunACS(context.Background(), form, o)
			if err != nil {
				t.Fatal(err)
			}
			out.WriteString(url.Values(cb).Encode())
			if model == "3DModel" {
				post(bank.APIURL(), "text/xml", payforXML(modelPayment(c, cb)))
			}
		}
		bad := gateForm(bank, model, "Auth", "HY-BAD-"+model, "5.00", bank.Cards().ThreeD)
		bad.Fields.Set("Hash", "x")
		if _, err := (&vpostest.Browser{Client: client}).RunACS(context.Background(), bad, vpostest.ACSSuccess); err != nil {
			t.Fatal(err)
		}
	}
	text := out.String()
	if !strings.Contains(text, "Onaylandı") || !strings.Contains(text, "M030") {
		t.Fatalf("recorded output looks incomplete")
	}
	for _, co := range bank.Cards().All() {
		card := co.Card
		if strings.Contains(text, card.Number) {
			t.Errorf("full card number of %s in the output", card.Masked())
		}
		if regexp.MustCompile(`(?i)(cvv|cv2|cvc)[a-z0-9_]*[^a-z0-9]{1,4}` + card.CVV + `($|[^0-9])`).MatchString(text) {
			t.Errorf("CVV of %s in the output", card.Masked())
		}
		if regexp.MustCompile(`\b` + card.CVV + `\b`).MatchString(text) {
			t.Errorf("CVV digits of %s stand alone in the output", card.Masked())
		}
		mmyy := fmt.Sprintf("%02d%02d", card.ExpMonth, card.ExpYear%100)
		if regexp.MustCompile(`(?i)exp[a-z0-9_]*[^a-z0-9]{1,4}` + mmyy).MatchString(text) {
			t.Errorf("expiry of %s in the output", card.Masked())
		}
	}
	for _, secret := range []string{c.UserPass, c.MerchantPass} {
		if strings.Contains(text, secret) {
			t.Errorf("a secret (%d characters) appears in the output", len(secret))
		}
	}
}

// TestGatePages checks the shapes CPV relies on (§12.6): the page after a
// good form has no hidden ErrMsg or ErrorCode, the page after a refused
// one is an auto-submitting form to FailUrl that has ErrMsg.
func TestGatePages(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	page := func(form url.Values) string {
		resp, err := bank.HTTPClient().PostForm(bank.Gate3DURL(), form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	good := gateForm(bank, "3DPay", "Auth", "PG-1", "1.00", bank.Cards().ThreeD).Fields
	if p := page(good); strings.Contains(p, `name="ErrMsg"`) || strings.Contains(p, `name="ErrorCode"`) || !strings.Contains(p, "3-D Secure") {
		t.Errorf("ACS redirect page has error fields or no ACS")
	}
	good.Set("Hash", "wrong")
	if p := page(good); !strings.Contains(p, `name="ErrMsg"`) || !strings.Contains(p, `action="`+shopFail+`"`) {
		t.Errorf("error page is not a form to FailUrl with ErrMsg")
	}
}

// TestLatin5Request sends an ISO-8859-9 PayforRequest with Turkish letters.
func TestLatin5Request(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	doc := strings.Replace(payforXML(sale(c, "Auth", "L5-1", "1.00", bank.Cards().Approve, [2]string{"CardHolderName", "Çağrı Işık"})),
		`encoding="UTF-8"`, `encoding="ISO-8859-9"`, 1)
	body, err := charmap.ISO8859_9.NewEncoder().String(doc)
	if err != nil {
		t.Fatal(err)
	}
	status, reply := postRaw(t, bank, bank.APIURL(), "text/xml; charset=ISO-8859-9", body)
	r := parseXMLReply(t, reply)
	if status != 200 || r.get("ProcReturnCode") != "00" || r.get("CardHolderName") != "Çağrı Işık" {
		t.Errorf("status %d reply %v", status, r.m)
	}
}
