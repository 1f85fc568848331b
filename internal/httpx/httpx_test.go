package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fastConfig retries quickly so that tests stay short.
func fastConfig() Config {
	return Config{RetryMax: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Timeout: 5 * time.Second}
}

func newClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// refusedURL returns the URL of a loopback port nobody listens on.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/fim/api"
}

// countingServer starts a server whose handler runs after the request
// reached it; hits counts those requests.
func countingServer(t *testing.T, h func(hit int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		h(hits.Add(1), w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, &hits
}

// hijackClose reads nothing more and drops the connection.
func hijackClose(t *testing.T, w http.ResponseWriter, write string) {
	t.Helper()
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if write != "" {
		_, _ = buf.WriteString(write)
		_ = buf.Flush()
	}
	conn.Close()
}

func post(url string, idempotent bool) *Request {
	return &Request{
		Method:     http.MethodPost,
		URL:        url,
		Header:     http.Header{"Content-Type": {"text/xml"}},
		Body:       []byte("<CC5Request><OrderId>o1</OrderId></CC5Request>"),
		Idempotent: idempotent,
	}
}

func TestConnectionRefusedIsRetriedAndNotSent(t *testing.T) {
	for _, idempotent := range []bool{false, true} {
		t.Run(map[bool]string{false: "money", true: "query"}[idempotent], func(t *testing.T) {
			c := newClient(t, fastConfig())
			resp, err := c.Do(context.Background(), post(refusedURL(t)+"?password=hunter2", idempotent))
			if resp != nil {
				t.Errorf("got response %+v, want nil", resp)
			}
			if !errors.Is(err, ErrNotSent) || Sent(err) {
				t.Fatalf("got error %v (Sent=%v), want ErrNotSent", err, Sent(err))
			}
			if got, want := Attempts(err), 3; got != want {
				t.Errorf("got %d attempts, want %d", got, want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("got error %q with the query string, want it left out", err)
			}
		})
	}
}

func TestNegativeRetryMaxMeansOneAttempt(t *testing.T) {
	cfg := fastConfig()
	cfg.RetryMax = -1
	c := newClient(t, cfg)
	_, err := c.Do(context.Background(), post(refusedURL(t), true))
	if got := Attempts(err); got != 1 {
		t.Errorf("got %d attempts, want 1 (error %v)", got, err)
	}
}

// TestAfterSendFailures is the heart of the policy: once the request may
// have reached the bank, a money-moving request is never sent again, while a
// query is retried.
func TestAfterSendFailures(t *testing.T) {
	tests := []struct {
		name    string
		handler func(t *testing.T, hit int32, w http.ResponseWriter, r *http.Request)
		timeout time.Duration
		// checks on the error of the non-idempotent request
		wantStatus  int // 0: no response expected
		wantTimeout bool
	}{
		{
			name: "server reads the request then closes the connection",
			handler: func(t *testing.T, _ int32, w http.ResponseWriter, _ *http.Request) {
				hijackClose(t, w, "")
			},
		},
		{
			name: "server resets the connection",
			handler: func(t *testing.T, _ int32, w http.ResponseWriter, _ *http.Request) {
				conn, _, err := http.NewResponseController(w).Hijack()
				if err != nil {
					t.Errorf("hijack: %v", err)
					return
				}
				_ = conn.(*net.TCPConn).SetLinger(0)
				conn.Close()
			},
		},
		{
			name: "server hangs past the attempt timeout",
			handler: func(_ *testing.T, _ int32, _ http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			},
			timeout:     150 * time.Millisecond,
			wantTimeout: true,
		},
		{
			name: "server answers 500",
			handler: func(_ *testing.T, _ int32, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = io.WriteString(w, "oops")
			},
			wantStatus: http.StatusInternalServerError,
		},
		{
			name: "server answers 503",
			handler: func(_ *testing.T, _ int32, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusServiceUnavailable)
			},
			wantStatus: http.StatusServiceUnavailable,
		},
		{
			name: "server answers garbage",
			handler: func(t *testing.T, _ int32, w http.ResponseWriter, _ *http.Request) {
				hijackClose(t, w, "garbage\r\n\r\n")
			},
		},
		{
			name: "server cuts the body short",
			handler: func(t *testing.T, _ int32, w http.ResponseWriter, _ *http.Request) {
				hijackClose(t, w, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<CC5Response>")
			},
		},
	}
	for _, tt := range tests {
		for _, idempotent := range []bool{false, true} {
			kind := map[bool]string{false: "money", true: "query"}[idempotent]
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				ts, hits := countingServer(t, func(hit int32, w http.ResponseWriter, r *http.Request) {
					tt.handler(t, hit, w, r)
				})
				cfg := fastConfig()
				if tt.timeout > 0 {
					cfg.Timeout = tt.timeout
				}
				c := newClient(t, cfg)
				resp, err := c.Do(context.Background(), post(ts.URL+"/fim/api", idempotent))
				if err == nil {
					t.Fatalf("got response %+v and no error, want an error", resp)
				}
				if !Sent(err) || errors.Is(err, ErrNotSent) {
					t.Errorf("got Sent=false for %v, want true", err)
				}
				wantHits, wantAttempts := int32(1), 1
				if idempotent {
					wantHits, wantAttempts = 3, 3
				}
				if got := hits.Load(); got != wantHits {
					t.Errorf("got %d requests at the server, want %d", got, wantHits)
				}
				if got := Attempts(err); got != wantAttempts {
					t.Errorf("got %d attempts, want %d", got, wantAttempts)
				}
				if tt.wantStatus != 0 {
					var se *StatusError
					if !errors.As(err, &se) || se.StatusCode != tt.wantStatus {
						t.Fatalf("got error %v, want *StatusError %d", err, tt.wantStatus)
					}
					if resp == nil || resp.StatusCode != tt.wantStatus || resp.Attempts != wantAttempts {
						t.Errorf("got response %+v, want status %d after %d attempts", resp, tt.wantStatus, wantAttempts)
					}
				} else if resp != nil {
					t.Errorf("got response %+v, want nil", resp)
				}
				if tt.wantTimeout {
					var ne net.Error
					if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("got error %v, want a timeout matching context.DeadlineExceeded", err)
					}
				}
			})
		}
	}
}

