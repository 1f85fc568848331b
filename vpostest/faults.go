package vpostest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"syscall"
	"time"
)

// Fault is a failure a fake bank can simulate for the next request.
type Fault string

// The faults. FaultNone, given to Faults.Arm, clears whatever is armed.
const (
	FaultNone Fault = ""
	// FaultConnRefused: the client's connection attempts are refused
	// (ECONNREFUSED) until Arm(FaultNone); the request never leaves.
	FaultConnRefused Fault = "conn_refused"
	// FaultHangAfterBook: the bank processes (books) the request, then never
	// answers; the client times out.
	FaultHangAfterBook Fault = "hang_after_book"
	// FaultHTTP500: the bank answers 500 without processing the request.
	FaultHTTP500 Fault = "http_500"
	// FaultMalformedReply: the bank processes the request and answers 200
	// with a truncated, garbled body.
	FaultMalformedReply Fault = "malformed_reply"
	// FaultBadCallbackSignature: the next 3-D Secure callback the fake signs
	// carries a wrong signature (the fake checks it with Take).
	FaultBadCallbackSignature Fault = "bad_callback_signature"
)

// DefaultMaxHang is how long a handler hangs under FaultHangAfterBook when
// the client does not give up first and Faults.MaxHang is zero.
const DefaultMaxHang = 2 * time.Minute

// Faults arms faults and counts requests for a fake bank. Arm and Take are
// for the test and the fake; Wrap applies the request faults to the fake's
// API handler and HTTPClient the connection fault to the client's
// connections. It is safe for concurrent use; the zero value is ready.
type Faults struct {
	// MaxHang bounds how long a request hangs under FaultHangAfterBook
	// (DefaultMaxHang when zero). Set it before use.
	MaxHang time.Duration

	mu       sync.Mutex
	armed    map[Fault]bool
	requests int
	release  chan struct{} // closed by Release; nil until a handler hangs
	refused  string        // address of a closed local port, "" until needed
}

// Arm arms fault for the next request, adding to what is armed. FaultNone
// clears everything armed (and so stops FaultConnRefused).
func (f *Faults) Arm(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fault == FaultNone {
		f.armed = nil
		return
	}
	if f.armed == nil {
		f.armed = map[Fault]bool{}
	}
	f.armed[fault] = true
}

// Take reports whether fault is armed and disarms it. Fakes call
// Take(FaultBadCallbackSignature) when they sign a callback.
func (f *Faults) Take(fault Fault) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.armed[fault] {
		return false
	}
	delete(f.armed, fault)
	return true
}

// Armed reports whether fault is armed, without disarming it.
func (f *Faults) Armed(fault Fault) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.armed[fault]
}

// Requests returns the number of requests that reached Wrap's handler,
// including those a fault answered.
func (f *Faults) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Release wakes every request hanging under FaultHangAfterBook now; they
// end without a reply. Fakes call it when they close, so that closing an
// httptest.Server does not wait for a hang.
func (f *Faults) Release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.release != nil {
		close(f.release)
		f.release = nil
	}
}

// begin counts a request and takes the request fault to apply to it, if
// any (one per request: HTTP 500 first, then hang, then malformed reply).
func (f *Faults) begin() (Fault, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	for _, fault := range []Fault{FaultHTTP500, FaultHangAfterBook, FaultMalformedReply} {
		if f.armed[fault] {
			delete(f.armed, fault)
			if fault == FaultHangAfterBook && f.release == nil {
				f.release = make(chan struct{})
			}
			return fault, f.release
		}
	}
	return FaultNone, nil
}

