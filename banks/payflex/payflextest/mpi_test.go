package payflextest_test

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/vpostest"
)

func TestMPIRoundTrip(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	cb := threeDS(t, bank, "ce06048a3e9c0cd1d437803fb38b5ad0", "1.01", bank.Cards().ThreeD, "success")
	for k, want := range map[string]string{
		"Status": "Y", "Eci": "05", "PurchAmount": "101", "PurchCurrency": "949", "MerchantId": c.MerchantID,
		"VerifyEnrollmentRequestId": "ce06048a3e9c0cd1d437803fb38b5ad0", "Pan": "400000******0003",
		"SessionInfo": "order ce06048a3e9c0cd1d437803fb38b5ad0", "ErrorCode": "",
	} {
		if got := cb.Get(k); got != want {
			t.Errorf("callback %s = %q, want %q", k, got, want)
		}
	}
	if len(cb.Get("Cavv")) != 28 || cb.Get("Xid") == "" {
		t.Errorf("Cavv %q Xid %q", cb.Get("Cavv"), cb.Get("Xid"))
	}
	r := vposCall(t, bank, provisionFields(c, "order222", cb))
	wantCode(t, r, "0000")
	if r.ECI != "05" || r.ThreeDSecureType != "2" || r.TransactionID != "order222" || r.CurrencyAmount != "1.01" {
		t.Errorf("provision reply %+v", r)
	}
	// The MPI transaction is spent.
	wantCode(t, vposCall(t, bank, provisionFields(c, "order223", cb)), "1128")
	if n := bank.Ledger().Bookings(); n != 1 {
		t.Errorf("bookings %d", n)
	}
	// mewebstudio style: card and amount sent, and they must match.
	cb = threeDS(t, bank, "mpi-2", "100.00", bank.Cards().ThreeD, "success")
	card := bank.Cards().ThreeD
	full := func(amount, pan string) kv {
		f := provisionFields(c, "order300", cb)
		return append(f, kv{{"CurrencyAmount", amount}, {"CurrencyCode", "949"}, {"Pan", pan}, {"Cvv", card.CVV}, {"CardHoldersName", "ahmet"}}...)
	}
	wantCode(t, vposCall(t, bank, full("100.01", card.Number)), "1126")
	wantCode(t, vposCall(t, bank, full("100.00", bank.Cards().Approve.Number)), "1126")
	wantCode(t, vposCall(t, bank, full("100.00", card.Number)), "0000")
}

func TestMPIOutcomes(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	for _, tc := range []struct {
		outcome, status, eci, code string
	}{
		{"attempt", "A", "06", "0000"},
		{"failure", "N", "", "0400"},
		{"not_enrolled", "U", "", "0400"},
	} {
		cb := threeDS(t, bank, "mpi-"+tc.outcome, "7.00", bank.Cards().ThreeD, tc.outcome)
		if cb.Get("Status") != tc.status || cb.Get("Eci") != tc.eci {
			t.Errorf("%s: Status %q Eci %q", tc.outcome, cb.Get("Status"), cb.Get("Eci"))
		}
		wantCode(t, vposCall(t, bank, provisionFields(c, "o-"+tc.outcome, cb)), tc.code)
	}
	// A decline card enrols and is declined at the provision.
	cb := threeDS(t, bank, "mpi-dec", "7.00", bank.Cards().InsufficientFunds, "success")
	wantCode(t, vposCall(t, bank, provisionFields(c, "o-dec", cb)), "0051")
}

