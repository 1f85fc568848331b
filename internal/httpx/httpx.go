package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults applied by New to zero Config fields.
const (
	// DefaultTimeout bounds each attempt when neither Config nor Request
	// sets a timeout.
	DefaultTimeout = 30 * time.Second
	// DefaultRetryMax is the number of extra attempts when Config.RetryMax
	// is 0.
	DefaultRetryMax = 2
	// DefaultRetryWaitMin is the first backoff step.
	DefaultRetryWaitMin = 100 * time.Millisecond
	// DefaultRetryWaitMax caps the backoff (and a server's Retry-After).
	DefaultRetryWaitMax = 2 * time.Second
)

// MaxBodySize is the largest response body Do reads; a larger one fails with
// ErrBodyTooLarge.
const MaxBodySize = 8 << 20

// ErrNotSent is matched (errors.Is) by the error of a Do whose request
// provably never left: every attempt failed before a connection was handed to
// it (DNS failure, dial error, connection refused, TLS handshake failure,
// timeout or cancellation while connecting), or the request was rejected
// before any attempt. Such a request may be sent again safely.
var ErrNotSent = errors.New("httpx: request not sent")

// ErrBodyTooLarge is matched by the error of a Do whose response body
// exceeds MaxBodySize.
var ErrBodyTooLarge = errors.New("httpx: response body too large")

// Sent reports whether the request behind err may have reached the server:
// false only when errors.Is(err, ErrNotSent). It is true for a nil error.
func Sent(err error) bool {
	return !errors.Is(err, ErrNotSent)
}

// Attempts reports how many attempts the Do that returned err made (0 when
// err did not come from Do or Do rejected the request before trying).
func Attempts(err error) int {
	var de *doError
	if errors.As(err, &de) {
		return de.attempts
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.attempts
	}
	return 0
}

// Config configures a Client. The zero value is usable.
type Config struct {
	// HTTPClient sends the requests; nil means NewHTTPClient(SourceIP). A
	// caller-supplied client is not modified (Do uses a shallow copy with a
	// wrapping transport); with a nil Transport it uses
	// http.DefaultTransport, proxy environment and all.
	HTTPClient *http.Client
	// SourceIP binds outgoing connections of the default client to a local
	// address. It cannot be combined with HTTPClient.
	SourceIP string
	// Timeout bounds each attempt (connect, request, reply, body); 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// RetryMax is the number of extra attempts after the first; 0 means
	// DefaultRetryMax and a negative value means none.
	RetryMax int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts (each wait is jittered between half and all of its step);
	// 0 means DefaultRetryWaitMin / DefaultRetryWaitMax.
	RetryWaitMin, RetryWaitMax time.Duration
}

// Client sends requests with the payments-safe retry policy described in the
// package documentation. It is safe for concurrent use.
type Client struct {
	rc      *retryablehttp.Client
	base    http.RoundTripper
	timeout time.Duration
}

// New returns a Client for cfg, applying the documented defaults.
func New(cfg Config) (*Client, error) {
	if cfg.Timeout < 0 || cfg.RetryWaitMin < 0 || cfg.RetryWaitMax < 0 {
		return nil, errors.New("httpx: negative Timeout, RetryWaitMin or RetryWaitMax")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		var err error
		if hc, err = NewHTTPClient(cfg.SourceIP); err != nil {
			return nil, err
		}
	} else if cfg.SourceIP != "" {
		return nil, errors.New("httpx: SourceIP cannot be combined with HTTPClient (bind the source address in its transport)")
	}
	timeout := cmpOr(cfg.Timeout, DefaultTimeout)
	retryMax := cfg.RetryMax
	switch {
	case retryMax == 0:
		retryMax = DefaultRetryMax
	case retryMax < 0:
		retryMax = 0
	}
	waitMin := cmpOr(cfg.RetryWaitMin, DefaultRetryWaitMin)
	waitMax := max(cmpOr(cfg.RetryWaitMax, DefaultRetryWaitMax), waitMin)

	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	wrapped := *hc
	wrapped.Transport = &attemptTransport{base: base}
	return &Client{
		rc: &retryablehttp.Client{
			HTTPClient:     &wrapped,
			Logger:         nil, // never log: bodies and URLs stay out of logs
			RetryWaitMin:   waitMin,
			RetryWaitMax:   waitMax,
			RetryMax:       retryMax,
			RequestLogHook: onAttempt,
			CheckRetry:     checkRetry,
			Backoff:        backoff,
			ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		},
		base:    base,
		timeout: timeout,
	}, nil
}

func cmpOr(d, dflt time.Duration) time.Duration {
	if d == 0 {
		return dflt
	}
	return d
}

