package payfortest_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/vpostest"
)

func TestFaults(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	send := func(ctx context.Context, order string) (int, string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, bank.APIURL(),
			strings.NewReader(payforXML(sale(c, "Auth", order, "1.00", bank.Cards().Approve))))
		req.Header.Set("Content-Type", "text/xml; charset=UTF-8")
		resp, err := bank.HTTPClient().Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	tests := []struct {
		name   string
		fault  vpostest.Fault
		order  string
		booked bool
		check  func(t *testing.T, status int, body string, err error)
	}{
		{"HTTP500", vpostest.FaultHTTP500, "F-500", false, func(t *testing.T, status int, _ string, err error) {
			if err != nil || status != 500 {
				t.Errorf("status %d, %v", status, err)
			}
		}},
		{"Malformed", vpostest.FaultMalformedReply, "F-MAL", true, func(t *testing.T, status int, body string, err error) {
			if err != nil || status != 200 || !strings.HasSuffix(body, "\x00<<") {
				t.Errorf("status %d body %q, %v", status, body, err)
			}
		}},
		{"Hang", vpostest.FaultHangAfterBook, "F-HANG", true, func(t *testing.T, _ int, _ string, err error) {
			if err == nil {
				t.Errorf("hang answered")
			}
		}},
		{"ConnRefused", vpostest.FaultConnRefused, "F-REF", false, func(t *testing.T, _ int, _ string, err error) {
			var op *net.OpError
			if !errors.As(err, &op) || op.Op != "dial" {
				t.Errorf("conn refused: %v", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bank.Faults().Arm(tc.fault)
			defer bank.Faults().Arm(vpostest.FaultNone)
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			status, body, err := send(ctx, tc.order)
			tc.check(t, status, body, err)
			if _, ok := bank.Ledger().Order(tc.order); ok != tc.booked {
				t.Errorf("booked %v, want %v", ok, tc.booked)
			}
		})
	}
	// Every endpoint is wrapped.
	for _, u := range []string{bank.APIURL(), bank.FormAPIURL(), bank.Gate3DURL(), bank.HostedGate3DURL(), bank.URL() + "/Gateway/FakeACS.aspx"} {
		bank.Faults().Arm(vpostest.FaultHTTP500)
		resp, err := bank.HTTPClient().Post(u, "application/x-www-form-urlencoded", strings.NewReader(""))
		if err != nil || resp.StatusCode != 500 {
			t.Errorf("%s: %v %v", u, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
}

// TestFaultDuringThreeD checks that a 500 on the gate books nothing.
func TestFaultDuringThreeD(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	bank.Faults().Arm(vpostest.FaultHTTP500)
	if _, err := bank.ACS(context.Background(), gateForm(bank, "3DPay", "Auth", "FT-1", "1.00", bank.Cards().ThreeD), vpostest.ACSSuccess); err == nil {
		t.Errorf("ACS through a 500 gate succeeded")
	}
	if bank.Ledger().Bookings() != 0 {
		t.Errorf("booked")
	}
}
