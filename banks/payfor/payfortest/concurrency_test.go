package payfortest_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/vpostest"
)

// code sends fields to the XML API and returns the ProcReturnCode; it is
// safe to call from any goroutine (no t.Fatal).
func code(bank *payfortest.Server, fields kv) (string, error) {
	resp, err := bank.HTTPClient().Post(bank.APIURL(), "text/xml", strings.NewReader(payforXML(fields)))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if strings.Contains(string(b), "<TxnHistoryReport") {
		return "history", nil
	}
	var r struct{ ProcReturnCode string }
	err = xml.Unmarshal(b, &r)
	return r.ProcReturnCode, err
}

// TestConcurrent runs sales, follow-ups, queries and 3-D payments in
// parallel (run with -race): every order is booked once.
func TestConcurrent(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	expect := func(fields kv, want string) {
		got, err := code(bank, fields)
		if err == nil && want != "" && got != want {
			err = fmt.Errorf("ProcReturnCode %q, want %q", got, want)
		}
		if err != nil {
			errs <- err
		}
	}
	const n = 8
	for i := range n {
		wg.Add(3)
		go func() {
			defer wg.Done()
			order := fmt.Sprintf("C-%d", i)
			expect(sale(c, "Auth", order, "10.00", bank.Cards().Approve), "00")
			expect(follow(c, "Refund", order, "1.00"), "00")
			expect(append(account(c), kv{{"SecureType", "Report"}, {"OrderId", order}, {"TxnType", "TxnHistory"}}...), "history")
		}()
		go func() {
			defer wg.Done()
			model := []string{"3DModel", "3DPay", "3DHost"}[i%3]
			cb, err := bank.ACS(context.Background(), gateForm(bank, model, "Auth", fmt.Sprintf("C3-%d", i), "5.00", bank.Cards().ThreeD), vpostest.ACSSuccess)
			if err != nil {
				errs <- err
				return
			}
			if model == "3DModel" {
				expect(modelPayment(c, cb), "00")
			}
		}()
		go func() {
			defer wg.Done()
			// The same order id from many sides: exactly one booking.
			expect(sale(c, "Auth", "C-SAME", "1.00", bank.Cards().Approve), "")
			expect(inquiry(c, "C-SAME"), "")
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := bank.Ledger().Bookings(); got != 2*n+1 {
		t.Errorf("bookings %d, want %d", got, 2*n+1)
	}
}