func TestStatus500BodyIsReturned(t *testing.T) {
	ts, _ := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	})
	c := newClient(t, fastConfig())
	resp, err := c.Do(context.Background(), post(ts.URL, false))
	var se *StatusError
	if !errors.As(err, &se) {
		t.Fatalf("got error %v, want *StatusError", err)
	}
	if string(se.Body) != "<html>bad gateway</html>" || string(resp.Body) != string(se.Body) {
		t.Errorf("got bodies %q / %q, want the reply body in both", se.Body, resp.Body)
	}
	if Attempts(err) != 1 || strings.Contains(se.Error(), "bad gateway</html>") {
		t.Errorf("got attempts %d, message %q; want 1 and no body in the message", Attempts(err), se.Error())
	}
}

func TestIdempotentRecoversAfterRetry(t *testing.T) {
	tests := []struct {
		name  string
		first int
	}{
		{"500 then 200", http.StatusInternalServerError},
		{"502 then 200", http.StatusBadGateway},
		{"429 then 200", http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, hits := countingServer(t, func(hit int32, w http.ResponseWriter, _ *http.Request) {
				if hit == 1 {
					w.Header().Set("Retry-After", "0")
					w.WriteHeader(tt.first)
					return
				}
				_, _ = io.WriteString(w, "<CC5Response><ProcReturnCode>00</ProcReturnCode></CC5Response>")
			})
			c := newClient(t, fastConfig())
			resp, err := c.Do(context.Background(), post(ts.URL, true))
			if err != nil {
				t.Fatalf("got error %v, want success", err)
			}
			if resp.StatusCode != http.StatusOK || resp.Attempts != 2 || hits.Load() != 2 {
				t.Errorf("got status %d after %d attempts (%d hits), want 200 after 2", resp.StatusCode, resp.Attempts, hits.Load())
			}
			if !strings.Contains(string(resp.Body), "<ProcReturnCode>00</ProcReturnCode>") {
				t.Errorf("got body %q, want the second reply", resp.Body)
			}
		})
	}
}

