package payflex

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// FuzzParseReply feeds the three reply parsers arbitrary bodies, seeded
// with every reply of payflex.md §10: they must never panic; a VposResponse
// they accept must carry a ResultCode, and its Result is approved exactly
// on 0000.
func FuzzParseReply(f *testing.F) {
	for _, body := range []string{
		sampleSaleApproved, sampleSaleDeclined, sampleMerchantUnknown, sampleCancelApproved, sampleCancelAgain,
		sampleRefundNothing, sampleEnrolled, sampleEnrollError, sampleSearch, sampleSearchError,
		"", "<VposResponse/>", "<html><body>Request Rejected</body></html>", `{"ResultCode":"0000"}`,
	} {
		f.Add([]byte(body))
	}
	p := testProvider(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if rep, err := parseReply(body); err != nil {
			if !errors.Is(err, errReply) {
				t.Fatalf("error %v does not wrap errReply", err)
			}
		} else {
			if rep.ResultCode == "" {
				t.Fatalf("accepted a reply without a ResultCode")
			}
			res := p.result(vpos.OpSale, "O1", rep)
			if res.Approved != (rep.ResultCode == "0000") {
				t.Fatalf("Approved = %v for ResultCode %q", res.Approved, rep.ResultCode)
			}
			echoAmount(res, rep)
		}
		if e, err := parseEnrollment(body); err == nil && e.Status == "" && e.MessageErrorCode == "" {
			t.Fatalf("accepted an enrollment reply without Status or MessageErrorCode")
		}
		if s, err := parseSearch(body); err == nil {
			if s.ResponseCode == "" {
				t.Fatalf("accepted a search reply without ResponseCode")
			}
			_ = s.original("O1")
		}
	})
}

// FuzzCallback feeds ParseCallback arbitrary forms, seeded with the
// callbacks of payflex.md §10.4: it must never panic, every refusal is
// InvalidCallback, and an accepted callback names an order whose
// VerifyEnrollmentRequestId this Config issued.
func FuzzCallback(f *testing.F) {
	p := testProvider(f)
	ok := sampleCallback(f, p, "order-1")
	f.Add(ok.Encode())
	failed := sampleCallback(f, p, "order-1")
	failed.Set("Status", "E")
	failed.Set("ErrorCode", "1105")
	f.Add(failed.Encode())
	f.Add("SessionInfo=order-1&Status=Y&Cavv=AAAA&Eci=05&VerifyEnrollmentRequestId=ce06048a3e9c0cd1d437803fb38b5ad0")
	f.Add("")
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
		if cb.OrderID == "" || !p.cfg.verifyIDFor(form.Get("VerifyEnrollmentRequestId"), cb.OrderID) || !cb.MerchantProvisions {
			t.Fatalf("accepted callback %+v", cb)
		}
		if cb.Status == threed.StatusAuthenticated && cb.MDStatus != "Y" {
			t.Fatalf("Status authenticated for %q", cb.MDStatus)
		}
	})
}
