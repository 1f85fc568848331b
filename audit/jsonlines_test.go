package audit_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/audit"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines(t *testing.T) []audit.Line {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []audit.Line
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	for sc.Scan() {
		var l audit.Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	return out
}

func TestJSONLinesWithClient(t *testing.T) {
	bank := refpos.NewBank()
	defer bank.Close()
	m, pw, key := bank.Credentials()
	var buf syncBuffer
	c, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key},
		&vpos.Options{Company: "ACME", POS: "isbank-1", Hooks: []vpos.Hook{audit.NewJSONLines(&buf)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	card := bank.Cards().Approve
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "A-1", Amount: 1999, Currency: vpos.TRY, Card: card}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Sale(ctx, &vpos.SaleRequest{OrderID: "A-2", Amount: 1999, Currency: vpos.TRY, Card: bank.Cards().InsufficientFunds})
	if !errors.Is(err, vpos.ErrDeclined) {
		t.Fatalf("declined sale = %v", err)
	}
	lines := buf.lines(t)
	if len(lines) != 2 {
		t.Fatalf("lines = %d, want 2", len(lines))
	}
	tests := []struct {
		order, status, ret, code string
	}{
		{"A-1", "approved", "approved", "00"},
		{"A-2", "declined", "declined_insufficient_funds", "51"},
	}
	for i, tt := range tests {
		l := lines[i]
		if l.OrderID != tt.order || l.Status != tt.status || l.Return != tt.ret || l.BankCode != tt.code ||
			l.Company != "ACME" || l.POS != "isbank-1" || l.Bank != "refpos" || l.Op != vpos.OpSale ||
			l.HTTPStatus != 200 || l.Request == "" || l.Response == "" || l.Time.IsZero() {
			t.Errorf("line %d = %+v, want order %s status %s return %s code %s", i, l, tt.order, tt.status, tt.ret, tt.code)
		}
	}
	raw := buf.buf.String()
	for _, secret := range []string{card.Number, pw, key, `"` + card.CVV + `"`} {
		if strings.Contains(raw, secret) {
			t.Errorf("audit log contains a secret or card datum")
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestJSONLinesDefenceAndErrors(t *testing.T) {
	var buf syncBuffer
	h := audit.NewJSONLines(&buf)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A provider that forgot to redact: the hook still masks the PAN.
			h.OnExchange(context.Background(), vpos.Exchange{Time: time.Now(), Op: vpos.OpSale,
				Request: `<Number>4546711234567894</Number>`, Duration: 1500 * time.Microsecond})
		}()
	}
	wg.Wait()
	lines := buf.lines(t)
	if len(lines) != 50 {
		t.Fatalf("lines = %d, want 50 whole lines", len(lines))
	}
	if strings.Contains(buf.buf.String(), "4546711234567894") || lines[0].DurationUS != 1500 {
		t.Errorf("line = %+v: PAN must be masked, duration 1500 µs", lines[0])
	}
	var got error
	f := audit.NewJSONLines(failWriter{})
	f.OnError = func(err error) { got = err }
	f.OnExchange(context.Background(), vpos.Exchange{Op: vpos.OpStatus})
	if got == nil || got.Error() != "disk full" {
		t.Errorf("OnError got %v, want the write error", got)
	}
}
