package payflextest_test

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/vpostest"
)

func TestFaults(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	send := func(ctx context.Context, order string) (int, string, error) {
		form := url.Values{"prmstr": {xmlOf("VposRequest", saleFields(c, "Sale", order, "1.00", bank.Cards().Approve))}}
		req, _ := newPost(ctx, bank.VPOSURL(), form)
		resp, err := bank.HTTPClient().Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, err = copyBody(&b, resp)
		return resp.StatusCode, b.String(), err
	}
	bank.Faults().Arm(vpostest.FaultHTTP500)
	if code, _, _ := send(context.Background(), "F-500"); code != 500 {
		t.Errorf("500: status %d", code)
	}
	if _, ok := bank.Ledger().Order("F-500"); ok {
		t.Error("500 booked")
	}
	bank.Faults().Arm(vpostest.FaultMalformedReply)
	if _, body, _ := send(context.Background(), "F-MAL"); !strings.HasSuffix(body, "\x00<<") {
		t.Errorf("malformed: %q", body)
	}
	if _, ok := bank.Ledger().Order("F-MAL"); !ok {
		t.Error("malformed reply did not book")
	}
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	_, _, err := send(ctx, "F-HANG")
	cancel()
	if err == nil {
		t.Error("hang answered")
	}
	if o, ok := bank.Ledger().Order("F-HANG"); !ok || bank.Ledger().Bookings() != 2 {
		t.Errorf("hang: %+v, bookings %d", o, bank.Ledger().Bookings())
	}
	bank.Faults().Arm(vpostest.FaultConnRefused)
	_, _, err = send(context.Background(), "F-REF")
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" {
		t.Errorf("conn refused: %v", err)
	}
	bank.Faults().Arm(vpostest.FaultNone)
	if _, ok := bank.Ledger().Order("F-REF"); ok {
		t.Error("refused connection booked")
	}
	// Every endpoint is wrapped.
	bank.Faults().Arm(vpostest.FaultHTTP500)
	for _, u := range []string{bank.MPIURL(), bank.CPRegisterURL()} {
		bank.Faults().Arm(vpostest.FaultHTTP500)
		resp, err := bank.HTTPClient().PostForm(u, url.Values{})
		if err != nil || resp.StatusCode != 500 {
			t.Errorf("%s: %v %v", u, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
	_ = payflextest.DefaultCredentials()
}
