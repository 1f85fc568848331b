package garantitest_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/vpostest"
)

// post sends a raw API request with the bank's fault-honouring client and
// a deadline.
func post(c *client, body string, timeout time.Duration) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.bank.APIURL(), strings.NewReader(body))
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp, raw, err
}

func TestFaults(t *testing.T) {
	for _, tc := range []struct {
		fault    vpostest.Fault
		booked   int
		requests int
		check    func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{vpostest.FaultHTTP500, 0, 1, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusInternalServerError {
				t.Errorf("got %v, %v; want 500", resp, err)
			}
		}},
		{vpostest.FaultHangAfterBook, 1, 1, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if err == nil {
				t.Errorf("got a reply, want a timeout or reset")
			}
		}},
		{vpostest.FaultMalformedReply, 1, 1, func(t *testing.T, resp *http.Response, body []byte, err error) {
			var r reply
			if err != nil || resp.StatusCode != http.StatusOK || xml.Unmarshal(body, &r) == nil {
				t.Errorf("got %v, %v, body parses %v; want 200 and an unparsable body", resp, err, xml.Unmarshal(body, &r) == nil)
			}
		}},
		{vpostest.FaultConnRefused, 0, 0, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("got %v, want ECONNREFUSED", err)
			}
		}},
	} {
		t.Run(string(tc.fault), func(t *testing.T) {
			c := newClient(t)
			card := c.bank.Cards().Approve
			body := c.body(&tx{typ: "sales", orderID: "F-1", amount: "1000", card: &card})
			c.bank.Faults().Arm(tc.fault)
			resp, raw, err := post(c, body, 300*time.Millisecond)
			tc.check(t, resp, raw, err)
			if got := c.bank.Ledger().Bookings(); got != tc.booked {
				t.Errorf("Bookings = %d, want %d", got, tc.booked)
			}
			if got := c.bank.Faults().Requests(); got != tc.requests {
				t.Errorf("Requests = %d, want %d", got, tc.requests)
			}
			c.bank.Faults().Arm(vpostest.FaultNone)
			// The next request is served normally; the order's state is
			// what the bank did.
			want := "00/"
			r := c.do(&tx{typ: "orderinq", orderID: "F-1"})
			if tc.booked == 0 {
				want = "92/0110"
			}
			if got := r.code(); got != want {
				t.Errorf("orderinq after the fault: got %s, want %s", got, want)
			}
		})
	}
}

// The faults apply to the gate too.
func TestFaultsOnGate(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	bank.Faults().Arm(vpostest.FaultHTTP500)
	_, err := bank.ACS(context.Background(), newForm(bank, false, "3D_PAY", "FG-1", "100", bank.Cards().ThreeD), vpostest.ACSSuccess)
	if err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("ACS with HTTP 500 armed: %v, want a 500 error", err)
	}
	if got := bank.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
}

// Close wakes a request that hangs after booking.
func TestCloseReleasesHang(t *testing.T) {
	bank := garantitest.NewServer()
	c := &client{t: t, bank: bank, http: bank.HTTPClient()}
	card := bank.Cards().Approve
	body := c.body(&tx{typ: "sales", orderID: "HANG-1", card: &card})
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	done := make(chan error, 1)
	go func() {
		_, _, err := post(c, body, time.Minute)
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for bank.Ledger().Bookings() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	bank.Close()
	if err := <-done; err == nil {
		t.Errorf("hanging request got a reply")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %s", d)
	}
}
