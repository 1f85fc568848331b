package payfor

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// FuzzParseReply feeds the reply parsers arbitrary bodies, seeded with
// every reply of testdata/replies (payfor.md §12): they must never panic;
// every error wraps errMalformed; a payment reply they accept carries a
// ProcReturnCode and its Result is approved exactly on 00; an inquiry
// Result that is approved is a payment record in a booked state.
func FuzzParseReply(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "replies"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		f.Add(sample(f, e.Name()))
	}
	for _, s := range []string{"", "<PayforResponse/>", "<TxnHistoryReport/>", "<html>error</html>", "ProcReturnCode=00;;"} {
		f.Add([]byte(s))
	}
	p := newMockBank(f, testConfig(), func(string) (int, []byte) { return 500, nil }).p
	f.Fuzz(func(t *testing.T, body []byte) {
		if r, err := parseReply(body); err != nil {
			if !errors.Is(err, errMalformed) {
				t.Fatalf("error %v does not wrap errMalformed", err)
			}
		} else {
			if err := checkPayment(r, "O1"); err == nil {
				if r.get("ProcReturnCode") == "" {
					t.Fatalf("accepted a reply without ProcReturnCode")
				}
				res := p.result(vpos.OpSale, "O1", r)
				if res.Approved != (r.get("ProcReturnCode") == "00") {
					t.Fatalf("Approved = %v for ProcReturnCode %q", res.Approved, r.get("ProcReturnCode"))
				}
			} else if !errors.Is(err, errMalformed) {
				t.Fatalf("checkPayment error %v does not wrap errMalformed", err)
			}
			res, err := p.statusResult("O1", vpos.TRY, r)
			switch {
			case err != nil:
				if !errors.Is(err, errMalformed) {
					t.Fatalf("statusResult error %v does not wrap errMalformed", err)
				}
			case res.Approved && (r.get("ProcReturnCode") != "00" || !paymentTxn(r.get("TxnType"))):
				t.Fatalf("approved status from %v", r)
			case res.Status == "" && res.Approved:
				t.Fatalf("approved without a state")
			}
		}
		if rep, err := parseHistory(body); err != nil {
			if !errors.Is(err, errMalformed) {
				t.Fatalf("history error %v does not wrap errMalformed", err)
			}
		} else {
			for _, r := range rows(rep.records, "", "") {
				if r.Status == vpos.StatusApproved && r.BankCode != "00" {
					t.Fatalf("approved history row with code %q", r.BankCode)
				}
			}
		}
	})
}

// FuzzCallback feeds ParseCallback arbitrary forms, seeded with the
// callbacks of payfor.md §12.3: it must never panic, every refusal is
// InvalidCallback, and an accepted callback carries a valid ResponseHash
// and names an order.
func FuzzCallback(f *testing.F) {
	cfg := testConfig()
	f.Add(capture3DPay().Encode())
	for _, v := range callbackVectors {
		f.Add(v.form().Encode())
	}
	f.Add(cfg.SignCallback(url.Values{"OrderId": {"O1"}, "SecureType": {"3DModel"}, "3DStatus": {"1"},
		"ProcReturnCode": {"V033"}, "RequestGuid": {"1000000081255931"}, "PurchAmount": {"1.01"}, "Currency": {"949"}}).Encode())
	f.Add("OrderId=O1&ProcReturnCode=00&3DStatus=1")
	f.Add("")
	p := newMockBank(f, cfg, func(string) (int, []byte) { return 500, nil }).p
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		cb, err := p.ParseCallback(context.Background(), form)
		if err != nil {
			if !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Fatalf("error %v is not InvalidCallback", err)
			}
			return
		}
		if cb.OrderID == "" || cfg.VerifyCallback(form) != nil {
			t.Fatalf("accepted callback %+v", cb)
		}
		if cb.Status == threed.StatusAuthenticated && cb.MDStatus != "1" {
			t.Fatalf("authenticated for 3DStatus %q", cb.MDStatus)
		}
		if (cb.Status == threed.StatusAuthenticated || form.Get("ProcReturnCode") == "00") && (cb.Amount <= 0 || cb.Currency == "") {
			t.Fatalf("a successful callback without amount or currency: %+v", cb)
		}
		_ = p.BindCallback(context.Background(), cb, &vpos.Pending3D{OrderID: cb.OrderID})
	})
}
