package banks

import (
	"context"
	"net/url"
	"reflect"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// limited is a provider whose declared installment maximum is capped by a
// definition's MaxInstallments. The Client then refuses larger counts
// before any I/O. Every call goes to the wrapped provider unchanged, and
// Client.As still reaches it (As below).
type limited struct {
	p   vpos.Provider
	max int
}

// Compile-time checks: the wrapper offers every optional interface; the
// Client only calls those the wrapped provider's Features declare.
var (
	_ vpos.Provider      = (*limited)(nil)
	_ vpos.PreAuthorizer = (*limited)(nil)
	_ vpos.Reporter      = (*limited)(nil)
	_ vpos.ThreeDSecurer = (*limited)(nil)
)

func limitInstallments(p vpos.Provider, n int) vpos.Provider {
	if f := p.Features(); f.MaxInstallments > 0 && f.MaxInstallments <= n && (f.Installments || n <= 1) {
		return p
	}
	return &limited{p: p, max: n}
}

func (l *limited) Features() vpos.Features {
	f := l.p.Features()
	if f.MaxInstallments == 0 || l.max < f.MaxInstallments {
		f.MaxInstallments = l.max
	}
	if l.max <= 1 {
		f.Installments = false
	}
	return f
}

func (l *limited) Sale(ctx context.Context, r *vpos.SaleRequest) (*vpos.Result, error) {
	return l.p.Sale(ctx, r)
}

func (l *limited) Void(ctx context.Context, r *vpos.VoidRequest) (*vpos.Result, error) {
	return l.p.Void(ctx, r)
}

func (l *limited) Refund(ctx context.Context, r *vpos.RefundRequest) (*vpos.Result, error) {
	return l.p.Refund(ctx, r)
}

func (l *limited) Status(ctx context.Context, r *vpos.StatusRequest) (*vpos.Result, error) {
	return l.p.Status(ctx, r)
}

func unsupported(what string) error {
	return &vpos.Error{Code: vpos.Unsupported, Msg: what + " is not offered by this POS"}
}

func (l *limited) PreAuth(ctx context.Context, r *vpos.SaleRequest) (*vpos.Result, error) {
	if p, ok := l.p.(vpos.PreAuthorizer); ok {
		return p.PreAuth(ctx, r)
	}
	return nil, unsupported("pre-authorisation")
}

func (l *limited) Capture(ctx context.Context, r *vpos.CaptureRequest) (*vpos.Result, error) {
	if p, ok := l.p.(vpos.PreAuthorizer); ok {
		return p.Capture(ctx, r)
	}
	return nil, unsupported("capture")
}

func (l *limited) History(ctx context.Context, r *vpos.HistoryRequest) ([]vpos.BankTransaction, error) {
	if p, ok := l.p.(vpos.Reporter); ok {
		return p.History(ctx, r)
	}
	return nil, unsupported("history")
}

func (l *limited) Begin3D(ctx context.Context, r *vpos.ThreeDRequest) (*threed.Form, error) {
	if p, ok := l.p.(vpos.ThreeDSecurer); ok {
		return p.Begin3D(ctx, r)
	}
	return nil, unsupported("3-D Secure")
}

func (l *limited) ParseCallback(ctx context.Context, form url.Values) (*vpos.Callback, error) {
	if p, ok := l.p.(vpos.ThreeDSecurer); ok {
		return p.ParseCallback(ctx, form)
	}
	return nil, unsupported("3-D Secure")
}

func (l *limited) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	if p, ok := l.p.(vpos.ThreeDSecurer); ok {
		return p.Complete3D(ctx, cb, pending)
	}
	return nil, unsupported("3-D Secure")
}

// As lets Client.As reach the wrapped provider (*nestpay.Provider, ...).
func (l *limited) As(target any) bool {
	v := reflect.ValueOf(target)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	pv := reflect.ValueOf(l.p)
	if pv.Type().AssignableTo(v.Elem().Type()) {
		v.Elem().Set(pv)
		return true
	}
	if a, ok := l.p.(interface{ As(any) bool }); ok {
		return a.As(target)
	}
	return false
}
