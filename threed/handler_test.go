package threed_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos/threed"
)

// outcome is what onDone received.
type outcome struct {
	called bool
	result string
	err    error
}

// recorder builds a handler whose complete echoes the values it got and
// whose onDone records what it received and answers 200 or the
// CallbackError's status.
type recorder struct {
	mu        sync.Mutex
	completes int
	got       url.Values
	done      outcome
}

func (rc *recorder) complete(_ context.Context, form url.Values) (string, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.completes++
	rc.got = form
	return "result:" + form.Get("oid"), nil
}

func (rc *recorder) onDone(w http.ResponseWriter, _ *http.Request, result string, err error) {
	rc.mu.Lock()
	rc.done = outcome{true, result, err}
	rc.mu.Unlock()
	var ce *threed.CallbackError
	if errors.As(err, &ce) {
		http.Error(w, "bad callback", ce.Status)
		return
	}
	fmt.Fprint(w, "done")
}

func multipartBody(t *testing.T, fields url.Values, file bool) (body *bytes.Buffer, contentType string) {
	t.Helper()
	body = new(bytes.Buffer)
	mw := multipart.NewWriter(body)
	for _, kv := range wantFields(fields) {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if file {
		fw, err := mw.CreateFormFile("upload", "x.txt")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprint(fw, "file content")
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return body, mw.FormDataContentType()
}

func TestHandler(t *testing.T) {
	callback := url.Values{
		"oid": {"ORDER-1"}, "mdStatus": {"1"}, "HASH": {"e5KcIY797JNvjrkWjZSfHOa+690="},
		"md": {"435508:86D9:4122:##700655000200"}, "BillToName": {"Çağrı Şahin"},
		"multi": {"1", "2"}, "empty": {""},
	}
	mpBody, mpType := multipartBody(t, callback, false)
	mpFileBody, mpFileType := multipartBody(t, callback, true)

	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		body        string
		want        url.Values // nil: complete must not be called
		wantStatus  int
	}{
		{
			name: "post urlencoded", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded", body: callback.Encode(),
			want: callback, wantStatus: 200,
		},
		{
			name: "post urlencoded with charset", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded; charset=ISO-8859-9", body: callback.Encode(),
			want: callback, wantStatus: 200,
		},
		{
			name: "post without content type", method: "POST", target: "/cb",
			body: callback.Encode(), want: callback, wantStatus: 200,
		},
		{
			name: "post multipart", method: "POST", target: "/cb",
			contentType: mpType, body: mpBody.String(), want: callback, wantStatus: 200,
		},
		{
			name: "post multipart with a file part", method: "POST", target: "/cb",
			contentType: mpFileType, body: mpFileBody.String(), want: callback, wantStatus: 200,
		},
		{
			name: "get query", method: "GET", target: "/cb?" + callback.Encode(),
			want: callback, wantStatus: 200,
		},
		{
			name: "get ignores a body", method: "GET", target: "/cb?oid=Q",
			contentType: "application/x-www-form-urlencoded", body: "oid=B",
			want: url.Values{"oid": {"Q"}}, wantStatus: 200,
		},
		{
			name: "post body wins over query", method: "POST", target: "/cb?company=42&oid=Q",
			contentType: "application/x-www-form-urlencoded", body: "oid=B&mdStatus=1",
			want: url.Values{"oid": {"B"}, "mdStatus": {"1"}}, wantStatus: 200,
		},
		{
			name: "post empty body falls back to query", method: "POST", target: "/cb?oid=Q&mdStatus=1",
			contentType: "application/x-www-form-urlencoded",
			want:        url.Values{"oid": {"Q"}, "mdStatus": {"1"}}, wantStatus: 200,
		},
		{
			name: "post valueless body falls back to query", method: "POST", target: "/cb?oid=Q",
			contentType: "application/x-www-form-urlencoded", body: "&&",
			want: url.Values{"oid": {"Q"}}, wantStatus: 200,
		},
		{
			name: "post empty body of another type falls back to query", method: "POST", target: "/cb?oid=Q",
			contentType: "text/plain", want: url.Values{"oid": {"Q"}}, wantStatus: 200,
		},
		{
			name: "iso-8859-9 bytes kept", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded", body: "oid=1&name=%DD%F0%FE%FC",
			want: url.Values{"oid": {"1"}, "name": {"\xdd\xf0\xfe\xfc"}}, wantStatus: 200,
		},
		{
			name: "plus and escapes decoded", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded", body: "oid=1&hash=ab%2Bcd%3D&msg=a+b",
			want: url.Values{"oid": {"1"}, "hash": {"ab+cd="}, "msg": {"a b"}}, wantStatus: 200,
		},
		{
			name: "malformed body", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded", body: "oid=1&x=%zz", wantStatus: 400,
		},
		{
			name: "semicolon separator", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded", body: "oid=1;x=2", wantStatus: 400,
		},
		{
			name: "malformed query", method: "GET", target: "/cb?oid=%zz", wantStatus: 400,
		},
		{
			name: "empty get", method: "GET", target: "/cb", wantStatus: 400,
		},
		{
			name: "empty post", method: "POST", target: "/cb",
			contentType: "application/x-www-form-urlencoded", wantStatus: 400,
		},
		{
			name: "json body", method: "POST", target: "/cb?oid=Q",
			contentType: "application/json", body: `{"oid":"1"}`, wantStatus: 415,
		},
		{
			name: "malformed content type", method: "POST", target: "/cb",
			contentType: "multipart/", body: "x", wantStatus: 415,
		},
		{
			name: "multipart without boundary", method: "POST", target: "/cb",
			contentType: "multipart/form-data", body: mpBody.String(), wantStatus: 400,
		},
		{
			name: "multipart with wrong boundary", method: "POST", target: "/cb",
			contentType: "multipart/form-data; boundary=nope", body: mpBody.String(), wantStatus: 400,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &recorder{}
			h := threed.NewHandler(rc.complete, rc.onDone)
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req := httptest.NewRequest(tt.method, tt.target, body)
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			if rec.Code != tt.wantStatus {
				t.Errorf("got status %d, want %d (body %q)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if !rc.done.called {
				t.Fatalf("onDone was not called, want it called")
			}
			if tt.want == nil {
				if rc.completes != 0 {
					t.Errorf("complete called %d times, want 0", rc.completes)
				}
				if !errors.Is(rc.done.err, threed.ErrBadCallback) {
					t.Errorf("onDone got error %v, want ErrBadCallback", rc.done.err)
				}
				var ce *threed.CallbackError
				if !errors.As(rc.done.err, &ce) || ce.Status != tt.wantStatus {
					t.Errorf("onDone got error %#v, want *CallbackError with Status %d", rc.done.err, tt.wantStatus)
				}
				if rc.done.result != "" {
					t.Errorf("onDone got result %q, want the zero value", rc.done.result)
				}
				if strings.Contains(rc.done.err.Error(), "%zz") || strings.Contains(rc.done.err.Error(), "oid") {
					t.Errorf("error %q quotes request bytes, want none", rc.done.err)
				}
				return
			}
			if rc.completes != 1 {
				t.Fatalf("complete called %d times, want 1", rc.completes)
			}
			if !reflect.DeepEqual(rc.got, tt.want) {
				t.Errorf("complete got %q, want %q", rc.got, tt.want)
			}
			if rc.done.err != nil {
				t.Errorf("onDone got error %v, want nil", rc.done.err)
			}
			if want := "result:" + tt.want.Get("oid"); rc.done.result != want {
				t.Errorf("onDone got result %q, want %q", rc.done.result, want)
			}
		})
	}
}

func TestHandlerMethodNotAllowed(t *testing.T) {
	for _, method := range []string{"PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT"} {
		t.Run(method, func(t *testing.T) {
			rc := &recorder{}
			h := threed.NewHandler(rc.complete, rc.onDone)
			req := httptest.NewRequest(method, "/cb?oid=1&mdStatus=1", strings.NewReader("oid=1"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusMethodNotAllowed {
				t.Errorf("got status %d, want 405", rec.Code)
			}
			if got, want := rec.Header().Get("Allow"), "GET, POST"; got != want {
				t.Errorf("got Allow %q, want %q", got, want)
			}
			if rc.completes != 0 || rc.done.called {
				t.Errorf("got %d complete calls and onDone called %v, want neither", rc.completes, rc.done.called)
			}
		})
	}
}

func TestHandlerBodyLimit(t *testing.T) {
	big := url.Values{"oid": {"1"}, "pad": {strings.Repeat("x", threed.DefaultMaxBodyBytes)}}
	small := url.Values{"oid": {"1"}, "pad": {strings.Repeat("x", 1000)}}
	mpBig, mpBigType := multipartBody(t, big, false)

	tests := []struct {
		name        string
		max         int64
		contentType string
		body        string
		chunked     bool
		wantStatus  int
	}{
		{"default limit, urlencoded over", 0, "application/x-www-form-urlencoded", big.Encode(), false, 413},
		{"default limit, urlencoded over, chunked", 0, "application/x-www-form-urlencoded", big.Encode(), true, 413},
		{"default limit, multipart over", 0, mpBigType, mpBig.String(), false, 413},
		{"default limit, multipart over, chunked", 0, mpBigType, mpBig.String(), true, 413},
		{"default limit, under", 0, "application/x-www-form-urlencoded", small.Encode(), false, 200},
		{"negative means default", -1, "application/x-www-form-urlencoded", small.Encode(), false, 200},
		{"small limit, over", 512, "application/x-www-form-urlencoded", small.Encode(), false, 413},
		{"raised limit, under", 1 << 20, "application/x-www-form-urlencoded", big.Encode(), false, 200},
		{"raised limit, multipart under", 1 << 20, mpBigType, mpBig.String(), false, 200},
		{"exact limit", int64(len(small.Encode())), "application/x-www-form-urlencoded", small.Encode(), false, 200},
		{"one byte over", int64(len(small.Encode())) - 1, "application/x-www-form-urlencoded", small.Encode(), false, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &recorder{}
			h := &threed.Handler[string]{Complete: rc.complete, OnDone: rc.onDone, MaxBodyBytes: tt.max}
			req := httptest.NewRequest("POST", "/cb", strings.NewReader(tt.body))
			if tt.chunked {
				req.ContentLength = -1
			}
			req.Header.Set("Content-Type", tt.contentType)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("got status %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantStatus == 200 {
				if rc.completes != 1 || rc.done.err != nil {
					t.Errorf("got %d complete calls, onDone error %v; want 1, nil", rc.completes, rc.done.err)
				}
				return
			}
			if rc.completes != 0 {
				t.Errorf("complete called %d times, want 0", rc.completes)
			}
			var mbe *http.MaxBytesError
			if !errors.As(rc.done.err, &mbe) {
				t.Errorf("onDone got error %v, want one wrapping *http.MaxBytesError", rc.done.err)
			}
			if !errors.Is(rc.done.err, threed.ErrBadCallback) {
				t.Errorf("onDone got error %v, want ErrBadCallback", rc.done.err)
			}
		})
	}
}

func TestHandlerPassesResultAndError(t *testing.T) {
	errDeclined := errors.New("vpos: declined")
	type result struct{ OrderID, Code string }
	tests := []struct {
		name       string
		res        *result
		err        error
		wantStatus int
	}{
		{"approved", &result{"ORDER-1", "00"}, nil, 200},
		{"declined with result", &result{"ORDER-1", "51"}, errDeclined, 402},
		{"refused without result", nil, errDeclined, 402},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotRes *result
			var gotErr error
			complete := func(context.Context, url.Values) (*result, error) { return tt.res, tt.err }
			onDone := func(w http.ResponseWriter, _ *http.Request, res *result, err error) {
				gotRes, gotErr = res, err
				if err != nil {
					w.WriteHeader(http.StatusPaymentRequired)
				}
			}
			srv := httptest.NewServer(threed.NewHandler(complete, onDone))
			defer srv.Close()
			res, err := http.PostForm(srv.URL+"/cb", url.Values{"oid": {"ORDER-1"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.wantStatus {
				t.Errorf("got status %d, want %d", res.StatusCode, tt.wantStatus)
			}
			if gotRes != tt.res {
				t.Errorf("onDone got result %+v, want %+v", gotRes, tt.res)
			}
			if !errors.Is(gotErr, tt.err) || (tt.err == nil) != (gotErr == nil) {
				t.Errorf("onDone got error %v, want %v", gotErr, tt.err)
			}
		})
	}
}

type ctxKey struct{}

func TestHandlerContext(t *testing.T) {
	for _, detach := range []bool{false, true} {
		t.Run(fmt.Sprintf("detach=%v", detach), func(t *testing.T) {
			var gotValue any
			var gotErr error
			complete := func(ctx context.Context, _ url.Values) (string, error) {
				gotValue = ctx.Value(ctxKey{})
				gotErr = ctx.Err()
				return "", nil
			}
			h := &threed.Handler[string]{
				Complete:      complete,
				OnDone:        func(http.ResponseWriter, *http.Request, string, error) {},
				DetachContext: detach,
			}
			ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
			cancel() // the shopper went away
			req := httptest.NewRequestWithContext(ctx, "GET", "/cb?oid=1", nil)
			h.ServeHTTP(httptest.NewRecorder(), req)
			if gotValue != "v" {
				t.Errorf("complete got context value %v, want %q", gotValue, "v")
			}
			if want := error(context.Canceled); detach {
				if gotErr != nil {
					t.Errorf("complete got ctx.Err() %v, want nil", gotErr)
				}
			} else if gotErr != want {
				t.Errorf("complete got ctx.Err() %v, want %v", gotErr, want)
			}
		})
	}
}

func TestHandlerUnconfigured(t *testing.T) {
	var nilHandler *threed.Handler[string]
	rc := &recorder{}
	for name, h := range map[string]http.Handler{
		"nil":         nilHandler,
		"no complete": &threed.Handler[string]{OnDone: rc.onDone},
		"no onDone":   &threed.Handler[string]{Complete: rc.complete},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/cb?oid=1", nil))
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: got status %d, want 500", name, rec.Code)
		}
	}
	if rc.completes != 0 || rc.done.called {
		t.Errorf("got %d complete calls and onDone called %v, want neither", rc.completes, rc.done.called)
	}
}

func TestNewHandlerPanicsOnNil(t *testing.T) {
	rc := &recorder{}
	tests := []struct {
		name     string
		complete func(context.Context, url.Values) (string, error)
		onDone   func(http.ResponseWriter, *http.Request, string, error)
	}{
		{"nil complete", nil, rc.onDone},
		{"nil onDone", rc.complete, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("NewHandler did not panic, want a panic")
				}
			}()
			threed.NewHandler(tt.complete, tt.onDone)
		})
	}
}