func TestNonRetriedStatuses(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		idempotent bool
		wantErr    bool
	}{
		{"money 429 is returned", http.StatusTooManyRequests, false, false},
		{"query 501 is not retried", http.StatusNotImplemented, true, true},
		{"query 404 is returned", http.StatusNotFound, true, false},
		{"redirect is not followed", http.StatusFound, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, hits := countingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
				if tt.status == http.StatusFound {
					http.Redirect(w, r, "/elsewhere", http.StatusFound)
					return
				}
				w.WriteHeader(tt.status)
			})
			c := newClient(t, fastConfig())
			resp, err := c.Do(context.Background(), post(ts.URL, tt.idempotent))
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error=%v", err, tt.wantErr)
			}
			if resp == nil || resp.StatusCode != tt.status || hits.Load() != 1 {
				t.Errorf("got response %+v with %d hits, want status %d once", resp, hits.Load(), tt.status)
			}
		})
	}
}

// TestReusedConnectionClosedIsNotReplayed covers the keep-alive case in
// which net/http itself could resend: the server drops a pooled connection
// right after reading the next request.
func TestReusedConnectionClosedIsNotReplayed(t *testing.T) {
	var newConns atomic.Int32
	ts := httptest.NewUnstartedServer(nil)
	var hits atomic.Int32
	ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		if hits.Add(1) == 1 {
			_, _ = io.WriteString(w, "warm")
			return
		}
		hijackClose(t, w, "")
	})
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			newConns.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)

	c := newClient(t, fastConfig())
	if _, err := c.Do(context.Background(), post(ts.URL, false)); err != nil {
		t.Fatalf("warm-up: %v", err)
	}
	_, err := c.Do(context.Background(), post(ts.URL, false))
	if err == nil || !Sent(err) {
		t.Fatalf("got error %v, want a sent failure", err)
	}
	if got := hits.Load(); got != 2 {
		t.Errorf("got %d requests at the server, want 2 (warm-up + one)", got)
	}
	if got := newConns.Load(); got != 1 {
		t.Errorf("got %d connections, want 1 (the second request reused the first)", got)
	}
}

func TestConnectionReuse(t *testing.T) {
	var newConns atomic.Int32
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		_, _ = io.WriteString(w, strings.Repeat("x", 64<<10))
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			newConns.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	c := newClient(t, fastConfig())
	for i := range 5 {
		resp, err := c.Do(context.Background(), post(ts.URL, i%2 == 0))
		if err != nil || len(resp.Body) != 64<<10 {
			t.Fatalf("request %d: got %v, want a 64 KiB body", i, err)
		}
	}
	if got := newConns.Load(); got != 1 {
		t.Errorf("got %d connections for 5 sequential requests, want 1", got)
	}
}

func TestBodyTooLarge(t *testing.T) {
	ts, hits := countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		chunk := make([]byte, 1<<20)
		for range MaxBodySize/len(chunk) + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	c := newClient(t, fastConfig())
	_, err := c.Do(context.Background(), post(ts.URL, true))
	if !errors.Is(err, ErrBodyTooLarge) || !Sent(err) {
		t.Errorf("got error %v, want ErrBodyTooLarge, sent", err)
	}
	if hits.Load() != 1 {
		t.Errorf("got %d requests, want 1 (a too large body is not retried)", hits.Load())
	}
}

