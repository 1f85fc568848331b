package vpos

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/sanalpos/vpos/internal/httpx"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
)

// Exchange is one request to the bank and its reply, as hooks and the
// logger see it. Bodies are redacted: no card number (beyond first 6 and
// last 4), CVV, expiry, password, key or signature.
type Exchange struct {
	Time     time.Time
	Company  string
	POS      string
	Bank     string
	Op       Op
	OrderID  string
	Method   string
	URL      string
	Status   int // HTTP status, 0 when no reply arrived
	Request  string
	Response string
	Duration time.Duration
	Attempts int
	// SourceAddr is the local address ("ip:port") the request left from:
	// what the bank saw and compares with its allow-list.
	SourceAddr string
	// Err is the transport error text, redacted ("" when a reply arrived).
	Err string
	// TxStatus, Return and BankCode are what the Client made of the reply.
	TxStatus TxStatus
	Return   returncodes.Code
	BankCode string
}

// Hook receives every exchange with a bank. It must be safe for concurrent
// use and should return quickly.
type Hook interface {
	OnExchange(ctx context.Context, ex Exchange)
}

// HookFunc adapts a function to Hook.
type HookFunc func(ctx context.Context, ex Exchange)

// OnExchange calls f.
func (f HookFunc) OnExchange(ctx context.Context, ex Exchange) { f(ctx, ex) }

// Options configures a Client and the Transport its provider uses. A nil
// *Options means all defaults.
type Options struct {
	// HTTPClient sends the requests; nil means a pooled client with TLS 1.2
	// minimum bound to SourceIP. Tests may pass one with a custom transport
	// (httpmock, fault injection).
	HTTPClient *http.Client
	// SourceIP binds outgoing connections to this local address (the static
	// IP the bank allow-lists). It cannot be combined with HTTPClient.
	SourceIP string
	// RegisteredIP is the IP the merchant registered at the bank, kept as
	// information: when the bank refuses the merchant's credentials or IP,
	// the error names it beside the address the request actually left from.
	RegisteredIP string
	// Timeout bounds one request to the bank (default 30s).
	Timeout time.Duration
	// Logger receives one record per exchange (redacted); nil discards.
	Logger *slog.Logger
	// Hooks receive every exchange (redacted).
	Hooks []Hook
	// Store records every attempt; nil means a new MemoryStore.
	Store Store
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
	// Company, POS and Bank label records, exchanges and log lines. Bank
	// defaults to the provider's protocol name.
	Company string
	POS     string
	Bank    string
	// Accept3DAttempts lets the 3d model provision after a half-secure
	// (attempt) authentication; by default only full authentication does.
	Accept3DAttempts bool
	// StatusChecks bounds the status inquiries that settle an unknown
	// outcome (default 3; negative disables them).
	StatusChecks int
	// StatusCheckDelay is the pause before each inquiry (default 1s).
	StatusCheckDelay time.Duration
	// CallbackWait bounds how long a second delivery of a 3D callback waits
	// for the first, still in progress on another server, to finish
	// (default 30s).
	CallbackWait time.Duration
}

func (o *Options) resolved() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Timeout <= 0 {
		r.Timeout = 30 * time.Second
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
	if r.Store == nil {
		r.Store = NewMemoryStore()
	}
	if r.Clock == nil {
		r.Clock = time.Now
	}
	if r.StatusChecks == 0 {
		r.StatusChecks = 3
	}
	if r.StatusCheckDelay <= 0 {
		r.StatusCheckDelay = time.Second
	}
	if r.CallbackWait <= 0 {
		r.CallbackWait = 30 * time.Second
	}
	return r
}

// BankRequest is one HTTP request a provider sends through its Transport.
type BankRequest struct {
	// Op and OrderID label the exchange; Op decides the retry policy
	// (money-moving operations are resent only when they never left).
	Op      Op
	OrderID string
	Method  string // default POST
	URL     string
	Header  http.Header
	Body    []byte
	// Format is the body format for redaction: "xml", "json", "form" or
	// "text" ("" detects it).
	Format string
	// Timeout overrides Options.Timeout for this request.
	Timeout time.Duration
}

// BankResponse is the bank's reply.
type BankResponse struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Transport is what providers use to talk to their bank: pooled HTTP with
// the payments-safe retry policy, redacted recording of every exchange for
// hooks and the logger. Build it from the same Options as the Client.
type Transport struct {
	http *httpx.Client
	o    Options
	red  *redact.Redactor
}

// NewTransport builds a Transport. secrets are literal values (passwords,
// store keys) that are masked wherever they appear in recorded traffic.
func NewTransport(opts *Options, secrets ...string) (*Transport, error) {
	o := opts.resolved()
	c, err := httpx.New(httpx.Config{HTTPClient: o.HTTPClient, SourceIP: o.SourceIP, Timeout: o.Timeout})
	if err != nil {
		return nil, &Error{Code: InvalidRequest, Field: "Options.SourceIP", Msg: "cannot bind", Err: err}
	}
	// redact.New ignores empty and very short secrets.
	return &Transport{http: c, o: o, red: redact.New(secrets...)}, nil
}

// Now returns the current time of the Options' clock.
func (t *Transport) Now() time.Time { return t.o.Clock() }

// Logger returns the Options' logger, for providers that log.
func (t *Transport) Logger() *slog.Logger { return t.o.Logger }

// Redact masks card data and this transport's secrets in a body.
func (t *Transport) Redact(format string, body []byte) string {
	return string(t.red.Body(format, body))
}