func TestNewHandlerType(t *testing.T) {
	rc := &recorder{}
	h, ok := threed.NewHandler(rc.complete, rc.onDone).(*threed.Handler[string])
	if !ok {
		t.Fatalf("NewHandler returned %T, want *threed.Handler[string]", h)
	}
	if h.MaxBodyBytes != 0 || h.DetachContext {
		t.Errorf("got MaxBodyBytes %d, DetachContext %v; want defaults 0, false", h.MaxBodyBytes, h.DetachContext)
	}
}

func TestCallbackError(t *testing.T) {
	cause := errors.New("cause")
	err := error(&threed.CallbackError{Status: 400, Reason: "malformed form body", Err: cause})
	if got, want := err.Error(), "threed: bad callback: malformed form body"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !errors.Is(err, threed.ErrBadCallback) {
		t.Errorf("errors.Is(err, ErrBadCallback) = false, want true")
	}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(err, cause) = false, want true")
	}
	if wrapped := fmt.Errorf("shop: %w", err); !errors.Is(wrapped, threed.ErrBadCallback) {
		t.Errorf("errors.Is(wrapped, ErrBadCallback) = false, want true")
	}
}

// TestHandlerConcurrent runs many callbacks through one handler over a real
// server; each must get its own values and result (run with -race).
func TestHandlerConcurrent(t *testing.T) {
	var calls atomic.Int64
	complete := func(_ context.Context, form url.Values) (string, error) {
		calls.Add(1)
		oid := form.Get("oid")
		if oid == "" {
			return "", errors.New("no oid")
		}
		return "paid:" + oid, nil
	}
	onDone := func(w http.ResponseWriter, _ *http.Request, result string, err error) {
		if err != nil {
			http.Error(w, "failed", http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, result)
	}
	srv := httptest.NewServer(&threed.Handler[string]{Complete: complete, OnDone: onDone, MaxBodyBytes: 4096})
	defer srv.Close()

	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			oid := fmt.Sprintf("ORDER-%03d", i)
			var res *http.Response
			var err error
			switch i % 3 {
			case 0:
				res, err = http.PostForm(srv.URL, url.Values{"oid": {oid}, "mdStatus": {"1"}})
			case 1:
				res, err = http.Get(srv.URL + "?oid=" + oid)
			default:
				body, ct := multipartBodyNoT(url.Values{"oid": {oid}})
				res, err = http.Post(srv.URL, ct, body)
			}
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if got, want := string(b), "paid:"+oid; res.StatusCode != 200 || got != want {
				errs <- fmt.Errorf("request %d: got %d %q, want 200 %q", i, res.StatusCode, got, want)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := calls.Load(); got != n {
		t.Errorf("complete called %d times, want %d", got, n)
	}
}

// multipartBodyNoT is multipartBody for goroutines (no *testing.T).
func multipartBodyNoT(fields url.Values) (*bytes.Buffer, string) {
	body := new(bytes.Buffer)
	mw := multipart.NewWriter(body)
	for _, kv := range wantFields(fields) {
		_ = mw.WriteField(kv[0], kv[1])
	}
	_ = mw.Close()
	return body, mw.FormDataContentType()
}

// FuzzHandler feeds arbitrary requests to the handler: it must not panic,
// must call onDone exactly once, and must call complete only with values.
func FuzzHandler(f *testing.F) {
	f.Add("POST", "application/x-www-form-urlencoded", "oid=1&mdStatus=1", "a=b")
	f.Add("POST", "multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"oid\"\r\n\r\n1\r\n--X--\r\n", "")
	f.Add("GET", "", "", "oid=1&x=%zz")
	f.Add("POST", "text/plain", "oid=1", "oid=2")
	f.Add("POST", "", "%DD%F0=%FE", "")
	f.Fuzz(func(t *testing.T, method, contentType, body, query string) {
		if method != "GET" && method != "POST" {
			method = "POST"
		}
		var completes, dones int
		complete := func(_ context.Context, form url.Values) (int, error) {
			completes++
			if len(form) == 0 {
				t.Errorf("complete called with no values")
			}
			return len(form), nil
		}
		onDone := func(_ http.ResponseWriter, _ *http.Request, n int, err error) {
			dones++
			if err != nil && !errors.Is(err, threed.ErrBadCallback) {
				t.Errorf("onDone got error %v, want nil or ErrBadCallback", err)
			}
		}
		h := &threed.Handler[int]{Complete: complete, OnDone: onDone, MaxBodyBytes: 1024}
		req := httptest.NewRequest(method, "/cb", strings.NewReader(body))
		req.URL.RawQuery = query
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if dones != 1 || completes > 1 {
			t.Errorf("got %d onDone and %d complete calls, want 1 and at most 1", dones, completes)
		}
	})
}