func TestContextCancellation(t *testing.T) {
	t.Run("while the server holds the request", func(t *testing.T) {
		ts, hits := countingServer(t, func(_ int32, _ http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		})
		c := newClient(t, fastConfig())
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := c.Do(ctx, post(ts.URL, true))
		if !errors.Is(err, context.Canceled) || !Sent(err) {
			t.Errorf("got error %v, want context.Canceled and sent", err)
		}
		if hits.Load() != 1 {
			t.Errorf("got %d requests, want 1 (no retry after cancel)", hits.Load())
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		ts, hits := countingServer(t, func(int32, http.ResponseWriter, *http.Request) {})
		c := newClient(t, fastConfig())
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Do(ctx, post(ts.URL, false))
		if !errors.Is(err, context.Canceled) || Sent(err) {
			t.Errorf("got error %v, want context.Canceled and not sent", err)
		}
		if hits.Load() != 0 {
			t.Errorf("got %d requests, want 0", hits.Load())
		}
	})
	t.Run("during backoff", func(t *testing.T) {
		cfg := fastConfig()
		cfg.RetryWaitMin, cfg.RetryWaitMax = 5*time.Second, 5*time.Second
		c := newClient(t, cfg)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.Do(ctx, post(refusedURL(t), false))
		if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrNotSent) {
			t.Errorf("got error %v, want context.Canceled and ErrNotSent", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("got Do returning after %v, want it to stop at the cancel", d)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		ts, _ := countingServer(t, func(_ int32, _ http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		})
		c := newClient(t, fastConfig())
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := c.Do(ctx, post(ts.URL, false))
		if !errors.Is(err, context.DeadlineExceeded) || !Sent(err) {
			t.Errorf("got error %v, want context.DeadlineExceeded and sent", err)
		}
	})
}

// TestTimeoutWhileConnectingIsNotSent uses a transport whose dial never
// completes: the attempt times out before any connection exists.
func TestTimeoutWhileConnectingIsNotSent(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		dials.Add(1)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-release:
			return nil, errors.New("released")
		}
	}}
	hc := &http.Client{Transport: tr}
	cfg := fastConfig()
	cfg.HTTPClient, cfg.Timeout = hc, 50*time.Millisecond
	c := newClient(t, cfg)
	_, err := c.Do(context.Background(), post("http://bank.invalid/api", false))
	if !errors.Is(err, ErrNotSent) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got error %v, want a not-sent timeout", err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("got error %v, want a net.Error timeout", err)
	}
	if got := Attempts(err); got != 3 {
		t.Errorf("got %d attempts, want 3 (a money request that never left is retried)", got)
	}
	if hc.Transport != tr {
		t.Error("got the caller's client modified, want it untouched")
	}
}

