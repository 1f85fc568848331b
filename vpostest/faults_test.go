package vpostest_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

const bankReply = `<?xml version="1.0" encoding="UTF-8"?><CC5Response><Response>Approved</Response><ProcReturnCode>00</ProcReturnCode></CC5Response>`

// fakeBank is a tiny bank: every request books a sale (order id from the
// "oid" form field) and answers bankReply.
type fakeBank struct {
	faults *vpostest.Faults
	ledger *vpostest.Ledger
	calls  atomic.Int32
	srv    *httptest.Server
}

func newFakeBank(t *testing.T) *fakeBank {
	t.Helper()
	b := &fakeBank{faults: &vpostest.Faults{}, ledger: vpostest.NewLedger(nil)}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.calls.Add(1)
		if _, err := b.ledger.Authorize(vpostest.KindSale, r.FormValue("oid"), 100, vpos.TRY, 1, testCards.Approve.Number, vpostest.OutcomeApprove); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		_, _ = io.WriteString(w, bankReply)
	})
	b.srv = httptest.NewServer(b.faults.Wrap(api))
	t.Cleanup(func() {
		b.faults.Release()
		b.srv.Close()
	})
	return b
}

// post sends a sale for order oid with client c.
func (b *fakeBank) post(c *http.Client, oid string) (*http.Response, []byte, error) {
	resp, err := c.PostForm(b.srv.URL+"/fim/api", url.Values{"oid": {oid}})
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestFaultHTTP500(t *testing.T) {
	b := newFakeBank(t)
	c := b.faults.HTTPClient()
	b.faults.Arm(vpostest.FaultHTTP500)
	resp, body, err := b.post(c, "A")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(body), "Internal Server Error") {
		t.Errorf("got %d %q, want 500 with an HTML error page", resp.StatusCode, body)
	}
	if got := b.calls.Load(); got != 0 {
		t.Errorf("the bank's handler ran %d times, want 0", got)
	}
	if got := b.ledger.Bookings(); got != 0 {
		t.Errorf("Bookings: got %d, want 0", got)
	}
	// It fires once.
	resp, body, err = b.post(c, "A")
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != bankReply {
		t.Fatalf("next request: got %v %q %v, want the normal reply", resp.StatusCode, body, err)
	}
	if got := b.faults.Requests(); got != 2 {
		t.Errorf("Requests: got %d, want 2", got)
	}
}

func TestFaultHangAfterBook(t *testing.T) {
	b := newFakeBank(t)
	c := b.faults.HTTPClient()
	c.Timeout = 300 * time.Millisecond
	b.faults.Arm(vpostest.FaultHangAfterBook)
	start := time.Now()
	resp, _, err := b.post(c, "A")
	if err == nil {
		t.Fatalf("got a reply (%d), want a timeout", resp.StatusCode)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("got %v, want a timeout", err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("the call returned after %s, want the client's timeout", d)
	}
	if got := b.ledger.Bookings(); got != 1 {
		t.Errorf("Bookings: got %d, want 1 (the bank booked before hanging)", got)
	}
	if got := b.calls.Load(); got != 1 {
		t.Errorf("the bank's handler ran %d times, want 1", got)
	}
	// It fires once; the handler stopped hanging when the client gave up.
	resp, body, err := b.post(c, "B")
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != bankReply {
		t.Fatalf("next request: got %v %q, want the normal reply", err, body)
	}
}

func TestFaultHangRelease(t *testing.T) {
	for _, tt := range []struct {
		name    string
		maxHang time.Duration
		release bool
	}{
		{"Release", time.Hour, true},
		{"MaxHang", 50 * time.Millisecond, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &vpostest.Faults{MaxHang: tt.maxHang}
			srv := httptest.NewServer(f.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, "ok")
			})))
			defer srv.Close()
			f.Arm(vpostest.FaultHangAfterBook)
			done := make(chan error, 1)
			go func() {
				resp, err := f.HTTPClient().Get(srv.URL)
				if err == nil {
					resp.Body.Close()
				}
				done <- err
			}()
			if tt.release {
				for f.Requests() == 0 {
					time.Sleep(time.Millisecond)
				}
				time.Sleep(20 * time.Millisecond)
				f.Release()
			}
			select {
			case err := <-done:
				if err == nil {
					t.Error("got a reply, want the connection aborted")
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the request still hangs")
			}
		})
	}
}

func TestFaultMalformedReply(t *testing.T) {
	b := newFakeBank(t)
	c := b.faults.HTTPClient()
	b.faults.Arm(vpostest.FaultMalformedReply)
	resp, body, err := b.post(c, "A")
	if err != nil {
		t.Fatal(err)
	}
	want := bankReply[:len(bankReply)/2] + "\x00<<"
	if resp.StatusCode != http.StatusOK || string(body) != want {
		t.Errorf("got %d %q, want 200 %q", resp.StatusCode, body, want)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/xml; charset=utf-8" {
		t.Errorf("Content-Type: got %q, want the bank's", got)
	}
	if got := b.ledger.Bookings(); got != 1 {
		t.Errorf("Bookings: got %d, want 1", got)
	}
	resp, body, err = b.post(c, "B")
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != bankReply {
		t.Fatalf("next request: got %v %q, want the normal reply", err, body)
	}
}

