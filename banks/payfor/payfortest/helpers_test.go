package payfortest_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

const (
	shopOK   = "https://shop.example.com.tr/payfor/ok"
	shopFail = "https://shop.example.com.tr/payfor/fail"
)

// kv is an ordered list of request fields.
type kv [][2]string

// reply is a decoded API reply: fields in order, and by name.
type reply struct {
	order []string
	m     map[string]string
	raw   string
}

func (r reply) get(name string) string { return r.m[name] }

// payforXML builds a PayforRequest document from fields.
func payforXML(fields kv) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><PayforRequest>`)
	for _, f := range fields {
		b.WriteString("<" + f[0] + ">")
		_ = xml.EscapeText(&b, []byte(f[1]))
		b.WriteString("</" + f[0] + ">")
	}
	b.WriteString("</PayforRequest>")
	return b.String()
}

// postRaw posts body to u with contentType and returns the status and body.
func postRaw(t *testing.T, bank *payfortest.Server, u, contentType, body string) (int, string) {
	t.Helper()
	resp, err := bank.HTTPClient().Post(u, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// parseXMLReply reads a PayforResponse into a reply.
func parseXMLReply(t *testing.T, body string) reply {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(body))
	r := reply{m: map[string]string{}, raw: body}
	depth := 0
	var name string
	var text bytes.Buffer
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reply is not XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 && tk.Name.Local != "PayforResponse" {
				t.Fatalf("root %s, want PayforResponse", tk.Name.Local)
			}
			name = tk.Name.Local
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			if depth == 2 {
				r.order = append(r.order, name)
				r.m[name] = text.String()
			}
			depth--
		}
	}
	return r
}

// api sends fields as a PayforRequest to the XML API.
func api(t *testing.T, bank *payfortest.Server, fields kv) reply {
	t.Helper()
	status, body := postRaw(t, bank, bank.APIURL(), "text/xml; charset=UTF-8", payforXML(fields))
	if status != http.StatusOK {
		t.Fatalf("XMLGate: status %d", status)
	}
	return parseXMLReply(t, body)
}

// formAPI sends fields in the form encoding to Default.aspx.
func formAPI(t *testing.T, bank *payfortest.Server, fields kv) reply {
	t.Helper()
	form := url.Values{}
	for _, f := range fields {
		form.Set(f[0], f[1])
	}
	status, body := postRaw(t, bank, bank.FormAPIURL(), "application/x-www-form-urlencoded", form.Encode())
	if status != http.StatusOK {
		t.Fatalf("Default.aspx: status %d", status)
	}
	r := reply{m: map[string]string{}, raw: body}
	for _, part := range strings.Split(body, ";;") {
		k, v, _ := strings.Cut(part, "=")
		r.order = append(r.order, k)
		r.m[k] = v
	}
	return r
}

// account returns the account fields of an API request (§3).
func account(c payfortest.Credentials) kv {
	return kv{{"MbrId", c.MbrID}, {"MerchantId", c.MerchantID}, {"UserCode", c.UserCode}, {"UserPass", c.UserPass}}
}

// expiry formats a card's expiry as MMYY.
func expiry(c vpos.Card) string { return fmt.Sprintf("%02d%02d", c.ExpMonth, c.ExpYear%100) }

// sale is a non-3D Auth or PreAuth (§3, MEWS serializer order).
func sale(c payfortest.Credentials, txn, order, amount string, card vpos.Card, extra ...[2]string) kv {
	f := append(account(c), kv{
		{"MOTO", "0"}, {"OrderId", order}, {"SecureType", "NonSecure"}, {"TxnType", txn},
		{"PurchAmount", amount}, {"Currency", "949"}, {"InstallmentCount", "0"}, {"Lang", "tr"},
		{"CardHolderName", card.Holder}, {"Pan", card.Number}, {"Expiry", expiry(card)}, {"Cvv2", card.CVV},
	}...)
	return set(f, extra...)
}

// set replaces (or appends) fields; a value "-" removes the field.
func set(f kv, extra ...[2]string) kv {
	out := append(kv(nil), f...)
	for _, e := range extra {
		found := false
		for i := range out {
			if out[i][0] == e[0] {
				out[i][1] = e[1]
				found = true
			}
		}
		if !found {
			out = append(out, e)
		}
	}
	var clean kv
	for _, x := range out {
		if x[1] != "-" {
			clean = append(clean, x)
		}
	}
	return clean
}

// follow is a PostAuth, Void or Refund (§3).
func follow(c payfortest.Credentials, txn, order, amount string) kv {
	f := append(account(c), kv{{"OrgOrderId", order}, {"SecureType", "NonSecure"}, {"TxnType", txn}, {"Currency", "949"}, {"Lang", "tr"}}...)
	if amount != "" {
		f = append(f, [2]string{"PurchAmount", amount})
	}
	return f
}

// inquiry is an OrderInquiry (§3).
func inquiry(c payfortest.Credentials, order string) kv {
	return append(account(c), kv{{"OrgOrderId", order}, {"SecureType", "Inquiry"}, {"Lang", "tr"}, {"TxnType", "OrderInquiry"}}...)
}

// wantCode fails unless r's ProcReturnCode is code.
func wantCode(t *testing.T, r reply, code string) {
	t.Helper()
	if got := r.get("ProcReturnCode"); got != code {
		t.Fatalf("ProcReturnCode %q (%s), want %s", got, r.get("ErrMsg"), code)
	}
}

// gateForm is the merchant's 3-D Secure form of model (§5.1), hashed.
func gateForm(bank *payfortest.Server, model, txn, order, amount string, card vpos.Card) *threed.Form {
	c := bank.Credentials()
	f := url.Values{
		"MbrId": {c.MbrID}, "MerchantID": {c.MerchantID}, "UserCode": {c.UserCode}, "SecureType": {model},
		"TxnType": {txn}, "InstallmentCount": {"0"}, "Currency": {"949"}, "OkUrl": {shopOK}, "FailUrl": {shopFail},
		"OrderId": {order}, "OrgOrderId": {""}, "PurchAmount": {amount}, "Lang": {"tr"}, "Rnd": {"0.43625700 1604831630"},
	}
	action := bank.Gate3DURL()
	if model == "3DHost" {
		action = bank.HostedGate3DURL()
	} else {
		f.Set("CardHolderName", card.Holder)
		f.Set("Pan", card.Number)
		f.Set("Expiry", expiry(card))
		f.Set("Cvv2", card.CVV)
	}
	f.Set("Hash", payfortest.RequestHash(f, c.MerchantPass))
	return &threed.Form{Action: action, Method: "POST", Fields: f}
}

// acs plays the shopper and returns the callback.
func acs(t *testing.T, bank *payfortest.Server, form *threed.Form, o vpostest.ACSOutcome) url.Values {
	t.Helper()
	cb, err := bank.ACS(context.Background(), form, o)
	if err != nil {
		t.Fatalf("ACS(%s): %v", o, err)
	}
	return cb
}

// verified reports whether cb's ResponseHash is the bank's signature.
func verified(bank *payfortest.Server, cb url.Values) bool {
	c := bank.Credentials()
	h := cb.Get("ResponseHash")
	return h != "" && (h == payfortest.ResponseHash(cb, c.MerchantPass, c.UserCode) ||
		h == payfortest.ResponseHashSHA256(cb, c.MerchantPass, c.UserCode))
}

// modelPayment is the 3DModelPayment request of a callback (MEWS style:
// no MbrId and MerchantId).
func modelPayment(c payfortest.Credentials, cb url.Values) kv {
	return kv{{"RequestGuid", cb.Get("RequestGuid")}, {"UserCode", c.UserCode}, {"UserPass", c.UserPass},
		{"OrderId", cb.Get("OrderId")}, {"SecureType", "3DModelPayment"}}
}