func TestValidation(t *testing.T) {
	c := newClient(t, fastConfig())
	tests := []struct {
		name    string
		req     *Request
		wantErr string
	}{
		{"nil", nil, "nil request"},
		{"relative URL", &Request{Method: "POST", URL: "/fim/api"}, "not an absolute"},
		{"ftp", &Request{Method: "POST", URL: "ftp://bank/x"}, "not an absolute"},
		{"bad URL", &Request{Method: "POST", URL: "http://[::1"}, "invalid URL"},
		{"GET for money", &Request{Method: "GET", URL: "http://127.0.0.1:1/"}, `method "GET"`},
		{"empty method for money", &Request{URL: "http://127.0.0.1:1/"}, `method "GET"`},
		{"Idempotency-Key for money", &Request{Method: "POST", URL: "http://127.0.0.1:1/",
			Header: http.Header{"Idempotency-Key": {"k"}}}, "Idempotency-Key"},
		{"X-Idempotency-Key for money", &Request{Method: "POST", URL: "http://127.0.0.1:1/",
			Header: http.Header{"X-Idempotency-Key": {"k"}}}, "X-Idempotency-Key"},
		{"negative timeout", &Request{Method: "POST", URL: "http://127.0.0.1:1/", Timeout: -1}, "negative"},
		{"bad method", &Request{Method: "PO ST", URL: "http://127.0.0.1:1/"}, "invalid method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Do(context.Background(), tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
			if Sent(err) || Attempts(err) != 0 {
				t.Errorf("got Sent=%v Attempts=%d, want a request that was never tried", Sent(err), Attempts(err))
			}
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"zero config", Config{}, ""},
		{"source IP with own client", Config{HTTPClient: &http.Client{}, SourceIP: "127.0.0.1"}, "cannot be combined"},
		{"bogus source IP", Config{SourceIP: "bank.example"}, `"bank.example"`},
		{"negative timeout", Config{Timeout: -time.Second}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				if c.rc.Logger != nil || c.timeout != DefaultTimeout || c.rc.RetryMax != DefaultRetryMax ||
					c.rc.RetryWaitMin != DefaultRetryWaitMin || c.rc.RetryWaitMax != DefaultRetryWaitMax {
					t.Errorf("got logger %v timeout %v retries %d waits %v..%v, want no logger and the defaults",
						c.rc.Logger, c.timeout, c.rc.RetryMax, c.rc.RetryWaitMin, c.rc.RetryWaitMax)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewHTTPClient(t *testing.T) {
	hc, err := NewHTTPClient("")
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("got transport %T, want *http.Transport", hc.Transport)
	}
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 {
		t.Errorf("got TLS config %+v, want MinVersion TLS 1.2", tr.TLSClientConfig)
	}
	if tr.Proxy != nil || !tr.ForceAttemptHTTP2 || tr.MaxIdleConnsPerHost != 16 || tr.IdleConnTimeout != 90*time.Second {
		t.Errorf("got proxy set=%v h2=%v idle/host=%d idle=%v, want no proxy, HTTP/2, 16, 90s",
			tr.Proxy != nil, tr.ForceAttemptHTTP2, tr.MaxIdleConnsPerHost, tr.IdleConnTimeout)
	}
	for _, bogus := range []string{"999.1.1.1", "bank.example", "127.0.0.1:80"} {
		if _, err := NewHTTPClient(bogus); err == nil || !strings.Contains(err.Error(), bogus) {
			t.Errorf("NewHTTPClient(%q): got error %v, want one naming it", bogus, err)
		}
	}
}

func TestSourceIPBinding(t *testing.T) {
	var mu sync.Mutex
	var remote string
	ts := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		mu.Lock()
		remote, _, _ = net.SplitHostPort(r.RemoteAddr)
		mu.Unlock()
	}))
	t.Cleanup(ts.Close)
	for _, ip := range []string{"127.0.0.1", "127.0.0.2"} {
		t.Run(ip, func(t *testing.T) {
			if ip != "127.0.0.1" {
				ln, err := net.Listen("tcp", ip+":0")
				if err != nil {
					t.Skipf("cannot bind %s here: %v", ip, err)
				}
				ln.Close()
			}
			cfg := fastConfig()
			cfg.SourceIP = ip
			c := newClient(t, cfg)
			if _, err := c.Do(context.Background(), post(ts.URL, false)); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if remote != ip {
				t.Errorf("got the server seeing %s, want %s", remote, ip)
			}
		})
	}
	t.Run("address not on this machine is not sent", func(t *testing.T) {
		cfg := fastConfig()
		cfg.SourceIP = "192.0.2.7" // TEST-NET-1: the bind fails before any packet
		c := newClient(t, cfg)
		_, err := c.Do(context.Background(), post(ts.URL, false))
		if !errors.Is(err, ErrNotSent) {
			t.Errorf("got error %v, want ErrNotSent", err)
		}
	})
}

func TestTLS(t *testing.T) {
	var proto atomic.Int32
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(int32(r.ProtoMajor))
		_, _ = io.WriteString(w, "ok")
	})
	trusting := func(t *testing.T, ts *httptest.Server) Config {
		t.Helper()
		hc, err := NewHTTPClient("")
		if err != nil {
			t.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AddCert(ts.Certificate())
		hc.Transport.(*http.Transport).TLSClientConfig.RootCAs = pool
		cfg := fastConfig()
		cfg.HTTPClient = hc
		return cfg
	}

	t.Run("HTTP/2 over TLS", func(t *testing.T) {
		ts := httptest.NewUnstartedServer(handler)
		ts.EnableHTTP2 = true
		ts.StartTLS()
		t.Cleanup(ts.Close)
		c := newClient(t, trusting(t, ts))
		resp, err := c.Do(context.Background(), post(ts.URL, false))
		if err != nil || string(resp.Body) != "ok" {
			t.Fatalf("got %v, want ok", err)
		}
		if proto.Load() != 2 {
			t.Errorf("got HTTP/%d, want HTTP/2", proto.Load())
		}
	})
	t.Run("server below TLS 1.2 fails the handshake, not sent", func(t *testing.T) {
		ts := httptest.NewUnstartedServer(handler)
		ts.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
		ts.Config.ErrorLog = log.New(io.Discard, "", 0)
		ts.StartTLS()
		t.Cleanup(ts.Close)
		c := newClient(t, trusting(t, ts))
		_, err := c.Do(context.Background(), post(ts.URL, false))
		if !errors.Is(err, ErrNotSent) {
			t.Errorf("got error %v, want a not-sent handshake failure", err)
		}
	})
	t.Run("untrusted certificate is not sent and not retried", func(t *testing.T) {
		ts := httptest.NewTLSServer(handler)
		t.Cleanup(ts.Close)
		c := newClient(t, fastConfig())
		_, err := c.Do(context.Background(), post(ts.URL, true))
		if !errors.Is(err, ErrNotSent) || Attempts(err) != 1 {
			t.Errorf("got error %v after %d attempts, want not sent after 1", err, Attempts(err))
		}
	})
}

