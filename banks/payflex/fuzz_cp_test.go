package payflex

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParseCP feeds the Common Payment reply parsers arbitrary bodies: they
// must never panic, they return a reply or an error, and a VposTransaction
// reply's Rc is trimmed (completeCP compares it with 0000 exactly).
func FuzzParseCP(f *testing.F) {
	for _, body := range []string{
		`<CommonPaymentResponse><PaymentToken>abc</PaymentToken><CommonPaymentUrl>https://cp.example/pay</CommonPaymentUrl></CommonPaymentResponse>`,
		`<CommonPaymentResponse><ErrorCode>5007</ErrorCode><ResponseMessage>Hash hatalı</ResponseMessage></CommonPaymentResponse>`,
		`<VposTransactionResponse><Rc>0000</Rc><OrderID>O1</OrderID><Amount>10.50</Amount><AmountCode>949</AmountCode></VposTransactionResponse>`,
		`<VposTransactionResponse><Rc>9601</Rc></VposTransactionResponse>`,
		"", "<", "<VposTransactionResponse/>", `{"Rc":"0000"}`,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = parseCPRegistration(body)
		rep, err := parseCPResult(body)
		if err == nil && rep == nil {
			t.Fatalf("parseCPResult returned neither a reply nor an error")
		}
		if err == nil && rep.Rc != strings.TrimSpace(rep.Rc) {
			t.Fatalf("Rc %q kept surrounding space: a padded 0000 must not read as approved", rep.Rc)
		}
	})
}

// FuzzParseCPCallback feeds the Common Payment redirect reader arbitrary
// query strings: it must never panic, and what it accepts names an order
// and a payment token and claims nothing about authentication.
func FuzzParseCPCallback(f *testing.F) {
	for _, q := range []string{
		"OrderID=O1&PaymentToken=t&Rc=0000&Message=ok&TransactionId=1",
		"OrderID=&PaymentToken=t", "PaymentToken=t", "OrderID=O1", "OrderID=O1&OrderID=O2&PaymentToken=t",
		"OrderID=O1&PaymentToken=t&TransactionId=1&TransactionId=2", "%zz",
	} {
		f.Add(q)
	}
	p := testProvider(f)
	f.Fuzz(func(t *testing.T, q string) {
		form, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		cb, err := p.parseCPCallback(form)
		if err != nil {
			return
		}
		if cb.OrderID == "" || form.Get("PaymentToken") == "" {
			t.Fatalf("accepted a redirect without order or token: %q", q)
		}
		if cb.Status == "authenticated" {
			t.Fatalf("an unsigned redirect was taken as authenticated: %q", q)
		}
	})
}
