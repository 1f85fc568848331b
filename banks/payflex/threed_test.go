package payflex

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// sampleCallback is payflex.md §10.4's success callback for order, with a
// VerifyEnrollmentRequestId p issued for it.
func sampleCallback(t testing.TB, p *Provider, order string) url.Values {
	t.Helper()
	id, err := p.cfg.newVerifyID(order)
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{
		"MerchantId": {p.cfg.MerchantID}, "Pan": {"493846******4205"}, "Expiry": {"2411"},
		"PurchAmount": {"101"}, "PurchCurrency": {"949"}, "VerifyEnrollmentRequestId": {id},
		"Xid": {"ondg8d9t5besgt88sk8h"}, "SessionInfo": {order}, "Status": {"Y"},
		"Cavv": {"ABIBCBgAAAEnAAABAQAAAAAAAAA="}, "Eci": {"05"}, "ExpSign": {""}, "InstallmentCount": {""},
		"SubMerchantNo": {""}, "SubMerchantName": {""}, "SubMerchantNumber": {""}, "ErrorCode": {""}, "ErrorMessage": {""},
	}
}

func TestParseCallback(t *testing.T) {
	p := testProvider(t)
	cb, err := p.ParseCallback(context.Background(), sampleCallback(t, p, "order-1"))
	if err != nil {
		t.Fatal(err)
	}
	if cb.OrderID != "order-1" || cb.Amount != 101 || cb.Currency != vpos.TRY || cb.Model != threed.Model3D ||
		cb.Status != threed.StatusAuthenticated || cb.MDStatus != "Y" || cb.ECI != "05" || !cb.MerchantProvisions {
		t.Errorf("callback = %+v", cb)
	}
	for st, want := range map[string]threed.Status{"A": threed.StatusAttempted, "N": threed.StatusFailed, "U": threed.StatusError, "E": threed.StatusError} {
		f := sampleCallback(t, p, "order-1")
		f.Set("Status", st)
		f.Set("ErrorCode", "1105")
		f.Set("ErrorMessage", "Üye isyeri IP si sistemde tanimli degil")
		cb, err := p.ParseCallback(context.Background(), f)
		if err != nil || cb.Status != want || cb.Message != "1105 Üye isyeri IP si sistemde tanimli degil" {
			t.Errorf("Status %s: %+v, %v; want %s", st, cb, err, want)
		}
	}
}

func TestParseCallbackRefuses(t *testing.T) {
	p := testProvider(t)
	other, _ := p.cfg.newVerifyID("order-2")
	cases := map[string]func(url.Values){
		"no SessionInfo":          func(f url.Values) { f.Del("SessionInfo") },
		"other order":             func(f url.Values) { f.Set("SessionInfo", "order-2") },
		"no Status":               func(f url.Values) { f.Del("Status") },
		"bad Status":              func(f url.Values) { f.Set("Status", "X") },
		"two Status":              func(f url.Values) { f.Add("Status", "Y") },
		"no verify id":            func(f url.Values) { f.Del("VerifyEnrollmentRequestId") },
		"other order's verify id": func(f url.Values) { f.Set("VerifyEnrollmentRequestId", other) },
		"made-up verify id":       func(f url.Values) { f.Set("VerifyEnrollmentRequestId", "ce06048a3e9c0cd1d437803fb38b5ad0") },
		"other merchant":          func(f url.Values) { f.Set("MerchantId", "000000000222222") },
		"bad amount":              func(f url.Values) { f.Set("PurchAmount", "1.01") },
		"zero amount":             func(f url.Values) { f.Set("PurchAmount", "0") },
		"bad currency":            func(f url.Values) { f.Set("PurchCurrency", "999") },
	}
	for name, edit := range cases {
		f := sampleCallback(t, p, "order-1")
		edit(f)
		if _, err := p.ParseCallback(context.Background(), f); !errors.Is(err, vpos.ErrInvalidCallback) {
			t.Errorf("%s: err = %v, want ErrInvalidCallback", name, err)
		}
	}
}