func TestHeadersAndBodySent(t *testing.T) {
	got := make(chan *http.Request, 1)
	bodies := make(chan string, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- string(b)
		w.Header().Set("X-Reply", "1")
		_, _ = io.WriteString(w, "reply")
	}))
	t.Cleanup(ts.Close)
	c := newClient(t, fastConfig())
	req := post(ts.URL+"/fim/api?x=1", false)
	req.Header.Set("auth-hash", "abc")
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.Method != http.MethodPost || r.URL.Path != "/fim/api" || r.Header.Get("Content-Type") != "text/xml" || r.Header.Get("Auth-Hash") != "abc" {
		t.Errorf("got %s %s with headers %v, want POST /fim/api with the request headers", r.Method, r.URL.Path, r.Header)
	}
	if b := <-bodies; b != string(req.Body) {
		t.Errorf("got body %q, want %q", b, req.Body)
	}
	if resp.Header.Get("X-Reply") != "1" || string(resp.Body) != "reply" || resp.Duration <= 0 || resp.Attempts != 1 {
		t.Errorf("got response %+v, want the reply", resp)
	}
}

func TestBackoff(t *testing.T) {
	minW, maxW := 100*time.Millisecond, 2*time.Second
	tests := []struct {
		attempt  int
		resp     *http.Response
		lo, hi   time.Duration
		describe string
	}{
		{0, nil, 50 * time.Millisecond, 100 * time.Millisecond, "first retry"},
		{1, nil, 100 * time.Millisecond, 200 * time.Millisecond, "second retry"},
		{10, nil, time.Second, 2 * time.Second, "capped"},
		{70, nil, time.Second, 2 * time.Second, "huge attempt"},
		{0, &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"1"}}}, time.Second, time.Second, "Retry-After"},
		{0, &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"120"}}}, maxW, maxW, "Retry-After capped"},
	}
	for _, tt := range tests {
		for range 50 {
			if d := backoff(minW, maxW, tt.attempt, tt.resp); d < tt.lo || d > tt.hi {
				t.Fatalf("%s: got %v, want within [%v, %v]", tt.describe, d, tt.lo, tt.hi)
			}
		}
	}
}

// BenchmarkDo measures one non-idempotent round trip over loopback.
func BenchmarkDo(b *testing.B) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, "<CC5Response><ProcReturnCode>00</ProcReturnCode></CC5Response>")
	}))
	defer ts.Close()
	c, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.CloseIdleConnections()
	req := post(ts.URL, false)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

type recordingTransport struct {
	mu         sync.Mutex
	getBodySet []bool
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.getBodySet = append(rt.getBodySet, req.GetBody != nil)
	rt.mu.Unlock()
	_, _ = io.Copy(io.Discard, req.Body)
	req.Body.Close()
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("ok")), Header: http.Header{}, Request: req}, nil
}

// TestMoneyRequestsAreNotReplayable checks that the transport never gets a
// way to rewind the body of a money-moving request (net/http's HTTP/2 code
// resends a reset stream when it can), while queries keep it.
func TestMoneyRequestsAreNotReplayable(t *testing.T) {
	rt := &recordingTransport{}
	cfg := fastConfig()
	cfg.HTTPClient = &http.Client{Transport: rt}
	c := newClient(t, cfg)
	for _, idempotent := range []bool{false, true} {
		if _, err := c.Do(context.Background(), post("http://bank.example/api", idempotent)); err != nil {
			t.Fatal(err)
		}
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if len(rt.getBodySet) != 2 || rt.getBodySet[0] || !rt.getBodySet[1] {
		t.Errorf("got GetBody set = %v for [money, query], want [false true]", rt.getBodySet)
	}
}
