package nestpaytest

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// send posts a sale through the server's fault-aware HTTP client.
func send(ctx context.Context, s *Server, order string) (*http.Response, []byte, error) {
	body := cc5(s, saleFields("Auth", order, "10.00", s.Cards().Approve)...)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.APIURL(), strings.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name     string
		fault    vpostest.Fault
		check    func(t *testing.T, resp *http.Response, body []byte, err error)
		bookings int
	}{
		{"none", vpostest.FaultNone, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("err %v", err)
			}
		}, 1},
		{"http 500", vpostest.FaultHTTP500, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusInternalServerError {
				t.Errorf("got %v %v, want 500", resp, err)
			}
		}, 0},
		{"malformed reply", vpostest.FaultMalformedReply, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("got %v %v, want 200", resp, err)
			}
			var v struct{}
			if xml.Unmarshal(body, &v) == nil {
				t.Errorf("malformed reply parses as XML: %q", body)
			}
		}, 1},
		{"hang after book", vpostest.FaultHangAfterBook, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err == nil {
				t.Errorf("got a reply, want a timeout")
			}
		}, 1},
		{"connection refused", vpostest.FaultConnRefused, func(t *testing.T, resp *http.Response, body []byte, err error) {
			var op *net.OpError
			if !errors.As(err, &op) || op.Op != "dial" {
				t.Errorf("err = %v, want a dial error", err)
			}
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			s.Faults().Arm(tc.fault)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			resp, body, err := send(ctx, s, "FAULT-1")
			tc.check(t, resp, body, err)
			if got := s.Ledger().Bookings(); got != tc.bookings {
				t.Errorf("Bookings = %d, want %d", got, tc.bookings)
			}
			wantRequests := 1
			if tc.fault == vpostest.FaultConnRefused {
				wantRequests = 0
			}
			if got := s.Faults().Requests(); got != wantRequests {
				t.Errorf("Requests = %d, want %d", got, wantRequests)
			}
			// The next request is normal again (FaultConnRefused until cleared).
			s.Faults().Arm(vpostest.FaultNone)
			if _, _, err := send(context.Background(), s, "FAULT-2"); err != nil {
				t.Errorf("request after the fault: %v", err)
			}
		})
	}
}

func TestFaultBadCallbackSignature(t *testing.T) {
	s := newTestServer(t)
	key := s.Credentials().StoreKey
	s.Faults().Arm(vpostest.FaultBadCallbackSignature)
	cb := runACS(t, s, gateForm(s, threed.Model3DPay, "BADSIG-1", "10.00", s.Cards().ThreeD), vpostest.ACSSuccess).Fields
	if cb.Get("HASH") == "" || verifyVer3(cb, key) {
		t.Errorf("callback under FaultBadCallbackSignature verifies (or has no HASH)")
	}
	cb = runACS(t, s, gateForm(s, threed.Model3DPay, "BADSIG-2", "10.00", s.Cards().ThreeD), vpostest.ACSSuccess).Fields
	if !verifyVer3(cb, key) {
		t.Errorf("the fault fired twice")
	}
	// Gate, ACS: every page request is counted.
	if got := s.Faults().Requests(); got != 4 {
		t.Errorf("Requests = %d, want 4 (two gates, two ACS answers)", got)
	}
}

func TestCloseReleasesHang(t *testing.T) {
	s := NewServer()
	s.Faults().Arm(vpostest.FaultHangAfterBook)
	done := make(chan error, 1)
	go func() {
		_, _, err := send(context.Background(), s, "HANG-1")
		done <- err
	}()
	for s.Ledger().Bookings() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("hung request got a reply")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release the hung request")
	}
	s.Close() // twice is fine
}