func TestFaultsOnePerRequest(t *testing.T) {
	b := newFakeBank(t)
	c := b.faults.HTTPClient()
	b.faults.Arm(vpostest.FaultMalformedReply)
	b.faults.Arm(vpostest.FaultHTTP500)
	b.faults.Arm(vpostest.FaultBadCallbackSignature)
	var got []int
	for _, oid := range []string{"A", "B", "C"} {
		resp, body, err := b.post(c, oid)
		if err != nil {
			t.Fatal(err)
		}
		code := resp.StatusCode
		if code == http.StatusOK && string(body) != bankReply {
			code = -1 // malformed
		}
		got = append(got, code)
	}
	if want := []int{500, -1, 200}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("got statuses %v, want %v (-1: malformed)", got, want)
	}
	if !b.faults.Take(vpostest.FaultBadCallbackSignature) {
		t.Error("Wrap consumed the callback fault")
	}
}

func TestFaultConnRefused(t *testing.T) {
	b := newFakeBank(t)
	c := b.faults.HTTPClient()
	// A first request leaves an idle keep-alive connection behind.
	if _, _, err := b.post(c, "A"); err != nil {
		t.Fatal(err)
	}
	b.faults.Arm(vpostest.FaultConnRefused)
	for i := range 3 { // the client's own retries are refused too
		_, _, err := b.post(c, "B")
		var op *net.OpError
		if !errors.As(err, &op) || op.Op != "dial" {
			t.Fatalf("attempt %d: got %v, want a *net.OpError with Op dial", i, err)
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("attempt %d: got %v, want ECONNREFUSED", i, err)
		}
	}
	if got := b.faults.Requests(); got != 1 {
		t.Errorf("Requests: got %d, want 1 (refused requests never arrive)", got)
	}
	if _, ok := b.ledger.Order("B"); ok {
		t.Error("the refused order was booked")
	}
	// A second client of the same Faults is refused as well.
	if _, _, err := b.post(b.faults.HTTPClient(), "B"); err == nil {
		t.Error("another client: got a reply, want refused")
	}
	b.faults.Arm(vpostest.FaultNone)
	resp, body, err := b.post(c, "B")
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != bankReply {
		t.Fatalf("after Arm(FaultNone): got %v %q, want the normal reply", err, body)
	}
	if got := b.faults.Requests(); got != 2 {
		t.Errorf("Requests: got %d, want 2", got)
	}
}

func TestFaultConnRefusedTLS(t *testing.T) {
	f := &vpostest.Faults{}
	srv := httptest.NewTLSServer(f.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	})))
	defer srv.Close()
	c := &http.Client{Transport: f.RoundTripper(srv.Client().Transport.(*http.Transport))}
	get := func() error {
		t.Helper()
		resp, err := c.Get(srv.URL)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if body, _ := io.ReadAll(resp.Body); string(body) != "ok" {
			t.Errorf("got %q, want ok", body)
		}
		return nil
	}
	if err := get(); err != nil {
		t.Fatalf("TLS request: %v", err)
	}
	f.Arm(vpostest.FaultConnRefused)
	if err := get(); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("armed: got %v, want ECONNREFUSED", err)
	}
	f.Arm(vpostest.FaultNone)
	if err := get(); err != nil {
		t.Errorf("disarmed: %v", err)
	}
}

func TestFaultsArmTake(t *testing.T) {
	var f vpostest.Faults // the zero value is ready
	if f.Take(vpostest.FaultBadCallbackSignature) {
		t.Error("Take on nothing armed: got true")
	}
	f.Arm(vpostest.FaultBadCallbackSignature)
	f.Arm(vpostest.FaultConnRefused)
	if !f.Armed(vpostest.FaultBadCallbackSignature) {
		t.Error("Armed: got false, want true")
	}
	if !f.Take(vpostest.FaultBadCallbackSignature) {
		t.Error("first Take: got false, want true")
	}
	if f.Take(vpostest.FaultBadCallbackSignature) {
		t.Error("second Take: got true, want false")
	}
	f.Arm(vpostest.FaultHTTP500)
	f.Arm(vpostest.FaultNone)
	for _, fault := range []vpostest.Fault{vpostest.FaultConnRefused, vpostest.FaultHTTP500} {
		if f.Armed(fault) {
			t.Errorf("%s: still armed after Arm(FaultNone)", fault)
		}
	}
	if got := f.Requests(); got != 0 {
		t.Errorf("Requests: got %d, want 0", got)
	}
	f.Release() // nothing hangs: no-op
}
