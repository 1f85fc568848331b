package threed

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// DefaultMaxBodyBytes is the callback body limit a Handler applies when its
// MaxBodyBytes is zero or negative. Bank callbacks are a few kilobytes, even
// with a PaRes or the dozens of fields NestPay echoes.
const DefaultMaxBodyBytes = 64 << 10

// ErrBadCallback is matched (errors.Is) by every *CallbackError: the request
// to the callback URL could not be read as a form, so the completion function
// was not called.
var ErrBadCallback = errors.New("threed: bad callback")

// CallbackError describes a callback request that could not be read. Its
// message names the problem only; it never contains form values.
type CallbackError struct {
	// Status is the HTTP status a response should carry:
	// 400 Bad Request, 413 Request Entity Too Large or
	// 415 Unsupported Media Type.
	Status int
	// Reason is a short lower-case description, without values.
	Reason string
	// Err is the underlying error, if any (for example *http.MaxBytesError).
	// Its text may quote bytes of the request, so it is not part of Error.
	Err error
}

// Error returns "threed: bad callback: " followed by the reason.
func (e *CallbackError) Error() string { return ErrBadCallback.Error() + ": " + e.Reason }

// Unwrap returns the underlying error.
func (e *CallbackError) Unwrap() error { return e.Err }

// Is reports whether target is ErrBadCallback.
func (e *CallbackError) Is(target error) bool { return target == ErrBadCallback }

func badCallback(status int, reason string, err error) *CallbackError {
	return &CallbackError{Status: status, Reason: reason, Err: err}
}

// Handler is the http.Handler for the bank's 3-D Secure callback (the
// merchant's success and fail URLs). NewHandler builds one with the defaults;
// construct it directly to set MaxBodyBytes or DetachContext:
//
//	h := &threed.Handler[*vpos.Result]{
//		Complete:     client.Complete3D,
//		OnDone:       onDone,
//		MaxBodyBytes: 256 << 10,
//	}
//
// For each request Handler:
//
//   - answers any method but GET and POST with 405 Method Not Allowed
//     itself, calling neither Complete nor OnDone;
//   - reads the form: for POST the body (application/x-www-form-urlencoded,
//     multipart/form-data, or no Content-Type, read as url-encoded), at most
//     MaxBodyBytes; the query string only when the body holds no values
//     (always for GET). Body and query are never merged: banks post the
//     form, and a query on the merchant's own callback URL (say
//     "?company=42") stays readable by OnDone through r.URL;
//   - on a read error calls OnDone with the zero R and a *CallbackError
//     (errors.Is(err, ErrBadCallback)), without calling Complete; an
//     empty form is such an error;
//   - otherwise calls Complete with the request's context and the values,
//     then OnDone with what Complete returned.
//
// Values are passed on byte for byte: percent-escapes are decoded, but no
// character set is applied or checked, so callbacks posted in ISO-8859-9
// by some NestPay banks arrive intact for the caller to decode. File parts
// of a multipart body are ignored.
//
// Handler writes no response of its own except the 405 and the 500 of an
// unconfigured Handler: OnDone writes it. It logs nothing, since callback
// values carry card-related data. It is safe for concurrent use provided its
// fields are not changed while it serves.
type Handler[R any] struct {
	// Complete finishes the 3-D Secure payment from the callback values;
	// typically (*vpos.Client).Complete3D.
	Complete func(ctx context.Context, form url.Values) (R, error)
	// OnDone writes the response, given Complete's result and error, or the
	// zero R and a *CallbackError when the request could not be read.
	OnDone func(w http.ResponseWriter, r *http.Request, result R, err error)
	// MaxBodyBytes limits the request body; zero or negative means
	// DefaultMaxBodyBytes. A larger body is a *CallbackError with Status 413.
	MaxBodyBytes int64
	// DetachContext runs Complete with context.WithoutCancel(r.Context()),
	// so that a shopper closing the tab does not cancel a provision that is
	// under way. Complete keeps the request's context values, and must then
	// bound its own run time (the vpos Client's HTTP timeouts do).
	DetachContext bool
}

// NewHandler returns the http.Handler for the bank's callback: a *Handler[R]
// with complete, onDone and the default settings. It panics if complete or
// onDone is nil.
//
//	http.Handle("POST /payment/3d/callback", threed.NewHandler(client.Complete3D, onDone))
func NewHandler[R any](complete func(context.Context, url.Values) (R, error), onDone func(w http.ResponseWriter, r *http.Request, result R, err error)) http.Handler {
	if complete == nil || onDone == nil {
		panic("threed: NewHandler with a nil complete or onDone function")
	}
	return &Handler[R]{Complete: complete, OnDone: onDone}
}

// ServeHTTP handles one callback request; see Handler.
func (h *Handler[R]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if h == nil || h.Complete == nil || h.OnDone == nil {
		http.Error(w, "threed: callback handler not configured", http.StatusInternalServerError)
		return
	}
	form, err := h.readForm(w, r)
	if err != nil {
		var zero R
		h.OnDone(w, r, zero, err)
		return
	}
	ctx := r.Context()
	if h.DetachContext {
		ctx = context.WithoutCancel(ctx)
	}
	result, err := h.Complete(ctx, form)
	h.OnDone(w, r, result, err)
}

// maxBytes returns the effective body limit.
func (h *Handler[R]) maxBytes() int64 {
	if h.MaxBodyBytes > 0 {
		return h.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

// readForm returns the callback values: the body's, or the query's when the
// body holds none.
func (h *Handler[R]) readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if r.Method == http.MethodPost && r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		form, err := readBody(w, r, h.maxBytes())
		if err != nil {
			return nil, err
		}
		if len(form) > 0 {
			return form, nil
		}
	}
	form, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badCallback(http.StatusBadRequest, "malformed query string", err)
	}
	if len(form) == 0 {
		return nil, badCallback(http.StatusBadRequest, "no form values", nil)
	}
	return form, nil
}

// readBody parses a POST body of at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) (url.Values, error) {
	mediaType := "application/x-www-form-urlencoded"
	var params map[string]string
	if ct := r.Header.Get("Content-Type"); ct != "" {
		var err error
		mediaType, params, err = mime.ParseMediaType(ct)
		if err != nil {
			return nil, badCallback(http.StatusUnsupportedMediaType, "malformed content type", err)
		}
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	switch mediaType {
	case "application/x-www-form-urlencoded":
		b, err := io.ReadAll(body)
		if err != nil {
			return nil, readError(err)
		}
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, badCallback(http.StatusBadRequest, "malformed form body", err)
		}
		return form, nil
	case "multipart/form-data":
		boundary := params["boundary"]
		if boundary == "" {
			return nil, badCallback(http.StatusBadRequest, "multipart body without boundary", nil)
		}
		// The body is limited, so maxMemory = limit keeps every part in memory.
		mf, err := multipart.NewReader(body, boundary).ReadForm(limit)
		if err != nil {
			return nil, readError(err)
		}
		_ = mf.RemoveAll()
		return url.Values(mf.Value), nil
	}
	return nil, badCallback(http.StatusUnsupportedMediaType, "unsupported content type", nil)
}

// readError classifies an error met while reading the body.
func readError(err error) *CallbackError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return badCallback(http.StatusRequestEntityTooLarge, "body too large", err)
	}
	return badCallback(http.StatusBadRequest, "unreadable body", err)
}