// Wrap applies the request faults to a fake bank's API handler next. Each
// fires for one request and is then disarmed:
//
//   - FaultHTTP500: next is not called (nothing is booked); the reply is
//     500 Internal Server Error with a short HTML body.
//   - FaultHangAfterBook: next runs against a recorder, so the bank books,
//     then the handler blocks until the client gives up (the request's
//     context ends), Release is called or MaxHang passes, and aborts the
//     connection without a reply: the client sees a timeout or a reset,
//     never an answer.
//   - FaultMalformedReply: next runs against a recorder (the bank books);
//     the client gets 200 with the first half of the real body followed by
//     "\x00<<".
//
// FaultConnRefused is applied by HTTPClient's connections instead.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fault, release := f.begin()
		switch fault {
		case FaultHTTP500:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = fmt.Fprint(w, "<html><head><title>500 Internal Server Error</title></head>"+
				"<body><h1>Internal Server Error</h1><p>Sistem hatası. Lütfen daha sonra tekrar deneyiniz.</p></body></html>\n")
		case FaultHangAfterBook:
			next.ServeHTTP(httptest.NewRecorder(), r)
			wait := f.MaxHang
			if wait <= 0 {
				wait = DefaultMaxHang
			}
			timer := time.NewTimer(wait)
			defer timer.Stop()
			select {
			case <-r.Context().Done():
			case <-release:
			case <-timer.C:
			}
			// Abort the connection: the client gets no reply at all.
			panic(http.ErrAbortHandler)
		case FaultMalformedReply:
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			for k, vs := range rec.Header() {
				if k != "Content-Length" {
					w.Header()[k] = vs
				}
			}
			body := rec.Body.Bytes()
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(append(body[:len(body)/2:len(body)/2], "\x00<<"...))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// refusedAddr returns the address of a local TCP port that is closed: it
// listens on 127.0.0.1:0, notes the port and closes the listener.
func (f *Faults) refusedAddr() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refused != "" {
		return f.refused, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", err
	}
	f.refused = addr
	return addr, nil
}

// dialRefused dials the closed port and returns the genuine dial error. In
// the unlikely case that something listens there now, it closes that
// connection and returns an equivalent *net.OpError.
func (f *Faults) dialRefused(ctx context.Context, d *net.Dialer, network string) error {
	refused, err := f.refusedAddr()
	if err != nil {
		return err
	}
	conn, err := d.DialContext(ctx, network, refused)
	if err != nil {
		return err
	}
	_ = conn.Close()
	raddr, _ := net.ResolveTCPAddr("tcp", refused)
	return &net.OpError{Op: "dial", Net: network, Addr: raddr,
		Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
}

// DialTimeout is the dial timeout of the clients HTTPClient returns.
const DialTimeout = 2 * time.Second

// HTTPClient returns a new *http.Client for talking to the fake bank (see
// RoundTripper for how it applies FaultConnRefused). It has no overall
// timeout: the caller's context or Client.Timeout bounds requests.
func (f *Faults) HTTPClient() *http.Client {
	return &http.Client{Transport: f.RoundTripper(nil)}
}

// RoundTripper returns a transport over a clone of base (a new transport
// with keep-alives and a DialTimeout dialer when nil; pass an httptest TLS
// server's transport to trust its certificate) whose connections honour
// FaultConnRefused: while it is armed, every new connection dials a local
// TCP port that is certainly closed, so the caller gets a genuine
// ECONNREFUSED dial error (a *net.OpError with Op "dial", wrapped in a
// *url.Error by http.Client), and pooled keep-alive connections are not
// used either. It keeps refusing until Arm(FaultNone): a client's own
// retries of a request that never left are refused too. Otherwise it dials
// normally.
func (f *Faults) RoundTripper(base *http.Transport) http.RoundTripper {
	d := &net.Dialer{Timeout: DialTimeout, KeepAlive: 30 * time.Second}
	var t *http.Transport
	if base != nil {
		t = base.Clone()
	} else {
		t = &http.Transport{
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   100,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   5 * time.Second,
			ExpectContinueTimeout: time.Second,
		}
	}
	t.DisableKeepAlives = false
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if f.Armed(FaultConnRefused) {
			return nil, f.dialRefused(ctx, d, network)
		}
		return d.DialContext(ctx, network, addr)
	}
	return &refusingTransport{f: f, d: d, t: t}
}

// refusingTransport refuses requests while FaultConnRefused is armed, even
// when an idle keep-alive connection could carry them, and otherwise passes
// them to t.
type refusingTransport struct {
	f *Faults
	d *net.Dialer
	t *http.Transport
}

func (rt *refusingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt.f.Armed(FaultConnRefused) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, rt.f.dialRefused(req.Context(), rt.d, "tcp")
	}
	return rt.t.RoundTrip(req)
}

// CloseIdleConnections closes the idle connections of the underlying
// transport (http.Client.CloseIdleConnections calls it).
func (rt *refusingTransport) CloseIdleConnections() { rt.t.CloseIdleConnections() }
