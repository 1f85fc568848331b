package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/redact"
)

// JSONLines is a vpos.Hook that writes one JSON line per exchange. It is
// safe for concurrent use; each line is written with a single Write call.
type JSONLines struct {
	mu sync.Mutex
	w  io.Writer
	// OnError, if set, receives write errors (a full disk must not break
	// payments, so they are not returned to the payment path).
	OnError func(error)
}

// NewJSONLines returns a hook writing to w.
func NewJSONLines(w io.Writer) *JSONLines { return &JSONLines{w: w} }

var _ vpos.Hook = (*JSONLines)(nil)

// Line is the JSON shape of one line.
type Line struct {
	Time       time.Time `json:"time"`
	Company    string    `json:"company,omitempty"`
	POS        string    `json:"pos,omitempty"`
	Bank       string    `json:"bank,omitempty"`
	Op         vpos.Op   `json:"op"`
	OrderID    string    `json:"order_id,omitempty"`
	Status     string    `json:"status,omitempty"`
	Return     string    `json:"return,omitempty"`
	BankCode   string    `json:"bank_code,omitempty"`
	HTTPStatus int       `json:"http_status,omitempty"`
	DurationUS int64     `json:"duration_us"`
	Attempts   int       `json:"attempts,omitempty"`
	Method     string    `json:"method,omitempty"`
	URL        string    `json:"url,omitempty"`
	Error      string    `json:"error,omitempty"`
	Request    string    `json:"request,omitempty"`
	Response   string    `json:"response,omitempty"`
}

// OnExchange implements vpos.Hook.
func (h *JSONLines) OnExchange(_ context.Context, ex vpos.Exchange) {
	line := Line{
		Time: ex.Time.UTC(), Company: ex.Company, POS: ex.POS, Bank: ex.Bank, Op: ex.Op, OrderID: ex.OrderID,
		Status: string(ex.TxStatus), Return: string(ex.Return), BankCode: ex.BankCode, HTTPStatus: ex.Status,
		DurationUS: ex.Duration.Microseconds(), Attempts: ex.Attempts, Method: ex.Method,
		URL: redact.String(ex.URL), Error: redact.String(ex.Err),
		Request: redact.String(ex.Request), Response: redact.String(ex.Response),
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(line); err != nil {
		h.fail(err)
		return
	}
	h.mu.Lock()
	_, err := h.w.Write(buf.Bytes())
	h.mu.Unlock()
	if err != nil {
		h.fail(err)
	}
}

func (h *JSONLines) fail(err error) {
	if h.OnError != nil {
		h.OnError(err)
	}
}
