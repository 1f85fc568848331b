package payflextest_test

import (
	"context"
	"encoding/xml"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The worked example of payflex.md §9 (mewebstudio PayFlexCP4CryptTest).
func TestCPHashVector(t *testing.T) {
	if got, want := payflextest.CPHash("000000000111111", "949", "10.10", "3XTgER89as"), "/MfLewtkUjpN5e/RY2iuIoT72hk="; got != want {
		t.Errorf("CPHash = %q, want %q", got, want)
	}
}

type tRegister struct {
	CommonPaymentUrl, PaymentToken, ErrorCode, ResponseMessage string
}

func cpRegisterForm(c payflextest.Credentials, order, amount string) url.Values {
	return url.Values{
		"HostMerchantId": {c.MerchantID}, "MerchantPassword": {c.Password}, "HostTerminalId": {c.TerminalNo},
		"TransactionType": {"Sale"}, "AmountCode": {"949"}, "Amount": {amount}, "OrderID": {order},
		"IsSecure": {"true"}, "AllowNotEnrolledCard": {"false"}, "SuccessUrl": {"https://shop.example/cp/ok"},
		"FailUrl": {"https://shop.example/cp/fail"}, "RequestLanguage": {"tr-TR"}, "Extract": {""}, "CustomItems": {""},
		"HashedData": {payflextest.CPHash(c.MerchantID, "949", amount, c.Password)},
	}
}

func cpRegister(t *testing.T, bank *payflextest.Server, form url.Values) tRegister {
	t.Helper()
	var r tRegister
	if err := xml.Unmarshal([]byte(post(t, bank, bank.CPRegisterURL(), form)), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

type tQuery struct {
	Rc, Message, ErrorCode, TransactionId, OrderID, AuthCode, Amount, ThreeDSecureType string
}

func cpQuery(t *testing.T, bank *payflextest.Server, token string) tQuery {
	t.Helper()
	c := bank.Credentials()
	body := post(t, bank, bank.CPQueryURL(), url.Values{"HostMerchantId": {c.MerchantID}, "MerchantPassword": {c.Password},
		"HostTerminalId": {c.TerminalNo}, "PaymentToken": {token}})
	var q tQuery
	if err := xml.Unmarshal([]byte(body), &q); err != nil {
		t.Fatal(err)
	}
	return q
}

func TestCommonPayment(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	reg := cpRegister(t, bank, cpRegisterForm(c, "CP-1", "10.10"))
	if reg.ErrorCode != "" || reg.PaymentToken == "" || reg.CommonPaymentUrl != bank.CPGateURL() {
		t.Fatalf("register %+v", reg)
	}
	if q := cpQuery(t, bank, reg.PaymentToken); q.Rc != "9601" {
		t.Errorf("query before payment %+v", q)
	}
	gate := &threed.Form{Action: reg.CommonPaymentUrl, Method: "GET", Fields: url.Values{"Ptkn": {reg.PaymentToken}}}
	res, err := bank.ACS(context.Background(), gate, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if res.Get("Rc") != "0000" || res.Get("PaymentToken") != reg.PaymentToken || res.Get("TransactionId") == "" || res.Get("OrderID") != "CP-1" {
		t.Fatalf("result %v", res)
	}
	q := cpQuery(t, bank, reg.PaymentToken)
	if q.Rc != "0000" || q.TransactionId != res.Get("TransactionId") || q.Amount != "10.10" || q.ThreeDSecureType != "3" {
		t.Errorf("query %+v", q)
	}
	if o, _ := bank.Ledger().Order("CP-1"); o == nil || o.Amount != 1010 {
		t.Fatalf("ledger %+v", o)
	}
	// The token is spent; the booking can be refunded through VPOS v4.
	if _, err := bank.ACS(context.Background(), gate, vpostest.ACSSuccess); err == nil {
		t.Error("a spent token paid again")
	}
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", q.TransactionId, "10.10")), "0000")

	// 3D Pay: the card is registered; ACS failure goes to FailUrl, books nothing.
	f := cpRegisterForm(c, "CP-2", "5.00")
	card := bank.Cards().InsufficientFunds
	f.Set("PAN", card.Number)
	f.Set("ExpireMonth", "07")
	f.Set("ExpireYear", "2031")
	f.Set("CVV", card.CVV)
	reg = cpRegister(t, bank, f)
	gate = &threed.Form{Action: reg.CommonPaymentUrl, Method: "GET", Fields: url.Values{"Ptkn": {reg.PaymentToken}}}
	res, err = bank.ACS(context.Background(), gate, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if res.Get("Rc") != "0051" || res.Get("ErrorCode") != "0051" {
		t.Errorf("3D Pay decline %v", res)
	}
	reg = cpRegister(t, bank, cpRegisterForm(c, "CP-3", "5.00"))
	gate = &threed.Form{Action: reg.CommonPaymentUrl, Method: "GET", Fields: url.Values{"Ptkn": {reg.PaymentToken}}}
	if res, err = bank.ACS(context.Background(), gate, vpostest.ACSFailure); err != nil || res.Get("Rc") != "0400" {
		t.Errorf("ACS failure: %v %v", res, err)
	}
	if _, ok := bank.Ledger().Order("CP-3"); ok {
		t.Error("ACS failure booked")
	}
}

func TestCPRegisterRefusals(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	for _, tc := range []struct{ field, value, code string }{
		{"HostMerchantId", "1", "6018"},
		{"MerchantPassword", "x", "6027"},
		{"HostTerminalId", "VP1", "0962"},
		{"HashedData", "/MfLewtkUjpN5e/RY2iuIoT72hk=", "5007"},
		{"TransactionType", "Refund", "1082"},
		{"OrderID", "", "1078"},
		{"IsSecure", "false", "1111"},
	} {
		f := cpRegisterForm(c, "CPR", "1.00")
		f.Set(tc.field, tc.value)
		if r := cpRegister(t, bank, f); r.ErrorCode != tc.code || r.PaymentToken != "" {
			t.Errorf("%s: %+v, want %s", tc.field, r, tc.code)
		}
	}
}