// wantBodies reports whether anyone will read the exchange's bodies: the
// hooks, or a logger at debug level. Redacting is the costliest part of an
// exchange's bookkeeping, so it is skipped when nobody reads them.
func (t *Transport) wantBodies(ctx context.Context) bool {
	return len(t.o.Hooks) > 0 || t.o.Logger.Enabled(ctx, slog.LevelDebug)
}

// Do sends r. A reply with HTTP status 500 or more is returned with an
// error; so is a transport failure (errors.Is(err, ErrNotSentBank) tells a
// request that provably never left).
func (t *Transport) Do(ctx context.Context, r *BankRequest) (*BankResponse, error) {
	method := r.Method
	if method == "" {
		method = http.MethodPost
	}
	start := time.Now()
	resp, err := t.http.Do(ctx, &httpx.Request{
		Method:     method,
		URL:        r.URL,
		Header:     r.Header,
		Body:       r.Body,
		Idempotent: !r.Op.MovesMoney(),
		Timeout:    r.Timeout,
	})
	ex := Exchange{
		Time:     t.o.Clock(),
		Company:  t.o.Company,
		POS:      t.o.POS,
		Bank:     t.o.Bank,
		Op:       r.Op,
		OrderID:  r.OrderID,
		Method:   method,
		Duration: time.Since(start),
	}
	// Redacting is the costliest bookkeeping: only done for a reader.
	if len(t.o.Hooks) > 0 || t.o.Logger.Enabled(ctx, slog.LevelInfo) {
		ex.URL = t.redactURL(r.URL)
	}
	bodies := t.wantBodies(ctx)
	if bodies {
		ex.Request = t.Redact(r.Format, r.Body)
	}
	var out *BankResponse
	if resp != nil {
		ex.Status = resp.StatusCode
		if bodies {
			ex.Response = t.Redact(r.Format, resp.Body)
		}
		ex.Attempts = resp.Attempts
		ex.SourceAddr = resp.LocalAddr
		out = &BankResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: resp.Body}
	}
	if err != nil {
		err = &transportError{err: err, msg: t.red.String(err.Error())}
		ex.Err = err.Error()
	}
	if rec := recorderFrom(ctx); rec != nil {
		rec.add(ex)
	} else {
		emit(ctx, &t.o, ex)
	}
	return out, err
}

// ErrNotSentBank matches (errors.Is) a Transport error for a request that
// provably never reached the bank (DNS, dial, connection refused).
var ErrNotSentBank = httpx.ErrNotSent

// transportError keeps the cause for errors.Is and errors.As but prints a
// redacted text (a GET URL may carry credentials).
type transportError struct {
	err error
	msg string
}

func (e *transportError) Error() string { return e.msg }
func (e *transportError) Unwrap() error { return e.err }

func (t *Transport) redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return t.red.String(raw)
	}
	if u.RawQuery == "" && u.User == nil {
		return t.red.String(raw)
	}
	if u.RawQuery != "" {
		u.RawQuery = string(t.red.Body("form", []byte(u.RawQuery)))
	}
	u.User = nil
	return t.red.String(u.String())
}

// recorder collects the exchanges of one Client call so that they can be
// reported with the outcome the Client made of them.
type recorder struct {
	mu  sync.Mutex
	exs []Exchange
}

func (r *recorder) add(ex Exchange) {
	r.mu.Lock()
	r.exs = append(r.exs, ex)
	r.mu.Unlock()
}

// sourceAddr returns the local address of the last exchange that had one.
func (r *recorder) sourceAddr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.exs) - 1; i >= 0; i-- {
		if r.exs[i].SourceAddr != "" {
			return r.exs[i].SourceAddr
		}
	}
	return ""
}

func (r *recorder) take() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	exs := r.exs
	r.exs = nil
	return exs
}

type recorderKey struct{}

func withRecorder(ctx context.Context) (context.Context, *recorder) {
	r := &recorder{}
	return context.WithValue(ctx, recorderKey{}, r), r
}

func recorderFrom(ctx context.Context) *recorder {
	r, _ := ctx.Value(recorderKey{}).(*recorder)
	return r
}

// emit hands one exchange to the hooks and the logger.
func emit(ctx context.Context, o *Options, ex Exchange) {
	for _, h := range o.Hooks {
		h.OnExchange(ctx, ex)
	}
	level := slog.LevelInfo
	if ex.Err != "" || ex.Status >= 500 {
		level = slog.LevelWarn
	}
	if !o.Logger.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("company", ex.Company), slog.String("pos", ex.POS), slog.String("bank", ex.Bank),
		slog.String("op", string(ex.Op)), slog.String("order_id", ex.OrderID),
		slog.String("url", ex.URL), slog.Int("http_status", ex.Status), slog.String("source", ex.SourceAddr),
		slog.Duration("duration", ex.Duration),
		slog.String("tx_status", string(ex.TxStatus)), slog.String("return", string(ex.Return)),
		slog.String("bank_code", ex.BankCode),
	}
	if ex.Err != "" {
		attrs = append(attrs, slog.String("error", ex.Err))
	}
	if o.Logger.Enabled(ctx, slog.LevelDebug) {
		attrs = append(attrs, slog.String("request", ex.Request), slog.String("response", ex.Response))
	}
	o.Logger.LogAttrs(ctx, level, "vpos: bank exchange", attrs...)
}

// errorText is the redacted text of err for records and events.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return redact.String(err.Error())
}