// CloseIdleConnections closes the idle keep-alive connections of the
// underlying transport.
func (c *Client) CloseIdleConnections() {
	if ci, ok := c.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// Request is one call to a bank.
type Request struct {
	// Method is the HTTP method; "" means GET, as in net/http. Non-idempotent
	// requests must use a method net/http never replays (POST, PUT, ...).
	Method string
	// URL is the absolute http or https URL.
	URL string
	// Header is sent as given. Non-idempotent requests must not carry
	// Idempotency-Key or X-Idempotency-Key: net/http would replay them.
	Header http.Header
	// Body is sent as given; nil or empty sends no body.
	Body []byte
	// Idempotent marks a request that may safely reach the bank more than
	// once (status and history queries). It is false for money-moving calls.
	Idempotent bool
	// Timeout bounds each attempt; 0 means the Client's Timeout.
	Timeout time.Duration
}

// Response is the bank's reply, read completely.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Attempts is how many attempts Do made, the last one being this reply.
	Attempts int
	// Duration is the wall time Do took, backoff included.
	Duration time.Duration
	// LocalAddr is the local address ("ip:port") of the connection the
	// reply came on: the source IP the bank saw.
	LocalAddr string
}

// StatusError is returned, together with the *Response, for an HTTP status
// of 500 or more. The request did reach the server (Sent reports true).
type StatusError struct {
	StatusCode int
	Body       []byte

	attempts int
}

// Error returns the status; the body is left out of the message on purpose.
func (e *StatusError) Error() string {
	return fmt.Sprintf("httpx: HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

// Do sends r, retrying as the package documentation describes, and returns
// the reply read in full. See Response and StatusError for what an HTTP
// status yields; every other failure is an error that Sent, Attempts and
// errors.Is (ErrNotSent, context.Canceled, context.DeadlineExceeded,
// ErrBodyTooLarge) classify.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	start := time.Now()
	if err := c.validate(r); err != nil {
		return nil, &doError{err: err, notSent: true}
	}
	timeout := r.Timeout
	if timeout == 0 {
		timeout = c.timeout
	}
	st := &callState{idempotent: r.Idempotent, timeout: timeout, retryMax: c.rc.RetryMax}
	st.trace = &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if info.Conn != nil {
				st.localAddr.Store(info.Conn.LocalAddr().String())
			}
			st.markSent()
		},
		WroteHeaders:         func() { st.markSent() },
		WroteRequest:         func(httptrace.WroteRequestInfo) { st.markSent() },
		GotFirstResponseByte: func() { st.markSent() },
	}

	var body any
	if len(r.Body) > 0 {
		body = r.Body
	}
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, stateKey{}, st), r.Method, r.URL, body)
	if err != nil {
		return nil, &doError{err: fmt.Errorf("httpx: %w", err), notSent: true}
	}
	for k, vs := range r.Header {
		req.Header[k] = slices.Clone(vs)
	}
	req.SetResponseHandler(func(resp *http.Response) error {
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodySize+1))
		if err != nil {
			return fmt.Errorf("httpx: reading response body: %w", err)
		}
		if len(b) > MaxBodySize {
			return fmt.Errorf("%w (more than %d bytes)", ErrBodyTooLarge, MaxBodySize)
		}
		st.body = b
		return nil
	})

	resp, err := c.rc.Do(req)
	attempts := int(st.attempts.Load())
	if err != nil {
		return nil, fail(ctx, st, err, attempts)
	}
	out := &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       st.body,
		Attempts:   attempts,
		Duration:   time.Since(start),
	}
	if a, ok := st.localAddr.Load().(string); ok {
		out.LocalAddr = a
	}
	if resp.StatusCode >= 500 {
		return out, &StatusError{StatusCode: resp.StatusCode, Body: st.body, attempts: attempts}
	}
	return out, nil
}

// validate rejects what cannot be sent, or could be replayed by net/http
// for a money-moving request.
func (c *Client) validate(r *Request) error {
	if r == nil {
		return errors.New("httpx: nil request")
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return fmt.Errorf("httpx: invalid URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("httpx: URL %q is not an absolute http(s) URL", redactURL(r.URL))
	}
	if r.Timeout < 0 {
		return errors.New("httpx: negative Request.Timeout")
	}
	if r.Idempotent {
		return nil
	}
	switch r.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return fmt.Errorf("httpx: method %q on a non-idempotent request: net/http may replay it", cmpOrS(r.Method, http.MethodGet))
	}
	for _, h := range []string{"Idempotency-Key", "X-Idempotency-Key"} {
		if _, ok := r.Header[h]; ok {
			return fmt.Errorf("httpx: %s header on a non-idempotent request: net/http may replay it", h)
		}
	}
	return nil
}

func cmpOrS(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

// fail turns the final error of a Do into what the caller sees.
func fail(ctx context.Context, st *callState, err error, attempts int) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redactURL(ue.URL)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w: %w", ctxErr, err)
	}
	return &doError{err: err, attempts: attempts, notSent: !st.anySent.Load()}
}

// redactURL drops the query and fragment (and any user info) of a URL for
// error messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = nil, "", "", "", false
	return u.String()
}

// doError is the error of a failed Do.
type doError struct {
	err      error
	attempts int
	notSent  bool
}

func (e *doError) Error() string {
	if e.notSent {
		if e.attempts == 0 {
			return fmt.Sprintf("httpx: request not sent: %v", e.err)
		}
		return fmt.Sprintf("httpx: request not sent after %d attempt(s): %v", e.attempts, e.err)
	}
	return fmt.Sprintf("httpx: request failed after %d attempt(s), it may have reached the server: %v", e.attempts, e.err)
}