// PayFlex callbacks are unsigned: a forged Status=Y, or a real callback with
// its fields changed, must never book.
func TestForgedCallbackCannotBook(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	failed := threeDS(t, bank, "mpi-forge", "9.00", bank.Cards().ThreeD, "failure")
	forged := url.Values{}
	for k, v := range failed {
		forged[k] = v
	}
	forged.Set("Status", "Y")
	forged.Set("Eci", "05")
	forged.Set("Cavv", "ABIBCBgAAAEnAAABAQAAAAAAAAA=")
	wantCode(t, vposCall(t, bank, provisionFields(c, "f-1", forged)), "0400")

	ok := threeDS(t, bank, "mpi-ok", "9.00", bank.Cards().ThreeD, "success")
	for _, tc := range []struct {
		field, value, code string
	}{
		{"Eci", "06", "1116"},
		{"Cavv", "ABIBCBgAAAEnAAABAQAAAAAAAAA=", "1117"},
		{"Cavv", "", "0581"},
		{"VerifyEnrollmentRequestId", "never-enrolled", "1115"},
		{"VerifyEnrollmentRequestId", "", "1114"},
	} {
		cb := url.Values{}
		for k, v := range ok {
			cb[k] = v
		}
		cb.Set(tc.field, tc.value)
		wantCode(t, vposCall(t, bank, provisionFields(c, "f-"+tc.field, cb)), tc.code)
	}
	// Enrolled but the ACS never answered.
	e := enroll(t, bank, enrollForm(c, "mpi-pending", "9.00", bank.Cards().ThreeD))
	pending := url.Values{"VerifyEnrollmentRequestId": {e.VerifyEnrollmentRequestId}, "Eci": {"05"}, "Cavv": {"x"}}
	wantCode(t, vposCall(t, bank, provisionFields(c, "f-pending", pending)), "1126")
	if n := bank.Ledger().Bookings(); n != 0 {
		t.Fatalf("forged callbacks booked %d", n)
	}
	// The genuine one still works once, even under 20 concurrent provisions.
	var wg sync.WaitGroup
	codes := make(chan string, 20)
	for range 20 {
		wg.Go(func() {
			r := vposCall(t, bank, provisionFields(c, "f-real", ok))
			codes <- r.ResultCode
		})
	}
	wg.Wait()
	close(codes)
	approved := 0
	for code := range codes {
		if code == "0000" {
			approved++
		}
	}
	if approved != 1 || bank.Ledger().Bookings() != 1 {
		t.Errorf("approved %d, bookings %d, want 1", approved, bank.Ledger().Bookings())
	}
	fields := bank.UnsignedCallbackFields()
	for k := range ok {
		found := false
		for _, f := range fields {
			found = found || f == k
		}
		if !found {
			t.Errorf("UnsignedCallbackFields lacks %s", k)
		}
	}
}

func TestEnrollmentRefusals(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().ThreeD
	for _, tc := range []struct {
		field, value, code string
	}{
		{"MerchantId", "000000000999999", "2005"},
		{"MerchantPassword", "wrong", "2005"},
		{"Currency", "1", "1077"},
		{"PurchaseAmount", "1,00", "1047"},
		{"Pan", "4000009999000007", "1051"},
		{"ExpiryDate", "3013", "1052"},
		{"BrandName", "200", "1100"},
		{"InstallmentCount", "20", "1060"},
		{"VerifyEnrollmentRequestId", "", "1114"},
		{"SuccessUrl", "/relative", "0030"},
	} {
		f := enrollForm(c, "e-"+tc.field, "1.00", card)
		f.Set(tc.field, tc.value)
		e := enroll(t, bank, f)
		if e.Message.VERes.Status != "E" || e.MessageErrorCode != tc.code || e.ErrorMessage == "" {
			t.Errorf("%s=%q: %+v", tc.field, tc.value, e)
		}
	}
	enroll(t, bank, enrollForm(c, "dup", "1.00", card))
	if e := enroll(t, bank, enrollForm(c, "dup", "1.00", card)); e.MessageErrorCode != "1128" {
		t.Errorf("duplicate id: %+v", e)
	}
	// The documented worked example's fields, with the fake's password and card.
	f := enrollForm(c, "rand123", "100.00", card)
	f.Set("InstallmentCount", "2")
	if e := enroll(t, bank, f); e.Message.VERes.Status != "Y" || e.VerifyEnrollmentRequestId != "rand123" ||
		!strings.HasSuffix(e.Message.VERes.TermUrl, "/MPIAPI/TermUrl.aspx") || e.Message.VERes.MD == "" || e.Message.VERes.PaReq == "" {
		t.Errorf("enrolled: %+v", e)
	}
	// The ACS refuses a form whose TermUrl was changed.
	e := enroll(t, bank, enrollForm(c, "term", "1.00", card))
	form := acsForm(e)
	form.Fields.Set("TermUrl", "https://evil.example/term")
	if _, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess); err == nil {
		t.Error("ACS accepted a changed TermUrl")
	}
}