func (e *doError) Unwrap() error { return e.err }

func (e *doError) Is(target error) bool { return e.notSent && target == ErrNotSent }

// callState is what one Do shares with its attempts through the context.
type callState struct {
	idempotent bool
	timeout    time.Duration
	retryMax   int
	trace      *httptrace.ClientTrace

	attempts    atomic.Int32
	attemptSent atomic.Bool  // the current attempt may have left
	anySent     atomic.Bool  // some attempt may have left
	body        []byte       // set by the response handler
	localAddr   atomic.Value // string: local address of the last connection
}

func (s *callState) markSent() {
	s.attemptSent.Store(true)
	s.anySent.Store(true)
}

type stateKey struct{}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(stateKey{}).(*callState)
	return st
}

// onAttempt runs before every attempt (retryablehttp's RequestLogHook; it
// gets no logger because Logger is nil).
func onAttempt(_ retryablehttp.Logger, req *http.Request, _ int) {
	if st := stateFrom(req.Context()); st != nil {
		st.attempts.Add(1)
		st.attemptSent.Store(false)
	}
}

// checkRetry is the payments-safe retry policy.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := stateFrom(ctx)
	if st == nil || ctx.Err() != nil || int(st.attempts.Load()) > st.retryMax {
		return false, nil
	}
	if err != nil {
		if !retryable(err) {
			return false, nil
		}
		if st.idempotent {
			return true, nil
		}
		return !st.attemptSent.Load(), nil
	}
	if !st.idempotent || resp == nil {
		return false, nil
	}
	return resp.StatusCode == http.StatusTooManyRequests ||
		(resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented), nil
}

// retryable reports whether another attempt could end differently.
func retryable(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
	)
	switch {
	case errors.Is(err, ErrBodyTooLarge),
		errors.As(err, &unknownAuthority), errors.As(err, &hostname),
		errors.As(err, &invalid), errors.As(err, &verification):
		return false
	}
	return true
}

// backoff waits min·2^attempt, capped at max, jittered to between half and
// all of that; a Retry-After on 429/503 is honoured up to max.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return min(d, maxWait)
		}
	}
	d := maxWait
	if attempt < 32 {
		if step := minWait << attempt; step > 0 && step < maxWait {
			d = step
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(s, 0)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// attemptTransport gives every attempt its own deadline and trace, marks
// what was sent, and keeps net/http from replaying money-moving requests.
type attemptTransport struct {
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper. It deliberately does not expose
// CloseIdleConnections: retryablehttp would otherwise drop the whole pool
// after every failed request.
func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := stateFrom(req.Context())
	if st == nil {
		return t.base.RoundTrip(req)
	}
	parent := req.Context()
	cause := &timeoutError{after: st.timeout}
	actx, cancel := context.WithTimeoutCause(parent, st.timeout, cause)
	actx = httptrace.WithClientTrace(actx, st.trace)
	areq := req.WithContext(actx)
	if !st.idempotent && areq.Body != nil && areq.Body != http.NoBody {
		// Without GetBody neither the HTTP/1 nor the HTTP/2 transport can
		// resend a body that was (possibly) written.
		areq.GetBody = nil
	}
	resp, err := t.base.RoundTrip(areq)
	if err != nil {
		if attemptTimedOut(parent, actx, cause) {
			err = cause.wrap(err)
		}
		cancel()
		return nil, err
	}
	st.markSent()
	resp.Body = &attemptBody{ReadCloser: resp.Body, parent: parent, actx: actx, cancel: cancel, cause: cause}
	return resp, nil
}

func attemptTimedOut(parent, actx context.Context, cause *timeoutError) bool {
	return parent.Err() == nil && errors.Is(context.Cause(actx), cause)
}

// attemptBody keeps the attempt's deadline running until the body is closed
// and reports a deadline hit while reading as a timeout.
type attemptBody struct {
	io.ReadCloser
	parent, actx context.Context
	cancel       context.CancelFunc
	cause        *timeoutError
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && attemptTimedOut(b.parent, b.actx, b.cause) {
		err = b.cause.wrap(err)
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// timeoutError is the error of an attempt that ran out of time. It is a
// net.Error whose Timeout is true and it matches context.DeadlineExceeded.
type timeoutError struct {
	after time.Duration
	cause error // what the transport reported, if anything
}

func (e *timeoutError) Error() string {
	if e.cause == nil {
		return fmt.Sprintf("httpx: attempt timed out after %v", e.after)
	}
	return fmt.Sprintf("httpx: attempt timed out after %v: %v", e.after, e.cause)
}

func (e *timeoutError) Timeout() bool   { return true }
func (e *timeoutError) Temporary() bool { return true }
func (e *timeoutError) Unwrap() error   { return context.DeadlineExceeded }

// wrap returns err as a timeout, unless it already is this one.
func (e *timeoutError) wrap(err error) error {
	var te *timeoutError
	if errors.As(err, &te) {
		return err
	}
	return &timeoutError{after: e.after, cause: err}
}
